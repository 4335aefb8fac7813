"""Published thresholds and stop words per language, and how a filter resolves them.

Three kinds of rule set, chosen by the document's ``lang`` (``rule_set(lang)`` names it):

* ``"english"``, for ``en`` and for documents without a language (``None``): the defaults of
  the original recipes: Gopher (Rae et al. 2021, "Scaling Language Models: Methods, Analysis &
  Insights from Training Gopher", appendix A, table A1), C4 (Raffel et al. 2020, section 2.2)
  and FineWeb (Penedo et al. 2024, section 3.3; datatrove ``FineWebQualityFilter``).
* ``"<iso639-3>_<script>"`` (``"ukr_Cyrl"``) for every other ``lid.176`` label: the values
  FineWeb-2 published for that language (github.com/huggingface/fineweb-2,
  ``configs/<name>.yml``, Apache-2.0; shipped in ``resources/fineweb2_filters.json``, the label
  mapping is ``dataprep.filters.lid176``), applied the way its pipeline applies them: the
  Gopher paragraph and character-fraction repetition rules are off (0), FineWeb's
  duplicate-character ratio is 0.1, and at least 2 of the language's stop words are required.
  One deliberate difference: FineWeb's short-line rule (more than 0.67 of the lines at most 30
  characters long) stays on, where FineWeb-2 switched it off. FineWeb-2 runs no C4 filter; in
  our default chain C4 runs before FineWeb and leaves link lists of question-like titles ("How
  do I ...?") that this rule drops (``benchmarks/RESULTS.md``, issue 17: spam dropped
  0.892 -> 0.940 on a preview of the multilingual set, prose kept unchanged; 0.953 -> 0.956
  since C4's ``mostly_removed`` rule drops most of those lists itself).
* ``"fallback"`` for any other language (a code outside lid.176's labels, ``"unknown"``): the
  same FineWeb-2 structure with the median of each threshold over the shipped configs, and no
  stop-word rule (there is no list).

Stop words added to FineWeb-2's list (FineWeb-2's thresholds stay as published): a small table,
FineWeb-2 name -> words, in ``resources/extra_stopwords.json`` (source, version and licence in
that file and in ``resources/README.md``). It holds one language. ``tel_Telu``: FineWeb-2's
Telugu list has 9 words, three of them nouns of encyclopaedic village stubs (గ్రామం "village",
కేంద్రం "centre", దూరంలో "at a distance"), and 9 of the 26 real Telugu prose documents of the
multilingual set (GNOME help) hold fewer than 2 of the 9, so the stop-word rule dropped them,
as FineWeb-2's own implementation does. With spaCy 3.8.18's Telugu stop words added (46
function words: మరియు "and", ఒక "a", కూడా "also", కాదు "not" ...) 26 of the 26 are kept and
11 of the 12 Telugu spam pages still dropped (12 before); no other language changes
(``benchmarks/RESULTS.md``, issue 17).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from dataprep.filters.lid176 import fineweb2_name

# Gopher's stop-word rule: "at least two of the following English words".
GOPHER_STOP_WORDS = ("the", "be", "to", "of", "and", "that", "have", "with")

ENGLISH = "english"
FALLBACK = "fallback"

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


@cache
def _resource(name: str) -> dict[str, Any]:
    """A JSON file of ``dataprep/resources`` (read once per process)."""
    return json.loads((resources.files("dataprep") / "resources" / name)
                      .read_text(encoding="utf-8"))


def _fineweb2_table() -> dict[str, Any]:
    """The shipped FineWeb-2 configs."""
    return _resource("fineweb2_filters.json")


def rule_set(lang: str | None) -> str:
    """Name of the rule set a ``lang`` document is filtered with (see the module docstring)."""
    if lang is None or lang == "en":
        return ENGLISH
    name = fineweb2_name(lang)
    return name if name in _fineweb2_table()["configs"] else FALLBACK


def fineweb2_config(lang: str | None) -> dict[str, Any] | None:
    """FineWeb-2's values for ``lang`` (the fallback medians without a config; ``None`` for
    English): ``language_score``, the repetition, line and word thresholds, ``stopwords``."""
    name = rule_set(lang)
    if name == ENGLISH:
        return None
    table = _fineweb2_table()
    return table["fallback"] if name == FALLBACK else table["configs"][name]


@cache
def _language_thresholds(name: str) -> dict[str, dict[str, Any]]:
    """One FineWeb-2 config spread over the three rule sets it parameterises."""
    table = _fineweb2_table()
    c = table["fallback"] if name == FALLBACK else table["configs"][name]
    return {
        "gopher_repetition": {
            "dup_line_frac": c["dup_line_frac"],
            "dup_para_frac": 0,
            "dup_line_char_frac": 0,
            "dup_para_char_frac": 0,
            "top_n_grams": tuple((n, v) for n, v in c["top_n_grams"]),
            "dup_n_grams": tuple((n, v) for n, v in c["dup_n_grams"]),
        },
        "gopher_quality": {
            "min_avg_word_length": c["min_avg_word_length"],
            "max_avg_word_length": c["max_avg_word_length"],
            "min_alpha_words_ratio": c["max_non_alpha_words_ratio"],  # datatrove's name
        },
        "fineweb": {
            "line_punct_thr": c["line_punct_thr"],
            "char_duplicates_ratio": 0.1,
            "new_line_ratio": c["new_line_ratio"],
        },
    }


def thresholds(rule: str, lang: str | None, given: dict[str, Any]) -> dict[str, Any]:
    """The thresholds ``rule`` applies to a ``lang`` document.

    Order of precedence: the caller's values that are not ``None``, then the language's
    published values, then the rule's published (English) defaults.
    """
    resolved = dict(DEFAULTS[rule])
    name = rule_set(lang)
    if name != ENGLISH:
        resolved.update(_language_thresholds(name)[rule])
    resolved.update((k, v) for k, v in given.items() if v is not None)
    return resolved


@cache
def stop_words_for(lang: str | None) -> frozenset[str]:
    """Stop words of ``lang``: Gopher's English words for ``en`` and ``None`` (the recipes
    assume English), FineWeb-2's list otherwise, with the words ``extra_stopwords.json``
    adds to it (module docstring), empty (rule skipped) for the fallback."""
    config = fineweb2_config(lang)
    if config is None:
        return frozenset(GOPHER_STOP_WORDS)
    extra = _resource("extra_stopwords.json")["lists"].get(rule_set(lang), {"words": ()})
    return frozenset(config["stopwords"]).union(extra["words"])
