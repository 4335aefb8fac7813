"""Build the real development corpus (issue 12) from pinned Debian documentation packages.

    python benchmarks/corpus/build.py [--out DIR] [--debs DIR] [--verify] [--lock]

Offline apart from ``apt-get download`` from the Debian mirror; nothing is installed. The layout
under ``--out`` (default ``~/.cache/dataprep-corpus``) is described in benchmarks/README.md.
Every output is written under a temporary name and renamed, and the same pinned packages give
byte-identical files (``--verify`` rebuilds into a scratch directory and compares checksums).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import duplicates  # noqa: E402
import multilingual  # noqa: E402
import pages  # noqa: E402
import sources  # noqa: E402
from extracted import extract_warc  # noqa: E402

DEFAULT_OUT = Path.home() / ".cache" / "dataprep-corpus"
OUTPUTS = ("web", "truth", "extracted", "multilingual", "pages.jsonl", "README.md")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def jsonl(rows) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False, sort_keys=False).encode() + b"\n"
                    for r in rows)


def build_web(roots: dict[str, Path], out: Path) -> list[dict]:
    """WARC files (one per package), extraction truth and a page index; the index rows."""
    index, truth = [], []
    for package in sources.PACKAGES:
        if not package.max_pages:
            continue
        records = []
        for page in pages.select_pages(package, roots[package.name]):
            doc = pages.parse(page.html)
            if doc is None:
                continue
            records.append(pages.warc_record(page))
            main = pages.main_element(doc)
            main_text = pages.element_text(main[1]) if main else ""
            index.append({"id": pages.record_id(page), "url": page.url, "package": page.package,
                          "path": page.rel, "lang": page.lang,
                          "kind": pages.page_kind(doc, package.kind),
                          "selector": main[0] if main_text else None})
            if main_text:
                truth.append({"url": page.url, "package": page.package, "lang": page.lang,
                              "selector": main[0], "main_text": main_text})
        write_atomic(out / "web" / f"{package.name}.warc.gz", b"".join(records))
    write_atomic(out / "truth" / "extraction.jsonl", jsonl(truth))
    write_atomic(out / "pages.jsonl", jsonl(index))
    return index


def build_extracted(out: Path, workers: int) -> tuple[list[dict], int]:
    warcs = [out / "web" / f"{p.name}.warc.gz" for p in sources.PACKAGES if p.max_pages]
    with Pool(workers) as pool:
        results = pool.map(extract_warc, warcs, chunksize=1)
    rows = [row for part, _ in results for row in part]
    write_atomic(out / "extracted" / "web.jsonl", jsonl(rows))
    return rows, sum(missing for _, missing in results)


def checksums(out: Path) -> dict[str, str]:
    files = sorted(p for name in OUTPUTS for p in
                   ([out / name] if (out / name).is_file() else (out / name).rglob("*"))
                   if p.is_file())
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def build_duplicates(out: Path, docs: list[dict]) -> None:
    pairs = duplicates.similar_pairs(docs)
    groups = duplicates.clusters(len(docs), pairs)
    write_atomic(out / "truth" / "duplicate_pairs.jsonl", jsonl(
        {"a": docs[i]["id"], "b": docs[j]["id"], "jaccard": round(sim, 6)}
        for i, j, sim in pairs))
    write_atomic(out / "truth" / "duplicates.jsonl", jsonl(
        {"cluster": k, "ids": [docs[i]["id"] for i in group]} for k, group in enumerate(groups)))


def _table(counter: Counter, header: str) -> str:
    lines = [f"| {header} | count |", "|---|---:|"]
    lines += [f"| {key} | {n} |" for key, n in sorted(counter.items(), key=lambda kv: (
        -kv[1], str(kv[0])))]
    return "\n".join(lines) + "\n"


def _optional(path: Path) -> list[dict]:
    return read_jsonl(path) if path.exists() else []


def readme(out: Path) -> str:
    """The cache's README.md, from the files on disk (counts only: deterministic)."""
    index, docs = _optional(out / "pages.jsonl"), _optional(out / "extracted" / "web.jsonl")
    clusters = _optional(out / "truth" / "duplicates.jsonl")
    pairs, multi = (_optional(out / "truth" / "duplicate_pairs.jsonl"),
                    _optional(out / "multilingual" / "docs.jsonl"))
    langs = Counter((r["lang"], r["kind"]) for r in multi)
    multi_langs = sorted({lang for lang, _ in langs})
    return "\n".join([
        "# dataprep development corpus (real text)",
        "",
        "Built by `benchmarks/corpus/build.py` of the dataprep repository (layout and use: "
        "benchmarks/README.md there) from these pinned Debian packages, fetched with "
        "`apt-get download`, sha256 checked, unpacked with `dpkg-deb -x`:",
        "",
        "| package | version | sha256 |", "|---|---|---|",
        *(f"| {p} | {pin['version']} | `{pin['sha256']}` |"
          for p, pin in sources.locked().items()),
        "",
        f"## web/: {len(index)} pages; truth/extraction.jsonl: "
        f"{sum(1 for r in index if r['selector'])} pages with a marked main element",
        "",
        _table(Counter(r["package"] for r in index), "package"),
        _table(Counter(r["kind"] for r in index), "kind (page level)"),
        _table(Counter(r["lang"] for r in index), "declared language"),
        _table(Counter(r["selector"] for r in index), "main-content selector"),
        f"## extracted/web.jsonl: {len(docs)} documents ({len(index) - len(docs)} pages "
        "gave no text)",
        "",
        _table(Counter(r["lang"] for r in docs), "langid language"),
        f"## truth/duplicates.jsonl: {len(clusters)} clusters, "
        f"{sum(len(c['ids']) for c in clusters)} documents, from {len(pairs)} pairs "
        "(truth/duplicate_pairs.jsonl) with exact Jaccard >= 0.8 of dataprep's shingles",
        "",
        _table(Counter(len(c["ids"]) for c in clusters), "cluster size"),
        f"## multilingual/docs.jsonl: {len(multi)} documents, {len(multi_langs)} languages",
        "",
        "| lang | prose | spam |", "|---|---:|---:|",
        *(f"| {lang} | {langs[(lang, 'prose')]} | {langs[(lang, 'spam')]} |"
          for lang in multi_langs),
        "",
    ])


STEPS = ("web", "extract", "dups", "multilingual")
MARKERS = {"extract": "READY-web", "dups": "READY-dups", "multilingual": "READY-multilingual"}
# What each step writes (the inputs of the later steps).
PRODUCTS = {"web": ("web", "truth/extraction.jsonl", "pages.jsonl"),
            "extract": ("extracted",), "dups": ("truth/duplicates.jsonl",
                                                "truth/duplicate_pairs.jsonl"),
            "multilingual": ("multilingual",)}


def build(out: Path, debs: Path, workers: int, steps: tuple[str, ...] = STEPS,
          unpacked: Path | None = None) -> None:
    """Run ``steps`` (the others' outputs must be there); ``READY-*`` once each part is done."""
    roots = sources.fetch(debs, unpacked or out / "unpacked")
    for step in STEPS[STEPS.index(steps[0]):]:  # a rebuilt step makes the later ones stale
        if step in MARKERS:
            (out / MARKERS[step]).unlink(missing_ok=True)
    if "web" in steps:
        print(f"web: {len(build_web(roots, out))} pages", flush=True)
    if "extract" in steps:
        docs, missing = build_extracted(out, workers)
        print(f"extracted: {len(docs)} documents, {missing} pages without text", flush=True)
    if "dups" in steps:
        build_duplicates(out, read_jsonl(out / "extracted" / "web.jsonl"))
    if "multilingual" in steps:
        write_atomic(out / "multilingual" / "docs.jsonl",
                     jsonl(multilingual.build_multilingual(roots)))
    write_atomic(out / "README.md", readme(out).encode())
    for step in steps:
        if step in MARKERS:
            (out / MARKERS[step]).touch()


def verify(out: Path, debs: Path, workers: int, steps: tuple[str, ...]) -> bool:
    """Build ``steps`` again in a scratch directory (the other steps' outputs copied from
    ``out``) and compare every output's sha256 with ``out``'s."""
    with tempfile.TemporaryDirectory(dir=out.parent) as scratch_dir:
        scratch = Path(scratch_dir)
        for step in STEPS:
            for product in PRODUCTS[step] if step not in steps else ():
                target = scratch / product
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(out / product, target) if (out / product).is_dir() else \
                    shutil.copy2(out / product, target)
        build(scratch, debs, workers, steps, unpacked=out / "unpacked")
        again = checksums(scratch)
    first = checksums(out)
    for name in sorted(set(first) | set(again)):
        status = "same" if first.get(name) == again.get(name) else "DIFFERENT"
        print(f"{status} {again.get(name, '-')} {name}")
    return first == again


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--debs", type=Path, help="where the .deb files go (default OUT/debs)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--steps", default=",".join(STEPS),
                        help=f"comma-separated steps to (re)build, in order: {STEPS}")
    parser.add_argument("--lock", action="store_true",
                        help="pin the mirror's current versions in packages.json, then stop")
    parser.add_argument("--verify", action="store_true",
                        help="build --steps again into a scratch directory (the other steps' "
                             "outputs copied) and compare checksums")
    args = parser.parse_args(argv)
    debs = args.debs or args.out / "debs"
    steps = tuple(s for s in STEPS if s in args.steps.split(","))
    if args.lock:
        sources.lock(debs)
        return 0
    if args.verify:
        return 0 if verify(args.out, debs, args.workers, steps) else 1
    build(args.out, debs, args.workers, steps)
    for name, digest in checksums(args.out).items():
        print(digest, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
