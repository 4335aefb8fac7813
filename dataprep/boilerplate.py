"""Boilerplate removal on the lines of resiliparse's minimal-HTML extract.

Each rule looks at one line (a block of the page) or a run of lines, the way jusText classifies
paragraphs: how much of a line is link text, how many of its words are stop words of the page's
language, and runs of short lines (menus, breadcrumbs, footers). Code (``<pre>``) is never
judged: it has no stop words and many short lines, yet it is the main content of technical pages.
Which rules are on by default, and at which thresholds, was measured on the real corpus's
main-content truth (``benchmarks/bench_extract.py``, docs/extract.md).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

# resiliparse's ``preserve_formatting="minimal_html"`` output: escaped text and these tags only.
_TAG = re.compile(r"(<[^<>]*>)")
_WORD = re.compile(r"[^\W\d_]+")
# Scripts written without spaces: their "words" are not stop-word-countable by splitting.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")


@dataclass(frozen=True)
class Rules:
    """Thresholds of the rules; ``None`` (or 0 lines) turns a rule off."""

    max_link_density: float | None
    min_stop_word_density: float | None
    short_run_lines: int
    short_line_chars: int


@dataclass
class Line:
    text: str  # unescaped, without tags
    chars: int  # non-space characters
    link_chars: int
    code: bool  # inside <pre>
    heading: bool


def non_space_chars(text: str) -> int:
    """Characters of ``text`` that are not whitespace."""
    return sum(map(len, text.split()))


def split_lines(minimal_html: str) -> list[Line]:
    """Lines of a minimal-HTML extract with their link share and kind; empty lines dropped.

    A link ends at the end of its line at the latest: resiliparse leaves ``<a>`` unclosed where
    the page did (and for name-only anchors, which have an empty ``href`` and are no links).
    """
    lines: list[Line] = []
    code = False
    for raw in minimal_html.split("\n"):
        if "<" not in raw:  # no tag (about half the lines): no link, no change of state
            text = html.unescape(raw) if "&" in raw else raw
            text = text.rstrip() if code else text.strip()
            if text.strip():
                lines.append(Line(text, non_space_chars(text), 0, code, False))
            continue
        parts: list[str] = []
        link_chars = 0
        in_link = heading = False
        line_code = code
        for i, part in enumerate(_TAG.split(raw)):
            if i % 2:
                tag = part[1:4].lower()
                if tag.startswith("a "):
                    in_link = 'href=""' not in part
                elif tag.startswith("/a"):
                    in_link = False
                elif tag == "pre":
                    code = line_code = True
                elif tag == "/pr":
                    code = False
                elif tag[0] == "h" or tag[:2] == "/h":
                    heading = True
                continue
            if part:
                if "&" in part:
                    part = html.unescape(part)
                parts.append(part)
                if in_link:
                    link_chars += non_space_chars(part)
        text = "".join(parts)
        # Code keeps its indentation.
        text = text.rstrip() if line_code else text.strip()
        if text.strip():
            lines.append(Line(text, non_space_chars(text), link_chars, line_code, heading))
    return lines


@lru_cache(maxsize=1)
def _stop_lists() -> tuple[dict[str, tuple[int, ...]], tuple[frozenset[str], ...]]:
    """The jusText stop lists (100 languages), and word -> indices of the lists holding it."""
    import justext

    lists = tuple(frozenset(w.lower() for w in justext.get_stoplist(name))
                  for name in sorted(justext.get_stoplists()))
    index: dict[str, list[int]] = {}
    for i, words in enumerate(lists):
        for word in words:
            index.setdefault(word, []).append(i)
    return {w: tuple(ids) for w, ids in index.items()}, lists


def page_stop_words(words: list[str]) -> frozenset[str]:
    """Stop words of the page's language: the jusText list that covers most of its words."""
    index, lists = _stop_lists()
    hits = [0] * len(lists)
    for word in words:
        for i in index.get(word, ()):
            hits[i] += 1
    best = max(range(len(lists)), key=lambda i: (hits[i], -i))
    return lists[best] if hits[best] else frozenset()


def _low_stop_density(words: list[str], stop_words: frozenset[str], minimum: float) -> bool:
    return sum(w in stop_words for w in words) < minimum * len(words)


def _short_runs(lines: list[Line], keep: list[bool], rules: Rules) -> None:
    """Drop runs of at least ``short_run_lines`` consecutive short prose lines (menus)."""
    start = 0
    while start < len(lines):
        end = start
        while (end < len(lines) and not lines[end].code
               and lines[end].chars < rules.short_line_chars):
            end += 1
        if end - start >= rules.short_run_lines:
            for i in range(start, end):
                keep[i] = False
        start = max(end, start + 1)


def _link_dense(line: Line, maximum: float) -> bool:
    return not line.code and line.link_chars > maximum * line.chars


def _link_dense_edges(lines: list[Line], keep: list[bool], maximum: float) -> None:
    """Drop the link-dense lines before the first and after the last other line: navigation
    bars sit at the edges of what resiliparse keeps, while link-dense lines inside the text
    (tables of contents, "see also" lists, API tables) are main content of documentation."""
    first = 0
    while first < len(lines) and _link_dense(lines[first], maximum):
        keep[first] = False
        first += 1
    last = len(lines) - 1
    while last > first and _link_dense(lines[last], maximum):
        keep[last] = False
        last -= 1


def remove_boilerplate(minimal_html: str, rules: Rules) -> str:
    """The text of the lines of ``minimal_html`` that no rule calls boilerplate."""
    lines = split_lines(minimal_html)
    keep = [True] * len(lines)
    stop_words: frozenset[str] = frozenset()
    words: list[list[str]] = [[] for _ in lines]
    if rules.min_stop_word_density is not None:
        words = [_WORD.findall(line.text.lower()) for line in lines]
        stop_words = page_stop_words([w for ws in words for w in ws])
    for i, line in enumerate(lines):
        if (stop_words and not line.code and not line.heading and words[i]
                and not _UNSPACED.search(line.text)
                and _low_stop_density(words[i], stop_words, rules.min_stop_word_density)):
            keep[i] = False
    if rules.max_link_density is not None:
        _link_dense_edges(lines, keep, rules.max_link_density)
    if rules.short_run_lines:
        _short_runs(lines, keep, rules)
    return "\n".join(line.text for line, k in zip(lines, keep, strict=True) if k)
