"""Heuristic filters on real English pages: agreement with datatrove and throughput per core.

    .venv/bin/python benchmarks/bench_filters.py [--corpus JSONL] [--every K] [--limit N]
        [--rounds 4]
        [--dt-python /work/venv-dt/bin/python] [--dump disagreements.jsonl]
    .venv/bin/python benchmarks/bench_filters.py --cjk-only

The pages are the English rows (``lang == "en"``) of the real corpus's extracted text
(``~/.cache/dataprep-corpus/extracted/web.jsonl``, built by ``benchmarks/corpus/build.py``).

1. dataprep's ``gopher_repetition``, ``gopher_quality``, ``c4`` and ``fineweb`` run with default
   settings in this process, datatrove 0.10.1's ``GopherRepetitionFilter``,
   ``GopherQualityFilter``, ``C4QualityFilter`` and ``FineWebQualityFilter`` in a worker
   process of the datatrove venv, on the same pages, in interleaved rounds (the machine's load
   hits both alike);
2. per filter: the share of identical keep/drop decisions and the disagreements by reason pair;
3. CPU seconds of each filter alone and of all four chained per document (as a pipeline runs
   them), as docs/s and MB/s of one process (= per core).

dataprep's ``c4`` runs with ``filter_bad_words=False`` and ``max_removed_ratio=None``:
datatrove's C4QualityFilter has no bad-words rule (it is a separate filter that downloads its
lists at run time) and no mostly-removed page rule (ours, not C4's).

``make_docs`` (generated web-like pages) stays here for the other benchmarks that use it;
``--cjk-only`` compares jieba with the one-word-per-character rule on the Chinese sample pages.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "filters" / "pages"
FILTERS = ("gopher_repetition", "gopher_quality", "c4", "fineweb")
CORPUS = "~/.cache/dataprep-corpus/extracted/web.jsonl"

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


def load_pages(path: str, limit: int | None = None, every: int = 1) -> list[dict]:
    """The English rows (``lang == "en"``) of an extracted corpus JSONL, in file order (every
    ``every``-th of them: a sample spread over all packages)."""
    pages = []
    with open(os.path.expanduser(path), encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("lang") == "en" and row.get("text"):
                pages.append({"id": row["id"], "text": row["text"]})
    return pages[::every][:limit]


def dataprep_filters() -> dict[str, Callable[[str], str | None]]:
    """Each filter as ``text -> drop reason | None`` with default settings for English."""
    sys.path.insert(0, str(ROOT))
    from dataprep.filters import c4_clean, fineweb, gopher_quality, gopher_repetition

    return {
        "gopher_repetition": lambda d: gopher_repetition(d, lang="en"),
        "gopher_quality": lambda d: gopher_quality(d, lang="en"),
        "c4": lambda d: c4_clean(d, lang="en", filter_bad_words=False,
                                 max_removed_ratio=None)[1],
        "fineweb": lambda d: fineweb(d, lang="en"),
    }


def datatrove_filters() -> dict[str, Callable[[str], str | None]]:
    """datatrove 0.10.1's filters, same interface (a fresh Document per call: C4 rewrites it)."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )
    from datatrove.utils.text import split_into_words

    split_into_words("warm up the spaCy tokenizer.", "en")

    def reason(flt):
        def run(text: str) -> str | None:
            result = flt.filter(Document(text=text, id="x"))
            if result is True or (isinstance(result, tuple) and result[0]):
                return None
            return result[1] if isinstance(result, tuple) else "dropped"
        return run

    return {
        "gopher_repetition": reason(GopherRepetitionFilter()),
        "gopher_quality": reason(GopherQualityFilter()),
        "c4": reason(C4QualityFilter()),
        "fineweb": reason(FineWebQualityFilter()),
    }


def run_round(fns: dict[str, Callable[[str], str | None]], texts: list[str]) -> dict:
    """Every filter alone over ``texts`` (decisions, CPU s), then all four per document in a
    chain as a pipeline runs them (datatrove shares one spaCy split per text between its
    filters through ``split_into_parts``' cache)."""
    out: dict = {"reasons": {}, "seconds": {}}
    for name, fn in fns.items():
        start = time.process_time()
        out["reasons"][name] = [fn(t) for t in texts]
        out["seconds"][name] = time.process_time() - start
    chain = list(fns.values())
    start = time.process_time()
    for text in texts:
        for fn in chain:
            fn(text)
    out["seconds"]["all four"] = time.process_time() - start
    return out


def datatrove_worker(corpus: str, limit: int | None, every: int, rounds: int) -> None:
    """Serve rounds to the parent: read a round number per stdin line, answer one JSON line."""
    texts = [p["text"] for p in load_pages(corpus, limit, every)]
    fns = datatrove_filters()
    for line in sys.stdin:
        k = int(line)
        print(json.dumps(run_round(fns, texts[k::rounds])), flush=True)


def _merge(rounds_out: list[dict], n: int, rounds: int) -> dict:
    """Put the rounds' decisions back into page order and add up their CPU seconds."""
    merged: dict = {"reasons": {}, "seconds": {}}
    for name in rounds_out[0]["reasons"]:
        reasons: list = [None] * n
        for k, out in enumerate(rounds_out):
            reasons[k::rounds] = out["reasons"][name]
        merged["reasons"][name] = reasons
    for name in rounds_out[0]["seconds"]:
        merged["seconds"][name] = sum(out["seconds"][name] for out in rounds_out)
    return merged


def report(pages: list[dict], ours: dict, theirs: dict, dump: str | None) -> None:
    n = len(pages)
    mb = sum(len(p["text"].encode()) for p in pages) / 1e6
    print(f"{n} English pages, {mb:.2f} MB (UTF-8); CPU time of one process (= per core)\n")
    print(f"{'filter':<18} {'identical':>9} {'kept ours/dt':>13} {'ours docs/s':>12} "
          f"{'ours MB/s':>10} {'dt docs/s':>10} {'dt MB/s':>8} {'speedup':>8}")
    for name in (*FILTERS, "all four"):
        t1, t2 = ours["seconds"][name], theirs["seconds"][name]
        agree = kept = ""
        if name in FILTERS:
            r1, r2 = ours["reasons"][name], theirs["reasons"][name]
            same = sum((a is None) == (b is None) for a, b in zip(r1, r2, strict=True))
            agree = f"{same / n:.2%}"
            kept = f"{sum(a is None for a in r1)}/{sum(b is None for b in r2)}"
        print(f"{name:<18} {agree:>9} {kept:>13} {n / t1:>12.0f} {mb / t1:>10.2f} "
              f"{n / t2:>10.0f} {mb / t2:>8.2f} {t2 / t1:>7.1f}x")
    rows = []
    for name in FILTERS:
        pairs = Counter()
        for page, a, b in zip(pages, ours["reasons"][name], theirs["reasons"][name],
                                 strict=True):
            if (a is None) != (b is None):
                pairs[(a or "keep", b or "keep")] += 1
                rows.append({"filter": name, "id": page["id"], "ours": a, "datatrove": b})
        for (a, b), count in pairs.most_common():
            print(f"  {name}: ours {a} / datatrove {b}: {count}")
    if dump:
        Path(dump).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def run_corpus(args: argparse.Namespace) -> None:
    pages = load_pages(args.corpus, args.limit, args.every)
    texts = [p["text"] for p in pages]
    worker = subprocess.Popen(
        [args.dt_python, __file__, "--datatrove-worker", "--corpus", args.corpus,
         "--rounds", str(args.rounds), "--every", str(args.every)]
        + (["--limit", str(args.limit)] if args.limit else []),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    fns = dataprep_filters()
    ours, theirs = [], []
    for k in range(args.rounds):  # interleaved, so that the machine's load hits both alike
        ours.append(run_round(fns, texts[k::args.rounds]))
        worker.stdin.write(f"{k}\n")
        worker.stdin.flush()
        theirs.append(json.loads(worker.stdout.readline()))
    worker.stdin.close()
    worker.wait()
    report(pages, _merge(ours, len(pages), args.rounds), _merge(theirs, len(pages), args.rounds),
           args.dump)


def compare_segmenters() -> None:
    """Chinese word splitting: jieba vs one word per character, on the zh sample pages.

    Prints the Gopher metrics each gives (FineWeb-2's zh thresholds were fit on jieba words)
    and the segmentation speed.
    """
    sys.path.insert(0, str(ROOT))
    from dataprep.filters.gopher_repetition_ngrams import dup_ngram_chars, top_ngram_chars
    from dataprep.filters.languages import thresholds
    from dataprep.filters.metrics import non_symbol_words
    from dataprep.filters.text import split_words

    split_words("预热", "zh")  # load the dictionary before timing
    limits = thresholds("gopher_repetition", "zh", {})
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
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--limit", type=int, help="only the first N English pages")
    parser.add_argument("--every", type=int, default=1, help="every N-th English page")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds")
    parser.add_argument("--dt-python", default="/work/venv-dt/bin/python")
    parser.add_argument("--dump", help="write the disagreeing pages (JSONL) here")
    parser.add_argument("--datatrove-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cjk-only", action="store_true", help="only the jieba/char comparison")
    args = parser.parse_args()
    if args.datatrove_worker:
        datatrove_worker(args.corpus, args.limit, args.every, args.rounds)
    elif args.cjk_only:
        compare_segmenters()
    else:
        run_corpus(args)


if __name__ == "__main__":
    main()
