"""Scoring of ``find_pii`` against a labelled set: exact-span counts and a confusion table."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from dataprep.pii import TYPES, find_pii

DATA = Path(__file__).parent / "data" / "pii"


def load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class Score:
    """Exact-span true/false positives and misses per type, the errors, and a confusion table
    (gold type -> what was found at that span: a type, ``partial`` or ``none``)."""

    def __init__(self, cases: list[dict]):
        self.tp, self.fp, self.fn = Counter(), Counter(), Counter()
        self.confusion: Counter[tuple[str, str]] = Counter()
        self.errors: list[str] = []
        for case in cases:
            self._add(case)

    def _add(self, case: dict) -> None:
        text = case["text"]
        gold = {tuple(s) for s in case["spans"]}
        found = {tuple(s) for s in find_pii(text)}
        for start, end, kind in gold:
            same = [k for s, e, k in found if (s, e) == (start, end)]
            overlapping = [k for s, e, k in found if s < end and start < e]
            seen = same[0] if same else "partial" if overlapping else "none"
            self.confusion[kind, seen] += 1
        for start, end, kind in found:
            if not any(s < end and start < e for s, e, _ in gold):
                self.confusion["none", kind] += 1
        for *_, kind in found & gold:
            self.tp[kind] += 1
        for start, end, kind in found - gold:
            self.fp[kind] += 1
            self.errors.append(f"FP {case['id']} {kind} {text[start:end]!r} in {text!r}")
        for start, end, kind in gold - found:
            self.fn[kind] += 1
            self.errors.append(f"FN {case['id']} {kind} {text[start:end]!r} in {text!r}")

    def precision(self, kind: str | None = None) -> float:
        t = self.tp[kind] if kind else sum(self.tp.values())
        f = self.fp[kind] if kind else sum(self.fp.values())
        return t / (t + f) if t + f else 1.0

    def recall(self, kind: str | None = None) -> float:
        t = self.tp[kind] if kind else sum(self.tp.values())
        f = self.fn[kind] if kind else sum(self.fn.values())
        return t / (t + f) if t + f else 1.0

    def table(self) -> str:
        lines = [f"{'type':12} {'tp':>5} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}"]
        for kind in [*TYPES, None]:
            name = kind or "overall"
            t = self.tp[kind] if kind else sum(self.tp.values())
            f_p = self.fp[kind] if kind else sum(self.fp.values())
            f_n = self.fn[kind] if kind else sum(self.fn.values())
            lines.append(f"{name:12} {t:5} {f_p:4} {f_n:4} {self.precision(kind):9.3f} "
                         f"{self.recall(kind):7.3f}")
        columns = [*TYPES, "partial", "none"]
        lines.append("confusion (rows: labelled type, columns: found at that span):")
        lines.append(f"{'':12}" + "".join(f"{c[:8]:>9}" for c in columns))
        for row in [*TYPES, "none"]:
            cells = [self.confusion[row, c] for c in columns]
            if any(cells):
                lines.append(f"{row:12}" + "".join(f"{n:9}" for n in cells))
        return "\n".join(lines)
