"""The run directory: every path, marker and temporary name a run writes, in one place.

Layout under the output path::

    data/part-*.parquet          kept documents (written per unit, or by the output step)
    rejected/part-UUUUUU-pK-*    rows dropped in phase K of unit UUUUUU, with their reason
    packed/                      fixed-length sequences (output.pack)
    manifest.json, report.html   written by the caller once the run is over (the CLI)
    tokenizer.json               the tokenizer a ``tokenize: {train: ...}`` stage trained
    _work/run.json               what the run is: config fingerprint and input units
    _work/phase-K/unit-UUUUUU.{parquet,json}   kept rows of a non-final phase; unit marker
    _work/<stage>/collected/unit-UUUUUU.parquet  what a corpus-wide stage collected
    _work/<stage>/decided.json   marker of its corpus-wide step (``GlobalStage.decide``)
    _work/finalized.json         marker of the output step

A unit's outputs are committed by rename and only then is its marker written: a unit is done
exactly when its marker exists. ``--resume`` skips done units; an unfinished unit's leftovers
are cleaned before it is redone.

``RunDir`` is small and picklable (a path; the filesystem is resolved on use) so runners ship it
to workers. It is the place for output-directory safety checks, a run lock and marker
verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dataprep import rundir_checks as checks
from dataprep.io import fs as fsutil
from dataprep.io.shards import UNBOUNDED, ShardWriter
from dataprep.readers import InputSpec, Unit
from dataprep.rundir_checks import OUTPUT_DIRS, OUTPUT_FILES, WORK_DIR


class RunDir:
    """One run's output directory (a local path or a URI)."""

    def __init__(self, uri: str):
        self.fs, self.path = fsutil.fs_and_path(uri)
        # What a worker resolves again: absolute, as workers may run in another directory.
        self.uri = uri if "://" in uri else self.path

    @classmethod
    def of_stage_dir(cls, stage_dir: str) -> RunDir:
        """The run directory whose :meth:`stage_dir` (as a URI or path) is ``stage_dir``."""
        run, work, _stage = stage_dir.rstrip("/").rsplit("/", 2)
        if work != WORK_DIR:
            raise ValueError(f"{stage_dir}: not a stage directory of a run")
        return cls(run)

    def __reduce__(self) -> tuple[Any, ...]:
        # The filesystem object is re-created from the URI where the RunDir is unpickled.
        return (RunDir, (self.uri,))

    def join(self, *parts: str) -> str:
        return fsutil.join(self.path, *parts)

    def uri_of(self, path: str) -> str:
        """``path`` (of this directory's filesystem) as a URI, for code that resolves paths
        itself (stages): a remote path without its scheme would be taken for a local one."""
        if "://" not in self.uri:
            return path
        return f"{self.uri.split('://', 1)[0]}://{path}"

    def exists(self, path: str) -> bool:
        return fsutil.exists(self.fs, path)

    # -- the run as a whole ------------------------------------------------------------------

    def claim(self, specs: Sequence[InputSpec], base_dir: str, units: Sequence[Unit], *,
              resume: bool) -> bool:
        """Refuse a directory the run must not touch and lock it (``rundir_checks``); returns
        whether an interrupted run is resumed. Call before :meth:`prepare`."""
        return checks.claim_output_dir(self.uri, specs, base_dir, units, resume=resume)

    def record_inputs(self, units: Sequence[Unit]) -> None:
        """Record the input files' sizes and mtimes (a fresh run, after :meth:`prepare`)."""
        checks.record_inputs(self.uri, units)

    def release(self) -> None:
        """Remove the run lock."""
        checks.release_output_dir(self.uri)

    def prepare(self, state: dict[str, Any], resume: bool) -> dict[str, Any] | None:
        """Claim the directory for a run described by ``state``.

        With ``resume`` and a previous run in the directory, returns that run's state (the
        caller compares it); otherwise deletes what an earlier run wrote, records ``state``
        and returns None.
        """
        state_path = self.join(WORK_DIR, "run.json")
        if resume and self.exists(state_path):
            return fsutil.read_json(self.fs, state_path)
        for sub in OUTPUT_DIRS:
            fsutil.delete_dir_if_exists(self.fs, self.join(sub))
        for name in OUTPUT_FILES:
            if self.exists(self.join(name)):
                self.fs.delete_file(self.join(name))
        fsutil.makedirs(self.fs, self.join(WORK_DIR))
        fsutil.write_json_atomic(self.fs, state_path, state)
        return None

    # -- units -------------------------------------------------------------------------------

    def unit_marker(self, phase: int, unit: int) -> str:
        return self.join(WORK_DIR, f"phase-{phase}", f"unit-{unit:06d}.json")

    def unit_file(self, phase: int, unit: int) -> str:
        """Kept rows of ``unit`` after ``phase``, for the next phase or the output step."""
        return self.join(WORK_DIR, f"phase-{phase}", f"unit-{unit:06d}.parquet")

    def is_unit_done(self, phase: int, unit: int) -> bool:
        """Done when its marker reads and what the marker vouches for is there (shards with
        their sizes, the unit file when it kept rows): else the unit is redone."""
        return checks.unit_done(self.fs, self.unit_marker(phase, unit),
                                self.unit_file(phase, unit), self.path)

    def unit_record(self, phase: int, unit: int) -> dict[str, Any]:
        return fsutil.read_json(self.fs, self.unit_marker(phase, unit))

    def start_unit(self, phase: int, unit: int, to_data: bool) -> None:
        """Remove what an interrupted attempt at this unit may have left."""
        fsutil.remove_matching(self.fs, self.join("rejected"), self._rejected_prefix(phase, unit)
                               + "-")
        if to_data:
            fsutil.remove_matching(self.fs, self.join("data"), f"part-{unit:06d}-")

    def kept_writer(self, phase: int, unit: int, to_data: bool, *, shard_rows: int,
                    shard_bytes: int) -> ShardWriter:
        """Where a unit's kept rows go: ``data/`` shards, or one file under ``_work``."""
        if to_data:
            return ShardWriter(self.fs, self.path, "data", f"part-{unit:06d}",
                               max_rows=shard_rows, max_bytes=shard_bytes)
        return ShardWriter(self.fs, self.path, f"{WORK_DIR}/phase-{phase}", f"unit-{unit:06d}",
                           max_rows=UNBOUNDED, max_bytes=UNBOUNDED)

    def rejected_writer(self, phase: int, unit: int, *, shard_rows: int,
                        shard_bytes: int) -> ShardWriter:
        return ShardWriter(self.fs, self.path, "rejected", self._rejected_prefix(phase, unit),
                           max_rows=shard_rows, max_bytes=shard_bytes)

    @staticmethod
    def _rejected_prefix(phase: int, unit: int) -> str:
        return f"part-{unit:06d}-p{phase}"

    def commit_unit_file(self, phase: int, unit: int, written: str) -> None:
        """Give the one shard a ``_work`` writer wrote the fixed name the next phase reads."""
        self.fs.move(self.join(written), self.unit_file(phase, unit))

    def commit_unit(self, phase: int, unit: int, record: dict[str, Any]) -> None:
        """Mark the unit done; called after all its outputs are in place."""
        fsutil.write_json_atomic(self.fs, self.unit_marker(phase, unit), record)

    # -- corpus-wide stages and the output step ----------------------------------------------

    def stage_dir(self, stage: str) -> str:
        return self.join(WORK_DIR, stage)

    def collected_file(self, stage: str, unit: int) -> str:
        return self.join(WORK_DIR, stage, "collected", f"unit-{unit:06d}.parquet")

    def existing(self, paths: Sequence[str]) -> list[str]:
        """Those of ``paths`` that exist (a unit that kept nothing writes no file)."""
        return [p for p in paths if self.exists(p)]

    def step_marker(self, name: str) -> str:
        """Marker of a once-per-run step: a stage's corpus-wide step, or ``finalized``."""
        if name == "finalized":
            return self.join(WORK_DIR, "finalized.json")
        return self.join(WORK_DIR, name, "decided.json")

    def step_record(self, name: str) -> dict[str, Any] | None:
        """The step's marker, None when absent or unreadable (the step is then redone)."""
        marker = self.step_marker(name)
        record = checks.read_or_none(self.fs, marker) if self.exists(marker) else None
        return record if isinstance(record, dict) else None

    def commit_step(self, name: str, record: dict[str, Any]) -> None:
        fsutil.write_json_atomic(self.fs, self.step_marker(name), record)

    def tokenizer_file(self) -> str:
        """The tokenizer a ``tokenize: {train: ...}`` stage trained, kept with the output."""
        return self.join("tokenizer.json")

    def output_work_dir(self) -> str:
        return self.join(WORK_DIR, "output")

    def temp_name(self, path: str) -> str:
        """A unique temporary sibling of ``path``, renamed onto it when complete."""
        return fsutil.temp_name(path)

    def write_table(self, path: str, table: pa.Table, **options: Any) -> None:
        """Write a Parquet file atomically (temporary name, then rename); ``options`` go to
        ``pyarrow.parquet.write_table``."""
        fsutil.makedirs(self.fs, path.rsplit("/", 1)[0])
        tmp = self.temp_name(path)
        pq.write_table(table, tmp, filesystem=self.fs, **options)
        self.fs.move(tmp, path)

