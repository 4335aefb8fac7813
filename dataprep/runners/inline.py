"""In-process execution, for tests, debugging and small inputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class InlineExecutor:
    """Runs every item in this process, in order."""

    name = "inline"

    def map(self, fn: Callable[[T], R], items: Sequence[T],
            on_result: Callable[[R], None] | None = None) -> list[R]:
        results = []
        for item in items:
            results.append(fn(item))
            if on_result is not None:
                on_result(results[-1])
        return results
