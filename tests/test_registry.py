"""The stage registry imports a stage's module only when its name is used."""

import subprocess
import sys

from dataprep.registry import STAGES

STAGE_MODULES = ("dataprep.extract", "dataprep.filters", "dataprep.pii", "dataprep.dedup",
                 "dataprep.tokenization")

# Builds a pipeline from a config naming two stages, pickles it (what a Ray worker receives),
# and unpickles it in a fresh interpreter: both must import only those two stages' modules.
BUILD = """
import pickle, sys
from dataprep.config import parse_config
from dataprep.pipeline import Pipeline
config = parse_config({"inputs": [{"format": "jsonl", "paths": ["a.jsonl"]}],
                       "stages": [{"extract": {}}, "gopher_repetition"],
                       "output": {"path": "out"}})
sys.stdout.buffer.write(pickle.dumps(Pipeline.from_config(config)))
print("\\n" + " ".join(sorted(m for m in sys.modules if m.startswith("dataprep.")))
      , file=sys.stderr)
"""
LOAD = """
import pickle, sys
pipeline = pickle.loads(sys.stdin.buffer.read())
assert pipeline.stage_names == ["extract", "gopher_repetition"], pipeline.stage_names
print(" ".join(sorted(m for m in sys.modules if m.startswith("dataprep."))))
"""


def _stage_modules(imported: str) -> set[str]:
    return {m for m in imported.split() if m.startswith(STAGE_MODULES)}


def test_a_pipeline_imports_only_the_stage_modules_it_uses(tmp_path):
    built = subprocess.run([sys.executable, "-c", BUILD], cwd=tmp_path, capture_output=True,
                           check=True)
    loaded = subprocess.run([sys.executable, "-c", LOAD], input=built.stdout, cwd=tmp_path,
                            capture_output=True, check=True)
    for imported in (built.stderr.decode().split("\n")[-2], loaded.stdout.decode()):
        modules = _stage_modules(imported)
        assert "dataprep.extract" in modules and "dataprep.filters.gopher" in modules
        # (dataprep.filters imports all its filters, and langid with the quality classifier)
        assert not any(m.startswith(("dataprep.pii", "dataprep.dedup", "dataprep.tokenization"))
                       for m in modules), modules


def test_every_stage_name_resolves_to_a_builder_with_options():
    for name, kind in STAGES.items():
        assert callable(kind.build), name
        assert kind.options(), name
        assert all(callable(fn) for fn in kind.nested.values()), name
