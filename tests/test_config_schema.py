"""``dataprep schema``: the JSON Schema validates the repo's pipelines and rejects what the
config check rejects; ``docs/config.md`` is the generated reference, current."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml

from dataprep.config_schema import config_markdown, config_schema
from dataprep.registry import STAGES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = config_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted((ROOT / "pipelines").glob("*.yaml")), ids=str)
def test_every_pipeline_validates(validator, path: Path):
    validator.validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize("mutate", [
    lambda c: c["stages"][4]["gopher_quality"].update(min_doc_words="50"),
    lambda c: c["stages"][2]["langid"].update(min_score="high"),
    lambda c: c["stages"].append({"exact_dedup": {"lowercase": "yes"}}),
    lambda c: c["inputs"][0].update(max_record_bytes=0),
    lambda c: c["output"]["pack"].update(seq_len=0),
    lambda c: c.update(extra=1),
    lambda c: c["stages"].append({"no_such_stage": {}}),
])
def test_schema_rejects_bad_values(validator, mutate):
    raw = copy.deepcopy(yaml.safe_load((ROOT / "pipelines" / "sample.yaml").read_text()))
    mutate(raw)
    assert not validator.is_valid(raw)


def test_every_stage_and_option_is_in_the_schema():
    stages = config_schema()["properties"]["stages"]["items"]["anyOf"]
    by_name = {next(iter(s["properties"])): s for s in stages[1:]}
    assert set(by_name) == set(STAGES)
    for name, kind in STAGES.items():
        options = by_name[name]["properties"][name]["anyOf"][0]["properties"]
        assert set(options) == set(kind.options()), name


def test_docs_config_md_is_current():
    assert (ROOT / "docs" / "config.md").read_text() == config_markdown(), \
        "regenerate: dataprep schema --markdown > docs/config.md"
