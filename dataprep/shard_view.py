"""``dataprep inspect``: schema, row counts and sample rows of shards.

Works on any number of shards without loading them: row counts come from Parquet metadata (or,
when filtered, from a scan of the filter columns), counts per reason, source and language from
a scan of those columns only, and sample rows stop the scan as soon as enough matched.
"""

from __future__ import annotations

import re
from collections import Counter

import pyarrow.compute as pc
import pyarrow.dataset as ds

from dataprep.io.fs import exists, fs_and_path, join, list_files

TEXT_PREVIEW = 200
TOP_VALUES = 10
COUNTED = ("drop_reason", "source", "lang")


def _shard_paths(path: str) -> dict[str, list[str]]:
    """Group the Parquet files under ``path``: a run dir gives data and rejected."""
    fs, local = fs_and_path(path)
    if local.endswith(".parquet"):
        return {"file": [local]}
    groups = {}
    for sub in ("data", "rejected"):
        if exists(fs, join(local, sub)):
            files = [p for p in list_files(fs, join(local, sub)) if p.endswith(".parquet")]
            groups[sub] = files
    if not groups:
        groups["files"] = [p for p in list_files(fs, local) if p.endswith(".parquet")]
    return groups


def _filter(schema_names: list[str], reason: str | None, lang: str | None,
            source: str | None) -> ds.Expression | bool | None:
    """The dataset filter for the options; False when a filtered column is absent."""
    conditions = []
    if reason is not None:
        if "drop_reason" not in schema_names:
            return False
        conditions.append(pc.starts_with(ds.field("drop_reason"), pattern=reason))
    for column, value in (("lang", lang), ("source", source)):
        if value is not None:
            if column not in schema_names:
                return False
            conditions.append(ds.field(column) == value)
    if not conditions:
        return None
    expression = conditions[0]
    for condition in conditions[1:]:
        expression = expression & condition
    return expression


def _preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= TEXT_PREVIEW else text[:TEXT_PREVIEW] + "..."


def _counts(dataset: ds.Dataset, expression: ds.Expression | None) -> tuple[int, dict]:
    """Matching rows and the most common values of the counted columns."""
    columns = [c for c in COUNTED if c in dataset.schema.names]
    counters: dict[str, Counter] = {c: Counter() for c in columns}
    rows = 0
    for batch in dataset.to_batches(columns=columns, filter=expression):
        rows += batch.num_rows
        for column in columns:
            for item in pc.value_counts(batch.column(column)).to_pylist():
                counters[column][item["values"]] += item["counts"]
    if not columns:
        rows = dataset.count_rows(filter=expression)
    return rows, counters


def inspect_path(path: str, *, rows: int = 3, reason: str | None = None,
                 lang: str | None = None, source: str | None = None) -> str:
    """Schema, row counts, counts per reason/source/language and the first matching rows.

    ``reason`` matches drop reasons by prefix (``gopher_quality`` or
    ``gopher_quality:short_doc``), so it selects rejected rows only.
    """
    fs, _ = fs_and_path(path)
    filtered = reason is not None or lang is not None or source is not None
    lines: list[str] = []
    for group, files in _shard_paths(path).items():
        if not files:
            lines.append(f"== {group}: no shards")
            continue
        dataset = ds.dataset(files, filesystem=fs, format="parquet")
        expression = _filter(dataset.schema.names, reason, lang, source)
        if expression is False:
            lines.append(f"== {group}: {len(files)} shards, 0 rows "
                         "(filtered on a column they lack)")
            continue
        total, counters = _counts(dataset, expression)
        lines.append(f"== {group}: {len(files)} shards, {total:,} rows"
                     + (" (filtered)" if filtered else ""))
        lines.append(str(dataset.schema))
        for column, counter in counters.items():
            if len(counter) <= 1 and None in counter:  # e.g. drop_reason of kept rows
                continue
            lines.append(f"-- by {column}:")
            for value, n in counter.most_common(TOP_VALUES):
                lines.append(f"  {value}: {n:,}")
            if len(counter) > TOP_VALUES:
                lines.append(f"  ... {len(counter) - TOP_VALUES} more values")
        if rows and total:
            for row in dataset.head(rows, filter=expression).to_pylist():
                lines.append("--")
                lines.extend(f"  {k}: {_preview(v)}" for k, v in row.items())
    return terminal_safe("\n".join(lines))


# C0 and C1 control characters but the newline, and DEL: a Parquet value or column name
# holding ESC sequences would otherwise retitle or clear the user's terminal.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with its control characters shown as ``\\x..`` escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
