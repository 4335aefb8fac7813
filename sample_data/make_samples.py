"""Regenerate the synthetic sample corpus, or write a larger web corpus for benchmarks.

    python sample_data/make_samples.py                      # rewrites sample_data/
    python sample_data/make_samples.py --out DIR            # the same files under DIR
    python sample_data/make_samples.py --web-pages 20000 --out /tmp/bench_corpus

Output is a pure function of ``--seed``: two runs give byte-identical files (gzip headers carry
no timestamp or name, WARC dates and record ids derive from the seed). All texts are written
for this corpus; see ``sample_data/README.md`` for what each file exercises.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# Keep the repo clean when the script runs: the generator package is imported from here.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import books, dialogue, warc  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 20240221
SAMPLE_WARC_FILES = 3
WET_PAGES = 20
BENCH_PAGES_PER_FILE = 1500


def write_samples(out: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the committed sample corpus under ``out``; returns the files written."""
    web = out / "web"
    web.mkdir(parents=True, exist_ok=True)
    pages = warc.build_round(seed, 0)
    records: list[dict] = []
    written = []
    per_file = -(-len(pages) // SAMPLE_WARC_FILES)
    for i in range(SAMPLE_WARC_FILES):
        path = web / f"SAMPLE-CRAWL-2024-08-{i:05d}.warc.gz"
        warc.write_warc(path, seed, pages[i * per_file : (i + 1) * per_file], records)
        written.append(path)
    wet_pages = _wet_selection(pages)
    path = web / "SAMPLE-CRAWL-2024-08-00000.warc.wet.gz"
    warc.write_wet(path, seed, wet_pages, records)
    written.append(path)
    written += books.write_books(out / "books", seed)
    written += dialogue.write_dialogue(out / "dialogue", seed)
    manifest = out / "manifest.json"
    manifest.write_text(json.dumps({"seed": seed, "web": records,
                                    "files": sorted(str(p.relative_to(out)) for p in written)},
                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [*written, manifest]


def _wet_selection(pages: list[warc.Page]) -> list[warc.Page]:
    """About 20 article-like pages, several languages, as a WET file would hold them."""
    chosen, langs = [], {}
    for page in pages:
        lang = page.info.get("lang")
        if page.wet and langs.get(lang, 0) < (6 if lang == "en" else 3):
            chosen.append(page)
            langs[lang] = langs.get(lang, 0) + 1
        if len(chosen) == WET_PAGES:
            break
    return chosen


def write_bench(out: Path, n_pages: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """``n_pages`` web pages (same generator and mix as the sample) in WARCs of 1500 pages."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    records: list[dict] = []
    pending: list[warc.Page] = []
    remaining, rnd = n_pages, 0
    while remaining > 0 or pending:
        if remaining > 0:
            # Later rounds vary the random content, not the mix of page kinds.
            batch = _take(warc.build_round(seed, rnd), remaining)
            pending += batch
            remaining -= len(batch)
            rnd += 1
        if len(pending) >= BENCH_PAGES_PER_FILE or remaining == 0:
            path = out / f"BENCH-CRAWL-{len(written):05d}.warc.gz"
            warc.write_warc(path, seed, pending[:BENCH_PAGES_PER_FILE], records)
            written.append(path)
            pending = pending[BENCH_PAGES_PER_FILE:]
    manifest = out / "manifest.json"
    manifest.write_text(json.dumps({"seed": seed, "web": records}, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    return [*written, manifest]


def _take(pages: list[warc.Page], limit: int) -> list[warc.Page]:
    """The first ``limit`` pages, minus duplicates whose original was cut off (then topped up
    with later pages that refer to nothing)."""

    def ref(page: warc.Page) -> str | None:
        return page.info.get("duplicate_of") or page.info.get("near_duplicate_of")

    urls = {p.url for p in pages[:limit]}
    taken = [p for p in pages[:limit] if ref(p) is None or ref(p) in urls]
    spare = [p for p in pages[limit:] if ref(p) is None]
    return taken + spare[: limit - len(taken)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None,
                        help="output directory (default: this script's directory)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--web-pages", type=int, default=None,
                        help="write only a web corpus of this many pages (benchmarks)")
    args = parser.parse_args(argv)
    if args.web_pages is not None:
        if args.out is None:
            parser.error("--web-pages needs --out (the sample directory is not a scratch space)")
        files = write_bench(args.out, args.web_pages, args.seed)
    else:
        files = write_samples(args.out or HERE, args.seed)
    total = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} files, {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
