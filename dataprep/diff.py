"""``dataprep diff RUN_A RUN_B``: what changed between two runs, e.g. of two thresholds.

Counts come from the two manifests; moved documents from the ``id`` (and ``drop_reason``)
columns of both runs' shards, read one batch at a time. Run A's ids are held in memory (a dict
of id -> drop reason), run B's are streamed against them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyarrow.parquet as pq

from dataprep.errors import ConfigError
from dataprep.io.fs import exists, fs_and_path, join, read_json


@dataclass
class RunDiff:
    """The differences between run A and run B.

    ``totals`` and ``reasons`` map a name to its (A, B) count; ``stages`` lists (stage, docs out
    in A, docs out in B) with None where a run lacks the stage. The id lists are sorted:
    ``kept_to_rejected`` holds (id, reason in B), ``rejected_to_kept`` (id, reason in A),
    ``reason_changed`` (id, reason in A, reason in B).
    """

    run_a: str
    run_b: str
    totals: dict[str, tuple[int, int]]
    stages: list[tuple[str, int | None, int | None]]
    reasons: dict[str, tuple[int, int]]
    kept_to_rejected: list[tuple[str, str]] = field(default_factory=list)
    rejected_to_kept: list[tuple[str, str]] = field(default_factory=list)
    reason_changed: list[tuple[str, str, str]] = field(default_factory=list)
    only_in_a: int = 0
    only_in_b: int = 0


def _manifest(run_dir: str) -> dict:
    fs, root = fs_and_path(run_dir)
    path = join(root, "manifest.json")
    if not exists(fs, path):
        raise ConfigError(f"{run_dir}: no manifest.json (not a finished run directory)")
    return read_json(fs, path)


def _documents(run_dir: str, manifest: dict) -> Iterator[tuple[str, str | None]]:
    """(id, drop reason or None) of every document in a run's output."""
    fs, root = fs_and_path(run_dir)
    for key, columns in (("shards", ["id"]), ("rejected_shards", ["id", "drop_reason"])):
        for shard in manifest[key]:
            with fs.open_input_file(join(root, shard["path"])) as f:
                for batch in pq.ParquetFile(f).iter_batches(columns=columns):
                    ids = batch.column("id").to_pylist()
                    reasons = (batch.column("drop_reason").to_pylist() if len(columns) > 1
                               else [None] * len(ids))
                    yield from zip(ids, reasons, strict=True)


def _reason_counts(manifest: dict) -> dict[str, int]:
    return {reason: n for s in manifest["stages"] for reason, n in s["dropped"].items()}


def diff_runs(run_a: str, run_b: str) -> RunDiff:
    """Compare two finished runs (their manifests and the ids in their shards)."""
    a, b = _manifest(run_a), _manifest(run_b)
    totals = {k: (a["totals"][k], b["totals"][k]) for k in a["totals"] if k in b["totals"]}
    out_a = {s["stage"]: s["rows_out"] for s in a["stages"]}
    out_b = {s["stage"]: s["rows_out"] for s in b["stages"]}
    order = list(out_a) + [s for s in out_b if s not in out_a]
    reasons_a, reasons_b = _reason_counts(a), _reason_counts(b)
    reasons = {r: (reasons_a.get(r, 0), reasons_b.get(r, 0))
               for r in sorted(set(reasons_a) | set(reasons_b))}
    diff = RunDiff(run_a, run_b, totals, [(s, out_a.get(s), out_b.get(s)) for s in order],
                   reasons)
    in_a = dict(_documents(run_a, a))
    for doc_id, reason_b in _documents(run_b, b):
        if doc_id not in in_a:
            diff.only_in_b += 1
            continue
        reason_a = in_a.pop(doc_id)
        if reason_a is None and reason_b is not None:
            diff.kept_to_rejected.append((doc_id, reason_b))
        elif reason_a is not None and reason_b is None:
            diff.rejected_to_kept.append((doc_id, reason_a))
        elif reason_a != reason_b:
            diff.reason_changed.append((doc_id, reason_a, reason_b))
    diff.only_in_a = len(in_a)
    for moved in (diff.kept_to_rejected, diff.rejected_to_kept, diff.reason_changed):
        moved.sort()
    return diff


def _delta(a: int | None, b: int | None) -> str:
    if a is None or b is None:
        return ""
    return f"{b - a:+,}"


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def format_diff(diff: RunDiff, *, max_ids: int = 20) -> str:
    """The diff as aligned text, listing at most ``max_ids`` ids per kind of move."""
    lines = [f"A: {diff.run_a}", f"B: {diff.run_b}", ""]
    rows = [("totals", "A", "B", "B-A")]
    rows += [(k, _count(x), _count(y), _delta(x, y)) for k, (x, y) in diff.totals.items()]
    rows += [("", "", "", ""), ("docs out of stage", "A", "B", "B-A")]
    rows += [(s, _count(x), _count(y), _delta(x, y)) for s, x, y in diff.stages]
    rows += [("", "", "", ""), ("dropped by reason", "A", "B", "B-A")]
    rows += [(r, _count(x), _count(y), _delta(x, y)) for r, (x, y) in diff.reasons.items()]
    width = max(len(r[0]) for r in rows)
    for name, x, y, d in rows:
        lines.append(f"{name:<{width}}  {x:>12}  {y:>12}  {d:>10}".rstrip() if name else "")
    moves = [
        ("kept in A, rejected in B", [f"{i}  ({r})" for i, r in diff.kept_to_rejected]),
        ("rejected in A, kept in B", [f"{i}  ({r})" for i, r in diff.rejected_to_kept]),
        ("rejected in both, reason changed",
         [f"{i}  ({ra} -> {rb})" for i, ra, rb in diff.reason_changed]),
    ]
    for title, items in moves:
        lines += ["", f"{title}: {len(items):,}"]
        lines += [f"  {item}" for item in items[:max_ids]]
        if len(items) > max_ids:
            lines.append(f"  ... {len(items) - max_ids:,} more")
    if diff.only_in_a or diff.only_in_b:
        lines += ["", f"ids only in A: {diff.only_in_a:,}; only in B: {diff.only_in_b:,} "
                      "(different inputs, or documents a unit failure lost)"]
    return "\n".join(lines)
