"""Small builders shared by the tests."""

from __future__ import annotations

import pyarrow as pa

from dataprep.schema import make_batch, set_column


def docs(*texts: str, langs: list[str | None] | None = None, source: str = "test") -> pa.Table:
    """A batch with ids d0, d1, ... and the given texts (and languages)."""
    table = make_batch([f"d{i}" for i in range(len(texts))], list(texts), source=source)
    if langs is not None:
        table = set_column(table, "lang", pa.array(langs, pa.string()))
    return table


def run_recorded(pipeline, executor=None, **options):
    """``run_pipeline``, then the manifest and report the CLI writes after it."""
    from dataprep.io.manifest import write_run_manifest
    from dataprep.report import build_report
    from dataprep.run import run_pipeline

    result = run_pipeline(pipeline, executor, **options)
    write_run_manifest(result, pipeline, getattr(executor, "name", "inline"))
    build_report(result.run_dir)
    return result
