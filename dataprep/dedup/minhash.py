"""Fuzzy deduplication with MinHash-LSH (Broder 1997; Leskovec, Rajaraman, Ullman, "Mining of
Massive Datasets", ch. 3), as a file-to-file global stage.

- ``collect`` (per unit): shingles -> datasketch ``MinHash.bulk`` signatures (xxh32 shingle hash,
  ``affine32`` permutations, fixed seed: bit-identical on every worker) -> one 64-bit key per band
  (xxh3-64 of the band's bytes, seeded with the band index). Only the band keys (and, with
  ``verify``, the signature) leave the unit.
- ``decide`` (driver, fanned out through the executor): band keys are hash-shuffled so equal keys
  meet; each bucket of documents sharing a key gives star edges (its smallest node -> every other
  member; a clique would be quadratic in hub buckets); optionally each candidate pair is checked
  by the Jaccard similarity its two signatures estimate; connected components
  (``components.py``) keep the smallest node (the first document in input order) of each cluster.
- ``apply`` (per unit): marks the others ``minhash_dedup:duplicate`` with ``duplicate_of``.

Documents with fewer tokens than the shingle size get their whole normalised text as a single
shingle, so short duplicates are still found (datatrove skips them); documents with no token at
all are left out (their empty shingle sets would all collide into one giant cluster).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, partial
from typing import Annotated

import numpy as np
import pyarrow as pa
import xxhash
from pydantic import Field

from dataprep.dedup.components import connected_components
from dataprep.dedup.decisions import apply_decisions, write_decisions
from dataprep.dedup.shuffle import (
    Shuffle,
    ShuffleTask,
    Step,
    collected_unit,
    hash_partition,
    node_ids,
    partition_count,
    read_columns,
    read_partition,
    run_starts,
    unit_of,
    write_partitioned,
)
from dataprep.dedup.survivors import KEEP_CHOICES, Keep, choose_survivors, survivor_columns
from dataprep.dedup.text import normalize_text, uses_char_ngrams
from dataprep.dedup.verify import (
    COLUMN,
    VERIFY_CHOICES,
    Verify,
    attach_source,
    hash_sets_column,
    shingle_hashes,
    unique_pairs,
    unverified_edges,
    verified_edges,
)
from dataprep.errors import ConfigError
from dataprep.options import PositiveInt
from dataprep.stages import Executor, ShuffleEstimate

# Weights of datasketch's optimal (bands, rows) search: missing a duplicate costs more than a
# false candidate, which ``verify`` removes and which costs little at the threshold anyway.
FALSE_POSITIVE_WEIGHT = 0.05
FALSE_NEGATIVE_WEIGHT = 0.95
# With verification, a bucket member is paired with this many of its bucket's first members, not
# only the first: a first member that fails verification would otherwise hide the member's
# true pairs in that bucket (without verification a star already connects the whole bucket).
VERIFIED_CENTRES = 4


def shingles(text: str, lang: str | None = None, *, ngram: int = 5,
             char_ngram: int = 5) -> list[bytes]:
    """The shingles of one document after ``normalize_text`` (case, punctuation, digits, NFKC).

    Word ``ngram``-grams for languages written with spaces (5, as datatrove and data-juicer);
    character ``char_ngram``-grams, spaces removed, for Chinese, Japanese, Thai and the like
    (``lang`` from langid, or the script when ``lang`` is null): whitespace "words" there are
    whole clauses, which would turn fuzzy into exact dedup. A document shorter than one n-gram
    is one shingle (its whole text); an empty one has none.
    """
    norm = normalize_text(text)
    if uses_char_ngrams(norm, lang):
        chars = norm.replace(" ", "")
        if len(chars) <= char_ngram:
            return [chars.encode("utf-8")] if chars else []
        return [chars[i:i + char_ngram].encode("utf-8")
                for i in range(len(chars) - char_ngram + 1)]
    words = norm.encode("utf-8").split()
    if len(words) <= ngram:
        return [b" ".join(words)] if words else []
    # The shifted lists have unequal lengths on purpose: zip stops at the last full n-gram.
    shifted = (words[i:] for i in range(ngram))
    return [b" ".join(gram) for gram in zip(*shifted, strict=False)]


def signatures(shingle_sets: Iterable[list[bytes]], *, num_perm: int = 128,
               seed: int = 1) -> np.ndarray:
    """MinHash signatures, one uint32 row of ``num_perm`` values per (non-empty) shingle list.

    datasketch 2.0 ``MinHash.bulk`` with ``affine32`` permutations derived from ``seed`` and
    xxh32 shingle hashes (about 4x faster than the default SHA-1, see the reference
    measurements); every worker derives the same permutations, so signatures are comparable
    across processes and machines.
    """
    # datasketch imports scipy (about 1 s): only the processes that sign documents pay it.
    from datasketch import MinHash

    minhashes = MinHash.bulk(shingle_sets, num_perm=num_perm, seed=seed,
                             hashfunc=xxhash.xxh32_intdigest, scheme="affine32")
    if not minhashes:
        return np.zeros((0, num_perm), np.uint32)
    return np.stack([m.hashvalues for m in minhashes]).astype(np.uint32, copy=False)


@cache
def band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising datasketch's weighted false-positive/negative areas at
    ``threshold``, weighted for recall (0.05/0.95): 16 x 8 for 0.8 and 128 permutations, whose
    S-curve finds 95% of pairs at J = 0.8 and 99% at 0.85."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, FALSE_POSITIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per (document, band): xxh3-64 of the band's values, seeded by the band.

    64 bits keep accidental bucket collisions negligible (~N^2 / 2^65 per band: 0.03 at 10^9
    documents); 32 bits would merge unrelated documents at scale.
    """
    keys = np.empty((len(sigs), bands), np.uint64)
    width = 4 * rows
    for b in range(bands):
        buf = np.ascontiguousarray(sigs[:, b * rows:(b + 1) * rows]).tobytes()
        keys[:, b] = [xxhash.xxh3_64_intdigest(buf[i * width:(i + 1) * width], seed=b)
                      for i in range(len(sigs))]
    return keys


def _fixed_list(matrix: np.ndarray, valid: np.ndarray, value_type: pa.DataType) -> pa.Array:
    """A fixed-size-list column with one row per document, null where ``valid`` is False."""
    n, width = len(valid), matrix.shape[1]
    full = np.zeros((n, width), matrix.dtype)
    full[valid] = matrix
    values = pa.array(full.ravel(), value_type)
    return pa.FixedSizeListArray.from_arrays(values, width, mask=pa.array(~valid))


def _matrix(column: pa.ChunkedArray | pa.Array, width: int, dtype: type) -> np.ndarray:
    """Rows of a fixed-size-list column as a 2-D array (null rows are zeros)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    flat = array.flatten() if array.null_count == 0 else array.fill_null(
        pa.scalar([0] * width, array.type)).flatten()
    return flat.to_numpy().astype(dtype, copy=False).reshape(-1, width)


def _scatter_bands(task: ShuffleTask, *, bands: int) -> int:
    """Map side of the band shuffle: (key, node) rows of some units, partitioned by key."""
    keys, nodes = [], []
    for path in task.inputs:
        column = read_columns(path, ["bands"]).column("bands")
        valid = column.is_valid().to_numpy(zero_copy_only=False)
        keys.append(_matrix(column, bands, np.uint64)[valid].ravel())
        nodes.append(np.repeat(node_ids(collected_unit(path), len(valid))[valid], bands))
    key, node = np.concatenate(keys), np.concatenate(nodes)
    table = pa.table({"key": pa.array(key, pa.uint64()), "node": pa.array(node, pa.int64())})
    return write_partitioned(table, hash_partition(key, task.num_parts), task.output)


def _bucket_edges(task: ShuffleTask, *, centres: int) -> int:
    """Edges of every bucket (documents with an equal band key), grouped by source unit: each
    member to the first ``centres`` members of its bucket (1: a star, never the clique)."""
    table = read_partition(task.inputs, task.part, ["key", "node"])
    keys = table.column("key").to_numpy()
    nodes = table.column("node").to_numpy()
    order = np.lexsort((nodes, keys))
    keys, nodes = keys[order], nodes[order]
    new_bucket = run_starts(keys)
    starts = np.flatnonzero(new_bucket)
    bucket = np.cumsum(new_bucket) - 1
    position = np.arange(len(nodes)) - starts[bucket] if len(nodes) else bucket
    sources, targets = [], []
    for k in range(centres):
        member = (position > k) & (nodes != nodes[np.minimum(starts[bucket] + k, len(nodes) - 1)])
        sources.append(nodes[starts[bucket[member]] + k])
        targets.append(nodes[member])
    src, dst = unique_pairs(np.concatenate(sources), np.concatenate(targets))
    edges = pa.table({"src": pa.array(src, pa.int64()), "dst": pa.array(dst, pa.int64())})
    write_partitioned(edges, unit_of(src), task.output)
    return len(src)


class MinHashDedupStage:
    """``minhash_dedup``: drop near-duplicates (Jaccard of shingle sets >= threshold).

    Args:
        threshold: Jaccard similarity above which two documents are duplicates (0.8 default,
            NeMo Curator's; datatrove's 14 x 8 bands correspond to ~0.72).
        num_perm: Permutations per signature (128; datatrove 112, NeMo 260).
        bands, rows: LSH banding; both or neither. Default ``band_params(threshold, num_perm)``.
        ngram: Word n-gram size (5: datatrove, data-juicer, Gopher's duplicate n-grams).
        char_ngram: Character n-gram size for languages without spaces.
        seed: Seed of the MinHash permutations (0 <= seed < 2^32, numpy's range); fixed so
            every worker signs alike.
        verify: How candidate pairs are checked before they merge clusters (``verify.py``):
            ``exact`` Jaccard of the stored shingle hashes (8 B per distinct shingle in the
            collected files), ``signature`` estimate (4 x num_perm B per document), or
            ``none``. Both checks cost two edge shuffles.
        keep: Which member of a cluster survives: ``first`` in input order, ``longest`` text,
            or highest ``quality_score`` (ties: first).
        partition_rows: Target band rows per shuffle partition (~16 B each on disk, ~3x in a
            task's memory).
    """

    name = "minhash_dedup"

    def __init__(self, *, threshold: Annotated[float, Field(gt=0, le=1)] = 0.8,
                 num_perm: PositiveInt = 128, bands: PositiveInt | None = None,
                 rows: PositiveInt | None = None, ngram: PositiveInt = 5,
                 char_ngram: PositiveInt = 5, seed: Annotated[int, Field(ge=0, lt=1 << 32)] = 1,
                 verify: Verify = "exact", keep: Keep = "first",
                 partition_rows: PositiveInt = 8_000_000):
        if not 0 < threshold <= 1:
            raise ConfigError(f"minhash_dedup: threshold must be in (0, 1], got {threshold}")
        if num_perm < 1 or ngram < 1 or char_ngram < 1 or partition_rows < 1:
            raise ConfigError("minhash_dedup: num_perm, ngram, char_ngram and partition_rows "
                              "must be >= 1")
        if not 0 <= seed < 1 << 32:
            raise ConfigError(f"minhash_dedup: seed must be in [0, 2^32), got {seed}")
        if verify not in VERIFY_CHOICES or keep not in KEEP_CHOICES:
            raise ConfigError(f"minhash_dedup: verify must be one of {VERIFY_CHOICES} and keep "
                              f"one of {KEEP_CHOICES}, got {verify!r}, {keep!r}")
        if (bands is None) != (rows is None):
            raise ConfigError("minhash_dedup: give both bands and rows, or neither")
        if bands is None or rows is None:
            bands, rows = band_params(threshold, num_perm)
        if bands < 1 or rows < 1 or bands * rows > num_perm:
            raise ConfigError(f"minhash_dedup: bands x rows ({bands} x {rows}) must be at least "
                              f"1 x 1 and use at most num_perm ({num_perm}) values")
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands = bands
        self.rows = rows
        self.ngram = ngram
        self.char_ngram = char_ngram
        self.seed = seed
        self.verify = verify
        self.keep = keep
        self.partition_rows = partition_rows

    def collect(self, table: pa.Table, unit: int) -> pa.Table:
        texts = table.column("text").to_pylist()
        langs = table.column("lang").to_pylist()
        sets = [shingles(t or "", lang, ngram=self.ngram, char_ngram=self.char_ngram)
                for t, lang in zip(texts, langs, strict=True)]
        valid = np.array([bool(s) for s in sets], dtype=bool)
        sigs = signatures([s for s in sets if s], num_perm=self.num_perm, seed=self.seed)
        columns = {
            "unit": pa.array(np.full(len(texts), unit, np.int32)),
            "id": table.column("id"),
            "bands": _fixed_list(band_keys(sigs, self.bands, self.rows), valid, pa.uint64()),
            **survivor_columns(table, self.keep, self.name),
        }
        if self.verify == "signature":
            columns["signature"] = _fixed_list(sigs, valid, pa.uint32())
        elif self.verify == "exact":
            columns[COLUMN["exact"]] = hash_sets_column([shingle_hashes(s) for s in sets])
        return pa.table(columns)

    def _candidates(self, shuffle: Shuffle) -> Step:
        """Band shuffle: the bucket edge files (each task's result: its number of edges)."""
        num_parts = partition_count(shuffle.documents * self.bands, self.partition_rows)
        scattered = shuffle.scatter("bands", partial(_scatter_bands, bands=self.bands),
                                    num_parts, rows_per_doc=self.bands,
                                    partition_rows=self.partition_rows)
        centres = 1 if self.verify == "none" else VERIFIED_CENTRES
        return shuffle.per_partition("buckets", partial(_bucket_edges, centres=centres),
                                     scattered, num_parts)

    def _edges(self, shuffle: Shuffle, candidates: Step, cc_parts: int) -> Step:
        """Candidate edges, verified unless ``verify: none``, in the component layout."""
        if self.verify == "none":
            return shuffle.per_unit("edges", unverified_edges, candidates, out_parts=cc_parts)
        attached = shuffle.per_unit("attached", partial(attach_source, mode=self.verify),
                                    candidates)
        check = partial(verified_edges, mode=self.verify, threshold=self.threshold)
        return shuffle.per_unit("edges", check, attached, out_parts=cc_parts)

    def estimate(self, rows: int) -> ShuffleEstimate:
        """One band row per band and document; a bucket task holds ~68 B per band row (measured
        on a 4 M-row partition: Arrow read, lexsort order, sorted key/node copies), and a band
        row takes 20 B on disk (key, node, partition; random keys do not compress)."""
        band_rows = rows * self.bands
        return ShuffleEstimate(band_rows, self.partition_rows, 68, band_rows * 20)

    def decide(self, collected: Sequence[str], work_dir: str, executor: Executor) -> None:
        if not collected:
            return
        with Shuffle(work_dir, executor, collected) as shuffle:
            candidates = self._candidates(shuffle)
            # Each edge is stored in both directions for the component rounds.
            cc_parts = partition_count(2 * sum(candidates.results), self.partition_rows)
            edges = self._edges(shuffle, candidates, cc_parts)
            labels = connected_components(shuffle, edges, cc_parts)
            write_decisions(shuffle, choose_survivors(shuffle, labels))

    def apply(self, table: pa.Table, unit: int, work_dir: str) -> pa.Table:
        return apply_decisions(table, unit, work_dir, self.name)
