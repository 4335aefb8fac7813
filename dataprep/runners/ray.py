"""Ray execution: one Ray task per item, results in item order."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from dataprep.pipeline import Pipeline, RunResult

T = TypeVar("T")
R = TypeVar("R")


def init_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    """Join ``address`` (or ``RAY_ADDRESS``), or start a local Ray sized to this machine."""
    import ray

    if ray.is_initialized():
        return
    address = address or os.environ.get("RAY_ADDRESS")
    kwargs = {"include_dashboard": False, "log_to_driver": True}
    if address:
        ray.init(address=address, **kwargs)
    else:
        ray.init(num_cpus=num_cpus, **kwargs)


def _call(fn: Callable[[T], R], item: T) -> R:
    return fn(item)


class RayExecutor:
    """Runs each item as a Ray task (retried on worker loss), at most ``max_in_flight`` at once."""

    def __init__(self, *, num_cpus_per_task: float = 1, max_in_flight: int | None = None,
                 max_retries: int = 3):
        self.num_cpus_per_task = num_cpus_per_task
        self.max_in_flight = max_in_flight
        self.max_retries = max_retries

    def map(self, fn: Callable[[T], R], items: Sequence[T],
            on_result: Callable[[R], None] | None = None) -> list[R]:
        import ray

        if not items:
            return []
        remote_call = ray.remote(num_cpus=self.num_cpus_per_task,
                                 max_retries=self.max_retries)(_call)
        fn_ref = ray.put(fn)  # shipped once, not with every task
        limit = self.max_in_flight or max(2, 2 * int(ray.cluster_resources().get("CPU", 2)))
        results: dict[int, R] = {}
        pending: dict[ray.ObjectRef, int] = {}
        next_item = 0
        while next_item < len(items) or pending:
            while next_item < len(items) and len(pending) < limit:
                pending[remote_call.remote(fn_ref, items[next_item])] = next_item
                next_item += 1
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                index = pending.pop(ref)
                results[index] = ray.get(ref)
                if on_result is not None:
                    on_result(results[index])
        return [results[i] for i in range(len(items))]


class RayRunner:
    """Runs each unit as a Ray task on a local Ray or the cluster at ``address``."""

    name = "ray"

    def __init__(self, address: str | None = None, num_cpus: int | None = None):
        self.address = address
        self.num_cpus = num_cpus

    def run(self, pipeline: Pipeline, **options) -> RunResult:
        # Imported here so that the executors stay importable without the whole pipeline.
        from dataprep.pipeline import run_pipeline

        init_ray(self.address, self.num_cpus)
        return run_pipeline(pipeline, RayExecutor(), runner_name=self.name, **options)
