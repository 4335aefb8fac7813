"""``dataprep inspect`` filters and ``dataprep diff`` on real runs, checked against the shards."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_report import make_run

from dataprep.cli import main
from dataprep.diff import diff_runs, format_diff
from dataprep.shard_view import inspect_path


@pytest.fixture(scope="module")
def runs(report_run: Path) -> tuple[Path, Path]:
    """The same corpus with Gopher's 50-word minimum (test_report's run) and a 150-word one."""
    return report_run, make_run(report_run.parent, "inspect-b", report=False,
                                  min_doc_words=150)


def group_rows(output: str) -> dict[str, int]:
    """Rows per group from inspect's ``== group: N shards, M rows`` headers."""
    return {m[1]: int(m[2].replace(",", ""))
            for m in re.finditer(r"^== (\w+): \d+ shards, ([\d,]+) rows", output, re.M)}


def test_inspect_counts_and_filters_match_the_shards(runs):
    run, _ = runs
    kept = pq.read_table(run / "data", columns=["id", "source", "lang"])
    rejected = pq.read_table(run / "rejected", columns=["id", "source", "lang", "drop_reason"])
    output = inspect_path(str(run), rows=2)
    assert group_rows(output) == {"data": kept.num_rows, "rejected": rejected.num_rows}
    for reason, n in Counter(rejected.column("drop_reason").to_pylist()).items():
        assert f"  {reason}: {n}" in output

    by_prefix = inspect_path(str(run), rows=1, reason="gopher_quality")
    short = [r for r in rejected.column("drop_reason").to_pylist()
             if r.startswith("gopher_quality")]
    assert group_rows(by_prefix) == {"data": 0, "rejected": len(short)}
    assert "drop_reason: 'gopher_quality:short_doc'" in by_prefix

    german = inspect_path(str(run), rows=5, lang="de")
    assert group_rows(german) == {
        "data": kept.column("lang").to_pylist().count("de"),
        "rejected": rejected.column("lang").to_pylist().count("de")}
    assert "lang: 'en'" not in german

    both = inspect_path(str(run), rows=50, source="books", reason="exact_dedup")
    expected = [i for i, s, r in zip(rejected.column("id").to_pylist(),
                                     rejected.column("source").to_pylist(),
                                     rejected.column("drop_reason").to_pylist(), strict=True)
                if s == "books" and r.startswith("exact_dedup")]
    assert group_rows(both)["rejected"] == len(expected) > 0
    assert sorted(re.findall(r"^  id: '([^']+)'", both, re.M)) == sorted(expected)


def test_inspect_cli_on_a_single_shard(runs, capsys):
    run, _ = runs
    manifest = json.loads((run / "manifest.json").read_text())
    shard = manifest["shards"][0]
    assert main(["inspect", str(run / shard["path"]), "-n", "0", "--source", "web"]) == 0
    out = capsys.readouterr().out
    web = pq.read_table(run / shard["path"], columns=["source"]).column("source")
    assert group_rows(out) == {"file": web.to_pylist().count("web")}
    assert "\n--\n" not in out  # -n 0: no rows


def test_diff_counts_and_moved_ids(runs):
    a, b = runs
    diff = diff_runs(str(a), str(b))
    ma, mb = (json.loads((r / "manifest.json").read_text()) for r in (a, b))
    assert diff.totals["documents"] == (ma["totals"]["documents"], mb["totals"]["documents"])
    reasons_b = {r: n for s in mb["stages"] for r, n in s["dropped"].items()}
    assert diff.reasons["gopher_quality:short_doc"][1] == reasons_b["gopher_quality:short_doc"]

    def documents(run: Path) -> dict[str, str | None]:
        kept = pq.read_table(run / "data", columns=["id"]).column("id").to_pylist()
        rejected = pq.read_table(run / "rejected", columns=["id", "drop_reason"])
        return {**dict.fromkeys(kept), **dict(zip(rejected.column("id").to_pylist(),
                                                   rejected.column("drop_reason").to_pylist(),
                                                   strict=True))}

    docs_a, docs_b = documents(a), documents(b)
    assert diff.kept_to_rejected == sorted(
        (i, docs_b[i]) for i in docs_a if docs_a[i] is None and docs_b[i] is not None)
    assert diff.kept_to_rejected and not diff.rejected_to_kept
    # The German text is a duplicate under A; with 150 words it is too short first.
    assert ("web1-de", "exact_dedup:duplicate", "gopher_quality:short_doc") in \
        diff.reason_changed
    assert diff.only_in_a == diff.only_in_b == 0
    text = format_diff(diff, max_ids=3)
    assert f"kept in A, rejected in B: {len(diff.kept_to_rejected)}" in text
    assert f"... {len(diff.kept_to_rejected) - 3} more" in text


def test_diff_cli_and_a_missing_run(runs, capsys, tmp_path):
    a, b = runs
    assert main(["diff", str(a), str(b), "--ids", "1"]) == 0
    assert "rejected in A, kept in B: 0" in capsys.readouterr().out
    assert main(["diff", str(a), str(tmp_path)]) == 2
    assert "no manifest.json" in capsys.readouterr().err
