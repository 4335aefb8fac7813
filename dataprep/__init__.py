"""dataprep: pretraining data-cleaning pipeline.

The public API is re-exported here lazily (PEP 562), so ``from dataprep.filters import ...`` in
a notebook does not import Ray or the readers.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Config": "dataprep.config",
    "load_config": "dataprep.config",
    "parse_config": "dataprep.config",
    "Pipeline": "dataprep.pipeline",
    "build_pipeline": "dataprep.pipeline",
    "STAGES": "dataprep.registry",
    "run_pipeline": "dataprep.run",
    "RunResult": "dataprep.run",
    "Stats": "dataprep.stats",
    "InlineExecutor": "dataprep.runners.inline",
    "RayExecutor": "dataprep.runners.ray",
    "FilterStage": "dataprep.stages",
    "MapStage": "dataprep.stages",
    "GlobalStage": "dataprep.stages",
    "ConfigError": "dataprep.errors",
    "BASE_SCHEMA": "dataprep.schema",
    "make_batch": "dataprep.schema",
    "extract_text": "dataprep.extract",
    "detect_language": "dataprep.langid",
    "detect_languages": "dataprep.langid",
    "gopher_quality": "dataprep.filters",
    "gopher_repetition": "dataprep.filters",
    "c4_clean": "dataprep.filters",
    "fineweb": "dataprep.filters",
    "residue": "dataprep.filters",
    "scrub_pii": "dataprep.pii",
    "find_pii": "dataprep.pii",
    "PiiStage": "dataprep.pii",
    "TokenizeStage": "dataprep.tokenization.stage",
    "train_tokenizer": "dataprep.tokenization.train",
    "TokenBatches": "dataprep.output.loader",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dataprep' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
