"""The Ray executor gives exactly the in-process decisions (one local Ray for the module)."""

import pytest
from dedup_helpers import run_stage, unit_tables

from dataprep.dedup.exact import ExactDedupStage
from dataprep.dedup.minhash import MinHashDedupStage
from dataprep.dedup.synthetic import planted_corpus
from dataprep.runners.inline import InlineExecutor

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_executor():
    from dataprep.runners.ray import RayExecutor

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield RayExecutor()
    ray.shutdown()


def test_ray_and_inline_decisions_are_identical(tmp_path, ray_executor):
    corpus = planted_corpus(400, dup_fraction=0.3, seed=11)
    tables = unit_tables(corpus.texts, units=3, langs=corpus.langs)
    stages = [MinHashDedupStage(verify="signature", partition_rows=1500), ExactDedupStage()]
    for k, stage in enumerate(stages):
        inline = run_stage(stage, tables, str(tmp_path / f"inline-{k}"), InlineExecutor())
        on_ray = run_stage(stage, tables, str(tmp_path / f"ray-{k}"), ray_executor)
        assert inline == on_ray
        assert inline  # the corpus has duplicates for both stages
