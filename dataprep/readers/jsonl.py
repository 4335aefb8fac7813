"""JSON Lines (``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``): one JSON object per line.

The ``id`` field is the document id (else ``<source>/<path>#<line>``, 0-based), the
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
from typing import IO, Any

from dataprep.readers.encoding import looks_binary
from dataprep.readers.files import Row, Source, bad_row, open_input, read_at_most

DEFAULT_MAX_DOC_BYTES = 128 << 20
_PREVIEW = 4096  # characters of an oversized line kept in its rejected row
_SNIFF = 8192
_JSON_ARRAY_FILE = re.compile(r"\.json(\.gz|\.zst|\.zstd)?$")


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line, complete) with lines longer than ``limit`` cut (the rest skipped)."""
    n = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the oversized line without holding it
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, line, False
        else:
            yield n, line, True
        n += 1


def json_objects(src: Source) -> Iterator[tuple[int, dict[str, Any] | Row]]:
    """Parsed objects of a JSONL file with their line numbers, or rejected rows for bad lines."""
    limit = src.options.get("max_doc_bytes", DEFAULT_MAX_DOC_BYTES)
    with src.open() as raw:
        opened = open_input(raw)
        head = opened.stream.peek(_SNIFF)[:_SNIFF]
        if looks_binary(head):
            yield 0, bad_row(src.doc_id(0), "binary_file", path=src.path)
            return
        if head.lstrip().startswith(b"[") and _JSON_ARRAY_FILE.search(src.path):
            yield from _json_array(opened.stream, src, limit)
            return
        last = -1
        blank = True
        truncated_seen = False
        for n, line, complete in _lines(opened.stream, limit):
            last = n
            blank = blank and complete and not line.strip()
            if not complete:
                preview = line[:_PREVIEW].decode("utf-8", errors="replace")
                yield n, bad_row(src.doc_id(n), "too_large", text=preview, line=n)
                continue
            if not line.strip():
                continue
            truncated = not line.endswith(b"\n") and any(
                kind == "truncated" for kind, _ in opened.problems)
            truncated_seen |= truncated
            yield n, _parse(line, src, n, truncated)
        if blank:
            last += 1
            yield last, bad_row(src.doc_id(last), "empty_file", path=src.path)
        for kind, offset in opened.take_problems():
            # A corrupt member in the middle of a .jsonl.gz loses its lines; a file cut at a
            # line boundary loses the lines after the cut.
            if not (kind == "truncated" and truncated_seen):
                last += 1
                yield last, bad_row(src.doc_id(f"{kind}@{offset}"), kind, path=src.path,
                                    compressed_offset=offset)


def _json_array(stream: IO[bytes], src: Source,
                limit: int) -> Iterator[tuple[int, dict[str, Any] | Row]]:
    """Items of a ``.json`` file holding one array of records (how ShareGPT-style datasets
    are often shipped); the item index plays the role of the line number."""
    data = read_at_most(stream, limit)
    if len(data) > limit:
        yield 0, bad_row(src.doc_id(0), "too_large", path=src.path)
        return
    try:
        items = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield 0, bad_row(src.doc_id(0), "invalid_json", path=src.path, error=str(exc)[:300])
        return
    for n, item in enumerate(items if isinstance(items, list) else [items]):
        yield n, item if isinstance(item, dict) else bad_row(
            src.doc_id(n), "not_an_object", text=json.dumps(item, ensure_ascii=False)[:_PREVIEW])


def _parse(line: bytes, src: Source, n: int, truncated: bool) -> dict[str, Any] | Row:
    line = line.rstrip(b"\r\n")
    if truncated:
        return bad_row(src.doc_id(n), "truncated",
                       text=line.decode("utf-8", errors="replace"), line=n)
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        return bad_row(src.doc_id(n), "invalid_utf8",
                       text=line.decode("utf-8", errors="replace"), line=n)
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError:
        return bad_row(src.doc_id(n), "invalid_json", text=decoded, line=n)
    if not isinstance(obj, dict):
        return bad_row(src.doc_id(n), "not_an_object", text=decoded, line=n)
    return obj


def document_row(obj: dict[str, Any], src: Source, n: int) -> Row:
    """A row from a flat record: ``id``, text field and url field lifted out, the rest meta."""
    obj = dict(obj)
    raw_id = obj.pop("id", None)
    doc_id = src.doc_id(n) if raw_id is None or raw_id == "" else str(raw_id)
    url = obj.pop(src.options.get("url_field", "url"), None)
    url = url if isinstance(url, str) else None
    text = obj.pop(src.text_field, None)
    if not isinstance(text, str):
        meta = {**obj, src.text_field: text} if text is not None else obj
        return bad_row(doc_id, "missing_text", url=url, meta=meta)
    return Row(doc_id, text, url, obj or None)


def read_jsonl(src: Source) -> Iterator[Row]:
    """Rows of one JSONL file (see the module docstring)."""
    for n, item in json_objects(src):
        yield item if isinstance(item, Row) else document_row(item, src, n)
