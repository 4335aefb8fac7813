"""``dataprep inspect``: schema, row counts and sample rows of shards."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from dataprep.io.fs import exists, join, list_files, resolve

TEXT_PREVIEW = 200


def _shard_paths(path: str) -> dict[str, list[str]]:
    """Group the Parquet files under ``path``: a run dir gives data and rejected."""
    fs, local = resolve(path)
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


def _filtered(table: pa.Table, reason: str | None, lang: str | None,
              source: str | None) -> pa.Table:
    if reason is not None:
        if "drop_reason" not in table.column_names:
            return table.slice(0, 0)
        table = table.filter(pc.starts_with(pc.fill_null(table.column("drop_reason"), ""),
                                            reason))
    if lang is not None:
        table = table.filter(pc.equal(table.column("lang"), lang))
    if source is not None:
        table = table.filter(pc.equal(table.column("source"), source))
    return table


def _preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= TEXT_PREVIEW else text[:TEXT_PREVIEW] + "..."


def inspect_path(path: str, *, rows: int = 3, reason: str | None = None,
                 lang: str | None = None, source: str | None = None) -> str:
    fs, _ = resolve(path)
    lines: list[str] = []
    for group, files in _shard_paths(path).items():
        if not files:
            lines.append(f"== {group}: no shards")
            continue
        dataset = ds.dataset(files, filesystem=fs, format="parquet")
        table = _filtered(dataset.to_table(), reason, lang, source)
        lines.append(f"== {group}: {len(files)} shards, {table.num_rows} rows"
                     + (" (filtered)" if reason or lang or source else ""))
        lines.append(str(dataset.schema))
        if "drop_reason" in table.column_names and table.num_rows:
            for item in pc.value_counts(table.column("drop_reason")).to_pylist():
                lines.append(f"  {item['values']}: {item['counts']}")
        for row in table.slice(0, rows).to_pylist():
            lines.append("--")
            lines.extend(f"  {k}: {_preview(v)}" for k, v in row.items())
    return "\n".join(lines)
