"""The stage protocol and the generic adapters that turn pure functions into stages.

A stage is any ``Callable[[pa.Table], pa.Table]`` (Ray Data's ``map_batches`` contract with
``batch_format="pyarrow"``). It only annotates: it sets ``drop_reason`` on rows to drop, rewrites
``text`` (appending its name to ``modified_by``) or appends columns. The runner moves marked rows
to ``rejected/`` and counts them, so a stage never sees rows an earlier stage dropped.

Stages that need the whole corpus (deduplication) implement ``GlobalStage``: the runner splits
the pipeline into phases at them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

import pyarrow as pa
import pyarrow.compute as pc

from dataprep.errors import ConfigError
from dataprep.schema import mark_dropped, replace_text, set_column

T = TypeVar("T")
R = TypeVar("R")


def check_params(fn: Callable[..., Any], params: dict[str, Any], where: str) -> None:
    """Fail fast on a parameter ``fn`` does not take (a typo in YAML)."""
    signature = inspect.signature(fn)
    accepted = {
        name for name, p in signature.parameters.items()
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    }
    for key in params:
        if key not in accepted:
            raise ConfigError(f"{where}: unknown parameter '{key}'")
    try:
        signature.bind_partial(None, **params)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _takes_lang(fn: Callable[..., Any]) -> bool:
    return "lang" in inspect.signature(fn).parameters


def _per_document(fn: Callable[..., Any], params: dict[str, Any], pass_lang: bool,
                  table: pa.Table) -> list[Any]:
    """``fn(text, [lang=...], **params)`` for every row (null text as "")."""
    texts = table.column("text").to_pylist()
    if not pass_lang:
        return [fn(t or "", **params) for t in texts]
    langs = table.column("lang").to_pylist()
    return [fn(t or "", lang=lang, **params) for t, lang in zip(texts, langs, strict=True)]


class FilterStage:
    """Marks rows whose text ``fn(text, **params)`` gives a drop reason for.

    ``fn`` is a pure filter: ``(text, *, ...) -> str | None``. If it takes a ``lang`` keyword,
    the row's ``lang`` column (set by ``langid``) is passed, so one function serves all languages.

    With ``signals=True`` (a config key, like the filter's parameters) the stage also stores
    ``signals_fn(text, lang=..., **params)`` -- the metrics behind the decision, with the same
    parameters, a ``dict[str, float]`` -- as a struct column ``<name>_signals``, so that users
    can re-threshold without recomputing.
    """

    def __init__(self, name: str, fn: Callable[..., str | None], *,
                 signals_fn: Callable[..., dict[str, float]] | None = None,
                 signals: bool = False, **params: Any):
        check_params(fn, params, name)
        if signals and signals_fn is None:
            raise ConfigError(f"{name}: this filter has no signals to keep")
        self.name = name
        self.fn = fn
        self.params = params
        self.signals_fn = signals_fn if signals else None
        self._pass_lang = _takes_lang(fn)

    def __call__(self, table: pa.Table) -> pa.Table:
        reasons = _per_document(self.fn, self.params, self._pass_lang, table)
        if self.signals_fn is not None:
            table = self._add_signals(table)
        return mark_dropped(table, reasons, self.name)

    def _add_signals(self, table: pa.Table) -> pa.Table:
        rows = _per_document(self.signals_fn, self.params, True, table)
        # The struct type, also for empty batches.
        keys = self.signals_fn("", lang=None, **self.params).keys()
        struct = pa.struct([(key, pa.float32()) for key in keys])
        return set_column(table, f"{self.name}_signals", pa.array(rows, struct))


class MapStage:
    """Rewrites ``text`` with ``fn(text, **params) -> str`` and records the change."""

    def __init__(self, name: str, fn: Callable[..., str], **params: Any):
        check_params(fn, params, name)
        self.name = name
        self.fn = fn
        self.params = params
        self._pass_lang = _takes_lang(fn)

    def __call__(self, table: pa.Table) -> pa.Table:
        new = _per_document(self.fn, self.params, self._pass_lang, table)
        return replace_text(table, new, self.name)


class SourceScopedStage:
    """Applies ``stage`` only to rows whose ``source`` is listed; other rows pass untouched.

    Any per-document stage takes a ``sources`` key in the config (e.g. web-page heuristics on
    ``web`` only, not on books or dialogue). Rows keep their order; columns the stage adds are
    null elsewhere.
    """

    def __init__(self, stage: Callable[[pa.Table], pa.Table], sources: list[str]):
        self.stage = stage
        self.sources = sources
        self.name = stage.name

    def __call__(self, table: pa.Table) -> pa.Table:
        mask = pc.is_in(table.column("source"), pa.array(self.sources, pa.string()))
        mask = pc.fill_null(mask, False)
        if int(pc.sum(mask).as_py() or 0) == table.num_rows:
            return self.stage(table)
        # Also with no row selected, the stage runs (on zero rows) so that the columns it adds
        # exist, as nulls, in every batch: shards of all sources share one schema.
        positions = pa.array(range(table.num_rows), pa.int64())
        inside = self.stage(table.filter(mask).append_column("_row", positions.filter(mask)))
        outside = table.filter(pc.invert(mask)).append_column(
            "_row", positions.filter(pc.invert(mask)))
        merged = pa.concat_tables([inside, outside], promote_options="default")
        return merged.sort_by("_row").drop_columns(["_row"])


class Executor(Protocol):
    """Runs a top-level (picklable) function over items: in-process or as Ray tasks."""

    def map(self, fn: Callable[[T], R], items: Sequence[T],
            on_result: Callable[[R], None] | None = None) -> list[R]:
        """``[fn(item) for item in items]``, calling ``on_result`` as each result arrives."""
        ...


class TasksFailed(RuntimeError):
    """Raised by ``Executor.map``: tasks whose worker or node died on every attempt.

    Every other task has finished when it is raised.

    ``failures`` holds ``(item, error)`` pairs in item order, ``completed`` the results of the
    tasks that did finish (in item order), so errors they report are not lost.
    """

    def __init__(self, failures: list[tuple[Any, str]], completed: list[Any] | None = None):
        self.failures = failures
        self.completed = completed or []
        lines = [f"{item!r}: {error}" for item, error in failures]
        super().__init__(f"{len(failures)} task(s) failed after all retries:\n  "
                         + "\n  ".join(lines))


@dataclass(frozen=True)
class ShuffleEstimate:
    """What a corpus-wide step moves for a given number of documents (``dataprep plan``).

    ``rows`` rows go through a shuffle of partitions of at most ``partition_rows`` rows; a task
    holding one partition needs ``bytes_per_row`` per row on top of the process, and the rows
    take ``disk_bytes`` under ``_work`` between the map and reduce steps.
    """

    rows: int
    partition_rows: int
    bytes_per_row: int
    disk_bytes: int = 0


@runtime_checkable
class GlobalStage(Protocol):
    """A stage that needs the whole corpus, e.g. deduplication.

    The runner calls, in order:
    1. ``collect(table, unit)`` on every unit's kept rows at the end of the phase before the
       stage; the returned table (small: ids, hashes, signatures) is persisted per unit.
    2. ``decide(collected, work_dir, executor)`` once, on the driver, with the paths of the
       collected files (one per unit, in unit order); it may fan work out through
       ``executor.map`` (``dataprep.dedup.shuffle.Shuffle`` does the plumbing of a shuffle)
       and must write what ``apply`` needs (its decisions) under ``work_dir``.
    3. ``apply(table, unit, work_dir)`` on every unit at the start of the next phase; it marks
       rows to drop (``drop_reason``, ``duplicate_of``) like any other stage.
    Every step must be deterministic and idempotent (it may be retried or resumed).

    Optionally, ``estimate(rows) -> ShuffleEstimate`` says what ``decide`` moves for ``rows``
    documents collected; ``dataprep plan`` uses it to size memory and disk (a stage without it
    is listed as not estimated).
    """

    name: str

    def collect(self, table: pa.Table, unit: int) -> pa.Table: ...

    def decide(self, collected: Sequence[str], work_dir: str, executor: Executor) -> None: ...

    def apply(self, table: pa.Table, unit: int, work_dir: str) -> pa.Table: ...
