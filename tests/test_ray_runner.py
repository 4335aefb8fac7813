"""The Ray runner gives exactly the inline runner's output (one real local Ray, 2 CPUs)."""

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import ray
from helpers import run_recorded

from dataprep.config import load_config
from dataprep.pipeline import build_pipeline
from dataprep.runners.ray import RayExecutor

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
    inline = run_recorded(pipeline, run_dir=str(tmp_path / "inline"))
    on_ray = run_recorded(pipeline, RayExecutor(), run_dir=str(tmp_path / "ray"))
    assert not inline.failed and not on_ray.failed
    assert inline.stats == on_ray.stats
    first, second = shards(tmp_path / "inline"), shards(tmp_path / "ray")
    assert first and first == second
    manifests = [json.loads((tmp_path / d / "manifest.json").read_text())
                 for d in ("inline", "ray")]
    assert manifests[0]["shards"] == manifests[1]["shards"]
    assert manifests[1]["runner"] == "ray"
    shutil.rmtree(tmp_path)


def test_custom_python_stages_run_under_both_executors(local_ray, tmp_path: Path):
    from dataprep.pipeline import Pipeline
    from dataprep.run import run_pipeline
    from dataprep.runners.inline import InlineExecutor

    rows = [{"id": f"d{i}", "text": f"document number {i} " + ("spam " * (i % 3))}
            for i in range(12)]
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))

    # Defined here so that Ray ships them by value (workers cannot import the test module).
    def no_spam(text: str) -> str | None:
        return "spam" if "spam spam" in text else None

    def shout(table: pa.Table) -> pa.Table:
        return table.set_column(table.schema.get_field_index("text"), "text",
                                pc.utf8_upper(table.column("text")))

    def run(executor, out: str):
        pipeline = Pipeline(inputs=[{"format": "jsonl", "paths": [str(tmp_path / "docs.jsonl")]}],
                            stages=[no_spam, shout], output=str(tmp_path / out))
        return run_pipeline(pipeline, executor)

    inline, on_ray = run(InlineExecutor(), "inline"), run(RayExecutor(), "ray")
    assert inline.stats == on_ray.stats
    assert inline.stats["no_spam"].dropped == {"no_spam:spam": 4}
    assert inline.stats["shout"].rows_out == 8
    kept = pq.read_table(tmp_path / "inline" / "data").column("text").to_pylist()
    assert kept and all(t == t.upper() for t in kept)
    assert shards(tmp_path / "inline") == shards(tmp_path / "ray")


def test_ids_repeated_across_files_are_renamed_alike_on_ray(local_ray, tmp_path: Path):
    from dataprep.pipeline import Pipeline
    from dataprep.run import run_pipeline
    from dataprep.runners.inline import InlineExecutor

    paths = []
    for f in range(3):  # ids d0-d3 in every file; d0's text repeats across files
        rows = [{"id": f"d{i}", "text": f"note {f}-{i} of the ferry log " * 6 if i
                 else "the first note of the ferry log " * 6} for i in range(4)]
        paths.append(tmp_path / f"docs-{f}.jsonl")
        paths[-1].write_text("".join(json.dumps(r) + "\n" for r in rows))

    def run(executor, out: str):
        pipeline = Pipeline(inputs=[{"format": "jsonl", "paths": [str(p) for p in paths]}],
                            stages=["exact_dedup"], output=str(tmp_path / out))
        return run_pipeline(pipeline, executor)

    inline, on_ray = run(InlineExecutor(), "inline"), run(RayExecutor(), "ray")
    assert inline.ids_renamed == on_ray.ids_renamed == {"in_units": 0, "across_units": 8}
    assert shards(tmp_path / "inline") == shards(tmp_path / "ray")
    ids = pq.read_table(tmp_path / "ray" / "data").column("id").to_pylist()
    assert len(ids) == len(set(ids)) == 10  # the two copies of d0's text are dropped
