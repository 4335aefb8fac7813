"""FineWeb line-statistics rules."""

import pytest
from filter_pages import page

from dataprep.filters import fineweb, fineweb_signals

SENTENCES = [f"Sentence {i} describes a different detail of the long and quiet harbour town."
             for i in range(20)]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("\n \n\t\n", "empty"),
        ("\n".join(SENTENCES), None),
        ("\n".join(s.rstrip(".") for s in SENTENCES[:9]) + "\n" + SENTENCES[9], "line_punct_ratio"),
        ("\n".join([f"Item {i}." for i in range(8)] + SENTENCES[:3]), "short_line_ratio"),
        ("\n".join(SENTENCES[:10] + SENTENCES[:1]), "char_dup_ratio"),
        ("\n".join(f"{s}\n\n\n\n" for s in SENTENCES[:5]), "list_ratio"),
        ("." * 50, None),  # only punctuation, one line: no rule applies
    ],
)
def test_english(text, reason):
    assert fineweb(text, lang="en") == reason


def test_one_long_line_without_words():
    assert fineweb("?!" * 500, lang="en") is None
    assert fineweb("\n".join(["?"] * 5), lang="en") == "short_line_ratio"


@pytest.mark.parametrize(
    "name, lang, reason",
    [
        ("en_good_article", "en", None),
        ("en_boilerplate", "en", "line_punct_ratio"),
        ("zh_good_news", "zh", None),
        ("zh_good_science", "zh", None),
        ("zh_boilerplate_nav", "zh", "line_punct_ratio"),
        ("zh_spam_seo", "zh", "short_line_ratio"),  # FineWeb's short-line rule stays on
        ("zh_spam_shop", "zh", "line_punct_ratio"),
        ("ja_good_article", "ja", None),
        ("ja_spam_repeat", "ja", "short_line_ratio"),
        ("de_good_article", "de", None),
        ("fr_good_article", "fr", None),
        ("es_good_article", "es", None),
        ("ru_good_article", "ru", None),
    ],
)
def test_pages(name, lang, reason):
    assert fineweb(page(name), lang=lang) == reason


def test_chinese_punctuation_counts_as_terminal():
    signals = fineweb_signals(page("zh_good_news"), lang="zh")
    assert signals["line_punct_ratio"] == 1.0
    assert fineweb_signals(page("zh_good_news"), lang="en")["line_punct_ratio"] == 1.0
