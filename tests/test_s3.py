"""The sample pipeline with inputs and output on S3: a local S3-compatible server (moto in
server mode) on 127.0.0.1 behind a proxy that answers every few requests with a throttling
or 5xx error, a run killed with SIGKILL and resumed, and the report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

pytest.importorskip("moto.server")
pytest.importorskip("s3fs")

from s3_server import s3_server  # noqa: E402

# About 6.5 minutes on the shared machine (the whole sample pipeline three times, every file
# through the fault proxy), so not in the default run: set DATAPREP_S3_TEST=1.
# tests/test_s3_smoke.py runs a small pipeline on S3 in the default suite.
pytestmark = pytest.mark.skipif(not os.environ.get("DATAPREP_S3_TEST"),
                                reason="end-to-end S3 run: set DATAPREP_S3_TEST=1")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def s3():
    with s3_server(rate=0.1, get_rate=0.05) as server:
        server.direct.mkdir("corpus")
        for path in (REPO / "sample_data").rglob("*"):
            if path.is_file() and path.parts[-2] in ("web", "books", "dialogue", "irc"):
                server.direct.put_file(str(path),
                                       f"corpus/{path.relative_to(REPO / 'sample_data')}")
        yield server.env, server.direct, server.proxy


def s3_config(tmp_path: Path, out: str) -> Path:
    config = yaml.safe_load((REPO / "pipelines" / "sample.yaml").read_text())
    for spec in config["inputs"]:
        spec["paths"] = [p.replace("sample_data/", "s3://corpus/") for p in spec["paths"]]
    config["output"]["path"] = out
    path = tmp_path / "s3.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def dataprep(args: list[str], env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dataprep.cli", *args],
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def texts(direct, run: str) -> list[str]:
    import pyarrow.parquet as pq

    files = sorted(direct.glob(f"{run}/data/*.parquet"))
    return sorted(t for f in files
                  for t in pq.read_table(f, filesystem=direct).column("text").to_pylist())


def rows(direct, run: str) -> list[dict]:
    import pyarrow.parquet as pq

    return [r for f in sorted(direct.glob(f"{run}/data/*.parquet"))
            for r in pq.read_table(f, filesystem=direct).to_pylist()]


def test_sample_pipeline_on_s3_with_faults_sigkill_and_resume(s3, tmp_path):
    env, direct, proxy = s3
    config = s3_config(tmp_path, "s3://corpus-out/clean")
    direct.mkdir("corpus-out")
    clean = dataprep(["run", str(config), "--inline"], env)
    out, err = clean.communicate(timeout=900)
    assert clean.returncode == 0, err[-3000:]
    # The run went through throttling and 5xx answers, also to reads, and repeated them.
    assert proxy.injected > 0 and proxy.injected_gets > 0
    manifest = json.loads(direct.cat("corpus-out/clean/manifest.json"))
    assert manifest["totals"]["documents"] > 0
    assert sum(manifest["io_retries"].values()) > 0
    print(f"clean run: {proxy.requests} requests, {proxy.injected} faults injected "
          f"({proxy.injected_gets} to GETs), retries {manifest['io_retries']}")
    assert b"<html" in direct.cat("corpus-out/clean/report.html")[:2000].lower()
    expected = texts(direct, "corpus-out/clean")
    direct.rm("corpus-out/clean/report.html")
    report = dataprep(["report", "s3://corpus-out/clean"], env)
    out, err = report.communicate(timeout=300)
    assert report.returncode == 0, err[-3000:]
    assert b"<html" in direct.cat("corpus-out/clean/report.html")[:2000].lower()

    killed_config = s3_config(tmp_path, "s3://corpus-out/killed")
    run = dataprep(["run", str(killed_config), "--inline", "--quiet"], env)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and run.poll() is None:
        if direct.glob("corpus-out/killed/_work/phase-0/unit-*.json"):
            break
        time.sleep(0.5)
    assert run.poll() is None, "the run finished before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    resumed = dataprep(["run", str(killed_config), "--inline", "--resume"], env)
    out, err = resumed.communicate(timeout=900)
    assert resumed.returncode == 0, err[-3000:]
    assert "resumed)" in out and "(0 resumed)" not in out
    assert texts(direct, "corpus-out/killed") == expected
    killed = json.loads(direct.cat("corpus-out/killed/manifest.json"))
    assert killed["totals"] == manifest["totals"]
    assert killed["stages"] == manifest["stages"]
    clean_rows, killed_rows = rows(direct, "corpus-out/clean"), rows(direct, "corpus-out/killed")
    assert [r["id"] for r in killed_rows] == [r["id"] for r in clean_rows]  # same order
    for column in clean_rows[0]:
        assert [r[column] for r in killed_rows] == [r[column] for r in clean_rows], column
    assert direct.cat("corpus-out/killed/tokenizer.json") == \
        direct.cat("corpus-out/clean/tokenizer.json")
    assert [s["sha256"] for s in killed["shards"]] == [s["sha256"] for s in manifest["shards"]]
    assert not direct.glob("corpus-out/killed/**/.tmp-*")
    assert not direct.exists("corpus-out/killed/.dataprep.lock")
    assert direct.exists("corpus-out/killed/report.html")
