"""Model-based quality filtering with a fastText supervised classifier.

The GPT-3 / DCLM recipe: a linear classifier on word n-grams, trained to separate reference
text (e.g. Wikipedia, curated instructions) from random web pages, scores every document; pages
under a threshold are dropped (DCLM-Baseline kept pages scoring at least 0.018112 for its
``__label__hq`` label; Li et al. 2024, "DataComp-LM", section 4.4). ``dataprep
train-quality-classifier`` (``dataprep.filters.train_classifier``) trains such a model.

Models are loaded once per process and cached by path (``dataprep.langid.load_model``), so
every batch a worker handles reuses the same model.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from dataprep.errors import ConfigError
from dataprep.langid import load_model, one_line
from dataprep.schema import mark_dropped, set_column


def quality_scores(texts: Sequence[str], model, label: str) -> np.ndarray:
    """Probability that ``model`` gives ``label`` to each text (float32), in one fastText call.

    Texts are scored as one line (newlines become spaces), as they are trained.
    """
    labels, probs = model.predict([one_line(t) for t in texts], k=-1, threshold=0.0)
    scores = np.zeros(len(texts), dtype=np.float32)
    for i, (names, values) in enumerate(zip(labels, probs, strict=True)):
        for name, prob in zip(names, values, strict=True):
            if name == label:
                scores[i] = min(float(prob), 1.0)  # fastText can overshoot 1 by rounding
                break
    return scores


def quality_score(text: str, model, label: str) -> float:
    """Probability that ``model`` gives ``label`` to ``text``."""
    return float(quality_scores([text], model, label)[0])


class QualityClassifierStage:
    """Scores each document with a fastText classifier and drops low scores.

    Adds a ``quality_score`` float32 column (the probability of ``label``) and marks rows
    scoring below ``threshold`` with reason ``low_quality``.

    Args:
        model_path: a fastText supervised model (``.bin`` or quantised ``.ftz``).
        label: the label that means "good", e.g. ``__label__hq`` (DCLM, and the positive label
            of ``dataprep train-quality-classifier``).
        threshold: minimum probability of ``label`` to keep a document; 0.5 keeps what the
            classifier labels ``label`` in a binary model.
    """

    def __init__(self, model_path: str, *, label: str = "__label__hq",
                 threshold: float = 0.5, name: str = "quality_classifier"):
        if not os.path.isfile(model_path):
            raise ConfigError(f"{name}: model_path '{model_path}' does not exist")
        labels = load_model(model_path).get_labels()
        if label not in labels:
            raise ConfigError(f"{name}: label '{label}' is not one of {sorted(labels)}")
        self.name = name
        self.model_path = model_path
        self.label = label
        self.threshold = threshold

    def __call__(self, table: pa.Table) -> pa.Table:
        texts = [t or "" for t in table.column("text").to_pylist()]
        scores = quality_scores(texts, load_model(self.model_path), self.label)
        table = set_column(table, "quality_score", pa.array(scores, pa.float32()))
        reasons = [None if s >= self.threshold else "low_quality" for s in scores]
        return mark_dropped(table, reasons, self.name)
