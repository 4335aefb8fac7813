"""Loading and checking pipeline configs (YAML or dicts).

Every option of the config is declared once, with its type and default: the top level and
``output``/``execution`` here (the fields of ``OutputSpec`` and ``ExecutionSpec``), input formats
in ``dataprep.readers.FORMATS``, stages by their constructors' signatures
(``dataprep.registry``). Every problem is a ``ConfigError`` naming its YAML path, so the CLI
prints one line instead of a traceback. Relative paths (inputs, output) are taken from the
working directory of the run (``dataprep run pipelines/sample.yaml`` from the repository
root), not from the config file's directory; ``base_dir`` overrides that.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NotRequired, Required

import yaml
from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from dataprep.errors import ConfigError
from dataprep.options import STRICT, NonEmptyStr, PositiveInt, check_options, options_of
from dataprep.readers import FORMATS, InputSpec, validate_spec

Seed = Annotated[int, Field(ge=0, lt=2**63)]
Weight = Annotated[float, Field(ge=0)]
CONFIG_MAPPING = ConfigDict(**STRICT, extra="forbid")
# Longer sequences than any model trains on mean a typo (and 0 sequences, all tokens dropped).
MAX_SEQ_LEN = 1 << 22


@with_config(CONFIG_MAPPING)
class ShuffleOptions(TypedDict, total=False):
    """``output.shuffle``: a global, seeded shuffle of the documents."""

    seed: Seed


@with_config(CONFIG_MAPPING)
class MixtureOptions(TypedDict):
    """``output.mixture``: per-source weights by tokens (every input source needs one)."""

    weights: Required[Annotated[dict[str, Weight], Field(min_length=1)]]
    seed: NotRequired[Seed]
    total_tokens: NotRequired[PositiveInt]


@with_config(CONFIG_MAPPING)
class PackOptions(TypedDict):
    """``output.pack``: fixed-length token sequences in ``packed/``."""

    seq_len: Required[Annotated[int, Field(ge=1, le=MAX_SEQ_LEN)]]
    shard_tokens: NotRequired[PositiveInt]


@dataclass(frozen=True)
class OutputSpec:
    """``output``: where and how shards are written. ``shard_tokens``, ``shuffle``,
    ``mixture`` and ``pack`` make training-ready output and need the ``tokenize`` stage."""

    path: NonEmptyStr
    shard_rows: PositiveInt = 100_000
    shard_bytes: PositiveInt = 256 << 20
    shard_tokens: PositiveInt | None = None
    shuffle: ShuffleOptions | None = None
    mixture: MixtureOptions | None = None
    pack: PackOptions | None = None
    # Framework formats written next to the Parquet shards (dataprep.output.formats).
    formats: list[Literal["parquet", "megatron", "mds", "nanotron"]] = field(
        default_factory=lambda: ["parquet"])

    @property
    def needs_finalize(self) -> bool:
        """Whether ``data/`` is written by the output step instead of per unit."""
        return any(v is not None for v in (self.shard_tokens, self.shuffle, self.mixture,
                                            self.pack)) or bool(set(self.formats) - {"parquet"})


@dataclass(frozen=True)
class ExecutionSpec:
    """``execution``: batch and unit sizes (memory per task and parallelism)."""

    batch_rows: PositiveInt = 1000
    batch_bytes: PositiveInt = 32 << 20
    unit_bytes: PositiveInt = 256 << 20


@dataclass(frozen=True)
class StageSpec:
    name: str
    params: dict[str, Any] = field(default_factory=dict)


def input_keys(*, format: Literal[tuple(FORMATS)], paths: NonEmptyStr | Annotated[  # noqa: A002
        list[NonEmptyStr], Field(min_length=1)], source: NonEmptyStr | None = None,
        text_field: NonEmptyStr = "text") -> None:
    """Declares the keys of every ``inputs`` entry; the others are the format's options.
    ``source`` defaults to the format's name."""


def top_level_keys(*, inputs: Annotated[list[dict[str, Any]], Field(min_length=1)],
                   output: dict[str, Any], name: NonEmptyStr = "dataprep",
                   stages: list[str | dict[str, Any]] | None = None,
                   execution: dict[str, Any] | None = None) -> None:
    """Declares the top-level keys of a config."""


@dataclass(frozen=True)
class Config:
    """A checked config: what to read, which stages, where to write."""

    name: str
    inputs: tuple[InputSpec, ...]
    stages: tuple[StageSpec, ...]
    output: OutputSpec
    execution: ExecutionSpec
    base_dir: str
    raw: dict[str, Any]


def _parse_input(item: Any, where: str) -> InputSpec:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a mapping with format and paths")
    declared = options_of(input_keys)
    check_options({k: v for k, v in item.items() if k in declared}, declared, where)
    paths = item["paths"]
    spec = InputSpec(format=item["format"], paths=tuple([paths] if isinstance(paths, str)
                                                        else paths),
                     source=item.get("source") or item["format"],
                     text_field=item.get("text_field", "text"),
                     options={k: v for k, v in item.items() if k not in declared})
    validate_spec(spec, where)
    return spec


def _parse_stage(item: Any, where: str) -> StageSpec:
    if isinstance(item, str):
        return StageSpec(item, {})
    if not isinstance(item, dict) or len(item) != 1:
        raise ConfigError(f"{where}: a stage is a name or one mapping {{stage_name: {{params}}}}")
    (name, params), = item.items()
    params = {} if params is None else params
    if not isinstance(params, dict):
        raise ConfigError(f"{where}.{name}: expected a mapping of options, got {params!r}")
    return StageSpec(str(name), dict(params))


def _check_mixture(output: OutputSpec, inputs: tuple[InputSpec, ...]) -> None:
    """Mixture weights name exactly the input sources, before anything runs."""
    if output.mixture is None:
        return
    weights = output.mixture["weights"]
    sources = {spec.source for spec in inputs}
    for source in weights:
        if source not in sources:
            raise ConfigError(f"output.mixture.weights.{source}: no input has this source "
                              f"(sources: {', '.join(sorted(sources))})")
    missing = sorted(sources - set(weights))
    if missing:
        raise ConfigError(f"output.mixture.weights: no weight for source(s) {', '.join(missing)}")
    if sum(weights.values()) <= 0:
        raise ConfigError("output.mixture.weights: at least one weight must be positive")


def _section(raw: dict[str, Any], key: str, spec: type, where: str) -> Any:
    values = raw.get(key)
    values = {} if values is None else values
    return spec(**check_options(values, options_of(spec), where))


def parse_config(raw: Any, base_dir: str | None = None) -> Config:
    """Check a config mapping (as loaded from YAML)."""
    if not isinstance(raw, dict):
        raise ConfigError("config: expected a mapping with inputs, stages and output")
    check_options(raw, options_of(top_level_keys, skip=frozenset()), "")
    if not raw.get("output") or not isinstance(raw["output"], dict):
        raise ConfigError("output.path: missing")
    output = _section(raw, "output", OutputSpec, "output")
    inputs = tuple(_parse_input(item, f"inputs[{i}]") for i, item in enumerate(raw["inputs"]))
    _check_mixture(output, inputs)
    return Config(
        name=raw.get("name", "dataprep"),
        inputs=inputs,
        stages=tuple(_parse_stage(item, f"stages[{i}]")
                     for i, item in enumerate(raw.get("stages") or [])),
        output=output,
        execution=_section(raw, "execution", ExecutionSpec, "execution"),
        base_dir=os.path.abspath(base_dir or os.getcwd()),
        raw=raw,
    )


def load_config(path: str, base_dir: str | None = None) -> Config:
    """Read and check a YAML config file."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a UTF-8 text file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{line} invalid YAML ({getattr(exc, 'problem', exc)})") from None
    return parse_config(raw, base_dir)
