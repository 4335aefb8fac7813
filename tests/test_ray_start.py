"""How a Ray run starts and ends (reliability finding F7): a local run starts its own Ray and
never joins a stale or running ``ray start`` cluster; an address that does not answer fails
within seconds with one line; a unit the memory monitor kills is not retried forever.

The stale cluster is simulated with a dead address in the ``ray_current_cluster`` marker of a
temporary ``RAY_TMPDIR`` (so the machine's own marker and other Ray processes are untouched).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

TEXT = ("The harbour ferry leaves every hour from the north pier and the crossing takes "
        "twenty minutes. ") * 6


def dead_address() -> str:
    """host:port of a port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"127.0.0.1:{port}"


@pytest.fixture
def ray_tmpdir():
    """A short temporary RAY_TMPDIR (Ray's socket paths must stay under 107 bytes) whose
    marker names a cluster that is gone; removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="rt", dir="/tmp"))
    (path / "ray").mkdir()
    (path / "ray" / "ray_current_cluster").write_text(dead_address())
    yield path
    shutil.rmtree(path, ignore_errors=True)


def write_config(base: Path) -> Path:
    (base / "in.jsonl").write_text("".join(
        json.dumps({"id": f"d{i}", "text": f"{TEXT} {i}"}) + "\n" for i in range(6)))
    config = {"name": "raystart",
              "inputs": [{"format": "jsonl", "paths": [str(base / "in.jsonl")]}],
              "stages": [{"gopher_quality": {}}], "output": {"path": str(base / "out")}}
    path = base / "c.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def dataprep(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"} | env
    return subprocess.run([sys.executable, "-m", "dataprep.cli", *args], env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def test_stale_cluster_marker_is_not_joined(tmp_path, ray_tmpdir):
    config = write_config(tmp_path)
    done = dataprep(["run", str(config), "--quiet"], {"RAY_TMPDIR": str(ray_tmpdir)},
                    timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["runner"] == "ray" and manifest["totals"]["documents"] == 6


@pytest.mark.parametrize("how", ["flag", "env", "auto"])
def test_unreachable_cluster_fails_within_seconds_with_one_line(tmp_path, ray_tmpdir, how):
    config = write_config(tmp_path)
    address = (ray_tmpdir / "ray" / "ray_current_cluster").read_text()
    args, env = ["run", str(config)], {"RAY_TMPDIR": str(ray_tmpdir)}
    if how == "flag":
        args += ["--address", address]
    else:
        env["RAY_ADDRESS"] = address if how == "env" else "auto"
    started = time.monotonic()
    done = dataprep(args, env, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not answer" in lines[0] and address in lines[0], lines
    assert time.monotonic() - started < 60  # Ray used to retry the GCS for minutes
    assert not (tmp_path / "out").exists()


def test_oom_killed_unit_is_not_retried_forever(tmp_path, ray_tmpdir):
    """With a memory threshold every node is above, the memory monitor kills each attempt:
    the unit fails after 1 + OOM_RETRIES attempts instead of being retried forever."""
    config = write_config(tmp_path)
    env = {"RAY_TMPDIR": str(ray_tmpdir), "RAY_memory_usage_threshold": "0.01",
           "RAY_memory_monitor_refresh_ms": "50"}
    done = dataprep(["run", str(config), "--quiet"], env, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "unit 0" in done.stderr and "failed" in done.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [u["unit"] for u in manifest["units_failed"]] == [0]
