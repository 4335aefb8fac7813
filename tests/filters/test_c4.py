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
    # The line rules alone: the 1001-character word is most of the page, which the
    # mostly_removed page rule drops (tested below).
    cleaned, reason = c4_clean(BODY + "\n" + line + "\n" + GOOD[0], lang="en",
                               max_removed_ratio=None)
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


# A real link list of page titles (Latvian gnome-user-docs of Debian 12, CC BY-SA 3.0; the
# multilingual set's gnome-user-docs/lv/spam-links-0): C4 removes the titles without a final
# mark and 6 questions and sentences remain, enough for its 5 sentences.
LATVIAN_TITLES = """Ieslēgt atlecošos taustiņus
Lasīt ekrānu ar Brailu
Pielāgot kontrastu
Imitēt klikšķinātu turot peli virs
Mainīt teksta izmēru uz ekrāna
Find the accessibility menu
Palielināt ekrāna laukumu
Simulēt peles labā taustiņa klikšķi
Lasīt ekrānu skaļi
Ieslēgt lēnos taustiņus
Ieslēgt lipīgos taustiņus
Ekrāna zibsnīšana pie brīdinājuma skaņas saņemšanas
Accessibility
Par šo rokasgrāmatu
Pievienot kontu
Noteikt, kurus tiešsaistes servisus var lietot ar šo kontu
Kāpēc mana konta tips nav sarakstā?
Izņemt kontu
Tiešsaistes servisi un lietotnes
Kāpēc pievienot kontu?
Tiešsaistes konti
Pārbaudiet savas rezerves kopijas.
Rezerves kopiju veidošanas biežums
Kā veidot rezerves kopijas
Atjaunot no rezerves kopijas
Kur es varu atrast datnes, kurām vēlos veidot rezerves kopiju?
Kam veidot rezerves kopijas
Kur uzglabāt datu rezerves kopijas
Veidojiet rezerves kopijas savām svarīgajām datnēm
Savienot jūsu datoru ar Bluetooth ierīci
Pairing instructions for specific devices
Es nevaru pievienot savu Bluetooth ierīci
Atvienot Bluetooth ierīci
Sūtīt datnes uz Bluetooth ierīci
Ieslēgt vai izslēgt Bluetooth
Kas ir Bluetooth redzamība?
Bluetooth
Kalendāra tikšanās
Mainīt datumu un laiku
Mainīt savu laika joslu"""

# A real hard-wrapped reference page (CMake 3.25 documentation, BSD-3-Clause; the corpus's
# cmake-doc variable/CMAKE_SYSTEM_VERSION.html): C4 keeps the wrapped lines that happen to end
# in a period, sentence tails such as "can still run on the host.".
CMAKE_PAGE = """CMAKE_SYSTEM_VERSION¶
The version of the operating system for which CMake is to build.
See the CMAKE_SYSTEM_NAME variable for the OS name.
System Version for Host Builds¶
When the CMAKE_SYSTEM_NAME variable takes its default value
then CMAKE_SYSTEM_VERSION is by default set to the same value as the
CMAKE_HOST_SYSTEM_VERSION variable so that the build targets
the host system version.
In the case of a host build then CMAKE_SYSTEM_VERSION may be set
explicitly when first configuring a new build tree in order to enable
targeting the build for a different version of the host operating system
than is actually running on the host.  This is allowed and not considered
cross compiling so long as the binaries built for the specified OS version
can still run on the host.
System Version for Cross Compiling¶
When the CMAKE_SYSTEM_NAME variable is set explicitly to
enable cross compiling then the
value of CMAKE_SYSTEM_VERSION must also be set explicitly to specify
the target system version."""


@pytest.mark.parametrize("text, lang", [(LATVIAN_TITLES, "lv"), (CMAKE_PAGE, "en")])
def test_a_page_whose_lines_were_mostly_removed_is_dropped(text, lang):
    cleaned, reason = c4_clean(text, lang=lang, max_removed_ratio=None)
    assert reason is None and len(cleaned.splitlines()) in (5, 6)
    assert c4_clean(text, lang=lang) == (text, "mostly_removed")
    assert c4_clean(text, lang=lang, max_removed_ratio=0.9)[1] is None


def test_removed_share_counts_non_whitespace_characters_and_is_strict():
    # 6 kept lines of 8 non-whitespace characters and an unpunctuated line of 16: 16 of 64
    # removed (0.25); spaces and indentation do not count.
    kept = "\n".join(f"Ab cd ef{i}." for i in range(6))
    text = kept + "\n      alpha beta gamma de      "
    assert c4_clean(text, lang="de", max_removed_ratio=0.25) == (kept, None)
    assert c4_clean(text, lang="de", max_removed_ratio=0.24)[1] == "mostly_removed"
    assert c4_clean(kept, lang="de", max_removed_ratio=0) == (kept, None)


def test_pages_dropped_by_c4s_own_rules_keep_their_reason():
    titles = "\n".join(["Home", "About us", "Contact", "News"] * 40)
    assert c4_clean(titles + "\nOnly one sentence here.", lang="en") == (
        titles + "\nOnly one sentence here.", "too_few_sentences")
    for extra, reason in [("Visit our fuck page for more.", "bad_words"),
                          ("The script uses if (x) { return y; } to decide.", "curly_bracket")]:
        spam = titles + "\n" + BODY + "\n" + extra
        assert c4_clean(spam, lang="en")[1] == reason
        assert c4_clean(spam, lang="en", filter_bad_words=False,
                        filter_curly_bracket=False)[1] == "mostly_removed"
