"""File-based hash shuffle: how rows with equal keys meet without any process holding them all.

A map task writes ONE Parquet file whose rows are sorted by destination partition, one row group
per partition (a leading ``_part`` column, so the row-group statistics say which partition a group
holds). Reduce task ``p`` reads row group ``p`` of every map file. Files are committed by temp
name + rename, with names fixed by (step, task), so a retried task overwrites its own output and a
resumed step sees either nothing or a complete file. Memory per task is one map input or one
partition, never the corpus.

Nodes (documents) are int64 ids ``unit << 32 | row`` where ``row`` is the document's position in
the unit's collected file: the unit of any node is known without a lookup table, so decisions can
be routed back to the unit that holds the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from dataprep.io.fs import exists, makedirs, resolve, temp_name

PART = "_part"
ROW_BITS = 32
ROW_MASK = (1 << ROW_BITS) - 1


@dataclass(frozen=True)
class UnitTask:
    """A per-unit step after a shuffle: read this unit's rows of the partitioned ``inputs``,
    join them with its ``collected`` file, write ``output``."""

    inputs: tuple[str, ...]
    unit: int
    collected: str
    output: str


def node_ids(unit: int, num_rows: int) -> np.ndarray:
    return (np.int64(unit) << ROW_BITS) | np.arange(num_rows, dtype=np.int64)


def unit_of(nodes: np.ndarray) -> np.ndarray:
    return (nodes >> ROW_BITS).astype(np.int64)


def row_of(nodes: np.ndarray) -> np.ndarray:
    return (nodes & ROW_MASK).astype(np.int64)


def hash_partition(values: np.ndarray, num_parts: int) -> np.ndarray:
    """Partition of each int64/uint64 value: a multiplicative mix, so structured ids spread."""
    mixed = values.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return ((mixed >> np.uint64(32)) % np.uint64(num_parts)).astype(np.int64)


def write_partitioned(table: pa.Table, parts: np.ndarray, path: str) -> int:
    """Write ``table`` with one row group per partition (``parts[i]`` is row i's); returns rows."""
    fs, local = resolve(path)
    makedirs(fs, local.rsplit("/", 1)[0])
    order = np.argsort(parts, kind="stable")
    sorted_parts = parts[order]
    table = table.take(order)
    table = table.add_column(0, PART, pa.array(sorted_parts.astype(np.int32)))
    cuts = np.flatnonzero(np.diff(sorted_parts)) + 1
    starts = np.concatenate([[0], cuts]).astype(int)
    ends = np.concatenate([cuts, [len(sorted_parts)]]).astype(int)
    tmp = temp_name(local)
    with fs.open_output_stream(tmp) as out, pq.ParquetWriter(out, table.schema) as writer:
        for start, end in zip(starts, ends, strict=True):
            if end > start:
                # One write per partition: pyarrow never merges row groups across writes.
                writer.write_table(table.slice(start, end - start), row_group_size=end - start)
    fs.move(tmp, local)
    return table.num_rows


def read_partition(paths: Sequence[str], part: int, columns: Sequence[str]) -> pa.Table:
    """Rows of partition ``part`` from every map file (``columns`` only)."""
    tables = []
    schema = None
    for path in paths:
        fs, local = resolve(path)
        with fs.open_input_file(local) as f:
            pf = pq.ParquetFile(f)
            schema = schema or pf.schema_arrow
            groups = [
                i for i in range(pf.num_row_groups)
                if pf.metadata.row_group(i).num_rows
                and pf.metadata.row_group(i).column(0).statistics.min == part
            ]
            if groups:
                tables.append(pf.read_row_groups(groups, columns=list(columns)))
    if not tables:
        return pa.schema([schema.field(c) for c in columns]).empty_table()
    return pa.concat_tables(tables)


def write_table(table: pa.Table, path: str) -> None:
    """Write one unpartitioned Parquet file atomically."""
    fs, local = resolve(path)
    makedirs(fs, local.rsplit("/", 1)[0])
    tmp = temp_name(local)
    pq.write_table(table, tmp, filesystem=fs)
    fs.move(tmp, local)


def read_columns(path: str, columns: Sequence[str]) -> pa.Table:
    fs, local = resolve(path)
    return pq.read_table(local, columns=list(columns), filesystem=fs)


def collected_unit(path: str) -> int:
    """The unit a collected file belongs to (every collected table carries a ``unit`` column)."""
    fs, local = resolve(path)
    with fs.open_input_file(local) as f:
        pf = pq.ParquetFile(f)
        return int(pf.read_row_group(0, columns=["unit"]).column(0)[0].as_py())


def total_rows(paths: Sequence[str]) -> int:
    """Rows in all files, from the Parquet footers only."""
    rows = 0
    for path in paths:
        fs, local = resolve(path)
        with fs.open_input_file(local) as f:
            rows += pq.ParquetFile(f).metadata.num_rows
    return rows


def remove_dirs(work_dir: str, names: Sequence[str]) -> None:
    """Delete intermediate directories once the decisions are written (they are corpus-sized)."""
    fs, local = resolve(work_dir)
    for name in names:
        path = f"{local.rstrip('/')}/{name}"
        if exists(fs, path):
            fs.delete_dir(path)


def run_starts(*keys: np.ndarray) -> np.ndarray:
    """For rows sorted by ``keys``: True where a run of equal key tuples starts."""
    n = len(keys[0])
    starts = np.zeros(n, dtype=bool)
    if n:
        starts[0] = True
        for key in keys:
            starts[1:] |= key[1:] != key[:-1]
    return starts


def batch_files(paths: Sequence[str], rows_per_input_row: int, target_rows: int
                ) -> list[tuple[str, ...]]:
    """Group consecutive input files so each map task writes about ``target_rows`` rows.

    Fewer, larger map files keep the shuffle's fan-in (map files x partitions row-group reads)
    manageable at billions of documents; a single file is never split.
    """
    groups: list[tuple[str, ...]] = []
    current: list[str] = []
    rows = 0
    for path in paths:
        size = total_rows([path]) * rows_per_input_row
        if current and rows + size > target_rows:
            groups.append(tuple(current))
            current, rows = [], 0
        current.append(path)
        rows += size
    if current:
        groups.append(tuple(current))
    return groups
