"""Spec validation, unit listing (globs, directories, URIs) and ids across filesystems."""

from __future__ import annotations

import json

import fsspec
import pytest

from dataprep.errors import ConfigError
from dataprep.options import Option
from dataprep.readers import FORMATS, InputSpec, Unit, list_units, read_unit, validate_spec


def _write(path, n: int = 1) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"text": f"{path.name} {i}"}) + "\n" for i in range(n)))


def test_glob_order_is_sorted_and_deterministic(tmp_path):
    for name in ("b/2.jsonl", "a/10.jsonl", "a/9.jsonl", "a/x.txt", "c.jsonl"):
        _write(tmp_path / name)
    specs = [InputSpec("jsonl", ("*/*.jsonl", "c.jsonl", "a/9.jsonl"), "one"),
             InputSpec("jsonl", (str(tmp_path / "a" / "*.jsonl"),), "two")]
    units = list_units(specs, str(tmp_path))
    assert [(u.index, u.spec_index, u.path[len(str(tmp_path)) + 1:]) for u in units] == [
        (0, 0, "a/10.jsonl"), (1, 0, "a/9.jsonl"), (2, 0, "b/2.jsonl"), (3, 0, "c.jsonl")]
    # (input "two" lists only files "one" reads already: read once, F14)
    assert units == list_units(specs, str(tmp_path))


def test_thousands_of_files_in_one_listing(tmp_path):
    for i in range(2000):
        (tmp_path / "many").mkdir(exist_ok=True)
        (tmp_path / "many" / f"{i:05d}.jsonl").write_text('{"text": "t"}\n')
    units = list_units([InputSpec("jsonl", ("many/*.jsonl",), "s")], str(tmp_path))
    assert len(units) == 2000 and units[-1].path.endswith("01999.jsonl")


def test_directory_input_takes_the_format_extensions(tmp_path):
    for name in ("lib/a.txt", "lib/deep/b.txt.gz", "lib/cover.jpg", "lib/notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    units = list_units([InputSpec("books", ("lib",), "b")], str(tmp_path))
    assert [u.path.rsplit("lib/", 1)[1] for u in units] == ["a.txt", "deep/b.txt.gz"]


@pytest.mark.parametrize("path, message", [
    ("nothing/*.jsonl", r"^inputs\[0\]\.paths\[0\]: no file matches '.*nothing/\*\.jsonl'$"),
    ("missing.jsonl", r"^inputs\[0\]\.paths\[0\]: no such file or directory '.*missing"),
])
def test_missing_inputs_are_config_errors(tmp_path, path, message):
    with pytest.raises(ConfigError, match=message):
        list_units([InputSpec("jsonl", (path,), "s")], str(tmp_path))


@pytest.mark.parametrize("spec, message", [
    (InputSpec("csv", ("x",), "s"), r"^in\.format: unknown format 'csv'"),
    (InputSpec("jsonl", (), "s"), r"^in\.paths: "),
    (InputSpec("jsonl", ("x",), ""), r"^in\.source: "),
    (InputSpec("jsonl", ("x",), "s", options={"max_chars": 5}), r"^in\.max_chars: unknown opt"),
    (InputSpec("books", ("x",), "s", options={"max_chars": "5"}), r"^in\.max_chars: expected"),
    (InputSpec("books", ("x",), "s", options={"reflow": 1}), r"^in\.reflow: expected true"),
    (InputSpec("text", ("x",), "s", options={"encoding": "klingon"}), r"^in\.encoding: unkn"),
])
def test_validate_spec_names_the_key(spec, message):
    with pytest.raises(ConfigError, match=message):
        validate_spec(spec, "in")


def test_every_format_validates_its_own_options():
    for name, fmt in FORMATS.items():
        validate_spec(InputSpec(name, ("x",), "s"), "in")
        assert all(isinstance(option, Option) for option in fmt.options.values())


def test_memory_filesystem_glob_and_ids():
    fs = fsspec.filesystem("memory")
    for name in ("b.jsonl", "a.jsonl"):
        with fs.open(f"/corpus/{name}", "wb") as f:
            f.write(b'{"text": "in memory"}\n{"text": "again"}\n')
    spec = InputSpec("jsonl", ("memory://corpus/*.jsonl",), "mem")
    units = list_units([spec], "/nonexistent")
    assert [u.path for u in units] == ["memory:///corpus/a.jsonl", "memory:///corpus/b.jsonl"]
    rows = [r for t in read_unit(units[0], spec, "/nonexistent") for r in t.to_pylist()]
    second = len(b'{"text": "in memory"}\n')
    assert [r["id"] for r in rows] == ["mem/corpus/a.jsonl#0", f"mem/corpus/a.jsonl#{second}"]
    fs.rm("/corpus", recursive=True)


def test_file_uri_gives_the_same_rows_as_a_local_path(tmp_path):
    _write(tmp_path / "d" / "x.jsonl", 3)
    plain = InputSpec("jsonl", ("d/x.jsonl",), "s")
    uri = InputSpec("jsonl", (f"file://{tmp_path}/d/*.jsonl",), "s")
    read = [[r for u in list_units([s], str(tmp_path)) for t in read_unit(u, s, str(tmp_path))
             for r in t.to_pylist()] for s in (plain, uri)]
    third = len((tmp_path / "d" / "x.jsonl").read_bytes().splitlines(keepends=True)[0]) * 2
    assert read[0] == read[1] and read[0][2]["id"] == f"s/d/x.jsonl#{third}"


def test_byte_ranges_are_refused_for_formats_read_whole(tmp_path):
    (tmp_path / "x.txt").write_text("a note")
    spec = InputSpec("text", ("x.txt",), "s")
    with pytest.raises(ValueError, match="byte range"):
        list(read_unit(Unit(0, 0, str(tmp_path / "x.txt"), 0, 3), spec, str(tmp_path)))
