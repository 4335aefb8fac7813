"""Language-aware word and sentence splitting."""

import jieba
import pytest

from dataprep.filters.text import count_sentences, is_symbol, split_sentences, split_words


@pytest.mark.parametrize(
    "text, words",
    [
        ("Hello, world.", ["Hello", ",", "world", "."]),
        ("I don't know, it's fine", ["I", "do", "n't", "know", ",", "it", "'s", "fine"]),
        ("e-mail costs 3.5 or 1,000", ["e", "-", "mail", "costs", "3.5", "or", "1,000"]),
        ("see http://x.com/a?b=c.", ["see", "http://x.com/a?b=c", "."]),
        ("O'Neil said...", ["O'Neil", "said", "..."]),
        ("#tag (ok) 10%", ["#", "tag", "(", "ok", ")", "10", "%"]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_english_tokens_follow_spacy(text, words):
    assert split_words(text, "en") == words


def test_french_elisions_are_tokens():
    assert split_words("l'homme qu'il", "fr") == ["l'", "homme", "qu'", "il"]


def test_chinese_uses_jieba_words():
    words = split_words("国家统计局发布了最新的经济数据。", "zh")
    assert words == ["国家统计局", "发布", "了", "最新", "的", "经济", "数据", "。"]


@pytest.mark.parametrize("text", [
    "国家统计局发布了最新的经济数据。",
    "请运行 apt-get install debian-installer，参见 /usr/share/doc/README.gz 和 lists.debian.org。",
    "用 C++11、C# 和 AT&T 语法写的 dh_make 脚本占 0.9% 的时间--foreign 选项（见 §5.4.7）",
    "他说：“明天见！”\n\n第二段　全角空格ＡＢＣ１２３，以及 emoji 😀 和日本語のテスト。",
])
def test_chinese_words_equal_jieba(text):
    assert split_words(text, "zh") == [w for w in jieba.lcut(text) if not w.isspace()]


def test_chinese_character_rule_is_one_token_per_han():
    assert split_words("经济数据。", "zh", segmenter="char") == ["经", "济", "数", "据", "。"]


def test_japanese_character_rule_keeps_katakana_runs():
    assert split_words("テストです。", "ja") == ["テスト", "で", "す", "。"]


def test_mixed_scripts_without_language():
    assert split_words("Python是一种语言", None) == ["Python", "是", "一", "种", "语", "言"]


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Smith went to the U.S. Army. Done.", ["Mr. Smith went to the U.S. Army.", "Done."]),
        ("It cost 3.5 dollars... really. Yes.", ["It cost 3.5 dollars... really.", "Yes."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("今天下雨了。我们在家！你呢？", ["今天下雨了。", "我们在家！", "你呢？"]),
        ("", []),
        ("no terminal punctuation", ["no terminal punctuation"]),
    ],
)
def test_sentences(text, sentences):
    assert split_sentences(text) == sentences
    assert count_sentences(text) == len(sentences)


@pytest.mark.parametrize("token, symbol", [(",", True), ("...", True), ("。", True),
                                           ("—", True), ("word", False), ("3.5", False),
                                           ("中", False)])
def test_is_symbol(token, symbol):
    assert is_symbol(token) is symbol
