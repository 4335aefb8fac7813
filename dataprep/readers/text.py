"""One document per file: ``text`` (plain text) and ``html`` (a saved page).

The id is ``<source>/<path>#0``. Plain text is decoded as UTF-8, else by detection (the
``encoding`` option forces a codec); pages by ``<meta>`` charset, then UTF-8, then detection.
The encoding used and how it was found go to ``meta``. Bad files give one rejected row:
``read:empty_file``, ``read:binary_file``, ``read:too_large`` (first characters kept),
``read:undecodable`` (no encoding decodes it; text kept with replacement characters),
``read:truncated`` (compressed file that ends early; what was recovered is kept).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

from dataprep.options import PositiveInt
from dataprep.readers.decompress import open_input, read_at_most
from dataprep.readers.encoding import decode, decode_html, looks_binary
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row, bad_row

_PREVIEW = 4096
_SNIFF = 8192


def _text_codec(value: str) -> str:
    try:
        info = codecs.lookup(value)
    except LookupError:
        raise ValueError(f"unknown encoding '{value}'") from None
    if not info._is_text_encoding:  # base64, rot13 ...: bytes-to-bytes, not a text encoding
        raise ValueError(f"'{value}' is not a text encoding")
    return value


Encoding = Annotated[str, AfterValidator(_text_codec)] | None


@dataclass(frozen=True)
class WholeFileOptions:
    """Options of a format that reads each file whole (``html``): a file whose decompressed
    bytes pass ``max_doc_bytes`` is one ``read:too_large`` row."""

    max_doc_bytes: PositiveInt = 128 << 20


@dataclass(frozen=True)
class TextOptions(WholeFileOptions):
    """Options of ``text`` (and of ``books`` and ``dialogue``): ``encoding`` forces a codec;
    by default it is detected (BOM, then charset-normalizer)."""

    encoding: Encoding = None


def read_whole(src: FileRange) -> tuple[bytes, str | None] | Row:
    """The decompressed bytes of a file and a problem (``truncated``/``corrupt_*``) if any,
    or a rejected row when the file is empty, binary or larger than ``max_doc_bytes``."""
    limit = src.options.max_doc_bytes
    with src.open() as raw:
        opened = open_input(raw)
        data = read_at_most(opened.stream, limit)
        if len(data) > limit:
            preview = data[:_PREVIEW].decode("utf-8", errors="replace")
            return bad_row(src.doc_id(0), "too_large", text=preview, path=src.path)
        problems = opened.take_problems()
    if not data.strip():
        # A gzip whose only member is corrupt decompresses to nothing: say why.
        return bad_row(src.doc_id(0), problems[0][0] if problems else "empty_file",
                       path=src.path)
    if looks_binary(data[:_SNIFF]):
        return bad_row(src.doc_id(0), "binary_file", path=src.path)
    return data, problems[0][0] if problems else None


def decode_text(data: bytes, forced: str | None = None) -> tuple[str, str, str]:
    """Decode plain text: the forced codec if given, else as :func:`encoding.decode`."""
    if forced:
        return data.decode(forced, errors="replace"), forced, "option"
    return decode(data)


def read_decoded(src: FileRange) -> tuple[str, dict[str, str]] | Row:
    """A whole plain-text file decoded, with ``encoding``/``charset_source`` meta, or the
    rejected row (unreadable, damaged or undecodable file)."""
    whole = read_whole(src)
    if isinstance(whole, Row):
        return whole
    data, problem = whole
    text, encoding, how = decode_text(data, src.options.encoding)
    meta = {"encoding": encoding, "charset_source": how}
    if problem or how == "lossy":
        return bad_row(src.doc_id(0), problem or "undecodable", text=text, meta=meta)
    return text, meta


def read_text(src: FileRange) -> Iterator[Row]:
    """The one document of a plain-text file."""
    decoded = read_decoded(src)
    yield decoded if isinstance(decoded, Row) else Row(src.doc_id(0), decoded[0], None,
                                                       decoded[1])


def read_html(src: FileRange) -> Iterator[Row]:
    """The one page of an HTML file, in the ``html`` column for the ``extract`` stage."""
    whole = read_whole(src)
    if isinstance(whole, Row):
        yield whole
        return
    data, problem = whole
    html, encoding, how = decode_html(data)
    meta = {"charset": encoding, "charset_source": how}
    if problem or how == "lossy":
        yield bad_row(src.doc_id(0), problem or "undecodable", text=html, meta=meta)
        return
    yield Row(src.doc_id(0), None, None, meta, html=html)
