"""The Arrow schema of the public output contract, in one place.

Every batch flowing between stages is a ``pyarrow.Table`` that starts with ``BASE_SCHEMA``;
stages may append columns (signals, ``token_ids`` ...). ``drop_reason`` is null for kept rows;
the runner moves rows with a reason to ``rejected/``.

Document ids are stable across runs and machines:

* an ``id`` field in the input (JSONL/Parquet) is kept as is;
* a WARC record uses its ``WARC-Record-ID`` (the ``urn:uuid:`` value without brackets);
* anything else is ``"<source>/<path>#<where>"`` where ``path`` is the input path relative to
  the config file's directory (or the URI without its scheme for remote paths) and ``where``
  locates the record in that file by a rule that does not depend on how the file is split
  into byte-range units (``execution.unit_bytes``):

  - JSONL (and dialogue JSONL): the byte offset of the line (in the decompressed stream for
    ``.gz``/``.zst``, which are never split); items of a ``.json`` array: their index;
  - Parquet: the row's number in the file (row groups know their first row);
  - WARC/WET/ARC without ``WARC-Record-ID``: the record's byte offset in a plain file; in a
    compressed one, the file offset of the gzip member (zstd frame) it starts in, followed by
    ``+<offset in that member's output>`` unless it is the member's first record;
  - text/HTML: ``0``; books: the part number; IRC logs: the conversation number;
  - rows for damage that is not a record: ``<reason>@<offset>`` (e.g. ``corrupt_gzip@5120``).

Ids are unique in the run's output. Inside each input unit (a file, or a byte range of a
large one) as it is read: the first document with an id keeps it, and the k-th repeat of it in
the unit (a repeated ``id`` field, a WARC record stored twice) becomes ``"<id>#r<k>"`` (the
next such name the unit does not use), with the input's id in ``meta["input_id"]``
(``dataprep.readers.rows.unique_ids``). Across units, right after phase 0 and before any
dedup: an id that several units share stays with one row (the input's own id before a
within-unit rename, then the first by unit and row), the others become ``"<input id>#r<k>"``
with the smallest ``k`` no id of the run has (``dataprep.unique_ids``). A file listed twice
(two globs, or a glob and its path) is read once. Rows in ``rejected/`` keep the id they had
when dropped, so a row phase 0 rejected may share an id with a kept one.
Stages that derive documents add suffixes: tokenize's
pieces of a long document ``"<id>#<k>"``, mixture copies ``"<id>@<k>"``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

BASE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("url", pa.string()),
        # large_string: one batch of long books can pass 2 GiB of text.
        pa.field("text", pa.large_string()),
        pa.field("lang", pa.string()),
        pa.field("lang_score", pa.float32()),
        # Input fields not in the schema, as a JSON object (heterogeneous across sources).
        pa.field("meta", pa.string()),
        # Names of the stages that rewrote `text`, in order.
        pa.field("modified_by", pa.list_(pa.string())),
        pa.field("drop_reason", pa.string()),
        pa.field("duplicate_of", pa.string()),
    ]
)

# Position of a row among its unit's collected rows, added when a global stage collects, so the
# stage's decisions address rows (ids need not be unique).
UNIT_ROW = "_unit_row"
INTERNAL_COLUMNS = ("drop_reason", "duplicate_of", UNIT_ROW)


def make_batch(
    ids: Sequence[str],
    texts: Sequence[str | None],
    *,
    source: str,
    urls: Sequence[str | None] | None = None,
    metas: Sequence[dict[str, Any] | None] | None = None,
    drop_reasons: Sequence[str | None] | None = None,
    htmls: Sequence[str | None] | None = None,
) -> pa.Table:
    """Build a batch in ``BASE_SCHEMA`` from reader output (the other columns start null).

    HTML readers pass the decoded page in ``htmls`` (and ``None`` texts): the batch then has
    an extra ``html`` column that the ``extract`` stage turns into ``text`` and removes.
    """
    n = len(ids)
    meta_json = [
        None if not m else json.dumps(m, ensure_ascii=False, sort_keys=True)
        for m in (metas or [None] * n)
    ]
    columns = {
        "id": pa.array(ids, pa.string()),
        "source": pa.array([source] * n, pa.string()),
        "url": pa.array(urls if urls is not None else [None] * n, pa.string()),
        "text": pa.array(texts, pa.large_string()),
        "lang": pa.nulls(n, pa.string()),
        "lang_score": pa.nulls(n, pa.float32()),
        "meta": pa.array(meta_json, pa.string()),
        "modified_by": pa.array([[] for _ in range(n)], pa.list_(pa.string())),
        "drop_reason": pa.array(drop_reasons if drop_reasons is not None else [None] * n,
                                pa.string()),
        "duplicate_of": pa.nulls(n, pa.string()),
    }
    table = pa.Table.from_pydict(columns, schema=BASE_SCHEMA)
    if htmls is not None:
        table = table.append_column("html", pa.array(htmls, pa.large_string()))
    return table


def set_column(table: pa.Table, name: str, values: pa.Array | pa.ChunkedArray) -> pa.Table:
    """Replace column ``name`` (or append it when absent). A replaced column keeps its field's
    nullability, so ``id`` stays ``not null`` in every shard, whichever stage rewrote it."""
    index = table.schema.get_field_index(name)
    if index < 0:
        return table.append_column(name, values)
    return table.set_column(index, table.schema.field(index).with_type(values.type), values)


def mark_dropped(
    table: pa.Table,
    reasons: Sequence[str | None],
    stage: str,
    duplicate_of: Sequence[str | None] | None = None,
) -> pa.Table:
    """Set ``drop_reason = "<stage>:<reason>"`` where a reason is given (kept rows stay null)."""
    full = pa.array([None if r is None else f"{stage}:{r}" for r in reasons], pa.string())
    table = set_column(table, "drop_reason", full)
    if duplicate_of is not None:
        table = set_column(table, "duplicate_of", pa.array(duplicate_of, pa.string()))
    return table


def replace_text(table: pa.Table, new_texts: Sequence[str], stage: str) -> pa.Table:
    """Write rewritten texts and append ``stage`` to ``modified_by`` of the rows that changed."""
    old = table.column("text").to_pylist()
    modified = table.column("modified_by").to_pylist()
    changed = [new != before for new, before in zip(new_texts, old, strict=True)]
    modified = [m + [stage] if c else m for m, c in zip(modified, changed, strict=True)]
    table = set_column(table, "text", pa.array(new_texts, pa.large_string()))
    return set_column(table, "modified_by", pa.array(modified, pa.list_(pa.string())))


def split_dropped(table: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Split a batch into (kept, dropped) by ``drop_reason``."""
    dropped_mask = pc.is_valid(table.column("drop_reason"))
    return table.filter(pc.invert(dropped_mask)), table.filter(dropped_mask)


def meta_of(table: pa.Table) -> list[dict[str, Any]]:
    """Decode the ``meta`` column to dicts (empty dict for null)."""
    return [json.loads(m) if m else {} for m in table.column("meta").to_pylist()]
