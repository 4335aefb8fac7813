"""JSON Lines (``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``): one JSON object per line.

The ``id`` field is the document id (else ``<source>/<path>#<offset>``, the byte offset of the
line in the file, or in its decompressed stream for ``.gz``/``.zst``), the
``text_field`` is the text, a ``url`` field (``url_field`` option) fills ``url`` and every
other field goes to ``meta``. Bad lines become rejected rows: ``read:invalid_utf8``,
``read:invalid_json``, ``read:not_an_object``, ``read:missing_text``, ``read:too_large``,
``read:truncated`` (last line of a compressed file that ends early); a file that is empty or
binary gives one ``read:empty_file`` / ``read:binary_file`` row. A ``.json`` file holding one
array of records is read as those records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from dataprep.options import NonEmptyStr, PositiveInt
from dataprep.readers.decompress import Opened, open_input, read_at_most, sniff_compression
from dataprep.readers.encoding import looks_binary
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row, bad_row

_PREVIEW = 4096  # characters of an oversized line kept in its rejected row
_SNIFF = 8192
_JSON_ARRAY_FILE = re.compile(r"\.json(\.gz|\.zst|\.zstd)?$")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _skip_line(stream: IO[bytes]) -> int:
    """Read past the end of the current line without holding it; returns the bytes read."""
    skipped = 0
    while True:
        rest = stream.readline(1 << 20)
        skipped += len(rest)
        if not rest or rest.endswith(b"\n"):
            return skipped


def _lines(stream: IO[bytes], limit: int, offset: int = 0,
           end: int | None = None) -> Iterator[tuple[int, bytes, bool]]:
    """(offset, line, complete) of the lines that start before ``end``, ``offset`` being the
    position of the stream's first byte; lines longer than ``limit`` are cut (the rest is
    skipped)."""
    while end is None or offset < end:
        line = stream.readline(limit + 1)
        if not line:
            return
        begin = offset
        offset += len(line)
        complete = not (len(line) > limit and not line.endswith(b"\n"))
        if not complete:
            offset += _skip_line(stream)
        yield begin, line, complete



@dataclass(frozen=True)
class RecordOptions:
    """Options of a format of records (``parquet``): the ``url_field`` fills ``url``."""

    url_field: NonEmptyStr = "url"


@dataclass(frozen=True)
class JsonlOptions(RecordOptions):
    """Options of ``jsonl``: a line longer than ``max_doc_bytes`` is one ``read:too_large``
    row."""

    max_doc_bytes: PositiveInt = 128 << 20

def _binary(head: bytes) -> bool:
    """A binary file, not JSON Lines with a stray control byte: a NUL inside one line costs
    that line (``read:invalid_json``), not the file."""
    return looks_binary(head) and head.lstrip(b" \t\r\n\xef\xbb\xbf")[:1] not in (b"{", b"[")


def splittable(head: bytes, path: str) -> bool:
    """Whether a file whose first bytes are ``head`` can be read by byte ranges: plain
    (uncompressed) JSON Lines, not a binary file, not a ``.json`` array."""
    return (sniff_compression(head) is None and not _binary(head[:_SNIFF])
            and not (head.lstrip().startswith(b"[") and _JSON_ARRAY_FILE.search(path)))


def json_objects(src: FileRange) -> Iterator[tuple[int, dict[str, Any] | Row]]:
    """Parsed objects of a JSONL file with the byte offsets of their lines (in the
    decompressed stream), or rejected rows for bad lines. A byte range of a plain file
    yields the lines that start in it."""
    limit = src.options.max_doc_bytes
    with src.open() as raw:
        if src.ranged:
            # Begin one byte early: a line starts at `start` when that byte is a newline.
            opened = open_input(raw, start=max(0, src.start - 1), end=src.end)
            if opened.compression:
                raise ValueError("a compressed JSONL file cannot be read by byte range")
            offset = 0
            if src.start:
                offset = src.start - 1 + _skip_line(opened.stream)
            yield from _objects(_lines(opened.stream, limit, offset, src.end), src, opened)
            return
        opened = open_input(raw)
        head = opened.stream.peek(_SNIFF)[:_SNIFF]
        if _binary(head):
            yield 0, bad_row(src.doc_id(0), "binary_file", path=src.path)
            return
        if head.lstrip().startswith(b"[") and _JSON_ARRAY_FILE.search(src.path):
            yield from _json_array(opened.stream, src, limit)
            return
        blank = True
        truncated_seen = False
        for offset, item in _objects(_lines(opened.stream, limit), src, opened):
            blank = False
            truncated_seen |= isinstance(item, Row) and item.drop_reason == "read:truncated"
            yield offset, item
        if blank:
            yield 0, bad_row(src.doc_id(0), "empty_file", path=src.path)
        for kind, offset in opened.take_problems():
            # A corrupt member in the middle of a .jsonl.gz loses its lines; a file cut at a
            # line boundary loses the lines after the cut.
            if not (kind == "truncated" and truncated_seen):
                yield offset, bad_row(src.doc_id(f"{kind}@{offset}"), kind, path=src.path,
                                      compressed_offset=offset)


def _objects(lines: Iterator[tuple[int, bytes, bool]], src: FileRange,
             opened: Opened) -> Iterator[tuple[int, dict[str, Any] | Row]]:
    for offset, line, complete in lines:
        if not complete:
            preview = line[:_PREVIEW].decode("utf-8", errors="replace")
            yield offset, bad_row(src.doc_id(offset), "too_large", text=preview, offset=offset)
            continue
        if not line.strip():
            continue
        truncated = not line.endswith(b"\n") and any(
            kind == "truncated" for kind, _ in opened.problems)
        yield offset, _parse(line, src, offset, truncated)


def _json_array(stream: IO[bytes], src: FileRange,
                limit: int) -> Iterator[tuple[int, dict[str, Any] | Row]]:
    """Items of a ``.json`` file holding one array of records (how ShareGPT-style datasets
    are often shipped); the item index plays the role of the line number."""
    data = read_at_most(stream, limit)
    if len(data) > limit:
        yield 0, bad_row(src.doc_id(0), "too_large", path=src.path)
        return
    try:
        items = json.loads(data)
    except (ValueError, RecursionError) as exc:  # also UnicodeDecodeError, the digit limit
        yield 0, bad_row(src.doc_id(0), "invalid_json", path=src.path,
                         error=f"{type(exc).__name__}: {exc}"[:300])
        return
    for n, item in enumerate(items if isinstance(items, list) else [items]):
        if not isinstance(item, dict):
            item = bad_row(src.doc_id(n), "not_an_object",
                           text=json.dumps(item, ensure_ascii=True)[:_PREVIEW])
        elif has_lone_surrogate(item):
            item = bad_row(src.doc_id(n), "invalid_unicode",
                           text=json.dumps(item, ensure_ascii=True)[:_PREVIEW])
        yield n, item


def _parse(line: bytes, src: FileRange, offset: int, truncated: bool) -> dict[str, Any] | Row:
    line = line.rstrip(b"\r\n")
    doc_id = src.doc_id(offset)
    if truncated:
        return bad_row(doc_id, "truncated", text=line.decode("utf-8", errors="replace"),
                       offset=offset)
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        return bad_row(doc_id, "invalid_utf8", text=line.decode("utf-8", errors="replace"),
                       offset=offset)
    try:
        obj = json.loads(decoded)
    except (ValueError, RecursionError) as exc:
        # ValueError: bad JSON, or an integer past Python's digit limit.
        return bad_row(doc_id, "invalid_json", text=decoded, offset=offset,
                       error=f"{type(exc).__name__}: {exc}"[:300])
    if not isinstance(obj, dict):
        return bad_row(doc_id, "not_an_object", text=decoded, offset=offset)
    if _SURROGATE_ESCAPE.search(decoded) and has_lone_surrogate(obj):
        # The line itself holds only escapes, so it can be kept as the rejected text.
        return bad_row(doc_id, "invalid_unicode", text=decoded, offset=offset)
    return obj


def has_lone_surrogate(value: Any) -> bool:
    """Whether a parsed JSON value holds a string with a lone surrogate (a ``\\ud800``
    escape): such a string cannot be encoded as UTF-8, so Arrow and the manifest refuse it."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def document_row(obj: dict[str, Any], src: FileRange, n: int | str) -> Row:
    """A row from a flat record: ``id``, text field and url field lifted out, the rest meta."""
    obj = dict(obj)
    raw_id = obj.pop("id", None)
    doc_id = src.doc_id(n) if raw_id is None or raw_id == "" else str(raw_id)
    url = obj.pop(src.options.url_field, None)
    url = url if isinstance(url, str) else None
    text = obj.pop(src.text_field, None)
    if not isinstance(text, str):
        meta = {**obj, src.text_field: text} if text is not None else obj
        return bad_row(doc_id, "missing_text", url=url, meta=meta)
    return Row(doc_id, text, url, obj or None)


def read_jsonl(src: FileRange) -> Iterator[Row]:
    """Rows of one JSONL file (see the module docstring)."""
    for n, item in json_objects(src):
        yield item if isinstance(item, Row) else document_row(item, src, n)
