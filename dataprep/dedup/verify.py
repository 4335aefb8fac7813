"""Verification of MinHash-LSH candidate pairs: keep a pair only if its two documents really are
similar enough, so band collisions between dissimilar documents do not merge clusters.

Two edge shuffles keyed by the unit of each endpoint bring both documents' data together:
1. per source unit: the unit's candidate pairs, with the source document's data attached, are
   routed to the target document's unit;
2. per target unit: the target's data is attached and the pair is kept when the similarity
   reaches the threshold; kept pairs are written in the connected-components layout.

Modes (``minhash_dedup.verify``):
- ``exact``: the Jaccard similarity of the two documents' sets of 64-bit shingle hashes
  (exact up to hash collisions, ~n^2 / 2^64 for n shingles); the collected files hold the sorted
  distinct hashes, 8 B per distinct shingle.
- ``signature``: the share of the permutations on which the MinHash signatures agree (the
  estimate of the Jaccard similarity, standard error sqrt(J(1-J)/num_perm) ~ 0.035 at 0.8 with
  128 permutations); the collected files hold the signature, 4 B x num_perm.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
import pyarrow as pa
import xxhash

from dataprep.dedup.components import write_edges
from dataprep.dedup.shuffle import (
    ShuffleTask,
    read_columns,
    read_partition,
    row_of,
    unit_of,
    write_partitioned,
)

Verify = Literal["none", "signature", "exact"]
VERIFY_CHOICES = get_args(Verify)
COLUMN = {"signature": "signature", "exact": "shingle_hashes"}


def shingle_hashes(shingle_set: list[bytes]) -> np.ndarray:
    """Sorted distinct xxh3-64 hashes of a document's shingles (what ``exact`` compares)."""
    return np.unique(np.fromiter((xxhash.xxh3_64_intdigest(s) for s in shingle_set),
                                 np.uint64, len(shingle_set)))


def hash_sets_column(sets: list[np.ndarray]) -> pa.Array:
    """One ``list<uint64>`` row per document (empty for documents without shingles)."""
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.int32)
    values = np.concatenate(sets) if sets else np.zeros(0, np.uint64)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.uint64()))


def unique_pairs(src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs seen in several bands once, sorted."""
    if not len(src):
        return src, dst
    pairs = np.unique(np.stack([src, dst], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def unit_candidates(task: ShuffleTask) -> tuple[np.ndarray, np.ndarray]:
    """The distinct candidate pairs whose source document is in the task's unit."""
    table = read_partition(task.inputs, task.part, ["src", "dst"])
    return unique_pairs(table.column("src").to_numpy(), table.column("dst").to_numpy())


def unverified_edges(task: ShuffleTask) -> int:
    """Without verification: one unit's candidate edges in the component layout."""
    src, dst = unit_candidates(task)
    return write_edges(src, dst, task.num_parts, task.output)


def attach_source(task: ShuffleTask, *, mode: Verify) -> int:
    """Step 1: add the source document's data, route to the target's unit."""
    src, dst = unit_candidates(task)
    column = read_columns(task.collected, [COLUMN[mode]]).column(0).combine_chunks()
    out = pa.table({"src": pa.array(src, pa.int64()), "dst": pa.array(dst, pa.int64()),
                    "src_data": column.take(pa.array(row_of(src)))})
    return write_partitioned(out, unit_of(dst), task.output)


def _signature_similarity(a: pa.Array, b: pa.Array) -> np.ndarray:
    width = a.type.list_size
    left = a.flatten().to_numpy().reshape(-1, width)
    right = b.flatten().to_numpy().reshape(-1, width)
    return (left == right).mean(axis=1)


def _jaccard(a: pa.Array, b: pa.Array) -> np.ndarray:
    a_values, a_offsets = a.values.to_numpy(), a.offsets.to_numpy()
    b_values, b_offsets = b.values.to_numpy(), b.offsets.to_numpy()
    out = np.zeros(len(a))
    for k in range(len(a)):
        left = a_values[a_offsets[k]:a_offsets[k + 1]]
        right = b_values[b_offsets[k]:b_offsets[k + 1]]
        inter = len(np.intersect1d(left, right, assume_unique=True))
        union = len(left) + len(right) - inter
        out[k] = inter / union if union else 0.0
    return out


def verified_edges(task: ShuffleTask, *, mode: Verify, threshold: float) -> int:
    """Step 2: keep the pairs whose similarity reaches the threshold."""
    table = read_partition(task.inputs, task.part, ["src", "dst", "src_data"])
    dst = table.column("dst").to_numpy()
    column = read_columns(task.collected, [COLUMN[mode]]).column(0).combine_chunks()
    dst_data = column.take(pa.array(row_of(dst)))
    src_data = table.column("src_data").combine_chunks()
    similarity = (_jaccard if mode == "exact" else _signature_similarity)(src_data, dst_data)
    similar = similarity >= threshold
    return write_edges(table.column("src").to_numpy()[similar], dst[similar],
                       task.num_parts, task.output)
