"""Loading and validating pipeline configs (YAML or dicts).

Every problem is a ``ConfigError`` whose message names the key or path, so the CLI can print
one line instead of a traceback. Relative paths are resolved against the directory the run is
started from (as in ``dataprep run pipelines/sample.yaml`` from the repository root).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from dataprep.errors import ConfigError
from dataprep.readers import InputSpec, validate_spec

INPUT_KEYS = {"format", "paths", "source", "text_field"}
OUTPUT_DEFAULTS: dict[str, Any] = {
    "path": None,
    "shard_rows": 100_000,
    "shard_bytes": 256 << 20,
    # Training-ready output (need the `tokenize` stage; see dataprep.finalize).
    "shard_tokens": None,
    "shuffle": None,   # {seed: int}
    "mixture": None,   # {weights: {source: weight}, seed: int, total_tokens: int}
    "pack": None,      # {seq_len: int, shard_tokens: int}
    "formats": ["parquet"],  # and any of megatron, mds, nanotron (dataprep.output.formats)
}
# Allowed keys and their types inside the training-ready output options.
OUTPUT_OPTION_KEYS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "shuffle": {"seed": int},
    "mixture": {"weights": dict, "seed": int, "total_tokens": int},
    "pack": {"seq_len": int, "shard_tokens": int},
}
REQUIRED_OPTION_KEYS = {"mixture": "weights", "pack": "seq_len"}
EXECUTION_DEFAULTS: dict[str, Any] = {
    "batch_rows": 1000,
    "batch_bytes": 32 << 20,
    "unit_bytes": 256 << 20,
}
TOP_LEVEL_KEYS = {"name", "inputs", "stages", "output", "execution"}


@dataclass(frozen=True)
class OutputSpec:
    path: str
    shard_rows: int = OUTPUT_DEFAULTS["shard_rows"]
    shard_bytes: int = OUTPUT_DEFAULTS["shard_bytes"]
    shard_tokens: int | None = None
    shuffle: dict[str, Any] | None = None
    mixture: dict[str, Any] | None = None
    pack: dict[str, Any] | None = None
    formats: tuple[str, ...] = ("parquet",)

    @property
    def needs_finalize(self) -> bool:
        """Whether ``data/`` is written by the output step instead of per unit."""
        return any(v is not None for v in (self.shard_tokens, self.shuffle, self.mixture,
                                            self.pack)) or self.formats != ("parquet",)


@dataclass(frozen=True)
class ExecutionSpec:
    batch_rows: int = EXECUTION_DEFAULTS["batch_rows"]
    batch_bytes: int = EXECUTION_DEFAULTS["batch_bytes"]
    unit_bytes: int = EXECUTION_DEFAULTS["unit_bytes"]


@dataclass(frozen=True)
class StageSpec:
    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    """A validated config: what to read, which stages, where to write."""

    name: str
    inputs: tuple[InputSpec, ...]
    stages: tuple[StageSpec, ...]
    output: OutputSpec
    execution: ExecutionSpec
    base_dir: str
    raw: dict[str, Any]


def _check_type(value: Any, expected: type | tuple[type, ...], where: str) -> None:
    if isinstance(value, bool) and expected in (int, float, (int, float)):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if not isinstance(value, expected):
        names = (expected.__name__ if isinstance(expected, type)
                 else " or ".join(t.__name__ for t in expected))
        raise ConfigError(f"{where}: expected {names}, got {type(value).__name__} {value!r}")


def _check_keys(mapping: dict[str, Any], allowed: set[str], where: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise ConfigError(f"{where}.{key}: unknown key (allowed: {', '.join(sorted(allowed))})")


def _parse_input(item: Any, where: str) -> InputSpec:
    _check_type(item, dict, where)
    if "format" not in item:
        raise ConfigError(f"{where}.format: missing")
    if "paths" not in item:
        raise ConfigError(f"{where}.paths: missing")
    fmt = item["format"]
    _check_type(fmt, str, f"{where}.format")
    paths = item["paths"]
    if isinstance(paths, str):
        paths = [paths]
    _check_type(paths, list, f"{where}.paths")
    for i, p in enumerate(paths):
        _check_type(p, str, f"{where}.paths[{i}]")
    if not paths:
        raise ConfigError(f"{where}.paths: empty")
    source = item.get("source", fmt)
    _check_type(source, str, f"{where}.source")
    text_field = item.get("text_field", "text")
    _check_type(text_field, str, f"{where}.text_field")
    options = {k: v for k, v in item.items() if k not in INPUT_KEYS}
    spec = InputSpec(format=fmt, paths=tuple(paths), source=source, text_field=text_field,
                     options=options)
    validate_spec(spec, where)
    return spec


def _parse_stage(item: Any, where: str) -> StageSpec:
    if isinstance(item, str):
        return StageSpec(item, {})
    _check_type(item, dict, where)
    if len(item) != 1:
        raise ConfigError(f"{where}: a stage is one mapping {{stage_name: {{params}}}}")
    (name, params), = item.items()
    params = {} if params is None else params
    _check_type(params, dict, f"{where}.{name}")
    return StageSpec(str(name), dict(params))


def _parse_section(raw: Any, defaults: dict[str, Any], where: str) -> dict[str, Any]:
    raw = {} if raw is None else raw
    _check_type(raw, dict, where)
    _check_keys(raw, set(defaults), where)
    values = dict(defaults)
    for key, value in raw.items():
        default = defaults[key]
        if default is not None:
            _check_type(value, type(default), f"{where}.{key}")
        values[key] = value
    return values


def _check_output_options(output: dict[str, Any]) -> None:
    if output["shard_tokens"] is not None:
        _check_type(output["shard_tokens"], int, "output.shard_tokens")
        if output["shard_tokens"] <= 0:
            raise ConfigError("output.shard_tokens: must be positive")
    for name, keys in OUTPUT_OPTION_KEYS.items():
        value = output[name]
        if value is None:
            continue
        where = f"output.{name}"
        _check_type(value, dict, where)
        _check_keys(value, set(keys), where)
        for key, expected in keys.items():
            if key in value:
                _check_type(value[key], expected, f"{where}.{key}")
        required = REQUIRED_OPTION_KEYS.get(name)
        if required and required not in value:
            raise ConfigError(f"{where}.{required}: missing")
    weights = (output["mixture"] or {}).get("weights", {})
    for source, weight in weights.items():
        _check_type(weight, (int, float), f"output.mixture.weights.{source}")
    if output["pack"] is not None and output["pack"]["seq_len"] <= 0:
        raise ConfigError("output.pack.seq_len: must be positive")
    formats = ("megatron", "mds", "nanotron", "parquet")
    for i, name in enumerate(output["formats"]):
        if name not in formats:
            raise ConfigError(f"output.formats[{i}]: expected one of {', '.join(formats)}, "
                              f"got {name!r}")
    output["formats"] = tuple(["parquet", *sorted(set(output["formats"]) - {"parquet"})])


def parse_config(raw: Any, base_dir: str | None = None) -> Config:
    """Validate a config mapping (as loaded from YAML)."""
    _check_type(raw, dict, "config")
    _check_keys(raw, TOP_LEVEL_KEYS, "config")
    name = raw.get("name", "dataprep")
    _check_type(name, str, "name")
    inputs = raw.get("inputs")
    if not inputs:
        raise ConfigError("inputs: at least one input is required")
    _check_type(inputs, list, "inputs")
    stages = raw.get("stages") or []
    _check_type(stages, list, "stages")
    output = _parse_section(raw.get("output"), OUTPUT_DEFAULTS, "output")
    if not output["path"]:
        raise ConfigError("output.path: missing")
    _check_type(output["path"], str, "output.path")
    for key in ("shard_rows", "shard_bytes"):
        if output[key] <= 0:
            raise ConfigError(f"output.{key}: must be positive")
    _check_output_options(output)
    execution = _parse_section(raw.get("execution"), EXECUTION_DEFAULTS, "execution")
    base_dir = os.path.abspath(base_dir or os.getcwd())
    return Config(
        name=name,
        inputs=tuple(_parse_input(item, f"inputs[{i}]") for i, item in enumerate(inputs)),
        stages=tuple(_parse_stage(item, f"stages[{i}]") for i, item in enumerate(stages)),
        output=OutputSpec(**output),
        execution=ExecutionSpec(**execution),
        base_dir=base_dir,
        raw=raw,
    )


def load_config(path: str, base_dir: str | None = None) -> Config:
    """Read and validate a YAML config file."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{line} invalid YAML ({getattr(exc, 'problem', exc)})") from None
    return parse_config(raw, base_dir)
