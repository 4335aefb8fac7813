"""Gopher's repetition and quality rules (Rae et al. 2021, arXiv:2112.11446, appendix A).

Thresholds are keyword-only; ``None`` means the published default for the document's language
(``dataprep.filters.languages``: Gopher's table A1 for English and unknown languages,
FineWeb-2's per-language configs for zh, ja, de, fr, es, ru). ``0`` switches a rule off, as in
datatrove and FineWeb-2's configs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dataprep.filters.gopher_repetition_ngrams import NGramIndex
from dataprep.filters.languages import stop_words_for, thresholds
from dataprep.filters.metrics import (
    alpha_words,
    duplicates,
    first_failure,
    non_symbol_words,
    pieces,
    stop_words_in,
)
from dataprep.filters.text import split_lines, split_paragraphs, split_words

NGramThresholds = Sequence[tuple[int, float]]
# A check: (signal name, value, drop reason if the value fails its threshold).
Check = tuple[str, float, str | None]
# Longest text gopher_repetition reads; gopher_quality reads longer texts in pieces this long.
MAX_CHARS = 1_000_000


def _over(value: float, limit: float | None) -> bool:
    return bool(limit) and value > limit


def _under(value: float, limit: float | None) -> bool:
    return bool(limit) and value < limit


def judged_prefix(text: str, max_chars: int) -> str:
    """The part of ``text`` gopher_repetition judges: all of it up to ``max_chars``
    characters, else its first ``max_chars`` characters cut after their last newline (or at
    the limit when that newline is in the first half)."""
    if not max_chars or len(text) <= max_chars:
        return text
    cut = text.rfind("\n", 0, max_chars) + 1
    return text[:cut if cut > max_chars // 2 else max_chars]


def _repetition_checks(text: str, lang: str | None, t: dict) -> Iterator[Check]:
    """gopher_repetition's metrics in rule order, each with the reason it gives."""
    size = max(len(text), 1)
    paragraphs = split_paragraphs(text)
    count, chars = duplicates(paragraphs)
    yield "dup_para_frac", count / len(paragraphs), \
        "dup_para_frac" if _over(count / len(paragraphs), t["dup_para_frac"]) else None
    yield "dup_para_char_frac", chars / size, \
        "dup_para_char_frac" if _over(chars / size, t["dup_para_char_frac"]) else None
    lines = split_lines(text)
    count, chars = duplicates(lines)
    yield "dup_line_frac", count / len(lines), \
        "dup_line_frac" if _over(count / len(lines), t["dup_line_frac"]) else None
    yield "dup_line_char_frac", chars / size, \
        "dup_line_char_frac" if _over(chars / size, t["dup_line_char_frac"]) else None
    ngrams = NGramIndex(split_words(text, lang))
    for n, frac in t["top_n_grams"]:
        value = ngrams.top_chars(n) / size
        yield f"top_{n}_gram", value, f"top_{n}_gram" if _over(value, frac) else None
    for n, frac in t["dup_n_grams"]:
        value = ngrams.dup_chars(n) / size
        yield f"dup_{n}_gram", value, f"dup_{n}_gram" if _over(value, frac) else None


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
    max_chars: int = MAX_CHARS,
) -> str | None:
    """Drop documents that repeat lines, paragraphs or word n-grams (Gopher table A1).

    Paragraphs are separated by blank lines, lines by newlines; character fractions are over
    ``len(text)``; n-grams are over ``split_words(text, lang)`` (jieba words for Chinese).
    Published defaults (English): ``dup_para_frac`` 0.30, ``dup_para_char_frac`` 0.20,
    ``dup_line_frac`` 0.30, ``dup_line_char_frac`` 0.20, ``top_n_grams`` ((2, 0.20),
    (3, 0.18), (4, 0.16)) — share of characters in the most frequent n-gram —, ``dup_n_grams``
    ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)) — share of characters
    in repeated n-grams. FineWeb-2 values replace them for zh, ja, de, fr, es, ru.

    A text longer than ``max_chars`` (1,000,000; 0 = no limit) is judged on its first
    ``max_chars`` characters, cut after a newline (``judged_prefix``), which bounds the memory
    a huge document takes.

    Reasons: ``empty``, ``dup_para_frac``, ``dup_para_char_frac``, ``dup_line_frac``,
    ``dup_line_char_frac``, ``top_{n}_gram``, ``dup_{n}_gram``.
    """
    if not text:
        return "empty"
    t = _repetition_thresholds(lang, locals())
    return first_failure(_repetition_checks(judged_prefix(text, max_chars), lang, t))


def _repetition_thresholds(lang: str | None, given: dict) -> dict:
    names = ("dup_line_frac", "dup_para_frac", "dup_line_char_frac", "dup_para_char_frac",
             "top_n_grams", "dup_n_grams")
    return thresholds("gopher_repetition", lang, {name: given[name] for name in names})


def gopher_repetition_signals(
    text: str,
    *,
    lang: str | None = None,
    dup_line_frac: float | None = None,
    dup_para_frac: float | None = None,
    dup_line_char_frac: float | None = None,
    dup_para_char_frac: float | None = None,
    top_n_grams: NGramThresholds | None = None,
    dup_n_grams: NGramThresholds | None = None,
    max_chars: int = MAX_CHARS,
) -> dict[str, float]:
    """The metrics ``gopher_repetition`` thresholds, from the same computation and with the
    same parameters (the n-gram sizes of ``top_n_grams`` / ``dup_n_grams`` name the keys)."""
    t = _repetition_thresholds(lang, locals())
    return {name: value for name, value, _ in
            _repetition_checks(judged_prefix(text, max_chars), lang, t)}


def _is_bullet(line: str) -> bool:
    return line.lstrip().startswith(("•", "-"))


def _ends_with_ellipsis(line: str) -> bool:
    return line.rstrip().endswith(("...", "…"))


def _quality_counts(text: str, lang: str | None, stops: frozenset[str]) -> dict[str, float]:
    """The sums gopher_quality's ratios are made of, over ``text`` read in pieces of
    ``MAX_CHARS`` cut after newlines (every count adds up over such pieces, so the result is
    the same as in one go, with the memory of one piece)."""
    totals = dict.fromkeys(("words", "content", "content_chars", "alpha", "hashes",
                            "ellipses", "lines", "bullets", "ellipsis_lines"), 0)
    found: set[str] = set()
    for piece in pieces(text, MAX_CHARS):
        words = split_words(piece, lang)
        content = non_symbol_words(words)
        lines = piece.splitlines()
        totals["words"] += len(words)
        totals["content"] += len(content)
        totals["content_chars"] += sum(map(len, content))
        totals["alpha"] += alpha_words(words)
        totals["hashes"] += piece.count("#")
        totals["ellipses"] += piece.count("...") + piece.count("…")
        totals["lines"] += len(lines)
        totals["bullets"] += sum(1 for line in lines if _is_bullet(line))
        totals["ellipsis_lines"] += sum(1 for line in lines if _ends_with_ellipsis(line))
        found |= stop_words_in(words, stops)
    totals["stop_words"] = len(found)
    return totals


def _quality_checks(text: str, lang: str | None, t: dict, stops: frozenset[str]
                    ) -> Iterator[Check]:
    """gopher_quality's metrics in rule order, each with the reason it gives."""
    c = _quality_counts(text, lang, stops)
    words = c["content"]
    yield "doc_words", float(words), "short_doc" if _under(words, t["min_doc_words"]) \
        else "long_doc" if _over(words, t["max_doc_words"]) else None
    mean = c["content_chars"] / words if words else 0.0
    # Without words nothing below is defined (only reachable with the word-count rules off).
    yield "avg_word_length", mean, None if not words else \
        "short_words" if _under(mean, t["min_avg_word_length"]) \
        else "long_words" if _over(mean, t["max_avg_word_length"]) else None
    n_words = max(c["words"], 1)
    symbol_limit = t["max_symbol_word_ratio"] if words else 0
    yield "hash_ratio", c["hashes"] / n_words, \
        "hash_ratio" if _over(c["hashes"] / n_words, symbol_limit) else None
    yield "ellipsis_ratio", c["ellipses"] / n_words, \
        "ellipsis_ratio" if _over(c["ellipses"] / n_words, symbol_limit) else None
    n_lines = max(c["lines"], 1)
    yield "bullet_lines", c["bullets"] / n_lines, "bullet_lines" \
        if words and _over(c["bullets"] / n_lines, t["max_bullet_lines_ratio"]) else None
    yield "ellipsis_lines", c["ellipsis_lines"] / n_lines, "ellipsis_lines" \
        if words and _over(c["ellipsis_lines"] / n_lines, t["max_ellipsis_lines_ratio"]) else None
    yield "alpha_words", c["alpha"] / n_words, "alpha_words" \
        if words and _under(c["alpha"] / n_words, t["min_alpha_words_ratio"]) else None
    yield "stop_words", float(c["stop_words"]), "stop_words" \
        if words and stops and _under(c["stop_words"], t["min_stop_words"]) else None


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
    t = _quality_thresholds(lang, locals())
    return first_failure(_quality_checks(text, lang, t, _stops(lang, stop_words)))


def _quality_thresholds(lang: str | None, given: dict) -> dict:
    names = ("min_doc_words", "max_doc_words", "min_avg_word_length", "max_avg_word_length",
             "max_symbol_word_ratio", "max_bullet_lines_ratio", "max_ellipsis_lines_ratio",
             "min_alpha_words_ratio", "min_stop_words")
    return thresholds("gopher_quality", lang, {name: given[name] for name in names})


def _stops(lang: str | None, stop_words: Sequence[str] | None) -> frozenset[str]:
    return frozenset(stop_words) if stop_words is not None else stop_words_for(lang)


def gopher_quality_signals(
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
) -> dict[str, float]:
    """The metrics ``gopher_quality`` thresholds, from the same computation and with the same
    parameters (``stop_words`` counts the given list)."""
    t = _quality_thresholds(lang, locals())
    return {name: value for name, value, _ in
            _quality_checks(text, lang, t, _stops(lang, stop_words))}
