"""Book clean-up: layout normalisation and boilerplate removal (pure ``str -> str``).

See ``dataprep.readers.books`` for what :func:`strip_book_boilerplate` removes.
"""

from __future__ import annotations

import re
from collections import Counter

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
# Header fields of an e-text (metadata, and notices to remove).
FIELD = re.compile(
    r"^\s*(title|author|language|translator|release date|posting date|last updated|"
    r"character set encoding|credits|word count|书名|作者|语言|译者|出版社|字数)\s*[:：]\s*(.*)$",
    re.IGNORECASE)
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
HEAD_LINES = 60
# Without a chapter heading near the top, only this many first lines are searched for notices.
_NO_CHAPTER = 20
_TAIL_LINES = 40
PAGE = "\f"


def normalize_layout(text: str) -> str:
    """Unix line endings, no BOM, no trailing spaces, form feeds on lines of their own."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(PAGE, f"\n{PAGE}\n")
    return "\n".join(line if line == PAGE else line.rstrip() for line in text.split("\n"))

def _cut_markers(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if _START_MARKER.match(line)), None)
    if start is not None:
        lines = lines[start + 1:]
    end = next((i for i, line in enumerate(lines) if _END_MARKER.match(line)), None)
    if end is not None:
        lines = lines[:end]
    return lines


def _is_notice(line: str) -> bool:
    return bool(_NOTICE.search(line) or FIELD.match(line) or _SEPARATOR.match(line)
                or _CREDIT.match(line))


def _cut_notices(lines: list[str]) -> list[str]:
    """Licence notices without markers: any notice line before the first chapter heading
    (within the first lines), and the run of notice lines that ends the file."""
    first_chapter = next((i for i, line in enumerate(lines[:HEAD_LINES])
                          if line.strip() and is_heading(line)), min(len(lines), _NO_CHAPTER))
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
    limit = max(HEAD_LINES, len(lines) // 5)
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


def is_heading(line: str) -> bool:
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
    for p in (i for i, line in enumerate(lines) if line == PAGE):
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
        elif stripped and len(line) <= _HEAD_MAX and not is_heading(line):
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
        if lines[j].strip() and lines[j] != PAGE:
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
        if lines[i] != PAGE:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j] == PAGE or not lines[j].strip()):
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
