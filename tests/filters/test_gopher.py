"""Gopher repetition and quality rules, per rule and per language."""

import pytest
from filter_pages import page

from dataprep.filters import (
    gopher_quality,
    gopher_quality_signals,
    gopher_repetition,
    gopher_repetition_signals,
)

SENTENCE = "The river rose slowly over the old stone bridge while the town slept."
ARTICLE = page("en_good_article")
LINES = [f"Line number {i} tells a different part of the story about the harbour." for i in
         range(10)]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        (ARTICLE, None),
        ("\n\n".join([LINES[0]] * 5 + LINES[1:6]), "dup_para_frac"),
        # 2 of 9 paragraphs repeat (under 30 %) but they hold most characters
        ("\n\n".join(["x" * 400] * 3 + [f"short {i}" for i in range(6)]),
         "dup_para_char_frac"),
        ("\n".join([LINES[0]] * 5 + LINES[1:6]), "dup_line_frac"),
        ("\n".join(LINES[:8] + ["y" * 300, "y" * 300]), "dup_line_char_frac"),
        ("the cat " * 40 + SENTENCE, "top_2_gram"),
        (" ".join(f"{w} big red dog" for w in ["a", "b", "c", "d", "e", "f"] * 5)
         + " " + ARTICLE, "top_3_gram"),
        (ARTICLE + " " + " ".join(ARTICLE.split("\n\n")[1:3]), "dup_5_gram"),
    ],
)
def test_repetition_english(text, reason):
    assert gopher_repetition(text, lang="en") == reason


def test_repetition_one_long_line_and_punctuation_only():
    assert gopher_repetition("word " * 10_000, lang="en") == "top_2_gram"
    # punctuation tokens are words for the n-gram rules, as in datatrove
    assert gopher_repetition("?!.,;:" * 3, lang="en") == "top_2_gram"


def test_repetition_rules_can_be_switched_off():
    text = "\n".join([LINES[0]] * 4 + LINES[1:7])
    assert gopher_repetition(text, lang="en") == "dup_line_char_frac"
    # with both line rules off, the n-gram rules see the repetition
    assert gopher_repetition(text, lang="en", dup_line_frac=0, dup_line_char_frac=0) == \
        "top_3_gram"


@pytest.mark.parametrize(
    "name, lang, reason",
    [
        ("zh_good_news", "zh", None),
        ("zh_good_science", "zh", None),
        ("zh_spam_seo", "zh", "dup_line_frac"),
        ("ja_good_article", "ja", None),
        ("ja_spam_repeat", "ja", "dup_line_frac"),
        ("de_good_article", "de", None),
        ("fr_good_article", "fr", None),
        ("es_good_article", "es", None),
        ("ru_good_article", "ru", None),
    ],
)
def test_repetition_other_languages(name, lang, reason):
    assert gopher_repetition(page(name), lang=lang) == reason


def test_chinese_paragraph_rules_are_off():
    # FineWeb-2 switches the paragraph rules off for zh; the line rule (0.287) still applies.
    paras = page("zh_good_news").split("\n\n")
    text = "\n\n".join(paras + paras[1:3])  # 2 of 7 paragraphs repeated, many characters
    assert gopher_repetition(text, lang="en") == "dup_para_char_frac"
    assert gopher_repetition(text, lang="zh") == "dup_5_gram"


def test_repetition_signals():
    signals = gopher_repetition_signals("\n".join([LINES[0]] * 2), lang="en")
    assert signals["dup_line_frac"] == 0.5
    assert set(signals) >= {"top_2_gram", "dup_10_gram", "dup_para_char_frac"}


WORDS = "apple river stone cloud garden window yellow market summer silver".split()
FILLER = " ".join(WORDS * 6)  # 60 words, mean length 5.6, no stop words


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "short_doc"),
        (ARTICLE, None),
        ("The end of the story.", "short_doc"),
        ("the " + "word " * 100_001, "long_doc"),
        ("the and " + "a an " * 40, "short_words"),
        ("the and " + "extraordinarily " * 60, "long_words"),
        ("the and " + " ".join(f"#{w}" for w in WORDS * 6), "hash_ratio"),
        ("the and " + " ".join(f"{w}..." for w in WORDS * 6), "ellipsis_ratio"),
        ("\n".join(f"- the and {w} {w} {w} {w} {w}" for w in WORDS * 2), "bullet_lines"),
        ("\n".join(f"the and {w} {w} {w} {w} {w} and so on..." for w in WORDS * 2)
         + "\n" + ARTICLE, "ellipsis_lines"),
        ("the and " + " ".join(f"{w} 12 34" for w in WORDS * 6), "alpha_words"),
        (FILLER, "stop_words"),
        ("The And " + FILLER, None),  # stop words match case-insensitively
    ],
)
def test_quality_english(text, reason):
    assert gopher_quality(text, lang="en") == reason


@pytest.mark.parametrize(
    "name, lang, reason",
    [
        ("zh_good_news", "zh", None),
        ("zh_good_science", "zh", None),
        ("zh_spam_shop", "zh", "alpha_words"),
        ("zh_boilerplate_nav", "zh", "short_doc"),
        ("ja_good_article", "ja", None),
        ("de_good_article", "de", None),
        ("fr_good_article", "fr", None),
        ("es_good_article", "es", None),
        ("ru_good_article", "ru", None),
    ],
)
def test_quality_other_languages(name, lang, reason):
    assert gopher_quality(page(name), lang=lang) == reason


def test_chinese_article_fails_english_thresholds():
    # English thresholds on Chinese: every Han character is a one-letter word.
    assert gopher_quality(page("zh_good_news"), lang="en") == "short_words"
    assert gopher_quality(page("zh_good_news"), lang="zh") is None


def test_german_without_german_stop_words_fails():
    text = page("de_good_article")
    assert gopher_quality(text, lang="de", stop_words=["xyzzy", "plugh"]) == "stop_words"


def test_unknown_language_skips_stop_words():
    # A code outside lid.176's labels gets the fallback rule set, which has no stop-word list.
    assert gopher_quality(FILLER, lang="xx") is None
    assert gopher_quality(FILLER, lang="it") == "stop_words"


def test_quality_signals():
    signals = gopher_quality_signals(ARTICLE, lang="en")
    assert signals["doc_words"] > 200
    assert 3 < signals["avg_word_length"] < 10
    assert signals["stop_words"] == 8
