"""File-based hash shuffle: how rows with equal keys meet without any process holding them all.

A map task writes ONE Parquet file whose rows are sorted by destination partition, one row group
per partition (a leading ``_part`` column, so the row-group statistics say which partition a group
holds). Reduce task ``p`` reads row group ``p`` of every map file. Files are committed by temp
name + rename, with names fixed by (step, task), so a retried task overwrites its own output and a
resumed step sees either nothing or a complete file. Memory per task is one map input or one
partition, never the corpus.

``Shuffle`` owns this plumbing for a corpus-wide stage (task lists, file names, the scratch
folder and its removal); a stage's ``decide`` only chains steps and writes the kernels, top-level
functions of one ``ShuffleTask``.

Nodes (documents) are int64 ids ``unit << 32 | row`` where ``row`` is the document's position in
the unit's collected file: the unit of any node is known without a lookup table, so decisions can
be routed back to the unit that holds the document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from dataprep.io.fs import delete_dir_if_exists, fs_and_path, join, makedirs, temp_name
from dataprep.stages import Executor

PART = "_part"
SCRATCH = "shuffle"  # a stage's intermediate files, under its work dir
ROW_BITS = 32
ROW_MASK = (1 << ROW_BITS) - 1


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
    fs, local = fs_and_path(path)
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
        fs, local = fs_and_path(path)
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
    fs, local = fs_and_path(path)
    makedirs(fs, local.rsplit("/", 1)[0])
    tmp = temp_name(local)
    pq.write_table(table, tmp, filesystem=fs)
    fs.move(tmp, local)


def read_columns(path: str, columns: Sequence[str]) -> pa.Table:
    fs, local = fs_and_path(path)
    return pq.read_table(local, columns=list(columns), filesystem=fs)


def collected_unit(path: str) -> int:
    """The unit a collected file belongs to (every collected table carries a ``unit`` column)."""
    fs, local = fs_and_path(path)
    with fs.open_input_file(local) as f:
        pf = pq.ParquetFile(f)
        return int(pf.read_row_group(0, columns=["unit"]).column(0)[0].as_py())


def total_rows(paths: Sequence[str]) -> int:
    """Rows in all files, from the Parquet footers only."""
    rows = 0
    for path in paths:
        fs, local = fs_and_path(path)
        with fs.open_input_file(local) as f:
            rows += pq.ParquetFile(f).metadata.num_rows
    return rows


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


@dataclass(frozen=True)
class ShuffleTask:
    """One task of a shuffle step (see ``Shuffle``).

    A map task reads the whole collected files in ``inputs``; any other task reads partition
    ``part`` of every partitioned file in ``inputs``. In a step that runs per unit, ``part`` is
    the unit and ``collected`` its collected file. The task writes ``output`` (partitioned into
    ``num_parts`` hash partitions when the step asks for them, else by unit or unpartitioned).
    """

    inputs: tuple[str, ...]
    part: int
    output: str
    num_parts: int = 0
    collected: str = ""

    def side_output(self, name: str) -> str:
        """The path of a second output of this task (``<step>-<name>/<file>``)."""
        head, tail = self.output.rsplit("/", 1)
        return f"{head}-{name}/{tail}"


@dataclass(frozen=True)
class Step:
    """The tasks one shuffle step ran and what each returned, in task order."""

    tasks: tuple[ShuffleTask, ...]
    results: tuple[Any, ...]

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(t.output for t in self.tasks)

    def side_files(self, name: str) -> tuple[str, ...]:
        return tuple(t.side_output(name) for t in self.tasks)


Inputs = Step | Sequence[str]


def _files(inputs: Inputs) -> tuple[str, ...]:
    return inputs.files if isinstance(inputs, Step) else tuple(inputs)


def result_file(work_dir: str, name: str, unit: int) -> str:
    """A unit's file of a per-unit step kept for ``apply`` (e.g. its dedup decisions)."""
    return join(work_dir, name, f"unit-{unit:06d}.parquet")


def partition_count(rows: int, partition_rows: int) -> int:
    """Partitions of at most ``partition_rows`` rows for ``rows`` rows (at least one)."""
    return max(1, -(-rows // partition_rows))


class Shuffle:
    """The file plumbing of one corpus-wide step: it names every intermediate file, runs each
    step through the executor and removes the files; stages only write the kernels.

    ``with Shuffle(work_dir, executor, collected) as shuffle:`` then ``scatter`` (map over the
    collected files), ``per_partition`` and ``per_unit`` steps, each given a step name unique
    within the shuffle and a top-level kernel ``fn(task: ShuffleTask)`` (parameters bound with
    ``functools.partial``). Intermediate files live in ``work_dir/shuffle/<step>/``, named by
    step and task, so a retried task overwrites its own output. The folder is emptied on entry
    (leftovers of an attempt that crashed: the corpus-wide step is redone whole, its marker
    being written only after it) and deleted on a clean exit. Outputs ``apply`` reads are
    ``per_unit(..., keep=True)`` files, at ``result_file(work_dir, step, unit)``.
    """

    def __init__(self, work_dir: str, executor: Executor, collected: Sequence[str]):
        self.work_dir = work_dir
        self.executor = executor
        self.collected = dict(sorted((collected_unit(p), p) for p in collected))
        self._scratch = join(work_dir, SCRATCH)
        self._steps: set[str] = set()

    def __enter__(self) -> Shuffle:
        self._clear()
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:  # after a failure the files stay for a look; a rerun clears them
            self._clear()

    def _clear(self) -> None:
        fs, local = fs_and_path(self._scratch)
        delete_dir_if_exists(fs, local)

    @property
    def documents(self) -> int:
        """Rows of all collected files (from the Parquet footers)."""
        return total_rows(list(self.collected.values()))

    def scatter(self, step: str, fn: Callable[[ShuffleTask], Any], num_parts: int, *,
                rows_per_doc: int, partition_rows: int) -> Step:
        """Map step: ``fn`` over groups of consecutive collected files, each group writing
        about ``partition_rows`` rows (``rows_per_doc`` per collected row) into one file
        partitioned into ``num_parts``."""
        groups = batch_files(list(self.collected.values()), rows_per_doc, partition_rows)
        return self._run(step, fn, [
            ShuffleTask(group, k, self._file(step, f"map-{k:06d}"), num_parts)
            for k, group in enumerate(groups)])

    def per_partition(self, step: str, fn: Callable[[ShuffleTask], Any], inputs: Inputs,
                      num_parts: int, *, out_parts: int = 0) -> Step:
        """One task per hash partition of ``inputs``."""
        files = _files(inputs)
        return self._run(step, fn, [
            ShuffleTask(files, p, self._file(step, f"part-{p:05d}"), out_parts)
            for p in range(num_parts)])

    def per_unit(self, step: str, fn: Callable[[ShuffleTask], Any], inputs: Inputs, *,
                 out_parts: int = 0, keep: bool = False) -> Step:
        """One task per collected unit, reading its partition of ``inputs`` (files partitioned
        by unit) and its collected file; with ``keep``, the outputs stay for ``apply``."""
        files = _files(inputs)
        return self._run(step, fn, [
            ShuffleTask(files, u, result_file(self.work_dir, step, u) if keep
                        else self._file(step, f"unit-{u:06d}"), out_parts, path)
            for u, path in self.collected.items()])

    def _file(self, step: str, name: str) -> str:
        return join(self._scratch, step, f"{name}.parquet")

    def _run(self, step: str, fn: Callable[[ShuffleTask], Any],
             tasks: list[ShuffleTask]) -> Step:
        if step in self._steps:  # a second step of that name would overwrite the first's files
            raise ValueError(f"shuffle step '{step}' is already used")
        self._steps.add(step)
        return Step(tuple(tasks), tuple(self.executor.map(fn, tasks)))
