"""JSONL, Parquet, text and HTML files, and the bad inputs of each."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from dataprep.readers import InputSpec, list_units, read_unit
from dataprep.schema import BASE_SCHEMA, meta_of


def _read(tmp_path, name: str, data: bytes, fmt: str = "jsonl", text_field: str = "text",
          **options):
    (tmp_path / name).write_bytes(data)
    spec = InputSpec(fmt, (name,), "mixed", text_field=text_field, options=options)
    tables = [t for u in list_units([spec], str(tmp_path))
              for t in read_unit(u, spec, str(tmp_path), batch_rows=3)]
    for t in tables:
        assert t.schema.remove_metadata().equals(BASE_SCHEMA) or t.schema.names[-1] == "html"
    return [r for t in tables for r in t.to_pylist()], [m for t in tables for m in meta_of(t)]


DOCS = [{"id": "d1", "text": "First document.", "url": "https://a.org/1", "lang_hint": "en"},
        {"text": "Second, without id.", "tags": ["x", "y"]},
        {"id": 7, "body": "wrong field"}]


@pytest.mark.parametrize("name, compress", [
    ("d.jsonl", lambda b: b), ("d.jsonl.gz", gzip.compress),
    ("d.jsonl.zst", zstandard.ZstdCompressor().compress)])
def test_jsonl_fields_ids_meta(tmp_path, name, compress):
    data = "".join(json.dumps(d) + "\n" for d in DOCS).encode()
    rows, metas = _read(tmp_path, name, compress(data))
    second = len(json.dumps(DOCS[0])) + 1  # byte offset of line 1 (decompressed)
    assert [r["id"] for r in rows] == ["d1", f"mixed/{name}#{second}", "7"]
    assert [r["text"] for r in rows][:2] == ["First document.", "Second, without id."]
    assert rows[0]["url"] == "https://a.org/1" and rows[0]["source"] == "mixed"
    assert metas[:2] == [{"lang_hint": "en"}, {"tags": ["x", "y"]}]
    assert rows[2]["drop_reason"] == "read:missing_text"


def test_jsonl_text_field_option(tmp_path):
    rows, _ = _read(tmp_path, "b.jsonl", json.dumps({"body": "hello", "link": "u"}).encode(),
                    text_field="body", url_field="link")
    assert (rows[0]["text"], rows[0]["url"], rows[0]["drop_reason"]) == ("hello", "u", None)


def test_jsonl_bad_lines_are_rejected_and_neighbours_kept(tmp_path):
    lines = [json.dumps({"text": "good one"}).encode(),
             b'{"text": "caf\xe9 latin-1 byte"}',
             b'{"text": "unterminated',
             b"[1, 2, 3]",
             b"",
             json.dumps({"text": "x" * 300}).encode(),
             json.dumps({"text": "good two"}).encode()]
    rows, _ = _read(tmp_path, "bad.jsonl", b"\n".join(lines) + b"\n", max_doc_bytes=200)
    assert [r["drop_reason"] for r in rows] == [
        None, "read:invalid_utf8", "read:invalid_json", "read:not_an_object", "read:too_large",
        None]
    assert rows[1]["text"] == '{"text": "caf\ufffd latin-1 byte"}'
    last = sum(len(line) + 1 for line in lines[:-1])
    assert [r["id"] for r in rows][-1] == f"mixed/bad.jsonl#{last}"


@pytest.mark.parametrize("name, data, reason", [
    ("empty.jsonl", b"", "read:empty_file"),
    ("blank.jsonl", b"\n \n", "read:empty_file"),
    ("binary.jsonl", bytes(range(256)) * 40, "read:binary_file"),
])
def test_jsonl_unreadable_files_give_one_row(tmp_path, name, data, reason):
    rows, metas = _read(tmp_path, name, data)
    assert [r["drop_reason"] for r in rows] == [reason]
    assert metas[0]["path"].endswith(name)


def test_jsonl_gz_truncated_and_corrupt_member(tmp_path):
    members = [gzip.compress(b"".join(json.dumps({"text": f"doc {i}-{j}"}).encode() + b"\n"
                                      for j in range(50))) for i in range(3)]
    rows, _ = _read(tmp_path, "cut.jsonl.gz", b"".join(members)[:-25])
    reasons = [r["drop_reason"] for r in rows]
    assert reasons[:100] == [None] * 100 and reasons.count("read:truncated") == 1
    broken = bytearray(members[1])
    broken[20:60] = bytes(40)
    rows, _ = _read(tmp_path, "mid.jsonl.gz", members[0] + bytes(broken) + members[2])
    texts = [r["text"] for r in rows if r["drop_reason"] is None]
    assert texts[0] == "doc 0-0" and texts[-1] == "doc 2-49" and len(texts) == 100
    assert [r["drop_reason"] for r in rows].count("read:corrupt_gzip") == 1


def test_jsonl_single_50mb_document_streams_in_its_own_batch(tmp_path):
    big = "word " * (10 << 20)
    data = (json.dumps({"text": "small"}) + "\n" + json.dumps({"text": big}) + "\n").encode()
    (tmp_path / "big.jsonl").write_bytes(data)
    spec = InputSpec("jsonl", ("big.jsonl",), "s")
    [unit] = list_units([spec], str(tmp_path))
    tables = list(read_unit(unit, spec, str(tmp_path), batch_bytes=1 << 20))
    assert [t.num_rows for t in tables] == [2] or [t.num_rows for t in tables] == [1, 1]
    assert sum(len(t.column("text")[-1].as_py()) for t in tables[-1:]) == len(big)


def test_parquet(tmp_path):
    table = pa.table({"id": ["p1", None, "p3"], "content": ["alpha", "beta", None],
                      "url": ["https://p/1", None, None],
                      "score": [0.5, 0.25, 1.0],
                      "when": pa.array([1, 2, 3], pa.timestamp("s"))})
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=2)
    spec = InputSpec("parquet", ("t.parquet",), "pq", text_field="content")
    tables = [t for u in list_units([spec], str(tmp_path))
              for t in read_unit(u, spec, str(tmp_path))]
    rows = [r for t in tables for r in t.to_pylist()]
    metas = [m for t in tables for m in meta_of(t)]
    assert [r["id"] for r in rows] == ["p1", "pq/t.parquet#1", "p3"]
    assert [r["drop_reason"] for r in rows] == [None, None, "read:missing_text"]
    assert metas[0] == {"score": 0.5, "when": "1970-01-01 00:00:01"}
    assert rows[0]["url"] == "https://p/1"


def test_parquet_bad_files(tmp_path):
    rows, _ = _read(tmp_path, "junk.parquet", b"PAR1 not really", fmt="parquet")
    assert [r["drop_reason"] for r in rows] == ["read:invalid_parquet"]
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "other.parquet")
    spec = InputSpec("parquet", ("other.parquet",), "pq")
    [unit] = list_units([spec], str(tmp_path))
    rows = [r for t in read_unit(unit, spec, str(tmp_path)) for r in t.to_pylist()]
    assert [r["drop_reason"] for r in rows] == ["read:missing_text_column"]


def test_text_and_html_files(tmp_path):
    note = "Müller’s café reopened on the quay — “naïve” tourists queued for crêpes.\r\n"
    rows, metas = _read(tmp_path, "note.txt", note.encode("cp1252"), fmt="text")
    assert rows[0]["text"] == note and rows[0]["id"] == "mixed/note.txt#0"
    assert metas[0]["encoding"] == "cp1252"
    page = '<html><head><meta charset="windows-1251"></head><body>Привет, мир</body></html>'
    rows, metas = _read(tmp_path, "page.html", page.encode("cp1251"), fmt="html")
    assert rows[0]["html"] == page and rows[0]["text"] is None
    assert (metas[0]["charset"], metas[0]["charset_source"]) == ("cp1251", "meta")
    rows, _ = _read(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(500), fmt="text")
    assert rows[0]["drop_reason"] == "read:binary_file"
