"""Keyword and markup residue."""

import pytest
from filter_pages import page

from dataprep.filters import residue, residue_signals

ARTICLE = page("en_good_article")


@pytest.mark.parametrize(
    "text, lang, reason",
    [
        ("", "en", None),
        (ARTICLE, "en", None),
        ('<div class="nav"><a href="/">Home</a></div> ' * 5 + ARTICLE[:300], "en", "html_tags"),
        ("Fish &amp; chips&nbsp;&nbsp;cost &#163;5 &amp; more &quot;today&quot;", "en",
         "html_entities"),
        ("Best links: " + " ".join(f"https://spam{i}.example.com/page" for i in range(20)),
         "en", "link_density"),
        (ARTICLE + " Watch free porn here.", "en", "bad_words"),
        (ARTICLE + " Pornography laws were debated.", "en", None),  # whole words only
        (page("zh_spam_adult"), "zh", "bad_words"),
        (page("zh_good_news"), "zh", None),
        ("Die Hure des Hauses.", "de", "bad_words"),
        ("Die Hure des Hauses.", "en", None),  # German word, English list
        ("Un texte avec un mot: salope.", "fr", "bad_words"),
        ("Это просто порно сайт.", "ru", "bad_words"),
        ("無修正の動画はこちら。", "ja", "bad_words"),
    ],
)
def test_residue(text, lang, reason):
    assert residue(text, lang=lang) == reason


def test_a_few_quoted_tags_pass():
    text = ARTICLE + " In HTML, a paragraph starts with <p> and ends with </p>."
    assert residue(text, lang="en") is None


def test_custom_bad_words_replace_the_built_in_list():
    assert residue(ARTICLE, lang="en", bad_words={"en": ["suburbs"]}) == "bad_words"
    assert residue(ARTICLE + " porn", lang="en", bad_words={"en": ["zzz"]}) is None
    assert residue(ARTICLE + " porn", lang="en", filter_bad_words=False) is None


def test_signals():
    signals = residue_signals(page("zh_spam_adult"), lang="zh")
    assert signals["bad_words"] == 1.0 and signals["html_tags"] == 0.0
