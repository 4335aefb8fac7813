"""Document ids (reliability finding F14): unique per run when the input repeats them, inside a
unit or across units (``dataprep.unique_ids``: deterministic, resumable, before dedup), the
input's own id kept in ``meta``; the same ``id`` field type in every shard."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from helpers import CrashingExecutor

from dataprep import unique_ids
from dataprep.cli import main
from dataprep.config import parse_config
from dataprep.pipeline import build_pipeline
from dataprep.run import run_pipeline
from dataprep.runners.inline import InlineExecutor
from dataprep.schema import BASE_SCHEMA

FERRY = ("The harbour ferry leaves every hour from the north pier and the crossing takes "
         "twenty minutes when the sea is calm. ") * 4
MARKET = ("On market days the square fills with stalls of cheese, bread and late apples, and "
          "the bakery opens an hour early. ") * 4
TOWER = ("The old clock tower was rebuilt after the storm with stone from the quarry above "
         "the village, and it still chimes. ") * 4


def _run(tmp_path: Path, inputs: list[dict], stages: list[dict], **output) -> Path:
    out = tmp_path / "out"
    config = {"name": "ids", "inputs": inputs, "stages": stages,
              "output": {"path": str(out), **output}}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(config))
    assert main(["run", str(path), "--inline", "--quiet"]) == 0
    return out


def _rows(directory: Path) -> list[dict]:
    return sorted(pq.read_table(directory).to_pylist(), key=lambda r: r["id"])


def test_repeated_input_ids_become_unique_and_dedup_keeps_the_survivor(tmp_path):
    lines = [{"id": "a#r1", "text": TOWER + " Again."}, {"id": "a", "text": FERRY},
             {"id": "a", "text": FERRY}, {"id": "a", "text": MARKET}, {"id": "b", "text": TOWER}]
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    out = _run(tmp_path, [{"format": "jsonl", "paths": [str(tmp_path / "docs.jsonl")]}],
               [{"exact_dedup": {}}])
    kept = _rows(out / "data")
    # The first "a" keeps its id; the repeats are named by their order in the file, passing
    # over a name the input itself uses ("a#r1" of the first line).
    assert [r["id"] for r in kept] == ["a", "a#r1", "a#r3", "b"]
    assert [json.loads(r["meta"] or "{}").get("input_id") for r in kept] == \
        [None, None, "a", None]
    assert [r["text"] for r in kept] == [FERRY, TOWER + " Again.", MARKET, TOWER]
    rejected = _rows(out / "rejected")
    # The exact duplicate of the first "a" is the one dropped, and it points at "a".
    assert [(r["id"], r["duplicate_of"]) for r in rejected] == [("a#r2", "a")]
    assert json.loads(rejected[0]["meta"])["input_id"] == "a"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["stages"][0]["rows_in"] == len(lines)


def test_the_same_file_listed_twice_is_read_once(tmp_path):
    (tmp_path / "in").mkdir()
    lines = [{"id": f"d{i}", "text": text} for i, text in enumerate([FERRY, MARKET, TOWER])]
    (tmp_path / "in" / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    path = str(tmp_path / "in" / "docs.jsonl")
    out = _run(tmp_path, [{"format": "jsonl", "paths": [path, str(tmp_path / "in" / "*.jsonl")]},
                          {"format": "jsonl", "paths": [path]}],
               [{"exact_dedup": {}}])
    assert [r["id"] for r in _rows(out / "data")] == ["d0", "d1", "d2"]
    assert not (out / "rejected").exists() or not _rows(out / "rejected")


def test_id_is_the_schema_field_in_every_shard(tmp_path):
    # Long documents are split by tokenize (ids rewritten), then the mixture repeats some
    # (ids rewritten again): every shard keeps BASE_SCHEMA's `id` field (string, not null).
    (tmp_path / "docs.jsonl").write_text("".join(
        json.dumps({"id": f"d{i}", "text": (FERRY if i % 2 else MARKET) * (1 + i % 4)}) + "\n"
        for i in range(12)))
    (tmp_path / "book.txt").write_text(TOWER * 6)
    tokenize = {"tokenize": {"train": {"kind": "bpe", "vocab_size": 300}, "max_tokens": 64}}
    inputs = [{"format": "jsonl", "paths": [str(tmp_path / "docs.jsonl")], "source": "notes"},
              {"format": "text", "paths": [str(tmp_path / "book.txt")], "source": "books"}]
    out = _run(tmp_path, inputs, [tokenize],
               mixture={"weights": {"notes": 0.3, "books": 0.7}, "seed": 0})
    shards = sorted((out / "data").glob("*.parquet"))
    assert shards
    for shard in shards:
        assert pq.read_schema(shard).field("id") == BASE_SCHEMA.field("id")
    ids = pq.read_table(out / "data").column("id").to_pylist()
    assert any("#" in i for i in ids) and any("@" in i for i in ids)
    assert len(set(ids)) == len(ids)


def _write_jsonl(path: Path, rows: list[tuple[str, str]]) -> str:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows))
    return str(path)


def _by_text(directory: Path) -> dict[str, tuple[str, str | None]]:
    """text -> (id, meta.input_id) of every row of the shards in ``directory``."""
    return {r["text"]: (r["id"], json.loads(r["meta"] or "{}").get("input_id"))
            for r in pq.read_table(directory).to_pylist()}


def test_ids_repeated_across_files_are_renamed_after_the_first_unit(tmp_path):
    # Unit 0 renames its own repeat of "a" to "a#r1", a name unit 1's input uses; unit 2's
    # input uses "a#r3". JSONL and Parquet inputs alike.
    first = _write_jsonl(tmp_path / "first.jsonl", [("a", FERRY), ("a", MARKET), ("b", TOWER)])
    pq.write_table(pa.table({"id": ["a", "a#r1", "b", "c"],
                             "text": [FERRY + "1", MARKET + "1", TOWER + "1", TOWER + "2"]}),
                   tmp_path / "second.parquet")
    third = _write_jsonl(tmp_path / "third.jsonl", [("a#r3", FERRY + "3")])
    out = _run(tmp_path, [{"format": "jsonl", "paths": [first]},
                          {"format": "parquet", "paths": [str(tmp_path / "second.parquet")]},
                          {"format": "jsonl", "paths": [third]}], [])
    assert _by_text(out / "data") == {
        FERRY: ("a", None), MARKET: ("a#r2", "a"), TOWER: ("b", None),
        # The input's own "a#r1" keeps its name over unit 0's rename; names continue the
        # within-unit scheme and pass over every id of the run ("a#r3" of unit 2).
        FERRY + "1": ("a#r4", "a"), MARKET + "1": ("a#r1", None), TOWER + "1": ("b#r1", "b"),
        TOWER + "2": ("c", None), FERRY + "3": ("a#r3", None)}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["ids_renamed"] == {"in_units": 1, "across_units": 3}
    assert "1 repeated inside a unit, 3 across units" in (out / "report.html").read_text()
    # The marker of each unit vouches for its rewritten shards.
    for shard in manifest["shards"]:
        assert (out / shard["path"]).stat().st_size == shard["bytes"]


def test_exact_dedup_sees_the_unique_ids_and_keeps_every_unique_document(tmp_path):
    # Both files use ids p and q: p is the same text in both (a duplicate), q is not.
    # In the second file z repeats the text of p there, which is a text of its own.
    first = _write_jsonl(tmp_path / "x.jsonl", [("p", FERRY), ("q", MARKET)])
    second = _write_jsonl(tmp_path / "y.jsonl", [("p", FERRY), ("q", TOWER), ("s", TOWER + "!"),
                                                 ("z", TOWER + "!")])
    out = _run(tmp_path, [{"format": "jsonl", "paths": [first, second]}],
               [{"exact_dedup": {}}])
    assert _by_text(out / "data") == {FERRY: ("p", None), MARKET: ("q", None),
                                      TOWER: ("q#r1", "q"), TOWER + "!": ("s", None)}
    rejected = sorted((r["id"], r["duplicate_of"]) for r in
                      pq.read_table(out / "rejected").to_pylist())
    assert rejected == [("p#r1", "p"), ("z", "s")]


def test_duplicate_of_names_a_survivor_by_its_new_id(tmp_path):
    first = _write_jsonl(tmp_path / "x.jsonl", [("p", TOWER)])
    second = _write_jsonl(tmp_path / "y.jsonl", [("p", FERRY), ("z", FERRY)])
    out = _run(tmp_path, [{"format": "jsonl", "paths": [first, second]}],
               [{"exact_dedup": {}}])
    assert _by_text(out / "data") == {TOWER: ("p", None), FERRY: ("p#r1", "p")}
    assert [(r["id"], r["duplicate_of"]) for r in pq.read_table(out / "rejected").to_pylist()] \
        == [("z", "p#r1")]


# --- the corpus-wide step: determinism, a crash inside it, --resume ---------------------------

def _four_files(tmp_path: Path) -> list[str]:
    """Four files sharing the ids "a" and "b" ("b" always with the same text); the last file
    also has the input id "a#r2", a name the renames must pass over."""
    paths = []
    for f in range(4):
        rows = [(f"own{f}-{i}", f"{TOWER} Stone {f}-{i}.") for i in range(2)]
        rows += [("a", f"{FERRY} Pier {f}."), ("b", MARKET)]
        rows += [("a#r2", FERRY)] if f == 3 else []
        paths.append(_write_jsonl(tmp_path / f"f{f}.jsonl", rows))
    return paths


def _step_run(tmp_path: Path, stages: list[dict], executor=None, *, resume: bool = False):
    paths = sorted(map(str, tmp_path.glob("f*.jsonl"))) or _four_files(tmp_path)
    config = parse_config({"name": "ids", "stages": stages,
                           "inputs": [{"format": "jsonl", "paths": paths}],
                           "output": {"path": str(tmp_path / "out"), "shard_rows": 2}})
    result = run_pipeline(build_pipeline(config), executor or InlineExecutor(),
                          run_dir=str(tmp_path / "out"), resume=resume)
    assert not result.failed
    return result


def _files(run_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run_dir)): p.read_bytes()
            for p in sorted(run_dir.glob("*/part-*.parquet"))}


STEP_PIPELINES = {"none": [], "exact_dedup": [{"exact_dedup": {}}]}


@pytest.fixture(scope="module")
def clean_runs(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    runs = {}
    for name, stages in STEP_PIPELINES.items():
        base = tmp_path_factory.mktemp(f"clean-{name}")
        result = _step_run(base, stages)
        assert result.ids_renamed == {"in_units": 0, "across_units": 6}
        runs[name] = _files(base / "out")
    return runs


@pytest.mark.parametrize("stages", STEP_PIPELINES)
def test_the_step_is_deterministic_and_renames_in_place(tmp_path, clean_runs, stages):
    result = _step_run(tmp_path, STEP_PIPELINES[stages])
    assert _files(tmp_path / "out") == clean_runs[stages]  # a second run: the same bytes
    ids = pq.read_table(tmp_path / "out" / "data").column("id").to_pylist()
    assert len(ids) == len(set(ids)) == sum(s.rows for s in result.data)
    names = {r["text"]: r["id"] for r in pq.read_table(tmp_path / "out" / "data").to_pylist()}
    assert [names[f"{FERRY} Pier {f}."] for f in range(4)] == ["a", "a#r1", "a#r3", "a#r4"]
    assert names[FERRY] == "a#r2"


@pytest.mark.parametrize("kernel", ["_rename_partition", "_rename_unit"])
@pytest.mark.parametrize("stages", STEP_PIPELINES)
def test_a_crash_inside_the_step_resumes_to_the_clean_output(tmp_path, clean_runs, stages,
                                                             kernel):
    with pytest.raises(RuntimeError, match="driver lost"):
        _step_run(tmp_path, STEP_PIPELINES[stages], CrashingExecutor(kernel))
    work = tmp_path / "out" / "_work" / "unique_ids"
    assert not (work / "decided.json").exists()
    before = {p.name: p.stat().st_ino for p in (tmp_path / "out" / "data").glob("*.parquet")}
    result = _step_run(tmp_path, STEP_PIPELINES[stages], resume=True)
    assert (work / "decided.json").exists() and not (work / "shuffle").exists()
    assert _files(tmp_path / "out") == clean_runs[stages]
    assert result.ids_renamed["across_units"] == 6
    if stages == "none" and kernel == "_rename_partition":
        # Only the shards holding a renamed row were rewritten (the second of units 1-3).
        after = {p.name: p.stat().st_ino for p in (tmp_path / "out" / "data").glob("*.parquet")}
        assert sorted(n for n in before if before[n] != after[n]) == \
            [f"part-{u:06d}-0001.parquet" for u in (1, 2, 3)]


def test_the_names_do_not_depend_on_the_partitioning(tmp_path, clean_runs, monkeypatch):
    # Many partitions, and map tasks of one file each: the partitions hold several files' rows.
    monkeypatch.setattr(unique_ids, "PARTITION_ROWS", 3)
    _step_run(tmp_path, STEP_PIPELINES["exact_dedup"])
    assert len(list((tmp_path / "out" / "_work" / "unique_ids" / "collected").iterdir())) == 4
    assert _files(tmp_path / "out") == clean_runs["exact_dedup"]
