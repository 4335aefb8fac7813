"""Plain-text books: decoding, boilerplate removal, re-flow and splitting of long books.

The text functions are pure (``str -> str``) and usable on their own (layout and boilerplate
clean-up live in ``book_cleanup``):

* :func:`normalize_layout` — line endings, form feeds, trailing spaces;
* :func:`book_metadata` — ``Title:``/``Author:``/``Language:`` (and 书名/作者/语言) header fields;
* :func:`strip_book_boilerplate` — e-text licence header/footer (start/end markers and the
  line-level notices of Chinese e-text sites), producer and transcriber notes, table of
  contents, back-of-book index, page numbers and running heads; chapter headings stay;
* :func:`reflow` — joins hard-wrapped lines into paragraphs (and hyphenated line breaks), keeps
  real paragraph breaks, headings and verse;
* :func:`split_book` — parts of at most ``max_chars`` cut at chapter, then paragraph, then
  sentence boundaries.

The reader (``format: books``) applies them in that order to each ``.txt``/``.txt.gz`` file
and yields one row per part with ``meta.part``/``meta.parts`` (0-based part index, part count),
the ``encoding`` used and the metadata found. Id: ``<source>/<path>#<part>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dataprep.options import PositiveInt
from dataprep.readers.book_cleanup import (
    FIELD,
    HEAD_LINES,
    is_heading,
    normalize_layout,
    strip_book_boilerplate,
)
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row, bad_row
from dataprep.readers.text import TextOptions, read_decoded

DEFAULT_MAX_CHARS = 500_000


@dataclass(frozen=True)
class BookOptions(TextOptions):
    """Options of ``books``: parts of at most ``max_chars``; ``strip_boilerplate`` and
    ``reflow`` switch those clean-ups (module docstring)."""

    max_chars: PositiveInt = DEFAULT_MAX_CHARS
    strip_boilerplate: bool = True
    reflow: bool = True

_FIELD_KEYS = {"title": "title", "书名": "title", "author": "author", "作者": "author",
               "language": "language", "语言": "language", "translator": "translator",
               "译者": "translator"}


def book_metadata(text: str) -> dict[str, str]:
    """Title, author, language and translator from the header fields of an e-text."""
    found: dict[str, str] = {}
    for line in text.split("\n", HEAD_LINES * 2)[: HEAD_LINES * 2]:
        match = FIELD.match(line)
        if match:
            key = _FIELD_KEYS.get(match.group(1).lower())
            if key and match.group(2).strip() and key not in found:
                found[key] = match.group(2).strip()
    return found

def _is_cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef"


def _join(left: str, right: str) -> str:
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right  # word hyphenated at the line break
    if left.endswith(("-", "—")) or (_is_cjk(left[-1]) and _is_cjk(right[0])):
        return left + right
    return f"{left} {right}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\u3000"))


def _wrapped(lines: list[str], width: int) -> bool:
    """Every line but the last ends near the wrap column (and none runs far past it)."""
    return len(lines) > 1 and all(0.7 * width <= len(line.strip()) <= 1.05 * width
                                  for line in lines[:-1])


def reflow(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; keep paragraph breaks, headings and verse.

    Lines between blank lines form a block; inside a block whose lines are not all indented,
    an indented line starts a new paragraph (books that indent instead of leaving a blank
    line, e.g. Chinese e-texts with full-width spaces). A paragraph is wrapped prose, and is
    joined, when every line but its last reaches 70 % of the text's wrap width (the 90th
    percentile of line lengths): a wrap column leaves only the last line of a paragraph
    short, while verse, headings and lists have short lines throughout and keep their breaks.
    A text whose wrap width is under 55 characters (25 for CJK) is all verse or lists and is
    left as it is.
    Hyphenated line breaks are joined; CJK lines are joined without a space.
    """
    text = normalize_layout(text)
    lengths = sorted(len(line.strip()) for line in text.split("\n") if line.strip())
    if not lengths:
        return ""
    width = lengths[int(0.9 * (len(lengths) - 1))]
    sample = text[:10_000]
    cjk = sum(map(_is_cjk, sample)) > len(sample) // 4
    if width < (_MIN_WRAP_CJK if cjk else _MIN_WRAP):
        # Lines this short are verse or lists, not a wrap column: keep every break.
        blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
        return "\n\n".join(b if "\n" in b else b.strip() for b in blocks)
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        groups: list[list[str]] = []
        # Verse indents alternate lines: only blocks of wrap-width lines split at indents.
        long_lines = sum(len(line.strip()) >= 0.7 * width for line in lines)
        # Prose (mostly long lines) starts a paragraph at each indented line. When every line
        # is indented it is either one wrapped quotation or one paragraph per line.
        split_indented = long_lines * 2 >= len(lines) and not (
            all(_indent(x) for x in lines) and _wrapped(lines, width))
        for line in lines:
            if not groups or (split_indented and _indent(line)):
                groups.append([])
            groups[-1].append(line)
        for group in groups:
            if len(group) == 1:
                paragraphs.append(group[0].strip())
                continue
            if not _wrapped(group, width):
                paragraphs.append("\n".join(group))
                continue
            current = group[0].strip()
            for line in group[1:]:
                current = _join(current, line.strip())
            paragraphs.append(current)
    return "\n\n".join(paragraphs)


# Narrowest wrap columns taken for hard-wrapped prose (characters; CJK characters are wide).
_MIN_WRAP = 55
_MIN_WRAP_CJK = 25
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def _pieces(text: str, max_chars: int) -> list[str]:
    """Cut text longer than ``max_chars`` at paragraph, then sentence, then any boundary."""
    if len(text) <= max_chars:
        return [text]
    for pattern in (r"\n\n", _SENTENCE_END):
        units = [u for u in re.split(pattern, text) if u]
        if len(units) > 1:
            sep = "\n\n" if pattern == r"\n\n" else " "
            out: list[str] = []
            for unit in units:
                out.extend(_pieces(unit, max_chars))
            return _pack(out, max_chars, sep)
    return [text[i:i + max_chars] for i in range(0, len(text), max_chars)]


def _pack(units: list[str], max_chars: int, sep: str) -> list[str]:
    parts: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + len(sep) + len(unit) > max_chars:
            parts.append(current)
            current = unit
        else:
            current = f"{current}{sep}{unit}" if current else unit
    if current:
        parts.append(current)
    return parts


def split_book(text: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Split a book into parts of at most ``max_chars`` characters.

    Parts start at chapter headings where possible (consecutive short chapters share a
    part); a chapter longer than ``max_chars`` is cut at paragraph boundaries, then at
    sentence ends, and only as a last resort inside a sentence.
    """
    if len(text) <= max_chars:
        return [text]
    paragraphs = text.split("\n\n")
    chapters: list[str] = []
    for paragraph in paragraphs:
        if not chapters or is_heading(paragraph.split("\n", 1)[0]):
            chapters.append(paragraph)
        else:
            chapters[-1] += "\n\n" + paragraph
    units = [piece for chapter in chapters for piece in _pieces(chapter, max_chars)]
    return _pack(units, max_chars, "\n\n")


def read_books(src: FileRange) -> Iterator[Row]:
    """Rows of one book file: decoded, cleaned, re-flowed and split (module docstring)."""
    decoded = read_decoded(src)
    if isinstance(decoded, Row):
        yield decoded
        return
    text, meta = decoded
    meta = {**meta, **book_metadata(normalize_layout(text))}
    if src.options.strip_boilerplate:
        text = strip_book_boilerplate(text)
    text = reflow(text) if src.options.reflow else normalize_layout(text)
    if not text.strip():
        yield bad_row(src.doc_id(0), "empty_file", path=src.path, meta=meta)
        return
    parts = split_book(text, max_chars=src.options.max_chars)
    for i, part in enumerate(parts):
        yield Row(src.doc_id(i), part, None, {**meta, "part": i, "parts": len(parts)})
