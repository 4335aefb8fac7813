"""The filters as pipeline stages: FilterStage with signals, C4Stage, QualityClassifierStage."""

from pathlib import Path

import pyarrow as pa
import pytest
from filter_pages import page
from helpers import docs

from dataprep.errors import ConfigError
from dataprep.filters import (
    C4Stage,
    QualityClassifierStage,
    fineweb,
    fineweb_signals,
    gopher_quality,
    gopher_quality_signals,
)
from dataprep.filters.classifier import load_model, quality_score, quality_scores
from dataprep.stages import FilterStage

MODEL = str(Path(__file__).parent.parent / "data" / "filters" / "quality_model.ftz")


def test_filter_stage_passes_lang_and_marks_reasons():
    table = docs(page("zh_good_news"), page("zh_good_news"), page("en_boilerplate"),
                 langs=["zh", "en", "en"])
    out = FilterStage("gopher_quality", gopher_quality)(table)
    assert out.column("drop_reason").to_pylist() == [
        None, "gopher_quality:short_words", "gopher_quality:short_doc"]
    assert "gopher_quality_signals" not in out.column_names


def test_filter_stage_keeps_signals_as_a_struct_column():
    table = docs(page("en_good_article"), "Home\nAbout", langs=["en", None])
    stage = FilterStage("fineweb", fineweb, signals_fn=fineweb_signals, signals=True,
                        line_punct_thr=0.5)
    out = stage(table)
    assert out.column("drop_reason").to_pylist() == [None, "fineweb:line_punct_ratio"]
    signals = out.column("fineweb_signals").to_pylist()
    assert signals[1]["line_punct_ratio"] == 0.0
    assert signals[0]["line_punct_ratio"] == pytest.approx(1.0)
    assert out.schema.field("fineweb_signals").type == pa.struct(
        [(k, pa.float32()) for k in fineweb_signals("")])


def test_filter_stage_signals_on_an_empty_batch():
    stage = FilterStage("gopher_quality", gopher_quality, signals_fn=gopher_quality_signals,
                        signals=True)
    out = stage(docs())
    assert out.num_rows == 0 and "gopher_quality_signals" in out.column_names


def test_filter_stage_signals_need_a_signals_function():
    with pytest.raises(ConfigError, match="no signals"):
        FilterStage("gopher_quality", gopher_quality, signals=True)


def test_c4_stage_rewrites_kept_rows_and_keeps_dropped_text():
    good = page("en_good_article") + "\nHome\nShare this article"
    boiler = page("en_boilerplate")
    out = C4Stage()(docs(good, page("en_good_article"), boiler, langs=["en", "en", "en"]))
    assert out.column("drop_reason").to_pylist() == [None, None, "c4:too_few_sentences"]
    texts = out.column("text").to_pylist()
    assert "Share this article" not in texts[0]
    assert texts[2] == boiler
    # C4 joins the kept lines with single newlines: the blank lines go too
    assert texts[1] == page("en_good_article").strip().replace("\n\n", "\n")
    assert out.column("modified_by").to_pylist() == [["c4"], ["c4"], []]


def test_c4_stage_checks_params():
    with pytest.raises(ConfigError, match="min_sentences"):
        C4Stage(min_sentences=3)


def test_quality_classifier_scores_and_drops():
    table = docs(page("en_good_article"), "cheap casino bonus click here free shipping buy now",
                 "Home | Login | cart | checkout | sale", None)
    out = QualityClassifierStage(MODEL, label="__label__hq", threshold=0.5)(table)
    scores = out.column("quality_score").to_pylist()
    assert out.schema.field("quality_score").type == pa.float32()
    assert scores[0] > 0.9 and scores[1] < 0.1 and scores[2] < 0.1
    assert out.column("drop_reason").to_pylist() == [
        None, "quality_classifier:low_quality", "quality_classifier:low_quality",
        "quality_classifier:low_quality" if scores[3] < 0.5 else None]


def test_quality_classifier_threshold_and_label():
    table = docs("cheap casino bonus click here free shipping buy now")
    out = QualityClassifierStage(MODEL, label="__label__lq", threshold=0.5)(table)
    assert out.column("drop_reason").to_pylist() == [None]


def test_model_is_loaded_once_per_process():
    first = load_model(MODEL)
    QualityClassifierStage(MODEL)(docs("some text"))
    assert load_model(MODEL) is first


def test_multiline_text_is_scored_as_one_line():
    model = load_model(MODEL)
    text = page("en_good_article")
    assert quality_score(text, model, "__label__hq") == pytest.approx(
        quality_score(text.replace("\n", " "), model, "__label__hq"))


def test_batch_scores_equal_one_call_per_document():
    model = load_model(MODEL)
    texts = [page("en_good_article"), "cheap casino bonus click here", "", "Home | Login"]
    expected = []
    for text in texts:  # fastText's single-string path, not the list one
        labels, probs = model.predict(text.replace("\n", " "), k=-1, threshold=0.0)
        expected.append(min(dict(zip(labels, probs, strict=True))["__label__hq"], 1.0))
    assert quality_scores(texts, model, "__label__hq").tolist() == pytest.approx(expected)


@pytest.mark.parametrize("kwargs, message", [
    ({"model_path": "/nonexistent/model.ftz"}, "does not exist"),
    ({"model_path": MODEL, "label": "__label__good"}, "not one of"),
])
def test_quality_classifier_config_errors(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        QualityClassifierStage(**kwargs)
