"""Running a global stage over several units in one process, as the runner does."""

from __future__ import annotations

import pyarrow as pa

from dataprep.dedup.shuffle import write_table
from dataprep.schema import make_batch, set_column
from dataprep.stages import Executor


def unit_tables(texts: list[str], units: int, langs: list[str | None] | None = None,
                urls: list[str | None] | None = None) -> list[pa.Table]:
    """Split documents into ``units`` consecutive units; document i gets id ``doc-i``."""
    size = -(-len(texts) // units)
    tables = []
    for u in range(units):
        lo, hi = u * size, min(len(texts), (u + 1) * size)
        table = make_batch([f"doc-{i}" for i in range(lo, hi)], texts[lo:hi], source="test",
                           urls=None if urls is None else urls[lo:hi])
        if langs is not None:
            table = set_column(table, "lang", pa.array(langs[lo:hi], pa.string()))
        tables.append(table)
    return tables


def apply_stage(stage, tables: list[pa.Table], work_dir: str, executor: Executor,
                batch_rows: int = 0) -> list[pa.Table]:
    """collect (in batches of ``batch_rows``) -> decide -> apply; the applied units."""
    collected = []
    for unit, table in enumerate(tables):
        step = batch_rows or max(1, table.num_rows)
        parts = [stage.collect(table.slice(s, step), unit)
                 for s in range(0, table.num_rows, step)]
        if parts:
            path = f"{work_dir}/collected/unit-{unit:06d}.parquet"
            write_table(pa.concat_tables(parts), path)
            collected.append(path)
    stage.decide(collected, f"{work_dir}/stage", executor)
    return [stage.apply(table, unit, f"{work_dir}/stage") for unit, table in enumerate(tables)]


def run_stage(stage, tables: list[pa.Table], work_dir: str, executor: Executor,
              batch_rows: int = 0) -> dict[str, str]:
    """``apply_stage``; returns id -> duplicate_of of the dropped rows, after checking their
    drop reason."""
    dropped = {}
    for out in apply_stage(stage, tables, work_dir, executor, batch_rows):
        for row in out.to_pylist():
            if row["drop_reason"] is not None:
                assert row["drop_reason"] == f"{stage.name}:duplicate"
                dropped[row["id"]] = row["duplicate_of"]
    return dropped
