"""Quality filters: pure functions on one document's text, their metrics, and model stages.

Each heuristic filter is ``fn(text, *, lang=None, <thresholds>) -> str | None`` (a drop reason or
``None``); ``*_signals`` functions return the metrics behind the decision. Language-aware word
splitting lives in ``dataprep.filters.text``; published thresholds per language in
``dataprep.filters.languages``.
"""

from dataprep.filters.c4 import C4Stage, c4_clean
from dataprep.filters.classifier import QualityClassifierStage
from dataprep.filters.fineweb import fineweb, fineweb_signals
from dataprep.filters.gopher import (
    gopher_quality,
    gopher_quality_signals,
    gopher_repetition,
    gopher_repetition_signals,
)
from dataprep.filters.residue import residue, residue_signals
from dataprep.filters.text import count_sentences, split_sentences, split_words

__all__ = [
    "C4Stage",
    "QualityClassifierStage",
    "c4_clean",
    "count_sentences",
    "fineweb",
    "fineweb_signals",
    "gopher_quality",
    "gopher_quality_signals",
    "gopher_repetition",
    "gopher_repetition_signals",
    "residue",
    "residue_signals",
    "split_sentences",
    "split_words",
]
