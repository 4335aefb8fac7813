"""Per-language filters on real multilingual text: kept prose, dropped spam, drop reasons, speed.

    python benchmarks/bench_languages.py [--docs PATH] [--rounds 3] [--json out.json]
        [--datatrove /work/venv-dt/bin/python]
        [--c4-variants ~/.cache/dataprep-corpus/extracted/web.jsonl]

Reads the multilingual development set of the real corpus (issue 17;
``~/.cache/dataprep-corpus/multilingual/docs.jsonl``, built by ``benchmarks/corpus/build.py``:
``{"id", "lang", "package", "kind": "prose"|"spam", "text"}``, real paragraphs of translated
Debian documentation and pages made of their real navigation, link lists and repeated lines)
and runs the chain ``langid -> gopher_repetition -> gopher_quality -> c4 (no bad words) ->
fineweb`` with default settings, each filter using the language langid detected, as the
pipeline does. Prints, per language (the set's label):

* documents, langid agreement, and the share lid.176's score clears FineWeb-2's per-language
  ``language_score`` (``langid: {min_score: fineweb2}``);
* the rule set used (``dataprep.filters.languages.rule_set``);
* the share of prose each filter keeps on its own, the share the whole chain keeps, the share
  of spam the chain drops, and the most frequent first drop reasons of prose;
* filter speed per core (CPU time of the four filters over the language's documents, MB/s),
  measured in ``--rounds`` interleaved rounds over all languages, and its ratio to English.

``--c4-variants WEB_JSONL`` also runs the chain with c4's ``mostly_removed`` rule off, with it
and the terminal-punctuation rule off (as FineWeb's recipe runs C4) and with fineweb before c4,
on the set and on the English pages of the real corpus, and prints a table (the decisions are in
``docs/filters.md``).

``--datatrove PY`` also compares ``gopher_quality``'s decisions with FineWeb-2's own
implementation (datatrove's ``GopherQualityFilter`` with the same FineWeb-2 thresholds and stop
words, and datatrove's word tokenizer; ``languages_datatrove.py`` in that venv) on every
document whose detected language is the set's, English and Chinese aside (English is compared
by ``bench_filters.py``; datatrove's Chinese tokenizer in that venv is not jieba's).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from dataprep.filters.c4 import c4_clean
from dataprep.filters.fineweb import fineweb
from dataprep.filters.gopher import gopher_quality, gopher_repetition
from dataprep.filters.languages import fineweb2_config, rule_set
from dataprep.langid import FINEWEB_MIN_SCORE, detect_languages

CORPUS = Path.home() / ".cache" / "dataprep-corpus"
MIN_DOCS = 20  # the acceptance counts languages with at least this many documents


def c4_filter(text: str, *, lang: str | None) -> str | None:
    return c4_clean(text, lang=lang, filter_bad_words=False)[1]


FILTERS = {"gopher_repetition": gopher_repetition, "gopher_quality": gopher_quality,
           "c4": c4_filter, "fineweb": fineweb}


def chain(text: str, lang: str | None, *, fineweb_first: bool = False,
          **c4_options: object) -> str | None:
    """First drop reason of the default chain after langid (c4's cleaned text goes on).

    ``c4_options`` are passed to ``c4_clean`` (its defaults otherwise; ``--c4-variants``);
    ``fineweb_first`` runs fineweb before c4, on the text as the page had it.
    """
    for name in ("gopher_repetition", "gopher_quality"):
        reason = FILTERS[name](text, lang=lang)
        if reason is not None:
            return f"{name}:{reason}"
    if fineweb_first and (reason := fineweb(text, lang=lang)) is not None:
        return f"fineweb:{reason}"
    text, reason = c4_clean(text, lang=lang, filter_bad_words=False, **c4_options)
    if reason is not None:
        return f"c4:{reason}"
    reason = None if fineweb_first else fineweb(text, lang=lang)
    return None if reason is None else f"fineweb:{reason}"


# c4's terminal-punctuation and mostly-removed rules and the place of fineweb, as
# ``--c4-variants`` compares them.
C4_VARIANTS = {
    "c4 default (terminal punct on, mostly_removed 0.75), fineweb after c4": {},
    "c4 mostly_removed off, fineweb after c4": {"max_removed_ratio": None},
    "c4 terminal punct and mostly_removed off (FineWeb's recipe), fineweb after c4":
        {"filter_no_terminal_punct": False, "max_removed_ratio": None},
    "c4 default, fineweb before c4": {"fineweb_first": True},
}


def c4_variants(rows: list[dict], english: list[str]) -> list[str]:
    """Per variant: multilingual prose kept / spam dropped (languages with >= MIN_DOCS
    documents), the languages under 0.9, and the share of real English pages kept."""
    detected = detect_languages([r["text"] for r in rows])
    counted = Counter(r["lang"] for r in rows)
    lines = ["| chain | prose kept | spam dropped | prose < 0.9 | spam < 0.9 | English kept |",
             "|---|---|---|---|---|---|"]
    for name, variant in C4_VARIANTS.items():
        tally: dict[str, Counter] = defaultdict(Counter)
        for row, (lang, _) in zip(rows, detected, strict=True):
            if counted[row["lang"]] >= MIN_DOCS:
                dropped = chain(row["text"], lang, **variant) is not None
                tally[row["lang"]][row["kind"]] += 1
                tally[row["lang"]][f"{row['kind']}_dropped"] += dropped
        prose = sum(t["prose"] for t in tally.values())
        spam = sum(t["spam"] for t in tally.values())
        kept = prose - sum(t["prose_dropped"] for t in tally.values())
        low_prose = [k for k, t in sorted(tally.items())
                     if t["prose"] - t["prose_dropped"] < 0.9 * t["prose"]]
        low_spam = [k for k, t in sorted(tally.items()) if t["spam_dropped"] < 0.9 * t["spam"]]
        english_kept = sum(chain(text, "en", **variant) is None for text in english)
        lines.append(f"| {name} | {kept / prose:.3f} | "
                     f"{sum(t['spam_dropped'] for t in tally.values()) / spam:.3f} | "
                     f"{', '.join(low_prose) or '-'} | {', '.join(low_spam) or '-'} | "
                     f"{english_kept:,} of {len(english):,} "
                     f"({english_kept / max(len(english), 1):.3f}) |")
    return lines


def fineweb2_score_ok(lang: str, score: float) -> bool:
    config = fineweb2_config(lang)
    return score >= (FINEWEB_MIN_SCORE if config is None else config["language_score"])


def evaluate(rows: list[dict]) -> dict[str, dict]:
    detected = detect_languages([r["text"] for r in rows])
    by_lang: dict[str, dict] = defaultdict(lambda: {
        "prose": 0, "spam": 0, "langid_agree": 0, "fineweb2_score_ok": 0,
        "kept_by": Counter(), "chain_kept": 0, "spam_dropped": 0, "reasons": Counter(),
        "rule_sets": Counter()})
    for row, (lang, score) in zip(rows, detected, strict=True):
        entry = by_lang[row["lang"]]
        entry["langid_agree"] += lang == row["lang"]
        entry["fineweb2_score_ok"] += fineweb2_score_ok(lang, score)
        entry["rule_sets"][rule_set(lang)] += 1
        reason = chain(row["text"], lang)
        if row["kind"] == "spam":
            entry["spam"] += 1
            entry["spam_dropped"] += reason is not None
            continue
        entry["prose"] += 1
        entry["chain_kept"] += reason is None
        if reason is not None:
            entry["reasons"][reason] += 1
        for name, fn in FILTERS.items():
            entry["kept_by"][name] += fn(row["text"], lang=lang) is None
    return by_lang


def speed(rows: list[dict], rounds: int) -> dict[str, float]:
    """MB/s per core of the four filters, per language, over interleaved rounds."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row, (lang, _) in zip(rows, detect_languages([r["text"] for r in rows]), strict=True):
        groups[row["lang"]].append((row["text"], lang))
    for texts in groups.values():  # load segmenters and caches before timing
        for fn in FILTERS.values():
            fn(texts[0][0], lang=texts[0][1])
    seconds: Counter = Counter()
    for _ in range(rounds):
        for lang, texts in sorted(groups.items()):
            start = time.process_time()
            for text, detected in texts:
                for fn in FILTERS.values():
                    fn(text, lang=detected)
            seconds[lang] += time.process_time() - start
    return {lang: rounds * sum(len(t.encode()) for t, _ in texts) / 1e6 / seconds[lang]
            for lang, texts in groups.items()}


def table(by_lang: dict[str, dict], mb_per_s: dict[str, float]) -> list[str]:
    english = mb_per_s.get("en")
    lines = ["| lang | rule set | prose | spam | langid ok | fw2 score ok | "
             + " | ".join(FILTERS) + " | chain kept | spam dropped | MB/s | vs en | "
             "top drop reasons (prose) |",
             "|" + "---|" * (11 + len(FILTERS))]
    for lang in sorted(by_lang):
        e = by_lang[lang]
        n, prose = e["prose"] + e["spam"], max(e["prose"], 1)
        reasons = ", ".join(f"{r} {c}" for r, c in e["reasons"].most_common(3)) or "-"
        ratio = f"{english / mb_per_s[lang]:.2f}x" if english else "-"
        lines.append(
            f"| {lang} | {e['rule_sets'].most_common(1)[0][0]} | {e['prose']} | {e['spam']} | "
            f"{e['langid_agree'] / n:.2f} | {e['fineweb2_score_ok'] / n:.2f} | "
            + " | ".join(f"{e['kept_by'][f] / prose:.2f}" for f in FILTERS)
            + f" | **{e['chain_kept'] / prose:.2f}** | "
            f"**{e['spam_dropped'] / max(e['spam'], 1):.2f}** | {mb_per_s[lang]:.2f} | {ratio} | "
            f"{reasons} |")
    return lines


def summary(by_lang: dict[str, dict]) -> list[str]:
    counted = {k: e for k, e in by_lang.items() if e["prose"] + e["spam"] >= MIN_DOCS}
    prose = sum(e["prose"] for e in counted.values())
    spam = sum(e["spam"] for e in counted.values())
    low_prose = sorted(k for k, e in counted.items() if e["chain_kept"] < 0.9 * e["prose"])
    low_spam = sorted(k for k, e in counted.items() if e["spam_dropped"] < 0.9 * e["spam"])
    return [
        f"languages: {len(by_lang)}, with >= {MIN_DOCS} documents: {len(counted)}",
        f"prose kept by the chain: {sum(e['chain_kept'] for e in counted.values()) / prose:.3f}"
        f" of {prose}; spam dropped: "
        f"{sum(e['spam_dropped'] for e in counted.values()) / spam:.3f} of {spam}",
        f"languages keeping < 0.9 of their prose: {', '.join(low_prose) or 'none'}",
        f"languages dropping < 0.9 of their spam: {', '.join(low_spam) or 'none'}",
    ]


def compare_datatrove(rows: list[dict], python: str) -> dict:
    """``gopher_quality`` here and in datatrove on the documents langid agrees with."""
    detected = detect_languages([r["text"] for r in rows])
    docs = [{"lang": lang, "kind": row["kind"], "text": row["text"],
             "ours": gopher_quality(row["text"], lang=lang)}
            for row, (lang, _) in zip(rows, detected, strict=True)
            if lang == row["lang"] and lang not in ("en", "zh")]
    configs = {d["lang"]: fineweb2_config(d["lang"]) for d in docs}
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as handle:
        json.dump({"configs": configs, "docs": docs}, handle)
        handle.flush()
        worker = Path(__file__).with_name("languages_datatrove.py")
        out = subprocess.run([python, str(worker), handle.name], check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=CORPUS / "multilingual" / "docs.jsonl")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the per-language figures here")
    parser.add_argument("--c4-variants", type=Path, metavar="WEB_JSONL",
                        help="also compare c4/fineweb variants on the set and on the English "
                             "pages of this extracted corpus (extracted/web.jsonl)")
    parser.add_argument("--datatrove", metavar="PYTHON",
                        help="python of a datatrove venv: compare gopher_quality with it")
    args = parser.parse_args()
    if args.docs.parent.parent == CORPUS and not (CORPUS / "READY-multilingual").exists():
        raise SystemExit(f"{CORPUS}/READY-multilingual missing: build the corpus first "
                         "(python benchmarks/corpus/build.py)")
    rows = [json.loads(line) for line in args.docs.read_text(encoding="utf-8").splitlines()]
    by_lang = evaluate(rows)
    mb_per_s = speed(rows, args.rounds)
    print("\n".join(table(by_lang, mb_per_s)))
    print()
    print("\n".join(summary(by_lang)))
    if args.c4_variants:
        english = [row["text"] for line in args.c4_variants.read_text(encoding="utf-8")
                   .splitlines() if (row := json.loads(line)).get("lang") == "en"]
        print("\n" + "\n".join(c4_variants(rows, english)))
    if args.datatrove:
        print(f"gopher_quality vs datatrove: {json.dumps(compare_datatrove(rows, args.datatrove))}")
    if args.json:
        args.json.write_text(json.dumps({"languages": by_lang, "mb_per_s": mb_per_s},
                                        indent=1, sort_keys=True, default=dict) + "\n")


if __name__ == "__main__":
    main()
