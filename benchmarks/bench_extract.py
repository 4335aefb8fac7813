"""Extraction quality and speed per engine and setting, on the real corpus's main-content truth.

    python benchmarks/bench_extract.py [--corpus ~/.cache/dataprep-corpus] [--sample 0]
                                       [--only resiliparse] [--by-lang]

Pages are the corpus's ``web/*.warc.gz`` response records that have a row in
``truth/extraction.jsonl`` (the text of the page's marked main-content element). Every setting
runs ``ExtractStage``'s per-page path (size cap, timeout, engine) on the same decoded pages.

Scores are on token multisets: a token is a run of letters/digits, or one character of a script
written without spaces (Han, kana, Hangul, Thai), case kept; punctuation and whitespace are
ignored, so line breaks and bullets do not count. Per page, matched = the multiset intersection
of the extract's and the truth's tokens; precision = matched / extract tokens, recall =
matched / truth tokens, pooled over all pages (micro), F1 their harmonic mean. Pages an engine
drops count as zero extract tokens. ``macro F1`` is the mean of per-page F1 (pages with empty
truth skipped). Speed is CPU time of this process (``time.process_time``): pages/s and MB of
HTML (UTF-8) per second per core; the settings take turns page by page, so that load from other
work on the machine falls on all of them alike.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dataprep import extract, trafilatura_speedups  # noqa: E402
from dataprep.extract import ExtractStage  # noqa: E402
from dataprep.readers.encoding import decode_html  # noqa: E402

TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]"
                   r"|[^\W_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]+")

TRAFILATURA = {"engine": "trafilatura"}
RESILIPARSE = {"engine": "resiliparse", "max_link_density": None, "min_stop_word_density": None,
               "short_run_lines": 0}
SETTINGS: dict[str, dict] = {
    # trafilatura: today's default (precision mode, fallback extractors), and the trade-offs.
    "trafilatura precision+fallbacks (default)": TRAFILATURA,
    # the same setting as trafilatura is released, without dataprep.trafilatura_speedups
    "trafilatura precision+fallbacks, as released": {**TRAFILATURA, "speedups": False},
    "trafilatura precision, fast (no fallbacks)": {**TRAFILATURA, "fast": True},
    "trafilatura balanced+fallbacks": {**TRAFILATURA, "favor_precision": False},
    "trafilatura balanced, fast": {**TRAFILATURA, "favor_precision": False, "fast": True},
    # resiliparse: its main-content mode alone, each rule alone, then the engine's defaults.
    "resiliparse main_content, no rules": RESILIPARSE,
    "resiliparse + link density 0.5": {**RESILIPARSE, "max_link_density": 0.5},
    "resiliparse + link density 0.8": {**RESILIPARSE, "max_link_density": 0.8},
    "resiliparse + link density 0.99": {**RESILIPARSE, "max_link_density": 0.99},
    "resiliparse + stop words 0.1": {**RESILIPARSE, "min_stop_word_density": 0.1},
    "resiliparse + stop words 0.32 (NeMo)": {**RESILIPARSE, "min_stop_word_density": 0.32},
    "resiliparse + short runs 3x30": {**RESILIPARSE, "short_run_lines": 3},
    "resiliparse + short runs 5x30": {**RESILIPARSE, "short_run_lines": 5},
    "resiliparse engine defaults": {"engine": "resiliparse"},
}


def load_pages(corpus: Path, sample: int) -> list[tuple[str, str, str, str]]:
    """(url, lang, html, truth main_text) of the truth pages, in file order."""
    import logging

    from warcio.archiveiterator import ArchiveIterator

    logging.getLogger("warcio").setLevel(logging.ERROR)  # its note on each such URI

    truth = {}
    with open(corpus / "truth" / "extraction.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            # warcio writes spaces in a target URI as %20.
            truth[row["url"].replace(" ", "%20")] = row
    pages = []
    for path in sorted(glob.glob(str(corpus / "web" / "*.warc.gz"))):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                url = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type != "response" or url not in truth:
                    continue
                content_type = record.http_headers.get_header("Content-Type")
                html = decode_html(record.content_stream().read(), content_type)[0]
                pages.append((url, truth[url]["lang"], html, truth[url]["main_text"]))
    if sample and len(pages) > sample:
        step = len(pages) / sample
        pages = [pages[int(i * step)] for i in range(sample)]
    return pages


def tokens(text: str | None) -> Counter:
    return Counter(TOKEN.findall(text or ""))


def score(pages, texts) -> dict[str, float]:
    matched = extracted = expected = 0
    page_f1 = []
    for (_, _, _, truth), text in zip(pages, texts, strict=True):
        got, want = tokens(text), tokens(truth)
        hit = sum((got & want).values())
        n_got, n_want = sum(got.values()), sum(want.values())
        matched, extracted, expected = matched + hit, extracted + n_got, expected + n_want
        if n_want:
            page_f1.append(2 * hit / (n_got + n_want))
    precision = matched / extracted if extracted else 0.0
    recall = matched / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "macro_f1": sum(page_f1) / len(page_f1) if page_f1 else 0.0}


def run_settings(chosen: dict[str, dict], pages) -> dict[str, tuple[list[str | None], float]]:
    """Each setting's texts and CPU seconds. The settings take turns page by page, in an order
    that alternates, so that load from other work on the machine falls on all of them alike."""
    stages = {name: ExtractStage(**{k: v for k, v in options.items() if k != "speedups"})
              for name, options in chosen.items()}
    texts: dict[str, list[str | None]] = {name: [] for name in stages}
    seconds = dict.fromkeys(stages, 0.0)
    for i, (url, _, html, _) in enumerate(pages):
        for name in sorted(stages, reverse=bool(i % 2)):
            released = chosen[name].get("speedups") is False
            if released:
                trafilatura_speedups.uninstall()
            start = time.process_time()
            texts[name].append(stages[name]._extract_one(html, url)[0])
            seconds[name] += time.process_time() - start
            if released:
                trafilatura_speedups.install()
    return {name: (texts[name], seconds[name]) for name in stages}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=os.path.expanduser("~/.cache/dataprep-corpus"))
    parser.add_argument("--sample", type=int, default=0,
                        help="score an evenly spaced sample of this many pages (0: all)")
    parser.add_argument("--only", default="",
                        help="settings whose name contains this text (several: comma-separated)")
    parser.add_argument("--by-lang", action="store_true", help="also print F1 per language")
    args = parser.parse_args()
    chosen = {name: options for name, options in SETTINGS.items()
              if any(part in name for part in args.only.split(","))}
    pages = load_pages(Path(args.corpus), args.sample)
    html_mb = sum(len(html.encode("utf-8", "surrogatepass")) for _, _, html, _ in pages) / 1e6
    print(f"{len(pages)} pages, {html_mb:.1f} MB of HTML, from {args.corpus}\n")
    print("| setting | precision | recall | F1 | macro F1 | pages/s/core | MB/s/core |")
    print("|---|---|---|---|---|---|---|")
    extract._speed_up_trafilatura()  # once, before any timing (the engine's first page does it)
    for name, (texts, seconds) in run_settings(chosen, pages).items():
        s = score(pages, texts)
        print(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
              f"{s['macro_f1']:.3f} | {len(pages) / seconds:.0f} | {html_mb / seconds:.2f} |",
              flush=True)
        if args.by_lang:
            for lang in sorted({p[1] for p in pages}):
                idx = [i for i, p in enumerate(pages) if p[1] == lang]
                sub = score([pages[i] for i in idx], [texts[i] for i in idx])
                print(f"|   {lang} ({len(idx)} pages) | {sub['precision']:.3f} | "
                      f"{sub['recall']:.3f} | {sub['f1']:.3f} | {sub['macro_f1']:.3f} | | |")


if __name__ == "__main__":
    main()
