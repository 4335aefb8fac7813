"""The fallback WARC/ARC parser, warcio: ARC files, and whatever fastwarc stops at.

warcio parses ARC, and its errors tell a damaged record from the end of the stream, so it
takes over where fastwarc ends early (see ``dataprep.readers.warc``). After a record it cannot
parse, the segment ends and the caller resumes at the next record or member start.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from dataprep.readers.decompress import Opened, read_at_most
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row, bad_row
from dataprep.readers.warc_rows import (
    HEADER_LIMIT,
    RecordHead,
    clean_id,
    describe,
    needs_payload,
    problem_rows,
    record_row,
)
from dataprep.readers.warc_scan import record_at

# Errors of one record's payload (Content-Encoding that does not decode, chunking that lies).
_RECORD_ERRORS = (OSError, ValueError, EOFError, zlib.error, StatusAndHeadersParserException)
# Errors that leave warcio unable to find the next record (AttributeError/TypeError: warcio
# parsing a response record without WARC-Target-URI, or a header block cut short).
_STREAM_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, EOFError,
                  AttributeError, TypeError)


def _head(record: ArcWarcRecord) -> RecordHead:
    headers = record.rec_headers
    if record.http_headers is not None:
        content_type = record.http_headers.get_header("Content-Type")
    elif record.format == "warc":
        content_type = headers.get_header("Content-Type")
    else:
        content_type = headers.get_header("content-type")
    status = record.http_headers.get_statuscode() if record.http_headers is not None else None
    return RecordHead(
        kind=record.rec_type,
        record_id=headers.get_header("WARC-Record-ID"),
        url=headers.get_header("WARC-Target-URI") or headers.get_header("uri"),
        date=headers.get_header("WARC-Date") or headers.get_header("archive-date"),
        content_type=content_type,
        identified_type=headers.get_header("WARC-Identified-Payload-Type"),
        http_status=status)


def _read_payload(record: ArcWarcRecord, limit: int) -> tuple[bytes, bool, bool]:
    """(payload, too_large, truncated): reads at most ``limit + 1`` bytes."""
    data = read_at_most(record.content_stream(), limit)
    if len(data) > limit:
        return data[:limit], True, False
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass  # consume what content decoding left, so the remaining limit is meaningful
    return data, False, getattr(raw, "limit", 0) > 0


def _row(record: ArcWarcRecord, src: FileRange, where: str, max_bytes: int) -> Row:
    head = _head(record)
    if not needs_payload(head):
        return record_row(head, src, where, b"")
    payload, too_large, truncated = _read_payload(record, max_bytes)
    return record_row(head, src, where, payload, too_large=too_large, truncated=truncated)


class Counted:
    """A read-only stream that counts the bytes read (from ``offset``): parsers take record
    offsets from ``tell()``, and these are offsets in the (decompressed) stream."""

    def __init__(self, stream: IO[bytes], offset: int = 0, prefix: bytes = b""):
        self.stream = stream
        self.offset = offset
        self.prefix = prefix  # bytes already taken from ``stream``, returned first

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            n = len(self.prefix) if size is None or size < 0 else size
            data, self.prefix = self.prefix[:n], self.prefix[n:]
        else:
            data = self.stream.read(size)
        self.offset += len(data)
        return data

    def tell(self) -> int:
        return self.offset

    def close(self) -> None:
        pass  # the caller owns the stream


def lost_at(opened: Opened, offset: int) -> int:
    """File offset of the record (plain) or member (compressed) at stream ``offset``."""
    if opened.decompressor is None:
        return opened.base + offset
    return opened.decompressor.locate(offset)[0]


def warcio_segment(raw: IO[bytes], opened: Opened, src: FileRange, max_bytes: int, *,
                   offset: int = 0, after_warc: bool = False) -> Generator[Row, None, int | None]:
    """Rows of the records of one opened stream (whose first byte is at stream ``offset``);
    returns the file offset after which to look for the next record when warcio lost its way,
    or None at the end of the file or range. ``after_warc``: the stream continues a WARC file
    after a record, so what follows must be a WARC record (warcio would take a line of
    garbage there for the start of an ARC file)."""
    head = read_at_most(opened.stream, HEADER_LIMIT)
    blank = len(head) - len(head.lstrip(b"\r\n"))
    # No header line: warcio would read the whole newline-free run into one line, in
    # quadratic time (16 MB of zeros: 7 s).
    no_line = len(head) > HEADER_LIMIT and b"\n" not in head
    if no_line or after_warc and head[blank:] and not head[blank:].startswith(b"WARC/"):
        at = offset + blank
        lost = lost_at(opened, at)
        if opened.compression is not None or src.end is None or lost < src.end \
                or not record_at(raw, lost):
            yield bad_row(src.doc_id(f"invalid_record@{opened.position(at)}"), "invalid_record",
                          path=src.path, error="no WARC/ARC record header")
        return lost + 1
    counted = Counted(opened.stream, offset, head)
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
                return lost_at(opened, records.offset) + 1
            try:
                row = _row(record, src, where, max_bytes)
            except _RECORD_ERRORS as exc:
                record_id = clean_id(record.rec_headers.get_header("WARC-Record-ID"))
                row = bad_row(record_id or src.doc_id(where), "invalid_record",
                              url=clean_id(record.rec_headers.get_header("WARC-Target-URI")),
                              error=describe(exc))
            truncated_seen |= row.drop_reason == "read:truncated"
            yield row
            yield from problem_rows(opened, src, truncated=False)
    except _STREAM_ERRORS as exc:
        return (yield from _lost(raw, opened, src, records.offset, plain_end, exc))
    # A record cut by the end of the file already says so.
    yield from problem_rows(opened, src, truncated=not truncated_seen)
    return None


def _lost(raw: IO[bytes], opened: Opened, src: FileRange, offset: int, plain_end: int | None,
          exc: BaseException) -> Generator[Row, None, int]:
    """Rows for the record warcio could not parse at stream ``offset`` and the problems met
    before it; returns the file offset after which to look for the next record."""
    lost = lost_at(opened, offset)
    problems = opened.take_problems()
    cut = any(kind == "truncated" and at <= lost for kind, at in problems)
    reason = "truncated" if cut else "invalid_record"
    if plain_end is None or lost < plain_end or not record_at(raw, lost):
        # (A plain range reports a bad record past its end only when the next range,
        # which starts at the first valid-looking record, would skip it.)
        yield bad_row(src.doc_id(f"{reason}@{opened.position(offset)}"), reason,
                      path=src.path, error=describe(exc))
    for kind, at in problems:
        # Problems past the lost record were found by reading ahead: the next segment
        # meets them again.
        if kind != "truncated" and at < lost:
            yield bad_row(src.doc_id(f"{kind}@{at}"), kind, path=src.path, compressed_offset=at)
    return lost + 1
