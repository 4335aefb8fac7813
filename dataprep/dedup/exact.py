"""Exact deduplication: one survivor per normalised text (or URL) across the whole corpus.

``collect`` hashes each kept document's normalised field with xxh3-128 (128 bits: at 10^10
documents a 64-bit hash would already give a couple of false merges, N^2 / 2^65); ``decide``
shuffles the hashes so equal ones meet in one partition task and keeps, per hash, the document
that comes first in input order (smallest (unit, row)): the same survivor whatever the runner,
the number of partitions or the retries, and the copy a reader of the sources would see first.
``apply`` marks the others ``exact_dedup:duplicate`` with ``duplicate_of`` = the survivor's id.
With ``keep: longest`` or ``quality`` another member survives (``survivors.py``); every kept row
gets ``dup_cluster_size``, the number of documents it stands for (1 for a unique one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pyarrow as pa
import xxhash

from dataprep.dedup.decisions import apply_decisions, write_decisions
from dataprep.dedup.shuffle import (
    Shuffle,
    ShuffleTask,
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
from dataprep.dedup.text import normalize_text
from dataprep.errors import ConfigError
from dataprep.options import PositiveInt
from dataprep.stages import Executor, ShuffleEstimate

KeyField = Literal["text", "url"]
FIELDS = ("text", "url")


def exact_key(
    value: str,
    *,
    whitespace: bool = True,
    lowercase: bool = False,
    punctuation: bool = False,
    digits: bool = False,
    unicode: bool = False,
) -> int:
    """The 128-bit hash two documents share when they are exact duplicates.

    By default only whitespace layout is ignored (extractors differ in line breaks and
    indentation), the conservative choice of NeMo Curator's and Dolma's exact dedup, which hash
    the raw text; case, punctuation, digits and Unicode compatibility forms can be ignored too.
    """
    normalised = normalize_text(value, unicode=unicode, lowercase=lowercase,
                                punctuation=punctuation, digits=digits, whitespace=whitespace)
    return xxhash.xxh3_128_intdigest(normalised.encode("utf-8"))


def _scatter_hashes(task: ShuffleTask) -> int:
    """Map side of the shuffle: (hash, node) rows of some units, partitioned by hash."""
    his, los, nodes = [], [], []
    for path in task.inputs:
        table = read_columns(path, ["hi", "lo"])
        # Null field (e.g. no URL): never a duplicate of anything.
        valid = table.column("hi").is_valid().to_numpy(zero_copy_only=False)
        his.append(table.column("hi").to_numpy(zero_copy_only=False)[valid].astype(np.uint64))
        los.append(table.column("lo").to_numpy(zero_copy_only=False)[valid].astype(np.uint64))
        nodes.append(node_ids(collected_unit(path), table.num_rows)[valid])
    hi = np.concatenate(his)
    out = pa.table({"hi": pa.array(hi, pa.uint64()),
                    "lo": pa.array(np.concatenate(los), pa.uint64()),
                    "node": pa.array(np.concatenate(nodes), pa.int64())})
    return write_partitioned(out, hash_partition(hi, task.num_parts), task.output)


def _group_hashes(task: ShuffleTask) -> int:
    table = read_partition(task.inputs, task.part, ["hi", "lo", "node"])
    hi = table.column("hi").to_numpy()
    lo = table.column("lo").to_numpy()
    nodes = table.column("node").to_numpy()
    order = np.lexsort((nodes, lo, hi))
    hi, lo, nodes = hi[order], lo[order], nodes[order]
    new_group = run_starts(hi, lo)
    # Sorted by node within a hash: the group's first row is its first occurrence.
    survivor = nodes[np.flatnonzero(new_group)][np.cumsum(new_group) - 1]
    duplicate = ~new_group
    pairs = pa.table({"node": pa.array(nodes[duplicate], pa.int64()),
                      "root": pa.array(survivor[duplicate], pa.int64())})
    write_partitioned(pairs, unit_of(survivor[duplicate]), task.output)
    return int(duplicate.sum())


class ExactDedupStage:
    """``exact_dedup``: drop documents whose normalised ``field`` equals an earlier one's.

    Args:
        field: ``text`` (default) or ``url`` (exact URL dedup: the same page crawled twice).
        whitespace, lowercase, punctuation, digits, unicode: what the comparison ignores, see
            ``exact_key``.
        keep: Which member of a group survives: ``first`` in input order (default), ``longest``
            text, or highest ``quality_score`` (ties: first).
        partition_rows: Target rows per shuffle partition (memory of one group task ~ 40 B/row).
    """

    name = "exact_dedup"

    def __init__(self, *, field: KeyField = "text", whitespace: bool = True,
                 lowercase: bool = False, punctuation: bool = False, digits: bool = False,
                 unicode: bool = False, keep: Keep = "first",
                 partition_rows: PositiveInt = 8_000_000):
        if field not in FIELDS:
            raise ConfigError(f"exact_dedup: field must be one of {FIELDS}, got {field!r}")
        if keep not in KEEP_CHOICES:
            raise ConfigError(f"exact_dedup: keep must be one of {KEEP_CHOICES}, got {keep!r}")
        if partition_rows < 1:
            raise ConfigError("exact_dedup: partition_rows must be >= 1")
        self.field = field
        self.normalisation = {"whitespace": whitespace, "lowercase": lowercase,
                              "punctuation": punctuation, "digits": digits, "unicode": unicode}
        self.keep = keep
        self.partition_rows = partition_rows

    def collect(self, table: pa.Table, unit: int) -> pa.Table:
        keys = [None if v is None else exact_key(v, **self.normalisation)
                for v in table.column(self.field).to_pylist()]
        mask = 0xFFFFFFFFFFFFFFFF
        return pa.table({
            "unit": pa.array([unit] * table.num_rows, pa.int32()),
            "id": table.column("id"),
            "hi": pa.array([None if k is None else k >> 64 for k in keys], pa.uint64()),
            "lo": pa.array([None if k is None else k & mask for k in keys], pa.uint64()),
            **survivor_columns(table, self.keep, self.name),
        })

    def estimate(self, rows: int) -> ShuffleEstimate:
        """One key row per document; a group task holds ~40 B per row."""
        return ShuffleEstimate(rows, self.partition_rows, 40, rows * 16)

    def decide(self, collected: Sequence[str], work_dir: str, executor: Executor) -> None:
        if not collected:
            return
        with Shuffle(work_dir, executor, collected) as shuffle:
            num_parts = partition_count(shuffle.documents, self.partition_rows)
            scattered = shuffle.scatter("scatter", _scatter_hashes, num_parts, rows_per_doc=1,
                                        partition_rows=self.partition_rows)
            groups = shuffle.per_partition("groups", _group_hashes, scattered, num_parts)
            write_decisions(shuffle, choose_survivors(shuffle, groups))

    def apply(self, table: pa.Table, unit: int, work_dir: str) -> pa.Table:
        return apply_decisions(table, unit, work_dir, self.name)
