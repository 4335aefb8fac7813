"""Input readers: from the ``inputs`` of a config to bounded Arrow batches in ``BASE_SCHEMA``.

The runner calls :func:`validate_spec` for every input when the config is loaded,
:func:`list_units` once to get the deterministic list of input units, and :func:`read_unit`
for each unit, possibly in another process.

A unit is a file, or a byte range ``[start, end)`` of one: with ``unit_bytes``, a file larger
than that (size on disk) is cut into ranges of ``unit_bytes`` when its format allows it, so one
big file spreads over many workers. A range owns the records whose first byte lies in it, and
its reader finds the first record at or after ``start`` and reads on until the first record
that starts at or after ``end`` (the last record may run past ``end``):

* plain JSONL: lines (a line starts at 0 or after a newline);
* Parquet: row groups (first byte of the first page of their first column chunk);
* WARC/WET, uncompressed: records (a ``WARC/1.0``/``WARC/1.1`` line after a blank line,
  followed by header lines with a Content-Length);
* WARC/WET, gzip with one member per record: members (gzip magic, a valid header and data
  that inflates; see ``decompress.is_member_start``). A corrupt member belongs to the range it
  starts in; bytes that the chain of members reaches but that no scan takes for a member
  start (a damaged header) are reported by the range whose member precedes them.

Compressed JSONL, whole-file gzip or zstd streams, ARC, text, HTML, books and dialogue are
never split. Ids do not depend on the split: a record without its own id is named by its
byte offset in the file (see ``dataprep.schema``), which every range computes alike. An
uncompressed WARC payload that itself holds a blank line and a complete WARC header would be
taken for a record by a range starting inside it; real crawls do not store such payloads
uncompressed, and ``.warc.gz`` (members) has no such ambiguity.

Every record read becomes exactly one row: documents with ``drop_reason`` null, and input that
is bad or not a document (see each reader's module docstring) with
``drop_reason = "read:<reason>"`` so the runner moves it to ``rejected/`` and counts it.
Non-HTML WARC records are rows too (``read:non_html``, ``read:skipped_<warc type>``, see
``NOT_DOCUMENT_REASONS``), so
records in = rows out holds for every file. An I/O error in the middle of a file ends that
file (or range) with one ``read:unreadable`` row; rows read before it are kept. A file that is
missing or unreadable when its unit starts (deleted after the listing, a broken symlink) fails
the unit (the run exits 1) instead; a FIFO, device or socket matched by a glob is not opened
(one ``read:not_a_regular_file`` row), and a file without bytes or with an empty compressed
stream is one ``read:empty_file`` row whatever its format.
"""

from __future__ import annotations

import gzip
import logging
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import zstandard
from fsspec.implementations.local import LocalFileSystem

from dataprep.errors import ConfigError
from dataprep.options import Option, check_options, options_of
from dataprep.readers import books, dialogue, jsonl, parquet, text, warc
from dataprep.readers.books import BookOptions
from dataprep.readers.decompress import sniff_compression
from dataprep.readers.dialogue import DialogueOptions
from dataprep.readers.jsonl import JsonlOptions, RecordOptions
from dataprep.readers.paths import FileRange, absolute_path, filesystem, full_path, id_path
from dataprep.readers.rows import Row, bad_row, batches, unique_ids
from dataprep.readers.text import TextOptions, WholeFileOptions
from dataprep.readers.warc import WarcOptions
from dataprep.readers.warc_rows import NOT_DOCUMENT_REASONS

log = logging.getLogger(__name__)

__all__ = ["FORMATS", "Format", "InputSpec", "Unit", "list_units", "not_documents", "read_unit",
           "validate_spec"]


@dataclass(frozen=True)
class InputSpec:
    """One entry of ``inputs`` in the config."""

    format: str
    paths: tuple[str, ...]
    source: str
    text_field: str = "text"
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unit:
    """One unit of reading work: a file of an input, or the byte range ``[start, end)`` of
    one (``end`` None: to the end of the file)."""

    index: int
    spec_index: int
    path: str
    start: int = 0
    end: int | None = None
    size: int | None = None  # bytes of the file the unit reads, when listing knew them


@dataclass(frozen=True)
class Format:
    """A reader, whether its rows carry HTML, the dataclass declaring its options (types and
    defaults, once: the reader gets an instance of it in ``FileRange.options``), the file name
    endings taken when an input path is a directory, and, for a format whose reader reads byte
    ranges, the test telling from a file's first bytes and path whether that file can be
    split."""

    reader: Callable[[FileRange], Iterator[Row]]
    html: bool
    options_type: type
    extensions: tuple[str, ...]
    splittable: Callable[[bytes, str], bool] | None = None

    @property
    def options(self) -> dict[str, Option]:
        """The format's options, as the config checks them."""
        return options_of(self.options_type)


_COMPRESSED = ("", ".gz", ".zst")


def _ext(*names: str) -> tuple[str, ...]:
    return tuple(name + c for name in names for c in _COMPRESSED)


FORMATS: dict[str, Format] = {
    "warc": Format(warc.read_warc, True, WarcOptions, _ext(".warc", ".arc"), warc.splittable),
    "wet": Format(warc.read_warc, False, WarcOptions, _ext(".wet", ".warc"), warc.splittable),
    "arc": Format(warc.read_warc, True, WarcOptions, _ext(".arc")),
    "html": Format(text.read_html, True, WholeFileOptions, _ext(".html", ".htm", ".xhtml")),
    "jsonl": Format(jsonl.read_jsonl, False, JsonlOptions, _ext(".jsonl", ".json"),
                    jsonl.splittable),
    "parquet": Format(parquet.read_parquet, False, RecordOptions, (".parquet",),
                      parquet.splittable),
    "text": Format(text.read_text, False, TextOptions, _ext(".txt", ".md")),
    "books": Format(books.read_books, False, BookOptions, _ext(".txt")),
    "dialogue": Format(dialogue.read_dialogue, False, DialogueOptions,
                       _ext(".jsonl", ".json", ".txt", ".log")),
}


def validate_spec(spec: InputSpec, where: str) -> None:
    """Raise ``ConfigError("<where>.<key>: ...")`` for anything wrong in one input."""
    if spec.format not in FORMATS:
        raise ConfigError(f"{where}.format: unknown format '{spec.format}' "
                          f"(known: {', '.join(FORMATS)})")
    if not spec.paths or not all(isinstance(p, str) and p for p in spec.paths):
        raise ConfigError(f"{where}.paths: must be a non-empty list of paths")
    if not isinstance(spec.source, str) or not spec.source:
        raise ConfigError(f"{where}.source: must be a non-empty string")
    if not isinstance(spec.text_field, str) or not spec.text_field:
        raise ConfigError(f"{where}.text_field: must be a non-empty string")
    check_options(spec.options, FORMATS[spec.format].options, where)


def not_documents(drop_reasons: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Mask of the dropped rows that are not documents at all (WARC requests, metadata,
    warcinfo: ``NOT_DOCUMENT_REASONS``), counted in the stats but not kept in rejected/."""
    value_set = pa.array(sorted(NOT_DOCUMENT_REASONS), pa.string())
    return pc.fill_null(pc.is_in(drop_reasons, value_set=value_set), False)


def _has_magic(path: str) -> bool:
    return any(c in path for c in "*?[")


def _expand(path: str, fmt: Format, where: str) -> list[tuple[str, int | None]]:
    """Files of one path, glob or directory, sorted, with their sizes when the listing gives
    them; one listing per glob/directory."""
    fs, inner = filesystem(path)
    if _has_magic(inner):
        found = fs.glob(inner, detail=True)
        files = sorted((name, info.get("size")) for name, info in found.items()
                       if info.get("type") != "directory")
        if not files:
            raise ConfigError(f"{where}: no file matches '{path}'")
        return [(full_path(fs, path, f), size) for f, size in files]
    try:
        info = fs.info(inner)
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such file or directory '{path}'") from None
    if info.get("type") != "directory":
        return [(full_path(fs, path, inner), info.get("size"))]
    files = sorted((name, info.get("size")) for name, info in fs.find(inner, detail=True).items()
                   if name.endswith(fmt.extensions))
    if not files:
        raise ConfigError(f"{where}: no {'/'.join(fmt.extensions[:3])}... file in '{path}'")
    return [(full_path(fs, path, f), size) for f, size in files]


# First bytes of a file read to decide whether it can be split (a WARC's first gzip member).
_HEAD = 1 << 20


def _ranges(path: str, size: int | None, fmt: Format,
            unit_bytes: int | None) -> list[tuple[int, int | None]]:
    """Byte ranges of one file: the whole file unless it is larger than ``unit_bytes`` and
    its format can read it by ranges."""
    if unit_bytes is None or fmt.splittable is None or size is None or size <= unit_bytes:
        return [(0, None)]
    fs, inner = filesystem(path)
    with fs.open(inner, "rb") as f:
        head = f.read(_HEAD)
    if not fmt.splittable(head, path):
        return [(0, None)]
    starts = range(0, size, unit_bytes)
    return [(start, start + unit_bytes if start + unit_bytes < size else None)
            for start in starts]


def list_units(specs: Sequence[InputSpec], base_dir: str, *,
               unit_bytes: int | None = None) -> list[Unit]:
    """All input files as units, in a deterministic order: inputs in config order, paths in
    the order given, glob and directory matches sorted, ranges of a file in file order. A file
    listed twice (in one input, or in two) is read once, by the first input that lists it: its
    documents would otherwise be read twice under the same ids (a warning names it). Relative
    paths are resolved against ``base_dir`` (the run's working directory, unless the caller
    gives another). With ``unit_bytes``, files larger than that are cut into byte ranges where
    their format allows (see the module docstring)."""
    if unit_bytes is not None and (not isinstance(unit_bytes, int) or unit_bytes < 1):
        raise ConfigError("execution.unit_bytes: must be a positive integer")
    units: list[Unit] = []
    listed_by: dict[str, int] = {}
    for i, spec in enumerate(specs):
        fmt = FORMATS[spec.format]
        for j, raw in enumerate(spec.paths):
            for path, size in _expand(absolute_path(raw, base_dir), fmt,
                                      f"inputs[{i}].paths[{j}]"):
                if path in listed_by:
                    if listed_by[path] != i:
                        log.warning("inputs[%d].paths[%d]: %s is already read by inputs[%d]; "
                                    "read once", i, j, path, listed_by[path])
                    continue
                listed_by[path] = i
                for start, end in _ranges(path, size, fmt, unit_bytes):
                    units.append(Unit(len(units), i, path, start, end,
                                      None if size is None else (end or size) - start))
    return units


# Files at most this large are checked for an empty compressed stream.
_EMPTY_PROBE = 512

# Failures of the storage or the container format that no reader could anticipate.
_READ_ERRORS = (OSError, EOFError, ValueError, zlib.error, zstandard.ZstdError,
                pa.ArrowException)


def _guarded(rows: Iterator[Row], src: FileRange) -> Iterator[Row]:
    n = 0
    try:
        for row in rows:
            yield row
            n += 1
    except _READ_ERRORS as exc:
        where = f"error@{src.start}+{n}" if src.start else f"error@{n}"
        yield bad_row(src.doc_id(where), "unreadable", path=src.path,
                      error=f"{type(exc).__name__}: {exc}"[:300])


def read_unit(unit: Unit, spec: InputSpec, base_dir: str, *, batch_rows: int = 1000,
              batch_bytes: int = 32 << 20) -> Iterator[pa.Table]:
    """Batches of one unit (at most ``batch_rows`` rows, and about ``batch_bytes`` of text
    unless a single document is larger). Ids follow ``dataprep.schema``."""
    fmt = FORMATS[spec.format]
    if (unit.start or unit.end is not None) and fmt.splittable is None:
        raise ValueError(f"format '{spec.format}' cannot be read by byte range")
    # Checked when the config was built: here they only become the reader's typed options.
    options = fmt.options_type(**spec.options)
    src = FileRange(unit.path, f"{spec.source}/{id_path(unit.path, base_dir)}", options,
                    spec.text_field, unit.start, unit.end)
    rows: Iterable[Row]
    if not _is_regular_file(unit.path):
        rows = [bad_row(src.doc_id(0), "not_a_regular_file", path=src.path)]
    elif _is_empty(unit):
        rows = [bad_row(src.doc_id(0), "empty_file", path=src.path)]
    else:
        rows = unique_ids(_guarded(fmt.reader(src), src))
    yield from batches(rows, source=spec.source, html=fmt.html,
                       batch_rows=batch_rows, batch_bytes=batch_bytes)


def _is_regular_file(path: str) -> bool:
    """False for a FIFO, device or socket (reading one blocks or never ends). A missing or
    unreadable input raises here, so its unit fails instead of the run exiting 0."""
    fs, inner = filesystem(path)
    if not isinstance(fs, LocalFileSystem):
        fs.info(inner)  # FileNotFoundError for an object deleted after the listing
        return True
    if not stat.S_ISREG(os.stat(inner).st_mode):  # follows symlinks: a broken one raises
        return False
    with open(inner, "rb"):  # PermissionError here, not as a row from inside a reader
        return True


def _is_empty(unit: Unit) -> bool:
    """Whether the whole-file unit ``unit`` holds no bytes, or only an empty compressed stream
    (one ``read:empty_file`` row then, whatever the format)."""
    if unit.start or unit.end is not None:
        return False
    fs, inner = filesystem(unit.path)
    size = fs.info(inner).get("size")
    if size == 0:
        return True
    if size is None or size > _EMPTY_PROBE:
        return False
    with fs.open(inner, "rb") as raw:
        data = raw.read()
    try:
        if sniff_compression(data) == "gzip":
            return not gzip.decompress(data)
        if sniff_compression(data) == "zstd":
            return not zstandard.ZstdDecompressor().decompressobj().decompress(data)
    except (OSError, EOFError, zlib.error, zstandard.ZstdError):
        return False
    return False
