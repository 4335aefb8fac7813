import pyarrow as pa
import pytest
from helpers import docs

from dataprep.errors import ConfigError
from dataprep.schema import BASE_SCHEMA, split_dropped
from dataprep.stages import FilterStage, MapStage


def too_short(text: str, *, min_chars: int = 5) -> str | None:
    return "short" if len(text) < min_chars else None


def needs_lang(text: str, *, lang: str | None = None) -> str | None:
    return None if lang == "en" else "not_en"


def shout(text: str) -> str:
    return text.upper()


def test_filter_stage_marks_reasons_with_stage_name():
    table = FilterStage("length", too_short, min_chars=4)(docs("abc", "abcdef", ""))
    assert table.column("drop_reason").to_pylist() == ["length:short", None, "length:short"]
    kept, dropped = split_dropped(table)
    assert kept.column("id").to_pylist() == ["d1"]
    assert dropped.num_rows == 2
    assert table.schema == BASE_SCHEMA


def test_filter_stage_passes_language_when_the_filter_takes_it():
    table = FilterStage("lang", needs_lang)(docs("a", "b", langs=["en", "de"]))
    assert table.column("drop_reason").to_pylist() == [None, "lang:not_en"]


def test_unknown_parameter_fails_when_the_stage_is_built():
    with pytest.raises(ConfigError, match="length: unknown parameter 'min_char'"):
        FilterStage("length", too_short, min_char=4)


def test_map_stage_records_which_rows_it_changed():
    table = MapStage("upper", shout)(docs("abc", "ABC"))
    assert table.column("text").to_pylist() == ["ABC", "ABC"]
    assert table.column("modified_by").to_pylist() == [["upper"], []]
    assert table.column("text").type == pa.large_string()


def test_source_scoped_stage_leaves_other_sources_untouched():
    from dataprep.schema import make_batch
    from dataprep.stages import SourceScopedStage

    web = make_batch(["w0", "w1"], ["ab", "long enough"], source="web")
    books = make_batch(["b0"], ["ab"], source="books")
    table = pa.concat_tables([web.slice(0, 1), books, web.slice(1)])
    stage = FilterStage("length", too_short, min_chars=4)
    out = SourceScopedStage(stage, ["web"])(table)
    assert out.column("id").to_pylist() == ["w0", "b0", "w1"]
    assert out.column("drop_reason").to_pylist() == ["length:short", None, None]


def test_source_scoped_stage_adds_its_columns_even_when_no_row_is_selected():
    from dataprep.filters import gopher_quality, gopher_quality_signals
    from dataprep.schema import make_batch
    from dataprep.stages import SourceScopedStage

    stage = FilterStage("gopher_quality", gopher_quality, signals_fn=gopher_quality_signals,
                        signals=True)
    books = make_batch(["b0", "b1"], ["a book", "another"], source="books")
    out = SourceScopedStage(stage, ["web"])(books)
    assert out.column("gopher_quality_signals").null_count == 2
    assert out.column("drop_reason").to_pylist() == [None, None]
    web = SourceScopedStage(stage, ["web"])(make_batch(["w"], ["short"], source="web"))
    assert out.schema == web.schema
