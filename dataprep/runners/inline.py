"""In-process execution, for tests, debugging and small inputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from dataprep.pipeline import Pipeline, RunResult

T = TypeVar("T")
R = TypeVar("R")


class InlineExecutor:
    """Runs every item in this process, in order."""

    def map(self, fn: Callable[[T], R], items: Sequence[T],
            on_result: Callable[[R], None] | None = None) -> list[R]:
        results = []
        for item in items:
            results.append(fn(item))
            if on_result is not None:
                on_result(results[-1])
        return results


class InlineRunner:
    """Runs the whole pipeline in this process (tests, debugging, small inputs)."""

    name = "inline"

    def run(self, pipeline: Pipeline, **options) -> RunResult:
        # Imported here so that the executors stay importable without the whole pipeline.
        from dataprep.pipeline import run_pipeline

        return run_pipeline(pipeline, InlineExecutor(), runner_name=self.name, **options)
