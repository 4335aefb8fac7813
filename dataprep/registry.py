"""The one table of stage names usable in YAML, and building a stage from its config entry.

Each entry says how to build the stage and which functions declare its options: the keyword
parameters of those functions, with their type hints and defaults, are the stage's options
(``dataprep.options`` checks them; ``dataprep schema`` and ``docs/config.md`` list them). A
stage gains an option by gaining a typed keyword parameter; nothing here changes. Python users
need no entry: ``Pipeline(stages=[...])`` takes stage objects and functions directly.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Annotated, Any

from annotated_types import MinLen

from dataprep.errors import ConfigError
from dataprep.options import Option, check_options, options_of
from dataprep.stages import FilterStage, GlobalStage, SourceScopedStage


def _signals_option(*, signals: bool = False) -> None:
    """Declares ``signals``: also store the metrics behind the decision as a column."""


def _sources_option(*, sources: Annotated[list[str], MinLen(1)] | None = None) -> None:
    """Declares ``sources``: run the stage on rows of these input sources only."""


def _load(path: str) -> Any:
    """The object ``"package.module:name"`` names, its module imported now."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class StageType:
    """How to build a stage from YAML, and the functions whose keyword parameters are its
    options (default: the constructor itself; for a name declared twice, the first wins).

    Everything is named by ``"module:name"`` and imported on first use, so that a process (a
    Ray worker unpickling a pipeline, ``dataprep schema``) imports only the stage modules it
    uses. A filter stage (``filter_fn`` set) is ``FilterStage(name, fn, signals_fn=...)``.
    """

    builder: str
    declared: tuple[str, ...] = ()
    corpus_wide: bool = False
    # Mapping-valued options whose keys are another function's keyword parameters.
    nested_options: Mapping[str, str] = field(default_factory=dict)
    filter_name: str | None = None
    signals: str | None = None

    @cached_property
    def build(self) -> Callable[..., Any]:
        if self.filter_name is None:
            return _load(self.builder)
        signals_fn = _load(self.signals) if self.signals else None
        return partial(FilterStage, self.filter_name, _load(self.builder), signals_fn=signals_fn)

    @cached_property
    def declared_by(self) -> tuple[Callable[..., Any], ...]:
        if self.filter_name is not None:
            fn = _load(self.builder)
            return (fn, _signals_option) if self.signals else (fn,)
        return tuple(map(_load, self.declared)) or (self.build,)

    @cached_property
    def nested(self) -> dict[str, Callable[..., Any]]:
        return {key: _load(path) for key, path in self.nested_options.items()}

    def options(self) -> dict[str, Option]:
        found: dict[str, Option] = {}
        for fn in self.declared_by:  # the first declaration of a name wins
            for name, option in options_of(fn).items():
                found.setdefault(name, option)
        if not self.corpus_wide:
            found.update(options_of(_sources_option))
        return found


def filter_type(name: str, fn: str, signals_fn: str | None = None) -> StageType:
    """The entry of a pure filter ``fn`` (``"module:name"``): its keyword parameters are the
    stage's options (and ``signals`` when there is a ``signals_fn``)."""
    return StageType(fn, filter_name=name, signals=signals_fn)


_GOPHER = "dataprep.filters.gopher:"
_TOKENIZE = "dataprep.tokenization.stage:"
STAGES: dict[str, StageType] = {
    "extract": StageType("dataprep.extract:ExtractStage"),
    "url_filter": StageType("dataprep.filters.url:UrlFilterStage"),
    "langid": StageType("dataprep.langid:LangIdStage"),
    "gopher_repetition": filter_type("gopher_repetition", _GOPHER + "gopher_repetition",
                                     _GOPHER + "gopher_repetition_signals"),
    "gopher_quality": filter_type("gopher_quality", _GOPHER + "gopher_quality",
                                  _GOPHER + "gopher_quality_signals"),
    "c4": StageType("dataprep.filters.c4:C4Stage", ("dataprep.filters.c4:c4_clean",)),
    "fineweb": filter_type("fineweb", "dataprep.filters.fineweb:fineweb",
                           "dataprep.filters.fineweb:fineweb_signals"),
    "residue": filter_type("residue", "dataprep.filters.residue:residue",
                           "dataprep.filters.residue:residue_signals"),
    "quality_classifier": StageType("dataprep.filters.classifier:QualityClassifierStage"),
    "exact_dedup": StageType("dataprep.dedup.exact:ExactDedupStage", corpus_wide=True),
    "minhash_dedup": StageType("dataprep.dedup.minhash:MinHashDedupStage", corpus_wide=True),
    "line_dedup": StageType("dataprep.dedup.lines:LineDedupStage", corpus_wide=True),
    "decontaminate": StageType("dataprep.dedup.decontaminate:DecontaminateStage"),
    "pii": StageType("dataprep.pii:PiiStage"),
    "tokenize": StageType(_TOKENIZE + "tokenize_stage",
                          tuple(_TOKENIZE + n for n in ("tokenize_stage", "TokenizeStage",
                                                        "TrainedTokenizeStage")),
                          nested_options={"train": "dataprep.tokenization.train:train_tokenizer"}),
}


def build_stage(name: str, params: dict[str, Any], where: str) -> Any:
    """The stage ``name`` with ``params`` from the config; every problem a ``ConfigError``
    naming ``where`` (e.g. ``stages[3]``) and the option."""
    kind = STAGES.get(name)
    if kind is None:
        raise ConfigError(f"{where}: unknown stage '{name}' (known: {', '.join(sorted(STAGES))})")
    params = check_options(params, kind.options(), f"{where}.{name}")
    for key, fn in kind.nested.items():
        if params.get(key) is not None:
            check_options(params[key], options_of(fn, keyword_only=True), f"{where}.{name}.{key}")
    sources = params.pop("sources", None)
    try:
        stage = kind.build(**params)
    except (ConfigError, TypeError, ValueError, OSError) as exc:
        # Constructors name the stage (``langid.model: ...``) or not; either way: the YAML path.
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        prefix = f"{where}." if message.startswith(f"{name}.") else f"{where}.{name}: "
        raise ConfigError(prefix + message) from None
    stage.name = name
    if sources is None:
        return stage
    if isinstance(stage, GlobalStage):
        raise ConfigError(f"{where}.{name}.sources: a corpus-wide stage runs on every source")
    return SourceScopedStage(stage, sources)
