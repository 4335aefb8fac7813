"""Small builders shared by the tests."""

from __future__ import annotations

import pyarrow as pa

from dataprep.runners.inline import InlineExecutor
from dataprep.schema import make_batch, set_column


def docs(*texts: str, langs: list[str | None] | None = None, source: str = "test") -> pa.Table:
    """A batch with ids d0, d1, ... and the given texts (and languages)."""
    table = make_batch([f"d{i}" for i in range(len(texts))], list(texts), source=source)
    if langs is not None:
        table = set_column(table, "lang", pa.array(langs, pa.string()))
    return table


def run_recorded(pipeline, executor=None, *, report: bool = False, **options):
    """``run_pipeline``, then the manifest the CLI writes after it, and with ``report`` its
    report too (about 3 CPU seconds, ten times a small run: only where a test reads it)."""
    from dataprep.io.manifest import write_run_manifest
    from dataprep.run import run_pipeline

    result = run_pipeline(pipeline, executor, **options)
    write_run_manifest(result, pipeline, getattr(executor, "name", "inline"))
    if report:
        from dataprep.report import build_report

        build_report(result.run_dir)
    return result


class CrashingExecutor(InlineExecutor):
    """Runs half the tasks of the first step whose kernel is ``kernel``, then fails: a driver
    crash in the middle of a corpus-wide step, with some of that step's files written."""

    def __init__(self, kernel: str):
        self.kernel = kernel

    def map(self, fn, items, on_result=None):
        if getattr(fn, "func", fn).__name__ == self.kernel:
            super().map(fn, items[:max(1, len(items) // 2)])
            raise RuntimeError("driver lost in the middle of the step")
        return super().map(fn, items, on_result)
