from pathlib import Path

import pytest
from helpers import docs

import dataprep
from dataprep.errors import ConfigError
from dataprep.langid import (
    LangIdStage,
    default_model_path,
    detect_language,
    detect_languages,
    load_model,
    one_line,
)

SAMPLES = {
    "en": "The committee will publish its final report on the new railway line next spring.",
    "zh": "今天的天气非常好，我们一起去公园散步，然后在湖边的小餐馆吃了午饭。",
    "de": "Die Bibliothek bleibt wegen Renovierungsarbeiten bis Ende des Monats geschlossen.",
    "fr": "Le marché du samedi matin propose des légumes frais et du fromage de la région.",
    "es": "El museo abre sus puertas a las diez y la entrada es gratuita los domingos.",
    "ru": "Мы долго гуляли по старому городу и вернулись в гостиницу только к вечеру.",
    "ja": "昨日は雨が降っていたので、家で本を読みながらゆっくり過ごしました。",
}


@pytest.mark.parametrize("lang, text", SAMPLES.items())
def test_real_model_identifies_languages(lang, text):
    detected, score = detect_language(text)
    assert detected == lang
    assert 0.5 < score <= 1.0


def test_newlines_do_not_change_the_prediction():
    text = SAMPLES["en"].replace(" ", "\n", 3)
    assert detect_language(text)[0] == "en"


def test_stage_annotates_only_without_languages():
    table = LangIdStage()(docs(SAMPLES["en"], SAMPLES["zh"]))
    assert table.column("lang").to_pylist() == ["en", "zh"]
    assert table.column("drop_reason").to_pylist() == [None, None]


def test_stage_filters_by_language_and_score():
    table = LangIdStage(languages=["en", "zh"], min_score=0.65)(
        docs(SAMPLES["en"], SAMPLES["de"], "asdf qwer zxcv", SAMPLES["zh"]))
    reasons = table.column("drop_reason").to_pylist()
    assert reasons[0] is None and reasons[3] is None
    assert reasons[1] == "langid:wrong_language"
    assert reasons[2] == "langid:low_score"


def test_missing_model_is_a_config_error():
    with pytest.raises(ConfigError, match="langid.model"):
        LangIdStage(model="/nonexistent/lid.bin")


def test_default_model_ships_in_the_package():
    path = Path(default_model_path())
    assert path == Path(dataprep.__file__).parent / "resources" / "lid.176.ftz"
    assert path.stat().st_size == 938_013  # the published lid.176.ftz


def test_batch_prediction_equals_one_call_per_document():
    texts = [*SAMPLES.values(), "", "asdf qwer", SAMPLES["fr"].replace(" ", "\n", 2)]
    model = load_model(default_model_path())
    expected = []
    for text in texts:  # fastText's single-string path, not the list one
        labels, scores = model.predict(one_line(text), k=1)
        expected.append((labels[0].removeprefix("__label__"), pytest.approx(min(scores[0], 1))))
    assert detect_languages(texts) == expected


def test_fineweb2_scores_per_language():
    stage = LangIdStage(min_score="fineweb2")
    assert [stage._threshold(lang) for lang in ("uk", "zh", "en")] == [0.9, 0.692, 0.65]
    # "Привіт, як справи?" is Ukrainian at 0.84: above FineWeb's 0.65, below FineWeb-2's 0.9.
    texts = ["Привіт, як справи?", "Натисніть кнопку, щоб зберегти документ у форматі PDF.",
             SAMPLES["zh"]]
    reasons = stage(docs(*texts)).column("drop_reason").to_pylist()
    assert reasons == ["langid:low_score", None, None]
    assert LangIdStage(min_score=0.65)(docs(texts[0])).column("drop_reason").to_pylist() == [None]


def test_unknown_min_score_name_is_a_config_error():
    with pytest.raises(ConfigError, match="langid.min_score"):
        LangIdStage(min_score="glotlid")
