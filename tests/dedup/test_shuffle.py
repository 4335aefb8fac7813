"""The shuffle helper of corpus-wide stages: its files, their cleanup, and a corpus-wide step
that crashes half-way and is resumed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import CrashingExecutor

from dataprep.config import parse_config
from dataprep.dedup.shuffle import (
    Shuffle,
    ShuffleTask,
    read_partition,
    result_file,
    write_partitioned,
    write_table,
)
from dataprep.pipeline import build_pipeline
from dataprep.run import run_pipeline
from dataprep.runners.inline import InlineExecutor


def _write_units(tmp_path: Path, units: int) -> list[str]:
    paths = []
    for u in range(units):
        path = str(tmp_path / "collected" / f"unit-{u:06d}.parquet")
        write_table(pa.table({"unit": pa.array([u, u], pa.int32()),
                              "value": pa.array([10 * u, 10 * u + 1], pa.int64())}), path)
        paths.append(path)
    return paths


def _scatter(task: ShuffleTask) -> int:
    table = pa.concat_tables(pq.read_table(p) for p in task.inputs)
    values = table.column("value").to_numpy()
    return write_partitioned(table, values % task.num_parts, task.output)


def _sum(task: ShuffleTask) -> int:
    return int(read_partition(task.inputs, task.part, ["value"]).column(0).to_numpy().sum())


def _route_to_unit(task: ShuffleTask) -> int:
    rows = read_partition(task.inputs, task.part, ["unit", "value"])
    return write_partitioned(rows, rows.column("unit").to_numpy().astype(np.int64), task.output)


def _keep_unit(task: ShuffleTask) -> int:
    rows = read_partition(task.inputs, task.part, ["value"])
    write_table(rows, task.output)
    return rows.num_rows


def test_steps_name_their_files_and_only_kept_files_survive(tmp_path: Path):
    collected = _write_units(tmp_path, 3)
    work = tmp_path / "stage"
    stale = work / "shuffle" / "old-step" / "map-000000.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left by a crashed attempt")
    with Shuffle(str(work), InlineExecutor(), collected) as shuffle:
        assert not stale.exists()  # emptied on entry
        scattered = shuffle.scatter("scatter", _scatter, 2, rows_per_doc=1, partition_rows=4)
        assert [len(t.inputs) for t in scattered.tasks] == [2, 1]  # 4 rows per map task
        sums = shuffle.per_partition("sums", _sum, scattered, 2)
        assert list(sums.results) == [0 + 10 + 20, 1 + 11 + 21]
        routed = shuffle.per_unit("routed", _route_to_unit, scattered)
        kept = shuffle.per_unit("kept", _keep_unit, routed, keep=True)
        assert list(kept.results) == [2, 2, 2]
        with pytest.raises(ValueError, match="'sums' is already used"):
            shuffle.per_partition("sums", _sum, scattered, 2)
    assert not (work / "shuffle").exists()
    assert [t.output for t in kept.tasks] == [result_file(str(work), "kept", u) for u in range(3)]
    assert pq.read_table(result_file(str(work), "kept", 2)).column(
        "value").to_pylist() == [20, 21]


def test_a_failed_step_leaves_its_files_for_the_next_attempt_to_clear(tmp_path: Path):
    collected = _write_units(tmp_path, 2)
    work = tmp_path / "stage"
    with pytest.raises(ZeroDivisionError), Shuffle(str(work), InlineExecutor(),
                                                   collected) as shuffle:
        shuffle.scatter("scatter", _scatter, 2, rows_per_doc=1, partition_rows=10)
        _ = 1 / 0
    assert (work / "shuffle" / "scatter" / "map-000000.parquet").exists()


# --- a crash inside a corpus-wide step, then --resume --------------------------------------

STORY = ("The night train crossed the border a little after two, and the conductor walked the "
         "corridor with a lamp, checking tickets in a voice too soft to wake anyone. ")
BAKERY = ("Our village bakery opens at six; the rye loaves sell out first, then the seeded "
          "rolls, and by noon only the plain white bread is left on the shelves. ")


def _corpus(tmp_path: Path) -> dict:
    """Four files: copies and near copies of two texts, each with a boilerplate line, and
    documents of their own."""
    (tmp_path / "in").mkdir()
    names = ["alder", "birch", "cedar", "dogwood", "elm", "fir"]
    for f in range(4):
        rows = []
        for i in range(5):
            body = (STORY if i % 2 else BAKERY) * 2 + ("" if i < 3 else names[f])
            rows.append({"id": f"{f}-{i}", "text": body + "\nShare this page with friends."})
        own = f"A note about the {names[f]} and the {names[f + 1]} trees of the valley. "
        rows.append({"id": f"{f}-own", "text": own * 8})
        (tmp_path / "in" / f"{f}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return {"inputs": [{"format": "jsonl", "paths": ["in/*.jsonl"], "source": "web"}],
            "stages": [{"line_dedup": {"min_count": 9, "min_words": 3, "partition_rows": 8}},
                       {"exact_dedup": {"partition_rows": 4}},
                       {"minhash_dedup": {"threshold": 0.5, "partition_rows": 8}}],
            "output": {"path": "out", "shard_rows": 4}}


def _shards(run_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run_dir)): p.read_bytes()
            for p in sorted(run_dir.glob("*/part-*.parquet"))}


@pytest.fixture(scope="module")
def clean_shards(tmp_path_factory) -> dict[str, bytes]:
    base = tmp_path_factory.mktemp("clean")
    pipeline = build_pipeline(parse_config(_corpus(base), base_dir=str(base)))
    run_pipeline(pipeline, InlineExecutor(), run_dir=str(base / "out"))
    return _shards(base / "out")


@pytest.mark.parametrize("kernel, stage", [
    ("_frequent_lines", "line_dedup"),         # a per-partition step
    ("_write_unit_decisions", "exact_dedup"),  # the kept decision files, half written
    ("_large_star", "minhash_dedup"),          # a round of the connected components
])
def test_a_crash_inside_a_corpus_wide_step_resumes_to_the_clean_output(
        tmp_path: Path, clean_shards, kernel, stage):
    pipeline = build_pipeline(parse_config(_corpus(tmp_path), base_dir=str(tmp_path)))
    crashed = tmp_path / "crashed"
    with pytest.raises(RuntimeError, match="driver lost"):
        run_pipeline(pipeline, CrashingExecutor(kernel), run_dir=str(crashed))
    assert (crashed / "_work" / stage / "shuffle").is_dir()
    assert not (crashed / "_work" / stage / "decided.json").exists()
    result = run_pipeline(pipeline, InlineExecutor(), run_dir=str(crashed), resume=True)
    assert not result.failed
    assert (crashed / "_work" / stage / "decided.json").exists()
    assert not (crashed / "_work" / stage / "shuffle").exists()
    assert _shards(crashed) == clean_shards
    assert any(name.startswith("rejected/") for name in clean_shards)
