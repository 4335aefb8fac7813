"""Config fuzz: every option of every stage, input format and output section, given a value
of the wrong type, out of its declared range, or null where null is not allowed, fails when
the pipeline is built, with one line that starts with its YAML path (seeded, bounded)."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import ValidationError

from dataprep.config import ExecutionSpec, OutputSpec, parse_config
from dataprep.errors import ConfigError
from dataprep.options import Option, options_of
from dataprep.pipeline import Pipeline
from dataprep.readers import FORMATS
from dataprep.registry import STAGES

ROOT = Path(__file__).resolve().parents[1]
# Options that need a value to build at all.
VALID_PARAMS = {
    "quality_classifier": {"model_path": str(ROOT / "tests/data/filters/quality_model.ftz")},
    "decontaminate": {"eval_sets": ["evals.jsonl"]},
    "tokenize": {"train": {"kind": "bpe", "vocab_size": 300}},
}
WRONG_TYPES = ["x", "50", 1.5, True, "yes", [1], {"k": 1}, 7, float("inf")]


def _rejects(option: Option, value) -> bool:
    try:
        option.adapter.validate_python(value)
    except ValidationError:
        return True
    return False


def _out_of_range(annotation) -> list:
    """Values just outside every bound declared with ``Annotated`` (in unions too)."""
    values = []
    if typing.get_origin(annotation) is typing.Annotated:
        for item in annotation.__metadata__:
            for c in [item, *getattr(item, "metadata", [])]:
                for key, step in (("ge", -1), ("gt", 0), ("le", 1), ("lt", 0)):
                    bound = getattr(c, key, None)
                    if isinstance(bound, int | float) and not isinstance(c, type):
                        values.append(bound + step)
                if getattr(c, "min_length", None) == 1:
                    values.append([])
    for arg in typing.get_args(annotation):
        values.extend(_out_of_range(arg))
    return values


def cases(option: Option, rng: random.Random) -> list[tuple[str, object]]:
    found = []
    wrong = [v for v in WRONG_TYPES if _rejects(option, v)]
    if wrong:
        found.append(("wrong_type", rng.choice(wrong)))
    found += [("out_of_range", v) for v in _out_of_range(option.annotation)
              if _rejects(option, v)]
    if _rejects(option, None):
        found.append(("null", None))
    return found


def base(tmp_path: Path) -> dict:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "hello"}) + "\n")
    (tmp_path / "evals.jsonl").write_text(json.dumps({"text": "an eval question"}) + "\n")
    return {"inputs": [{"format": "jsonl", "paths": ["a.jsonl"], "source": "web"}],
            "stages": [{"tokenize": {"train": {"kind": "bpe", "vocab_size": 300}}}],
            "output": {"path": str(tmp_path / "out")}}


def targets(tmp_path: Path):
    """(yaml path, options, function putting a value at that path into a config)."""
    def stage(name):
        def put(raw, key, value):
            params = {**VALID_PARAMS.get(name, {}), key: value}
            raw["stages"] = [{name: params}] + ([] if name == "tokenize" else raw["stages"])
        return f"stages[0].{name}", STAGES[name].options(), put

    def nested(name, key, fn):
        def put(raw, option, value):
            raw["stages"] = [{name: {key: {**VALID_PARAMS[name][key], option: value}}}]
        return f"stages[0].{name}.{key}", options_of(fn, keyword_only=True), put

    def fmt(name):
        def put(raw, key, value):
            raw["inputs"][0] = {"format": name, "paths": ["a.jsonl"], "source": "web",
                                key: value}
        return "inputs[0]", FORMATS[name].options, put

    def section(key, spec):
        def put(raw, option, value):
            raw[key] = {**({"path": str(tmp_path / "out")} if key == "output" else {}),
                        option: value}
        return key, options_of(spec), put

    yield from (stage(n) for n in STAGES)
    yield from (nested(n, k, fn) for n, kind in STAGES.items() for k, fn in kind.nested.items())
    yield from (fmt(n) for n in FORMATS)
    yield section("output", OutputSpec)
    yield section("execution", ExecutionSpec)


def test_every_option_fails_at_build_time_with_its_yaml_path(tmp_path: Path):
    rng = random.Random(16)
    raw0 = base(tmp_path)
    counts = {"cases": 0, "failed_as_expected": 0, "crashes": 0, "untestable_options": 0}
    problems = []
    for where, options, put in targets(tmp_path):
        for key, option in options.items():
            found = cases(option, rng)
            counts["untestable_options"] += not found
            for kind, value in found:
                counts["cases"] += 1
                raw = copy.deepcopy(raw0)
                put(raw, key, value)
                try:
                    Pipeline.from_config(parse_config(raw, base_dir=str(tmp_path)))
                except ConfigError as exc:
                    message = str(exc)
                    if message.startswith(f"{where}.{key}") and "\n" not in message:
                        counts["failed_as_expected"] += 1
                        continue
                    problems.append(f"{where}.{key} {kind}={value!r}: wrong message {message}")
                except Exception as exc:  # noqa: BLE001 - a crash is what the fuzz looks for
                    counts["crashes"] += 1
                    problems.append(f"{where}.{key} {kind}={value!r}: {type(exc).__name__} {exc}")
                else:
                    problems.append(f"{where}.{key} {kind}={value!r}: accepted")
    print("config fuzz:", counts)
    assert not problems, "\n".join(problems)
    assert counts["crashes"] == 0 and counts["cases"] > 200


@pytest.mark.parametrize("option, value, expected", [
    ("min_doc_words", "50", "expected an integer"), ("signals", "yes", "expected true or false")])
def test_the_cli_stops_before_any_unit_runs(tmp_path: Path, option, value, expected):
    import yaml

    raw = base(tmp_path)
    raw["stages"] = [{"gopher_quality": {option: value}}]
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(raw))
    proc = subprocess.run([sys.executable, "-m", "dataprep.cli", "run", "c.yaml", "--inline"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"dataprep: error: stages[0].gopher_quality.{option}: {expected}, got {json.dumps(value)}"]
    assert not (tmp_path / "out").exists()  # nothing ran, nothing was written


TRAIN = {"kind": "bpe", "vocab_size": 300}


@pytest.mark.parametrize("stage, expected", [
    ({"minhash_dedup": {"seed": -1}}, "stages[0].minhash_dedup.seed: must be >= 0, got -1"),
    ({"minhash_dedup": {"seed": 1 << 32}},
     "stages[0].minhash_dedup.seed: must be < 4294967296, got 4294967296"),
    ({"pii": {"types": []}}, "stages[0].pii.types: must not be empty, got []"),
    ({"tokenize": {"train": TRAIN, "max_tokens": 1}},
     "stages[0].tokenize.max_tokens: must be >= 2, got 1"),
    ({"tokenize": {"train": TRAIN, "batch_size": 0}},
     "stages[0].tokenize.batch_size: must be >= 1, got 0"),
    ({"tokenize": {"train": TRAIN, "train_bytes_per_unit": 0}},
     "stages[0].tokenize.train_bytes_per_unit: must be >= 1, got 0"),
    ({"tokenize": {"train": {"kind": "bpe", "vocab_size": 0}}},
     "stages[0].tokenize.train.vocab_size: must be >= 1, got 0"),
    ({"langid": {"model": "notes.txt"}},
     "stages[0].langid.model: {dir}/notes.txt: not a fastText model (.bin or .ftz)"),
    ({"langid": {"model": "."}}, "stages[0].langid.model: .: no such file"),
])
def test_declared_ranges_and_the_langid_model_fail_at_build_time(tmp_path: Path, stage,
                                                                 expected):
    (tmp_path / "notes.txt").write_text("not a model\n")
    raw = base(tmp_path)
    raw["stages"] = [stage]
    params = next(iter(stage.values()))
    if "model" in params and params["model"] != ".":
        params["model"] = str(tmp_path / params["model"])
    with pytest.raises(ConfigError) as caught:
        Pipeline.from_config(parse_config(raw, base_dir=str(tmp_path)))
    assert str(caught.value) == expected.format(dir=tmp_path)


def test_a_text_file_as_langid_model_stops_the_cli_with_one_line(tmp_path: Path):
    import yaml

    (tmp_path / "notes.txt").write_text("not a model\n")
    raw = base(tmp_path)
    raw["stages"] = [{"langid": {"model": "notes.txt"}}]
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(raw))
    proc = subprocess.run([sys.executable, "-m", "dataprep.cli", "run", "c.yaml", "--inline"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "dataprep: error: stages[0].langid.model: notes.txt: not a fastText model (.bin or .ftz)"]
    assert not (tmp_path / "out").exists()
