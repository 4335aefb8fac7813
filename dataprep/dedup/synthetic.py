"""A generated corpus with planted near-duplicates of known Jaccard similarity.

Used by the dedup tests and ``benchmarks/bench_dedup.py``: originals are random documents (Zipf
over a random letter-only vocabulary for English-like text, random Han characters for Chinese),
and near-duplicates are copies edited until their shingle-set Jaccard similarity with their source
reaches a chosen level. Edits are scattered word/character substitutions or one replaced span;
a copy may itself be copied (chains A -> B -> C). The exact Jaccard of every pair inside a family
(an original and all its copies) is computed from the shingle sets, so the ground truth does not
depend on MinHash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from dataprep.dedup.minhash import shingles

LEVELS = (0.5, 0.6, 0.7, 0.75, 0.85, 0.9, 0.95, 1.0)
_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))
_HAN_START = 0x4E00


@dataclass
class PlantedCorpus:
    texts: list[str]
    langs: list[str]
    family: list[int]  # index of the original each document descends from
    # (i, j, exact Jaccard) for every pair of documents of one family, i < j.
    pairs: list[tuple[int, int, float]] = field(default_factory=list)

    def true_duplicates(self, threshold: float) -> set[int]:
        """Documents to remove: all but the first of each cluster of pairs with J >= threshold."""
        parent = list(range(len(self.texts)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, j, jaccard in self.pairs:
            if jaccard >= threshold:
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
        return {i for i in range(len(self.texts)) if find(i) != i}


def jaccard(a: list[bytes], b: list[bytes]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def _edit(tokens: list[str], target: float, n: int, rng: np.random.Generator,
          new_token) -> list[str]:
    """Edit ``tokens`` so that about ``target`` of the n-gram shingles survive (J = target)."""
    shingle_count = max(1, len(tokens) - n + 1)
    changed = round(shingle_count * (1 - target) / (1 + target))
    out = list(tokens)
    if changed == 0:
        return out
    if rng.random() < 0.5 and changed >= n:
        # One replaced span of m tokens changes m + n - 1 shingles.
        span = changed - n + 1
        start = int(rng.integers(0, max(1, len(out) - span)))
        out[start:start + span] = [new_token() for _ in range(span)]
    else:
        # Substitutions at least n apart change n shingles each.
        count = max(1, round(changed / n))
        slots = rng.choice(max(1, len(out) // n), size=min(count, len(out) // n), replace=False)
        for slot in slots:
            out[int(slot) * n + int(rng.integers(0, n))] = new_token()
    return out


def planted_corpus(num_docs: int, *, dup_fraction: float = 0.2, cjk_fraction: float = 0.1,
                   levels: tuple[float, ...] = LEVELS, min_words: int = 80,
                   max_words: int = 400, seed: int = 0) -> PlantedCorpus:
    """``num_docs`` documents, ``dup_fraction`` of them near-duplicates at the given levels."""
    rng = np.random.default_rng(seed)
    vocab_size = 50_000
    vocab = ["".join(rng.choice(_LETTERS, size=int(rng.integers(3, 10))))
             for _ in range(vocab_size)]
    # Zipf-like word frequencies (rank^-1), as in natural text.
    cdf = np.cumsum(1.0 / np.arange(1, vocab_size + 1))
    cdf /= cdf[-1]

    def new_word() -> str:
        return "".join(rng.choice(_LETTERS, size=8))  # 8 random letters: not in the corpus

    def new_char() -> str:
        return chr(_HAN_START + 10_000 + int(rng.integers(0, 5_000)))

    texts: list[str] = []
    langs: list[str] = []
    tokens_of: list[list[str]] = []
    family: list[int] = []
    for index in range(num_docs):
        if index > 0 and rng.random() < dup_fraction:
            source = int(rng.integers(0, index))
            cjk = langs[source] == "zh"
            tokens = _edit(tokens_of[source], float(rng.choice(levels)), 5, rng,
                           new_char if cjk else new_word)
            family.append(family[source])
            langs.append(langs[source])
        else:
            length = int(rng.integers(min_words, max_words))
            if rng.random() < cjk_fraction:
                # Characters from the first 10,000 Han code points (edits use others).
                tokens = [chr(_HAN_START + int(c)) for c in rng.integers(0, 10_000, 2 * length)]
                langs.append("zh")
            else:
                ranks = np.searchsorted(cdf, rng.random(length))
                tokens = [vocab[int(w)] for w in ranks]
                langs.append("en")
            family.append(index)
        tokens_of.append(tokens)
        texts.append(("" if langs[-1] == "zh" else " ").join(tokens))
    corpus = PlantedCorpus(texts, langs, family)
    members: dict[int, list[int]] = {}
    for index, root in enumerate(family):
        members.setdefault(root, []).append(index)
    for group in members.values():
        if len(group) > 1:
            sets = {i: shingles(texts[i], langs[i]) for i in group}
            corpus.pairs.extend((i, j, jaccard(sets[i], sets[j]))
                                for i, j in combinations(group, 2))
    return corpus
