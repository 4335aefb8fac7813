"""Multi-node runs and fault tolerance on a real two-node Ray cluster on this machine.

One cluster for the module: a head and a second node (``ray start --address``, its own
``node2`` resource), one CPU each. Every run is the ``dataprep`` command line, as a user or a
``ray job submit`` would start it, over a generated JSONL corpus with the dedup phases; its
shards must be byte-identical to the inline runner's, however the run was disturbed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
import ray
import yaml
from helpers import run_recorded
from local_cluster import LocalCluster

from dataprep.config import load_config
from dataprep.dedup.synthetic import planted_corpus
from dataprep.pipeline import build_pipeline
from dataprep.runners.ray import RayExecutor, TasksFailed

UNITS = 8
PHASES = 3  # extract+langid | exact_dedup | minhash_dedup
POLL = 0.01


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """8 JSONL files of generated documents with planted near-duplicates, the config, and the
    inline runner's output in ``inline/``."""
    base = tmp_path_factory.mktemp("corpus")
    docs = planted_corpus(2400, seed=3, cjk_fraction=0.05)
    (base / "in").mkdir()
    for f in range(UNITS):
        with open(base / "in" / f"part-{f:02d}.jsonl", "w", encoding="utf-8") as out:
            for i in range(f, len(docs.texts), UNITS):
                out.write(json.dumps({"id": f"doc-{i}", "text": docs.texts[i]}) + "\n")
    config = {
        "name": "cluster",
        "inputs": [{"format": "jsonl", "paths": ["in/*.jsonl"], "source": "gen"}],
        "stages": [{"extract": {}}, {"langid": {}}, {"exact_dedup": {}},
                   {"minhash_dedup": {"threshold": 0.7}}],
        "output": {"path": "out", "shard_rows": 100},
    }
    (base / "config.yaml").write_text(yaml.safe_dump(config))
    pipeline = build_pipeline(load_config(str(base / "config.yaml"), base_dir=str(base)))
    result = run_recorded(pipeline, run_dir=str(base / "inline"))
    assert not result.failed and result.stats["minhash_dedup"].dropped
    return base


@pytest.fixture(scope="module")
def cluster():
    # Fast node-failure detection (defaults: 3 s x 5 misses) keeps the node-loss test short.
    c = LocalCluster(head_cpus=1, env={"RAY_health_check_period_ms": "500",
                                       "RAY_health_check_failure_threshold": "4"})
    try:
        c.add_node(num_cpus=1, resources={"node2": 1})
        yield c
    finally:
        c.stop()


def shards(run_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run_dir)): p.read_bytes()
            for p in sorted(run_dir.glob("*/part-*.parquet"))}


def assert_same_output(run_dir: Path, corpus: Path) -> None:
    reference = shards(corpus / "inline")
    assert reference and shards(run_dir) == reference
    manifest = json.loads((run_dir / "manifest.json").read_text())
    inline = json.loads((corpus / "inline" / "manifest.json").read_text())
    assert manifest["stages"] == inline["stages"] and manifest["shards"] == inline["shards"]
    assert manifest["runner"] == "ray"


def start_run(cluster: LocalCluster, corpus: Path, out: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "dataprep.cli", "run", "config.yaml", "--output", str(out),
           "--address", cluster.address, *extra]
    return subprocess.Popen(cmd, cwd=corpus, env=cluster.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = proc.communicate(timeout=300)
    return proc.returncode, stdout, stderr


def wait_for(condition, proc: subprocess.Popen):
    """Poll ``condition()`` until it returns something truthy, while the run is going."""
    while proc.poll() is None:
        found = condition()
        if found:
            return found
        time.sleep(POLL)
    raise AssertionError(f"the run ended first: {proc.communicate()}")


@pytest.fixture(scope="module")
def cluster_run(cluster: LocalCluster, corpus: Path) -> Path:
    out = corpus / "cluster"
    code, stdout, stderr = finish(start_run(cluster, corpus, out))
    assert code == 0, stderr
    assert f"{UNITS} input units (0 resumed)" in stdout
    return out


def test_two_node_run_equals_inline_and_uses_both_nodes(cluster, cluster_run, corpus):
    assert_same_output(cluster_run, corpus)
    from ray.util.state import list_tasks

    tasks = list_tasks(address=cluster.dashboard_url, filters=[("name", "=", "_call")],
                       limit=10_000, raise_on_missing_output=False)
    assert len({t.node_id for t in tasks}) == 2


def test_job_submit_equals_inline(cluster, corpus):
    out = corpus / "job"
    cmd = [str(Path(sys.executable).with_name("ray")), "job", "submit",
           "--address", cluster.dashboard_url, "--working-dir", str(corpus), "--",
           sys.executable, "-m", "dataprep.cli", "run", "config.yaml", "--output", str(out),
           "--address", "auto"]
    done = subprocess.run(cmd, env=cluster.env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert_same_output(out, corpus)


def test_killed_worker_is_retried_to_the_clean_output(cluster, corpus):
    out = corpus / "worker-killed"
    proc = start_run(cluster, corpus, out)
    victim = wait_for(cluster.busy_workers, proc)[0]
    os.kill(victim, signal.SIGKILL)
    code, _, stderr = finish(proc)
    assert code == 0, stderr
    assert not os.path.exists(f"/proc/{victim}")
    assert_same_output(out, corpus)


def test_killed_driver_resumes_without_recomputing_finished_units(cluster, corpus):
    out = corpus / "driver-killed"
    proc = start_run(cluster, corpus, out)
    markers = out / "_work"
    wait_for(lambda: len(list(markers.glob("phase-0/unit-*.json"))) >= 2, proc)
    proc.kill()
    proc.wait()
    # Ray ends the tasks of a dead driver; wait until none of them can still commit a unit.
    while cluster.busy_workers():
        time.sleep(POLL)
    finished = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in markers.glob("*/unit-*.json")}
    assert 0 < len(finished) < UNITS * PHASES

    code, stdout, stderr = finish(start_run(cluster, corpus, out, "--resume"))
    assert code == 0, stderr
    assert f"{UNITS} input units ({len(finished)} resumed)" in stdout
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in finished} == finished
    assert_same_output(out, corpus)


def test_unit_that_cannot_be_processed_is_summarised_and_exits_nonzero(cluster, cluster_run,
                                                                       corpus):
    # A finished run whose unit 3 must be redone from a corrupted intermediate file (what a
    # non-atomic object store can leave): that unit fails, the others stay done.
    out = corpus / "corrupt"
    shutil.copytree(cluster_run, out)
    (out / "_work" / "phase-0" / "unit-000003.parquet").write_bytes(b"PAR1 not parquet")
    for phase in (1, 2):
        (out / "_work" / f"phase-{phase}" / "unit-000003.json").unlink()
    code, stdout, stderr = finish(start_run(cluster, corpus, out, "--resume"))
    assert code == 1
    failures = [line for line in stderr.splitlines() if line.startswith("dataprep: unit")]
    assert len(failures) == 1 and "unit 3 " in failures[0] and "part-03.jsonl" in failures[0]
    assert f"({2 * UNITS - 1} resumed)" in stdout  # phases 0 and 1; the run stops at 1
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["unit"] for f in manifest["units_failed"]] == [3]


def crash_on(bad: int, item: int) -> int:
    if item == bad:
        os._exit(1)  # the worker process dies, as on a native crash or an OOM kill
    return item * 10


def running_at_once(directory: str, item: int) -> int:
    """Tasks running at the same time as this one (each holds a file while it runs)."""
    mine = os.path.join(directory, f"running-{item}")
    open(mine, "w").close()
    time.sleep(0.2)
    count = len([n for n in os.listdir(directory) if n.startswith("running-")])
    os.remove(mine)
    return count


@pytest.fixture(scope="module")
def connected(cluster):
    os.environ["RAY_AUTH_MODE"] = cluster.env["RAY_AUTH_MODE"]
    ray.init(address=cluster.address, log_to_driver=False)
    # The test functions below are shipped by value: the workers cannot import this module.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield
    ray.shutdown()
    del os.environ["RAY_AUTH_MODE"]


def test_task_whose_worker_always_dies_fails_alone(connected):
    seen: list[int] = []
    with pytest.raises(TasksFailed) as failed:
        RayExecutor(max_retries=1).map(partial(crash_on, 2), list(range(5)),
                                       on_result=seen.append)
    assert [item for item, _ in failed.value.failures] == [2]
    assert "WorkerCrashedError" in failed.value.failures[0][1]
    assert sorted(seen) == [0, 10, 30, 40]
    assert failed.value.completed == [0, 10, 30, 40]  # F11: finished results are not dropped


def test_in_flight_bound_and_memory_hint(connected, tmp_path):
    executor = RayExecutor(max_in_flight=1, memory_per_task=64 << 20)
    counts = executor.map(partial(running_at_once, str(tmp_path)), list(range(4)))
    assert counts == [1, 1, 1, 1]


def test_lost_node_is_retried_to_the_clean_output(cluster, corpus):
    # Last: it takes the second node away.
    node = cluster.nodes[1]
    out = corpus / "node-killed"
    proc = start_run(cluster, corpus, out)
    wait_for(lambda: cluster.busy_workers(node), proc)
    cluster.kill_node(node)
    code, _, stderr = finish(proc)
    assert code == 0, stderr
    assert_same_output(out, corpus)
