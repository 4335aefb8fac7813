"""Read throughput of every reader on generated data (at least 200 MB per format).

    /work/venv/bin/python benchmarks/bench_readers.py [--mb 200] [--dir /tmp/dataprep-bench-readers]
    /work/venv/bin/python benchmarks/bench_readers.py --split [--unit-mb 32]
    /work/venv/bin/python benchmarks/bench_readers.py --parsers [--repeat 2]

Data is generated once under ``--dir`` (deterministic, reused by later runs). Each format is
read in a fresh process by ``read_unit`` exactly as the runner does; the table gives input MB
(uncompressed), documents, CPU seconds, MB/s per core (input MB / CPU s of the one reading
process) and its peak RSS.

``--parsers`` reads the warc, wet and arc files with the WARC parser as used (fastwarc, warcio
for what fastwarc cannot read: all of ARC) and with warcio forced for everything, interleaved
(``--repeat`` rounds) so that the load of a shared machine affects both alike, and checks that
both give the same rows.

``--split`` reads the one big JSONL file as byte-range units of ``--unit-mb`` (as the runner
does with ``execution.unit_bytes``) with a pool of one, then two worker processes, and gives
the wall-clock MB/s of each (and checks that both read the rows of the unsplit file).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import multiprocessing
import random
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dataprep.readers import InputSpec, list_units, read_unit

MB = 1 << 20


def _vocabulary(rng: random.Random, n: int = 3000) -> list[str]:
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [12, 9, 8, 7, 7, 6, 6, 6, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    return ["".join(rng.choices(letters, weights, k=rng.randint(2, 10))) for _ in range(n)]


class Corpus:
    """Deterministic pseudo-text: sentences of words from a fixed vocabulary."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.words = _vocabulary(self.rng)

    def sentence(self) -> str:
        words = self.rng.choices(self.words, k=self.rng.randint(6, 24))
        return " ".join(words).capitalize() + self.rng.choice(".....?!")

    def paragraph(self, sentences: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, sentences * 2)))

    def page(self, i: int) -> str:
        body = "".join(f"<p>{self.paragraph()}</p>\n" for _ in range(self.rng.randint(3, 20)))
        nav = "".join(f'<li><a href="/s/{k}">{self.rng.choice(self.words)}</a></li>'
                      for k in range(30))
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page {i}'
                f"</title></head><body><nav><ul>{nav}</ul></nav><article>{body}</article>"
                f'<footer><p>Cookies help us. <a href="/privacy">Privacy</a></p></footer>'
                f"</body></html>")


def _warc(path: Path, target: int, kind: str) -> None:
    corpus = Corpus()
    written = 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        i = 0
        while written < target:
            url = f"https://site{i % 500}.example.com/articles/{i}"
            if kind == "wet":
                text = "\n".join(corpus.paragraph() for _ in range(corpus.rng.randint(3, 15)))
                body = text.encode()
                record = writer.create_warc_record(url, "conversion", payload=io.BytesIO(body),
                                                   warc_content_type="text/plain")
                writer.write_record(record)
            else:
                request = b"GET /articles/%d HTTP/1.1\r\nHost: example.com\r\n\r\n" % i
                writer.write_record(writer.create_warc_record(
                    url, "request", payload=io.BytesIO(request),
                    warc_content_type="application/http; msgtype=request"))
                body = corpus.page(i).encode()
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                        protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=http))
                meta = b"fetchTimeMs: 120\r\ncharset-detected: UTF-8\r\n"
                writer.write_record(writer.create_warc_record(
                    url, "metadata", payload=io.BytesIO(meta),
                    warc_content_type="application/warc-fields"))
                written += len(request) + len(meta)
            written += len(body)
            i += 1


def _arc(path: Path, target: int) -> None:
    corpus = Corpus()
    desc = b"1 0 Bench\nURL IP-address Archive-date Content-type Archive-length\n"
    written = 0
    with gzip.open(path, "wb", compresslevel=6) as out:
        out.write(b"filedesc://bench.arc 0.0.0.0 20050614070144 text/plain %d\n%s\n"
                  % (len(desc), desc))
        i = 0
        while written < target:
            payload = (b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
                       + corpus.page(i).encode())
            out.write(b"http://old%d.example.com/%d 10.0.0.1 20050614070144 text/html %d\n%s\n"
                      % (i % 100, i, len(payload), payload))
            written += len(payload)
            i += 1


def _docs(target: int):
    corpus = Corpus()
    written, i = 0, 0
    while written < target:
        text = "\n\n".join(corpus.paragraph() for _ in range(corpus.rng.randint(1, 8)))
        yield {"id": f"doc-{i}", "text": text, "url": f"https://e.com/{i}", "score": i % 7}
        written += len(text)
        i += 1


def _jsonl(path: Path, target: int, compress: bool) -> None:
    data = "".join(json.dumps(d) + "\n" for d in _docs(target)).encode()
    path.write_bytes(zstandard.ZstdCompressor(level=3).compress(data) if compress else data)


def _parquet(path: Path, target: int) -> None:
    docs = list(_docs(target))
    table = pa.Table.from_pylist(docs)
    pq.write_table(table, path, compression="zstd", row_group_size=10_000)


def _texts(root: Path, target: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(_docs(target)):
        (root / f"{i // 1000:03d}-{i:06d}.txt").write_text(doc["text"])


def _books(root: Path, target: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus()
    written, i = 0, 0
    while written < target:
        chapters = []
        for c in range(1, 31):
            paragraphs = [textwrap.fill(corpus.paragraph(), 70) for _ in range(60)]
            chapters.append(f"CHAPTER {c}\n\n" + "\n\n".join(paragraphs))
        text = (f"The Project Gutenberg eBook of Bench Book {i}\n\nTitle: Bench Book {i}\n"
                "Author: Nobody\nLanguage: English\n\n*** START OF THE PROJECT GUTENBERG EBOOK "
                "BENCH BOOK ***\n\n" + "\n\n\n".join(chapters)
                + "\n\n*** END OF THE PROJECT GUTENBERG EBOOK BENCH BOOK ***\nLicence text.\n")
        (root / f"book-{i:04d}.txt").write_text(text, encoding="utf-8")
        written += len(text)
        i += 1


def _dialogue(path: Path, target: int) -> None:
    corpus = Corpus()
    written = 0
    with open(path, "w") as out:
        while written < target:
            messages = [{"role": "user" if k % 2 == 0 else "assistant",
                         "content": corpus.paragraph(3)} for k in range(corpus.rng.randint(2, 10))]
            line = json.dumps({"messages": messages})
            out.write(line + "\n")
            written += len(line)


FORMATS = {
    # name: (format, glob under the data dir, generator)
    "warc": ("warc", "warc/*.warc.gz", lambda d, n: _warc(d / "warc" / "bench.warc.gz", n, "warc")),
    "wet": ("wet", "wet/*.wet.gz", lambda d, n: _warc(d / "wet" / "bench.wet.gz", n, "wet")),
    "arc": ("arc", "arc/*.arc.gz", lambda d, n: _arc(d / "arc" / "bench.arc.gz", n)),
    "jsonl": ("jsonl", "jsonl/*.jsonl", lambda d, n: _jsonl(d / "jsonl" / "bench.jsonl", n,
                                                            False)),
    "jsonl.zst": ("jsonl", "jsonlzst/*.jsonl.zst",
                  lambda d, n: _jsonl(d / "jsonlzst" / "bench.jsonl.zst", n, True)),
    "parquet": ("parquet", "parquet/*.parquet",
                lambda d, n: _parquet(d / "parquet" / "bench.parquet", n)),
    "text": ("text", "text/*.txt", lambda d, n: _texts(d / "text", n)),
    "books": ("books", "books", lambda d, n: _books(d / "books", n)),
    "dialogue": ("dialogue", "dialogue/*.jsonl",
                 lambda d, n: _dialogue(d / "dialogue" / "bench.jsonl", n)),
}


def _input_mb(units: list) -> float:
    """Uncompressed size of the input files (Parquet: of its decoded data), in MB."""
    total = 0
    for unit in units:
        path = Path(unit.path)
        if path.suffix == ".parquet":
            meta = pq.ParquetFile(path).metadata
            total += sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        elif path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                while chunk := f.read(16 * MB):
                    total += len(chunk)
        elif path.suffix == ".zst":
            with open(path, "rb") as raw:
                reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
                while chunk := reader.read(16 * MB):
                    total += len(chunk)
        else:
            total += path.stat().st_size
    return total / MB


def _warcio_only(opened, src, max_bytes):
    return (0, None)
    yield  # a generator, like the fastwarc segment reader it replaces


def _measure(name: str, data_dir: str, queue: multiprocessing.Queue,
             parser: str = "fastwarc") -> None:
    if parser == "warcio":
        import dataprep.readers.warc as warc

        warc.fastwarc_segment = _warcio_only
    fmt, pattern, _ = FORMATS[name]
    spec = InputSpec(fmt, (pattern,), "bench")
    units = list_units([spec], data_dir)
    wall, cpu = time.perf_counter(), time.process_time()
    docs = rejected = 0
    digest = hashlib.sha256()
    for unit in units:
        for table in read_unit(unit, spec, data_dir):
            reasons = table.column("drop_reason")
            rejected += len(reasons) - reasons.null_count
            docs += table.num_rows
            digest.update(str(table.select(["id", "text", "drop_reason"]).to_pydict()).encode())
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent process.
    status = Path("/proc/self/status").read_text()
    rss = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])
    rss /= 1024
    queue.put((name, len(units), _input_mb(units), docs, rejected, cpu, wall, rss,
               digest.hexdigest()))


def _read_one(unit, spec: InputSpec, data_dir: str) -> tuple[int, float]:
    """Rows of one unit and the CPU seconds its worker spent on them."""
    cpu = time.process_time()
    rows = sum(t.num_rows for t in read_unit(unit, spec, data_dir))
    return rows, time.process_time() - cpu


def _split(root: Path, unit_mb: int) -> None:
    """Wall-clock read rate of one JSONL file cut into units, with one and two workers."""
    spec = InputSpec("jsonl", (FORMATS["jsonl"][1],), "bench")
    [whole] = list_units([spec], str(root))
    units = list_units([spec], str(root), unit_bytes=unit_mb * MB)
    mb = Path(whole.path).stat().st_size / MB
    expected = _read_one(whole, spec, str(root))[0]
    print(f"{mb:.0f} MB JSONL file, {len(units)} units of {unit_mb} MiB, {expected} rows")
    print(f"{'workers':>7} {'wall s':>7} {'CPU s':>7} {'MB/s':>7}")
    ctx = multiprocessing.get_context("spawn")
    for workers in (1, 2):
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            list(pool.map(abs, range(workers)))  # start the workers before the clock
            wall = time.perf_counter()
            done = list(pool.map(_read_one, units, [spec] * len(units),
                                 [str(root)] * len(units)))
            wall = time.perf_counter() - wall
        assert sum(rows for rows, _ in done) == expected, "a split read lost or doubled rows"
        cpu = sum(c for _, c in done)
        print(f"{workers:>7} {wall:>7.1f} {cpu:>7.1f} {mb / wall:>7.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="MB of input per format")
    parser.add_argument("--dir", default="/tmp/dataprep-bench-readers")
    parser.add_argument("--only", nargs="*", choices=list(FORMATS), default=list(FORMATS))
    parser.add_argument("--split", action="store_true",
                        help="read the JSONL file as byte-range units with 1 and 2 workers")
    parser.add_argument("--unit-mb", type=int, default=32, help="unit size for --split")
    parser.add_argument("--parsers", action="store_true",
                        help="warc/wet/arc with fastwarc (as used) and with warcio forced")
    parser.add_argument("--repeat", type=int, default=2, help="rounds for --parsers")
    args = parser.parse_args()
    root = Path(args.dir) / f"{args.mb}mb"
    if args.split:
        args.only = ["jsonl"]
    if args.parsers:
        args.only = ["warc", "wet", "arc"]
    for name in args.only:
        _, pattern, generate = FORMATS[name]
        folder = root / pattern.split("/")[0]
        if not (folder / ".done").exists():
            folder.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            generate(root, args.mb * MB)
            (folder / ".done").touch()
            print(f"generated {name} in {time.perf_counter() - start:.0f} s", flush=True)
    if args.split:
        _split(root, args.unit_mb)
        return
    rounds = [(name, parser) for _ in range(args.repeat) for name in args.only
              for parser in ("fastwarc", "warcio")] if args.parsers \
        else [(name, "fastwarc") for name in args.only]
    print(f"{'reader':<10} {'parser':<8} {'files':>6} {'input MB':>9} {'rows':>9} "
          f"{'rejected':>9} {'CPU s':>7} {'wall s':>7} {'MB/s/core':>9} {'rows/s':>8} "
          f"{'peak RSS MB':>11}")
    digests: dict[str, set[str]] = {}
    for name, parser in rounds:
        files, mb, docs, rejected, cpu, wall, rss, digest = _run(name, str(root), parser)
        digests.setdefault(name, set()).add(digest)
        print(f"{name:<10} {parser:<8} {files:>6} {mb:>9.0f} {docs:>9} {rejected:>9} "
              f"{cpu:>7.1f} {wall:>7.1f} {mb / cpu:>9.1f} {docs / cpu:>8.0f} {rss:>11.0f}",
              flush=True)
    if args.parsers:
        assert all(len(d) == 1 for d in digests.values()), "the parsers gave different rows"
        print("both parsers gave the same rows (ids, texts, reasons)")


def _run(name: str, data_dir: str, parser: str) -> tuple:
    """One measurement in a fresh process (imports and caches do not carry over)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(name, data_dir, queue, parser))
    proc.start()
    result = queue.get()
    proc.join()
    return result[1:]


if __name__ == "__main__":
    main()
