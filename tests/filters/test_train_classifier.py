"""``dataprep train-quality-classifier``: split, metrics, determinism, sources, errors."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import docs, run_recorded

from dataprep.cli import main
from dataprep.config import parse_config
from dataprep.filters import QualityClassifierStage
from dataprep.filters.train_classifier import (
    LabelMetrics,
    label_metrics,
    source_files,
    train_quality_classifier,
)
from dataprep.langid import load_model
from dataprep.pipeline import build_pipeline

# The generators of the shipped test model's corpus (prose vs spam and navigation).
sys.path.insert(0, str(Path(__file__).parent.parent / "data" / "filters"))
texts = importlib.import_module("make_quality_model")

SMALL = ["--threads", "1", "--dim", "16", "--bucket", "20000", "--epoch", "10"]


def write_corpus(folder: Path, n: int = 300, noise: float = 0.15) -> tuple[Path, Path]:
    """Positives as JSONL (with newlines inside documents), negatives as a text file (one per
    line); ``noise`` of each side is drawn from the other kind, so the metrics are not all 1."""
    rng = random.Random(11)
    folder.mkdir(parents=True, exist_ok=True)
    pos, neg = folder / "pos.jsonl", folder / "neg.txt"
    with pos.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = texts.spam(rng) if rng.random() < noise else texts.good(rng)
            f.write(json.dumps({"id": f"p{i}", "text": text.replace(". ", ".\n", 1)}) + "\n")
    with neg.open("w", encoding="utf-8") as f:
        for _ in range(n):
            f.write((texts.good(rng) if rng.random() < noise else texts.spam(rng)) + "\n")
    return pos, neg


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["train-quality-classifier", *argv])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    base = tmp_path_factory.mktemp("train")
    pos, neg = write_corpus(base / "in")
    model, held_out = base / "model.bin", base / "held_out.txt"
    status, out, err = run_cli("--positive", str(pos), "--negative", str(neg), "--output",
                               str(model), "--held-out", str(held_out), "--seed", "7", *SMALL)
    assert status == 0, err
    return base, pos, neg, model, held_out, out


def printed_metrics(out: str) -> dict[str, tuple[float, float, float, int]]:
    return {m[1]: (float(m[2]), float(m[3]), float(m[4]), int(m[5])) for m in re.finditer(
        r"^(__label__\w+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)$", out, re.M)}


def test_printed_metrics_match_the_models_predictions_on_the_held_out_file(trained):
    _, _, _, model_path, held_out, out = trained
    model = load_model(str(model_path))
    truth, predicted = [], []
    for line in held_out.read_text(encoding="utf-8").splitlines():
        label, text = line.split(" ", 1)
        truth.append(label)
        predicted.append(model.predict(text, k=1)[0][0])  # one document at a time
    printed = printed_metrics(out)
    assert set(printed) == {"__label__hq", "__label__lq"}
    for label, (precision, recall, f1, support) in printed.items():
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        assert support == tp + fn
        assert precision == pytest.approx(tp / (tp + fp), abs=5e-5)
        assert recall == pytest.approx(tp / (tp + fn), abs=5e-5)
        assert f1 == pytest.approx(2 * tp / (2 * tp + fp + fn), abs=5e-5)
    # The noise makes the task imperfect, yet the classifier is far better than chance.
    assert any(value < 1.0 for row in printed.values() for value in row[:3])
    assert all(row[2] > 0.7 for row in printed.values())


def test_printed_sizes_add_up_to_the_inputs(trained):
    _, pos, neg, _, held_out, out = trained
    sizes = re.search(r"^train: (\d+) \((\d+) __label__hq, (\d+) __label__lq\); held out: "
                      r"(\d+) \((\d+) __label__hq, (\d+) __label__lq\)$", out, re.M)
    train_all, train_hq, train_lq, held_all, held_hq, held_lq = map(int, sizes.groups())
    labels = [line.split(" ", 1)[0] for line in held_out.read_text().splitlines()]
    assert (held_hq, held_lq) == (labels.count("__label__hq"), labels.count("__label__lq"))
    assert train_hq + held_hq == len(pos.read_text().splitlines())
    assert train_lq + held_lq == len(neg.read_text().splitlines())
    assert train_all == train_hq + train_lq and held_all == held_hq + held_lq
    assert 0.05 < held_all / (train_all + held_all) < 0.15  # --valid-fraction 0.1


def test_model_plugs_into_the_quality_classifier_stage(trained):
    _, _, _, model, _, _ = trained
    stage = QualityClassifierStage(str(model), label="__label__hq", threshold=0.5)
    rng = random.Random(99)
    table = stage(docs(texts.good(rng), texts.spam(rng), texts.good(rng)))
    assert table.column("drop_reason").to_pylist() == [
        None, "quality_classifier:low_quality", None]


def test_training_is_deterministic_and_independent_of_input_order(trained, tmp_path):
    _, pos, neg, model, held_out, out = trained
    # The same documents, in reverse order and split over two sources.
    lines = pos.read_text(encoding="utf-8").splitlines()[::-1]
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join(lines[100:]) + "\n", encoding="utf-8")
    status, again, err = run_cli(
        "--positive", str(tmp_path / "b.jsonl"), str(tmp_path / "a.jsonl"), "--negative",
        str(neg), "--output", str(tmp_path / "m.bin"), "--held-out", str(tmp_path / "h.txt"),
        "--seed", "7", *SMALL)
    assert status == 0, err
    assert (tmp_path / "m.bin").read_bytes() == model.read_bytes()
    assert sorted((tmp_path / "h.txt").read_text().splitlines()) == \
        sorted(held_out.read_text().splitlines())
    assert again.splitlines()[:-1] == out.splitlines()[:-1]  # all but the "wrote" line


def test_seed_changes_the_split(trained, tmp_path):
    _, pos, neg, _, held_out, _ = trained
    result = train_quality_classifier([str(pos)], [str(neg)], str(tmp_path / "m.bin"), seed=8,
                                      threads=1, dim=16, bucket=20_000,
                                      held_out=str(tmp_path / "h.txt"))
    assert set((tmp_path / "h.txt").read_text().splitlines()) != \
        set(held_out.read_text().splitlines())
    assert sum(result.held_out.values()) > 0


def test_quantized_model_is_an_ftz_the_stage_loads(trained, tmp_path):
    _, pos, neg, model, _, _ = trained
    status, out, err = run_cli("--positive", str(pos), "--negative", str(neg), "--output",
                               str(tmp_path / "m.ftz"), "--quantize", *SMALL)
    assert status == 0, err
    assert (tmp_path / "m.ftz").stat().st_size < model.stat().st_size / 3
    assert printed_metrics(out)["__label__hq"][2] > 0.7
    stage = QualityClassifierStage(str(tmp_path / "m.ftz"))
    assert stage(docs(texts.spam(random.Random(3)))).column("drop_reason").to_pylist() == [
        "quality_classifier:low_quality"]


def test_no_held_out_split(trained, tmp_path):
    _, pos, neg, _, _, _ = trained
    status, out, err = run_cli("--positive", str(pos), "--negative", str(neg), "--output",
                               str(tmp_path / "m.bin"), "--valid-fraction", "0", *SMALL)
    assert status == 0, err
    assert "held out: 0 (0 __label__hq, 0 __label__lq)" in out and "precision" not in out


def make_run(base: Path) -> Path:
    """A real inline run over good and bad documents: gopher_quality rejects the short spam
    (short_doc) and hashtag lists (hash_ratio), exact_dedup a copy of a kept article."""
    rng = random.Random(4)
    good = [" ".join(texts.good(rng) for _ in range(4)) for _ in range(12)]
    rows = [{"id": f"g{i}", "text": t} for i, t in enumerate(good)]
    rows += [{"id": f"s{i}", "text": texts.spam(rng)} for i in range(8)]
    rows += [{"id": f"h{i}", "text": " ".join(f"#{w}" for w in texts.spam(rng).split() * 9)}
             for i in range(3)]
    rows.append({"id": "copy", "text": good[0]})
    (base / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = parse_config({
        "name": "train-test",
        "inputs": [{"format": "jsonl", "paths": ["in.jsonl"]}],
        "stages": [{"gopher_quality": {}}, {"exact_dedup": {}}],
        "output": {"path": str(base / "run")},
    }, base_dir=str(base))
    run_recorded(build_pipeline(config))
    return base / "run"


def test_run_directories_as_sources(tmp_path):
    run = make_run(tmp_path)
    assert all("/data/" in f for f in source_files(str(run)))
    result = train_quality_classifier([str(run)], [str(run / "rejected")],
                                      str(tmp_path / "m.bin"), valid_fraction=0.0, threads=1,
                                      dim=8, bucket=1000)
    rejected = pq.read_table(run / "rejected").to_pylist()
    reasons = Counter(r["drop_reason"] for r in rejected if r["duplicate_of"] is None)
    assert reasons == {"gopher_quality:short_doc": 8, "gopher_quality:hash_ratio": 3}
    assert len(rejected) == 12  # and the copy, marked as a duplicate
    # The 12 kept articles; the 11 rejected pages, not the copy of a kept article.
    assert result.train == {"__label__hq": 12, "__label__lq": 11}
    only = train_quality_classifier([str(run)], [str(run / "rejected")],
                                    str(tmp_path / "m2.bin"), valid_fraction=0.0, threads=1,
                                    dim=8, bucket=1000, reasons=["gopher_quality:hash"])
    assert only.train == {"__label__hq": 12, "__label__lq": 3}


@pytest.mark.parametrize("args, message", [
    (["--positive", "{tmp}/missing.jsonl"], "no such file or directory"),
    (["--positive", "{tmp}/empty"], "no files under"),
    (["--positive", "{tmp}/bad.jsonl"], "bad.jsonl:2: not a JSON object"),
    (["--negative", "{tmp}/blank.txt"], "no --negative documents"),
    (["--output", "{tmp}/m.ftz"], ".ftz needs --quantize"),
    (["--valid-fraction", "1"], "--valid-fraction must be in [0, 1)"),
    (["--epoch", "0"], "--epoch must be at least 1"),
    (["--positive", "{tmp}/noid.parquet"], "has no column 'text'"),
])
def test_bad_inputs_are_one_line_errors(tmp_path, args, message):
    pos, neg = write_corpus(tmp_path, n=20)
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.jsonl").write_text('{"text": "fine"}\nnot json\n')
    (tmp_path / "blank.txt").write_text("\n  \n")
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "noid.parquet")
    given = {"--positive": str(pos), "--negative": str(neg), "--output": str(tmp_path / "m.bin")}
    extra = []
    for flag, value in zip(args[::2], args[1::2], strict=True):
        value = value.format(tmp=tmp_path)
        if flag in given:
            given[flag] = value
        else:
            extra += [flag, value]
    status, out, err = run_cli(*[x for kv in given.items() for x in kv], *SMALL, *extra)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("dataprep train-quality-classifier: ")
    assert message in err
    assert not (tmp_path / "m.bin").exists()


def test_rejected_directory_is_only_a_negative(tmp_path):
    run = make_run(tmp_path)
    status, _, err = run_cli("--positive", str(run / "rejected"), "--negative",
                             str(run / "rejected"), "--output", str(tmp_path / "m.bin"))
    assert status == 2 and "can only be --negative" in err


def test_label_metrics_by_hand():
    hq, lq = "__label__hq", "__label__lq"
    # hq: tp 2, fp 1, fn 1; lq: tp 1, fp 1, fn 1.
    got = label_metrics([hq, hq, hq, lq, lq], [hq, hq, lq, hq, lq])
    assert got == [LabelMetrics(hq, 2 / 3, 2 / 3, pytest.approx(2 / 3), 3),
                   LabelMetrics(lq, 0.5, 0.5, 0.5, 2)]
    # Never predicted: precision undefined; never present: recall undefined.
    assert label_metrics([hq, hq], [hq, hq]) == [LabelMetrics(hq, 1.0, 1.0, 1.0, 2),
                                                 LabelMetrics(lq, None, None, None, 0)]
    assert label_metrics([hq], [lq])[0] == LabelMetrics(hq, None, 0.0, None, 1)


def test_unigram_model_trains_identically_in_separate_processes(trained, tmp_path):
    """Guards the fastText build: one whose input matrix is partly left uninitialised with
    fewer than 10 threads (fasttext-numpy2 0.10.4) fails here with NaN or differing bytes."""
    _, pos, neg, _, _, _ = trained
    models = []
    for name in ("a.bin", "b.bin"):
        subprocess.run([sys.executable, "-m", "dataprep.cli", "train-quality-classifier",
                        "--positive", str(pos), "--negative", str(neg), "--output",
                        str(tmp_path / name), "--word-ngrams", "1", "--threads", "1",
                        "--dim", "10"], check=True, capture_output=True)
        models.append((tmp_path / name).read_bytes())
    assert models[0] == models[1]
