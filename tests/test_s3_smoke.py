"""A small pipeline on S3 (a local moto server behind a fault proxy) in the default suite, and
the retry policy of ``dataprep.io.retry``; tests/test_s3.py runs the whole sample pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from dataprep.io import retry

REPO = Path(__file__).resolve().parents[1]
TEXT = ("The harbour ferry leaves every hour from the north pier and the crossing takes "
        "twenty minutes when the sea is calm. ")


def test_transient_errors_are_retried_a_bounded_number_of_times(monkeypatch):
    monkeypatch.setattr(retry, "FIRST_PAUSE_S", 0.0)
    answers = [OSError("AWS Error SLOW_DOWN during PutObject operation: Please reduce"),
               OSError("AWS Error UNKNOWN (HTTP status 503) during HeadObject operation"),
               "done"]
    before = retry.retry_counts()

    def flaky():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert retry.with_retries("stat", flaky) == "done"
    assert retry.retries_since(before) == {"stat": 2}
    calls = []

    def missing():
        calls.append(1)
        raise FileNotFoundError("Path does not exist 'bkt/x'")

    with pytest.raises(FileNotFoundError):
        retry.with_retries("stat", missing)
    assert len(calls) == 1  # not transient: raised at once

    def always_throttled():
        calls.append(1)
        raise OSError("AWS Error SLOW_DOWN during GetObject operation")

    calls.clear()
    with pytest.raises(OSError, match="SLOW_DOWN"):
        retry.with_retries("read", always_throttled)
    assert len(calls) == retry.ATTEMPTS


def _config(tmp_path: Path, inputs: str, output: str) -> Path:
    config = {
        "name": "s3-smoke",
        "inputs": [{"format": "jsonl", "paths": [inputs], "source": "notes"},
                   {"format": "text", "paths": [inputs.replace("*.jsonl", "*.txt")],
                    "source": "books"}],
        # A corpus-wide step that reads and writes the run dir, then the output step.
        "stages": [{"tokenize": {"train": {"kind": "bpe", "vocab_size": 300}}}],
        "output": {"path": output, "mixture": {"weights": {"notes": 0.5, "books": 0.5},
                                               "seed": 1},
                   "shuffle": {"seed": 2}},
    }
    path = tmp_path / f"{output.rsplit('/', 1)[-1]}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def _cli(args: list[str], env: dict[str, str], cwd: Path | None = None
         ) -> subprocess.CompletedProcess:
    started = time.monotonic()
    try:
        return subprocess.run([sys.executable, "-m", "dataprep.cli", *args, "--quiet"],
                              env={**os.environ, **env}, capture_output=True, text=True,
                              timeout=300, cwd=cwd)
    finally:
        print(f"dataprep {args[0]}: {time.monotonic() - started:.1f} s")


def test_small_pipeline_on_s3_equals_the_local_run(tmp_path):
    pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    from s3_server import s3_server

    local_in = tmp_path / "smoke-in"  # the same id paths as s3://smoke-in
    local_in.mkdir()
    rows = [{"id": f"n{i}", "text": f"{TEXT * 3} Note {i % 5}."} for i in range(12)]
    (local_in / "notes.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:8]))
    # The second file repeats ids of the first: the step that renames them runs on S3 too.
    repeated = [{**r, "id": f"n{i}"} for i, r in enumerate(rows[8:])]
    (local_in / "notes-2.jsonl").write_text("".join(json.dumps(r) + "\n" for r in repeated))
    (local_in / "book.txt").write_text(f"Chapter 1.\n\n{TEXT * 20}\n")
    # Relative input paths are ids relative to the working directory: "smoke-in/...".
    local = _cli(["run", str(_config(tmp_path, "smoke-in/*.jsonl", str(tmp_path / "out"))),
                  "--inline"], {}, cwd=tmp_path)
    assert local.returncode == 0, local.stderr[-2000:]
    expected = json.loads((tmp_path / "out" / "manifest.json").read_text())

    with s3_server(rate=0.05, get_rate=0.05) as s3:
        s3.direct.mkdir("smoke-in")
        s3.direct.mkdir("smoke-out")
        for path in local_in.iterdir():
            s3.direct.put_file(str(path), f"smoke-in/{path.name}")
        config = _config(tmp_path, "s3://smoke-in/*.jsonl", "s3://smoke-out/run")
        remote = _cli(["run", str(config), "--inline"], s3.env)
        assert remote.returncode == 0, remote.stderr[-2000:]
        manifest = json.loads(s3.direct.cat("smoke-out/run/manifest.json"))
        # Byte-identical shards, through throttling and 5xx answers that were repeated.
        assert [s["sha256"] for s in manifest["shards"]] == \
            [s["sha256"] for s in expected["shards"]]
        assert manifest["totals"] == expected["totals"]
        assert manifest["ids_renamed"] == expected["ids_renamed"] == \
            {"in_units": 0, "across_units": 4}
        assert s3.proxy.injected_gets and sum(manifest["io_retries"].values()) > 0
        assert s3.direct.cat("smoke-out/run/tokenizer.json") == \
            (tmp_path / "out" / "tokenizer.json").read_bytes()
        assert b"<html" in s3.direct.cat("smoke-out/run/report.html")[:2000].lower()
        assert not s3.direct.exists("smoke-out/run/.dataprep.lock")
