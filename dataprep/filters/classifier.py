"""Model-based quality filtering with a fastText supervised classifier.

The GPT-3 / DCLM recipe: a linear classifier on word n-grams, trained to separate reference
text (e.g. Wikipedia, curated instructions) from random web pages, scores every document; pages
under a threshold are dropped (DCLM-Baseline kept pages scoring at least 0.018112 for its
``__label__hq`` label; Li et al. 2024, "DataComp-LM", section 4.4).

Prediction uses ``fasttext-predict`` (the project's one fastText package). Models are loaded
once per process and cached by path, so every batch a worker handles reuses the same model.
"""

from __future__ import annotations

import os

import numpy as np
import pyarrow as pa

from dataprep.schema import mark_dropped, set_column
from dataprep.stages import ConfigError

_MODELS: dict[str, object] = {}


def load_model(path: str):
    """The fastText model at ``path``, loaded on first use in this process."""
    model = _MODELS.get(path)
    if model is None:
        import fasttext

        model = _MODELS[path] = fasttext.load_model(path)
    return model


def quality_score(text: str, model, label: str) -> float:
    """Probability that ``model`` gives ``label`` to ``text``.

    fastText predicts one line: newlines become spaces (it rejects text containing them).
    """
    labels, probs = model.predict(text.replace("\n", " "), k=-1, threshold=0.0)
    for name, prob in zip(labels, probs, strict=True):
        if name == label:
            return min(float(prob), 1.0)  # fastText can overshoot 1 by rounding
    return 0.0


class QualityClassifierStage:
    """Scores each document with a fastText classifier and drops low scores.

    Adds a ``quality_score`` float32 column (the probability of ``label``) and marks rows
    scoring below ``threshold`` with reason ``low_quality``.

    Args:
        model_path: a fastText supervised model (``.bin`` or quantised ``.ftz``).
        label: the label that means "good", e.g. ``__label__hq`` (DCLM) or
            ``__label__good``.
        threshold: minimum probability of ``label`` to keep a document; 0.5 keeps what the
            classifier labels ``label`` in a binary model.
    """

    def __init__(self, model_path: str, *, label: str = "__label__hq",
                 threshold: float = 0.5, name: str = "quality_classifier"):
        if not os.path.isfile(model_path):
            raise ConfigError(f"{name}: model_path '{model_path}' does not exist")
        # fasttext-predict has no label listing: predicting with k=-1 returns every label.
        labels = load_model(model_path).predict("", k=-1, threshold=0.0)[0]
        if label not in labels:
            raise ConfigError(f"{name}: label '{label}' is not one of {sorted(labels)}")
        self.name = name
        self.model_path = model_path
        self.label = label
        self.threshold = threshold

    def __call__(self, table: pa.Table) -> pa.Table:
        model = load_model(self.model_path)
        scores = np.array(
            [quality_score(t or "", model, self.label) for t in table.column("text").to_pylist()],
            dtype=np.float32,
        )
        table = set_column(table, "quality_score", pa.array(scores, pa.float32()))
        reasons = [None if s >= self.threshold else "low_quality" for s in scores]
        return mark_dropped(table, reasons, self.name)
