"""Published thresholds and stop words per language, and how a filter resolves them.

English (and any language without a row here) uses the defaults of the original recipes:
Gopher (Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training
Gopher", appendix A, table A1), C4 (Raffel et al. 2020, section 2.2) and FineWeb (Penedo et al.
2024, section 3.3; datatrove ``FineWebQualityFilter``).

zh, ja, de, fr, es and ru use the per-language values FineWeb-2 published
(github.com/huggingface/fineweb-2, ``configs/<lang>_<script>.yml``; cmn_Hani, deu_Latn, fra_Latn,
rus_Cyrl at commit 05e6729, jpn_Jpan and spa_Latn at commit d331bee), applied the way its
pipeline applies them: the Gopher paragraph and character-fraction repetition rules are
switched off (0), FineWeb's short-line rule is off and its duplicate-character ratio is 0.1.
"""

from __future__ import annotations

from typing import Any

# Gopher's stop-word rule: "at least two of the following English words".
GOPHER_STOP_WORDS = ("the", "be", "to", "of", "and", "that", "have", "with")

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(GOPHER_STOP_WORDS),
    # FineWeb-2's lists: the most frequent words of each language's reference corpus.
    "zh": frozenset("的 年 在 月 是 和 日 了 於 · 為 有 被 人 中 为 他 與 後 也 而 由".split()),
    "ja": frozenset("の に を は た て が と で 年 し ・ 月 れ さ".split()),
    "de": frozenset("der und die in von im den des mit das er dem als wurde für".split()),
    "fr": frozenset("de la le et à en l' des du les est d' un une il dans par au".split()),
    "es": frozenset("de la en el y a que del los se por un con una las su".split()),
    "ru": frozenset(
        "в и на с года по году из был к не от что за для его как а он также до после".split()
    ),
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "gopher_repetition": {
        "dup_line_frac": 0.3,
        "dup_para_frac": 0.3,
        "dup_line_char_frac": 0.2,
        "dup_para_char_frac": 0.2,
        "top_n_grams": ((2, 0.2), (3, 0.18), (4, 0.16)),
        "dup_n_grams": ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)),
    },
    "gopher_quality": {
        "min_doc_words": 50,
        "max_doc_words": 100_000,
        "min_avg_word_length": 3,
        "max_avg_word_length": 10,
        "max_symbol_word_ratio": 0.1,
        "max_bullet_lines_ratio": 0.9,
        "max_ellipsis_lines_ratio": 0.3,
        "min_alpha_words_ratio": 0.8,
        "min_stop_words": 2,
    },
    "fineweb": {
        "line_punct_thr": 0.12,
        "short_line_thr": 0.67,
        "short_line_length": 30,
        "char_duplicates_ratio": 0.01,
        "new_line_ratio": 0.3,
    },
}


def _fineweb2(
    dup_line_frac: float,
    top: tuple[float, float, float],
    dup: tuple[float, float, float, float, float, float],
    line_punct_thr: float,
    avg_word_length: tuple[float, float],
    min_alpha_words_ratio: float,
    new_line_ratio: float,
) -> dict[str, dict[str, Any]]:
    """One FineWeb-2 language config, spread over the three rule sets it parameterises."""
    return {
        "gopher_repetition": {
            "dup_line_frac": dup_line_frac,
            "dup_para_frac": 0,
            "dup_line_char_frac": 0,
            "dup_para_char_frac": 0,
            "top_n_grams": tuple(zip((2, 3, 4), top, strict=True)),
            "dup_n_grams": tuple(zip((5, 6, 7, 8, 9, 10), dup, strict=True)),
        },
        "gopher_quality": {
            "min_avg_word_length": avg_word_length[0],
            "max_avg_word_length": avg_word_length[1],
            "min_alpha_words_ratio": min_alpha_words_ratio,
        },
        "fineweb": {
            "line_punct_thr": line_punct_thr,
            "short_line_thr": 0,
            "char_duplicates_ratio": 0.1,
            "new_line_ratio": new_line_ratio,
        },
    }


LANG_THRESHOLDS: dict[str, dict[str, dict[str, Any]]] = {
    "zh": _fineweb2(0.287, (0.256, 0.201, 0.171), (0.198, 0.182, 0.167, 0.154, 0.14, 0.127),
                    0.106, (1, 5), 0.735, 0.178),
    "ja": _fineweb2(0.328, (0.239, 0.196, 0.172), (0.243, 0.225, 0.207, 0.19, 0.175, 0.159),
                    0.096, (1, 6), 0.759, 0.13),
    "de": _fineweb2(0.263, (0.169, 0.153, 0.137), (0.141, 0.134, 0.126, 0.117, 0.108, 0.098),
                    0.0, (0, 15), 0.774, 0.152),
    "fr": _fineweb2(0.264, (0.161, 0.149, 0.134), (0.15, 0.141, 0.131, 0.121, 0.111, 0.1),
                    0.1, (2, 11), 0.812, 0.185),
    "es": _fineweb2(0.252, (0.156, 0.14, 0.125), (0.145, 0.136, 0.127, 0.117, 0.108, 0.099),
                    0.182, (3, 14), 0.825, 0.138),
    "ru": _fineweb2(0.322, (0.184, 0.164, 0.146), (0.168, 0.156, 0.145, 0.133, 0.121, 0.109),
                    0.231, (3, 11), 0.713, 0.139),
}


def thresholds(rule: str, lang: str | None, given: dict[str, Any]) -> dict[str, Any]:
    """The thresholds ``rule`` applies to a ``lang`` document.

    Order of precedence: the caller's values that are not ``None``, then the language's
    published values, then the rule's published (English) defaults.
    """
    resolved = dict(DEFAULTS[rule])
    if lang in LANG_THRESHOLDS:
        resolved.update(LANG_THRESHOLDS[lang][rule])
    resolved.update((k, v) for k, v in given.items() if v is not None)
    return resolved


def stop_words_for(lang: str | None) -> frozenset[str]:
    """Stop words of ``lang``: English when the language is unknown (``None``, as the recipes
    assume English), empty (rule skipped) for a language without a list."""
    if lang is None:
        return STOP_WORDS["en"]
    return STOP_WORDS.get(lang, frozenset())
