"""Parquet files, streamed with ``iter_batches`` in batches bounded by their decoded size.

Columns are mapped like JSONL fields (``id``, ``text_field``, ``url_field``, the rest into
``meta``); without an ``id`` value the id is ``<source>/<path>#<row>``, the row's number in the
file (the footer gives each row group's first row, so this does not depend on how the file is
split into units). A byte range of the file reads the row groups whose first byte lies in it.
A file pyarrow cannot open gives one ``read:invalid_parquet`` row (as does a row group that
fails to decode; reading goes on with the next group), a file without the text column one
``read:missing_text_column`` row, a row whose text is null ``read:missing_text`` and a row
holding a string that is not valid UTF-8 ``read:invalid_utf8``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dataprep.readers.jsonl import document_row
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row, bad_row

_TARGET_BATCH_BYTES = 32 << 20
_MAX_BATCH_ROWS = 1024


def jsonable(value: Any) -> Any:
    """A JSON-serialisable version of a value from Arrow (timestamps, decimals, bytes ...)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(value).decode("ascii")
    return str(value)


def _batch_size(meta: pq.FileMetaData) -> int:
    """Rows per batch so one batch decodes to about ``_TARGET_BATCH_BYTES``."""
    if meta.num_rows == 0:
        return _MAX_BATCH_ROWS
    total = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    per_row = max(1, total // meta.num_rows)
    return max(1, min(_MAX_BATCH_ROWS, _TARGET_BATCH_BYTES // per_row))


def row_group_offset(meta: pq.RowGroupMetaData) -> int:
    """File offset of a row group's first byte (its first column chunk's first page)."""
    offsets = []
    for i in range(meta.num_columns):
        column = meta.column(i)
        first = column.data_page_offset
        if column.has_dictionary_page and column.dictionary_page_offset:
            first = min(first, column.dictionary_page_offset)
        offsets.append(first)
    return min(offsets)


def splittable(head: bytes, path: str) -> bool:
    """Any Parquet file can be read by byte ranges (of row groups)."""
    return head.startswith(b"PAR1")


def read_parquet(src: FileRange) -> Iterator[Row]:
    """Rows of one Parquet file (see the module docstring). A byte range reads the row groups
    whose first byte lies in it; a file-level problem is reported by the range at offset 0."""
    with src.open() as raw:
        try:
            parquet = pq.ParquetFile(raw)
        except (pa.ArrowException, OSError) as exc:
            if not src.start:
                yield bad_row(src.doc_id(0), "invalid_parquet", path=src.path,
                              error=f"{type(exc).__name__}: {exc}"[:300])
            return
        if src.text_field not in parquet.schema_arrow.names:
            if not src.start:
                yield bad_row(src.doc_id(0), "missing_text_column", path=src.path,
                              columns=parquet.schema_arrow.names)
            return
        meta = parquet.metadata
        batch_size = _batch_size(meta)
        # Row groups of the range, in runs of consecutive groups (one reader per run); rows
        # are numbered across the whole file, whichever range reads them.
        runs: list[tuple[int, list[int]]] = []
        first_row = 0
        for group in range(meta.num_row_groups):
            offset = row_group_offset(meta.row_group(group))
            if src.start <= offset and (src.end is None or offset < src.end):
                if runs and runs[-1][1][-1] == group - 1:
                    runs[-1][1].append(group)
                else:
                    runs.append((first_row, [group]))
            first_row += meta.row_group(group).num_rows
        for first_row, groups in runs:
            yield from _rows(parquet, groups, batch_size, src, first_row)


def _rows(parquet: pq.ParquetFile, groups: list[int], batch_size: int, src: FileRange,
          n: int) -> Iterator[Row]:
    """Rows of consecutive row groups; a group that fails to decode gives one
    ``read:invalid_parquet`` row (with the number of its rows lost) and reading goes on with
    the next group, so the damage is the same however the file is split into units."""
    for group in groups:
        group_rows = parquet.metadata.row_group(group).num_rows
        done = 0
        try:
            for batch in parquet.iter_batches(batch_size=batch_size, row_groups=[group]):
                for record in _records(batch, src, n + done):
                    yield record
                    done += 1
        except (pa.ArrowException, OSError) as exc:
            yield bad_row(src.doc_id(n + done), "invalid_parquet", path=src.path,
                          row_group=group, rows_lost=group_rows - done,
                          error=f"{type(exc).__name__}: {exc}"[:300])
        n += group_rows


def _records(batch: pa.RecordBatch, src: FileRange, n: int) -> Iterator[Row]:
    """Rows of one batch; when the batch does not convert (a string that is not valid
    UTF-8), row by row, the bad rows as ``read:invalid_utf8``."""
    try:
        records = batch.to_pylist()
    except (pa.ArrowException, UnicodeDecodeError):
        records = None
    if records is not None:
        for i, record in enumerate(records):
            yield document_row(jsonable(record), src, n + i)
        return
    for i in range(batch.num_rows):
        try:
            record = batch.slice(i, 1).to_pylist()[0]
        except (pa.ArrowException, UnicodeDecodeError) as exc:
            yield bad_row(src.doc_id(n + i), "invalid_utf8", path=src.path,
                          error=f"{type(exc).__name__}: {exc}"[:300])
            continue
        yield document_row(jsonable(record), src, n + i)
