"""WARC, WET and ARC reading through the public read_unit, on files written with warcio."""

from __future__ import annotations

import gzip
import io

import pyarrow as pa
import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dataprep.readers import InputSpec, list_units, not_documents, read_unit
from dataprep.readers.warc_rows import NOT_DOCUMENT_REASONS
from dataprep.schema import meta_of

# Both WARC parsers (see conftest.py).
pytestmark = pytest.mark.usefixtures("warc_parser")

PAGE = ("<!DOCTYPE html><html><head><title>Harbour news</title>{meta}</head><body><nav>Home"
        "</nav><article><p>The boats came back at dawn {n}.</p></article></body></html>")


def _record(url: str, body: bytes, content_type: str | None, kind: str = "response",
            record_id: str | None = None) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = [("WARC-Record-ID", f"<urn:uuid:{record_id}>")] if record_id else []
    if kind == "response":
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)] if content_type
                                else [], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, kind, payload=io.BytesIO(body),
                                           http_headers=http, warc_headers_dict=dict(headers))
    else:
        record = writer.create_warc_record(url, kind, payload=io.BytesIO(body),
                                           warc_content_type=content_type,
                                           warc_headers_dict=dict(headers))
    writer.write_record(record)
    return out.getvalue()


def _pages(n: int) -> list[bytes]:
    return [_record(f"https://news.example.org/{i}", PAGE.format(meta="", n=i).encode(),
                    "text/html; charset=utf-8", record_id=f"0000000{i}-aaaa-bbbb-cccc-dddddddddddd")
            for i in range(n)]


def _read(tmp_path, name: str, data: bytes, fmt: str = "warc", **options):
    (tmp_path / name).write_bytes(data)
    spec = InputSpec(fmt, (name,), "web", options=options)
    tables = [t for u in list_units([spec], str(tmp_path))
              for t in read_unit(u, spec, str(tmp_path), batch_rows=2)]
    assert all(t.num_rows <= 2 for t in tables)
    return [r for t in tables for r in t.to_pylist()], [m for t in tables for m in meta_of(t)]


def test_member_per_record_gzip_with_corrupt_member_in_the_middle(tmp_path):
    members = [gzip.compress(r) for r in _pages(5)]
    broken = bytearray(members[2])
    broken[30:80] = bytes(50)
    rows, _ = _read(tmp_path, "crawl.warc.gz", b"".join(members[:2]) + bytes(broken)
                    + b"".join(members[3:]))
    kept = [r["url"] for r in rows if r["drop_reason"] is None]
    assert kept == [f"https://news.example.org/{i}" for i in (0, 1, 3, 4)]
    assert [r["drop_reason"] for r in rows].count("read:corrupt_gzip") == 1
    assert len(rows) == 5
    assert rows[0]["id"] == "urn:uuid:00000000-aaaa-bbbb-cccc-dddddddddddd"
    assert rows[0]["text"] is None and "dawn 0." in rows[0]["html"]


def test_whole_file_gzip_truncated_keeps_records_before_the_cut(tmp_path):
    data = gzip.compress(b"".join(_pages(4)))
    rows, _ = _read(tmp_path, "cut.warc.gz", data[: len(data) * 3 // 4])
    reasons = [r["drop_reason"] for r in rows]
    assert reasons[0] is None and reasons[-1] == "read:truncated" and len(reasons) <= 4
    assert reasons.count("read:truncated") == 1


def test_plain_warc_record_shorter_than_content_length_is_truncated(tmp_path):
    data = b"".join(_pages(2))
    rows, _ = _read(tmp_path, "plain.warc", data[:-60])
    assert [r["drop_reason"] for r in rows] == [None, "read:truncated"]
    assert "<title>Harbour news</title>" in rows[1]["text"]  # what could be recovered


def test_zstd_warc(tmp_path):
    data = zstandard.ZstdCompressor().compress(b"".join(_pages(3)))
    rows, _ = _read(tmp_path, "crawl.warc.zst", data)
    assert [r["drop_reason"] for r in rows] == [None, None, None]


def test_non_html_records_are_counted_rows(tmp_path):
    records = [
        _record("https://news.example.org/", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                "application/http; msgtype=request", kind="request"),
        _pages(1)[0],
        _record("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                "image/png"),
        _record("https://news.example.org/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
                "application/pdf"),
        _record("https://news.example.org/mislabelled", bytes(range(256)), "text/html"),
        _record("https://news.example.org/untyped", PAGE.format(meta="", n=9).encode(), None),
        _record("https://news.example.org/", b'{"fetchTimeMs": 12}', "application/json",
                kind="metadata"),
    ]
    rows, metas = _read(tmp_path, "mixed.warc.gz", b"".join(gzip.compress(r) for r in records))
    assert [r["drop_reason"] for r in rows] == [
        "read:skipped_request", None, "read:non_html", "read:non_html", "read:non_html", None,
        "read:skipped_metadata"]
    assert metas[2]["content_type"] == "image/png" and rows[2]["text"] is None


def test_a_record_type_warc_does_not_define_is_skipped_as_other(tmp_path):
    records = [_record("https://news.example.org/x", b"custom payload", "application/x-custom",
                       kind="x-custom"), _pages(1)[0]]
    rows, metas = _read(tmp_path, "custom.warc", b"".join(records))
    assert [r["drop_reason"] for r in rows] == ["read:skipped_other", None]
    assert metas[0]["warc_type"] == "x-custom"


def test_not_documents_are_the_declared_skip_reasons_only():
    reasons = pa.array(["read:skipped_request", "read:skipped_other", "read:skipped_x",
                        "read:non_html", None, "read:skipped_arc_header"])
    assert not_documents(reasons).to_pylist() == [True, True, False, False, False, True]
    assert {"read:skipped_warcinfo", "read:skipped_revisit"} <= NOT_DOCUMENT_REASONS


def test_charset_header_then_meta_then_detection(tmp_path):
    zh = ("<html><head>{meta}</head><body><p>今天天气很好，去海边散步，看渔船回港。</p>"
          "</body></html>")
    records = [
        _record("http://a.cn/1", zh.format(meta="").encode("gbk"), "text/html; charset=GBK"),
        _record("http://a.cn/2", zh.format(meta='<meta charset="gb2312">').encode("gbk"),
                "text/html"),
        _record("http://a.cn/3", zh.format(
            meta='<meta http-equiv="Content-Type" content="text/html; charset=big5">'
        ).replace("气", "氣").replace("边", "邊").replace("渔", "漁").encode("big5"), "text/html"),
        _record("http://a.cn/4", (zh.format(meta="") * 3).encode("gb18030"), "text/html"),
        _record("http://a.cn/5", zh.format(meta='<meta charset="utf-8">').encode("gbk"),
                "text/html; charset=utf-8"),
    ]
    rows, metas = _read(tmp_path, "zh.warc", b"".join(records))
    assert [(m["charset"], m["charset_source"]) for m in metas] == [
        ("gb18030", "header"), ("gb18030", "meta"), ("big5hkscs", "meta"),
        ("gb18030", "detected"), ("gb18030", "detected")]
    assert all("船回港" in r["html"] for r in rows)


WET_INFO = b"Software-Info: ia-web-commons\r\nExtracted-Date: Mon, 01 Jan 2024\r\n"


def test_wet_conversion_records_fill_text(tmp_path):
    records = [_record("", WET_INFO, "application/warc-fields", kind="warcinfo"),
               _record("https://blog.example.com/a", b"Plain extracted text\nsecond line",
                       "text/plain", kind="conversion", record_id="11111111-2222-3333-4444-5"),
               _record("https://blog.example.com/b", "Texto extraído".encode(), "text/plain",
                       kind="conversion")]
    rows, metas = _read(tmp_path, "x.warc.wet.gz", b"".join(gzip.compress(r) for r in records),
                        fmt="wet")
    assert [r["drop_reason"] for r in rows] == ["read:skipped_warcinfo", None, None]
    assert rows[1]["text"] == "Plain extracted text\nsecond line"
    assert rows[1]["id"] == "urn:uuid:11111111-2222-3333-4444-5"
    assert rows[2]["text"] == "Texto extraído" and "html" not in rows[0]


def _arc() -> bytes:
    desc = b"1 0 Example Archive\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://crawl.arc 0.0.0.0 20050614070144 text/plain %d\n%s\n" % (len(desc), desc)
    for i, (ctype, body) in enumerate([("text/html", PAGE.format(meta="", n=1).encode()),
                                       ("image/gif", b"GIF89a" + bytes(20)),
                                       ("text/html", PAGE.format(meta="", n=2).encode())]):
        payload = (b"HTTP/1.0 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\n\r\n" + body)
        out += b"http://old.example.com/%d 10.0.0.1 20050614070%03d %s %d\n%s\n" % (
            i, i, ctype.encode(), len(payload), payload)
    return out


def test_arc_file(tmp_path):
    arc = _arc()
    rows, metas = _read(tmp_path, "old.arc.gz", gzip.compress(arc), fmt="arc")
    assert [r["drop_reason"] for r in rows] == ["read:skipped_arc_header", None,
                                                "read:non_html", None]
    # One gzip member: ids are "<member offset>+<offset of the record in its output>".
    starts = [arc.index(b"http://old.example.com/%d " % i) for i in range(3)]
    assert [r["id"] for r in rows][1:] == [f"web/old.arc.gz#0+{s}" for s in starts]
    assert rows[3]["url"] == "http://old.example.com/2" and "dawn 2." in rows[3]["html"]
    assert metas[1]["date"] == "20050614070000"


def test_too_large_record(tmp_path):
    big = _record("https://x.org/big", b"<html>" + b"a" * 5000 + b"</html>", "text/html")
    rows, metas = _read(tmp_path, "big.warc", big + _pages(1)[0], max_record_bytes=1000)
    assert [r["drop_reason"] for r in rows] == ["read:too_large", None]
    assert metas[0]["bytes_read"] == 1000


def test_garbage_file_named_warc(tmp_path):
    rows, _ = _read(tmp_path, "junk.warc", b"this is not a warc file\n" * 10)
    assert [r["drop_reason"] for r in rows] == ["read:invalid_record"]
