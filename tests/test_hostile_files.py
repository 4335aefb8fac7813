"""Report and inspect on hostile run directories (reliability finding F12)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from dataprep.cli import main

TEXT = ("The harbour ferry leaves every hour from the north pier and the crossing takes "
        "twenty minutes. ") * 8


def small_run(base: Path, source: str) -> Path:
    (base / "in.jsonl").write_text("".join(
        json.dumps({"id": f"d{i}", "text": f"{TEXT} number {i}"}) + "\n" for i in range(4)))
    config = {"name": "hostile",
              "inputs": [{"format": "jsonl", "paths": [str(base / "in.jsonl")],
                          "source": source}],
              "stages": [{"gopher_quality": {}}], "output": {"path": str(base / "out")}}
    (base / "c.yaml").write_text(yaml.safe_dump(config))
    assert main(["run", str(base / "c.yaml"), "--inline", "--quiet"]) == 0
    return base / "out"


def test_dollar_signs_in_a_source_name_do_not_crash_the_report(tmp_path):
    run = small_run(tmp_path, r"price$\alpha\unknowncmd$")
    page = (run / "report.html").read_text(encoding="utf-8")
    assert r"price$\alpha\unknowncmd$" in page  # shown as written, not as math


def test_failed_unit_field_of_a_tampered_manifest_is_escaped(tmp_path, capsys):
    run = small_run(tmp_path, "web")
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["units_failed"] = [{"unit": "<script>document.title='PWNED'</script>",
                                 "path": "<img src=x onerror=alert(1)>", "error": "</li>boom"}]
    (run / "manifest.json").write_text(json.dumps(manifest))
    assert main(["report", str(run)]) == 0
    page = (run / "report.html").read_text(encoding="utf-8")
    assert "<script>document.title" not in page and "<img src=x" not in page
    assert "&lt;script&gt;document.title" in page


def test_inspect_does_not_print_terminal_escapes(tmp_path, capsys):
    hostile = "\x1b]0;PWNED\x07\x1b[2J"
    table = pa.table({"id": ["a"], "text": ["some text"], "source": [hostile],
                      "drop_reason": [None], hostile + "col": [1]})
    pq.write_table(table, tmp_path / "x.parquet")
    assert main(["inspect", str(tmp_path / "x.parquet")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;PWNED" in out


def test_inspect_cli_still_prints_plain_text(tmp_path, capsys):
    run = small_run(tmp_path, "web")
    shutil.rmtree(run / "rejected", ignore_errors=True)
    assert main(["inspect", str(run)]) == 0
    assert "== data: 1 shards, 4 rows" in capsys.readouterr().out
