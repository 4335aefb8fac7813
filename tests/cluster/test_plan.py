"""``dataprep plan``: the pilot's figures against a real (inline) run of the same config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import run_recorded

from dataprep.config import load_config
from dataprep.dedup.synthetic import planted_corpus
from dataprep.pipeline import build_pipeline
from dataprep.plan import choose_sample, estimate

UNITS = 6


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Six JSONL files of equal size (one document in ten a near-duplicate), and a run of it."""
    base = tmp_path_factory.mktemp("plan")
    docs = planted_corpus(600, dup_fraction=0.1, seed=5, cjk_fraction=0.0)
    (base / "in").mkdir()
    for f in range(UNITS):
        lines = [json.dumps({"id": f"doc-{i}", "text": docs.texts[i]}) + "\n"
                 for i in range(f, len(docs.texts), UNITS)]
        (base / "in" / f"part-{f}.jsonl").write_text("".join(lines), encoding="utf-8")
    (base / "config.yaml").write_text(yaml.safe_dump({
        "name": "plan",
        "inputs": [{"format": "jsonl", "paths": ["in/*.jsonl"]}],
        "stages": [{"langid": {}}, {"exact_dedup": {}}, {"minhash_dedup": {}}],
        "output": {"path": str(base / "out")},
    }))
    return base


def config(corpus: Path):
    return load_config(str(corpus / "config.yaml"), base_dir=str(corpus))


def test_sample_is_whole_units_until_the_budget():
    sizes = [10, 10, 10, 10]
    assert len(choose_sample(sizes, 25)) == 3
    assert len(choose_sample(sizes, 0)) == 1
    assert choose_sample(sizes, 10**9) == [0, 1, 2, 3]
    assert choose_sample(sizes, 25) == choose_sample(sizes, 25)  # fixed seed


def test_pilot_on_every_unit_matches_the_run(corpus: Path):
    plan = estimate(config(corpus), workers=2, sample_mb=1024)
    result = run_recorded(build_pipeline(config(corpus)))
    assert plan.sample_units == plan.units == UNITS
    assert plan.documents == result.stats["read"].rows_in == 600
    assert plan.documents_kept == sum(s.rows for s in result.data)
    # Every corpus-wide stage's shuffle is estimated: exact_dedup's keys, MinHash's band rows.
    into_exact = result.stats["exact_dedup"].rows_in
    into_minhash = result.stats["minhash_dedup"].rows_in
    bands = build_pipeline(config(corpus)).phases[2].start.bands
    assert plan.shuffle_rows == into_exact + into_minhash * bands
    assert plan.not_estimated == []
    work = sum(p.stat().st_size for p in (corpus / "out" / "_work").rglob("*") if p.is_file())
    assert work <= plan.intermediate_disk_bytes <= 2 * work + (1 << 20)
    assert plan.tokens_estimated and plan.peak_worker_mb > plan.pilot_peak_mb


def test_pilot_on_one_unit_scales_to_the_corpus(corpus: Path):
    plan = estimate(config(corpus), workers=3, sample_mb=0)
    assert plan.sample_units == 1 and plan.units == UNITS
    assert plan.documents == pytest.approx(600, rel=0.1)
    assert plan.text_bytes == pytest.approx(plan.input_bytes, rel=0.2)  # JSONL: mostly text


def test_line_dedup_is_in_the_estimate(corpus: Path):
    from dataclasses import replace

    from dataprep.config import StageSpec
    from dataprep.dedup.lines import LINES_PER_DOC

    with_lines = replace(config(corpus), stages=(StageSpec("line_dedup", {}),))
    plan = estimate(with_lines, workers=1, sample_mb=1024)
    assert plan.not_estimated == []
    assert plan.shuffle_rows == plan.documents * LINES_PER_DOC
    assert plan.shuffle_disk_bytes > 0
