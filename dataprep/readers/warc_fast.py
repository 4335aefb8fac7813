"""The main WARC parser, fastwarc: record headers and blocks parsed in native code.

fastwarc reads the (already decompressed) stream of a segment. It gets raw record blocks
(``parse_http=False``) so the block length tells a truncated record exactly; the HTTP message
is split and decoded here (chunked transfer, gzip/deflate/br content encodings, as warcio
does). Where fastwarc cannot go on (an ARC file, a header it rejects, data that is no record,
LF-only header lines), the segment returns where warcio takes over (after the last record
fastwarc read, or at the record it could not read), and the caller hands the rest of the
segment to warcio.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator
from typing import IO, Any

from fastwarc.warc import ArchiveIterator

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
    record_id,
    record_row,
)
from dataprep.readers.warc_warcio import Counted

try:  # warcio decodes br when brotli is installed; so do we
    import brotli
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None

# fastwarc refuses header blocks longer than this; a record that ends more than this before
# the stream does was followed by something fastwarc skipped.
MAX_HEADER = 32 << 10
_HTTP_END = (b"\r\n\r\n", b"\n\n")

# Where warcio takes over: (stream offset of a record, its block length when that record's
# row was given already and warcio must skip it, else None).
Resume = tuple[int, int | None]


def fastwarc_segment(opened: Opened, src: FileRange,
                     max_bytes: int) -> Generator[Row, None, Resume | None]:
    """Rows of the records fastwarc reads from ``opened``; returns None at the end of the
    stream or range, or where warcio must read on."""
    counted = Counted(opened.stream)
    # A compressed range stops by itself after its last member; a plain one stops here.
    plain_end = src.end if opened.compression is None else None
    records = ArchiveIterator(counted, parse_http=False, stream_detect=False,
                              max_header_len=MAX_HEADER)
    current: Resume = (0, None)
    truncated_seen = False
    try:
        for record in records:
            current = (record.stream_pos, None)
            if plain_end is not None and opened.base + current[0] >= plain_end:
                return None
            if not record.headers.get("WARC-Type"):
                return current  # LF-only lines, or a block fastwarc took for a header
            row = _row(record, src, opened.position(current[0]), max_bytes)
            truncated_seen |= row.drop_reason == "read:truncated"
            yield row
            current = (current[0], record.content_length)
            yield from problem_rows(opened, src, truncated=False)
    except OSError:
        return current
    pos, length = current
    if counted.offset - (pos + (length or 0)) > MAX_HEADER + 4:
        return current  # fastwarc stopped before the end of the stream
    # A record cut by the end of the file already says so.
    yield from problem_rows(opened, src, truncated=not truncated_seen)
    return None


def _row(record: Any, src: FileRange, where: str, max_bytes: int) -> Row:
    """The row of one record, from its headers and (when the decision needs it) payload."""
    headers = record.headers
    block = read_at_most(record.reader, HEADER_LIMIT - 1)
    http = _split_http(block) if record.is_http else None
    status, http_headers, body = http or (None, {}, block)
    head = RecordHead(
        kind=headers.get("WARC-Type", ""), record_id=headers.get("WARC-Record-ID"),
        url=headers.get("WARC-Target-URI"), date=headers.get("WARC-Date"),
        content_type=http_headers.get("content-type") if http else headers.get("Content-Type"),
        identified_type=headers.get("WARC-Identified-Payload-Type"), http_status=status)
    if not needs_payload(head):
        return record_row(head, src, where, b"")
    if len(block) >= HEADER_LIMIT:
        body += read_at_most(record.reader, max_bytes - len(body))
    block_read = len(block) - len(http[2]) + len(body) if http else len(body)
    truncated = len(body) <= max_bytes and block_read < record.content_length
    try:
        payload = _decoded(body, http_headers, max_bytes)
    except (zlib.error, ValueError, OSError) as exc:
        return bad_row(record_id(head, src, where), "invalid_record", url=clean_id(head.url),
                       error=describe(exc))
    too_large = len(payload) > max_bytes
    return record_row(head, src, where, payload[:max_bytes] if too_large else payload,
                      too_large=too_large, truncated=truncated)


def _split_http(block: bytes) -> tuple[str | None, dict[str, str], bytes] | None:
    """(status, headers by lower-case name, body) of an HTTP message, or None when ``block``
    does not start with one."""
    if not block.startswith(b"HTTP/"):
        return None
    ends = [(block.find(end), end) for end in _HTTP_END]
    found = [(i, end) for i, end in ends if i >= 0]
    if not found:
        head, body = block, b""
    else:
        i, end = min(found)
        head, body = block[:i], block[i + len(end):]
    lines = head.decode("latin-1").splitlines()
    parts = lines[0].split(None, 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    return (parts[1] if len(parts) > 1 else None), headers, body


def _decoded(body: bytes, headers: dict[str, str], limit: int) -> bytes:
    """The HTTP body with its transfer and content encodings undone (at most ``limit + 1``
    bytes of output: a compression bomb stops there)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _unchunked(body)
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 32).decompress(body, limit + 1)
    if encoding == "deflate":
        try:
            return zlib.decompressobj().decompress(body, limit + 1)
        except zlib.error:  # raw deflate, as some servers send it
            return zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, limit + 1)
    if encoding == "br" and brotli is not None:
        return brotli.decompress(body)[:limit + 1]
    return body


def _unchunked(body: bytes) -> bytes:
    """The data of a chunked body; the body as it is when it is not chunked after all."""
    out = []
    at = 0
    while at < len(body):
        eol = body.find(b"\n", at)
        if eol < 0:
            return body if not out else b"".join(out)
        size_text = body[at:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return body if not out else b"".join(out)
        if size == 0:
            break
        out.append(body[eol + 1:eol + 1 + size])
        at = eol + 1 + size
        at = at + 2 if body.startswith(b"\r\n", at) else at + 1 if body.startswith(b"\n", at) \
            else at
    return b"".join(out)


def skip_record(stream: IO[bytes], content_length: int) -> int:
    """Read one record's header block and ``content_length`` bytes of block from ``stream``;
    returns the bytes read."""
    header = b""
    while True:
        line = stream.readline(HEADER_LIMIT)
        header += line
        if not line or line in (b"\r\n", b"\n") and len(header) > len(line):
            break
    return len(header) + len(read_at_most(stream, content_length - 1))
