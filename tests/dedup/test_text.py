import pytest

from dataprep.dedup.text import is_no_space_script, normalize_text, uses_char_ngrams


@pytest.mark.parametrize("text, options, expected", [
    ("  Hello,\n\tWORLD!  ", {}, "hello world"),
    ("Price: 2024 $", {}, "price 0000"),
    ("ｆｕｌｌ　ｗｉｄｔｈ", {}, "full width"),
    ("Hello,  World", {"lowercase": False, "punctuation": False}, "Hello, World"),
    ("a\n\nb", {"whitespace": False, "punctuation": False}, "a\n\nb"),
    ("Año 1999", {"digits": False}, "año 1999"),
    ("“quoted” — dash", {}, "quoted dash"),
])
def test_normalize_text(text, options, expected):
    assert normalize_text(text, **options) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("这是一个关于机器学习的句子", None, True),
    ("これは日本語の文です", None, True),
    ("ภาษาไทยไม่มีช่องว่าง", None, True),
    ("An English sentence with words", None, False),
    ("Русский текст с пробелами", None, False),
    ("whatever the text", "zh", True),
    ("这是中文", "en", False),
    ("", None, False),
])
def test_uses_char_ngrams(text, lang, expected):
    assert uses_char_ngrams(text, lang) is expected


def test_script_detection_needs_a_majority_share():
    assert is_no_space_script("机器学习的方法 " + "word " * 2)
    assert not is_no_space_script("机 " + "englishword " * 20)
