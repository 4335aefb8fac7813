import pyarrow as pa
import pytest
from dedup_helpers import unit_tables

from dataprep.dedup.lines import LineDedupStage, line_key, line_keys, remove_lines
from dataprep.dedup.shuffle import write_table
from dataprep.errors import ConfigError
from dataprep.runners.inline import InlineExecutor
from dataprep.schema import set_column


def test_line_key_normalises():
    assert line_key("Share this article!") == line_key("  share THIS article ")
    assert line_key("Posted 2021") == line_key("Posted 1999")
    assert line_key("...") is None
    assert line_keys("a\nb\na\n\n") == sorted({line_key("a"), line_key("b")})


def test_remove_lines():
    frequent = {line_key("Accept cookies")}
    assert remove_lines("Title\nAccept cookies.\nBody text", frequent) == "Title\nBody text"


def run(stage, tables, work_dir):
    collected = []
    for unit, table in enumerate(tables):
        path = f"{work_dir}/collected/unit-{unit:06d}.parquet"
        write_table(stage.collect(table, unit), path)
        collected.append(path)
    stage.decide(collected, f"{work_dir}/stage", InlineExecutor())
    return [stage.apply(t, u, f"{work_dir}/stage") for u, t in enumerate(tables)]


def test_boilerplate_across_units_is_removed(tmp_path):
    body = [" ".join(f"word{chr(97 + i)}{chr(97 + j)}" for j in range(60)) for i in range(6)]
    texts = [f"{body[i]}\nShare this article\nCookie settings {i}" for i in range(5)]
    texts.append("Share this article")  # only boilerplate: dropped
    texts.append(body[5] + "\nA line seen twice")
    texts.append("A line seen twice\n" + body[5])
    tables = unit_tables(texts, units=3)
    out = run(LineDedupStage(min_count=3), tables, str(tmp_path))
    rows = [r for t in out for r in t.to_pylist()]
    assert [r["text"] for r in rows[:5]] == [body[i] for i in range(5)]
    assert rows[0]["modified_by"] == ["line_dedup"]
    assert rows[5]["drop_reason"] == "line_dedup:too_short"
    # Below min_count: untouched.
    assert rows[6]["text"] == texts[6] and rows[6]["drop_reason"] is None
    assert [r["drop_reason"] for r in rows[:5]] == [None] * 5


def test_bad_params():
    with pytest.raises(ConfigError):
        LineDedupStage(min_count=1)


def test_chinese_document_counts_characters_as_words(tmp_path):
    # 100 distinct Han characters per document, then a shared boilerplate line.
    texts = ["".join(chr(0x4E00 + 100 * i + j) for j in range(100)) + "\n分享这篇文章"
             for i in range(3)]
    tables = [set_column(t, "lang", pa.array(["zh"] * t.num_rows))
              for t in unit_tables(texts, units=2)]
    out = run(LineDedupStage(min_count=3), tables, str(tmp_path))
    rows = [r for t in out for r in t.to_pylist()]
    assert [r["text"] for r in rows] == [t.split("\n")[0] for t in texts]
    assert [r["drop_reason"] for r in rows] == [None, None, None]
