"""Safety checks of the run directory (reliability findings F2, F3, F9, F13), used by
``dataprep.rundir.RunDir``.

Before a run touches its output directory, ``RunDir.claim`` (:func:`claim_output_dir`)

* refuses a directory that holds anything dataprep did not write (a fresh run deletes
  ``data/``, ``rejected/``, ``packed/``, ``_work/``, ``manifest.json`` and ``report.html``, so
  those may only be deleted in a directory that an earlier run claimed: one with
  ``_work/run.json``) and a directory that overlaps an input (an input file inside it, a
  directory input holding it, a glob that could match what the run writes);
* takes a lock (``.dataprep.lock``: host and pid of the run). A second run into the same
  directory is refused while the first one lives; a lock left by a dead process (same host)
  is taken over by ``--resume``;
* on ``--resume``, refuses a ``_work/run.json`` it cannot read, compares the size and mtime of
  every input file with those recorded when the run started (changed input would mix two
  versions in one output), and removes the temporary files (``.tmp-*``) an interrupted run
  left behind.

:func:`unit_done` verifies what a unit marker vouches for before the unit is skipped: a
marker that cannot be read, a listed shard that is missing or has another size, or a missing
intermediate file of a unit that kept rows, and the unit is redone.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Sequence
from typing import Any

import pyarrow.fs as pafs

from dataprep.errors import ConfigError
from dataprep.io.fs import exists, fs_and_path, join, read_json, write_json_atomic
from dataprep.readers import InputSpec, Unit
from dataprep.readers.paths import absolute_path

WORK_DIR = "_work"
# Subdirectories and files a run owns; a fresh run starts by removing them.
OUTPUT_DIRS = ("data", "rejected", "packed", "megatron", "mds", "nanotron", WORK_DIR)
OUTPUT_FILES = ("manifest.json", "report.html")
LOCK = ".dataprep.lock"
INPUTS = "inputs.json"
# What a run writes at the top of its directory.
OWN_ENTRIES = frozenset({*OUTPUT_DIRS, *OUTPUT_FILES, "tokenizer.json", LOCK})
# Paths of every kind a run writes, to test input globs against.
_WRITTEN = ("data/part-000000-0000.parquet", "rejected/part-000000-p0-0000.parquet",
            "packed/part-000000.parquet", "megatron/web_0.bin", "mds/index.json",
            "nanotron/part_00000.ds", "manifest.json", "report.html", "tokenizer.json",
            f"{WORK_DIR}/phase-0/unit-000000.parquet", f"{WORK_DIR}/run.json")


def claim_output_dir(run_dir: str, specs: Sequence[InputSpec], base_dir: str,
                     units: Sequence[Unit], *, resume: bool) -> bool:
    """Check ``run_dir`` and lock it for this run (see the module docstring); raises
    ``ConfigError`` with one line when the run must not go on. Returns whether an
    interrupted run is resumed."""
    fs, path = fs_and_path(run_dir)
    _refuse_overlap(path, run_dir, specs, base_dir, units)
    _refuse_foreign(fs, path, run_dir)
    _lock(fs, path, run_dir, resume=resume)
    if not (resume and exists(fs, join(path, WORK_DIR, "run.json"))):
        return False
    _check_resumable(fs, path, run_dir, join(path, WORK_DIR, INPUTS), _input_versions(units))
    remove_temp_files(fs, path)
    return True


def record_inputs(run_dir: str, units: Sequence[Unit]) -> None:
    """Write the size and mtime of every input file (after the run directory is prepared)."""
    fs, path = fs_and_path(run_dir)
    write_json_atomic(fs, join(path, WORK_DIR, INPUTS), _input_versions(units))


def release_output_dir(run_dir: str) -> None:
    fs, path = fs_and_path(run_dir)
    if exists(fs, join(path, LOCK)):
        fs.delete_file(join(path, LOCK))


def _comparable(path: str) -> str:
    return path.split("://", 1)[-1].rstrip("/") + "/"


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """fsspec glob semantics: ``**`` crosses ``/``, ``*`` and ``?`` do not."""
    parts = re.split(r"(\*\*|\*|\?)", pattern)
    table = {"**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(table.get(p, re.escape(p)) for p in parts) + "$")


def _refuse_overlap(path: str, run_dir: str, specs: Sequence[InputSpec], base_dir: str,
                    units: Sequence[Unit]) -> None:
    out = _comparable(path)
    for unit in units:
        if _comparable(unit.path).startswith(out):
            raise ConfigError(f"output {run_dir}: holds the input {unit.path}; a run would "
                              "delete or re-read it (choose another output path)")
    for i, spec in enumerate(specs):
        for raw in spec.paths:
            full = absolute_path(raw, base_dir)
            if any(c in full for c in "*?["):
                regex = _glob_regex(full.split("://", 1)[-1])
                if any(regex.match(out + written) for written in _WRITTEN):
                    raise ConfigError(f"output {run_dir}: inputs[{i}] '{raw}' would match "
                                      "files the run writes there (choose another output path)")
            elif out.startswith(_comparable(full)):
                raise ConfigError(f"output {run_dir}: inside the input directory '{raw}' of "
                                  f"inputs[{i}]; a run would re-read its own output")


def _refuse_foreign(fs: pafs.FileSystem, path: str, run_dir: str) -> None:
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        return
    if info.type != pafs.FileType.Directory:
        raise ConfigError(f"output.path: {run_dir} is a file, not a directory")
    entries = {e.base_name for e in fs.get_file_info(pafs.FileSelector(path))}
    foreign = sorted(entries - OWN_ENTRIES)
    if foreign:
        raise ConfigError(f"output {run_dir}: holds files dataprep did not write "
                          f"({', '.join(foreign[:3])}{' ...' if len(foreign) > 3 else ''}); "
                          "refusing to delete them (choose an empty or new output path)")
    if entries - {LOCK} and not exists(fs, join(path, WORK_DIR, "run.json")):
        raise ConfigError(f"output {run_dir}: holds {', '.join(sorted(entries))} but no "
                          f"{WORK_DIR}/run.json, so not a dataprep run directory; refusing to "
                          "delete it (choose an empty or new output path)")


def _lock(fs: pafs.FileSystem, path: str, run_dir: str, *, resume: bool) -> None:
    lock = join(path, LOCK)
    mine = {"host": socket.gethostname(), "pid": os.getpid()}
    holder = read_or_none(fs, lock) if exists(fs, lock) else None
    if isinstance(holder, dict) and holder != mine:
        pid, host = holder.get("pid"), holder.get("host")
        if host == mine["host"] and _alive(pid):
            raise ConfigError(f"output {run_dir}: another dataprep run (pid {pid}) is writing "
                              "there; wait for it or choose another output path")
        if host != mine["host"] and not resume:
            # No way to tell from here whether that run still lives.
            raise ConfigError(f"output {run_dir}: locked by a run on {host} (pid {pid}); if "
                              "it is gone, rerun with --resume to take the directory over")
    fs.create_dir(path, recursive=True)
    write_json_atomic(fs, lock, mine)


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_or_none(fs: pafs.FileSystem, path: str) -> Any:
    try:
        return read_json(fs, path)
    except (OSError, ValueError):
        return None


def _input_versions(units: Sequence[Unit]) -> dict[str, list[int | None]]:
    """(size, mtime in ns) of every input file, by path."""
    versions: dict[str, list[int | None]] = {}
    for unit in units:
        if unit.path in versions:
            continue
        fs, inner = fs_and_path(unit.path)
        info = fs.get_file_info(inner)
        mtime = info.mtime_ns if info.type != pafs.FileType.NotFound else None
        versions[unit.path] = [info.size, mtime]
    return versions


def _check_resumable(fs: pafs.FileSystem, path: str, run_dir: str, record: str,
                     inputs: dict[str, list[int | None]]) -> None:
    if read_or_none(fs, join(path, WORK_DIR, "run.json")) is None:
        raise ConfigError(f"output {run_dir}: {WORK_DIR}/run.json cannot be read, so the "
                          "interrupted run cannot be resumed; rerun without --resume")
    before = read_or_none(fs, record)
    if before is None:
        return  # a run dir from before input versions were recorded
    changed = sorted(p for p in inputs if before.get(p) != inputs[p])
    if changed:
        raise ConfigError(f"output {run_dir}: input {changed[0]} changed (size or mtime) since "
                          "the interrupted run; rerun without --resume")


def remove_temp_files(fs: pafs.FileSystem, path: str) -> int:
    """Delete the ``.tmp-*`` files anywhere under ``path`` (left by an interrupted run: a
    committed file never keeps its temporary name); returns how many."""
    removed = 0
    for info in fs.get_file_info(pafs.FileSelector(path, recursive=True)):
        if info.type == pafs.FileType.File and info.base_name.startswith(".tmp-"):
            fs.delete_file(info.path)
            removed += 1
    return removed


def unit_done(fs: pafs.FileSystem, marker: str, intermediate: str, run_dir: str) -> bool:
    """Whether the unit of ``marker`` is done: the marker reads, the shards it lists exist
    with their sizes, and its ``intermediate`` file exists when the unit kept rows that went
    there (no data shards listed)."""
    if not exists(fs, marker):
        return False
    record = read_or_none(fs, marker)
    if not isinstance(record, dict) or "stats" not in record or "kept" not in record:
        return False
    for shard in record.get("data", []) + record.get("rejected", []):
        info = fs.get_file_info(join(run_dir, shard["path"]))
        if info.type != pafs.FileType.File or info.size != shard["bytes"]:
            return False
    return not record["kept"] or bool(record.get("data")) or exists(fs, intermediate)

