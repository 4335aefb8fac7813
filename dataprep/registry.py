"""The one table of stage names usable in YAML, and building a stage from its config entry.

Each entry says how to build the stage and which functions declare its options: the keyword
parameters of those functions, with their type hints and defaults, are the stage's options
(``dataprep.options`` checks them; ``dataprep schema`` and ``docs/config.md`` list them). A
stage gains an option by gaining a typed keyword parameter; nothing here changes. Python users
need no entry: ``Pipeline(stages=[...])`` takes stage objects and functions directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any

from annotated_types import MinLen

from dataprep.dedup.decontaminate import DecontaminateStage
from dataprep.dedup.exact import ExactDedupStage
from dataprep.dedup.lines import LineDedupStage
from dataprep.dedup.minhash import MinHashDedupStage
from dataprep.errors import ConfigError
from dataprep.extract import ExtractStage
from dataprep.filters import (
    C4Stage,
    QualityClassifierStage,
    c4_clean,
    fineweb,
    fineweb_signals,
    gopher_quality,
    gopher_quality_signals,
    gopher_repetition,
    gopher_repetition_signals,
    residue,
    residue_signals,
)
from dataprep.filters.url import UrlFilterStage
from dataprep.langid import LangIdStage
from dataprep.options import Option, check_options, options_of
from dataprep.pii import PiiStage
from dataprep.stages import FilterStage, GlobalStage, SourceScopedStage
from dataprep.tokenization.stage import TokenizeStage, TrainedTokenizeStage, tokenize_stage
from dataprep.tokenization.train import train_tokenizer


def _signals_option(*, signals: bool = False) -> None:
    """Declares ``signals``: also store the metrics behind the decision as a column."""


def _sources_option(*, sources: Annotated[list[str], MinLen(1)] | None = None) -> None:
    """Declares ``sources``: run the stage on rows of these input sources only."""


@dataclass(frozen=True)
class StageType:
    """How to build a stage from YAML, and the functions whose keyword parameters are its
    options (default: the constructor itself; for a name declared twice, the first wins)."""

    build: Callable[..., Any]
    declared_by: tuple[Callable[..., Any], ...] = ()
    corpus_wide: bool = False
    # Mapping-valued options whose keys are another function's keyword parameters.
    nested: Mapping[str, Callable[..., Any]] = field(default_factory=dict)

    def options(self) -> dict[str, Option]:
        declared = self.declared_by or (self.build,)
        found: dict[str, Option] = {}
        for fn in declared:  # the first declaration of a name wins
            for name, option in options_of(fn).items():
                found.setdefault(name, option)
        if not self.corpus_wide:
            found.update(options_of(_sources_option))
        return found


def filter_type(name: str, fn: Callable[..., str | None],
                signals_fn: Callable[..., dict[str, float]] | None = None) -> StageType:
    """The entry of a pure filter ``fn``: its keyword parameters are the stage's options (and
    ``signals`` when there is a ``signals_fn``)."""
    declared = (fn, _signals_option) if signals_fn is not None else (fn,)
    return StageType(partial(FilterStage, name, fn, signals_fn=signals_fn), declared)


STAGES: dict[str, StageType] = {
    "extract": StageType(ExtractStage),
    "url_filter": StageType(UrlFilterStage),
    "langid": StageType(LangIdStage),
    "gopher_repetition": filter_type("gopher_repetition", gopher_repetition,
                                 gopher_repetition_signals),
    "gopher_quality": filter_type("gopher_quality", gopher_quality, gopher_quality_signals),
    "c4": StageType(C4Stage, (c4_clean,)),
    "fineweb": filter_type("fineweb", fineweb, fineweb_signals),
    "residue": filter_type("residue", residue, residue_signals),
    "quality_classifier": StageType(QualityClassifierStage),
    "exact_dedup": StageType(ExactDedupStage, corpus_wide=True),
    "minhash_dedup": StageType(MinHashDedupStage, corpus_wide=True),
    "line_dedup": StageType(LineDedupStage, corpus_wide=True),
    "decontaminate": StageType(DecontaminateStage),
    "pii": StageType(PiiStage),
    "tokenize": StageType(tokenize_stage, (tokenize_stage, TokenizeStage, TrainedTokenizeStage),
                          nested={"train": train_tokenizer}),
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
