"""End-to-end runs of small pipelines with the inline runner, crashes and resumes included."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers import run_recorded

from dataprep.config import parse_config
from dataprep.pipeline import build_pipeline
from dataprep.runners.inline import InlineExecutor

ENGLISH = ("The harbour ferry leaves every hour from the north pier, and the crossing takes about "
           "twenty minutes when the sea is calm.")
GERMAN = "Der Zug nach Hamburg fährt heute wegen Bauarbeiten eine halbe Stunde später ab."


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Four JSONL files: English and German documents, one without an id field."""
    data = tmp_path / "in"
    data.mkdir()
    for f in range(4):
        rows = [{"id": f"f{f}-{i}", "text": f"{ENGLISH} Item {f}.{i}.", "topic": "ferry"}
                for i in range(6)]
        rows.append({"id": f"f{f}-de", "text": GERMAN})
        rows.append({"text": f"{ENGLISH} No id here {f}."})
        write_jsonl(data / f"part-{f}.jsonl", rows)
    return tmp_path


def make_config(base: Path, out: str = "out", **output) -> dict:
    return {
        "name": "t",
        "inputs": [{"format": "jsonl", "paths": ["in/*.jsonl"], "source": "mixed"}],
        "stages": [{"langid": {"languages": ["en"]}}],
        "output": {"path": str(base / out), "shard_rows": 5, **output},
    }


def run_inline(base: Path, raw: dict, **options):
    pipeline = build_pipeline(parse_config(raw, base_dir=str(base)))
    return run_recorded(pipeline, **options)


def shard_bytes(run_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run_dir)): p.read_bytes()
            for p in sorted(run_dir.glob("*/part-*.parquet"))}


def test_inline_run_writes_data_rejected_and_manifest(corpus: Path):
    result = run_inline(corpus, make_config(corpus))
    out = corpus / "out"
    data = pq.read_table(out / "data")
    rejected = pq.read_table(out / "rejected")
    assert data.num_rows == 28 and rejected.num_rows == 4
    assert set(rejected.column("drop_reason").to_pylist()) == {"langid:wrong_language"}
    assert set(data.column("lang").to_pylist()) == {"en"}
    assert "drop_reason" not in data.column_names
    assert all(json.loads(m)["topic"] == "ferry" for m in data.column("meta").to_pylist() if m)
    ids = data.column("id").to_pylist()
    assert len(set(ids)) == len(ids) and "f0-0" in ids and (  # id: byte offset of the last line
        f"mixed/in/part-0.jsonl#{(corpus / 'in/part-0.jsonl').read_bytes().rindex(b'{')}" in ids)
    manifest = json.loads((out / "manifest.json").read_text())
    langid = next(s for s in manifest["stages"] if s["stage"] == "langid")
    assert langid == {"stage": "langid", "rows_in": 32, "rows_out": 28,
                      "bytes_in": langid["bytes_in"], "bytes_out": langid["bytes_out"],
                      "dropped": {"langid:wrong_language": 4}, "rule_sets": {"english": 28}}
    assert sum(s["rows"] for s in manifest["shards"]) == 28
    assert all(s["rows"] <= 5 for s in manifest["shards"])
    assert result.units == 4 and not result.failed


def test_two_clean_runs_give_byte_identical_shards(corpus: Path):
    run_inline(corpus, make_config(corpus, "a"))
    run_inline(corpus, make_config(corpus, "b"))
    first, second = shard_bytes(corpus / "a"), shard_bytes(corpus / "b")
    assert first and first == second


CRASH_SCRIPT = """
import os, sys
from dataprep.io import shards
commit = shards.ShardWriter._commit
count = 0
def crash_after(self):
    global count
    commit(self)
    count += 1
    if count == int(os.environ["CRASH_AFTER_COMMITS"]):
        os._exit(17)  # the process dies between two shards of a unit
shards.ShardWriter._commit = crash_after
from dataprep.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_killed_run_resumes_to_the_clean_output(corpus: Path, tmp_path: Path):
    import yaml

    run_inline(corpus, make_config(corpus, "clean"))
    config_path = tmp_path / "crash.yaml"
    config_path.write_text(yaml.safe_dump(make_config(corpus, "crashed")))
    env = {**os.environ, "CRASH_AFTER_COMMITS": "5"}
    cmd = [sys.executable, "-c", CRASH_SCRIPT, "run", str(config_path), "--inline"]
    crashed = subprocess.run(cmd, cwd=corpus, env=env, capture_output=True, text=True)
    assert crashed.returncode == 17
    finished = sorted((corpus / "crashed" / "_work" / "phase-0").glob("unit-*.json"))
    assert 0 < len(finished) < 4

    resume = [sys.executable, "-m", "dataprep.cli", "run", str(config_path), "--inline",
              "--resume"]
    resumed = subprocess.run(resume, cwd=corpus, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({len(finished)} resumed)" in resumed.stdout
    assert shard_bytes(corpus / "crashed") == shard_bytes(corpus / "clean")
    manifest = json.loads((corpus / "crashed" / "manifest.json").read_text())
    clean = json.loads((corpus / "clean" / "manifest.json").read_text())
    assert manifest["stages"] == clean["stages"] and manifest["shards"] == clean["shards"]


def test_resume_refuses_a_changed_config(corpus: Path):
    run_inline(corpus, make_config(corpus))
    changed = make_config(corpus)
    changed["stages"] = []
    from dataprep.errors import ConfigError

    with pytest.raises(ConfigError, match="different config"):
        run_inline(corpus, changed, resume=True)


@pytest.mark.parametrize("mutate, message", [
    (lambda c: c.update(extra=1), "extra: unknown option"),
    (lambda c: c["stages"].append({"no_such_stage": {}}), "unknown stage 'no_such_stage'"),
    (lambda c: c["output"].update(shard_rows="many"), "output.shard_rows: expected an integer"),
    (lambda c: c["stages"][0]["langid"].update(languages="en"), "langid.languages"),
    (lambda c: c["inputs"][0].update(paths=["nothing/*.jsonl"]), "nothing/*.jsonl"),
    (lambda c: c["stages"].append({"langid": {}}), "appears twice"),
])
def test_bad_config_is_one_line_without_traceback(corpus: Path, mutate, message):
    import yaml

    raw = make_config(corpus)
    mutate(raw)
    path = corpus / "bad.yaml"
    path.write_text(yaml.safe_dump(raw))
    proc = subprocess.run([sys.executable, "-m", "dataprep.cli", "run", str(path), "--inline"],
                          cwd=corpus, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr


def test_global_dedup_phases_drop_duplicates_across_units(tmp_path: Path):
    (tmp_path / "in").mkdir()
    story = ("The night train crossed the border a little after two, and the conductor walked "
             "the corridor with a lamp, checking tickets in a voice too soft to wake anyone. ")
    other = ("Our village bakery opens at six; the rye loaves sell out first, then the seeded "
             "rolls, and by noon only the plain white bread is left on the shelves. ")
    write_jsonl(tmp_path / "in" / "a.jsonl", [{"id": "a0", "text": story * 3},
                                              {"id": "a1", "text": other * 3}])
    write_jsonl(tmp_path / "in" / "b.jsonl", [
        {"id": "b0", "text": story * 3},                                  # exact copy of a0
        {"id": "b1", "text": other * 2 + other.replace("six", "seven")},  # near copy of a1
    ])
    raw = make_config(tmp_path)
    raw["stages"] = [{"exact_dedup": {}}, {"minhash_dedup": {"threshold": 0.7}}]
    run_inline(tmp_path, raw)
    data = pq.read_table(tmp_path / "out" / "data")
    rejected = pq.read_table(tmp_path / "out" / "rejected").sort_by("id")
    assert sorted(data.column("id").to_pylist()) == ["a0", "a1"]
    assert rejected.column("drop_reason").to_pylist() == ["exact_dedup:duplicate",
                                                          "minhash_dedup:duplicate"]
    assert rejected.column("duplicate_of").to_pylist() == ["a0", "a1"]


def test_a_document_that_breaks_a_stage_is_rejected_with_the_error():
    from helpers import docs

    from dataprep.unit import apply_stage

    class Fragile:
        name = "fragile"

        def __call__(self, table):
            if "boom" in table.column("text").to_pylist():
                raise ValueError("cannot handle boom")
            return table

    out = apply_stage(Fragile(), "fragile", docs("fine", "boom", "also fine"))
    assert out.column("drop_reason").to_pylist() == [None, "fragile:error", None]
    assert json.loads(out.column("meta")[1].as_py())["error"] == "ValueError: cannot handle boom"


def test_a_stage_that_fails_on_every_document_fails_the_unit():
    from helpers import docs

    from dataprep.unit import apply_stage

    class Broken:
        name = "broken"

        def __call__(self, table):
            raise OSError("model file missing")

    with pytest.raises(OSError, match="model file missing"):
        apply_stage(Broken(), "broken", docs("a", "b", "c"))


def test_units_are_submitted_largest_first(tmp_path: Path):
    """A big unit started last keeps one worker busy while the others idle: the executor gets
    the units by size, and the shards keep the unit order."""
    (tmp_path / "in").mkdir()
    counts = {"a": 2, "b": 9, "c": 5}
    for name, n in counts.items():
        write_jsonl(tmp_path / "in" / f"{name}.jsonl",
                    [{"id": f"{name}{i}", "text": f"{ENGLISH} {i}"} for i in range(n)])
    submitted: list[str] = []

    class RecordingExecutor(InlineExecutor):
        def map(self, fn, items, on_result=None):
            if getattr(fn, "func", fn).__name__ == "process_unit":
                submitted.extend(Path(unit.path).stem for unit in items)
            return super().map(fn, items, on_result)

    run_inline(tmp_path, make_config(tmp_path), executor=RecordingExecutor())
    assert submitted == ["b", "c", "a"]
    first_shard = pq.read_table(tmp_path / "out" / "data" / "part-000000-0000.parquet")
    assert first_shard.column("id").to_pylist()[0] == "a0"


def test_a_unit_whose_documents_are_all_rejected_is_counted(tmp_path: Path):
    """Its marker lists no data shard: the manifest still counts its rows and lists its
    rejected shard, and a resumed run does not redo it."""
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl", [{"id": f"a{i}", "text": ENGLISH} for i in range(3)])
    write_jsonl(tmp_path / "in" / "b.jsonl", [{"id": f"b{i}", "text": GERMAN} for i in range(4)])
    result = run_inline(tmp_path, make_config(tmp_path))
    assert result.stats["read"].rows_in == 7
    assert sum(s.rows for s in result.data) + sum(s.rows for s in result.rejected) == 7
    resumed = run_inline(tmp_path, make_config(tmp_path), resume=True)
    assert resumed.units_skipped == 2
    assert resumed.stats["read"].rows_in == 7
