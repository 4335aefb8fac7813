"""FineWeb's additional line-level quality rules (Penedo et al. 2024, "The FineWeb Datasets",
arXiv:2406.17557, section 3.3; datatrove ``FineWebQualityFilter``).

Thresholds are keyword-only; ``None`` means the published default for the document's language
(FineWeb's for English and unknown languages, FineWeb-2's for zh, ja, de, fr, es, ru); ``0``
switches a rule off.
"""

from __future__ import annotations

from collections.abc import Iterator

from dataprep.filters.languages import thresholds
from dataprep.filters.metrics import duplicates, first_failure, pieces
from dataprep.filters.text import TERMINAL_PUNCTUATION, split_words

_STOP_CHARS = tuple(TERMINAL_PUNCTUATION)
# Texts longer than this are split into words piece by piece (same count, bounded memory).
_PIECE_CHARS = 1_000_000


def _non_empty_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _checks(text: str, lang: str | None, t: dict) -> Iterator[tuple[str, float, str | None]]:
    """FineWeb's metrics in rule order, each with the reason it gives."""
    lines = _non_empty_lines(text)
    n_lines = max(len(lines), 1)
    ratio = sum(1 for line in lines if line.endswith(_STOP_CHARS)) / n_lines
    yield "line_punct_ratio", ratio, \
        "line_punct_ratio" if t["line_punct_thr"] and ratio < t["line_punct_thr"] else None
    short = t["short_line_length"]
    ratio = sum(1 for line in lines if len(line) <= short) / n_lines
    yield "short_line_ratio", ratio, \
        "short_line_ratio" if t["short_line_thr"] and ratio > t["short_line_thr"] else None
    ratio = duplicates(lines)[1] / max(len(text) - text.count("\n"), 1)
    yield "char_dup_ratio", ratio, "char_dup_ratio" \
        if t["char_duplicates_ratio"] and ratio > t["char_duplicates_ratio"] else None
    words = sum(len(split_words(piece, lang)) for piece in pieces(text, _PIECE_CHARS))
    ratio = text.count("\n") / max(words, 1)
    yield "list_ratio", ratio, "list_ratio" \
        if t["new_line_ratio"] and (not words or ratio > t["new_line_ratio"]) else None


def _thresholds(lang: str | None, given: dict) -> dict:
    names = ("line_punct_thr", "short_line_thr", "short_line_length", "char_duplicates_ratio",
             "new_line_ratio")
    return thresholds("fineweb", lang, {name: given[name] for name in names})


def fineweb(
    text: str,
    *,
    lang: str | None = None,
    line_punct_thr: float | None = None,
    short_line_thr: float | None = None,
    short_line_length: int | None = None,
    char_duplicates_ratio: float | None = None,
    new_line_ratio: float | None = None,
) -> str | None:
    """Drop list-like, boilerplate-like pages by their line statistics.

    Over the non-empty lines, published defaults (English):

    * ``line_punct_thr`` 0.12: drop when fewer lines end in terminal punctuation
      (``.!?`` and CJK ``。！？`` ...) (``line_punct_ratio``);
    * ``short_line_thr`` 0.67 with ``short_line_length`` 30: drop when more lines have at most
      30 characters (``short_line_ratio``);
    * ``char_duplicates_ratio`` 0.01: characters in lines repeating an earlier line, over the
      characters without newlines (``char_dup_ratio``);
    * ``new_line_ratio`` 0.3: newlines per word, words from ``split_words`` (``list_ratio``).

    Also ``empty`` for a text without a non-blank line.
    """
    if not _non_empty_lines(text):
        return "empty"
    return first_failure(_checks(text, lang, _thresholds(lang, locals())))


def fineweb_signals(
    text: str,
    *,
    lang: str | None = None,
    line_punct_thr: float | None = None,
    short_line_thr: float | None = None,
    short_line_length: int | None = None,
    char_duplicates_ratio: float | None = None,
    new_line_ratio: float | None = None,
) -> dict[str, float]:
    """The metrics ``fineweb`` thresholds, from the same computation and with the same
    parameters (``short_line_ratio`` counts lines of at most ``short_line_length``)."""
    return {name: value for name, value, _ in _checks(text, lang, _thresholds(lang, locals()))}
