"""Plain metric functions the heuristic filters threshold (and that can be stored as signals).

Each takes already-split units (lines, paragraphs, words) so that one filter splits a document
once and computes several metrics from the same lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from dataprep.filters.text import is_symbol

_HAS_ALPHA = re.compile(r"[^\W\d_]")


def duplicates(items: Sequence[str]) -> tuple[int, int]:
    """(number of items equal to an earlier one, characters in those items) — Gopher's
    duplicate line/paragraph counts, where the first occurrence is not a duplicate."""
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


def non_symbol_words(words: Sequence[str]) -> list[str]:
    """Words with at least one character that is not punctuation (Gopher's word count unit)."""
    return [w for w in words if w.isalnum() or not is_symbol(w)]


def alpha_words(words: Sequence[str]) -> int:
    """Number of words containing at least one alphabetic character."""
    return sum(1 for w in words if w.isalpha() or _HAS_ALPHA.search(w))


def stop_words_in(words: Sequence[str], stop_words: frozenset[str]) -> set[str]:
    """The stop words present, matched case-insensitively."""
    return stop_words.intersection({w.lower() for w in set(words)})


def first_failure(checks: Iterable[tuple[str, float, str | None]]) -> str | None:
    """The drop reason of the first failing ``(signal, value, reason)`` check, or ``None``;
    checks after it are not computed when ``checks`` is a generator."""
    return next((reason for _, _, reason in checks if reason), None)


def pieces(text: str, size: int) -> Iterator[str]:
    """``text`` in consecutive pieces of at most ``size`` characters, each cut right after a
    newline, so that line, word and substring counts of the pieces add up to those of the text.
    A piece without a newline in its second half is cut after a space (then the line it cuts
    counts twice), or at ``size`` characters."""
    start = 0
    while len(text) - start > size:
        half = start + size // 2
        cut = text.rfind("\n", half, start + size) + 1 or text.rfind(" ", half, start + size) + 1
        cut = cut or start + size
        yield text[start:cut]
        start = cut
    yield text[start:]
