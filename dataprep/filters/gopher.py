"""Gopher's repetition and quality rules (Rae et al. 2021, arXiv:2112.11446, appendix A).

Thresholds are keyword-only; ``None`` means the published default for the document's language
(``dataprep.filters.languages``: Gopher's table A1 for English and unknown languages,
FineWeb-2's per-language configs for zh, ja, de, fr, es, ru). ``0`` switches a rule off, as in
datatrove and FineWeb-2's configs.
"""

from __future__ import annotations

from collections.abc import Sequence

from dataprep.filters.languages import stop_words_for, thresholds
from dataprep.filters.metrics import (
    alpha_words,
    dup_ngram_chars,
    duplicates,
    line_fraction,
    non_symbol_words,
    stop_word_count,
    top_ngram_chars,
)
from dataprep.filters.text import split_lines, split_paragraphs, split_words

NGramThresholds = Sequence[tuple[int, float]]


def gopher_repetition(
    text: str,
    *,
    lang: str | None = None,
    dup_line_frac: float | None = None,
    dup_para_frac: float | None = None,
    dup_line_char_frac: float | None = None,
    dup_para_char_frac: float | None = None,
    top_n_grams: NGramThresholds | None = None,
    dup_n_grams: NGramThresholds | None = None,
) -> str | None:
    """Drop documents that repeat lines, paragraphs or word n-grams (Gopher table A1).

    Paragraphs are separated by blank lines, lines by newlines; character fractions are over
    ``len(text)``; n-grams are over ``split_words(text, lang)`` (jieba words for Chinese).
    Published defaults (English): ``dup_para_frac`` 0.30, ``dup_para_char_frac`` 0.20,
    ``dup_line_frac`` 0.30, ``dup_line_char_frac`` 0.20, ``top_n_grams`` ((2, 0.20),
    (3, 0.18), (4, 0.16)) — share of characters in the most frequent n-gram —, ``dup_n_grams``
    ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)) — share of characters
    in repeated n-grams. FineWeb-2 values replace them for zh, ja, de, fr, es, ru.

    Reasons: ``empty``, ``dup_para_frac``, ``dup_para_char_frac``, ``dup_line_frac``,
    ``dup_line_char_frac``, ``top_{n}_gram``, ``dup_{n}_gram``.
    """
    if not text:
        return "empty"
    t = thresholds("gopher_repetition", lang, {
        "dup_line_frac": dup_line_frac, "dup_para_frac": dup_para_frac,
        "dup_line_char_frac": dup_line_char_frac, "dup_para_char_frac": dup_para_char_frac,
        "top_n_grams": top_n_grams, "dup_n_grams": dup_n_grams,
    })
    size = len(text)
    paragraphs = split_paragraphs(text)
    count, chars = duplicates(paragraphs)
    if t["dup_para_frac"] and count / len(paragraphs) > t["dup_para_frac"]:
        return "dup_para_frac"
    if t["dup_para_char_frac"] and chars / size > t["dup_para_char_frac"]:
        return "dup_para_char_frac"
    lines = split_lines(text)
    count, chars = duplicates(lines)
    if t["dup_line_frac"] and count / len(lines) > t["dup_line_frac"]:
        return "dup_line_frac"
    if t["dup_line_char_frac"] and chars / size > t["dup_line_char_frac"]:
        return "dup_line_char_frac"
    words = split_words(text, lang)
    for n, frac in t["top_n_grams"]:
        if frac and top_ngram_chars(words, n) / size > frac:
            return f"top_{n}_gram"
    for n, frac in t["dup_n_grams"]:
        if frac and dup_ngram_chars(words, n) / size > frac:
            return f"dup_{n}_gram"
    return None


def gopher_repetition_signals(text: str, *, lang: str | None = None) -> dict[str, float]:
    """Every metric ``gopher_repetition`` thresholds, for storing as signal columns."""
    size = max(len(text), 1)
    paragraphs = split_paragraphs(text)
    lines = split_lines(text)
    para_count, para_chars = duplicates(paragraphs)
    line_count, line_chars = duplicates(lines)
    words = split_words(text, lang)
    signals = {
        "dup_para_frac": para_count / len(paragraphs),
        "dup_para_char_frac": para_chars / size,
        "dup_line_frac": line_count / len(lines),
        "dup_line_char_frac": line_chars / size,
    }
    signals.update({f"top_{n}_gram": top_ngram_chars(words, n) / size for n in (2, 3, 4)})
    signals.update({f"dup_{n}_gram": dup_ngram_chars(words, n) / size for n in range(5, 11)})
    return signals


def _is_bullet(line: str) -> bool:
    return line.lstrip().startswith(("•", "-"))


def _ends_with_ellipsis(line: str) -> bool:
    return line.rstrip().endswith(("...", "…"))


def gopher_quality(
    text: str,
    *,
    lang: str | None = None,
    min_doc_words: int | None = None,
    max_doc_words: int | None = None,
    min_avg_word_length: float | None = None,
    max_avg_word_length: float | None = None,
    max_symbol_word_ratio: float | None = None,
    max_bullet_lines_ratio: float | None = None,
    max_ellipsis_lines_ratio: float | None = None,
    min_alpha_words_ratio: float | None = None,
    min_stop_words: int | None = None,
    stop_words: Sequence[str] | None = None,
) -> str | None:
    """Drop documents failing Gopher's quality rules (Rae et al. 2021, appendix A.1.1).

    Words are ``split_words(text, lang)`` tokens; "non-symbol" words have a character that is
    not punctuation. Published defaults (English):

    * ``min_doc_words`` / ``max_doc_words`` 50 / 100,000 non-symbol words (``short_doc``,
      ``long_doc``);
    * ``min_avg_word_length`` / ``max_avg_word_length`` 3 / 10: mean length of non-symbol
      words (``short_words``, ``long_words``);
    * ``max_symbol_word_ratio`` 0.1: ``#`` per word (``hash_ratio``) and ``...``/``…`` per
      word (``ellipsis_ratio``);
    * ``max_bullet_lines_ratio`` 0.9: lines starting with ``•`` or ``-`` (``bullet_lines``);
    * ``max_ellipsis_lines_ratio`` 0.3: lines ending with an ellipsis (``ellipsis_lines``);
    * ``min_alpha_words_ratio`` 0.8: words with an alphabetic character (``alpha_words``);
    * ``min_stop_words`` 2 distinct of ``stop_words`` (``stop_words``); defaults to Gopher's
      eight English words, FineWeb-2's list for zh, ja, de, fr, es, ru; skipped for other
      languages (no list). Matched case-insensitively.

    zh, ja, de, fr, es, ru take FineWeb-2's word-length and alphabetic-word thresholds.
    """
    t = thresholds("gopher_quality", lang, {
        "min_doc_words": min_doc_words, "max_doc_words": max_doc_words,
        "min_avg_word_length": min_avg_word_length, "max_avg_word_length": max_avg_word_length,
        "max_symbol_word_ratio": max_symbol_word_ratio,
        "max_bullet_lines_ratio": max_bullet_lines_ratio,
        "max_ellipsis_lines_ratio": max_ellipsis_lines_ratio,
        "min_alpha_words_ratio": min_alpha_words_ratio, "min_stop_words": min_stop_words,
    })
    words = split_words(text, lang)
    content = non_symbol_words(words)
    if t["min_doc_words"] and len(content) < t["min_doc_words"]:
        return "short_doc"
    if t["max_doc_words"] and len(content) > t["max_doc_words"]:
        return "long_doc"
    if not content:  # nothing below is defined without words (only reachable with rules off)
        return None
    mean_length = sum(map(len, content)) / len(content)
    if t["min_avg_word_length"] and mean_length < t["min_avg_word_length"]:
        return "short_words"
    if t["max_avg_word_length"] and mean_length > t["max_avg_word_length"]:
        return "long_words"
    n_words = len(words)
    if t["max_symbol_word_ratio"]:
        if text.count("#") / n_words > t["max_symbol_word_ratio"]:
            return "hash_ratio"
        if (text.count("...") + text.count("…")) / n_words > t["max_symbol_word_ratio"]:
            return "ellipsis_ratio"
    lines = text.splitlines()
    if t["max_bullet_lines_ratio"] and \
            line_fraction(lines, _is_bullet) > t["max_bullet_lines_ratio"]:
        return "bullet_lines"
    if t["max_ellipsis_lines_ratio"] and \
            line_fraction(lines, _ends_with_ellipsis) > t["max_ellipsis_lines_ratio"]:
        return "ellipsis_lines"
    if t["min_alpha_words_ratio"] and alpha_words(words) / n_words < t["min_alpha_words_ratio"]:
        return "alpha_words"
    stops = frozenset(stop_words) if stop_words is not None else stop_words_for(lang)
    if t["min_stop_words"] and stops and stop_word_count(words, stops) < t["min_stop_words"]:
        return "stop_words"
    return None


def gopher_quality_signals(text: str, *, lang: str | None = None) -> dict[str, float]:
    """Every metric ``gopher_quality`` thresholds, for storing as signal columns."""
    words = split_words(text, lang)
    content = non_symbol_words(words)
    n_words = max(len(words), 1)
    lines = text.splitlines()
    return {
        "doc_words": float(len(content)),
        "avg_word_length": sum(map(len, content)) / len(content) if content else 0.0,
        "hash_ratio": text.count("#") / n_words,
        "ellipsis_ratio": (text.count("...") + text.count("…")) / n_words,
        "bullet_lines": line_fraction(lines, _is_bullet),
        "ellipsis_lines": line_fraction(lines, _ends_with_ellipsis),
        "alpha_words": alpha_words(words) / n_words,
        "stop_words": float(stop_word_count(words, stop_words_for(lang))),
    }
