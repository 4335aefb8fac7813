"""Damage stays in its record (reliability findings F4, F5, F6, F8, F14): every input record
is kept, rejected with a reason, or counted, and the rest of the file is read."""

from __future__ import annotations

import gzip
import json
import os
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dataprep.readers import InputSpec, list_units, read_unit
from dataprep.schema import meta_of

# The WARC tests run under both parsers (see conftest.py).
both_parsers = pytest.mark.usefixtures("warc_parser")
PAGE = b"<html><body><p>" + b"A good page about rivers and towns. " * 20 + b"</p></body></html>"


def warc_record(uri: bytes | None, body: bytes, n: int) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%d>\r\n" % n
    if uri:
        head += b"WARC-Target-URI: " + uri + b"\r\n"
    return (head + b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n")


def read_rows(tmp_path, name: str, data: bytes | None, fmt: str, **options) -> list[dict]:
    if data is not None:
        (tmp_path / name).write_bytes(data)
    spec = InputSpec(fmt, (name,), "src", options=options)
    rows = []
    for unit in list_units([spec], str(tmp_path)):
        for table in read_unit(unit, spec, str(tmp_path)):
            metas = meta_of(table)
            rows += [{**r, "meta": m} for r, m in zip(table.to_pylist(), metas, strict=True)]
    return rows


def reasons(rows: list[dict]) -> list[str | None]:
    return [r["drop_reason"] for r in rows]


# F4 ------------------------------------------------------------------------------------------


@both_parsers
@pytest.mark.parametrize("compress", [False, True])
def test_response_without_target_uri_is_one_invalid_record(tmp_path, compress):
    records = [warc_record(b"http://a/1", PAGE, 1), warc_record(None, PAGE + b" ", 2),
               warc_record(b"http://a/3", PAGE + b"  ", 3)]
    data = b"".join(gzip.compress(r) for r in records) if compress else b"".join(records)
    rows = read_rows(tmp_path, "x.warc.gz" if compress else "x.warc", data, "warc")
    assert [r["url"] for r in rows if r["drop_reason"] is None] == ["http://a/1", "http://a/3"]
    assert len(rows) == 3
    assert reasons(rows)[1] == "read:invalid_record"


@both_parsers
def test_crawl_cut_inside_a_record_header_keeps_the_records_before(tmp_path):
    members = [gzip.compress(warc_record(b"http://a/%d" % i, PAGE, i)) for i in range(6)]
    whole = b"".join(members)
    # Cut inside the sixth member's (compressed) header block.
    cut = whole[:sum(map(len, members[:5])) + 40]
    rows = read_rows(tmp_path, "cut.warc.gz", cut, "warc")
    assert sum(r["drop_reason"] is None for r in rows) == 5
    assert reasons(rows)[5:] == ["read:truncated"]


# F5 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_line", [
    '{"id": "s", "text": "lone \\ud800 surrogate"}',
    '{"id": "s", "text": "fine", "note": "lone \\udfff"}',
    '{"x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"n": ' + "9" * 5000 + ', "text": "digits"}',
])
def test_one_bad_json_value_costs_only_its_line(tmp_path, bad_line):
    lines = ['{"id": "ok1", "text": "fine."}', bad_line, '{"id": "ok3", "text": "fine."}']
    rows = read_rows(tmp_path, "a.jsonl", ("\n".join(lines) + "\n").encode(), "jsonl")
    assert len(rows) == 3
    assert rows[0]["drop_reason"] is None and rows[2]["drop_reason"] is None
    assert rows[1]["drop_reason"] in ("read:invalid_json", "read:invalid_unicode")
    # What is kept of the bad line can be written (no lone surrogate reaches Arrow/JSON).
    json.dumps(rows[1], ensure_ascii=False).encode("utf-8")


def test_json_array_nested_past_the_recursion_limit(tmp_path):
    data = b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]"
    rows = read_rows(tmp_path, "deep.json", data, "jsonl")
    assert reasons(rows) == ["read:invalid_json"]


def test_dialogue_with_a_lone_surrogate(tmp_path):
    good = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
    bad = '{"messages": [{"role": "user", "content": "\\ud800"}, {"role": "x", "content": "y"}]}'
    data = "\n".join([json.dumps(good), bad, json.dumps(good)]) + "\n"
    rows = read_rows(tmp_path, "chat.jsonl", data.encode(), "dialogue")
    assert [r is None for r in reasons(rows)] == [True, False, True]


# F6 ------------------------------------------------------------------------------------------


def test_one_nul_byte_costs_only_its_line(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": f"line {i}"}).encode() for i in range(30)]
    lines[4] = lines[4][:10] + b"\0" + lines[4][10:]
    rows = read_rows(tmp_path, "n.jsonl", b"\n".join(lines) + b"\n", "jsonl")
    assert len(rows) == 30
    assert sum(r is None for r in reasons(rows)) == 29
    assert reasons(rows)[4] == "read:invalid_json"


def test_a_real_binary_file_is_still_one_binary_row(tmp_path):
    rows = read_rows(tmp_path, "b.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "jsonl")
    assert reasons(rows) == ["read:binary_file"]


def test_parquet_invalid_utf8_costs_only_its_row(tmp_path):
    texts = pa.array([b"first", b"bad \xff\xfe", b"third"], pa.binary()).cast(pa.string(),
                                                                           safe=False)
    table = pa.table({"id": ["a", "b", "c"], "text": texts})
    pq.write_table(table, tmp_path / "u.parquet", row_group_size=1)
    rows = read_rows(tmp_path, "u.parquet", None, "parquet")
    assert len(rows) == 3
    assert [r is None for r in reasons(rows)] == [True, False, True]
    assert rows[1]["drop_reason"] == "read:invalid_utf8"


def test_parquet_corrupt_row_group_does_not_end_the_file(tmp_path):
    table = pa.table({"id": [f"r{i}" for i in range(4)],
                      "text": [f"text number {i} " * 50 for i in range(4)]})
    path = tmp_path / "c.parquet"
    pq.write_table(table, path, row_group_size=1, compression="none")
    meta = pq.ParquetFile(path).metadata
    start = meta.row_group(1).column(1).data_page_offset
    data = bytearray(path.read_bytes())
    data[start:start + 40] = b"\xff" * 40  # the page header of group 1's text chunk
    rows = read_rows(tmp_path, "c.parquet", bytes(data), "parquet")
    kept = [r["meta"].get("id", r["id"]) for r in rows if r["drop_reason"] is None]
    assert len(kept) == 3 and "r1" not in kept
    assert reasons(rows).count("read:invalid_parquet") == 1


def test_irc_line_with_an_impossible_date(tmp_path):
    log = ("2024-01-02 12:00:00 <ann> hello there\n2024-01-02 12:01:00 <bob> hi ann\n"
           "2024-13-45 12:02:00 <cat> x\n2024-01-02 12:03:00 <ann> bye\n")
    rows = read_rows(tmp_path, "chan.log", log.encode(), "dialogue", shape="irc")
    assert reasons(rows) == [None]
    assert "bye" in rows[0]["text"]


def test_comment_parent_cycle_keeps_its_comments(tmp_path):
    comments = [{"id": "t1_a", "parent_id": "t1_b", "body": "first words", "author": "x"},
                {"id": "t1_b", "parent_id": "t1_a", "body": "second words", "author": "y"},
                {"id": "t1_c", "parent_id": "t3_post", "body": "root", "author": "z"},
                {"id": "t1_d", "parent_id": "t1_c", "body": "reply", "author": "w"}]
    data = "\n".join(json.dumps(c) for c in comments) + "\n"
    rows = read_rows(tmp_path, "c.jsonl", data.encode(), "dialogue", shape="comments")
    texts = " ".join(r["text"] or "" for r in rows)
    assert "first words" in texts and "second words" in texts and "reply" in texts


@both_parsers
@pytest.mark.parametrize("charset", [b"utf-16", b"punycode", b"utf-32"])
def test_lying_meta_charset_on_a_utf8_page(tmp_path, charset):
    page = b'<html><head><meta charset="' + charset + b'"></head><body><p>caf\xc3\xa9 ' \
           + b"and more words " * 20 + b"</p></body></html>"
    rows = read_rows(tmp_path, "p.warc", warc_record(b"http://a/p", page, 1), "warc")
    assert reasons(rows) == [None]
    assert "café" in rows[0]["html"]
    rows = read_rows(tmp_path, "p.html", page, "html")
    assert reasons(rows) == [None] and "café" in rows[0]["html"]


# F8 ------------------------------------------------------------------------------------------


def test_comment_broom_output_is_bounded(tmp_path):
    depth, leaves = 600, 600
    comments = [{"id": f"c{i}", "parent_id": f"c{i - 1}" if i else "t3_p", "body": f"chain {i}",
                 "author": f"a{i % 7}"} for i in range(depth)]
    comments += [{"id": f"l{i}", "parent_id": f"c{depth - 1}", "body": f"leaf {i}",
                  "author": "b"} for i in range(leaves)]
    data = "\n".join(json.dumps(c) for c in comments) + "\n"
    rows = read_rows(tmp_path, "broom.jsonl", data.encode(), "dialogue", shape="comments")
    assert len(rows) == leaves
    assert all(r["meta"]["turns"] <= 64 for r in rows)
    assert sum(len(r["text"] or "") for r in rows) < 100 * len(data)


@both_parsers
@pytest.mark.parametrize("name", ["z.warc.gz", "z.warc"])
def test_newline_free_warc_data_is_read_in_linear_time(tmp_path, name):
    data = bytes(16 << 20)
    started = time.process_time()
    rows = read_rows(tmp_path, name, gzip.compress(data) if name.endswith(".gz") else data,
                     "warc")
    assert time.process_time() - started < 30  # about 7 s before the fix; no fine timing
    assert len(rows) >= 1 and all(r["drop_reason"] for r in rows)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_matched_by_a_glob_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "ok.jsonl").write_text('{"text": "fine"}\n')
    os.mkfifo(tmp_path / "pipe.jsonl")
    spec = InputSpec("jsonl", ("*.jsonl",), "src")
    rows = [r for u in list_units([spec], str(tmp_path))
            for t in read_unit(u, spec, str(tmp_path)) for r in t.to_pylist()]
    assert sorted(reasons(rows), key=str) == [None, "read:not_a_regular_file"]


# F14 -----------------------------------------------------------------------------------------


@both_parsers
@pytest.mark.parametrize("data", [b"", gzip.compress(b"")], ids=["zero_bytes", "empty_gzip"])
def test_empty_warc_gz_gives_one_row(tmp_path, data):
    rows = read_rows(tmp_path, "e.warc.gz", data, "warc")
    assert reasons(rows) == ["read:empty_file"]


def test_missing_input_fails_its_unit(tmp_path):
    (tmp_path / "gone.jsonl").write_text('{"text": "x"}\n')
    spec = InputSpec("jsonl", ("gone.jsonl",), "src")
    units = list_units([spec], str(tmp_path))
    (tmp_path / "gone.jsonl").unlink()
    with pytest.raises(FileNotFoundError):
        list(read_unit(units[0], spec, str(tmp_path)))


def test_broken_symlink_fails_its_unit(tmp_path):
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    spec = InputSpec("jsonl", ("*.jsonl",), "src")
    units = list_units([spec], str(tmp_path))
    with pytest.raises(OSError):
        list(read_unit(units[0], spec, str(tmp_path)))


def test_a_file_listed_by_two_inputs_is_read_once(tmp_path, caplog):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "one"}\n')
    specs = [InputSpec("jsonl", ("a.jsonl",), "first"), InputSpec("jsonl", ("*.jsonl",), "second")]
    units = list_units(specs, str(tmp_path))
    assert [(u.spec_index, u.path.rsplit("/", 1)[1]) for u in units] == [(0, "a.jsonl")]
    assert "already read by inputs[0]" in caplog.text


def test_fastwarc_reads_good_files_without_warcio(tmp_path, monkeypatch):
    import dataprep.readers.warc as warc

    def no_warcio(*args, **kwargs):
        raise AssertionError("warcio used on a file fastwarc reads")

    monkeypatch.setattr(warc, "warcio_segment", no_warcio)
    records = [warc_record(b"http://a/%d" % i, PAGE, i) for i in range(4)]
    for name, data in (("p.warc", b"".join(records)),
                       ("m.warc.gz", b"".join(gzip.compress(r) for r in records)),
                       ("w.warc.gz", gzip.compress(b"".join(records)))):
        rows = read_rows(tmp_path, name, data, "warc")
        assert reasons(rows) == [None] * 4, name
