"""Plain metric functions the heuristic filters threshold (and that can be stored as signals).

Each takes already-split units (lines, paragraphs, words) so that one filter splits a document
once and computes several metrics from the same lists.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress, count
from operator import ne

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


class NGramIndex:
    """The word n-grams of one document, numbered by the position where each first occurs.

    Level 1 numbers the words, level 2 every word pair; level n numbers (n-1-gram, next word)
    pairs, but only at the positions whose (n-1)-gram occurs more than once: an n-gram that
    occurs twice starts with an (n-1)-gram that does, so most positions drop out after a few
    levels and the cost of n = 3 ... 10 follows the repetition in the text, not its length.
    """

    def __init__(self, words: Sequence[str]):
        self.words = words
        self._offsets: list[int] | None = None
        first: dict[str, int] = {}
        word_ids = list(map(first.setdefault, words, count()))
        self._word_ids = word_ids
        pairs: dict[tuple[int, int], int] = {}
        ids = list(map(pairs.setdefault, zip(word_ids, word_ids[1:], strict=False),
                             count()))
        # levels[n] = (ids: position -> n-gram id, repeats: positions of a later occurrence)
        self._levels: dict[int, tuple[Sequence[int] | dict[int, int], list[int]]] = {
            2: (ids, list(compress(count(), map(ne, ids, count())))),
        }

    def _level(self, n: int) -> tuple[Sequence[int] | dict[int, int], list[int]]:
        if n < 2:
            raise ValueError(f"word n-gram rules need n >= 2, not {n}")
        if n in self._levels:
            return self._levels[n]
        ids, repeats = self._level(n - 1)
        # Positions whose (n-1)-gram occurs more than once: the repeats and their first places.
        last = len(self.words) - n
        candidates = sorted({p for p in (*repeats, *map(ids.__getitem__, repeats)) if p <= last})
        keys = zip(map(ids.__getitem__, candidates),
                   map(self._word_ids.__getitem__, [p + n - 1 for p in candidates]), strict=True)
        grams: dict[tuple[int, int], int] = {}
        level_ids = dict(zip(candidates, map(grams.setdefault, keys, candidates), strict=True))
        level = (level_ids, [p for p in candidates if level_ids[p] != p])
        self._levels[n] = level
        return level

    def _chars(self, start: int, n: int) -> int:
        """Characters of the n words from ``start``, spaces between them excluded."""
        if self._offsets is None:
            self._offsets = [0, *accumulate(map(len, self.words))]
        return self._offsets[start + n] - self._offsets[start]

    def top_chars(self, n: int) -> int:
        """Characters covered by the most frequent n-gram: ``len(" ".join(g)) * count(g)``.

        Gopher's "fraction of characters in the top n-gram" numerator. On ties the n-gram seen
        first wins (as in datatrove). 0 when the text has fewer than ``n`` words.
        """
        if len(self.words) < n:
            return 0
        ids, repeats = self._level(n)
        if not repeats:
            return self._chars(0, n) + n - 1
        later = Counter(map(ids.__getitem__, repeats))
        most = max(later.values())
        first = min(gram for gram, seen in later.items() if seen == most)
        return (self._chars(first, n) + n - 1) * (most + 1)

    def dup_chars(self, n: int) -> int:
        """Characters in duplicated n-grams, Gopher's "duplicate n-gram character fraction"
        numerator.

        Scans left to right; an n-gram already seen adds its characters (spaces excluded) and
        the scan jumps past it, so overlapping repeats are not counted twice (datatrove's
        reading of the rule). Only the later occurrences need visiting: a first occurrence is
        never a repeat, but it counts as seen only if the scan did not jump over it.
        """
        if len(self.words) < n:
            return 0
        ids, repeats = self._level(n)
        hits: list[int] = []  # positions of counted repeats; the scan skips the n - 1 after
        seen_later: set[int] = set()  # grams seen at a visited later occurrence
        resume = chars = 0
        for position in repeats:
            if position < resume:
                continue
            gram = ids[position]  # = the position of its first occurrence
            jumped = bisect_left(hits, gram) - 1
            first_seen = jumped < 0 or gram >= hits[jumped] + n
            if first_seen or gram in seen_later:
                chars += self._chars(position, n)
                hits.append(position)
                resume = position + n
            else:
                seen_later.add(gram)
        return chars


def top_ngram_chars(words: Sequence[str], n: int) -> int:
    """``NGramIndex(words).top_chars(n)``, for one n."""
    return NGramIndex(words).top_chars(n)


def dup_ngram_chars(words: Sequence[str], n: int) -> int:
    """``NGramIndex(words).dup_chars(n)``, for one n."""
    return NGramIndex(words).dup_chars(n)


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
