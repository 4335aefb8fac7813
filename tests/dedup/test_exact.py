import pytest
from dedup_helpers import run_stage, unit_tables

from dataprep.dedup.exact import ExactDedupStage, exact_key
from dataprep.errors import ConfigError
from dataprep.runners.inline import InlineExecutor


@pytest.mark.parametrize("a, b, options, equal", [
    ("Hello  world\n", "Hello world", {}, True),
    ("Hello world", "hello world", {}, False),
    ("Hello world", "hello world", {"lowercase": True}, True),
    ("Hello, world!", "Hello world", {"punctuation": True}, True),
    ("Call 555-1234", "Call 555-9876", {"digits": True, "punctuation": True}, True),
    ("Call 555-1234", "Call 555-9876", {}, False),
    ("a b", "ab", {}, False),
])
def test_exact_key(a, b, options, equal):
    assert (exact_key(a, **options) == exact_key(b, **options)) is equal


def test_exact_dedup_across_units_keeps_first_occurrence(tmp_path):
    texts = ["alpha one", "beta two", "alpha  one", "gamma", "beta two", "alpha one",
             "delta", "gamma", "beta two"]
    tables = unit_tables(texts, units=3)
    dropped = run_stage(ExactDedupStage(), tables, str(tmp_path), InlineExecutor())
    assert dropped == {"doc-2": "doc-0", "doc-4": "doc-1", "doc-5": "doc-0", "doc-7": "doc-3",
                       "doc-8": "doc-1"}


def test_exact_dedup_many_partitions_and_batches_same_result(tmp_path):
    texts = [f"document number {i % 37}" for i in range(300)]
    tables = unit_tables(texts, units=4)
    one = run_stage(ExactDedupStage(), tables, str(tmp_path / "a"), InlineExecutor())
    many = run_stage(ExactDedupStage(partition_rows=7), tables, str(tmp_path / "b"),
                     InlineExecutor(), batch_rows=13)
    assert one == many
    assert len(one) == 300 - 37
    assert all(int(v.split("-")[1]) < 37 for v in one.values())


def test_url_dedup_ignores_missing_urls(tmp_path):
    urls = ["http://a", None, "http://b", "http://a", None]
    tables = unit_tables(["x", "y", "z", "w", "v"], units=2, urls=urls)
    dropped = run_stage(ExactDedupStage(field="url"), tables, str(tmp_path), InlineExecutor())
    assert dropped == {"doc-3": "doc-0"}


def test_decide_is_idempotent(tmp_path):
    tables = unit_tables(["a", "b", "a", "b"], units=2)
    stage = ExactDedupStage()
    first = run_stage(stage, tables, str(tmp_path), InlineExecutor())
    again = run_stage(stage, tables, str(tmp_path), InlineExecutor())
    assert first == again == {"doc-2": "doc-0", "doc-3": "doc-1"}


@pytest.mark.parametrize("params", [{"field": "title"}, {"partition_rows": 0}])
def test_bad_params(params):
    with pytest.raises(ConfigError):
        ExactDedupStage(**params)


def test_unknown_param_is_a_type_error():
    # The stage table turns the TypeError of an unknown keyword into a ConfigError.
    with pytest.raises(TypeError):
        ExactDedupStage(feild="text")
