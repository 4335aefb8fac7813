"""Counters of a run: per step, rows and text bytes in and out and drops per reason.

``Stats`` values add (``a + b``), so the stats of a run are the sum of its units' stats, in any
order, and merging the shards of two runs is a sum too. Wall seconds and memory are kept out of
them: counters are deterministic, timings are not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc


def _add_counts(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    total = dict(a)
    for key, n in b.items():
        total[key] = total.get(key, 0) + n
    return total


@dataclass(frozen=True)
class StepCounts:
    """What one step saw and kept: rows and UTF-8 bytes of text, drops by reason, and kept rows
    per filter rule set of their language (``dataprep.filters.languages.rule_set``)."""

    rows_in: int = 0
    rows_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    dropped: Mapping[str, int] = field(default_factory=dict)
    rule_sets: Mapping[str, int] = field(default_factory=dict)

    def __add__(self, other: StepCounts) -> StepCounts:
        return StepCounts(self.rows_in + other.rows_in, self.rows_out + other.rows_out,
                          self.bytes_in + other.bytes_in, self.bytes_out + other.bytes_out,
                          _add_counts(self.dropped, other.dropped),
                          _add_counts(self.rule_sets, other.rule_sets))

    def to_dict(self) -> dict[str, Any]:
        out = {"rows_in": self.rows_in, "rows_out": self.rows_out, "bytes_in": self.bytes_in,
               "bytes_out": self.bytes_out, "dropped": dict(self.dropped)}
        if self.rule_sets:  # only steps after langid, whose rows have a language
            out["rule_sets"] = dict(sorted(self.rule_sets.items()))
        return out


@dataclass(frozen=True)
class Stats:
    """``StepCounts`` per step name, in the order the steps first ran."""

    steps: Mapping[str, StepCounts] = field(default_factory=dict)

    def __add__(self, other: Stats) -> Stats:
        steps = dict(self.steps)
        for name, counts in other.steps.items():
            steps[name] = steps[name] + counts if name in steps else counts
        return Stats(steps)

    def __getitem__(self, name: str) -> StepCounts:
        return self.steps[name]

    def __contains__(self, name: str) -> bool:
        return name in self.steps

    def get(self, name: str) -> StepCounts:
        """The counts of ``name``, zero if it never ran."""
        return self.steps.get(name, StepCounts())

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: counts.to_dict() for name, counts in self.steps.items()}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Mapping[str, Any]]) -> Stats:
        return cls({name: StepCounts(**entry) for name, entry in raw.items()})


def text_bytes(table: pa.Table) -> int:
    """UTF-8 bytes of the document content: ``text``, plus ``html`` before extraction."""
    total = 0
    for column in ("text", "html"):
        if table.num_rows and column in table.column_names:
            lengths = pc.binary_length(table.column(column).cast(pa.large_binary()))
            total += int(pc.sum(lengths).as_py() or 0)
    return total


def count_step(name: str, before: pa.Table, kept: pa.Table, dropped: pa.Table) -> Stats:
    """The stats of one step on one batch: ``before`` went in, ``kept`` and ``dropped`` out."""
    reasons: dict[str, int] = {}
    if dropped.num_rows:
        for item in pc.value_counts(dropped.column("drop_reason")).to_pylist():
            reasons[item["values"]] = item["counts"]
    counts = StepCounts(before.num_rows, kept.num_rows, text_bytes(before), text_bytes(kept),
                        reasons, _rule_sets(kept))
    return Stats({name: counts})


def _rule_sets(kept: pa.Table) -> dict[str, int]:
    """Kept rows per rule set of their ``lang`` (rows without a language are not counted)."""
    from dataprep.filters.languages import rule_set  # the filters package imports much more

    if not kept.num_rows or "lang" not in kept.column_names:
        return {}
    counts: dict[str, int] = {}
    for item in pc.value_counts(kept.column("lang")).to_pylist():
        if item["values"] is not None:
            name = rule_set(item["values"])
            counts[name] = counts.get(name, 0) + item["counts"]
    return counts
