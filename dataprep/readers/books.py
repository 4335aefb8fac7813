"""Plain-text books: decoding, boilerplate removal, re-flow and splitting of long books.

The text functions are pure (``str -> str``) and usable on their own:

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
from collections import Counter
from collections.abc import Iterator

from dataprep.readers.files import Row, Source, bad_row
from dataprep.readers.text import read_decoded

DEFAULT_MAX_CHARS = 500_000

_START_MARKER = re.compile(
    r"^\W*(\*{3}|\*END\*)?\s*START OF (THE|THIS) .*(E-?BOOK|E-?TEXT|ETEXT).*$", re.IGNORECASE)
_END_MARKER = re.compile(
    r"^\W*\*{3}\s*END OF (THE|THIS) .*(E-?BOOK|E-?TEXT|ETEXT).*$|^\W*END OF (THE|THIS) "
    r"PROJECT GUTENBERG.*$", re.IGNORECASE)
_CREDIT = re.compile(r"^\s*(produced by|e-?text prepared by|transcribed (from|by)|"
                     r"this (e-?book|e-?text) was (produced|prepared))", re.IGNORECASE)
_NOTICE = re.compile(
    r"e-?texts?\b|e-?books?\b|licen[cs]e|copyright|gutenberg|www\.|https?://|public domain|"
    r"distributed proofread|proofreading team|this file|"
    r"电子书|整理|版权|下载|仅供|请勿|网友|转载|声明|小说网|书屋|txt", re.IGNORECASE)
_FIELD = re.compile(
    r"^\s*(title|author|language|translator|release date|posting date|last updated|"
    r"character set encoding|credits|word count|书名|作者|语言|译者|出版社|字数)\s*[:：]\s*(.*)$",
    re.IGNORECASE)
_FIELD_KEYS = {"title": "title", "书名": "title", "author": "author", "作者": "author",
               "language": "language", "语言": "language", "translator": "translator",
               "译者": "translator"}
_SEPARATOR = re.compile(r"^\s*([-=*_~#.·—]\s*){3,}$")
_CHAPTER = re.compile(
    r"^\s*((chapter|book|part|volume|canto|act|section)\s+([ivxlcdm]+|\d+|[a-z]+)\b.*|"
    r"第\s*[一二三四五六七八九十百千零〇两\d]+\s*[章回节卷部篇集].*|"
    r"[IVXLC]+\.?(\s.*)?|\d{1,3}\.?)$", re.IGNORECASE)
_TOC_HEADING = re.compile(r"^\s*(table of contents|contents|目\s*录)\s*[.:：]?\s*$",
                          re.IGNORECASE)
_INDEX_HEADING = re.compile(r"^\s*(index|general index|索\s*引)\s*$", re.IGNORECASE)
_INDEX_ENTRY = re.compile(r"^.{1,80}?,?\s+\d+(\s*[-–]\s*\d+)?(\s*,\s*\d+(\s*[-–]\s*\d+)?)*\.?$")
_TOC_PAGE = re.compile(r"(\.{2,}|\s{2,}|…+)\s*(\d+|[ivxlc]+)\s*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^\s*([-–—\[{(]?\s*(page|p\.|pg\.?)?\s*\d{1,4}\s*[-–—\]})]?|第\s*\d+\s*页|"
    r"\[pg\s*\d+\])\s*$", re.IGNORECASE)
_INLINE_PAGE = re.compile(r"\s*\[Pg\s*\d+\]\s*", re.IGNORECASE)
_RUNNING_HEAD_NUMBERED = re.compile(r"^\s*(\d{1,4}\s{3,}\S.{0,60}|\S.{0,60}?\s{3,}\d{1,4})\s*$")
_HEAD_KEY = re.compile(r"^\s*(?:\d{1,4}\s{3,})?(.*?)(?:\s{3,}\d{1,4})?\s*$")
# Page numbers and running heads are short lines: longer ones are text (spaces included).
_HEAD_MAX = 100
_TRANSCRIBER = re.compile(r"^\s*\[?\s*transcriber['’]?s?\s+notes?", re.IGNORECASE)
_TERMINAL = tuple('.!?:;"\'”’)»」』。！？…')
_HEAD_LINES = 60
# Without a chapter heading near the top, only this many first lines are searched for notices.
_NO_CHAPTER = 20
_TAIL_LINES = 40
_PAGE = "\f"


def normalize_layout(text: str) -> str:
    """Unix line endings, no BOM, no trailing spaces, form feeds on lines of their own."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(_PAGE, f"\n{_PAGE}\n")
    return "\n".join(line if line == _PAGE else line.rstrip() for line in text.split("\n"))


def book_metadata(text: str) -> dict[str, str]:
    """Title, author, language and translator from the header fields of an e-text."""
    found: dict[str, str] = {}
    for line in text.split("\n", _HEAD_LINES * 2)[: _HEAD_LINES * 2]:
        match = _FIELD.match(line)
        if match:
            key = _FIELD_KEYS.get(match.group(1).lower())
            if key and match.group(2).strip() and key not in found:
                found[key] = match.group(2).strip()
    return found


def _cut_markers(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if _START_MARKER.match(line)), None)
    if start is not None:
        lines = lines[start + 1:]
    end = next((i for i, line in enumerate(lines) if _END_MARKER.match(line)), None)
    if end is not None:
        lines = lines[:end]
    return lines


def _is_notice(line: str) -> bool:
    return bool(_NOTICE.search(line) or _FIELD.match(line) or _SEPARATOR.match(line)
                or _CREDIT.match(line))


def _cut_notices(lines: list[str]) -> list[str]:
    """Licence notices without markers: any notice line before the first chapter heading
    (within the first lines), and the run of notice lines that ends the file."""
    first_chapter = next((i for i, line in enumerate(lines[:_HEAD_LINES])
                          if line.strip() and _is_heading(line)), min(len(lines), _NO_CHAPTER))
    head = [line for line in lines[:first_chapter] if not _is_notice(line)]
    body = lines[first_chapter:]
    end = len(body)
    seen = 0
    while end > 0 and seen < _TAIL_LINES:
        line = body[end - 1]
        if line.strip() and not _is_notice(line):
            break
        seen += bool(line.strip())
        end -= 1
    return head + body[:end]


def _cut_paragraphs(lines: list[str], starts: re.Pattern[str]) -> list[str]:
    """Drop blank-line-separated paragraphs whose first line matches ``starts``."""
    out: list[str] = []
    skipping = False
    bracketed = False
    for line in lines:
        if not skipping and starts.match(line):
            skipping, bracketed = True, line.lstrip().startswith("[")
        if skipping:
            # A bracketed note runs to its closing bracket, blank lines included.
            closed = line.rstrip().endswith("]") if bracketed else not line.strip()
            if closed:
                skipping = False
            continue
        out.append(line)
    return out


def _entry_words(line: str) -> list[str]:
    return re.sub(r"\W+", " ", _TOC_PAGE.sub("", line)).lower().split()


def _same_entry(a: list[str], b: list[str]) -> bool:
    """TOC entries and body headings match when one is a word prefix of the other
    ("Chapter I. The Harbour ..... 1" and "CHAPTER I.")."""
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]


def _cut_toc(lines: list[str]) -> list[str]:
    """Remove a table of contents: from its heading to where its first entry reappears as the
    heading of the body, else to the heading that precedes the first prose."""
    limit = max(_HEAD_LINES, len(lines) // 5)
    heading = next((i for i, line in enumerate(lines[:limit]) if _TOC_HEADING.match(line)), None)
    if heading is None:
        return lines
    entries = []
    end = heading + 1
    while end < len(lines) and len(lines[end].strip()) <= 80:
        if lines[end].strip():
            entries.append(end)
        end += 1
    if not entries:
        return lines
    first = _entry_words(lines[entries[0]])
    for k in entries[1:]:
        if _same_entry(first, _entry_words(lines[k])):
            return lines[:heading] + lines[k:]
    if end == len(lines):
        return lines  # short lines to the end: not a table of contents we understand
    return lines[:heading] + lines[entries[-1]:]


def _cut_index(lines: list[str]) -> list[str]:
    """Remove a back-of-book index: a heading late in the book followed mostly by entries."""
    for i in range(len(lines) - 1, int(len(lines) * 0.6), -1):
        if _INDEX_HEADING.match(lines[i]):
            rest = [line for line in lines[i + 1:] if line.strip()]
            entries = sum(1 for line in rest if _INDEX_ENTRY.match(line))
            if rest and entries >= 0.6 * len(rest):
                return lines[:i]
            break
    return lines


def _is_heading(line: str) -> bool:
    return len(line.strip()) <= 60 and bool(_CHAPTER.match(line))


def _cut_page_furniture(lines: list[str]) -> list[str]:
    """Remove page numbers and running heads, then join text split across a page break.

    Decorated page numbers ("- 12 -", "[Pg 12]", "Page 12", "第12页") always go; bare numbers
    only when they are as frequent as pages (at least one per 80 lines), since a book may
    number its chapters with bare numbers. A running head is a short line repeated at page
    edges (next to form feeds) or a title with a page number set apart by spaces, seen at
    least three times. Chapter headings are never removed.
    """
    lines = [_INLINE_PAGE.sub(" ", line) if "[" in line else line for line in lines]
    bare = sum(1 for line in lines if line.strip().isdigit())
    drop_bare = bare * 80 >= len(lines)
    edge: Counter[str] = Counter()
    at_edge: set[int] = set()
    for p in (i for i, line in enumerate(lines) if line == _PAGE):
        before, after = _neighbour(lines, p, -1), _neighbour(lines, p, 1)
        around = [before, after]
        around += [_neighbour(lines, before, -1) if before is not None else None,
                   _neighbour(lines, after, 1) if after is not None else None]
        for j in around:
            if j is not None and len(lines[j].strip()) <= 60:
                edge[_head_key(lines[j])] += 1
                at_edge.add(j)
    numbered = Counter(_head_key(line) for line in lines if len(line) <= _HEAD_MAX
                       and "   " in line and _RUNNING_HEAD_NUMBERED.match(line))
    out = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.isdigit():
            if drop_bare or i in at_edge:
                continue
        elif stripped and len(line) <= _HEAD_MAX and not _is_heading(line):
            if len(stripped) <= 20 and _PAGE_NUMBER.match(line):
                continue
            if edge or numbered:
                key = _head_key(line)
                if edge[key] >= 3 or (numbered[key] >= 3 and _RUNNING_HEAD_NUMBERED.match(line)):
                    continue
        out.append(line)
    return _join_pages(out)


def _neighbour(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip() and lines[j] != _PAGE:
            return j
        j += step
    return None


def _head_key(line: str) -> str:
    """A line without the page number a running head carries (set apart by spaces)."""
    match = _HEAD_KEY.match(line)
    return match.group(1).lower() if match else line.strip().lower()


def _join_pages(lines: list[str]) -> list[str]:
    """A sentence cut by a page break continues: join; otherwise the break is a paragraph."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i] != _PAGE:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j] == _PAGE or not lines[j].strip()):
            j += 1
        while out and not out[-1].strip():
            out.pop()
        prev = out[-1] if out else ""
        nxt = lines[j] if j < len(lines) else ""
        if not (prev and nxt and not prev.endswith(_TERMINAL) and nxt.lstrip()[:1].islower()):
            out.append("")
        i = j
    return out


def strip_book_boilerplate(text: str) -> str:
    """Remove what is not the book: licence header/footer, producer and transcriber notes,
    table of contents, index, page numbers and running heads. Chapter headings stay.

    Licence blocks are recognised by the start/end markers of e-text collections
    ("*** START OF THE PROJECT GUTENBERG EBOOK ... ***") or, without markers, line by line by
    the vocabulary of licence notices (e-text, copyright, download, 电子书, 整理, 版权 ...) in
    the header before the first chapter and at the very end.
    """
    lines = normalize_layout(text).split("\n")
    lines = _cut_markers(lines)
    lines = _cut_notices(lines)
    lines = _cut_paragraphs(lines, _TRANSCRIBER)
    lines = _cut_paragraphs(lines, _CREDIT)
    lines = _cut_toc(lines)
    lines = _cut_index(lines)
    lines = _cut_page_furniture(lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


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
        if not chapters or _is_heading(paragraph.split("\n", 1)[0]):
            chapters.append(paragraph)
        else:
            chapters[-1] += "\n\n" + paragraph
    units = [piece for chapter in chapters for piece in _pieces(chapter, max_chars)]
    return _pack(units, max_chars, "\n\n")


def read_books(src: Source) -> Iterator[Row]:
    """Rows of one book file: decoded, cleaned, re-flowed and split (module docstring)."""
    decoded = read_decoded(src)
    if isinstance(decoded, Row):
        yield decoded
        return
    text, meta = decoded
    meta = {**meta, **book_metadata(normalize_layout(text))}
    if src.options.get("strip_boilerplate", True):
        text = strip_book_boilerplate(text)
    text = reflow(text) if src.options.get("reflow", True) else normalize_layout(text)
    if not text.strip():
        yield bad_row(src.doc_id(0), "empty_file", path=src.path, meta=meta)
        return
    parts = split_book(text, max_chars=src.options.get("max_chars", DEFAULT_MAX_CHARS))
    for i, part in enumerate(parts):
        yield Row(src.doc_id(i), part, None, {**meta, "part": i, "parts": len(parts)})
