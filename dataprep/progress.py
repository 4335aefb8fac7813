"""Showing a run while it goes: ``on_phase`` / ``on_unit`` callbacks for ``run_pipeline``.

On a terminal with the inline runner, one tqdm bar per phase counts input units (hence the ETA)
and shows documents read, documents per second and the share kept so far. Elsewhere (a log
file, CI, the Ray runner whose workers also write to the terminal) the same facts go out as
log lines on the ``dataprep`` logger: one when a phase starts, one when it ends, one per unit
at DEBUG (``--verbose``). Failed units and documents a stage failed on are always reported.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import IO

from tqdm import tqdm

log = logging.getLogger("dataprep")

# The message run_pipeline gives as a phase starts (tests/test_progress.py runs the real one).
PHASE_START = re.compile(r"^phase (\d+): (\d+) units to run, (\d+) already done")


def unit_documents(record: dict) -> tuple[int, int]:
    """(documents in, documents kept) of one unit's record, from its per-stage counters.

    The first step of a phase sees every document of the unit, and each later step only the
    survivors, so the largest ``rows_in`` is the input and every drop is counted once.
    """
    stats = record.get("stats") or {}
    docs_in = max((s["rows_in"] for s in stats.values()), default=0)
    dropped = sum(n for s in stats.values() for n in s["dropped"].values())
    return docs_in, docs_in - dropped


class Progress:
    """Callbacks that display a run's progress.

    Args:
        bars: tqdm bars (for a terminal); else log lines.
        stream: where the bars go (default stderr).
        run_dir: named in the hint printed when a stage failed on some documents.
    """

    def __init__(self, *, bars: bool, stream: IO[str] | None = None, run_dir: str = "RUN_DIR"):
        self.bars = bars
        self.stream = stream or sys.stderr
        self.run_dir = run_dir
        self._bar: tqdm | None = None
        self._phase: int | None = None
        self._todo = 0
        self._units = 0
        self._docs_in = 0
        self._docs_kept = 0
        self._started = 0.0

    def on_phase(self, message: str) -> None:
        self._finish_phase()
        match = PHASE_START.match(message)
        if match is None:  # a corpus-wide step (dedup): no unit callbacks follow
            self._say(message)
            return
        self._phase, self._todo = int(match[1]), int(match[2])
        self._units = self._docs_in = self._docs_kept = 0
        self._started = time.monotonic()
        if self.bars:
            self._bar = tqdm(total=self._todo, desc=f"phase {self._phase}", unit="unit",
                             file=self.stream, dynamic_ncols=True, leave=True)
            if int(match[3]):
                self._bar.write(message, file=self.stream)
        else:
            log.info(message)

    def on_unit(self, phase: int, record: dict) -> None:
        self._units += 1
        if "error" in record:
            self._warn(f"unit {record['unit']} ({record['path']}) failed: {record['error']}")
            log.debug("%s", record.get("traceback", ""))
        else:
            docs_in, kept = unit_documents(record)
            self._docs_in += docs_in
            self._docs_kept += kept
            for stage, entry in record["stats"].items():
                failed = entry["dropped"].get(f"{stage}:error", 0)
                if failed:
                    self._warn(f"unit {record['unit']} ({record['path']}): stage {stage} failed "
                               f"on {failed} documents; their ids: dataprep inspect "
                               f"{self.run_dir} --reason {stage}:error")
            log.debug("phase %d unit %d (%s): %d documents in, %d kept", phase, record["unit"],
                      record["path"], docs_in, kept)
        if self._bar is not None:
            self._bar.set_postfix_str(self._rates(), refresh=False)
            self._bar.update(1)
        if self._units == self._todo:
            # Now, not at the next phase: global steps and the report come in between.
            self._finish_phase()

    def close(self) -> None:
        """End the last phase (its summary line and bar)."""
        self._finish_phase()

    def _rates(self) -> str:
        elapsed = max(time.monotonic() - self._started, 1e-9)
        kept = self._docs_kept / self._docs_in if self._docs_in else 0.0
        return (f"{self._docs_in:,} docs, {self._docs_in / elapsed:,.0f} docs/s, "
                f"{kept:.1%} kept")

    def _finish_phase(self) -> None:
        if self._phase is None:
            return
        summary = f"phase {self._phase} done: {self._units}/{self._todo} units, {self._rates()}"
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        else:
            log.info(summary)
        self._phase = None

    def _say(self, message: str) -> None:
        if self._bar is not None or self.bars:
            tqdm.write(message, file=self.stream)
        else:
            log.info(message)

    def _warn(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(f"warning: {message}", file=self.stream)
        else:
            log.warning(message)
