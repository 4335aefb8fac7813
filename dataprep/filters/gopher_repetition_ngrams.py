"""Word n-gram counts for Gopher's repetition rules, level by level in numpy.

Every n-gram is numbered by the position of its first occurrence. Level n only looks at the
positions whose (n-1)-gram occurs more than once (an n-gram that repeats starts with an
(n-1)-gram that does), so after a few levels few positions are left and the cost of n = 3 ...
10 follows the repetition in the text, not its length. Numbering a level is one sort of
integer keys (``numpy.unique``) instead of a dict of tuples in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count

import numpy as np


class NGramIndex:
    """The word n-grams of one document, numbered by the position where each first occurs."""

    def __init__(self, words: Sequence[str]):
        self.words = words
        first: dict[str, int] = {}
        self._word_ids = np.fromiter(map(first.setdefault, words, count()), np.int64,
                                     len(words))
        self._offsets = np.zeros(len(words) + 1, np.int64)
        np.cumsum(np.fromiter(map(len, words), np.int64, len(words)), out=self._offsets[1:])
        # level n: (positions, their n-gram ids, how often each one's n-gram occurs), level 1
        # numbering the words; a level holds the positions whose (n-1)-gram repeats
        self._levels: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {
            1: self._numbered(np.arange(len(words)), self._word_ids)}

    @staticmethod
    def _numbered(positions: np.ndarray, keys: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(positions, id = first position with the same key, occurrences of that key)."""
        _, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True,
                                              return_counts=True)
        inverse = inverse.reshape(-1)
        # positions ascend, so the first index of a key is its first occurrence
        return positions, positions[first][inverse], counts[inverse]

    def _level(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if n < 1:
            raise ValueError(f"word n-grams need n >= 1, not {n}")
        if n not in self._levels:
            positions, ids, counts = self._level(n - 1)
            keep = (counts > 1) & (positions <= len(self.words) - n)
            positions, ids = positions[keep], ids[keep]
            keys = ids * len(self.words) + self._word_ids[positions + n - 1]
            self._levels[n] = self._numbered(positions, keys)
        return self._levels[n]

    def _chars(self, start: int, n: int) -> int:
        """Characters of the n words from ``start``, spaces between them excluded."""
        return int(self._offsets[start + n] - self._offsets[start])

    def top_chars(self, n: int) -> int:
        """Characters covered by the most frequent n-gram: ``len(" ".join(g)) * count(g)``.

        Gopher's "fraction of characters in the top n-gram" numerator. On ties the n-gram seen
        first wins (as in datatrove). 0 when the text has fewer than ``n`` words.
        """
        if len(self.words) < n:
            return 0
        _, ids, counts = self._level(n)
        most = int(counts.max()) if len(counts) else 1
        if most == 1:  # every n-gram is unique: the first one is the top
            return self._chars(0, n) + n - 1
        first = int(ids[counts == most].min())  # on ties, the n-gram seen first
        return (self._chars(first, n) + n - 1) * most

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
        positions, ids, _ = self._level(n)
        later = ids != positions
        starts = positions[later]
        spans = (self._offsets[starts + n] - self._offsets[starts]).tolist()
        jumped = bytearray(len(self.words))  # 1 where the scan jumped over a position
        jump = b"\x01" * (n - 1)
        seen_later: set[int] = set()  # grams seen at a visited later occurrence
        resume = chars = 0
        for position, gram, span in zip(starts.tolist(), ids[later].tolist(), spans,
                                        strict=True):
            if position < resume:
                continue
            if not jumped[gram] or gram in seen_later:  # seen before: count it, jump past it
                chars += span
                jumped[position + 1:position + n] = jump
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
