"""The Ray runner gives exactly the inline runner's output (one real local Ray, 2 CPUs)."""

import json
import os
import shutil
from pathlib import Path

import pytest
import ray

from dataprep.config import load_config
from dataprep.pipeline import build_pipeline
from dataprep.runners.inline import InlineRunner
from dataprep.runners.ray import RayRunner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def shards(run_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run_dir)): p.read_bytes()
            for p in sorted(run_dir.glob("*/part-*.parquet"))}


def test_sample_pipeline_ray_equals_inline(local_ray, tmp_path: Path):
    os.chdir(ROOT)
    config = load_config(str(ROOT / "pipelines" / "sample.yaml"))
    pipeline = build_pipeline(config)
    inline = InlineRunner().run(pipeline, run_dir=str(tmp_path / "inline"))
    on_ray = RayRunner().run(pipeline, run_dir=str(tmp_path / "ray"))
    assert not inline.failed and not on_ray.failed
    assert inline.stats == on_ray.stats
    first, second = shards(tmp_path / "inline"), shards(tmp_path / "ray")
    assert first and first == second
    manifests = [json.loads((tmp_path / d / "manifest.json").read_text())
                 for d in ("inline", "ray")]
    assert manifests[0]["shards"] == manifests[1]["shards"]
    assert manifests[1]["runner"] == "ray"
    shutil.rmtree(tmp_path)
