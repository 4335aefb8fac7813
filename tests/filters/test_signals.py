"""Signals and decisions come from one computation; the n-gram index keeps the old values;
huge documents take bounded memory."""

import importlib
import random
import tracemalloc
from collections import Counter
from itertools import accumulate
from pathlib import Path

import pytest
from filter_pages import page
from helpers import docs

from dataprep.filters import english_words, fineweb, gopher
from dataprep.filters.fineweb import fineweb_signals
from dataprep.filters.gopher import (
    gopher_quality,
    gopher_quality_signals,
    gopher_repetition,
    gopher_repetition_signals,
)
from dataprep.filters.gopher_repetition_ngrams import NGramIndex
from dataprep.filters.text import split_words
from dataprep.stages import FilterStage

ENGLISH = Path(__file__).resolve().parent.parent / "data" / "filters" / "english"
REAL = [(p.read_text(encoding="utf-8"), "en") for p in sorted(ENGLISH.glob("*.txt"))] + [
    (page(name), lang) for name, lang in [
        ("en_good_article", "en"), ("en_boilerplate", "en"), ("de_good_article", "de"),
        ("zh_good_news", "zh"), ("zh_spam_seo", "zh"), ("ja_spam_repeat", "ja")]]
# Non-default parameters that move some pages across a threshold.
PARAMS = [{}, {"dup_line_frac": 0.05, "top_n_grams": ((2, 0.02), (3, 0.5))},
          {"dup_n_grams": ((5, 0.01), (7, 0.2)), "dup_para_frac": 0}]
QUALITY_PARAMS = [{}, {"min_doc_words": 500, "max_symbol_word_ratio": 0.01},
                  {"min_alpha_words_ratio": 0.95, "min_doc_words": 0},
                  {"stop_words": ["xyzzy"], "min_stop_words": 1}]
FINEWEB_PARAMS = [{}, {"short_line_length": 10, "short_line_thr": 0.2},
                  {"line_punct_thr": 0.9}, {"new_line_ratio": 0.01, "char_duplicates_ratio": 0}]


def repetition_reason(signals: dict, text: str, n_tops, n_dups, limits: dict) -> str | None:
    """gopher_repetition's rule order restated on stored signals."""
    if not text:
        return "empty"
    for name in ("dup_para_frac", "dup_para_char_frac", "dup_line_frac", "dup_line_char_frac"):
        if limits[name] and signals[name] > limits[name]:
            return name
    for prefix, rules in (("top", n_tops), ("dup", n_dups)):
        for n, frac in rules:
            if frac and signals[f"{prefix}_{n}_gram"] > frac:
                return f"{prefix}_{n}_gram"
    return None


@pytest.mark.parametrize("params", PARAMS)
def test_repetition_signals_explain_the_decision(params):
    from dataprep.filters.languages import thresholds

    for text, lang in REAL:
        t = thresholds("gopher_repetition", lang, params)
        signals = gopher_repetition_signals(text, lang=lang, **params)
        assert {k[4:-5] for k in signals if k.startswith("top_")} == \
            {str(n) for n, _ in t["top_n_grams"]}
        assert repetition_reason(signals, text, t["top_n_grams"], t["dup_n_grams"], t) == \
            gopher_repetition(text, lang=lang, **params)


@pytest.mark.parametrize("params", QUALITY_PARAMS)
def test_quality_signals_explain_the_decision(params):
    from dataprep.filters.languages import thresholds

    for text, lang in REAL:
        t = thresholds("gopher_quality", lang, params)
        s = gopher_quality_signals(text, lang=lang, **params)
        rules = [
            ("short_doc", t["min_doc_words"] and s["doc_words"] < t["min_doc_words"]),
            ("long_doc", t["max_doc_words"] and s["doc_words"] > t["max_doc_words"]),
            ("short_words", t["min_avg_word_length"]
             and s["avg_word_length"] < t["min_avg_word_length"]),
            ("long_words", t["max_avg_word_length"]
             and s["avg_word_length"] > t["max_avg_word_length"]),
            ("hash_ratio", t["max_symbol_word_ratio"]
             and s["hash_ratio"] > t["max_symbol_word_ratio"]),
            ("ellipsis_ratio", t["max_symbol_word_ratio"]
             and s["ellipsis_ratio"] > t["max_symbol_word_ratio"]),
            ("bullet_lines", t["max_bullet_lines_ratio"]
             and s["bullet_lines"] > t["max_bullet_lines_ratio"]),
            ("ellipsis_lines", t["max_ellipsis_lines_ratio"]
             and s["ellipsis_lines"] > t["max_ellipsis_lines_ratio"]),
            ("alpha_words", t["min_alpha_words_ratio"]
             and s["alpha_words"] < t["min_alpha_words_ratio"]),
            ("stop_words", t["min_stop_words"] and s["stop_words"] < t["min_stop_words"]
             and (lang in ("en", "de", "zh", "ja") or "stop_words" in params)),
        ]
        expected = next((reason for reason, failed in rules if failed), None)
        assert expected == gopher_quality(text, lang=lang, **params), (lang, params)


@pytest.mark.parametrize("params", FINEWEB_PARAMS)
def test_fineweb_signals_explain_the_decision(params):
    from dataprep.filters.languages import thresholds

    for text, lang in REAL:
        t = thresholds("fineweb", lang, params)
        s = fineweb_signals(text, lang=lang, **params)
        rules = [
            ("line_punct_ratio", t["line_punct_thr"]
             and s["line_punct_ratio"] < t["line_punct_thr"]),
            ("short_line_ratio", t["short_line_thr"]
             and s["short_line_ratio"] > t["short_line_thr"]),
            ("char_dup_ratio", t["char_duplicates_ratio"]
             and s["char_dup_ratio"] > t["char_duplicates_ratio"]),
            ("list_ratio", t["new_line_ratio"] and s["list_ratio"] > t["new_line_ratio"]),
        ]
        expected = next((reason for reason, failed in rules if failed), None)
        assert expected == fineweb(text, lang=lang, **params), (lang, params)


def test_short_line_ratio_is_measured_at_the_configured_length():
    text = (ENGLISH / "bash_bashref.txt").read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    for length in (10, 30):
        ratio = sum(len(line) <= length for line in lines) / len(lines)
        assert fineweb_signals(text, lang="en", short_line_length=length)["short_line_ratio"] \
            == pytest.approx(ratio)
    # ... and the stage stores that one, next to the decision it explains: a threshold
    # between the two ratios keeps the page at 10 although its ratio at 30 is above it.
    at = {n: sum(len(line) <= n for line in lines) / len(lines) for n in (10, 30)}
    assert at[10] < at[30]
    params = {"short_line_length": 10, "short_line_thr": (at[10] + at[30]) / 2,
              "line_punct_thr": 0, "char_duplicates_ratio": 0, "new_line_ratio": 0}
    stage = FilterStage("fineweb", fineweb, signals_fn=fineweb_signals, signals=True, **params)
    out = stage(docs(text, langs=["en"]))
    assert out.column("fineweb_signals").to_pylist()[0]["short_line_ratio"] == \
        pytest.approx(at[10], rel=1e-6)
    assert out.column("drop_reason").to_pylist() == [None]
    assert fineweb(text, lang="en", **{**params, "short_line_length": 30}) == "short_line_ratio"


def previous_top_chars(words, n):
    """The n-gram implementation NGramIndex replaced (tuples of words, Counter)."""
    if len(words) < n:
        return 0
    counts = Counter(zip(*(words[i:] for i in range(n)), strict=False))
    gram, count = max(counts.items(), key=lambda kv: kv[1])
    return (sum(map(len, gram)) + n - 1) * count


def previous_dup_chars(words, n):
    grams = list(zip(*(words[i:] for i in range(n)), strict=False))
    offsets = [0, *accumulate(map(len, words))]
    seen, chars, idx = set(), 0, 0
    while idx < len(grams):
        if grams[idx] in seen:
            chars += offsets[idx + n] - offsets[idx]
            idx += n
        else:
            seen.add(grams[idx])
            idx += 1
    return chars


def test_ngram_index_equals_the_previous_implementation():
    rng = random.Random(12)
    word_lists = [split_words(text, lang) for text, lang in REAL]
    # Generated: few distinct words, so repeats overlap, chain and get jumped over.
    word_lists += [[rng.choice("ab" if k % 2 else "abcd") for _ in range(rng.randint(0, 80))]
                   for k in range(1500)]
    for words in word_lists:
        index = NGramIndex(words)
        for n in range(2, 11):
            assert index.top_chars(n) == previous_top_chars(words, n), (words, n)
            assert index.dup_chars(n) == previous_dup_chars(words, n), (words, n)


def _unique_words_text(n_words: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = []
    for i in range(10**5, 10**5 + n_words):
        word = ""
        while i:
            word, i = word + letters[i % 26], i // 26
        words.append(word)
    return "\n".join(" ".join(words[i:i + 12]) + "." for i in range(0, n_words, 12))


def _peak(fn) -> int:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_huge_document_memory_is_bounded(monkeypatch):
    # Unique words: the worst case for word and n-gram indexes. Limits shrunk 10x for speed.
    monkeypatch.setattr(gopher, "MAX_CHARS", 10_000)
    monkeypatch.setattr(fineweb_module(), "_PIECE_CHARS", 10_000)
    monkeypatch.setattr(english_words, "CACHE_CHUNKS", 1_000)  # the cache has its own bound
    english_words._CHUNK_TOKENS.clear()
    small, huge = _unique_words_text(1_500), _unique_words_text(25_000)
    assert len(huge) > 10 * 10_000 > len(small)
    for fn, kwargs in ((gopher_repetition, {"max_chars": 10_000}), (gopher_quality, {}),
                       (fineweb, {})):
        assert _peak(lambda: fn(huge, lang="en", **kwargs)) < 3 * _peak(  # noqa: B023
            lambda: fn(small, lang="en", **kwargs))  # noqa: B023
    # Without the bound, repetition's memory grows with the text.
    assert _peak(lambda: gopher_repetition(huge, lang="en", max_chars=0)) > \
        5 * _peak(lambda: gopher_repetition(huge, lang="en", max_chars=10_000))


def fineweb_module():
    # dataprep.filters.fineweb is the function there; the module is in sys.modules.
    return importlib.import_module("dataprep.filters.fineweb")


def test_judged_prefix_is_cut_after_a_newline():
    text = "line one\n" * 10
    assert gopher.judged_prefix(text, 0) == text
    assert gopher.judged_prefix(text, 40) == "line one\n" * 4
    assert gopher.judged_prefix("x" * 100, 40) == "x" * 40
