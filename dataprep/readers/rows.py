"""Reader rows and their batching into Arrow tables of ``BASE_SCHEMA``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from xxhash import xxh3_64_intdigest

from dataprep.schema import make_batch

# The corpus-wide step that makes ids unique across units (``dataprep.unique_ids``).
UNIQUE_IDS_STEP = "unique_ids"
_RENAMED = "#r[0-9]+$"  # what a rename appends: only such rows may carry meta.input_id


@dataclass(slots=True)
class Row:
    """One reader output row before batching."""

    id: str
    text: str | None = None
    url: str | None = None
    meta: dict[str, Any] | None = None
    drop_reason: str | None = None
    html: str | None = None


def bad_row(doc_id: str, reason: str, *, text: str | None = None, url: str | None = None,
            meta: dict[str, Any] | None = None, **extra: Any) -> Row:
    """A row for input that could not be read properly: the runner moves it to rejected/."""
    return Row(doc_id, text, url, {**(meta or {}), **extra} or None, f"read:{reason}")


def _id_key(doc_id: str) -> int:
    return xxh3_64_intdigest(doc_id.encode("utf-8", "surrogatepass"))


def unique_ids(rows: Iterable[Row]) -> Iterator[Row]:
    """The rows with ids unique within the unit (F14): the first row with an id keeps it; the
    k-th repeat becomes ``"<id>#r<k>"`` (the next such name not taken) with the input's id in
    ``meta["input_id"]``. Repeats depend only on the unit's content, so names are the same on
    every run. Ids are tracked as 64-bit hashes (a unit can hold millions of documents)."""
    seen: set[int] = set()
    repeats: dict[str, int] = {}
    for row in rows:
        key = _id_key(row.id)
        if key in seen:
            original, k = row.id, repeats.get(row.id, 0)
            while key in seen:
                k += 1
                row.id = f"{original}#r{k}"
                key = _id_key(row.id)
            repeats[original] = k
            row.meta = {**(row.meta or {}), "input_id": original}
        seen.add(key)
        yield row


def collect_ids(table: pa.Table, unit: int) -> pa.Table:
    """What ``dataprep.unique_ids`` needs of a unit's kept rows, in row order: ``id``, and
    ``input_id`` (from ``meta``) where ``unique_ids`` renamed the row, else null."""
    ids = table.column("id")
    input_ids: list[str | None] = [None] * table.num_rows
    renamed = np.flatnonzero(pc.match_substring_regex(ids, _RENAMED).to_numpy(
        zero_copy_only=False))
    if len(renamed):
        metas = table.column("meta").take(pa.array(renamed)).to_pylist()
        for row, meta in zip(renamed.tolist(), metas, strict=True):
            input_ids[row] = json.loads(meta).get("input_id") if meta else None
    return pa.table({"unit": pa.array(np.full(table.num_rows, unit, np.int32)),
                     "id": ids.cast(pa.string()),
                     "input_id": pa.array(input_ids, pa.string())})


def batches(rows: Iterable[Row], *, source: str, html: bool, batch_rows: int,
            batch_bytes: int) -> Iterator[pa.Table]:
    """Group rows into tables bounded by row count and (approximate) text size."""
    pending: list[Row] = []
    size = 0
    for row in rows:
        pending.append(row)
        size += len(row.text or "") + len(row.html or "")
        if len(pending) >= batch_rows or size >= batch_bytes:
            yield _table(pending, source, html)
            pending, size = [], 0
    if pending:
        yield _table(pending, source, html)


def _table(rows: list[Row], source: str, html: bool) -> pa.Table:
    return make_batch(
        [r.id for r in rows],
        [r.text for r in rows],
        source=source,
        urls=[r.url for r in rows],
        metas=[r.meta for r in rows],
        drop_reasons=[r.drop_reason for r in rows],
        htmls=[r.html for r in rows] if html or any(r.html for r in rows) else None,
    )
