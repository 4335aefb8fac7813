"""Decompression of inputs: gzip and zstd streams recognised by their magic bytes (not the file
name), decompressed member by member so that one corrupt member of a ``.warc.gz`` costs only
that member, and readable from a byte range of a member-per-record file.
"""

from __future__ import annotations

import io
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import IO, Any

import zstandard

GZIP_MAGIC = b"\x1f\x8b\x08"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CHUNK = 1 << 20
_FEED = 64 << 10
# Compressed bytes inflated (and output bytes allowed) to accept a candidate member start.
_CHECK = 4096
_CHECK_OUT = 64 << 10
# Output of one compressed member is held back until the member checks out (so a corrupt
# member yields nothing), up to this size; past it (whole-file gzip) output is streamed.
_MAX_HELD = 64 << 20


def is_member_start(data: bytes, kind: str) -> bool:
    """True when ``data`` starts like a member/frame of a ``kind`` stream.

    A gzip member needs the magic, a header without reserved flag bits and a deflate stream
    whose first bytes inflate without error: three magic bytes alone turn up about once per
    16 MiB of compressed data, a valid header followed by inflatable data essentially never.
    """
    if kind == "zstd":
        return data.startswith(ZSTD_MAGIC)
    if not data.startswith(GZIP_MAGIC) or len(data) < 10 or data[3] & 0xE0:
        return False
    try:
        zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data[:_CHECK], _CHECK_OUT)
    except zlib.error:
        return False
    return True


class DecompressingStream(io.RawIOBase):
    """Reads a gzip or zstd stream, one member/frame at a time, recovering from corruption.

    A member that fails to decompress is dropped whole and reading resumes at the next member
    start (:func:`is_member_start`); one problem ``("corrupt_<kind>", offset)`` is recorded per
    member that fails. A stream that ends inside a member records ``("truncated", offset)`` and
    yields what it recovered.

    ``start``/``end`` read a byte range of a member-per-record file: ``raw`` is positioned at
    ``start``, reading begins at the first member start at or after it (exactly at 0 for the
    first range), and a member is read when it starts before ``end``. Data that the chain of
    members reaches at or after ``end`` and that no scan would take for a member start (a
    damaged member header) is still read and reported here, since the next range skips it.
    Offsets in ``problems`` and ``members`` are file offsets.
    """

    def __init__(self, raw: IO[bytes], kind: str, *, start: int = 0, end: int | None = None):
        self.raw = raw
        self.kind = kind
        self.magic = GZIP_MAGIC if kind == "gzip" else ZSTD_MAGIC
        self.problems: list[tuple[str, int]] = []
        # (offset in the output, file offset of the member) of each member that gave output.
        self.members: deque[tuple[int, int]] = deque()
        self._end = end
        self._in = b""
        self._pos = 0  # next unread byte of self._in
        self._in_offset = start  # file offset of self._in[0]
        self._member_start = start - 1 if start else 0
        self._member_used = False
        self._member_listed = False
        self._resyncing = start > 0  # a range starts at the first member start after it
        self._held: list[bytes] = []
        self._held_size = 0
        self._streaming = False
        self._ready = bytearray()
        self._out = 0  # bytes of output handed to _ready so far
        self._done = False
        self._dec = self._new_decompressor()

    def _new_decompressor(self) -> Any:
        if self.kind == "gzip":
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zstandard.ZstdDecompressor().decompressobj()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._ready and not self._done:
            self._step()
        n = min(len(buffer), len(self._ready))
        buffer[:n] = self._ready[:n]
        del self._ready[:n]
        return n

    def locate(self, offset: int) -> tuple[int, int]:
        """(file offset of the member, offset inside its output) of output byte ``offset``.

        Lookups must come in increasing order: members before the one found are forgotten.
        """
        while len(self.members) > 1 and self.members[1][0] <= offset:
            self.members.popleft()
        if not self.members:
            return self._member_start, offset
        out, member = self.members[0]
        return member, offset - out

    def _offset(self) -> int:
        return self._in_offset + self._pos

    def _past_end(self, index: int) -> bool:
        return self._end is not None and self._in_offset + index >= self._end

    def _refill(self) -> bool:
        """Append the next raw chunk to the unread input; False at end of file."""
        chunk = self.raw.read(_CHUNK)
        if not chunk:
            return False
        self._in_offset += self._pos
        self._in = self._in[self._pos:] + chunk
        self._pos = 0
        return True

    def _lookahead(self, n: int) -> bytes:
        while len(self._in) - self._pos < n and self._refill():
            pass
        return self._in[self._pos:self._pos + n]

    def _commit(self, data: bytes) -> None:
        if not data:
            return
        if not self._member_listed:
            self.members.append((self._out, self._member_start))
            self._member_listed = True
        self._ready += data
        self._out += len(data)

    def _emit(self, data: bytes) -> None:
        if not data:
            return
        if self._streaming:
            self._commit(data)
            return
        self._held.append(data)
        self._held_size += len(data)
        if self._held_size > _MAX_HELD:
            self._release()
            self._streaming = True

    def _release(self) -> None:
        for part in self._held:
            self._commit(part)
        self._held.clear()
        self._held_size = 0

    def _start_member(self) -> None:
        self._dec = self._new_decompressor()
        self._member_start = self._offset()
        self._member_used = False
        self._member_listed = False
        self._streaming = False

    def _step(self) -> None:
        if not self._member_used and not self._resyncing and self._past_end(self._pos):
            head = self._lookahead(_CHECK)
            if not head.strip(b"\0\r\n ") or is_member_start(head, self.kind):
                self._done = True  # the next range starts here
                return
        if self._pos >= len(self._in) and not self._refill():
            if self._member_used and not self._resyncing:
                self.problems.append(("truncated", self._member_start))
                self._release()
            self._done = True
            return
        if self._resyncing:
            self._resync()
            return
        # Small feeds bound the output of one call (a compression bomb cannot blow memory).
        feed = self._in[self._pos:self._pos + _FEED]
        try:
            out = self._dec.decompress(feed)
        except (zlib.error, zstandard.ZstdError):
            self.problems.append((f"corrupt_{self.kind}", self._member_start))
            self._held.clear()
            self._held_size = 0
            self._resyncing = True
            return
        self._member_used = True
        self._emit(out)
        if not self._dec.eof:
            self._pos += len(feed)
            return
        rest = self._dec.unused_data
        self._pos += len(feed) - len(rest)
        self._release()
        if not self._in[self._pos:self._pos + _FEED].strip(b"\0\r\n "):
            # Padding after a member (some writers align files) is not corruption.
            self._pos = len(self._in)
        self._start_member()

    def _resync(self) -> None:
        """Skip to the next member start after the start of the corrupt member (or, for a
        range, at or after its start); stop at ``end``, where the next range takes over."""
        begin = max(self._pos, self._member_start + 1 - self._in_offset)
        while True:
            found = self._in.find(self.magic, begin)
            if found < 0 or self._past_end(found):
                # Keep a possible magic prefix that straddles the chunk boundary.
                self._pos = max(begin, len(self._in) - len(self.magic) + 1)
                if found >= 0 or self._past_end(self._pos) or not self._refill():
                    self._done = True
                return
            self._pos = found
            if len(self._in) - found < _CHECK and self._refill():
                return  # judge the candidate with enough bytes after it
            if is_member_start(self._in[self._pos:self._pos + _CHECK], self.kind):
                self._resyncing = False
                self._start_member()
                return
            begin = self._pos + 1


@dataclass
class Opened:
    """An opened input: a binary stream and the problems found while decompressing it."""

    stream: IO[bytes]
    compression: str | None
    problems: list[tuple[str, int]] = field(default_factory=list)
    decompressor: DecompressingStream | None = None
    base: int = 0  # file offset of the stream's first byte (plain files)

    def take_problems(self) -> list[tuple[str, int]]:
        found = list(self.problems)
        self.problems.clear()
        return found

    def position(self, offset: int) -> str:
        """Where the byte at ``offset`` of the stream lies in the file, for ids: its file offset
        for a plain file; for a compressed one, the file offset of its member, followed by
        ``+<offset inside the member's output>`` unless it is the member's first byte."""
        if self.decompressor is None:
            return str(self.base + offset)
        member, inside = self.decompressor.locate(offset)
        return f"{member}+{inside}" if inside else str(member)


def sniff_compression(head: bytes) -> str | None:
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


def _buffered(raw: IO[bytes]) -> io.BufferedReader:
    return raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw, _CHUNK)


def open_input(raw: IO[bytes], *, start: int = 0, end: int | None = None) -> Opened:
    """Wrap a raw binary file, decompressing it when its magic bytes say so.

    With a byte range (``start``/``end``, for a seekable file): a compressed file is read
    from its first member start in the range up to the last member starting in it (see
    :class:`DecompressingStream`); a plain file is positioned at ``start`` exactly and the
    format's reader finds its first record.
    """
    if start or end is not None:
        raw.seek(0)
        kind = sniff_compression(raw.read(4))
        raw.seek(start)
        buffered = _buffered(raw)
    else:
        buffered = _buffered(raw)
        kind = sniff_compression(buffered.peek(4)[:4])
    if kind is None:
        return Opened(buffered, None, base=start)
    stream = DecompressingStream(buffered, kind, start=start, end=end)
    return Opened(io.BufferedReader(stream, _CHUNK), kind, stream.problems, stream)


def read_at_most(stream: IO[bytes], limit: int) -> bytes:
    """Up to ``limit + 1`` bytes (one more tells the caller the limit was passed), read in
    chunks: ``read(n)`` of a buffered stream allocates ``n`` bytes up front."""
    chunks = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


