"""trafilatura with and without dataprep's speed-ups, on every page of the real corpus's WARCs.

    python benchmarks/bench_trafilatura_speedups.py [--corpus ~/.cache/dataprep-corpus]
                                                    [--every 1]

For each HTML response record (every ``--every``-th), the trafilatura engine's extraction runs
twice, once as trafilatura comes and once with ``dataprep.trafilatura_speedups`` installed, in
alternating order page by page so that load on the machine falls on both alike. Prints the
pages whose text differs (there should be none), the CPU seconds of each (``process_time``),
their ratio, and the expressions the speed-ups compiled.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dataprep import extract, trafilatura_speedups  # noqa: E402
from dataprep.readers.encoding import decode_html  # noqa: E402


def load_pages(corpus: Path, every: int) -> list[tuple[str, str]]:
    """(url, decoded html) of the corpus WARCs' HTTP response records, in file order."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    pages = []
    for path in sorted(glob.glob(str(corpus / "web" / "*.warc.gz"))):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, record_types=WarcRecordType.response):
                content_type = record.http_headers.get("Content-Type")
                html = decode_html(record.reader.read(), content_type)[0]
                pages.append((record.headers.get("WARC-Target-URI"), html))
    return pages[::every]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.path.expanduser("~/.cache/dataprep-corpus")))
    parser.add_argument("--every", type=int, default=1, help="take every N-th page")
    args = parser.parse_args()
    pages = load_pages(args.corpus, args.every)
    swapped = trafilatura_speedups.install()
    extract._speed_up_trafilatura()  # the engine would install on its first page otherwise
    cpu = {"as it comes": 0.0, "with speed-ups": 0.0}
    differ = []
    for i, (url, html) in enumerate(pages):
        texts = {}
        for name in sorted(cpu, reverse=bool(i % 2)):
            if name == "as it comes":
                trafilatura_speedups.uninstall()
            else:
                trafilatura_speedups.install()
            start = time.process_time()
            texts[name] = extract.extract_text(html, url=url)
            cpu[name] += time.process_time() - start
        if texts["as it comes"] != texts["with speed-ups"]:
            differ.append(url)
    print(f"pages: {len(pages)}, expressions compiled: {swapped}")
    print(f"pages whose text differs: {len(differ)}")
    for url in differ[:20]:
        print(f"  {url}")
    for name, seconds in cpu.items():
        print(f"{name}: {seconds:.1f} CPU s, {len(pages) / seconds:.1f} pages/s per core")
    print(f"ratio: {cpu['as it comes'] / cpu['with speed-ups']:.3f}x")


if __name__ == "__main__":
    main()
