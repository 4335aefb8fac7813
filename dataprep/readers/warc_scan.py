"""Where WARC records start: in plain files (a version line after a blank line) and in gzip
files with one member per record; which files can therefore be read by byte ranges."""

from __future__ import annotations

import re
import zlib
from typing import IO

from dataprep.readers.decompress import Opened, is_member_start, open_input, sniff_compression
from dataprep.readers.paths import FileRange
from dataprep.readers.warc_rows import HEADER_LIMIT

_SCAN = 1 << 20
_VERSION_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_BLANK_LINE = re.compile(rb"\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"\ncontent-length:[ \t]*\d", re.IGNORECASE)


def is_record_start(buf: bytes, i: int) -> bool:
    """Whether a WARC record starts at ``buf[i]``: a ``WARC/1.0``/``WARC/1.1`` line right after
    a blank line, then header lines with a Content-Length up to a blank line."""
    if not (buf.endswith(b"\n\n", 0, i) or buf.endswith(b"\r\n\r\n", 0, i)):
        return False
    if not _VERSION_LINE.match(buf, i):
        return False
    blank = _BLANK_LINE.search(buf, i, i + HEADER_LIMIT)
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
            if chunk and len(buf) - found < HEADER_LIMIT:
                break  # judge it with the whole header in view
            if is_record_start(buf, found):
                return base + found
            i = found + 1
        if not chunk:
            return None
        i = found if found >= 0 else max(i, len(buf) - len(b"WARC/1."))
        if end is not None and base + i >= end:
            return None
        cut = max(0, i - 4)
        base, buf, i = base + cut, buf[cut:], i - cut


def record_at(raw: IO[bytes], offset: int) -> bool:
    """Whether a plain file has a record start at ``offset``."""
    raw.seek(max(0, offset - 4))
    buf = raw.read(HEADER_LIMIT + 4)
    return is_record_start(buf, min(offset, 4))


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
        first = inflate.decompress(head, HEADER_LIMIT)
    except zlib.error:
        return False
    return (inflate.eof and first.startswith(b"WARC/1.")
            and is_member_start(inflate.unused_data, "gzip"))


def open_segment(raw: IO[bytes], src: FileRange, at: int) -> Opened | None:
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


def open_at(raw: IO[bytes], src: FileRange, opened: Opened, offset: int) -> tuple[Opened, int]:
    """A new stream that continues ``opened`` at its stream ``offset``, and the offset of that
    point in the new stream: a plain file is opened there exactly (0), a compressed one at
    the member holding ``offset``, whose output before ``offset`` is skipped."""
    if opened.decompressor is None:
        return open_input(raw, start=opened.base + offset, end=src.end), 0
    member, inside = opened.decompressor.locate(offset)
    ranged = member > 0 or src.ranged
    reopened = open_input(raw, start=member, end=src.end) if ranged else open_input(raw)
    # That output was read already; inflating it again is the price of falling back inside a
    # member (whole-file gzip), paid once per fallback.
    left = inside
    while left:
        skipped = reopened.stream.read(min(left, _SCAN))
        if not skipped:
            break
        left -= len(skipped)
    return reopened, inside
