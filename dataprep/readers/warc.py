"""WARC, WET and ARC files (plain, gzip member-per-record or whole-file, zstd) via warcio.

Each record becomes one row, so the manifest accounts for every record of the file:

* ``response``/``resource`` records with an HTML payload (by ``WARC-Identified-Payload-Type``,
  else the HTTP ``Content-Type``, else sniffing the first bytes) -> decoded page in ``html``;
* ``conversion`` records (WET) -> ``text``;
* every other record is rejected with ``read:non_html`` (images, PDFs, plain text ...) or
  ``read:skipped_<type>`` (``request``, ``metadata``, ``warcinfo``, ``revisit``, ARC file
  header), with its url and content type in ``meta`` and no text;
* broken input: ``read:truncated`` (record shorter than its Content-Length, or the file ends
  inside a compressed member), ``read:corrupt_gzip``/``read:corrupt_zstd`` (one row per
  corrupt region; reading resumes at the next member), ``read:invalid_record`` (headers
  warcio cannot parse; nothing after it can be located in an uncompressed file),
  ``read:too_large`` (payload above ``max_record_bytes``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from dataprep.readers.encoding import decode, decode_html, looks_binary
from dataprep.readers.files import Opened, Row, Source, bad_row, open_input, read_at_most

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types that say nothing about the payload: sniff the bytes instead.
_UNINFORMATIVE_TYPES = frozenset({"", "application/octet-stream", "unknown", "unk",
                                  "application/unknown", "binary/octet-stream"})
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title",
                 b"<div", b"<p>", b"<!--")
DEFAULT_MAX_RECORD_BYTES = 64 << 20
_SNIFF = 1024
_ID_BRACKETS = "<>"
# Errors of one record's payload (Content-Encoding that does not decode, chunking that lies).
_RECORD_ERRORS = (OSError, ValueError, EOFError, zlib.error, StatusAndHeadersParserException)
# Errors that leave warcio unable to find the next record.
_STREAM_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, EOFError)


def sniff_html(head: bytes) -> bool:
    """True when the first bytes of a payload look like an HTML document."""
    start = head[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(_HTML_MARKERS) and not looks_binary(head[:_SNIFF])


def _mime(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _payload_type(record: ArcWarcRecord) -> tuple[str, str | None]:
    """(mime type used for the decision, full Content-Type header with its charset)."""
    headers = record.rec_headers
    full = None
    if record.http_headers is not None:
        full = record.http_headers.get_header("Content-Type")
    elif record.format == "warc":
        full = headers.get_header("Content-Type")
    else:
        full = headers.get_header("content-type")
    identified = headers.get_header("WARC-Identified-Payload-Type")
    return _mime(identified) or _mime(full), full


def _record_url(record: ArcWarcRecord) -> str | None:
    url = record.rec_headers.get_header("WARC-Target-URI") or record.rec_headers.get_header("uri")
    return url.strip(_ID_BRACKETS) if url else None


def _record_id(record: ArcWarcRecord, src: Source, n: int) -> str:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return record_id.strip(_ID_BRACKETS) if record_id else src.doc_id(n)


def _read_payload(record: ArcWarcRecord, limit: int) -> tuple[bytes, bool, bool]:
    """(payload, too_large, truncated): reads at most ``limit + 1`` bytes."""
    data = read_at_most(record.content_stream(), limit)
    if len(data) > limit:
        return data[:limit], True, False
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass  # consume what content decoding left, so the remaining limit is meaningful
    return data, False, getattr(raw, "limit", 0) > 0


def _row(record: ArcWarcRecord, src: Source, n: int, max_bytes: int) -> Row:
    doc_id = _record_id(record, src, n)
    url = _record_url(record)
    kind = record.rec_type
    date = record.rec_headers.get_header("WARC-Date") or record.rec_headers.get_header(
        "archive-date")
    meta: dict[str, Any] = {"warc_type": kind}
    if date:
        meta["date"] = date
    if kind not in ("response", "resource", "conversion"):
        return bad_row(doc_id, f"skipped_{kind}", url=url, **meta)
    mime, content_type = _payload_type(record)
    meta["content_type"] = mime
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and status.isdigit():
            meta["http_status"] = int(status)
    if kind == "conversion" and mime not in ("text/plain", ""):
        return bad_row(doc_id, "non_html", url=url, **meta)
    if kind != "conversion" and mime not in HTML_TYPES and mime not in _UNINFORMATIVE_TYPES:
        return bad_row(doc_id, "non_html", url=url, **meta)
    payload, too_large, truncated = _read_payload(record, max_bytes)
    if too_large:
        return bad_row(doc_id, "too_large", url=url, **meta, bytes_read=len(payload))
    if kind == "conversion":
        text, encoding, charset_source = decode(payload)
        meta.update(charset=encoding, charset_source=charset_source)
        if truncated:
            return bad_row(doc_id, "truncated", text=text, url=url, **meta)
        return Row(doc_id, text, url, meta)
    if payload and not sniff_html(payload) and (
            mime not in HTML_TYPES or looks_binary(payload[:_SNIFF])):
        return bad_row(doc_id, "non_html", url=url, **meta)
    html, encoding, charset_source = decode_html(payload, content_type)
    meta.update(charset=encoding, charset_source=charset_source)
    if truncated:
        return bad_row(doc_id, "truncated", text=html, url=url, **meta)
    return Row(doc_id, None, url, meta, html=html)


def read_warc(src: Source) -> Iterator[Row]:
    """Rows of one WARC/WET/ARC file (see the module docstring for what each record gives)."""
    max_bytes = src.options.get("max_record_bytes", DEFAULT_MAX_RECORD_BYTES)
    with src.open() as raw:
        opened = open_input(raw)
        records = ArchiveIterator(opened.stream, arc2warc=False)
        n = 0
        truncated_seen = False
        try:
            for record in records:
                if record.format == "arc" and not str(
                        record.rec_headers.get_header("length") or "").isdigit():
                    # warcio takes any five-word line for an ARC header: this is no archive
                    # (or we lost the record boundaries), nothing after it can be trusted.
                    yield bad_row(src.doc_id(n), "invalid_record", path=src.path,
                                  error="not a WARC/ARC record header")
                    n += 1
                    break
                try:
                    row = _row(record, src, n, max_bytes)
                except _RECORD_ERRORS as exc:
                    row = bad_row(_record_id(record, src, n), "invalid_record",
                                  url=_record_url(record), error=_describe(exc))
                truncated_seen |= row.drop_reason == "read:truncated"
                n += 1
                yield row
                for problem in _problems(opened, src, n, skip_truncated=truncated_seen):
                    n += 1
                    yield problem
        except _STREAM_ERRORS as exc:
            truncated = any(kind == "truncated" for kind, _ in opened.problems)
            yield bad_row(src.doc_id(n), "truncated" if truncated else "invalid_record",
                          path=src.path, error=_describe(exc))
            n += 1
            opened.take_problems()
        for problem in _problems(opened, src, n, skip_truncated=truncated_seen):
            n += 1
            yield problem


def _problems(opened: Opened, src: Source, n: int, *, skip_truncated: bool) -> Iterator[Row]:
    """Rows for decompression problems found so far (a truncation already shown on a record
    is not counted twice)."""
    for kind, offset in opened.take_problems():
        if kind == "truncated" and skip_truncated:
            continue
        yield bad_row(src.doc_id(n), kind, path=src.path, compressed_offset=offset)
        n += 1


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
