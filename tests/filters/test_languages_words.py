import pytest

from dataprep.filters.gopher import gopher_quality
from dataprep.filters.metrics import alpha_words
from dataprep.filters.text import TERMINAL_PUNCTUATION, count_sentences, split_words


@pytest.mark.parametrize("text, lang, words", [
    # dictionary segmenters for the scripts written without spaces
    ("ภาษาไทยเป็นภาษาราชการ", "th", ["ภาษาไทย", "เป็น", "ภาษาราชการ"]),
    ("ພາສາລາວເປັນພາສາທາງການ", "lo", ["ພາສາລາວ", "ເປັນ", "ພາສາ", "ທາງການ"]),
    ("ភាសា\u200bខ្មែរ\u200bគឺជា\u200bភាសា", "km", ["ភាសា", "ខ្មែរ", "គឺជា", "ភាសា"]),
    ("ภาษาไทย apt-get 2.0", "th", ["ภาษาไทย", "apt-get", "2.0"]),
    # syllables by rule
    ("ပြည်ထောင်စု", "my", ["ပြည်", "ထောင်", "စု"]),
    ("བོད་ཀྱི་སྐད་ཡིག།", "bo", ["བོད", "ཀྱི", "སྐད", "ཡིག", "།"]),
    # combining marks and zero-width non-joiners stay inside their word
    ("उपयोगकर्ता फ़ाइल।", "hi", ["उपयोगकर्ता", "फ़ाइल", "।"]),
    ("می\u200cشود.", "fa", ["می\u200cشود", "."]),
    # a hyphen at an Indic letter is a token (IndicNLP's words), elsewhere it joins
    ("ఈ-మెయిల్స్ apt-get", "te", ["ఈ", "-", "మెయిల్స్", "apt-get"]),
    # Korean: a final particle is split off (FineWeb-2's stop words are particles)
    ("문서를 저장하려면 단추를 누르십시오.", "ko",
     ["문서", "를", "저장하려면", "단추", "를", "누르십시오", "."]),
    # elisions, inner apostrophes and hyphens
    ("aujourd'hui l'homme qu'il", "fr", ["aujourd'hui", "l'", "homme", "qu'", "il"]),
    ("м'ясо, e-mail…", "uk", ["м'ясо", ",", "e-mail", "…"]),
    # code and queries inside prose stay one token (they contain letters)
    ("Använd foo/bar?=värde eller a=b&c=d?", "sv",
     ["Använd", "foo/bar?=värde", "eller", "a=b&c=d", "?"]),
])
def test_split_by_script(text, lang, words):
    assert split_words(text, lang) == words


def test_technical_tokens_stay_whole():
    text = ("Запустіть apt-get install --no-install-recommends foo_bar у /usr/share/doc "
            "(див. https://example.org/a), змінна $HOME, версія 1.2.3.")
    assert split_words(text, "uk") == [
        "Запустіть", "apt-get", "install", "--no-install-recommends", "foo_bar", "у",
        "/usr/share/doc", "(", "див", ".", "https://example.org/a", ")", ",", "змінна",
        "$HOME", ",", "версія", "1.2.3", "."]


def test_commands_do_not_make_prose_fail_alpha_words():
    # Ukrainian manual prose full of option flags, paths and URLs: one token each, with letters.
    sentence = ("Команда rsync -av --delete /home/user/ backup@host:/srv/backup/ копіює "
                "каталог у резервну копію на диску, а параметр --dry-run лише показує зміни "
                "(див. https://rsync.samba.org/). ")
    words = split_words(sentence, "uk")
    assert alpha_words(words) / len(words) > 0.75
    assert gopher_quality(sentence * 6, lang="uk") is None


def test_sentence_ends_of_other_scripts():
    assert {"।", "։", "።", "။", "។"} <= TERMINAL_PUNCTUATION
    assert count_sentences("Բարև։ Ինչպե՞ս ես։ Լավ եմ։") == 3
    assert count_sentences("ሰላም ነው። እንዴት ነህ። ደህና ነኝ።") == 3


def test_english_and_unknown_language_keep_their_splitter():
    # English splitting is not this module's: "don't" -> "do n't" (spaCy's English rule).
    assert split_words("don't", "en") == split_words("don't", None) == ["do", "n't"]
