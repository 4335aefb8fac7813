"""From one WARC/ARC record, as either parser (fastwarc, warcio) reads it, to one row.

The parsers differ in how they expose headers and payloads; :class:`RecordHead` holds what the
row decision needs, and :func:`record_row` makes the row from it and the payload bytes (see
``dataprep.readers.warc`` for the reasons a record can get).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dataprep.readers.decompress import Opened
from dataprep.readers.encoding import decode, decode_html, looks_binary
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row, bad_row

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types that say nothing about the payload: sniff the bytes instead.
_UNINFORMATIVE_TYPES = frozenset({"", "application/octet-stream", "unknown", "unk",
                                  "application/unknown", "binary/octet-stream"})
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title",
                 b"<div", b"<p>", b"<!--")
HEADER_LIMIT = 64 << 10  # WARC/HTTP headers are a few hundred bytes; a longer block is none
_SNIFF = 1024
_ID_BRACKETS = "<>"
_PAYLOAD_KINDS = ("response", "resource", "conversion")
# Records that are not documents, by type (the WARC 1.1 types besides the payload kinds, and
# the header record of an ARC file): ``read:skipped_<type>`` rows are counted, not kept in
# rejected/. A type the standard does not define (or none) is ``skipped_other``.
NOT_DOCUMENT_KINDS = ("warcinfo", "request", "metadata", "revisit", "continuation",
                      "arc_header")
NOT_DOCUMENT_REASONS = frozenset(
    f"read:skipped_{kind}" for kind in (*NOT_DOCUMENT_KINDS, "other"))


@dataclass(frozen=True)
class RecordHead:
    """What a record's headers say: its type (``WARC-Type``, or ``arc_header`` for the first
    record of an ARC file), id, url, date, the full Content-Type of its payload (the HTTP
    header when there is an HTTP message, else the record's), the identified payload type and
    the HTTP status."""

    kind: str
    record_id: str | None
    url: str | None
    date: str | None
    content_type: str | None
    identified_type: str | None
    http_status: str | None = None


def sniff_html(head: bytes) -> bool:
    """True when the first bytes of a payload look like an HTML document."""
    start = head[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(_HTML_MARKERS) and not looks_binary(head[:_SNIFF])


def _mime(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def clean_id(value: str | None) -> str | None:
    return value.strip().strip(_ID_BRACKETS) if value else None


def record_id(head: RecordHead, src: FileRange, where: str) -> str:
    return clean_id(head.record_id) or src.doc_id(where)


def needs_payload(head: RecordHead) -> bool:
    """Whether the row of this record depends on its payload (else :func:`record_row` is
    called with an empty one and the payload need not be read)."""
    if head.kind not in _PAYLOAD_KINDS:
        return False
    mime = _mime(head.identified_type) or _mime(head.content_type)
    if head.kind == "conversion":
        return mime in ("text/plain", "")
    return mime in HTML_TYPES or mime in _UNINFORMATIVE_TYPES


def record_row(head: RecordHead, src: FileRange, where: str, payload: bytes, *,
               too_large: bool = False, truncated: bool = False) -> Row:
    """The row of one record (``payload``: the decoded HTTP body, or the record block when
    there is no HTTP message; ``too_large``: it was cut at ``max_record_bytes``)."""
    doc_id = record_id(head, src, where)
    url = clean_id(head.url)
    meta: dict[str, Any] = {"warc_type": head.kind}
    if head.date:
        meta["date"] = head.date
    if head.kind not in _PAYLOAD_KINDS:
        kind = head.kind if head.kind in NOT_DOCUMENT_KINDS else "other"
        return bad_row(doc_id, f"skipped_{kind}", url=url, **meta)
    if head.kind != "conversion" and not url:
        # A WARC response/resource must name its URI; pages without one cannot be traced.
        return bad_row(doc_id, "invalid_record", **meta, error="no WARC-Target-URI")
    mime = _mime(head.identified_type) or _mime(head.content_type)
    meta["content_type"] = mime
    if head.http_status and head.http_status.isdigit():
        meta["http_status"] = int(head.http_status)
    if not needs_payload(head):
        return bad_row(doc_id, "non_html", url=url, **meta)
    if too_large:
        return bad_row(doc_id, "too_large", url=url, **meta, bytes_read=len(payload))
    if head.kind == "conversion":
        text, encoding, charset_source = decode(payload)
        meta.update(charset=encoding, charset_source=charset_source)
        if truncated:
            return bad_row(doc_id, "truncated", text=text, url=url, **meta)
        return Row(doc_id, text, url, meta)
    if payload and not sniff_html(payload) and (
            mime not in HTML_TYPES or looks_binary(payload[:_SNIFF])):
        return bad_row(doc_id, "non_html", url=url, **meta)
    html, encoding, charset_source = decode_html(payload, head.content_type)
    meta.update(charset=encoding, charset_source=charset_source)
    if truncated:
        return bad_row(doc_id, "truncated", text=html, url=url, **meta)
    return Row(doc_id, None, url, meta, html=html)


def problem_rows(opened: Opened, src: FileRange, *, truncated: bool) -> Iterator[Row]:
    """Rows for the decompression problems found so far but truncations, which are left in
    ``opened.problems``: read-ahead may meet one before the record that shows it. With
    ``truncated`` (at the end of the stream), a truncation gives a row too."""
    for kind, offset in list(opened.problems):
        if kind == "truncated" and not truncated:
            continue
        opened.problems.remove((kind, offset))
        yield bad_row(src.doc_id(f"{kind}@{offset}"), kind, path=src.path,
                      compressed_offset=offset)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
