import json
from pathlib import Path

import pytest
import yaml
from helpers import docs

from dataprep.dedup.text import uses_char_ngrams
from dataprep.filters.c4 import c4_clean
from dataprep.filters.fineweb import fineweb
from dataprep.filters.gopher import gopher_quality, gopher_repetition
from dataprep.filters.languages import (
    DEFAULTS,
    ENGLISH,
    FALLBACK,
    GOPHER_STOP_WORDS,
    fineweb2_config,
    rule_set,
    stop_words_for,
    thresholds,
)
from dataprep.filters.lid176 import LID176_TO_FINEWEB2, fineweb2_name, script_of
from dataprep.langid import default_model_path, load_model
from dataprep.stats import count_step

DATA = Path(__file__).parents[1] / "data" / "languages"
CASES = json.loads((DATA / "script_cases.json").read_text(encoding="utf-8"))


def lid176_labels() -> list[str]:
    return [label.removeprefix("__label__")
            for label in load_model(default_model_path()).get_labels()]


def test_every_lid176_label_has_a_rule_set():
    labels = lid176_labels()
    assert len(labels) == 176
    assert sorted(LID176_TO_FINEWEB2) == sorted(labels)
    for label in labels:
        expected = LID176_TO_FINEWEB2[label]
        if label == "en":
            assert expected is None and rule_set(label) == ENGLISH
        else:  # every other label has its own FineWeb-2 config, none falls back
            assert rule_set(label) == expected, label
            assert fineweb2_config(label)["stopwords"], label
            assert script_of(label) == expected.split("_")[1]


@pytest.mark.parametrize("label, name", [
    ("zh", "cmn_Hani"), ("ja", "jpn_Jpan"), ("uk", "ukr_Cyrl"), ("ar", "arb_Arab"),
    ("fa", "fas_Arab"), ("sr", "srp_Cyrl"), ("hi", "hin_Deva"), ("ms", "zsm_Latn"),
    ("et", "ekk_Latn"), ("mg", "plt_Latn"), ("yue", "yue_Hani"), ("wuu", "wuu_Hani"),
    # labels that are not the ISO 639 code of the FineWeb-2 language
    ("no", "nob_Latn"),   # macro-language Norwegian -> Bokmål
    ("sh", "hrv_Latn"),   # Serbo-Croatian (Latin) -> Croatian
    ("tl", "fil_Latn"),   # Tagalog -> Filipino
    ("bh", "bho_Deva"),   # Bihari group -> Bhojpuri
    ("als", "gsw_Latn"),  # Wikipedia's "als" is Alemannic, not ISO als (Tosk Albanian)
    ("sq", "als_Latn"),   # Albanian -> Tosk Albanian
    ("ku", "kmr_Latn"),   # Kurdish -> Kurmanji (Latin); ckb is its own label
    ("ckb", "ckb_Arab"),
])
def test_label_mapping(label, name):
    assert fineweb2_name(label) == name
    assert rule_set(label) == name


@pytest.mark.parametrize("lang, expected", [
    (None, ENGLISH), ("en", ENGLISH), ("unknown", FALLBACK), ("xx", FALLBACK),
    ("ukr_Cyrl", "ukr_Cyrl"),  # a FineWeb-2 / GlotLID name is used as is
    ("abc_Latn", FALLBACK),    # a FineWeb-2 name whose config is not shipped
])
def test_rule_set_without_a_config(lang, expected):
    assert rule_set(lang) == expected


def test_english_and_fallback_rule_sets():
    assert thresholds("gopher_quality", "en", {}) == DEFAULTS["gopher_quality"]
    assert stop_words_for(None) == stop_words_for("en") == frozenset(GOPHER_STOP_WORDS)
    assert stop_words_for("xx") == frozenset()
    fallback = thresholds("fineweb", "xx", {})
    # FineWeb's short-line rule stays on (FineWeb-2 switched it off: see languages.py)
    assert fallback["short_line_thr"] == 0.67 and fallback["char_duplicates_ratio"] == 0.1
    assert 0 < fallback["new_line_ratio"] < 1


@pytest.mark.parametrize("name", sorted(p.stem for p in (DATA / "fineweb2").glob("*.yml")))
def test_thresholds_equal_fineweb2_configs(name):
    reference = yaml.safe_load((DATA / "fineweb2" / f"{name}.yml").read_text(encoding="utf-8"))
    label = next(k for k, v in LID176_TO_FINEWEB2.items() if v == name)
    repetition = thresholds("gopher_repetition", label, {})
    assert repetition["dup_line_frac"] == reference["dup_line_frac"]
    assert [list(x) for x in repetition["top_n_grams"]] == reference["top_n_grams"]
    assert [list(x) for x in repetition["dup_n_grams"]] == reference["dup_n_grams"]
    assert repetition["dup_para_frac"] == repetition["dup_line_char_frac"] == 0
    quality = thresholds("gopher_quality", label, {})
    assert quality["min_avg_word_length"] == reference["min_avg_word_length"]
    assert quality["max_avg_word_length"] == reference["max_avg_word_length"]
    assert quality["min_alpha_words_ratio"] == reference["max_non_alpha_words_ratio"]
    line = thresholds("fineweb", label, {})
    assert line["line_punct_thr"] == reference["line_punct_thr"]
    assert line["new_line_ratio"] == reference["new_line_ratio"]
    assert stop_words_for(label) == frozenset(reference["stopwords"] or ())
    assert fineweb2_config(label)["language_score"] == reference["language_score"]


def test_telugu_stop_words_add_spacys_to_fineweb2s():
    fineweb2 = frozenset(fineweb2_config("te")["stopwords"])
    assert len(fineweb2) == 9 and "గ్రామం" in fineweb2  # "village"
    added = stop_words_for("te") - fineweb2
    # and, a, also, not, only: function words of spaCy 3.8.18's list
    assert {"మరియు", "ఒక", "కూడా", "కాదు", "మాత్రమే"} <= added
    assert len(added) == 46
    assert fineweb2 < stop_words_for("te") == stop_words_for("tel_Telu")


def test_other_languages_keep_fineweb2s_stop_words():
    for label in lid176_labels():
        if label not in ("en", "te"):
            assert stop_words_for(label) == frozenset(fineweb2_config(label)["stopwords"]), label


# Real Telugu prose: gnome-user-docs 43 of Debian 12 (Files help, copying and moving files;
# CC BY-SA 3.0), the multilingual set's gnome-user-docs/te/prose-022. Of FineWeb-2's 9 Telugu
# stop words it holds only నుండి ("from"); with spaCy's words also ఒక ("a") and పై ("on").
TELUGU_PROSE = """మీరు నకలుతీద్దామని అనుకొన్న ఫైలుపై ఒకసారి నొక్కుట ద్వారా ఎంపికచేయండి.

వేరొక సంచయానికి వెళ్ళండి, ఎక్కడైతే మీరు ఫైలు నకలును ఉంచాలని అనుకొంటున్నారో.

మీరు కదల్చాలని అనుకొంటున్న ఫైలు పై ఒకసారి నొక్కి దానిని ఎంపికచేయండి.

వేరొక సంచయంకు వెళ్ళండి, మీరు ఎచటకు ఫైలు కదల్చాలని అనుకొంచున్నారో.

ఫైల్ నిర్వాహికను తెరచి మీరు నకలుతీయాలని అనుకొంటున్న ఫైళ్ళు కలిగివున్న సంచయానికి వెళ్ళండి.

ఒక విండో నుండి వేరొక దానికి ఫైలును లాగుము. గమ్యము అనేది అదే పరికరంపై వుంటే ఇది దానిని \
కదుల్చును, లేదా గమ్యం వేరే పరికరంపై వుంటే దానిని నకలుతీయి."""


def test_real_telugu_prose_passes_with_the_added_stop_words():
    assert gopher_quality(TELUGU_PROSE, lang="te") is None
    assert gopher_quality(TELUGU_PROSE, lang="te",
                          stop_words=fineweb2_config("te")["stopwords"]) == "stop_words"


def test_callers_values_override_the_language():
    assert thresholds("gopher_quality", "uk", {"min_alpha_words_ratio": 0.5,
                                               "min_doc_words": None})["min_alpha_words_ratio"] \
        == 0.5


@pytest.mark.parametrize("lang", sorted(CASES))
def test_real_prose_is_kept(lang):
    prose = CASES[lang]["prose"]
    assert gopher_repetition(prose, lang=lang) is None
    assert gopher_quality(prose, lang=lang) is None
    assert fineweb(prose, lang=lang) is None
    assert c4_clean(prose, lang=lang, filter_bad_words=False)[1] is None


@pytest.mark.parametrize("lang", sorted(CASES))
def test_real_link_list_is_dropped(lang):
    spam = CASES[lang]["spam"]
    reasons = [gopher_repetition(spam, lang=lang), gopher_quality(spam, lang=lang),
               c4_clean(spam, lang=lang, filter_bad_words=False)[1], fineweb(spam, lang=lang)]
    assert any(r is not None for r in reasons)


@pytest.mark.parametrize("lang, expected", [
    ("zh", True), ("yue", True), ("wuu", True), ("ja", True), ("th", True), ("lo", True),
    ("km", True), ("my", True), ("bo", True),
    ("en", False), ("uk", False), ("ko", False), ("hi", False), ("ar", False), ("am", False),
])
def test_dedup_shingles_by_script(lang, expected):
    assert uses_char_ngrams("whatever the text", lang) is expected


def test_step_counts_count_kept_rows_per_rule_set():
    kept = docs("a", "b", "c", "d", "e", langs=["uk", "uk", "en", "xx", None])
    stats = count_step("gopher_quality", kept, kept, kept.slice(0, 0))
    stats += count_step("gopher_quality", kept.slice(0, 1), kept.slice(0, 1), kept.slice(0, 0))
    assert stats["gopher_quality"].to_dict()["rule_sets"] == {
        "english": 1, "fallback": 1, "ukr_Cyrl": 3}
