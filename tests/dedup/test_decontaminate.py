import json

import numpy as np
import pyarrow as pa
import pytest

from dataprep.dedup.decontaminate import DecontaminateStage, ngram_hashes, set_name
from dataprep.errors import ConfigError
from dataprep.schema import make_batch, set_column

QUESTIONS = [
    "Which of the following best describes the primary function of the mitochondria in a "
    "eukaryotic cell during aerobic respiration?",
    "A train leaves the station at noon travelling at sixty miles per hour; how far has it "
    "gone by half past three in the afternoon?",
]
ZH = "下列哪一项最准确地描述了线粒体在真核细胞有氧呼吸过程中的主要功能以及其产生能量的方式"


def words(rng, n):
    return " ".join("".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), 6)) for _ in range(n))


@pytest.fixture
def eval_files(tmp_path):
    mmlu = tmp_path / "MMLU-test.jsonl"
    mmlu.write_text("".join(json.dumps({"text": q}) + "\n" for q in QUESTIONS))
    cmmlu = tmp_path / "cmmlu.txt"
    cmmlu.write_text(ZH + "\n\n")
    return [str(mmlu), str(cmmlu)]


def test_planted_passages_are_removed_and_nothing_else(eval_files):
    rng = np.random.default_rng(0)
    clean = [words(rng, 200) for _ in range(40)]
    clean.append("Which of the following best describes the primary function of the heart?")
    planted = [
        words(rng, 50) + " " + QUESTIONS[0] + " " + words(rng, 50),
        words(rng, 30) + "\n" + QUESTIONS[1].upper().replace(" ", "   \n ") + words(rng, 10),
        "一些无关的中文内容。" + ZH.replace("线粒体", "线粒体 ") + "后面还有文字",
    ]
    texts = clean + planted
    table = make_batch([f"d{i}" for i in range(len(texts))], texts, source="t")
    langs = [None] * len(clean) + ["en", "en", "zh"]
    table = set_column(table, "lang", pa.array(langs))
    out = DecontaminateStage(eval_sets=eval_files)(table).column("drop_reason").to_pylist()
    assert out == [None] * len(clean) + ["decontaminate:mmlu_test"] * 2 + [
        "decontaminate:cmmlu"]


def test_ngram_hashes_ignore_case_and_spacing_but_not_digits():
    a = "one two three four five six seven eight nine ten eleven twelve 13"
    assert ngram_hashes(a) == ngram_hashes(a.upper().replace(" ", "  "))
    assert ngram_hashes(a) != ngram_hashes(a.replace("13", "14"))
    assert ngram_hashes("too short to matter") == set()


def test_set_name():
    assert set_name("evals/MMLU-test.v2.jsonl") == "mmlu_test"


def test_bad_params(tmp_path):
    with pytest.raises(ConfigError):
        DecontaminateStage(eval_sets=[])
    with pytest.raises(ConfigError):
        DecontaminateStage(eval_sets=[str(tmp_path / "missing.jsonl")])
