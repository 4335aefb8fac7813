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
  corrupt member; reading resumes at the next member start), ``read:invalid_record`` (headers
  warcio cannot parse; reading resumes at the next record start of a plain file, or the next
  member of a compressed one), ``read:too_large`` (payload above ``max_record_bytes``).

A record without ``WARC-Record-ID`` (ARC) is named by where it starts (see
``dataprep.schema``); rows for damage by ``<reason>@<where>``. Plain WARC files and gzip
files with one member per record can be read by byte ranges (see ``dataprep.readers``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Generator, Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from dataprep.readers.encoding import decode, decode_html, looks_binary
from dataprep.readers.files import (
    Opened,
    Row,
    Source,
    bad_row,
    is_member_start,
    open_input,
    read_at_most,
    sniff_compression,
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types that say nothing about the payload: sniff the bytes instead.
_UNINFORMATIVE_TYPES = frozenset({"", "application/octet-stream", "unknown", "unk",
                                  "application/unknown", "binary/octet-stream"})
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title",
                 b"<div", b"<p>", b"<!--")
DEFAULT_MAX_RECORD_BYTES = 64 << 20
_SNIFF = 1024
_SCAN = 1 << 20
_HEADER_LIMIT = 64 << 10  # WARC headers are a few hundred bytes; a longer block is no header
_VERSION_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_BLANK_LINE = re.compile(rb"\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"\ncontent-length:[ \t]*\d", re.IGNORECASE)
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


def _record_id(record: ArcWarcRecord, src: Source, where: str) -> str:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return record_id.strip(_ID_BRACKETS) if record_id else src.doc_id(where)


def _read_payload(record: ArcWarcRecord, limit: int) -> tuple[bytes, bool, bool]:
    """(payload, too_large, truncated): reads at most ``limit + 1`` bytes."""
    data = read_at_most(record.content_stream(), limit)
    if len(data) > limit:
        return data[:limit], True, False
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass  # consume what content decoding left, so the remaining limit is meaningful
    return data, False, getattr(raw, "limit", 0) > 0


def _row(record: ArcWarcRecord, src: Source, where: str, max_bytes: int) -> Row:
    doc_id = _record_id(record, src, where)
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


def _is_record_start(buf: bytes, i: int) -> bool:
    """Whether a WARC record starts at ``buf[i]``: a ``WARC/1.0``/``WARC/1.1`` line right after
    a blank line, then header lines with a Content-Length up to a blank line."""
    if not (buf.endswith(b"\n\n", 0, i) or buf.endswith(b"\r\n\r\n", 0, i)):
        return False
    if not _VERSION_LINE.match(buf, i):
        return False
    blank = _BLANK_LINE.search(buf, i, i + _HEADER_LIMIT)
    return blank is not None and _CONTENT_LENGTH.search(buf, i, blank.start()) is not None


def next_record_start(raw: IO[bytes], offset: int, end: int | None = None) -> int | None:
    """File offset of the first WARC record header at or after ``offset`` of a plain file
    (never 0: the file's start needs no blank line), or None when there is none before
    ``end``."""
    base = max(0, offset - 4)  # the blank line before a header is part of the test
    raw.seek(base)
    buf = b""
    i = offset - base
    while True:
        chunk = raw.read(_SCAN)
        buf += chunk
        while (found := buf.find(b"WARC/1.", i)) >= 0:
            if end is not None and base + found >= end:
                return None
            if chunk and len(buf) - found < _HEADER_LIMIT:
                break  # judge it with the whole header in view
            if _is_record_start(buf, found):
                return base + found
            i = found + 1
        if not chunk:
            return None
        i = found if found >= 0 else max(i, len(buf) - len(b"WARC/1."))
        if end is not None and base + i >= end:
            return None
        cut = max(0, i - 4)
        base, buf, i = base + cut, buf[cut:], i - cut


def splittable(head: bytes, path: str) -> bool:
    """Whether a WARC/WET file whose first bytes are ``head`` can be read by byte ranges:
    uncompressed, or gzip with one member per record (the first member, inflated from
    ``head``, is one WARC record and another member follows it)."""
    if head.startswith(b"WARC/1."):
        return True
    if sniff_compression(head) != "gzip":
        return False
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        first = inflate.decompress(head, _HEADER_LIMIT)
    except zlib.error:
        return False
    return (inflate.eof and first.startswith(b"WARC/1.")
            and is_member_start(inflate.unused_data, "gzip"))


class _Counted:
    """A read-only stream that counts the bytes read: warcio takes record offsets from
    ``tell()``, and these are offsets in the (decompressed) stream."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.offset += len(data)
        return data

    def tell(self) -> int:
        return self.offset


def _open_segment(raw: IO[bytes], src: Source, at: int) -> Opened | None:
    """The stream of the records from file offset ``at`` on: exactly there at 0, else from the
    first record (plain file) or member (compressed) starting at or after it."""
    if at == 0 and not src.ranged:
        return open_input(raw)
    raw.seek(0)
    if at and sniff_compression(raw.read(4)) is None:
        found = next_record_start(raw, at, src.end)
        if found is None:
            return None
        at = found
    return open_input(raw, start=at, end=src.end)


def read_warc(src: Source) -> Iterator[Row]:
    """Rows of one WARC/WET/ARC file or byte range (see the module docstring for what each
    record gives). After a record warcio cannot parse, reading resumes at the next record
    (plain file) or member (compressed) start, so one bad record does not cost the rest."""
    max_bytes = src.options.get("max_record_bytes", DEFAULT_MAX_RECORD_BYTES)
    at: int | None = src.start
    while at is not None:
        # A fresh handle per segment: the buffered reader of the last one closes its file.
        with src.open() as raw:
            opened = _open_segment(raw, src, at)
            if opened is None:
                return
            at = yield from _segment(raw, opened, src, max_bytes)


def _segment(raw: IO[bytes], opened: Opened, src: Source,
             max_bytes: int) -> Generator[Row, None, int | None]:
    """Rows of the records of one opened stream; returns the file offset after which to look
    for the next record when warcio lost its way, or None at the end of the file or range."""
    counted = _Counted(opened.stream)
    records = ArchiveIterator(counted, arc2warc=False)
    # A compressed range stops by itself after its last member; a plain one stops here.
    plain_end = src.end if opened.compression is None else None
    truncated_seen = False
    try:
        for record in records:
            if plain_end is not None and opened.base + records.offset >= plain_end:
                return None
            where = opened.position(records.offset)
            if record.format == "arc" and not str(
                    record.rec_headers.get_header("length") or "").isdigit():
                # warcio takes any five-word line for an ARC header: this is no archive
                # (or we lost the record boundaries), look for the next record.
                yield bad_row(src.doc_id(where), "invalid_record", path=src.path,
                              error="not a WARC/ARC record header")
                return _lost_at(opened, records.offset) + 1
            try:
                row = _row(record, src, where, max_bytes)
            except _RECORD_ERRORS as exc:
                row = bad_row(_record_id(record, src, where), "invalid_record",
                              url=_record_url(record), error=_describe(exc))
            truncated_seen |= row.drop_reason == "read:truncated"
            yield row
            yield from _problems(opened, src, truncated=False)
    except _STREAM_ERRORS as exc:
        lost = _lost_at(opened, records.offset)
        problems = opened.take_problems()
        cut = any(kind == "truncated" and offset <= lost for kind, offset in problems)
        reason = "truncated" if cut else "invalid_record"
        if plain_end is None or lost < plain_end or not _record_at(raw, lost):
            # (A plain range reports a bad record past its end only when the next range,
            # which starts at the first valid-looking record, would skip it.)
            yield bad_row(src.doc_id(f"{reason}@{opened.position(records.offset)}"), reason,
                          path=src.path, error=_describe(exc))
        for kind, offset in problems:
            # Problems past the lost record were found by reading ahead: the next segment
            # meets them again.
            if kind != "truncated" and offset < lost:
                yield bad_row(src.doc_id(f"{kind}@{offset}"), kind, path=src.path,
                              compressed_offset=offset)
        return lost + 1
    # A record cut by the end of the file already says so.
    yield from _problems(opened, src, truncated=not truncated_seen)
    return None


def _lost_at(opened: Opened, offset: int) -> int:
    """File offset of the record (plain) or member (compressed) at stream ``offset``."""
    if opened.decompressor is None:
        return opened.base + offset
    return opened.decompressor.locate(offset)[0]


def _record_at(raw: IO[bytes], offset: int) -> bool:
    raw.seek(max(0, offset - 4))
    buf = raw.read(_HEADER_LIMIT + 4)
    return _is_record_start(buf, min(offset, 4))


def _problems(opened: Opened, src: Source, *, truncated: bool) -> Iterator[Row]:
    """Rows for the decompression problems found so far but truncations, which are left in
    ``opened.problems``: read-ahead may meet one before the record that shows it. With
    ``truncated`` (at the end of the stream), a truncation gives a row too."""
    for kind, offset in list(opened.problems):
        if kind == "truncated" and not truncated:
            continue
        opened.problems.remove((kind, offset))
        yield bad_row(src.doc_id(f"{kind}@{offset}"), kind, path=src.path,
                      compressed_offset=offset)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
