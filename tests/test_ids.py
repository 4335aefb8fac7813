"""Document ids (reliability finding F14): unique within a run's units when the input repeats
them, the input's own id kept in ``meta``; the same ``id`` field type in every shard."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from dataprep.cli import main
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
