"""Seeded, bounded fuzzing of every reader (reliability findings, probes 2a-2c).

Each case mutates one good file (byte level: truncate, flip, NUL, bad UTF-8, duplicate or
delete a chunk; structure level: one record's header or field) and reads it through
``read_unit``. Counted per case:

* crash: ``read_unit`` raised;
* hang: the read took longer than ``HANG_SECONDS`` of CPU (an alarm stops it);
* accounting mismatch: a record whose bytes the mutation left intact is not kept exactly once
  (with its text), an id appears twice, or a damaged file gives no row for its damage.

The counts are printed and must all be 0. The last test runs mutated files of every format
through the inline pipeline and checks, per input file, rows read == kept + rejected + counted
skips.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import signal
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from dataprep.cli import main
from dataprep.readers import InputSpec, list_units, read_unit
from dataprep.readers.warc_rows import NOT_DOCUMENT_REASONS

SEEDS = (1, 2)
CASES_PER_SEED = 12
HANG_SECONDS = 20
WORDS = ("river town harbour ferry market bridge council museum library station island "
         "weather spring winter coast map cheese bread stall church hill").split()


@dataclass
class Sample:
    """A good file: its bytes, the byte span and marker text of each record, and how to read
    it (format, file name, options)."""

    fmt: str
    name: str
    data: bytes
    spans: list[tuple[int, int]]
    markers: list[str]
    options: dict
    # Plain WARC: a damaged Content-Length may swallow the record after the damage.
    spills: bool = False
    # One document per file: only crashes, hangs and an empty result count.
    whole_file: bool = False
    # Bytes every record depends on (the Parquet magic and footer).
    shared: tuple[tuple[int, int], ...] = ()
    # Records are found by offsets in a footer: bytes inserted or deleted move every later one.
    footer_offsets: bool = False


def _text(rng: random.Random, marker: str) -> str:
    return f"{marker} " + " ".join(rng.choices(WORDS, k=30)) + "."


def _jsonl(rng: random.Random, n: int = 10) -> tuple[bytes, list, list[str]]:
    lines, spans, markers, at = [], [], [], 0
    for i in range(n):
        marker = f"mark{i:03d}q"
        line = (json.dumps({"id": f"d{i}", "text": _text(rng, marker), "n": i}) + "\n").encode()
        spans.append((at, at + len(line)))
        markers.append(marker)
        lines.append(line)
        at += len(line)
    return b"".join(lines), spans, markers


def _warc_record(i: int, marker: str, rng: random.Random) -> bytes:
    page = f"<html><body><p>{_text(rng, marker)}</p></body></html>".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%08d-0000-0000-0000"
            b"-000000000000>\r\nWARC-Target-URI: http://example.org/%d\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (i, i, len(http)))
    return head + http + b"\r\n\r\n"


def _warc(rng: random.Random, compress: bool, n: int = 8) -> tuple[bytes, list, list[str]]:
    parts, spans, markers, at = [], [], [], 0
    for i in range(n):
        marker = f"mark{i:03d}w"
        record = _warc_record(i, marker, rng)
        part = gzip.compress(record, mtime=0) if compress else record
        spans.append((at, at + len(part)))
        markers.append(marker)
        parts.append(part)
        at += len(part)
    return b"".join(parts), spans, markers


def _parquet(rng: random.Random, n: int = 8) -> tuple[bytes, list, list[str]]:
    markers = [f"mark{i:03d}p" for i in range(n)]
    table = pa.table({"id": [f"p{i}" for i in range(n)],
                      "text": [_text(rng, m) for m in markers]})
    out = io.BytesIO()
    pq.write_table(table, out, row_group_size=1, compression="none")
    data = out.getvalue()
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    spans = []
    for g in range(n):
        group = meta.row_group(g)
        columns = [group.column(c) for c in range(group.num_columns)]
        start = min(c.data_page_offset for c in columns)
        spans.append((start, start + sum(c.total_compressed_size for c in columns)))
    return data, spans, markers


def _dialogue(rng: random.Random, n: int = 8) -> tuple[bytes, list, list[str]]:
    lines, spans, markers, at = [], [], [], 0
    for i in range(n):
        marker = f"mark{i:03d}d"
        record = {"id": f"c{i}", "messages": [
            {"role": "user", "content": _text(rng, marker)},
            {"role": "assistant", "content": _text(rng, "reply")}]}
        line = (json.dumps(record) + "\n").encode()
        spans.append((at, at + len(line)))
        markers.append(marker)
        lines.append(line)
        at += len(line)
    return b"".join(lines), spans, markers


def samples(rng: random.Random) -> list[Sample]:
    jsonl, jsonl_spans, jsonl_markers = _jsonl(rng)
    out = [Sample("jsonl", "docs.jsonl", jsonl, jsonl_spans, jsonl_markers, {})]
    for compress, name in ((True, "crawl.warc.gz"), (False, "crawl.warc")):
        data, spans, markers = _warc(rng, compress)
        out.append(Sample("warc", name, data, spans, markers, {}, spills=not compress))
    data, spans, markers = _parquet(rng)
    out.append(Sample("parquet", "rows.parquet", data, spans, markers, {},
                      shared=((0, 4), (spans[-1][1], len(data))), footer_offsets=True))
    out.append(Sample("dialogue", "chat.jsonl", *_dialogue(rng), {"min_turns": 1}))
    log = "".join(f"2024-01-02 12:{i:02d}:00 <u{i % 3}> {_text(rng, 'irc')}\n"
                  for i in range(20)).encode()
    book = ("\n\n".join(_text(rng, "book") for _ in range(30)) + "\n").encode()
    page = f"<html><body><p>{_text(rng, 'page')}</p></body></html>".encode()
    for fmt, name, data, options in (
            ("dialogue", "chan.log", log, {"shape": "irc"}), ("books", "book.txt", book, {}),
            ("text", "note.txt", book, {}), ("html", "page.html", page, {}),
            ("jsonl", "docs.jsonl.gz", gzip.compress(jsonl, mtime=0), {})):
        out.append(Sample(fmt, name, data, [], [], options, whole_file=True))
    return out


# Mutations: each returns the new bytes and the byte span of the original it damaged.
Mutation = Callable[[bytes, random.Random], tuple[bytes, tuple[int, int]]]


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, tuple[int, int]]:
    cut = rng.randrange(1, len(data))
    return data[:cut], (cut, len(data))


def flip(data: bytes, rng: random.Random) -> tuple[bytes, tuple[int, int]]:
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:], (at, at + 1)


def nul(data: bytes, rng: random.Random) -> tuple[bytes, tuple[int, int]]:
    at = rng.randrange(len(data))
    return data[:at] + b"\0" + data[at + 1:], (at, at + 1)


def bad_utf8(data: bytes, rng: random.Random) -> tuple[bytes, tuple[int, int]]:
    at = rng.randrange(len(data))
    return data[:at] + b"\xff\xfe" + data[at + 2:], (at, at + 2)


def duplicate_chunk(data: bytes, rng: random.Random) -> tuple[bytes, tuple[int, int]]:
    at = rng.randrange(len(data))
    size = rng.randrange(1, 200)
    return data[:at] + data[at:at + size] * 2 + data[at + size:], (at, at + size)


def delete_chunk(data: bytes, rng: random.Random) -> tuple[bytes, tuple[int, int]]:
    at = rng.randrange(len(data))
    size = rng.randrange(1, 200)
    return data[:at] + data[at + size:], (at, at + size)


def header_abuse(data: bytes, rng: random.Random) -> tuple[bytes, tuple[int, int]]:
    """One WARC header line or JSON field changed the way crawlers and scripts break them."""
    keys = [b"WARC-Target-URI: ", b"Content-Length: ", b"WARC-Type: ", b"Content-Type: ",
            b'"text": ', b'"id": ', b'"messages": ', b"HTTP/1.1 200"]
    found = [(i, k) for k in keys for i in _all(data, k)]
    if not found:
        return flip(data, rng)
    at, key = rng.choice(found)
    end = data.find(b"\n", at)
    end = len(data) if end < 0 else end
    replacement = rng.choice([b"", key + b"x" * 70_000, key + b"-1", key + b"null",
                              key + b"[1, 2]", key.upper() + b"\t", b"\xff\xfe"])
    if key.startswith(b'"'):
        end = at + len(key)  # the value is left to break the JSON or not
        replacement = rng.choice([b'"x": 5, "y": ', b"", b'"text": {"a": 1}, "z": '])
    return data[:at] + replacement + data[end:], (at, end)


def _all(data: bytes, key: bytes) -> list[int]:
    out, at = [], data.find(key)
    while at >= 0:
        out.append(at)
        at = data.find(key, at + 1)
    return out


MUTATIONS: list[Mutation] = [truncate, flip, nul, bad_utf8, duplicate_chunk, delete_chunk,
                             header_abuse]


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


def read_rows(path: Path, sample: Sample) -> list[dict]:
    spec = InputSpec(sample.fmt, (path.name,), "fuzz", options=sample.options)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
    try:
        return [r for unit in list_units([spec], str(path.parent))
                for table in read_unit(unit, spec, str(path.parent)) for r in table.to_pylist()]
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _content(row: dict) -> str:
    return (row.get("text") or "") + (row.get("html") or "")


def accounting_errors(sample: Sample, damaged: tuple[int, int], rows: list[dict],
                      resized: bool) -> list[str]:
    errors = []
    # Ids the reader makes (<source>/<path>#<where>) are unique; an `id` field repeated in the
    # input (a duplicated line) is kept as is (DESIGN.md), so it may repeat.
    ids = Counter(r["id"] for r in rows if r["id"].startswith("fuzz/"))
    errors += [f"id {i} {n} times" for i, n in ids.items() if n > 1]
    if sample.whole_file:
        return errors if rows else ["no row"]
    start, end = damaged
    touched = [not (e <= start or s >= end) for s, e in sample.spans]
    if any(not (e <= start or s >= end) for s, e in sample.shared):
        touched = [True] * len(touched)
    if sample.footer_offsets and resized:
        touched = [t or e > start for t, (_, e) in zip(touched, sample.spans, strict=True)]
    if sample.spills:  # the record after a damaged one may be read as its payload
        touched = [t or (i > 0 and touched[i - 1]) for i, t in enumerate(touched)]
    kept = [_content(r) for r in rows if r["drop_reason"] is None]
    for marker, hit in zip(sample.markers, touched, strict=True):
        found = sum(marker in text for text in kept)
        if not hit and found != 1:
            errors.append(f"intact record {marker} kept {found} times")
    if any(touched) and not rows:
        errors.append("damage gave no row")
    return errors


def test_fuzz_every_reader(tmp_path, capsys):
    counts = Counter(cases=0, crashes=0, hangs=0, accounting_mismatches=0)
    failures = []
    for seed in SEEDS:
        rng = random.Random(seed)
        for sample in samples(rng):
            for case in range(CASES_PER_SEED):
                mutation = MUTATIONS[case % len(MUTATIONS)]
                data, damaged = mutation(sample.data, rng)
                path = tmp_path / f"s{seed}-{case}" / sample.name
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(data)
                counts["cases"] += 1
                label = f"seed {seed} {sample.name} {mutation.__name__} {damaged}"
                try:
                    rows = read_rows(path, sample)
                except Hang:
                    counts["hangs"] += 1
                    failures.append(f"{label}: hang")
                    continue
                except Exception as exc:  # noqa: BLE001 - counted, reported below
                    counts["crashes"] += 1
                    failures.append(f"{label}: {type(exc).__name__}: {exc}")
                    continue
                errors = accounting_errors(sample, damaged, rows, len(data) != len(sample.data))
                if errors:
                    counts["accounting_mismatches"] += 1
                    failures.append(f"{label}: {errors[:3]}")
    with capsys.disabled():
        print("\nreader fuzz:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    assert counts["cases"] == len(SEEDS) * CASES_PER_SEED * len(samples(random.Random(0)))
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("seed", [3])
def test_fuzzed_files_through_the_pipeline_are_accounted_per_file(tmp_path, monkeypatch, capsys,
                                                                 seed):
    monkeypatch.chdir(tmp_path)
    rng = random.Random(seed)
    inputs, rows_read = [], {}
    for i, sample in enumerate(samples(rng)):
        mutation = MUTATIONS[i % len(MUTATIONS)]
        data, _ = mutation(sample.data, rng)
        folder = tmp_path / f"in{i}"
        folder.mkdir()
        (folder / sample.name).write_bytes(data)
        source = f"s{i}"
        inputs.append({"format": sample.fmt, "paths": [f"in{i}/{sample.name}"],
                       "source": source, **sample.options})
        spec = InputSpec(sample.fmt, (sample.name,), source, options=sample.options)
        rows = [r for u in list_units([spec], str(folder))
                for t in read_unit(u, spec, str(folder)) for r in t.to_pylist()]
        rows_read[source] = rows
    config = {"name": "fuzz", "inputs": inputs, "stages": [{"extract": {}}],
              "output": {"path": "out"}}
    (tmp_path / "fuzz.yaml").write_text(yaml.safe_dump(config))
    assert main(["run", "fuzz.yaml", "--inline", "--quiet"]) in (0, 1)
    kept = Counter(pq.read_table(tmp_path / "out" / "data").column("source").to_pylist())
    rejected = Counter(pq.read_table(tmp_path / "out" / "rejected").column("source").to_pylist())
    mismatches = 0
    for source, rows in rows_read.items():
        skipped = sum(1 for r in rows if r["drop_reason"] in NOT_DOCUMENT_REASONS)
        if len(rows) != kept[source] + rejected[source] + skipped:
            mismatches += 1
    with capsys.disabled():
        print(f"\npipeline fuzz: files {len(rows_read)}, accounting mismatches {mismatches}")
    assert mismatches == 0
