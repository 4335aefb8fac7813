"""From (duplicate node, survivor node) pairs to per-unit decision files, and applying them.

Two shuffle steps turn node ids back into document ids without any global table: pairs are first
grouped by the survivor's unit (whose collected file holds the survivor's ``id``), then by the
duplicate's unit, which gets one file ``decisions/unit-<u>.parquet`` with columns ``id`` and
``duplicate_of``. ``apply`` then reads only its own unit's file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs

from dataprep.dedup.shuffle import (
    read_columns,
    read_partition,
    row_of,
    unit_of,
    write_partitioned,
    write_table,
)
from dataprep.io.fs import join, resolve
from dataprep.schema import mark_dropped
from dataprep.stages import Executor


def decision_path(work_dir: str, unit: int) -> str:
    return join(work_dir, "decisions", f"unit-{unit:06d}.parquet")


@dataclass(frozen=True)
class _UnitTask:
    inputs: tuple[str, ...]
    unit: int
    collected: str
    output: str


def _attach_survivor_ids(task: _UnitTask) -> int:
    pairs = read_partition(task.inputs, task.unit, ["node", "root"])
    ids = read_columns(task.collected, ["id"]).column("id")
    survivors = ids.take(pa.array(row_of(pairs.column("root").to_numpy())))
    nodes = pairs.column("node").to_numpy()
    table = pa.table({"node": pa.array(nodes, pa.int64()), "duplicate_of": survivors})
    return write_partitioned(table, unit_of(nodes), task.output)


def _write_unit_decisions(task: _UnitTask) -> int:
    pairs = read_partition(task.inputs, task.unit, ["node", "duplicate_of"])
    nodes = pairs.column("node").to_numpy()
    order = np.argsort(nodes, kind="stable")
    ids = read_columns(task.collected, ["id"]).column("id")
    table = pa.table({
        "id": ids.take(pa.array(row_of(nodes[order]))),
        "duplicate_of": pairs.column("duplicate_of").take(pa.array(order)),
    })
    write_table(table, task.output)
    return table.num_rows


def write_decisions(
    pair_files: Sequence[str], collected: Mapping[int, str], work_dir: str, executor: Executor
) -> int:
    """Write every unit's decision file from ``(node, root)`` files partitioned by
    ``unit_of(root)``; returns the number of duplicates."""
    units = sorted(collected)
    attached = [
        _UnitTask(tuple(pair_files), u, collected[u],
                  join(work_dir, "routed", f"unit-{u:06d}.parquet"))
        for u in units
    ]
    executor.map(_attach_survivor_ids, attached)
    final = [
        _UnitTask(tuple(t.output for t in attached), u, collected[u], decision_path(work_dir, u))
        for u in units
    ]
    return sum(executor.map(_write_unit_decisions, final))


@lru_cache(maxsize=4)
def _unit_decisions(path: str, mtime_ns: int, size: int) -> pa.Table:
    """A unit's decisions, read once for all its batches (keyed by the file's version too, so
    a later run writing the same path is never served stale decisions)."""
    return read_columns(path, ["id", "duplicate_of"])


def apply_decisions(table: pa.Table, unit: int, work_dir: str, stage: str) -> pa.Table:
    """Mark the rows of ``table`` listed in the unit's decision file as ``<stage>:duplicate``."""
    path = decision_path(work_dir, unit)
    fs, local = resolve(path)
    info = fs.get_file_info(local)
    if info.type == pafs.FileType.NotFound:  # the unit had no rows when the stage collected
        return table
    decisions = _unit_decisions(path, info.mtime_ns, info.size)
    index = pc.index_in(table.column("id"), value_set=decisions.column("id"))
    duplicate_of = decisions.column("duplicate_of").take(index)
    reasons = ["duplicate" if i is not None else None for i in index.to_pylist()]
    return mark_dropped(table, reasons, stage, duplicate_of=duplicate_of.to_pylist())
