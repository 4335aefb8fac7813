"""From (member node, survivor node, cluster size) rows to per-unit decision files, and
applying them.

Two shuffle steps turn node ids back into document ids without any global table: rows are first
grouped by the survivor's unit (whose collected file holds the survivor's ``id``), then by the
member's unit, which gets one file ``decisions/unit-<u>.parquet`` with columns ``row`` (the
member's position in the unit), ``duplicate_of`` (the survivor's id; null for the survivor) and
``cluster_size``. Decisions are keyed by row, not by id: ids need not be unique (a record dumped
twice), and a survivor must not be dropped because a duplicate shares its id.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs

from dataprep.dedup.shuffle import (
    Inputs,
    Shuffle,
    ShuffleTask,
    read_columns,
    read_partition,
    result_file,
    row_of,
    unit_of,
    write_partitioned,
    write_table,
)
from dataprep.dedup.survivors import CLUSTER_SIZE
from dataprep.io.fs import fs_and_path
from dataprep.schema import UNIT_ROW, mark_dropped, set_column

DECISIONS = "decisions"


def _attach_survivor_ids(task: ShuffleTask) -> int:
    pairs = read_partition(task.inputs, task.part, ["node", "root", "size"])
    nodes, roots = pairs.column("node").to_numpy(), pairs.column("root").to_numpy()
    ids = read_columns(task.collected, ["id"]).column("id")
    survivors = ids.take(pa.array(row_of(roots)))
    duplicate_of = pc.if_else(pa.array(nodes == roots), pa.nulls(len(nodes), survivors.type),
                              survivors)
    table = pa.table({"node": pa.array(nodes, pa.int64()), "duplicate_of": duplicate_of,
                      "size": pairs.column("size")})
    return write_partitioned(table, unit_of(nodes), task.output)


def _write_unit_decisions(task: ShuffleTask) -> int:
    pairs = read_partition(task.inputs, task.part, ["node", "duplicate_of", "size"])
    nodes = pairs.column("node").to_numpy()
    order = pa.array(np.argsort(nodes, kind="stable"))
    table = pa.table({
        "row": pa.array(row_of(nodes), pa.int64()).take(order),
        "duplicate_of": pairs.column("duplicate_of").take(order),
        "cluster_size": pairs.column("size").take(order),
    })
    write_table(table, task.output)
    return int(pc.sum(pc.is_valid(table.column("duplicate_of"))).as_py() or 0)


def write_decisions(shuffle: Shuffle, pairs: Inputs) -> int:
    """Write every unit's decision file from ``(node, root, size)`` files partitioned by
    ``unit_of(root)`` (``survivors.choose_survivors``); returns the number of duplicates."""
    routed = shuffle.per_unit("routed", _attach_survivor_ids, pairs)
    return sum(shuffle.per_unit(DECISIONS, _write_unit_decisions, routed, keep=True).results)


@lru_cache(maxsize=4)
def _unit_decisions(path: str, mtime_ns: int, size: int) -> pa.Table:
    """A unit's decisions, read once for all its batches (keyed by the file's version too, so
    a later run writing the same path is never served stale decisions)."""
    return read_columns(path, ["row", "duplicate_of", "cluster_size"])


def _sizes_before(table: pa.Table) -> pa.Array:
    if CLUSTER_SIZE in table.column_names:
        return pc.fill_null(table.column(CLUSTER_SIZE), 1).cast(pa.int64())
    return pa.array(np.ones(table.num_rows, np.int64))


def apply_decisions(table: pa.Table, unit: int, work_dir: str, stage: str) -> pa.Table:
    """Mark the unit's duplicates ``<stage>:duplicate`` and set ``dup_cluster_size``.

    Rows are matched by their position in the unit (the ``_unit_row`` column the runner adds
    when it collects; without it ``table`` must be the whole unit, in collected order).
    """
    if UNIT_ROW in table.column_names:
        rows = table.column(UNIT_ROW)
    else:
        rows = pa.array(np.arange(table.num_rows, dtype=np.int64))
    path = result_file(work_dir, DECISIONS, unit)
    fs, local = fs_and_path(path)
    info = fs.get_file_info(local)
    if info.type == pafs.FileType.NotFound:  # the unit had no rows when the stage collected
        return set_column(table, CLUSTER_SIZE, _sizes_before(table))
    decisions = _unit_decisions(path, info.mtime_ns, info.size)
    index = pc.index_in(rows, value_set=decisions.column("row"))
    duplicate_of = decisions.column("duplicate_of").take(index)
    sizes = pc.coalesce(decisions.column("cluster_size").take(index), _sizes_before(table))
    table = set_column(table, CLUSTER_SIZE, sizes)
    reasons = ["duplicate" if d is not None else None for d in duplicate_of.to_pylist()]
    return mark_dropped(table, reasons, stage, duplicate_of=duplicate_of.to_pylist())
