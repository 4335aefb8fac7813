"""dup_cluster_size, the survivor choice (keep: first / longest / quality) and decisions keyed by
row (reliability finding F1: rows sharing an id with a duplicate were all dropped)."""

import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dedup_helpers import apply_stage, unit_tables

from dataprep.config import parse_config
from dataprep.dedup.exact import ExactDedupStage
from dataprep.dedup.minhash import MinHashDedupStage
from dataprep.errors import ConfigError
from dataprep.pipeline import build_pipeline
from dataprep.run import run_pipeline
from dataprep.runners.inline import InlineExecutor
from dataprep.schema import make_batch, set_column

STAGES = {
    "exact": lambda **kw: ExactDedupStage(**kw),
    "minhash": lambda **kw: MinHashDedupStage(verify="exact", partition_rows=50, **kw),
}


def prose(seed: int, words: int = 120) -> str:
    rng = random.Random(seed)
    vocab = [f"w{k}" for k in range(3000)]
    return " ".join(rng.choice(vocab) for _ in range(words))


def survivors(tables: list[pa.Table]) -> dict[str, int]:
    """id -> dup_cluster_size of the rows the stage kept."""
    return {r["id"]: r["dup_cluster_size"] for t in tables for r in t.to_pylist()
            if r["drop_reason"] is None}


@pytest.mark.parametrize("kind", ["exact", "minhash"])
def test_survivors_carry_their_cluster_size(tmp_path, kind):
    a, b, c = prose(1), prose(2), prose(3)
    texts = [a, b, a, c, a, b]
    out = apply_stage(STAGES[kind](), unit_tables(texts, units=3), str(tmp_path),
                      InlineExecutor(), batch_rows=1)
    assert survivors(out) == {"doc-0": 3, "doc-1": 2, "doc-3": 1}


def test_fuzzy_cluster_size_counts_the_exact_copies_it_stands_for(tmp_path):
    a = prose(1)
    near = a.replace("w", "v", 1)  # one word changed: Jaccard ~0.96
    tables = unit_tables([a, near, prose(2)], units=2)
    tables = [set_column(t, "dup_cluster_size", pa.array([4, 2][:t.num_rows], pa.int64()))
              for t in tables]
    out = apply_stage(STAGES["minhash"](), tables, str(tmp_path), InlineExecutor())
    # doc-0 stood for 4 exact copies and doc-1 for 2; doc-2 (weight 4) is alone.
    assert survivors(out) == {"doc-0": 6, "doc-2": 4}


@pytest.mark.parametrize("kind", ["exact", "minhash"])
def test_keep_longest_and_first(tmp_path, kind):
    base = prose(5)
    texts = [base, base + "  ", prose(6), base + "   "] if kind == "exact" else [
        base, base + " w1", prose(6), base + " w1 w2"]
    tables = unit_tables(texts, units=2)
    first = apply_stage(STAGES[kind](), tables, str(tmp_path / "a"), InlineExecutor())
    longest = apply_stage(STAGES[kind](keep="longest"), tables, str(tmp_path / "b"),
                          InlineExecutor())
    assert survivors(first) == {"doc-0": 3, "doc-2": 1}
    assert survivors(longest) == {"doc-3": 3, "doc-2": 1}
    dropped = {r["id"]: r["duplicate_of"] for t in longest for r in t.to_pylist()
               if r["drop_reason"]}
    assert dropped == {"doc-0": "doc-3", "doc-1": "doc-3"}


@pytest.mark.parametrize("kind", ["exact", "minhash"])
def test_keep_quality_takes_the_best_score_ties_first(tmp_path, kind):
    a = prose(7)
    tables = unit_tables([a, a, a, prose(8)], units=2)
    scores = [[0.2, 0.9], [0.9, 0.5]]
    tables = [set_column(t, "quality_score", pa.array(s, pa.float32()))
              for t, s in zip(tables, scores, strict=True)]
    out = apply_stage(STAGES[kind](keep="quality"), tables, str(tmp_path), InlineExecutor())
    assert survivors(out) == {"doc-1": 3, "doc-3": 1}


def test_keep_quality_without_scores_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="quality_score"):
        apply_stage(ExactDedupStage(keep="quality"), unit_tables(["a", "a"], units=1),
                    str(tmp_path), InlineExecutor())
    with pytest.raises(ConfigError, match="keep"):
        MinHashDedupStage(keep="shortest")


# --- F1: decisions keyed by row, not by id ------------------------------------------------


@pytest.mark.parametrize("kind", ["exact", "minhash"])
def test_rows_sharing_an_id_keep_their_own_decision(tmp_path, kind):
    alpha, beta = prose(11), prose(12)
    unit_a = make_batch(["X", "Y", "X"], [alpha, beta, beta], source="t")
    unit_b = make_batch(["Z", "Z"], [alpha + " w9 w8 w7", alpha + " w9 w8 w7"], source="t")
    if kind == "exact":
        unit_b = make_batch(["Z", "Z"], [prose(13), prose(13)], source="t")
    out = apply_stage(STAGES[kind](), [unit_a, unit_b], str(tmp_path), InlineExecutor(),
                      batch_rows=1)
    kept = [(r["id"], r["text"][:8]) for t in out for r in t.to_pylist() if not r["drop_reason"]]
    dropped = [(r["id"], r["duplicate_of"]) for t in out for r in t.to_pylist()
               if r["drop_reason"]]
    if kind == "exact":
        assert kept == [("X", alpha[:8]), ("Y", beta[:8]), ("Z", prose(13)[:8])]
        assert dropped == [("X", "Y"), ("Z", "Z")]
    else:  # the Z rows are near copies of X's alpha text
        assert kept == [("X", alpha[:8]), ("Y", beta[:8])]
        assert dropped == [("X", "Y"), ("Z", "X"), ("Z", "X")]


def test_pipeline_keeps_one_row_per_group_when_ids_repeat(tmp_path: Path):
    """The reliability finding's reproduction: 3 documents must survive, not 1 (minhash: 2, as
    "alpha v1" is a near copy of alpha, Jaccard 5/6)."""
    alpha = "Alpha document, unique in this corpus, with enough words."
    beta = "Beta document, present twice."
    (tmp_path / "in").mkdir()
    rows_a = [{"id": "X", "text": alpha}, {"id": "Y", "text": beta}, {"id": "X", "text": beta}]
    rows_b = [{"id": "Z", "text": alpha + " v1"}] * 2
    for name, rows in (("a", rows_a), ("b", rows_b)):
        (tmp_path / "in" / f"{name}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows))
    for stage in ("exact_dedup", "minhash_dedup"):
        raw = {"name": "t", "inputs": [{"format": "jsonl", "paths": ["in/*.jsonl"],
                                        "source": "j"}],
               "stages": [{stage: {}}], "output": {"path": str(tmp_path / stage)}}
        run_pipeline(build_pipeline(parse_config(raw, base_dir=str(tmp_path))))
        data = pq.read_table(tmp_path / stage / "data")
        kept = sorted(zip(data.column("id").to_pylist(), data.column("text").to_pylist(),
                          data.column("dup_cluster_size").to_pylist(), strict=True))
        if stage == "exact_dedup":
            assert kept == [("X", alpha, 1), ("Y", beta, 2), ("Z", alpha + " v1", 2)]
        else:
            assert kept == [("X", alpha, 3), ("Y", beta, 2)]
        assert "_unit_row" not in data.column_names
