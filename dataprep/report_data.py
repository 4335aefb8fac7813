"""What the run report shows, read from a run directory with bounded work.

A report must not read a whole run again: a 1 TB run would take as long to report as to make.
Two kinds of reads keep it bounded, both deterministic (the same run gives the same report):

* **counts** read only small columns (``source``, ``lang``, ``num_tokens``, ``pii_counts``,
  ``drop_reason``, ``duplicate_of``) of at most ``scan_shards`` shards per directory, evenly
  spaced over the manifest's list; they are exact when the run has no more shards than that;
* **samples** read the wide columns (``text``, scores, signals) of ``rows_per_shard`` rows
  from each of at most ``sample_shards`` shards (evenly spaced), rows drawn by a generator
  seeded with the shard's path; only the row groups holding them are read, so the wide
  columns of at most ``sample_shards`` shards are read (shards are bounded by
  ``output.shard_bytes``).

The funnel and the drop counts come from the manifest itself, so they are always exact.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from dataprep.io.fs import fs_and_path, join, read_json

SIGNALS_SUFFIX = "_signals"
SCORE_COLUMNS = ("lang_score", "quality_score")


@dataclass(frozen=True)
class ReportLimits:
    """How much of a run the report reads (see the module docstring)."""

    scan_shards: int = 256
    sample_shards: int = 16
    rows_per_shard: int = 250
    examples: int = 3


@dataclass
class GroupCounts:
    """Documents (and tokens) per key, over the shards that were scanned."""

    docs: Counter = field(default_factory=Counter)
    tokens: Counter = field(default_factory=Counter)

    def add(self, keys: Sequence[str | None], tokens: Sequence[int] | None) -> None:
        for i, key in enumerate(keys):
            self.docs[key] += 1
            if tokens is not None:
                self.tokens[key] += tokens[i] or 0


@dataclass
class RunData:
    """Everything the report renders, besides the manifest."""

    manifest: dict
    kept_shards_scanned: int = 0
    rejected_shards_scanned: int = 0
    kept_by_source: GroupCounts = field(default_factory=GroupCounts)
    kept_by_lang: GroupCounts = field(default_factory=GroupCounts)
    rejected_by_source: Counter = field(default_factory=Counter)
    rejected_by_lang: Counter = field(default_factory=Counter)
    # PII type -> (occurrences, documents with at least one), over kept documents.
    pii: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Survivor id -> number of documents dropped as its duplicates.
    duplicates: Counter = field(default_factory=Counter)
    kept_sample: pa.Table | None = None
    rejected_sample: pa.Table | None = None
    # Drop reason -> a few rejected rows (all reasons seen in the scanned shards).
    examples: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Whether the counts cover every shard (else they describe a subset)."""
        return (self.kept_shards_scanned == len(self.manifest["shards"])
                and self.rejected_shards_scanned == len(self.manifest["rejected_shards"]))


def evenly_spaced(items: Sequence, k: int) -> list:
    """At most ``k`` items spread over the whole sequence, first and last included."""
    if len(items) <= k:
        return list(items)
    if k <= 1:
        return list(items[:k])
    step = (len(items) - 1) / (k - 1)
    return [items[round(i * step)] for i in range(k)]


def _seed(path: str) -> int:
    return zlib.crc32(path.encode("utf-8"))


def _present(schema: pa.Schema, wanted: Sequence[str]) -> list[str]:
    return [name for name in wanted if name in schema.names]


def _open(fs: pafs.FileSystem, path: str) -> pq.ParquetFile:
    return pq.ParquetFile(fs.open_input_file(path))


def _scan_kept(fs: pafs.FileSystem, paths: list[str], data: RunData) -> None:
    for path in paths:
        shard = _open(fs, path)
        columns = _present(shard.schema_arrow, ("source", "lang", "num_tokens", "pii_counts"))
        for batch in shard.iter_batches(columns=columns):
            tokens = (batch.column("num_tokens").to_pylist()
                      if "num_tokens" in batch.schema.names else None)
            data.kept_by_source.add(batch.column("source").to_pylist(), tokens)
            data.kept_by_lang.add(batch.column("lang").to_pylist(), tokens)
            if "pii_counts" in batch.schema.names:
                _add_pii(batch.column("pii_counts"), data.pii)
        data.kept_shards_scanned += 1


def _add_pii(counts: pa.StructArray, into: dict[str, tuple[int, int]]) -> None:
    for i, kind in enumerate(counts.type):
        values = pc.fill_null(counts.field(i), 0)
        found, docs = into.get(kind.name, (0, 0))
        into[kind.name] = (found + int(pc.sum(values).as_py() or 0),
                           docs + int(pc.sum(pc.greater(values, 0).cast(pa.int64())).as_py()))


def _scan_rejected(fs: pafs.FileSystem, paths: list[str], data: RunData, examples: int
                   ) -> dict[str, list[tuple[str, int]]]:
    """Count rejected rows; returns (shard, row) of the first few rows of each reason."""
    where: dict[str, list[tuple[str, int]]] = {}
    for path in paths:
        shard = _open(fs, path)
        row = 0
        for batch in shard.iter_batches(columns=["source", "lang", "drop_reason",
                                                 "duplicate_of"]):
            reasons = batch.column("drop_reason").to_pylist()
            data.rejected_by_source.update(batch.column("source").to_pylist())
            data.rejected_by_lang.update(batch.column("lang").to_pylist())
            data.duplicates.update(d for d in batch.column("duplicate_of").to_pylist() if d)
            for i, reason in enumerate(reasons):
                found = where.setdefault(reason, [])
                if len(found) < examples:
                    found.append((path, row + i))
            row += batch.num_rows
        data.rejected_shards_scanned += 1
    return where


def _read_rows(fs: pafs.FileSystem, path: str, rows: list[int], columns: list[str]
               ) -> pa.Table:
    """The given rows of a shard, reading only the row groups that hold them."""
    shard = _open(fs, path)
    starts = np.cumsum([0] + [shard.metadata.row_group(g).num_rows
                              for g in range(shard.num_row_groups)])
    parts = []
    for group in sorted({int(np.searchsorted(starts, r, side="right")) - 1 for r in rows}):
        table = shard.read_row_group(group, columns=_present(shard.schema_arrow, columns))
        local = [r - int(starts[group]) for r in rows if starts[group] <= r < starts[group + 1]]
        parts.append(table.take(local))
    return pa.concat_tables(parts)


def sample_shard(fs: pafs.FileSystem, path: str, columns: Sequence[str], rows: int
                 ) -> pa.Table:
    """``rows`` rows of a shard drawn uniformly by a generator seeded with the shard's path.

    Rows are drawn from the whole shard, not from one row group: a rejected shard holds one
    row group per stage and batch, so a single row group would show a single drop reason.
    """
    shard = _open(fs, path)
    total = shard.metadata.num_rows
    if total <= rows:
        return shard.read(columns=_present(shard.schema_arrow, columns))
    rng = np.random.default_rng(_seed(path))
    picked = np.sort(rng.choice(total, size=rows, replace=False))
    return _read_rows(fs, path, picked.tolist(), columns)


def _sample(fs: pafs.FileSystem, paths: list[str], limits: ReportLimits, extra: Sequence[str]
            ) -> pa.Table | None:
    columns = ["id", "source", "lang", "text", *SCORE_COLUMNS, "drop_reason", *extra]
    tables = [sample_shard(fs, p, columns, limits.rows_per_shard)
              for p in evenly_spaced(paths, limits.sample_shards)]
    tables = [t for t in tables if t.num_rows]
    # Shards of one run share their columns, except when a column is all null in one of them.
    return pa.concat_tables(tables, promote_options="permissive") if tables else None


def load_run(run_dir: str, limits: ReportLimits | None = None) -> RunData:
    """Read the manifest and the bounded counts and samples of a finished run."""
    limits = limits or ReportLimits()
    fs, root = fs_and_path(run_dir)
    manifest = read_json(fs, join(root, "manifest.json"))
    data = RunData(manifest)
    kept = [join(root, s["path"]) for s in manifest["shards"]]
    rejected = [join(root, s["path"]) for s in manifest["rejected_shards"]]
    _scan_kept(fs, evenly_spaced(kept, limits.scan_shards), data)
    where = _scan_rejected(fs, evenly_spaced(rejected, limits.scan_shards), data,
                           limits.examples)
    if kept:
        schema = _open(fs, kept[0]).schema_arrow
        signals = [n for n in schema.names if n.endswith(SIGNALS_SUFFIX)]
        data.kept_sample = _sample(fs, kept, limits, signals)
    if rejected:
        data.rejected_sample = _sample(fs, rejected, limits, ())
    columns = ["id", "source", "url", "lang", "lang_score", "text", "drop_reason",
               "duplicate_of"]
    by_shard: dict[str, list[int]] = {}
    for found in where.values():
        for path, row in found:
            by_shard.setdefault(path, []).append(row)
    for path, rows in sorted(by_shard.items()):
        for record in _read_rows(fs, path, sorted(rows), columns).to_pylist():
            data.examples.setdefault(record["drop_reason"], []).append(record)
    return data
