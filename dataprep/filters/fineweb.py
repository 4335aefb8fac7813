"""FineWeb's additional line-level quality rules (Penedo et al. 2024, "The FineWeb Datasets",
arXiv:2406.17557, section 3.3; datatrove ``FineWebQualityFilter``).

Thresholds are keyword-only; ``None`` means the published default for the document's language
(FineWeb's for English and unknown languages, FineWeb-2's for zh, ja, de, fr, es, ru); ``0``
switches a rule off.
"""

from __future__ import annotations

from dataprep.filters.languages import thresholds
from dataprep.filters.metrics import duplicates
from dataprep.filters.text import TERMINAL_PUNCTUATION, split_words

_STOP_CHARS = tuple(TERMINAL_PUNCTUATION)


def _non_empty_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


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
    t = thresholds("fineweb", lang, {
        "line_punct_thr": line_punct_thr, "short_line_thr": short_line_thr,
        "short_line_length": short_line_length, "char_duplicates_ratio": char_duplicates_ratio,
        "new_line_ratio": new_line_ratio,
    })
    lines = _non_empty_lines(text)
    if not lines:
        return "empty"
    punctuated = sum(1 for line in lines if line.endswith(_STOP_CHARS))
    if t["line_punct_thr"] and punctuated / len(lines) < t["line_punct_thr"]:
        return "line_punct_ratio"
    short = t["short_line_length"]
    if t["short_line_thr"] and \
            sum(1 for line in lines if len(line) <= short) / len(lines) > t["short_line_thr"]:
        return "short_line_ratio"
    if t["char_duplicates_ratio"] and \
            duplicates(lines)[1] / (len(text) - text.count("\n")) > t["char_duplicates_ratio"]:
        return "char_dup_ratio"
    if t["new_line_ratio"]:
        words = split_words(text, lang)
        if not words or text.count("\n") / len(words) > t["new_line_ratio"]:
            return "list_ratio"
    return None


def fineweb_signals(text: str, *, lang: str | None = None) -> dict[str, float]:
    """Every metric ``fineweb`` thresholds (with the default short-line length of 30)."""
    lines = _non_empty_lines(text)
    n_lines = max(len(lines), 1)
    chars = max(len(text) - text.count("\n"), 1)
    words = split_words(text, lang)
    return {
        "line_punct_ratio": sum(1 for line in lines if line.endswith(_STOP_CHARS)) / n_lines,
        "short_line_ratio": sum(1 for line in lines if len(line) <= 30) / n_lines,
        "char_dup_ratio": duplicates(lines)[1] / chars,
        "list_ratio": text.count("\n") / max(len(words), 1),
    }
