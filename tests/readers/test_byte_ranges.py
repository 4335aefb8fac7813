"""Byte-range units: a big file split at any size gives the rows of the unsplit file, once."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from helpers import run_recorded
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dataprep.config import parse_config
from dataprep.pipeline import build_pipeline
from dataprep.readers import InputSpec, Unit, list_units, read_unit

# The WARC tests run under both parsers (see conftest.py).
both_parsers = pytest.mark.usefixtures("warc_parser")

PAGE = ("<!DOCTYPE html><html><head><title>Tide tables</title></head><body><article><p>High "
        "water at the harbour mouth is {n} minutes later than at the pier.</p></article>"
        "</body></html>")


def _rows(units: list[Unit], spec: InputSpec, base: Path) -> list[dict]:
    return [r for u in units for t in read_unit(u, spec, str(base), batch_rows=4)
            for r in t.to_pylist()]


def _by_id(rows: list[dict]) -> dict[str, dict]:
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids), "a record was read twice"
    return {r["id"]: r for r in rows}


def _cut(path: Path, cuts: list[int]) -> list[Unit]:
    """Units of ``path`` cut at the given offsets (the last one runs to the end)."""
    bounds = [0, *cuts]
    return [Unit(i, 0, str(path), start, bounds[i + 1] if i + 1 < len(bounds) else None)
            for i, start in enumerate(bounds)]


def _assert_split_invariant(tmp_path: Path, spec: InputSpec, name: str,
                            cuts: list[int], sizes: list[int]) -> list[dict]:
    """Every single cut in ``cuts`` and every ``unit_bytes`` in ``sizes`` give the rows of
    the unsplit file: same ids, same rows, none twice."""
    whole = _rows(list_units([spec], str(tmp_path)), spec, tmp_path)
    expected = _by_id(whole)
    for cut in cuts:
        assert _by_id(_rows(_cut(tmp_path / name, [cut]), spec, tmp_path)) == expected, cut
    for size in sizes:
        units = list_units([spec], str(tmp_path), unit_bytes=size)
        assert len(units) == -(-(tmp_path / name).stat().st_size // size), size
        assert _by_id(_rows(units, spec, tmp_path)) == expected, size
    return whole


def _jsonl_lines() -> list[bytes]:
    lines = [json.dumps({"id": f"k{i}", "text": f"kept document {i} " + "word " * (i * 3)})
             for i in range(6)]
    lines += [json.dumps({"text": "no id: named by its byte offset"}), "",
              '{"text": "unterminated', json.dumps({"text": "y" * 150}),
              json.dumps({"text": "crlf line", "lang_hint": "en"}) + "\r", "[1, 2]"]
    encoded = [line.encode() for line in lines] + [b'{"text": "caf\xe9"}']
    return encoded + [json.dumps({"text": "last, no newline"}).encode()]


def test_jsonl_any_cut_gives_every_line_once(tmp_path):
    data = b"\n".join(_jsonl_lines())
    (tmp_path / "big.jsonl").write_bytes(data)
    spec = InputSpec("jsonl", ("big.jsonl",), "s", options={"max_doc_bytes": 120})
    rows = _assert_split_invariant(tmp_path, spec, "big.jsonl", list(range(1, len(data))),
                                   [1, 7, 64, 100, 333, len(data) - 1])
    assert [r["drop_reason"] for r in rows] == [None] * 7 + [
        "read:invalid_json", "read:too_large", None, "read:not_an_object",
        "read:invalid_utf8", None]
    offset = data.index(b'{"text": "no id')
    assert rows[6]["id"] == f"s/big.jsonl#{offset}" and rows[-1]["text"] == "last, no newline"


def test_jsonl_range_units_of_the_pipeline_share_one_file(tmp_path):
    (tmp_path / "big.jsonl").write_bytes(b"\n".join(_jsonl_lines()) + b"\n")
    spec = InputSpec("jsonl", ("big.jsonl",), "s")
    units = list_units([spec], str(tmp_path), unit_bytes=200)
    assert [(u.index, u.start, u.end) for u in units[:2]] == [(0, 0, 200), (1, 200, 400)]
    assert units[-1].end is None and {u.path for u in units} == {str(tmp_path / "big.jsonl")}
    per_unit = [len(_rows([u], spec, tmp_path)) for u in units]
    assert sum(per_unit) == 13 and max(per_unit) < 13


@pytest.mark.parametrize("name, data", [
    ("a.jsonl.gz", gzip.compress(b'{"text": "x"}\n' * 200)),
    ("a.jsonl.zst", zstandard.ZstdCompressor().compress(b'{"text": "x"}\n' * 200)),
    ("a.json", json.dumps([{"text": "x"}] * 200).encode()),
    ("a.jsonl", bytes(range(256)) * 10),
])
def test_jsonl_that_cannot_be_split_is_one_unit(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    spec = InputSpec("jsonl", (name,), "s")
    assert [(u.start, u.end) for u in list_units([spec], str(tmp_path), unit_bytes=50)] == [
        (0, None)]


def test_parquet_row_groups_are_split_by_their_first_byte(tmp_path):
    n = 60
    table = pa.table({"id": [f"p{i}" if i % 3 else None for i in range(n)],
                      "text": [f"row {i} " + "lorem " * (i % 7) for i in range(n)],
                      "score": [i / 7 for i in range(n)]})
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=7)
    spec = InputSpec("parquet", ("t.parquet",), "pq")
    size = (tmp_path / "t.parquet").stat().st_size
    rows = _assert_split_invariant(tmp_path, spec, "t.parquet", list(range(1, size, 37)),
                                   [97, 500, 1500, size // 2, size - 1])
    assert len(rows) == n and rows[3]["id"] == "pq/t.parquet#3"
    units = list_units([spec], str(tmp_path), unit_bytes=300)
    assert any(not _rows([u], spec, tmp_path) for u in units)  # ranges without a group start


def _record(url: str, body: bytes, *, kind: str = "response", ctype: str = "text/html",
            record_id: bool = True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, kind, payload=io.BytesIO(body),
                                       http_headers=http if kind == "response" else None,
                                       warc_content_type=None if kind == "response" else ctype)
    if not record_id:
        record.rec_headers.remove_header("WARC-Record-ID")
    writer.write_record(record)
    return out.getvalue()


def _records() -> list[bytes]:
    records = [_record(f"https://tides.example.org/{i}", PAGE.format(n=i).encode())
               for i in range(6)]
    records.insert(2, _record("https://tides.example.org/logo.png", b"\x89PNG" + bytes(40),
                              ctype="image/png"))
    # A payload that talks about WARC headers must not be taken for a record.
    records.insert(4, _record("https://tides.example.org/warc.txt", b"see\r\n\r\nWARC/1.0 there",
                              kind="resource", ctype="text/plain"))
    records.append(_record("https://tides.example.org/anon", PAGE.format(n=99).encode(),
                           record_id=False))
    return records


def _boundary_cuts(starts: list[int], size: int, step: int) -> list[int]:
    near = {s + d for s in starts for d in range(-5, 6)}
    return sorted(c for c in near | set(range(1, size, step)) if 0 < c < size)


@both_parsers
def test_uncompressed_warc_any_cut_gives_every_record_once(tmp_path):
    records = _records()
    data = b"".join(records)
    (tmp_path / "crawl.warc").write_bytes(data)
    spec = InputSpec("warc", ("crawl.warc",), "web")
    starts = [sum(len(r) for r in records[:i]) for i in range(len(records))]
    rows = _assert_split_invariant(tmp_path, spec, "crawl.warc",
                                   _boundary_cuts(starts, len(data), 41),
                                   [100, 700, 1000, len(data) // 2])
    assert len(rows) == len(records)
    assert rows[-1]["id"] == f"web/crawl.warc#{starts[-1]}"  # no WARC-Record-ID: its offset


def _damaged_gzip(records: list[bytes], damage: slice) -> tuple[bytes, list[int], int]:
    members = [gzip.compress(r) for r in records]
    broken = bytearray(members[3])
    broken[damage] = bytes(damage.stop - damage.start)
    members[3] = bytes(broken)
    starts = [sum(len(m) for m in members[:i]) for i in range(len(members))]
    return b"".join(members), starts, starts[3]


@both_parsers
@pytest.mark.parametrize("damage", [slice(30, 80), slice(0, 12)],
                         ids=["corrupt_data", "corrupt_header"])
def test_member_per_record_gzip_any_cut_even_inside_the_corrupt_member(tmp_path, damage):
    records = _records()
    data, starts, corrupt = _damaged_gzip(records, damage)
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    spec = InputSpec("warc", ("crawl.warc.gz",), "web")
    inside = list(range(corrupt - 3, starts[4] + 3))
    cuts = sorted(set(_boundary_cuts(starts, len(data), 23)) | set(inside))
    rows = _assert_split_invariant(tmp_path, spec, "crawl.warc.gz", cuts,
                                   [64, 300, 1000, len(data) // 3])
    reasons = [r["drop_reason"] for r in rows]
    assert reasons.count("read:corrupt_gzip") == 1 and len(rows) == len(records)
    assert f"web/crawl.warc.gz#corrupt_gzip@{corrupt}" in _by_id(rows)
    assert rows[-1]["id"] == f"web/crawl.warc.gz#{starts[-1]}"  # member start


@both_parsers
def test_gzip_truncated_in_the_last_member_is_reported_once(tmp_path):
    members = [gzip.compress(r) for r in _records()]
    data = b"".join(members)[:-30]
    (tmp_path / "cut.warc.gz").write_bytes(data)
    spec = InputSpec("warc", ("cut.warc.gz",), "web")
    rows = _assert_split_invariant(tmp_path, spec, "cut.warc.gz", list(range(1, len(data), 97)),
                                   [200, 900])
    assert [r["drop_reason"] for r in rows].count("read:truncated") == 1


@both_parsers
@pytest.mark.parametrize("name, fmt, compress", [
    ("whole.warc.gz", "warc", gzip.compress),
    ("whole.warc.zst", "warc", zstandard.ZstdCompressor().compress),
    ("old.arc", "arc", lambda b: b"filedesc://x.arc 0.0.0.0 20050614070144 text/plain 0\n\n" + b),
])
def test_streams_that_cannot_be_split_are_one_unit(tmp_path, name, fmt, compress):
    (tmp_path / name).write_bytes(compress(b"".join(_records())))
    spec = InputSpec(fmt, (name,), "web")
    assert [(u.start, u.end) for u in list_units([spec], str(tmp_path), unit_bytes=64)] == [
        (0, None)]


@both_parsers
def test_a_warc_record_warcio_cannot_parse_costs_only_itself(tmp_path):
    records = _records()
    records[3] = b"GARBAGE WHERE A RECORD SHOULD BE\r\n" * 20 + b"\r\n"
    data = b"".join(records)
    (tmp_path / "bad.warc").write_bytes(data)
    spec = InputSpec("warc", ("bad.warc",), "web")
    starts = [sum(len(r) for r in records[:i]) for i in range(len(records))]
    rows = _assert_split_invariant(tmp_path, spec, "bad.warc",
                                   _boundary_cuts(starts, len(data), 53), [300, 1000])
    assert [r["url"].rsplit("/", 1)[1] for r in rows if r["drop_reason"] is None] == [
        "0", "1", "3", "4", "5", "anon"]  # page 2 was the garbage
    assert [r["id"] for r in rows if r["drop_reason"] == "read:invalid_record"] == [
        f"web/bad.warc#invalid_record@{starts[3]}"]


def test_pipeline_small_units_keep_the_same_documents(tmp_path):
    text = ("The harbour ferry leaves every hour from the north pier, and the crossing takes "
            "about twenty minutes when the sea is calm. In winter the timetable changes and the "
            "last boat of the day leaves before dark, so travellers who want to see the island "
            "should plan to arrive early. Tickets can be bought at the kiosk next to the cafe or "
            "on board, and bicycles travel for free on every crossing of the year. Item {}.")
    rows = [{"text": text.format(i % 40)} for i in range(120)]  # 80 exact duplicates
    rows += [{"id": f"short-{i}", "text": "too short"} for i in range(5)]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    kept = {}
    for unit_bytes in (1000, 1 << 30):
        raw = {"name": "t", "inputs": [{"format": "jsonl", "paths": ["in/big.jsonl"],
                                        "source": "s"}],
               "stages": [{"gopher_quality": {}}, {"exact_dedup": {}}],
               "output": {"path": str(tmp_path / f"out-{unit_bytes}")},
               "execution": {"unit_bytes": unit_bytes}}
        result = run_recorded(build_pipeline(parse_config(raw, base_dir=str(tmp_path))))
        assert not result.failed
        kept[unit_bytes] = sorted(pq.read_table(tmp_path / f"out-{unit_bytes}" / "data")
                                  .column("id").to_pylist())
        if unit_bytes == 1000:
            assert result.units > 10
    assert kept[1000] == kept[1 << 30] and len(kept[1000]) == 40


@both_parsers
def test_gzip_member_that_is_no_record_costs_only_itself(tmp_path):
    members = [gzip.compress(b"five words of no record\n" * 3)]
    members += [gzip.compress(r) for r in _records()[:4]]
    (tmp_path / "odd.warc.gz").write_bytes(b"".join(members))
    spec = InputSpec("warc", ("odd.warc.gz",), "web")
    rows = _rows(list_units([spec], str(tmp_path)), spec, tmp_path)
    assert [r["drop_reason"] for r in rows] == [
        "read:invalid_record", None, None, "read:non_html", None]
    assert rows[0]["id"] == "web/odd.warc.gz#0"


def test_ranges_of_a_remote_file(tmp_path):
    fs = fsspec.filesystem("memory")
    data = b"".join(json.dumps({"text": f"line {i} " + "x" * (i % 13)}).encode() + b"\n"
                    for i in range(40))
    with fs.open("/ranges/a.jsonl", "wb") as f:
        f.write(data)
    spec = InputSpec("jsonl", ("memory://ranges/*.jsonl",), "mem")
    try:
        whole = _rows(list_units([spec], "/nonexistent"), spec, tmp_path)
        units = list_units([spec], "/nonexistent", unit_bytes=100)
        assert len(units) == -(-len(data) // 100)
        assert _rows(units, spec, tmp_path) == whole and len(whole) == 40
    finally:
        fs.rm("/ranges", recursive=True)
