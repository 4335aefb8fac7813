"""One phase on one input unit: the code both runners run, in a worker process.

A unit's work is a list of steps, each a ``(name, Table -> Table)`` pair: in phase 0 the reader's
own drops (``read``, an identity step: the reader marked its rows already), then the
corpus-wide stage that starts the phase (its ``apply``), then the phase's stages. After every
step the dropped rows go to ``rejected/`` and the counts to the unit's stats; the kept rows go to
``data/`` or to the unit's file for the next phase, and what the next corpus-wide stage needs
is collected.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataprep.io.retry import retries_since, retry_counts
from dataprep.io.shards import ShardWriter
from dataprep.readers import Unit, not_documents, read_unit
from dataprep.readers.rows import UNIQUE_IDS_STEP, collect_ids
from dataprep.rundir import RunDir
from dataprep.schema import (
    BASE_SCHEMA,
    INTERNAL_COLUMNS,
    UNIT_ROW,
    mark_dropped,
    meta_of,
    set_column,
    split_dropped,
)
from dataprep.stats import Stats, count_step

if TYPE_CHECKING:
    from dataprep.pipeline import Phase, Pipeline

Step = tuple[str, Callable[[pa.Table], pa.Table]]
# ru_maxrss is in KiB on Linux and in bytes on macOS.
_MAXRSS_PER_MIB = 2**20 if sys.platform == "darwin" else 2**10


def peak_rss_mb() -> float:
    """The largest resident memory this process has had, in MiB (portable: no /proc)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / _MAXRSS_PER_MIB


def apply_stage(stage: Callable[[pa.Table], pa.Table], name: str, table: pa.Table) -> pa.Table:
    """Run a stage; if it raises, retry row by row so one bad document never fails its batch.

    If every row fails on its own too, the stage itself is broken (a missing model, a broken
    environment), not the documents: the error is raised and fails the unit, instead of
    rejecting the whole corpus as ``<stage>:error``.
    """
    try:
        return stage(table)
    except Exception:
        if table.num_rows <= 1:
            raise
    rows = []
    errors: list[Exception] = []
    for i in range(table.num_rows):
        row = table.slice(i, 1)
        try:
            rows.append(stage(row))
        except Exception as exc:  # noqa: BLE001 - the document is rejected with the error
            errors.append(exc)
            meta = meta_of(row)[0]
            meta["error"] = f"{type(exc).__name__}: {exc}"[:500]
            row = set_column(row, "meta", pa.array([json.dumps(meta, sort_keys=True)]))
            rows.append(mark_dropped(row, ["error"], name))
    if len(errors) == table.num_rows:
        raise errors[0]
    # A failed row lacks the columns the stage adds: unify with nulls.
    return pa.concat_tables(rows, promote_options="default")


def _unit_steps(phase: Phase, unit: Unit, run_dir: RunDir) -> list[Step]:
    steps: list[Step] = []
    if phase.index == 0:
        steps.append(("read", lambda table: table))  # the reader marked its rows already
    if phase.start is not None:
        stage = phase.start
        steps.append((stage.name, partial(stage.apply, unit=unit.index,
                                          work_dir=run_dir.uri_of(run_dir.stage_dir(stage.name)))))
    steps.extend((stage.name, partial(apply_stage, stage, stage.name))
                 for stage in phase.stages)
    return steps


def _input_batches(pipeline: Pipeline, phase: Phase, unit: Unit, run_dir: RunDir
                   ) -> Iterator[pa.Table]:
    config = pipeline.config
    if phase.index == 0:
        spec = config.inputs[unit.spec_index]
        yield from read_unit(unit, spec, config.base_dir,
                             batch_rows=config.execution.batch_rows,
                             batch_bytes=config.execution.batch_bytes)
        return
    path = run_dir.unit_file(phase.index - 1, unit.index)
    if not run_dir.exists(path):  # the unit kept nothing in the previous phase
        return
    with run_dir.fs.open_input_file(path) as f:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=config.execution.batch_rows):
            yield pa.Table.from_batches([batch])


def _to_rejected(dropped: pa.Table) -> pa.Table:
    """Rejected rows share one schema (the base columns) whichever step dropped them.

    Rows that are not documents (WARC request and metadata records) are counted, not kept.
    """
    table = dropped.filter(pc.invert(not_documents(dropped.column("drop_reason"))))
    columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
               else pa.nulls(table.num_rows, f.type) for f in BASE_SCHEMA]
    return pa.Table.from_arrays(columns, schema=BASE_SCHEMA)


def process_unit(pipeline: Pipeline, phase_index: int, run_dir: RunDir, unit: Unit) -> dict:
    """Run one phase on one unit and commit its outputs; returns the unit's record.

    Exceptions are caught and reported in the record (``error``) so the other units go on;
    a crash of the worker process itself is retried by the executor.
    """
    try:
        return _process_unit(pipeline, pipeline.phases[phase_index], run_dir, unit)
    except Exception as exc:  # noqa: BLE001 - reported per unit, run continues
        return {"unit": unit.index, "path": unit.path, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(limit=5)}


def _run_steps(steps: list[Step], table: pa.Table, rejected: ShardWriter,
               seconds: dict[str, float]) -> tuple[pa.Table, Stats]:
    """One batch through every step, until a step keeps no row."""
    stats = Stats()
    for name, step in steps:
        started = time.perf_counter()
        kept, dropped = split_dropped(step(table))
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
        stats += count_step(name, table, kept, dropped)
        if dropped.num_rows:
            rejected.write(_to_rejected(dropped))
        table = kept
        if not table.num_rows:
            break
    return table, stats


def _write_collected(run_dir: RunDir, unit: Unit, tables: dict[str, list[pa.Table]]) -> None:
    """What each corpus-wide step after this phase collected from the unit (none: no file)."""
    for step, collected in tables.items():
        if collected:
            run_dir.write_table(run_dir.collected_file(step, unit.index),
                                pa.concat_tables(collected))


def _process_unit(pipeline: Pipeline, phase: Phase, run_dir: RunDir, unit: Unit) -> dict:
    output = pipeline.config.output
    retries_before = retry_counts()
    to_data = phase.kept_to == "data"
    run_dir.start_unit(phase.index, unit.index, to_data)
    limits = {"shard_rows": output.shard_rows, "shard_bytes": output.shard_bytes}
    kept_writer = run_dir.kept_writer(phase.index, unit.index, to_data, **limits)
    rejected_writer = run_dir.rejected_writer(phase.index, unit.index, **limits)
    steps = _unit_steps(phase, unit, run_dir)
    collected: list[pa.Table] = []
    ids: list[pa.Table] = []  # phase 0: for the step that makes ids unique per run
    collected_rows = 0
    stats = Stats()
    # Wall seconds per step; kept out of `stats` so that counters stay deterministic.
    seconds: dict[str, float] = {}
    batches = _input_batches(pipeline, phase, unit, run_dir)
    while True:
        started = time.perf_counter()  # reading is lazy: time the next batch as "read"
        table = next(batches, None)
        if table is None:
            break
        if phase.index == 0:
            seconds["read"] = seconds.get("read", 0.0) + time.perf_counter() - started
        table, batch_stats = _run_steps(steps, table, rejected_writer, seconds)
        stats += batch_stats
        if not table.num_rows:
            continue
        if phase.end is not None:
            # The row's position among the collected rows: what the stage's decisions address.
            positions = pa.array(range(collected_rows, collected_rows + table.num_rows),
                                 pa.int64())
            table = set_column(table, UNIT_ROW, positions)
            collected_rows += table.num_rows
            collected.append(phase.end.collect(table, unit.index))
        if phase.index == 0:
            ids.append(collect_ids(table, unit.index))
        if phase.kept_to != "next_phase":  # runner-only columns end with the last phase
            table = table.drop_columns([c for c in INTERNAL_COLUMNS if c in table.column_names])
        kept_writer.write(table)
    shards = kept_writer.close()
    rejected = rejected_writer.close()
    if not to_data and shards:
        run_dir.commit_unit_file(phase.index, unit.index, shards[0].path)
    _write_collected(run_dir, unit, {UNIQUE_IDS_STEP: ids,
                                     **({phase.end.name: collected} if phase.end else {})})
    record = {
        "unit": unit.index,
        "path": unit.path,
        "stats": stats.to_dict(),
        # Rows kept, stated: the marker's stats are keyed by name, not in pipeline order.
        "kept": sum(s.rows for s in shards),
        "data": [s.to_dict() for s in shards] if to_data else [],
        "rejected": [s.to_dict() for s in rejected],
        "seconds": seconds,
        "max_rss_mb": peak_rss_mb(),
        "io_retries": retries_since(retries_before),
    }
    run_dir.commit_unit(phase.index, unit.index, record)
    return record
