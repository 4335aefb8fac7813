"""Pipelines: stages split into phases at corpus-wide stages, and the run over all units.

A run is a list of input units (files) and a list of phases. Phase k reads each unit (from its
reader in phase 0, from the previous phase's per-unit file later), applies the corpus-wide stage
that starts the phase (if any), then its stages (``dataprep.unit``), and writes its rejected
rows and its kept rows: to ``data/``, to the unit's file for the next phase, or to the unit's
file for the output step (``dataprep.finalize``). Between phases the corpus-wide stage decides
once, on the driver. ``dataprep.rundir`` owns the layout and the markers that make a run
resumable.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa

from dataprep.config import Config, parse_config
from dataprep.errors import ConfigError
from dataprep.readers import FORMATS
from dataprep.registry import build_stage
from dataprep.stages import FilterStage, GlobalStage, SourceScopedStage

Stage = Callable[[pa.Table], pa.Table]
# Where a phase's kept rows go: data/ shards, the next phase, or the output step.
KeptTo = Literal["data", "next_phase", "output_step"]


@dataclass(frozen=True)
class Phase:
    index: int
    start: GlobalStage | None
    stages: tuple[Stage, ...]
    end: GlobalStage | None
    kept_to: KeptTo


def _stage_from_python(item: Any) -> Any:
    """A stage object as is; a plain function ``str -> str | None`` as a filter stage."""
    if inspect.isfunction(item) and not _takes_table(item):
        return FilterStage(item.__name__, item)
    if not callable(item) and not isinstance(item, GlobalStage):
        raise ConfigError(f"stage {item!r}: expected a stage name, a stage or a function")
    if not getattr(item, "name", None):
        item.name = getattr(item, "__name__", type(item).__name__)
    return item


def _takes_table(fn: Callable[..., Any]) -> bool:
    first = next(iter(inspect.signature(fn).parameters.values()), None)
    if first is None:
        return False
    hint = typing.get_type_hints(fn).get(first.name, first.annotation)
    return hint is pa.Table


def _config_entry(item: Any) -> Any:
    """What the config records for a stage given in Python (names, not objects)."""
    return item if isinstance(item, str | dict) else getattr(item, "name", repr(item))


def _check_sources(stage: Any, sources: set[str], where: str) -> None:
    """A ``sources`` entry that no input has is a typo: the stage would never run."""
    for source in getattr(stage, "sources", None) or []:
        if source not in sources:
            raise ConfigError(f"{where}.{stage.name}.sources: no input has source '{source}' "
                              f"(sources: {', '.join(sorted(sources))})")


def _build_stages(items: Sequence[Any], sources: set[str]) -> list[Any]:
    stages = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            stage = build_stage(item, {}, f"stages[{i}]")
        elif isinstance(item, dict):
            if len(item) != 1:
                raise ConfigError(f"stages[{i}]: a stage is one mapping {{stage_name: {{params}}}}")
            (name, params), = item.items()
            stage = build_stage(str(name), {} if params is None else params, f"stages[{i}]")
        else:
            stage = _stage_from_python(item)
        if isinstance(stage, SourceScopedStage):
            _check_sources(stage, sources, f"stages[{i}]")
        if stage.name in {s.name for s in stages}:
            raise ConfigError(f"stages[{i}]: stage '{stage.name}' appears twice")
        stages.append(stage)
    return stages


def _split_phases(stages: list[Any], finalize: bool) -> tuple[Phase, ...]:
    phases: list[Phase] = []
    start: GlobalStage | None = None
    current: list[Stage] = []
    for stage in stages:
        if isinstance(stage, GlobalStage):
            phases.append(Phase(len(phases), start, tuple(current), stage, "next_phase"))
            start, current = stage, []
        else:
            current.append(stage)
    last: KeptTo = "output_step" if finalize else "data"
    phases.append(Phase(len(phases), start, tuple(current), None, last))
    return tuple(phases)


def _check_needs(config: Config, names: set[str]) -> None:
    """Inputs and output options that only work with some stage in the pipeline."""
    if "extract" not in names:
        for i, spec in enumerate(config.inputs):
            if FORMATS[spec.format].html:
                raise ConfigError(f"inputs[{i}].format: '{spec.format}' input needs the "
                                  "'extract' stage")
    if "tokenize" not in names:
        for key in ("shard_tokens", "mixture", "pack"):
            if getattr(config.output, key) is not None:
                raise ConfigError(f"output.{key}: needs the 'tokenize' stage")
        if set(config.output.formats) - {"parquet"}:
            raise ConfigError("output.formats: needs the 'tokenize' stage")


class Pipeline:
    """What to read, the built stages split into phases, where to write.

    From Python: ``Pipeline(inputs=[...], stages=[...], output="out")``, a stage being a YAML
    name, a ``{name: params}`` mapping, a stage object (``Table -> Table``, or a
    ``GlobalStage``) or a plain filter function ``str -> str | None``. From a config:
    ``Pipeline.from_config(load_config(path))``. Every option is checked here, before any
    unit runs.
    """

    def __init__(self, *, inputs: Sequence[dict[str, Any]], output: str | dict[str, Any],
                 stages: Sequence[Any] = (), name: str = "dataprep",
                 execution: dict[str, Any] | None = None, base_dir: str | None = None):
        raw = {"name": name, "inputs": list(inputs),
               "output": {"path": output} if isinstance(output, str) else dict(output),
               "stages": [_config_entry(s) for s in stages]}
        if execution is not None:
            raw["execution"] = execution
        config = parse_config(raw, base_dir)
        self._setup(config, _build_stages(stages, {spec.source for spec in config.inputs}))

    @classmethod
    def from_config(cls, config: Config) -> Pipeline:
        """Build the stages a config names and split them into phases."""
        pipeline = cls.__new__(cls)
        entries = [{s.name: s.params} for s in config.stages]
        pipeline._setup(config, _build_stages(entries, {spec.source for spec in config.inputs}))
        return pipeline

    def _setup(self, config: Config, stages: list[Any]) -> None:
        _check_needs(config, {s.name for s in stages})
        self.config = config
        self.phases = _split_phases(stages, config.output.needs_finalize)

    @property
    def stage_names(self) -> list[str]:
        names = []
        for phase in self.phases:
            names.extend([phase.start.name] if phase.start else [])
            names.extend(s.name for s in phase.stages)
        return names


def build_pipeline(config: Config) -> Pipeline:
    """``Pipeline.from_config``."""
    return Pipeline.from_config(config)
