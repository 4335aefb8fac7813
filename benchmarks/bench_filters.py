"""Heuristic filters: agreement with datatrove and throughput per core, on web-like documents.

    /work/venv/bin/python benchmarks/bench_filters.py [--docs 2000] [--dt-python PYTHON]

Generates ``--docs`` English web-like documents (seeded: articles, navigation boilerplate,
lists, repeated blocks, code, spam), adds the English sample pages of
``tests/data/filters/pages/en_*.txt`` and the English main text extracted from the sample crawl
(``sample_data/web``), then

1. runs dataprep's ``gopher_repetition``, ``gopher_quality``, ``c4`` and ``fineweb`` with default
   settings, and datatrove's ``GopherRepetitionFilter``, ``GopherQualityFilter``,
   ``C4QualityFilter`` and ``FineWebQualityFilter`` (in the datatrove venv, by re-running this
   script with ``--datatrove-worker``) on the same documents;
2. prints, per filter, the share of identical keep/drop decisions and a few disagreements;
3. prints docs/s and MB/s of each filter in one process (= per core), and of all four together
   (plus dataprep's ``residue``, which datatrove has no counterpart for);
4. compares jieba with the one-word-per-character rule on the Chinese sample pages.

dataprep's ``c4`` is run with ``filter_bad_words=False``: datatrove's C4QualityFilter has no
bad-words rule (it is a separate filter that downloads its lists at run time).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "filters" / "pages"
FILTERS = ("gopher_repetition", "gopher_quality", "c4", "fineweb")

_SUBJECTS = ["The city council", "A new study", "Our team", "The company", "Researchers",
             "The museum", "Local farmers", "The government", "Many students", "The author",
             "This recipe", "The new model", "Visitors", "The committee", "Engineers"]
_VERBS = ["announced", "found", "described", "reported", "explained", "reviewed", "proposed",
          "tested", "celebrated", "questioned", "published", "measured", "built", "shared"]
_OBJECTS = ["a plan to improve public transport", "the results of a long experiment",
            "a simple way to bake bread at home", "the history of the old harbour",
            "changes to the school schedule", "the impact of rising prices on families",
            "a method for cleaning river water", "the effects of sleep on memory",
            "an exhibition of early photographs", "the budget for next year",
            "a faster algorithm for sorting large files", "the decline of local bird species"]
_TAILS = ["after months of work", "in a report released on Monday", "with support from volunteers",
          "despite several delays", "according to officials", "at a meeting last week",
          "for the first time", "in collaboration with the university", "", "", ""]
_CONNECT = ["However,", "In addition,", "Meanwhile,", "As a result,", "For example,", "Still,", ""]
_NAV = ["Home", "About us", "Contact", "Blog", "Shop", "Login", "Register", "Search", "Menu",
        "Categories", "Archives", "Follow us", "Share", "Tweet", "Next page", "Back to top"]
_POLICY = ["This website uses cookies to improve your experience.", "Read our privacy policy.",
           "By using this site you agree to our terms of use.",
           "Please enable JavaScript to view the comments."]


def _sentence(rng: random.Random) -> str:
    s = f"{rng.choice(_CONNECT)} {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} " \
        f"{rng.choice(_OBJECTS)} {rng.choice(_TAILS)}".strip()
    s = s.replace("  ", " ")
    if rng.random() < 0.15:
        s += f", and {rng.randint(2, 999)} people took part"
    return s + rng.choice([".", ".", ".", ".", "!", "?", "...", ""])


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _article(rng: random.Random) -> list[str]:
    return [_paragraph(rng, rng.randint(1, 6)) for _ in range(rng.randint(1, 8))]


def _boilerplate(rng: random.Random) -> list[str]:
    return [rng.choice(_NAV) for _ in range(rng.randint(1, 12))]


def make_doc(rng: random.Random) -> str:
    """One web-like page: an article mixed with what extraction leaves on real pages."""
    kind = rng.random()
    blocks: list[str] = []
    if rng.random() < 0.5:
        blocks += _boilerplate(rng)
    blocks += _article(rng)
    if kind < 0.15:  # repeated blocks (templated pages, spam)
        blocks += rng.sample(blocks, k=min(len(blocks), rng.randint(1, 4))) * rng.randint(1, 3)
    elif kind < 0.25:  # a list page
        blocks += [f"{rng.choice(['-', '•', '*', ''])} {rng.choice(_OBJECTS)}"
                   for _ in range(rng.randint(3, 30))]
    elif kind < 0.30:  # policy / javascript lines
        blocks += rng.sample(_POLICY, k=rng.randint(1, 3))
    elif kind < 0.33:
        blocks.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    elif kind < 0.37:
        blocks.append("function main() { return fetch(url).then(r => r.json()); }")
    elif kind < 0.42:  # hashtags and ellipses
        blocks.append(" ".join(f"#{rng.choice(_NAV).replace(' ', '')}"
                               for _ in range(rng.randint(3, 25))))
    elif kind < 0.47:  # tables of numbers
        blocks += [" | ".join(str(rng.randint(0, 9999)) for _ in range(6))
                   for _ in range(rng.randint(2, 15))]
    elif kind < 0.50:  # one repeated phrase (n-gram spam)
        phrase = rng.choice(_OBJECTS)
        blocks.append(" ".join([phrase] * rng.randint(2, 15)))
    if rng.random() < 0.5:
        blocks += _boilerplate(rng)
    sep = rng.choice(["\n", "\n", "\n\n"])
    return sep.join(blocks)


def make_docs(n: int, seed: int = 1234, extra: list[str] = ()) -> list[str]:
    rng = random.Random(seed)
    docs = [make_doc(rng) for _ in range(n)]
    if PAGES.exists():
        docs += [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("en_*.txt"))]
    return docs + list(extra)


def sample_page_texts() -> list[str]:
    """English main text of the sample crawl's pages, extracted and language-identified as the
    pipeline does (``extract`` then ``langid``)."""
    from dataprep.extract import ExtractStage
    from dataprep.langid import LangIdStage
    from dataprep.readers import InputSpec, list_units, read_unit
    from dataprep.schema import split_dropped

    spec = InputSpec(format="warc", paths=("sample_data/web/*.warc.gz",), source="web")
    texts: list[str] = []
    for unit in list_units([spec], str(ROOT)):
        for table in read_unit(unit, spec, str(ROOT)):
            table, _ = split_dropped(table)
            table, _ = split_dropped(ExtractStage()(table))
            table = LangIdStage()(table)
            texts += [t for t, lang in zip(table.column("text").to_pylist(),
                                           table.column("lang").to_pylist(), strict=True)
                      if lang == "en"]
    return texts


def _timed(fn, docs: list[str]) -> tuple[list[bool], float]:
    start = time.process_time()
    keep = [fn(d) for d in docs]
    return keep, time.process_time() - start


def run_dataprep(docs: list[str]) -> dict[str, tuple[list[bool], float]]:
    sys.path.insert(0, str(ROOT))
    from dataprep.filters import c4_clean, fineweb, gopher_quality, gopher_repetition
    from dataprep.filters.text import _jieba

    _jieba()  # a worker loads it once; not part of per-document time
    fns = {
        "gopher_repetition": lambda d: gopher_repetition(d, lang="en") is None,
        "gopher_quality": lambda d: gopher_quality(d, lang="en") is None,
        "c4": lambda d: c4_clean(d, lang="en", filter_bad_words=False)[1] is None,
        "fineweb": lambda d: fineweb(d, lang="en") is None,
    }
    return {name: _timed(fn, docs) for name, fn in fns.items()}


def run_datatrove(docs: list[str]) -> dict[str, tuple[list[bool], float]]:
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )
    from datatrove.utils.text import split_into_words

    split_into_words("warm up the spaCy tokenizer.", "en")
    filters = {
        "gopher_repetition": GopherRepetitionFilter(),
        "gopher_quality": GopherQualityFilter(),
        "c4": C4QualityFilter(),
        "fineweb": FineWebQualityFilter(),
    }

    def keep(flt):
        def run(text: str) -> bool:
            result = flt.filter(Document(text=text, id="x"))
            return result is True or (isinstance(result, tuple) and result[0])
        return run

    return {name: _timed(keep(flt), docs) for name, flt in filters.items()}


def compare_segmenters() -> None:
    """Chinese word splitting: jieba vs one word per character, on the zh sample pages.

    Prints the Gopher metrics each gives (FineWeb-2's zh thresholds were fit on jieba words)
    and the segmentation speed.
    """
    sys.path.insert(0, str(ROOT))
    from dataprep.filters.languages import LANG_THRESHOLDS
    from dataprep.filters.metrics import dup_ngram_chars, non_symbol_words, top_ngram_chars
    from dataprep.filters.text import _jieba, split_words

    _jieba()
    limits = LANG_THRESHOLDS["zh"]["gopher_repetition"]
    top_limit = dict(limits["top_n_grams"])
    dup_limit = dict(limits["dup_n_grams"])
    print("\nChinese segmentation (FineWeb-2 zh limits: top 2/3/4-gram "
          f"{top_limit[2]}/{top_limit[3]}/{top_limit[4]}, dup 5-gram {dup_limit[5]})")
    print(f"{'page':<24} {'rule':<6} {'words':>6} {'mean len':>9} {'top2':>6} {'top3':>6} "
          f"{'top4':>6} {'dup5':>6}  over a limit")
    for page in sorted(PAGES.glob("zh_*.txt")):
        text = page.read_text(encoding="utf-8")
        for rule in ("jieba", "char"):
            words = split_words(text, "zh", segmenter=rule)
            content = non_symbol_words(words)
            tops = {n: top_ngram_chars(words, n) / len(text) for n in (2, 3, 4)}
            dup5 = dup_ngram_chars(words, 5) / len(text)
            over = [f"top_{n}" for n in tops if tops[n] > top_limit[n]]
            over += ["dup_5"] if dup5 > dup_limit[5] else []
            print(f"{page.stem:<24} {rule:<6} {len(content):>6} "
                  f"{sum(map(len, content)) / max(len(content), 1):>9.2f} "
                  f"{tops[2]:>6.3f} {tops[3]:>6.3f} {tops[4]:>6.3f} {dup5:>6.3f}  "
                  f"{' '.join(over) or '-'}")
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("zh_*.txt")))
    corpus *= 50
    for rule in ("jieba", "char"):
        start = time.process_time()
        split_words(corpus, "zh", segmenter=rule)
        elapsed = time.process_time() - start
        print(f"segmentation speed {rule:<6} {len(corpus.encode()) / elapsed / 1e6:>7.2f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--dt-python", default="/work/venv-dt/bin/python")
    parser.add_argument("--datatrove-worker", metavar="OUT", help=argparse.SUPPRESS)
    parser.add_argument("--extra", help=argparse.SUPPRESS)  # JSON list of the sample texts
    parser.add_argument("--cjk-only", action="store_true", help="only the jieba/char comparison")
    args = parser.parse_args()
    if args.cjk_only:
        compare_segmenters()
        return
    if args.datatrove_worker:
        docs = make_docs(args.docs, extra=json.loads(Path(args.extra).read_text()))
        result = run_datatrove(docs)
        Path(args.datatrove_worker).write_text(json.dumps(result))
        return

    extra = sample_page_texts()
    docs = make_docs(args.docs, extra=extra)
    mb = sum(len(d.encode()) for d in docs) / 1e6
    ours = run_dataprep(docs)
    with tempfile.TemporaryDirectory() as tmp:
        out, extra_path = os.path.join(tmp, "dt.json"), os.path.join(tmp, "extra.json")
        Path(extra_path).write_text(json.dumps(extra))
        subprocess.run([args.dt_python, __file__, "--docs", str(args.docs),
                        "--datatrove-worker", out, "--extra", extra_path], check=True)
        theirs = {k: tuple(v) for k, v in json.loads(Path(out).read_text()).items()}

    print(f"{len(docs)} documents ({len(extra)} extracted English sample pages), {mb:.2f} MB "
          "(UTF-8), one process\n")
    print(f"{'filter':<18} {'agree':>7} {'kept ours/dt':>13} "
          f"{'ours docs/s':>12} {'ours MB/s':>10} {'dt docs/s':>10} {'dt MB/s':>8} {'speedup':>8}")
    total_ours = total_dt = 0.0
    for name in FILTERS:
        (k1, t1), (k2, t2) = ours[name], theirs[name]
        total_ours += t1
        total_dt += t2
        agree = sum(a == b for a, b in zip(k1, k2, strict=True)) / len(docs)
        print(f"{name:<18} {agree:>7.2%} {sum(k1):>6}/{sum(k2):<6} {len(docs) / t1:>12.0f} "
              f"{mb / t1:>10.2f} {len(docs) / t2:>10.0f} {mb / t2:>8.2f} {t2 / t1:>7.1f}x")
    print(f"{'all four':<18} {'':>7} {'':>13} {len(docs) / total_ours:>12.0f} "
          f"{mb / total_ours:>10.2f} {len(docs) / total_dt:>10.0f} {mb / total_dt:>8.2f} "
          f"{total_dt / total_ours:>7.1f}x")
    for name in FILTERS:
        diff = [i for i, (a, b) in enumerate(zip(ours[name][0], theirs[name][0], strict=True))
                if a != b]
        if diff:
            print(f"\n{name}: {len(diff)} disagreements, e.g. documents {diff[:5]} "
                  f"(ours keep={ours[name][0][diff[0]]})")
    from dataprep.filters import residue

    _, t = _timed(lambda d: residue(d, lang="en") is None, docs)
    print(f"\nresidue (no datatrove counterpart): {len(docs) / t:.0f} docs/s, {mb / t:.2f} MB/s")
    compare_segmenters()


if __name__ == "__main__":
    main()
