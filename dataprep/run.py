"""The run: phases in order, units in parallel within a phase, then the output step.

``run_pipeline`` returns a ``RunResult``; writing the manifest and the report is the caller's
(the CLI does both; see ``dataprep.io.manifest.write_run_manifest`` and
``dataprep.report.build_report``), so library callers need not import matplotlib.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from dataprep.config import Config
from dataprep.errors import ConfigError
from dataprep.io.retry import add_counts, retries_since, retry_counts
from dataprep.io.shards import ShardInfo
from dataprep.pipeline import Phase, Pipeline
from dataprep.readers import Unit, list_units
from dataprep.rundir import RunDir
from dataprep.stages import Executor, GlobalStage, TasksFailed
from dataprep.stats import Stats
from dataprep.unique_ids import make_ids_unique
from dataprep.unit import process_unit

OnPhase = Callable[[str], None]


@dataclass
class RunResult:
    run_dir: str
    stats: Stats
    data: list[ShardInfo]
    rejected: list[ShardInfo]
    failed: list[dict]
    units: int
    units_skipped: int
    seconds: dict[str, float]
    global_seconds: dict[str, float]
    max_rss_mb: float
    output: dict  # what the output step did (mixture, packing), for the manifest
    # Remote-filesystem retries by operation: of the units, and of the run's own process
    # during corpus-wide steps and the output step (not of their Ray worker tasks).
    io_retries: dict[str, int] = field(default_factory=dict)
    # Ids renamed so that each is unique in the run: inside a unit as it was read, and
    # across units (``dataprep.unique_ids``); of the rows phase 0 kept.
    ids_renamed: dict[str, int] = field(default_factory=dict)


def config_fingerprint(config: Config) -> str:
    text = json.dumps(config.raw, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _claim(run_dir: RunDir, config: Config, units: list[Unit], resume: bool) -> None:
    state = {"config_sha256": config_fingerprint(config),
             "units": [[u.path, u.start, u.end] for u in units]}
    previous = run_dir.prepare(state, resume)
    if previous is None:
        return
    if previous["config_sha256"] != state["config_sha256"]:
        raise ConfigError(f"{run_dir.uri}: holds a run of a different config; "
                          "rerun with --no-resume or another output path")
    if previous["units"] != state["units"]:
        raise ConfigError(f"{run_dir.uri}: the input files changed since the interrupted run; "
                          "rerun with --no-resume")


def _run_phase(pipeline: Pipeline, phase: Phase, units: list[Unit], run_dir: RunDir,
               executor: Executor, on_phase: OnPhase | None,
               on_unit: Callable[[int, dict], None] | None) -> tuple[list[dict], int]:
    """The units of one phase not done yet; returns the failed units' records and the
    number of units already done."""
    todo = [u for u in units if not run_dir.is_unit_done(phase.index, u.index)]
    # Largest first, so no big unit starts last while the other workers idle (results keep
    # unit order whatever the order of submission).
    todo.sort(key=lambda u: -(u.size or 0))
    done = len(units) - len(todo)
    if on_phase:
        on_phase(f"phase {phase.index}: {len(todo)} units to run, {done} already done")
    try:
        results = executor.map(partial(process_unit, pipeline, phase.index, run_dir), todo,
                               on_result=partial(on_unit, phase.index) if on_unit else None)
    except TasksFailed as exc:  # worker or node lost on every attempt; the rest committed
        # The finished units' records too: their errors must not be lost (F11).
        results = exc.completed + [{"unit": unit.index, "path": unit.path, "error": error}
                                   for unit, error in exc.failures]
    return sorted((r for r in results if "error" in r), key=lambda r: r["unit"]), done


def run_pipeline(pipeline: Pipeline, executor: Executor | None = None, *,
                 run_dir: str | None = None, resume: bool = False,
                 on_phase: OnPhase | None = None,
                 on_unit: Callable[[int, dict], None] | None = None,
                 on_finish: Callable[[RunResult], None] | None = None) -> RunResult:
    """Run every phase over every unit with ``executor`` (default: in this process).

    ``on_phase(message)`` is called as each phase or corpus-wide step starts, ``on_unit(phase,
    record)`` as each unit finishes (the record has ``stats`` or ``error``): progress displays.
    ``on_finish(result)`` is called at the end while the run directory is still locked (the
    CLI writes the manifest and the report there, so no second run can start in between).
    """
    if executor is None:
        from dataprep.runners.inline import InlineExecutor

        executor = InlineExecutor()
    config = pipeline.config
    rundir = RunDir(run_dir or config.output.path)
    units = list_units(config.inputs, config.base_dir, unit_bytes=config.execution.unit_bytes)
    resuming = rundir.claim(config.inputs, config.base_dir, units, resume=resume)
    _claim(rundir, config, units, resume)
    if not resuming:
        rundir.record_inputs(units)
    driver_retries: dict[str, int] = {}
    result = _run_phases(pipeline, units, rundir, executor, on_phase, on_unit, driver_retries)
    if config.output.needs_finalize and not result.failed:
        started = time.perf_counter()
        with _counting_retries(driver_retries):
            result.data, result.output = _finalize(pipeline, units, rundir, on_phase)
        result.global_seconds["output"] = time.perf_counter() - started
    add_counts(result.io_retries, driver_retries)
    if on_finish is not None:
        on_finish(result)
    rundir.release()
    return result


@contextmanager
def _counting_retries(total: dict[str, int]) -> Iterator[None]:
    """Add the retries this process makes in the block to ``total``."""
    before = retry_counts()
    try:
        yield
    finally:
        add_counts(total, retries_since(before))


def _run_phases(pipeline: Pipeline, units: list[Unit], rundir: RunDir, executor: Executor,
                on_phase: OnPhase | None, on_unit: Callable[[int, dict], None] | None,
                driver_retries: dict[str, int]) -> RunResult:
    """Every phase with its corpus-wide step, up to the first phase where a unit failed."""
    skipped = 0
    failed: list[dict] = []
    global_seconds: dict[str, float] = {}  # wall time of each corpus-wide step
    records: list[dict] = []
    ids: dict | None = None  # the record of the unique-ids step, once it ran
    for phase in pipeline.phases:
        if phase.start is not None:
            with _counting_retries(driver_retries):
                global_seconds[phase.start.name] = _corpus_step(phase.start, units, rundir,
                                                                   executor, on_phase)
        phase_failed, done = _run_phase(pipeline, phase, units, rundir, executor, on_phase,
                                        on_unit)
        skipped += done
        failed.extend(phase_failed)
        if phase.index == 0 and not failed:  # before the records: it rewrites some shards
            with _counting_retries(driver_retries):
                ids = make_ids_unique(phase, units, rundir, executor, on_phase)
            global_seconds[ids["stage"]] = ids["seconds"]
        records.extend(_unit_records(rundir, phase.index, units, phase_failed))
        if failed:
            break  # later phases need every unit of this one
    result = _sum_records(records, rundir.uri, failed, len(units), skipped, global_seconds)
    if ids is not None:
        result.ids_renamed = {"in_units": ids["renamed_in_units"],
                              "across_units": ids["renamed"]}
    return result


def _unit_records(run_dir: RunDir, phase: int, units: list[Unit],
                  failed: list[dict]) -> list[dict]:
    """The markers of the phase's units that did not fail: each must vouch for its output,
    else its counts would be missing from the manifest without a word."""
    failed_units = {r["unit"] for r in failed}
    records = []
    for unit in units:
        if unit.index in failed_units:
            continue
        if not run_dir.is_unit_done(phase, unit.index):
            raise RuntimeError(f"phase {phase}, unit {unit.index} ({unit.path}): ran, but its "
                               "marker does not vouch for its output")
        records.append(run_dir.unit_record(phase, unit.index))
    return records


def _sum_records(records: list[dict], path: str, failed: list[dict], units: int, skipped: int,
                 global_seconds: dict[str, float]) -> RunResult:
    stats = Stats()
    seconds: dict[str, float] = {}
    data: list[ShardInfo] = []
    rejected: list[ShardInfo] = []
    retries: dict[str, int] = {}
    for record in records:
        stats += Stats.from_dict(record["stats"])
        for name, value in record["seconds"].items():
            seconds[name] = seconds.get(name, 0.0) + value
        data.extend(ShardInfo(**s) for s in record["data"])
        rejected.extend(ShardInfo(**s) for s in record["rejected"])
        add_counts(retries, record.get("io_retries", {}))
    max_rss = max((r["max_rss_mb"] for r in records), default=0.0)
    return RunResult(path, stats, data, rejected, failed, units, skipped, seconds,
                     global_seconds, max_rss, {}, retries)


def _finalize(pipeline: Pipeline, units: list[Unit], run_dir: RunDir,
              on_phase: OnPhase | None) -> tuple[list[ShardInfo], dict]:
    """The output step (mixture, shuffle, token shards, packing), once; resumable."""
    from dataprep.finalize import finalize_output
    from dataprep.tokenization.stage import stage_tokenizer

    done = run_dir.step_record("finalized")
    if done is not None:
        return [ShardInfo(**s) for s in done["data"]], done["output"]
    if on_phase:
        on_phase("output: writing training-ready shards")
    last = len(pipeline.phases) - 1
    unit_files = run_dir.existing([run_dir.unit_file(last, u.index) for u in units])
    shards, extras = finalize_output(pipeline.config.output, run_dir.uri, unit_files,
                                     run_dir.output_work_dir(),
                                     tokenizer=stage_tokenizer(pipeline.phases, run_dir.uri))
    run_dir.commit_step("finalized", {"data": [s.to_dict() for s in shards], "output": extras})
    return shards, extras


def _corpus_step(stage: GlobalStage, units: list[Unit], run_dir: RunDir,
                    executor: Executor, on_phase: OnPhase | None) -> float:
    """Run a corpus-wide stage's step between two phases, once; returns its wall seconds."""
    done = run_dir.step_record(stage.name)
    if done is not None:
        return done.get("seconds", 0.0)
    if on_phase:
        on_phase(f"{stage.name}: corpus-wide step over {len(units)} units")
    collected = run_dir.existing([run_dir.collected_file(stage.name, u.index) for u in units])
    started = time.perf_counter()
    stage.decide([run_dir.uri_of(p) for p in collected],
                 run_dir.uri_of(run_dir.stage_dir(stage.name)), executor)
    seconds = time.perf_counter() - started
    run_dir.commit_step(stage.name, {"stage": stage.name, "units": len(units),
                                     "seconds": seconds})
    return seconds
