"""C4 line removal and page rules."""

import pytest
from filter_pages import page

from dataprep.filters import c4_clean

GOOD = [
    "The council met on Tuesday to discuss the new library.",
    "Members agreed that the old building needs a new roof.",
    "The work will start in the spring and last a year.",
    "Residents can borrow books from the school in the meantime.",
    "A public meeting about the design will be held next month.",
]
BODY = "\n".join(GOOD)


@pytest.mark.parametrize(
    "extra, reason",
    [
        ("", None),
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "lorem_ipsum"),
        ("The script uses if (x) { return y; } to decide.", "curly_bracket"),
        ("Visit our fuck page for more.", "bad_words"),
    ],
)
def test_page_rules(extra, reason):
    assert c4_clean(BODY + "\n" + extra, lang="en")[1] == reason


@pytest.mark.parametrize(
    "line",
    [
        "Home",  # no terminal punctuation
        "And so on...",  # ellipsis
        "Go there.",  # fewer than 3 words
        "Please enable JavaScript in your browser to continue.",
        "By using this site you agree to our Terms of Use.",
        "This website uses cookies to improve your experience.",
        "A " + "x" * 1001 + " word that is far too long.",
    ],
)
def test_removed_lines(line):
    cleaned, reason = c4_clean(BODY + "\n" + line + "\n" + GOOD[0], lang="en")
    assert reason is None
    assert cleaned == BODY + "\n" + GOOD[0]


def test_citations_are_removed_and_lines_stripped():
    cleaned, reason = c4_clean("  " + BODY.replace("roof.", "roof[1].") + "  ", lang="en")
    assert reason is None
    assert cleaned == BODY


@pytest.mark.parametrize("text", ["", "Home\nAbout\nContact", "Only one sentence here.",
                                  "!!! ??? ...", "word " * 2000])
def test_too_few_sentences(text):
    assert c4_clean(text, lang="en") == (text, "too_few_sentences")


def test_sentences_are_counted_inside_lines():
    text = "One two three. Four five six. Seven eight nine. Ten eleven twelve. Thirteen fourteen."
    assert c4_clean(text, lang="en")[1] is None
    assert c4_clean(text, lang="en", min_num_sentences=6)[1] == "too_few_sentences"


def test_rules_can_be_switched_off():
    text = BODY + "\nLorem ipsum dolor sit amet, consectetur adipiscing elit."
    assert c4_clean(text, lang="en", filter_lorem_ipsum=False)[1] is None


@pytest.mark.parametrize(
    "name, lang, reason",
    [
        ("en_good_article", "en", None),
        ("en_boilerplate", "en", "too_few_sentences"),
        ("zh_good_news", "zh", None),
        ("zh_good_science", "zh", None),
        ("zh_boilerplate_nav", "zh", "too_few_sentences"),
        ("zh_spam_shop", "zh", "too_few_sentences"),
        ("zh_spam_adult", "zh", "bad_words"),
        ("ja_good_article", "ja", None),
        ("de_good_article", "de", None),
        ("fr_good_article", "fr", None),
        ("es_good_article", "es", None),
        ("ru_good_article", "ru", None),
    ],
)
def test_pages(name, lang, reason):
    assert c4_clean(page(name), lang=lang)[1] == reason


def test_chinese_lines_need_chinese_punctuation_and_words():
    text = page("zh_good_news") + "\n首页\n登录\n本网站使用cookie，请阅读隐私政策。"
    cleaned, reason = c4_clean(text, lang="zh")
    assert reason is None
    assert cleaned == c4_clean(page("zh_good_news"), lang="zh")[0]
    assert "首页" not in cleaned and "隐私政策" not in cleaned


def test_a_colon_ends_a_line_outside_english():
    # Italian and Assamese: real help-page paragraphs (gnome-user-docs) that lead into a list;
    # the Chinese line is written for the test.
    lead_ins = {
        "it": "Nel caso in cui alcuni file siano stati perduti o eliminati, ma ne è disponibile "
              "una copia in un backup, è possibile ripristinarli da questo:",
        "as": "যদি ডিস্ক অত্যাধিক ভৰ্তি থাকে আপুনি নিম্নলিখিত কাৰ্য্যসমূহ কৰিব লাগিব:",
        "zh": "要检查磁盘的可用空间和容量，请使用以下方法：",
    }
    for lang, line in lead_ins.items():
        assert line in c4_clean(line + "\n" + page("en_good_article"), lang=lang)[0]
    # English keeps C4's own list (. ? ! " '), as C4 and datatrove do.
    english = "To restore the files from a backup, do the following:"
    assert english not in c4_clean(english + "\n" + page("en_good_article"), lang="en")[0]


def test_thai_lines_need_no_final_mark_and_count_segmented_words():
    # Thai separates sentences with spaces (real Firefox network-error messages, firefox-esr-
    # l10n-th): C4's terminal-punctuation rule would remove every line of its prose.
    lines = ["ไซต์อาจไม่พร้อมใช้งานชั่วคราวหรือกำลังทำงานหนักเกินไป ลองอีกครั้งในอีกสักครู่",
             "หากคุณไม่สามารถโหลดหน้าใด ๆ ได้ ตรวจสอบการเชื่อมต่อเครือข่ายของคอมพิวเตอร์ของคุณ"]
    text = "\n".join(lines * 3)
    assert c4_clean(text, lang="th") == (text, None)
    assert c4_clean(text, lang="th", filter_no_terminal_punct=True)[1] == "too_few_sentences"
    # A one-word Thai line is one word to C4, though it has no space.
    assert c4_clean(text + "\nการตั้งค่า", lang="th")[0] == text
