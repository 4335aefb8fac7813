"""Language identification with fastText (``lid.176``).

The default model is the compressed ``lid.176.ftz`` (fastText's language identification model,
Joulin et al. 2016/2017, CC BY-SA 3.0; see ``dataprep/resources/README.md``), shipped inside
this package; ``model`` may point at the bigger ``lid.176.bin`` (or any fastText LID model with
``__label__xx`` labels). The model is loaded once per process.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from typing import Annotated, Literal

import pyarrow as pa
from pydantic import Field

from dataprep.errors import ConfigError
from dataprep.schema import mark_dropped, set_column

# A fastText probability.
Score = Annotated[float, Field(ge=0, le=1)]

# fastText predicts on one line (it rejects "\n"); lid.176 was trained on text without newlines.
_NEWLINES = str.maketrans({"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "})


def one_line(text: str) -> str:
    """``text`` with line and paragraph breaks as spaces: what fastText trains and predicts on."""
    return text.translate(_NEWLINES)


def default_model_path() -> str:
    """The ``lid.176.ftz`` shipped in ``dataprep/resources``."""
    # A package installed as files (wheel or editable), so the resource has a real path.
    return str(resources.files("dataprep") / "resources" / "lid.176.ftz")


# First bytes of every fastText model file: the format's magic number and version 12 (int32s).
FASTTEXT_HEADER = (793712314).to_bytes(4, "little") + (12).to_bytes(4, "little")


def check_model(path: str) -> None:
    """Raise ``ConfigError`` (``langid.model: ...``) unless ``path`` is a fastText model that
    loads: when the pipeline is built, not in every unit."""
    if not os.path.isfile(path):
        raise ConfigError(f"langid.model: {path}: no such file")
    with open(path, "rb") as f:
        header = f.read(len(FASTTEXT_HEADER))
    if header != FASTTEXT_HEADER:
        raise ConfigError(f"langid.model: {path}: not a fastText model (.bin or .ftz)")
    try:
        load_model(path)
    except (ValueError, RuntimeError, MemoryError) as exc:
        raise ConfigError(f"langid.model: {path}: not a loadable fastText model "
                          f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
                          ) from None


@lru_cache(maxsize=8)
def load_model(path: str):
    """The fastText model at ``path``, loaded once per process (every batch of a worker)."""
    import fasttext

    return fasttext.load_model(path)


def detect_languages(texts: list[str], *, model: str | None = None
                     ) -> list[tuple[str, float]]:
    """(ISO 639 code, probability) of the most likely language of each text, in one call."""
    ft = load_model(model or default_model_path())
    labels, scores = ft.predict([one_line(t) for t in texts], k=1)
    # fastText can overshoot 1 by rounding; an empty label list means the model abstained.
    return [(lab[0].removeprefix("__label__"), float(min(sc[0], 1.0))) if len(lab)
            else ("unknown", 0.0) for lab, sc in zip(labels, scores, strict=True)]


def detect_language(text: str, *, model: str | None = None) -> tuple[str, float]:
    """(ISO 639 code, probability) of the most likely language of ``text``."""
    return detect_languages([text], model=model)[0]


# FineWeb's English threshold: the minimum score with ``min_score="fineweb2"`` for a language
# without a FineWeb-2 config (en) and the default when ``languages`` is given.
FINEWEB_MIN_SCORE = 0.65


class LangIdStage:
    """Adds ``lang`` and ``lang_score``; with ``languages`` set, drops other languages.

    ``min_score`` is the minimum ``lang_score`` a document keeps:

    * ``None`` (the default): 0.65 (FineWeb's) when ``languages`` is given, no minimum
      otherwise;
    * a number, or a per-language mapping with an optional ``default`` key;
    * ``"fineweb2"``: each language's ``language_score`` from FineWeb-2's configs
      (``dataprep.filters.languages``; e.g. uk 0.9, zh 0.692, th 0.9), 0.65 for English and
      the fallback median (0.658) for a label without a config (``unknown``). FineWeb-2
      calibrated them on GlotLID's scores, not on lid.176's; ``benchmarks/bench_languages.py``
      measures what they keep of real prose.

    Drop reasons: ``wrong_language``, ``low_score``.
    """

    name = "langid"

    def __init__(self, *, languages: Annotated[list[str], Field(min_length=1)] | None = None,
                 min_score: Score | dict[str, Score] | Literal["fineweb2"] | None = None,
                 model: str | None = None, max_chars: Annotated[int, Field(ge=1)] = 20_000):
        self.model = model or default_model_path()
        check_model(self.model)
        if languages is not None and not isinstance(languages, list):
            raise ConfigError("langid.languages: expected a list of language codes")
        self.languages = set(languages) if languages else None
        if min_score is None and self.languages is not None:
            min_score = FINEWEB_MIN_SCORE
        self.fineweb2_scores = min_score == "fineweb2"
        if self.fineweb2_scores:
            self.min_scores = {"default": FINEWEB_MIN_SCORE}
        elif isinstance(min_score, str):
            raise ConfigError(f"langid.min_score: expected a number, a mapping or 'fineweb2', "
                              f"got {min_score!r}")
        elif isinstance(min_score, dict):
            self.min_scores = {str(k): float(v) for k, v in min_score.items()}
        elif min_score is None:
            self.min_scores = {}
        else:
            self.min_scores = {"default": float(min_score)}
        self.max_chars = max_chars

    def _threshold(self, lang: str) -> float:
        if lang not in self.min_scores and self.fineweb2_scores:
            # Imported here: dataprep.filters imports this module (the quality classifier).
            from dataprep.filters.languages import fineweb2_config

            config = fineweb2_config(lang)
            self.min_scores[lang] = (FINEWEB_MIN_SCORE if config is None
                                     else float(config["language_score"]))
        return self.min_scores.get(lang, self.min_scores.get("default", 0.0))

    def __call__(self, table: pa.Table) -> pa.Table:
        texts = [(t or "")[: self.max_chars] for t in table.column("text").to_pylist()]
        langs: list[str] = []
        scores: list[float] = []
        reasons: list[str | None] = []
        for lang, score in detect_languages(texts, model=self.model):
            langs.append(lang)
            scores.append(score)
            if self.languages is not None and lang not in self.languages:
                reasons.append("wrong_language")
            elif score < self._threshold(lang):
                reasons.append("low_score")
            else:
                reasons.append(None)
        table = set_column(table, "lang", pa.array(langs, pa.string()))
        table = set_column(table, "lang_score", pa.array(scores, pa.float32()))
        return mark_dropped(table, reasons, self.name)
