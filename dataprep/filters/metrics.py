"""Plain metric functions the heuristic filters threshold (and that can be stored as signals).

Each takes already-split units (lines, paragraphs, words) so that one filter splits a document
once and computes several metrics from the same lists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import accumulate

from dataprep.filters.text import is_symbol

_HAS_ALPHA = re.compile(r"[^\W\d_]")


def _ngrams(words: Sequence[str], n: int) -> zip:
    # The shifted copies are shorter by design: zip stops at the last complete n-gram.
    return zip(*(words[i:] for i in range(n)), strict=False)


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


def top_ngram_chars(words: Sequence[str], n: int) -> int:
    """Characters covered by the most frequent word n-gram: ``len(" ".join(g)) * count(g)``.

    Gopher's "fraction of characters in the top n-gram" numerator. On ties the n-gram seen
    first wins (as in datatrove). 0 when the text has fewer than ``n`` words.
    """
    if len(words) < n:
        return 0
    counts = Counter(_ngrams(words, n))
    gram, count = max(counts.items(), key=lambda kv: kv[1])
    return (sum(map(len, gram)) + n - 1) * count


def dup_ngram_chars(words: Sequence[str], n: int) -> int:
    """Characters in duplicated word n-grams, Gopher's "duplicate n-gram character fraction"
    numerator.

    Scans left to right; an n-gram already seen adds its characters (spaces excluded) and the
    scan jumps past it, so overlapping repeats are not counted twice (datatrove's reading of
    the rule).
    """
    grams = list(_ngrams(words, n))
    if len(set(grams)) == len(grams):  # no repeat at all: the common case, skip the scan
        return 0
    offsets = [0, *accumulate(map(len, words))]
    seen: set[tuple[str, ...]] = set()
    chars = idx = 0
    total = len(grams)
    while idx < total:
        gram = grams[idx]
        if gram in seen:
            chars += offsets[idx + n] - offsets[idx]
            idx += n
        else:
            seen.add(gram)
            idx += 1
    return chars


def non_symbol_words(words: Sequence[str]) -> list[str]:
    """Words with at least one character that is not punctuation (Gopher's word count unit)."""
    return [w for w in words if w.isalnum() or not is_symbol(w)]


def alpha_words(words: Sequence[str]) -> int:
    """Number of words containing at least one alphabetic character."""
    return sum(1 for w in words if w.isalpha() or _HAS_ALPHA.search(w))


def stop_word_count(words: Sequence[str], stop_words: frozenset[str]) -> int:
    """Distinct stop words present, case-insensitively."""
    return len(stop_words.intersection({w.lower() for w in set(words)}))


def line_fraction(lines: Sequence[str], predicate: Callable[[str], bool]) -> float:
    """Fraction of ``lines`` for which ``predicate(line)`` holds (0 for no lines)."""
    return sum(1 for line in lines if predicate(line)) / len(lines) if lines else 0.0
