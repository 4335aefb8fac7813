"""Repeated lines across the corpus: boilerplate that extraction missed ("Share this article",
cookie notices, menus), removed CCNet-style.

CCNet (Wenzek et al., "CCNet: Extracting High Quality Monolingual Datasets from Web Crawl Data",
LREC 2020, §3.1) hashes every normalised line (lower-case, digits -> 0, punctuation removed) of a
shard and removes all lines whose hash occurs more than once. Here the count is the number of
documents of the whole corpus containing the line, and a line goes when that count reaches
``min_count``. Counting is a global step: ``collect`` emits the distinct line hashes of each
document, ``decide`` sums them per hash in hash-partitioned tasks and routes the frequent hashes
back to the units containing them, ``apply`` rewrites ``text`` and drops documents that line
removal left shorter than ``min_words``.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from functools import partial
from typing import Annotated

import numpy as np
import pyarrow as pa
import xxhash
from pydantic import Field

from dataprep.dedup.shuffle import (
    Shuffle,
    ShuffleTask,
    collected_unit,
    hash_partition,
    partition_count,
    read_columns,
    read_partition,
    result_file,
    run_starts,
    write_partitioned,
    write_table,
)
from dataprep.dedup.text import normalize_text
from dataprep.errors import ConfigError
from dataprep.filters.text import is_symbol, split_words
from dataprep.io.fs import exists, fs_and_path
from dataprep.options import PositiveInt
from dataprep.schema import mark_dropped, replace_text
from dataprep.stages import Executor, ShuffleEstimate

FREQUENT = "frequent"  # per unit: the hashes of its lines to remove
# Shuffle sizing estimate: a few dozen distinct lines per document (fewer after per-unit sums).
LINES_PER_DOC = 32


def line_key(line: str) -> int | None:
    """64-bit hash of a normalised line (CCNet normalisation); None for a line with no text."""
    normalised = normalize_text(line)
    return xxhash.xxh3_64_intdigest(normalised.encode("utf-8")) if normalised else None


def line_keys(text: str) -> list[int]:
    """The distinct line hashes of a document (a line repeated inside it counts once)."""
    return sorted({k for k in map(line_key, text.split("\n")) if k is not None})


def remove_lines(text: str, frequent: Container[int]) -> str:
    """``text`` without the lines whose hash is in ``frequent`` (pure: str -> str)."""
    return "\n".join(line for line in text.split("\n") if line_key(line) not in frequent)


def _word_count(text: str, lang: str | None) -> int:
    # One word per Han/Kana character (no segmenter needed to count), punctuation excluded.
    return sum(not is_symbol(w) for w in split_words(text, lang, segmenter="char"))


def _scatter_counts(task: ShuffleTask) -> int:
    """Per unit: documents containing each line hash, partitioned by hash."""
    keys, counts, units = [], [], []
    for path in task.inputs:
        flat = read_columns(path, ["keys"]).column("keys").combine_chunks().flatten()
        unique, count = np.unique(flat.to_numpy(), return_counts=True)
        keys.append(unique)
        counts.append(count)
        units.append(np.full(len(unique), collected_unit(path), np.int64))
    key = np.concatenate(keys)
    table = pa.table({"key": pa.array(key, pa.uint64()),
                      "count": pa.array(np.concatenate(counts), pa.int64()),
                      "unit": pa.array(np.concatenate(units), pa.int64())})
    return write_partitioned(table, hash_partition(key, task.num_parts), task.output)


def _frequent_lines(task: ShuffleTask, *, min_count: int) -> int:
    """Sum the counts of each hash; route the frequent ones to every unit that has them."""
    table = read_partition(task.inputs, task.part, ["key", "count", "unit"])
    keys = table.column("key").to_numpy()
    counts = table.column("count").to_numpy()
    units = table.column("unit").to_numpy()
    order = np.argsort(keys, kind="stable")
    keys, counts, units = keys[order], counts[order], units[order]
    starts = run_starts(keys)
    group = np.cumsum(starts) - 1
    totals = np.bincount(group, weights=counts)[group] if len(keys) else counts
    frequent = totals >= min_count
    out = pa.table({"key": pa.array(keys[frequent], pa.uint64())})
    write_partitioned(out, units[frequent], task.output)
    return int(starts[frequent].sum())


def _unit_frequent_lines(task: ShuffleTask) -> int:
    table = read_partition(task.inputs, task.part, ["key"])
    keys = np.unique(table.column("key").to_numpy())
    write_table(pa.table({"key": pa.array(keys, pa.uint64())}), task.output)
    return len(keys)


class LineDedupStage:
    """``line_dedup``: remove lines found in at least ``min_count`` documents of the corpus.

    Args:
        min_count: Documents that must contain a (normalised) line for it to be boilerplate.
            CCNet removes every line seen twice within a ~5 GB shard; corpus-wide that would also
            remove legitimately quoted sentences, so the default asks for 10 documents.
        min_words: A document that loses lines and keeps fewer words than this is dropped
            (reason ``too_short``); 50 is Gopher's minimum document length (Rae et al. 2021,
            App. A). Words as the quality filters count them (``split_words``, one per Han or
            Kana character). Documents that lose nothing are never dropped here.
        partition_rows: Target (hash, unit) rows per counting partition.
    """

    name = "line_dedup"

    def __init__(self, *, min_count: Annotated[int, Field(ge=2)] = 10,
                 min_words: Annotated[int, Field(ge=0)] = 50,
                 partition_rows: PositiveInt = 8_000_000):
        if min_count < 2:
            raise ConfigError("line_dedup: min_count must be >= 2")
        if min_words < 0 or partition_rows < 1:
            raise ConfigError("line_dedup: min_words must be >= 0 and partition_rows >= 1")
        self.min_count = min_count
        self.min_words = min_words
        self.partition_rows = partition_rows
        self._cache: tuple[str, frozenset[int]] | None = None

    def collect(self, table: pa.Table, unit: int) -> pa.Table:
        keys = [line_keys(t or "") for t in table.column("text").to_pylist()]
        return pa.table({"unit": pa.array([unit] * table.num_rows, pa.int32()),
                         "keys": pa.array(keys, pa.list_(pa.uint64()))})

    def estimate(self, rows: int) -> ShuffleEstimate:
        """``LINES_PER_DOC`` (key, count) rows per document, grouped like exact_dedup's keys
        (~40 B per row in a task; not measured separately)."""
        line_rows = rows * LINES_PER_DOC
        return ShuffleEstimate(line_rows, self.partition_rows, 40, line_rows * 16)

    def decide(self, collected: Sequence[str], work_dir: str, executor: Executor) -> None:
        if not collected:
            return
        with Shuffle(work_dir, executor, collected) as shuffle:
            num_parts = partition_count(shuffle.documents * LINES_PER_DOC, self.partition_rows)
            scattered = shuffle.scatter("lines", _scatter_counts, num_parts,
                                        rows_per_doc=LINES_PER_DOC,
                                        partition_rows=self.partition_rows)
            counts = shuffle.per_partition(
                "counts", partial(_frequent_lines, min_count=self.min_count), scattered,
                num_parts)
            shuffle.per_unit(FREQUENT, _unit_frequent_lines, counts, keep=True)

    def _frequent(self, unit: int, work_dir: str) -> frozenset[int]:
        path = result_file(work_dir, FREQUENT, unit)
        if self._cache is None or self._cache[0] != path:
            fs, local = fs_and_path(path)
            keys = read_columns(path, ["key"]).column("key").to_pylist() if exists(fs, local) \
                else []
            self._cache = (path, frozenset(keys))
        return self._cache[1]

    def apply(self, table: pa.Table, unit: int, work_dir: str) -> pa.Table:
        frequent = self._frequent(unit, work_dir)
        if not frequent:
            return table
        old = [t or "" for t in table.column("text").to_pylist()]
        langs = table.column("lang").to_pylist()
        new = [remove_lines(t, frequent) for t in old]
        reasons = [
            "too_short" if n != o and _word_count(n, lang) < self.min_words else None
            for n, o, lang in zip(new, old, langs, strict=True)
        ]
        return mark_dropped(replace_text(table, new, self.name), reasons, self.name)
