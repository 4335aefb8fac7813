"""The output directory: refused when a run would delete or re-read what it should not, locked
against a second run, verified on --resume (reliability findings F2, F3, F9, F13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from dataprep.cli import main

TEXT = ("The harbour ferry leaves every hour from the north pier and the crossing takes "
        "twenty minutes when the sea is calm. ") * 5


def write_inputs(folder: Path, n: int = 8) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docs.jsonl").write_text("".join(
        json.dumps({"id": f"d{i}", "text": f"{TEXT} Item {i % 6}."}) + "\n" for i in range(n)))


def write_config(base: Path, inputs: str, output: str, stages=None) -> Path:
    inputs = inputs if inputs.startswith("/") else f"{base}/{inputs}"
    config = {"name": "outdir", "inputs": [{"format": "jsonl", "paths": [inputs]}],
              "stages": stages or [{"gopher_quality": {}}, {"exact_dedup": {}}],
              "output": {"path": output}}
    path = base / "c.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def run(config: Path, *extra: str) -> int:
    return main(["run", str(config), "--inline", "--quiet", *extra])


def one_error_line(capsys) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_output_holding_the_inputs_and_other_files_is_refused(tmp_path, capsys):
    out = tmp_path / "v"
    write_inputs(out / "data")
    (out / "data" / "notes.txt").write_text("notes")
    config = write_config(tmp_path, str(out / "data" / "*.jsonl"), str(out))
    assert run(config) == 2
    assert "holds the input" in one_error_line(capsys)
    assert (out / "data" / "docs.jsonl").exists() and (out / "data" / "notes.txt").exists()


def test_output_with_foreign_files_is_refused_and_left_alone(tmp_path, capsys):
    write_inputs(tmp_path / "in")
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "data" / "mine.parquet").write_text("user data")
    (out / "manifest.json").write_text("{}")
    config = write_config(tmp_path, "in/*.jsonl", str(out))
    assert run(config) == 2
    assert "not a dataprep run directory" in one_error_line(capsys)
    (out / "notes.txt").write_text("x")
    assert run(config) == 2
    assert "did not write (notes.txt)" in one_error_line(capsys)
    assert (out / "data" / "mine.parquet").read_text() == "user data"


def test_output_equal_to_an_input_directory_is_refused(tmp_path, capsys):
    write_inputs(tmp_path / "pq")
    config = write_config(tmp_path, str(tmp_path / "pq"), str(tmp_path / "pq"))
    assert run(config) == 2
    assert "holds the input" in one_error_line(capsys)
    config = write_config(tmp_path, str(tmp_path / "pq"), str(tmp_path / "pq" / "out"))
    assert run(config) == 2
    assert "inside the input directory" in one_error_line(capsys)
    config = write_config(tmp_path, str(tmp_path / "**"), str(tmp_path / "out"))
    assert run(config) == 2
    assert "would match files the run writes" in one_error_line(capsys)


def test_a_second_run_into_a_run_directory_replaces_it(tmp_path):
    write_inputs(tmp_path / "in")
    config = write_config(tmp_path, "in/*.jsonl", str(tmp_path / "out"))
    assert run(config) == 0
    first = pq.read_table(tmp_path / "out" / "data").num_rows
    assert run(config) == 0
    assert pq.read_table(tmp_path / "out" / "data").num_rows == first == 6
    assert not (tmp_path / "out" / ".dataprep.lock").exists()


def test_a_live_run_locks_the_directory(tmp_path, capsys):
    write_inputs(tmp_path / "in")
    out = tmp_path / "out"
    config = write_config(tmp_path, "in/*.jsonl", str(out))
    assert run(config) == 0
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = {"host": os.uname().nodename, "pid": holder.pid}
        (out / ".dataprep.lock").write_text(json.dumps(lock))
        assert run(config) == 2
        assert f"another dataprep run (pid {holder.pid})" in one_error_line(capsys)
    finally:
        holder.kill()
        holder.wait()
    # The holder is gone: its lock is stale and taken over.
    assert run(config, "--resume") == 0
    assert not (out / ".dataprep.lock").exists()


def test_the_lock_is_held_until_manifest_and_report_are_written(tmp_path, monkeypatch):
    import dataprep.report

    write_inputs(tmp_path / "in")
    out = tmp_path / "out"
    config = write_config(tmp_path, "in/*.jsonl", str(out))
    real_build_report = dataprep.report.build_report
    second: list[subprocess.CompletedProcess] = []

    def build_report_after_a_second_run(run_dir: str) -> str:
        # The first run is done with its units and writes its report: a second run now must
        # be refused, not wipe the directory under it.
        second.append(subprocess.run([sys.executable, "-m", "dataprep.cli", "run", str(config),
                                      "--inline", "--quiet"], capture_output=True, text=True))
        return real_build_report(run_dir)

    monkeypatch.setattr(dataprep.report, "build_report", build_report_after_a_second_run)
    assert run(config) == 0
    assert second[0].returncode == 2
    assert "another dataprep run (pid" in second[0].stderr
    assert (out / "manifest.json").exists() and (out / "report.html").exists()
    assert pq.read_table(out / "data").num_rows == 6
    assert not (out / ".dataprep.lock").exists()


def _units_of_phase(out: Path, phase: int) -> list[Path]:
    return sorted((out / "_work" / f"phase-{phase}").glob("unit-*.json"))


def test_resume_redoes_units_whose_files_are_gone_or_whose_marker_is_broken(tmp_path):
    for i in range(3):
        write_inputs(tmp_path / "in" / f"p{i}", n=8)
    config = write_config(tmp_path, "in/*/docs.jsonl", str(tmp_path / "out"),
                          stages=[{"gopher_quality": {}}])
    config_text = yaml.safe_load(config.read_text())
    config_text["stages"] = [{"gopher_quality": {}}, {"exact_dedup": {}}]
    config.write_text(yaml.safe_dump(config_text))
    assert run(config) == 0
    out = tmp_path / "out"
    clean = sorted(pq.read_table(out / "data").column("text").to_pylist())
    # Unit 1's intermediate deleted with its phase-0 marker kept; unit 2's marker truncated;
    # a temporary file left by an interrupted write.
    (out / "_work" / "phase-0" / "unit-000001.parquet").unlink()
    for marker in _units_of_phase(out, 1):
        marker.unlink()
    for shard in (out / "data").glob("*.parquet"):
        shard.unlink()
    marker = _units_of_phase(out, 0)[2]
    marker.write_text(marker.read_text()[:20])
    (out / "_work" / "phase-0" / ".tmp-abc123-unit-000002.parquet").write_bytes(b"partial")
    assert run(config, "--resume") == 0
    assert sorted(pq.read_table(out / "data").column("text").to_pylist()) == clean
    assert not list(out.rglob(".tmp-*"))


def test_resume_refuses_changed_input_and_an_unreadable_run_file(tmp_path, capsys):
    write_inputs(tmp_path / "in")
    out = tmp_path / "out"
    config = write_config(tmp_path, "in/*.jsonl", str(out))
    assert run(config) == 0
    with open(tmp_path / "in" / "docs.jsonl", "a") as f:
        f.write(json.dumps({"id": "new", "text": TEXT}) + "\n")
    assert run(config, "--resume") == 2
    assert "changed (size or mtime)" in one_error_line(capsys)
    (out / "_work" / "run.json").write_text("")
    assert run(config, "--resume") == 2
    assert "run.json cannot be read" in one_error_line(capsys)
    assert run(config) == 0  # a fresh run is fine


@pytest.mark.skipif(os.geteuid() != 0, reason="needs a tmpfs mount")
def test_full_disk_is_one_line_and_resume_cleans_up(tmp_path, capsys):
    write_inputs(tmp_path / "in", n=200)
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        config = write_config(tmp_path, "in/*.jsonl", str(disk / "out"))
        assert run(config) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert err and "no space left on the device" in err[-1]
        assert "Traceback" not in "\n".join(err)
    finally:
        subprocess.run(["umount", str(disk)], check=True)
