"""Progress display of real inline runs: tqdm bars, log lines, failures, and the CLI flags."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
import yaml
from helpers import run_recorded
from test_report import run_config, write_corpus

from dataprep.cli import build_parser, main
from dataprep.config import parse_config
from dataprep.pipeline import build_pipeline
from dataprep.progress import Progress, unit_documents


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path, files={"web": 2, "books": 1})
    return tmp_path


@pytest.fixture
def dataprep_logger():
    """The CLI sets the level of the ``dataprep`` logger: put it back afterwards."""
    logger = logging.getLogger("dataprep")
    level = logger.level
    yield logger
    logger.setLevel(level)


def run_with(base: Path, progress: Progress, records: list | None = None) -> dict:
    def on_unit(phase: int, record: dict) -> None:
        if records is not None:
            records.append((phase, record))
        progress.on_unit(phase, record)

    pipeline = build_pipeline(parse_config(run_config(base, sources=("web", "books")),
                                           base_dir=str(base)))
    run_recorded(pipeline, on_phase=progress.on_phase, on_unit=on_unit)
    progress.close()
    return json.loads((base / "out" / "manifest.json").read_text())


def phase_documents(manifest: dict) -> tuple[tuple[int, int], tuple[int, int]]:
    """(docs in, docs kept) of phase 0 (read..gopher_quality) and 1 (exact_dedup, pii)."""
    stages = {s["stage"]: s for s in manifest["stages"]}
    return ((stages["read"]["rows_in"], stages["gopher_quality"]["rows_out"]),
            (stages["exact_dedup"]["rows_in"], stages["pii"]["rows_out"]))


def test_bars_count_units_and_documents_per_phase(corpus: Path):
    stream = io.StringIO()
    manifest = run_with(corpus, Progress(bars=True, stream=stream))
    text = stream.getvalue()
    (in0, kept0), (in1, kept1) = phase_documents(manifest)
    final = {}
    for line in text.replace("\r", "\n").splitlines():
        if line.startswith("phase "):
            final[line.split(":")[0]] = line  # tqdm redraws: the last state of each bar
    assert set(final) == {"phase 0", "phase 1"}
    assert "3/3" in final["phase 0"] and f"{in0:,} docs" in final["phase 0"]
    assert f"{kept0 / in0:.1%} kept" in final["phase 0"]
    assert "3/3" in final["phase 1"] and f"{in1:,} docs" in final["phase 1"]
    assert f"{kept1 / in1:.1%} kept" in final["phase 1"]
    assert "exact_dedup: corpus-wide step over 3 units" in text


def test_log_lines_when_not_a_terminal(corpus: Path, caplog):
    caplog.set_level(logging.DEBUG, logger="dataprep")
    records: list = []
    manifest = run_with(corpus, Progress(bars=False), records)
    messages = [r.getMessage() for r in caplog.records if r.name == "dataprep"]
    (in0, kept0), (in1, kept1) = phase_documents(manifest)
    assert "phase 0: 3 units to run, 0 already done" in messages
    done = [m for m in messages if " done: " in m]
    assert len(done) == 2
    assert done[0].startswith(f"phase 0 done: 3/3 units, {in0:,} docs, ")
    assert done[0].endswith(f"{kept0 / in0:.1%} kept")
    assert done[1].startswith(f"phase 1 done: 3/3 units, {in1:,} docs, ")
    # One DEBUG line per unit and phase, with the unit's own counts.
    per_unit = [m for m in messages if " unit " in m and "documents in" in m]
    assert len(per_unit) == 6
    assert sum(unit_documents(r)[0] for p, r in records if p == 0) == in0
    assert sum(unit_documents(r)[1] for p, r in records if p == 1) == kept1


def test_failures_are_reported_with_unit_path_and_stage(caplog):
    caplog.set_level(logging.INFO, logger="dataprep")
    progress = Progress(bars=False, run_dir="out/x")
    progress.on_phase("phase 0: 2 units to run, 0 already done")
    progress.on_unit(0, {"unit": 1, "path": "in/a.jsonl", "error": "OSError: disk full",
                         "traceback": "Traceback ..."})
    progress.on_unit(0, {"unit": 2, "path": "in/b.jsonl", "stats": {
        "read": {"rows_in": 4, "rows_out": 4, "bytes_in": 1, "bytes_out": 1, "dropped": {}},
        "pii": {"rows_in": 4, "rows_out": 2, "bytes_in": 1, "bytes_out": 1,
                "dropped": {"pii:error": 2}}}})
    progress.close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "unit 1 (in/a.jsonl) failed: OSError: disk full",
        "unit 2 (in/b.jsonl): stage pii failed on 2 documents; their ids: dataprep inspect "
        "out/x --reason pii:error",
    ]
    assert any(m.startswith("phase 0 done: 2/2 units, 4 docs") for m in caplog.messages)


def test_cli_quiet_and_verbose(corpus: Path, caplog, capsys, dataprep_logger, monkeypatch):
    monkeypatch.chdir(corpus)  # input paths are relative to where the run starts
    config = corpus / "run.yaml"
    config.write_text(yaml.safe_dump(run_config(corpus, sources=("web", "books"))))
    caplog.set_level(logging.DEBUG)
    assert main(["run", str(config), "--inline", "--quiet"]) == 0
    assert not [r for r in caplog.records if r.name == "dataprep"]
    assert "documents kept" in capsys.readouterr().out
    caplog.clear()
    assert main(["run", str(config), "--inline", "-v"]) == 0
    messages = [r.getMessage() for r in caplog.records if r.name == "dataprep"]
    assert any("phase 1 done" in m for m in messages)
    assert any("documents in" in m for m in messages)  # per-unit DEBUG lines


def test_verbosity_flags_go_before_or_after_the_command():
    parser = build_parser()
    assert parser.parse_args(["--quiet", "run", "c.yaml"]).quiet
    assert parser.parse_args(["run", "c.yaml", "-q"]).quiet
    assert parser.parse_args(["-v", "report", "out"]).verbose
    assert not parser.parse_args(["diff", "a", "b"]).verbose


def test_cli_keeps_the_one_line_config_error(tmp_path: Path, capsys):
    config = tmp_path / "bad.yaml"
    config.write_text(yaml.safe_dump({**run_config(tmp_path), "stages": [{"nope": {}}]}))
    assert main(["run", str(config), "--inline"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown stage 'nope'" in err[0]

