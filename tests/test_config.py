"""Config checking: every option typed, checked when the pipeline is built, one line naming its
YAML path (issue 16 item 2, reliability finding F10)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dataprep.config import parse_config
from dataprep.errors import ConfigError
from dataprep.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def base_config(tmp_path: Path) -> dict:
    (tmp_path / "in").mkdir(exist_ok=True)
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps({"text": "hello"}) + "\n")
    (tmp_path / "in" / "b.txt").write_text("a book\n")
    return {
        "name": "t",
        "inputs": [{"format": "jsonl", "paths": ["in/a.jsonl"], "source": "web"},
                   {"format": "books", "paths": ["in/b.txt"], "source": "books"}],
        "stages": [{"langid": {}}, {"gopher_quality": {"sources": ["web"]}}, {"exact_dedup": {}},
                   {"tokenize": {"train": {"kind": "bpe", "vocab_size": 300}}}],
        "output": {"path": str(tmp_path / "out")},
    }


def build(raw: dict, tmp_path: Path) -> Pipeline:
    return Pipeline.from_config(parse_config(raw, base_dir=str(tmp_path)))


def _set(path: tuple, value):
    def mutate(raw: dict) -> None:
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


CASES = [
    (_set(("stages", 1, "gopher_quality", "min_doc_words"), "50"),
     'stages[1].gopher_quality.min_doc_words: expected an integer, got "50"'),
    (_set(("stages", 0, "langid", "min_score"), "high"),
     'stages[0].langid.min_score: expected a number (>= 0, <= 1) or a mapping to numbers '
     '(>= 0, <= 1) or one of "fineweb2" or null, got "high"'),
    (_set(("stages", 2, "exact_dedup", "lowercase"), "yes"),
     'stages[2].exact_dedup.lowercase: expected true or false, got "yes"'),
    (_set(("stages", 1, "gopher_quality", "sources"), ["wbe"]),
     "stages[1].gopher_quality.sources: no input has source 'wbe' (sources: books, web)"),
    (_set(("stages", 1, "gopher_quality", "sources"), []),
     "stages[1].gopher_quality.sources: must not be empty, got []"),
    (_set(("stages", 0, "langid", "max_chars"), "x"),
     'stages[0].langid.max_chars: expected an integer, got "x"'),
    (_set(("stages", 2, "exact_dedup", "partition_rows"), 1.5),
     "stages[2].exact_dedup.partition_rows: expected an integer, got 1.5"),
    (_set(("stages", 0, "langid", "nosuch"), 1), "stages[0].langid.nosuch: unknown option"),
    (_set(("stages", 0, "langid", "languages"), []),
     "stages[0].langid.languages: must not be empty, got []"),
    (_set(("stages", 0, "langid", "min_score"), -1),
     "stages[0].langid.min_score: expected a number (>= 0, <= 1) or a mapping"),
    (_set(("stages", 0, "langid", "max_chars"), 0), "stages[0].langid.max_chars: must be >= 1"),
    (_set(("output", "mixture"), {"weights": {"web": 1, "book": 1}}),
     "output.mixture.weights.book: no input has this source (sources: books, web)"),
    (_set(("output", "mixture"), {"weights": {"web": 1}}),
     "output.mixture.weights: no weight for source(s) books"),
    (_set(("output", "mixture"), {"weights": {}}),
     "output.mixture.weights: must not be empty, got {}"),
    (_set(("output", "mixture"), {"weights": {"web": float("inf"), "books": 1}}),
     "output.mixture.weights.web: must be a finite number, got Infinity"),
    (_set(("output", "mixture"), {"weights": {"web": -1, "books": 1}}),
     "output.mixture.weights.web: must be >= 0, got -1"),
    (_set(("output", "mixture"), {"weights": {"web": 0, "books": 0}}),
     "output.mixture.weights: at least one weight must be positive"),
    (_set(("output", "mixture"), {"weights": {"web": 1, "books": 1}, "total_tokens": 0}),
     "output.mixture.total_tokens: must be >= 1, got 0"),
    (_set(("output", "pack"), {"seq_len": 10**12}),
     "output.pack.seq_len: must be <= 4194304, got 1000000000000"),
    (_set(("output", "pack"), {"seq_len": 2048, "shard_tokens": 0}),
     "output.pack.shard_tokens: must be >= 1, got 0"),
    (_set(("output", "pack"), {"seq_len": 2048, "size": 1}), "output.pack.size: unknown key"),
    (_set(("output", "shuffle"), {"seed": -1}), "output.shuffle.seed: must be >= 0, got -1"),
    (_set(("output", "shuffle"), {"seed": 2**70}), "output.shuffle.seed: must be < "),
    (_set(("execution",), {"batch_rows": 0}), "execution.batch_rows: must be >= 1, got 0"),
    (_set(("execution",), {"batch_bytes": -1}), "execution.batch_bytes: must be >= 1, got -1"),
    (_set(("inputs", 1, "encoding"), "rot13"), "inputs[1].encoding: 'rot13' is not a text enc"),
    (_set(("inputs", 0, "paths"), []),
     "inputs[0].paths: expected a string (non-empty) or a list of strings"),
    (_set(("inputs", 0, "format"), "csv"), "inputs[0].format: expected one of"),
    (_set(("inputs",), []), "inputs: must not be empty, got []"),
    (_set(("name",), None), "name: expected a string, got null"),
]


@pytest.mark.parametrize("mutate, message", CASES)
def test_bad_values_fail_at_build_time_naming_the_yaml_path(tmp_path: Path, mutate, message):
    raw = copy.deepcopy(base_config(tmp_path))
    mutate(raw)
    with pytest.raises(ConfigError) as info:
        build(raw, tmp_path)
    assert str(info.value).startswith(message), str(info.value)
    assert "\n" not in str(info.value)


def test_the_base_config_builds(tmp_path: Path):
    assert build(base_config(tmp_path), tmp_path).stage_names[0] == "langid"


def test_path_options_that_are_directories_or_missing(tmp_path: Path):
    raw = base_config(tmp_path)
    raw["stages"] = [{"url_filter": {"blocklist": str(tmp_path)}}]
    with pytest.raises(ConfigError, match=r"^stages\[0\]\.url_filter: "):
        build(raw, tmp_path)
    raw["stages"] = [{"langid": {"model": str(tmp_path / "nosuch.ftz")}}]
    with pytest.raises(ConfigError, match=r"^stages\[0\]\.langid\.model: .*no such file"):
        build(raw, tmp_path)


@pytest.mark.parametrize("args, message", [
    (["run", "."], ".: is a directory, not a config file"),
    (["run", "pipelines/sample.yaml", "--output", ""], "--output: empty path"),
])
def test_cli_bad_arguments_are_one_line(args, message):
    proc = subprocess.run([sys.executable, "-m", "dataprep.cli", *args], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"dataprep: error: {message}"


def test_every_pipeline_in_the_repo_is_valid(tmp_path: Path):
    for path in sorted((ROOT / "pipelines").glob("*.yaml")):
        parse_config(yaml.safe_load(path.read_text()), base_dir=str(ROOT))


def test_an_output_path_that_is_a_file_is_one_line(tmp_path: Path):
    from dataprep.run import run_pipeline

    raw = base_config(tmp_path)
    raw["stages"] = []
    (tmp_path / "taken").write_text("a user's file\n")
    raw["output"] = {"path": str(tmp_path / "taken")}
    with pytest.raises(ConfigError, match=r"^output\.path: .*taken is a file, not a directory$"):
        run_pipeline(build(raw, tmp_path))
    assert (tmp_path / "taken").read_text() == "a user's file\n"
