"""``truth/duplicates.jsonl``: every pair of documents of ``extracted/web.jsonl`` whose shingle
sets have Jaccard similarity >= 0.8, found exactly, grouped into connected components.

Shingles are dataprep's own (``dataprep.dedup.minhash.shingles``: word 5-grams after
``normalize_text``, character 5-grams for scripts without spaces), so the truth measures what
``minhash_dedup`` claims. Candidates come from prefix filtering (Chaudhuri et al. 2006; Xiao et
al. 2008, "ppjoin"): with shingles ordered rarest first, two sets with J >= t must share one of
the first ``|A| - ceil(t |A|) + 1`` shingles of each; every candidate is then checked by the
exact Jaccard of the two sets of shingle bytes, so no pair is estimated.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from fractions import Fraction

import xxhash

from dataprep.dedup.minhash import shingles

THRESHOLD = Fraction(4, 5)


def _min_overlap_size(n: int, t: Fraction) -> int:
    """ceil(t * n), exactly."""
    return -(-t.numerator * n // t.denominator)


def similar_pairs(docs: list[dict], t: Fraction = THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, Jaccard) for every pair i < j of ``docs`` (rows with text, lang) with J >= t."""
    sets = [frozenset(shingles(d["text"], d["lang"])) for d in docs]
    hashed = [sorted({xxhash.xxh3_64_intdigest(s) for s in shingle_set}) for shingle_set in sets]
    frequency = Counter(h for hs in hashed for h in hs)
    index: dict[int, list[int]] = defaultdict(list)
    pairs = []
    for i in sorted(range(len(docs)), key=lambda k: (len(sets[k]), k)):
        size = len(sets[i])
        if not size:
            continue
        order = sorted(hashed[i], key=lambda h: (frequency[h], h))
        prefix = order[:size - _min_overlap_size(size, t) + 1]
        candidates = {j for h in prefix for j in index[h]}
        for j in candidates:
            # j was indexed earlier, so |B| <= |A|; the size filter: |B| >= t |A|.
            if len(sets[j]) < _min_overlap_size(size, t):
                continue
            inter = len(sets[i] & sets[j])
            union = size + len(sets[j]) - inter
            if inter * t.denominator >= t.numerator * union:
                pairs.append((min(i, j), max(i, j), inter / union))
        # Index by prefix only: a later (larger) set must share one of these to qualify.
        for h in prefix:
            index[h].append(i)
    return sorted(pairs)


def clusters(n: int, pairs: list[tuple[int, int, float]]) -> list[list[int]]:
    """Connected components of size >= 2, members in input order, ordered by first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in pairs:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        groups[find(k)].append(k)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
