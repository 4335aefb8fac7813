"""One document per file: ``text`` (plain text) and ``html`` (a saved page).

The id is ``<source>/<path>#0``. Plain text is decoded as UTF-8, else by detection (the
``encoding`` option forces a codec); pages by ``<meta>`` charset, then UTF-8, then detection.
The encoding used and how it was found go to ``meta``. Bad files give one rejected row:
``read:empty_file``, ``read:binary_file``, ``read:too_large`` (first characters kept),
``read:undecodable`` (no encoding decodes it; text kept with replacement characters),
``read:truncated`` (compressed file that ends early; what was recovered is kept).
"""

from __future__ import annotations

from collections.abc import Iterator

from dataprep.readers.decompress import open_input, read_at_most
from dataprep.readers.encoding import decode, decode_html, looks_binary
from dataprep.readers.paths import Source
from dataprep.readers.rows import Row, bad_row

DEFAULT_MAX_DOC_BYTES = 128 << 20
_PREVIEW = 4096
_SNIFF = 8192


def read_whole(src: Source) -> tuple[bytes, str | None] | Row:
    """The decompressed bytes of a file and a problem (``truncated``/``corrupt_*``) if any,
    or a rejected row when the file is empty, binary or larger than ``max_doc_bytes``."""
    limit = src.options.get("max_doc_bytes", DEFAULT_MAX_DOC_BYTES)
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


def read_decoded(src: Source) -> tuple[str, dict[str, str]] | Row:
    """A whole plain-text file decoded, with ``encoding``/``charset_source`` meta, or the
    rejected row (unreadable, damaged or undecodable file)."""
    whole = read_whole(src)
    if isinstance(whole, Row):
        return whole
    data, problem = whole
    text, encoding, how = decode_text(data, src.options.get("encoding"))
    meta = {"encoding": encoding, "charset_source": how}
    if problem or how == "lossy":
        return bad_row(src.doc_id(0), problem or "undecodable", text=text, meta=meta)
    return text, meta


def read_text(src: Source) -> Iterator[Row]:
    """The one document of a plain-text file."""
    decoded = read_decoded(src)
    yield decoded if isinstance(decoded, Row) else Row(src.doc_id(0), decoded[0], None,
                                                       decoded[1])


def read_html(src: Source) -> Iterator[Row]:
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
