"""Pipelines: the explicit stage table, phases split at global stages, and the per-unit code
that both runners call.

A run is a list of input units (files) and a list of phases. Phase k reads each unit (from its
reader in phase 0, from the previous phase's per-unit file later), applies the global stage that
starts the phase (if any), then its stages, and writes: rejected rows to ``rejected/``, kept rows
to ``data/`` (last phase) or ``_work/phase-k/``, and what the next global stage needs to
``_work/<stage>/``. Each unit's outputs are committed by rename and then a marker is written;
``--resume`` skips units with a marker, and a unit without one is cleaned and redone.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataprep.config import Config, StageSpec
from dataprep.dedup.decontaminate import DecontaminateStage
from dataprep.dedup.exact import ExactDedupStage
from dataprep.dedup.lines import LineDedupStage
from dataprep.dedup.minhash import MinHashDedupStage
from dataprep.extract import ExtractStage
from dataprep.filters import (
    C4Stage,
    QualityClassifierStage,
    fineweb,
    fineweb_signals,
    gopher_quality,
    gopher_quality_signals,
    gopher_repetition,
    gopher_repetition_signals,
    residue,
    residue_signals,
)
from dataprep.io.fs import (
    delete_dir_if_exists,
    exists,
    join,
    makedirs,
    read_json,
    remove_matching,
    resolve,
    write_json_atomic,
)
from dataprep.io.manifest import build_manifest, write_manifest
from dataprep.io.shards import ShardInfo, ShardWriter
from dataprep.langid import LangIdStage
from dataprep.pii import PiiStage
from dataprep.readers import Unit, list_units, read_unit
from dataprep.schema import (
    BASE_SCHEMA,
    INTERNAL_COLUMNS,
    UNIT_ROW,
    mark_dropped,
    meta_of,
    set_column,
    split_dropped,
)
from dataprep.stages import ConfigError, Executor, FilterStage, GlobalStage, TasksFailed
from dataprep.tokenize import tokenize_stage
from dataprep.urlfilter import UrlFilterStage

Stage = Callable[[pa.Table], pa.Table]

# The one table of public stage names -> constructors (keyword params from the YAML).
STAGES: dict[str, Callable[..., Any]] = {
    "extract": ExtractStage,
    "url_filter": UrlFilterStage,
    "langid": LangIdStage,
    "gopher_repetition": partial(FilterStage, "gopher_repetition", gopher_repetition,
                                 signals_fn=gopher_repetition_signals),
    "gopher_quality": partial(FilterStage, "gopher_quality", gopher_quality,
                              signals_fn=gopher_quality_signals),
    "c4": C4Stage,
    "fineweb": partial(FilterStage, "fineweb", fineweb, signals_fn=fineweb_signals),
    "residue": partial(FilterStage, "residue", residue, signals_fn=residue_signals),
    "quality_classifier": QualityClassifierStage,
    "exact_dedup": ExactDedupStage,
    "minhash_dedup": MinHashDedupStage,
    "line_dedup": LineDedupStage,
    "decontaminate": DecontaminateStage,
    "pii": PiiStage,
    "tokenize": tokenize_stage,
}

WORK_DIR = "_work"
SKIPPED_PREFIX = "read:skipped_"
HTML_FORMATS = {"warc", "arc", "html"}


class SourceScopedStage:
    """Applies ``stage`` only to rows whose ``source`` is listed; other rows pass untouched.

    Any stage takes a ``sources`` key in the config (e.g. web-page heuristics on ``web`` only,
    not on books or dialogue). Rows keep their order; columns the stage adds are null elsewhere.
    """

    def __init__(self, stage: Stage, sources: list[str]):
        self.stage = stage
        self.sources = sources
        self.name = stage.name

    def __call__(self, table: pa.Table) -> pa.Table:
        mask = pc.is_in(table.column("source"), pa.array(self.sources, pa.string()))
        mask = pc.fill_null(mask, False)
        if int(pc.sum(mask).as_py() or 0) == table.num_rows:
            return self.stage(table)
        # Also with no row selected, the stage runs (on zero rows) so that the columns it adds
        # exist, as nulls, in every batch: shards of all sources share one schema.
        positions = pa.array(range(table.num_rows), pa.int64())
        inside = self.stage(table.filter(mask).append_column("_row", positions.filter(mask)))
        outside = table.filter(pc.invert(mask)).append_column(
            "_row", positions.filter(pc.invert(mask)))
        merged = pa.concat_tables([inside, outside], promote_options="default")
        return merged.sort_by("_row").drop_columns(["_row"])


def build_stage(spec: StageSpec, where: str) -> Any:
    constructor = STAGES.get(spec.name)
    if constructor is None:
        raise ConfigError(f"{where}: unknown stage '{spec.name}' "
                          f"(known: {', '.join(sorted(STAGES))})")
    params = dict(spec.params)
    sources = params.pop("sources", None)
    if sources is not None and (not isinstance(sources, list)
                                or not all(isinstance(s, str) for s in sources)):
        raise ConfigError(f"{where}.{spec.name}.sources: expected a list of source names")
    try:
        stage = constructor(**params)
    except ConfigError:
        raise
    except TypeError as exc:
        raise ConfigError(f"{where}.{spec.name}: {exc}") from None
    stage.name = spec.name
    if sources is None:
        return stage
    if isinstance(stage, GlobalStage):
        raise ConfigError(f"{where}.{spec.name}.sources: a corpus-wide stage runs on every "
                          "source")
    return SourceScopedStage(stage, sources)


@dataclass(frozen=True)
class Phase:
    index: int
    start: GlobalStage | None
    stages: tuple[Stage, ...]
    end: GlobalStage | None


@dataclass(frozen=True)
class Pipeline:
    """A validated config with its stages built and split into phases."""

    config: Config
    phases: tuple[Phase, ...]

    @property
    def stage_names(self) -> list[str]:
        return [spec.name for spec in self.config.stages]


def build_pipeline(config: Config) -> Pipeline:
    stages = []
    seen: set[str] = set()
    for i, spec in enumerate(config.stages):
        if spec.name in seen:
            raise ConfigError(f"stages[{i}]: stage '{spec.name}' appears twice")
        seen.add(spec.name)
        stages.append(build_stage(spec, f"stages[{i}]"))
    if "extract" not in seen:
        for i, spec in enumerate(config.inputs):
            if spec.format in HTML_FORMATS:
                raise ConfigError(f"inputs[{i}].format: '{spec.format}' input needs the "
                                  "'extract' stage")
    if "tokenize" not in seen:
        output = config.output
        for key in ("shard_tokens", "mixture", "pack"):
            if getattr(output, key) is not None:
                raise ConfigError(f"output.{key}: needs the 'tokenize' stage")
    phases: list[Phase] = []
    start: GlobalStage | None = None
    current: list[Stage] = []
    for stage in stages:
        if isinstance(stage, GlobalStage):
            phases.append(Phase(len(phases), start, tuple(current), stage))
            start, current = stage, []
        else:
            current.append(stage)
    phases.append(Phase(len(phases), start, tuple(current), None))
    return Pipeline(config, tuple(phases))


# ---------------------------------------------------------------------------------------------
# Statistics: plain dicts of counters, so merging units is a sum.


def _text_bytes(table: pa.Table) -> int:
    """UTF-8 bytes of the document content: ``text``, plus ``html`` before extraction."""
    total = 0
    for column in ("text", "html"):
        if table.num_rows and column in table.column_names:
            lengths = pc.binary_length(table.column(column).cast(pa.large_binary()))
            total += int(pc.sum(lengths).as_py() or 0)
    return total


def _count(stats: dict, stage: str, before: pa.Table, kept: pa.Table, dropped: pa.Table) -> None:
    entry = stats.setdefault(stage, {"rows_in": 0, "rows_out": 0, "bytes_in": 0,
                                     "bytes_out": 0, "dropped": {}})
    entry["rows_in"] += before.num_rows
    entry["rows_out"] += kept.num_rows
    entry["bytes_in"] += _text_bytes(before)
    entry["bytes_out"] += _text_bytes(kept)
    if dropped.num_rows:
        for item in pc.value_counts(dropped.column("drop_reason")).to_pylist():
            reason = item["values"]
            entry["dropped"][reason] = entry["dropped"].get(reason, 0) + item["counts"]


def merge_stats(into: dict, other: dict) -> dict:
    for stage, entry in other.items():
        target = into.setdefault(stage, {"rows_in": 0, "rows_out": 0, "bytes_in": 0,
                                         "bytes_out": 0, "dropped": {}})
        for key in ("rows_in", "rows_out", "bytes_in", "bytes_out"):
            target[key] += entry[key]
        for reason, n in entry["dropped"].items():
            target["dropped"][reason] = target["dropped"].get(reason, 0) + n
    return into


# ---------------------------------------------------------------------------------------------
# Per-unit processing.


def _apply_stage(stage: Stage, table: pa.Table) -> pa.Table:
    """Run a stage; if it raises, retry row by row so one bad document never fails its batch.

    If every row fails on its own too, the stage itself is broken (a missing model, a broken
    environment), not the documents: the error is raised and fails the unit, instead of
    rejecting the whole corpus as ``<stage>:error``.
    """
    try:
        return stage(table)
    except Exception:
        if table.num_rows <= 1:
            raise
    rows = []
    errors: list[Exception] = []
    for i in range(table.num_rows):
        row = table.slice(i, 1)
        try:
            rows.append(stage(row))
        except Exception as exc:  # noqa: BLE001 - the document is rejected with the error
            errors.append(exc)
            meta = meta_of(row)[0]
            meta["error"] = f"{type(exc).__name__}: {exc}"[:500]
            row = set_column(row, "meta", pa.array([json.dumps(meta, sort_keys=True)]))
            rows.append(mark_dropped(row, ["error"], stage.name))
    if len(errors) == table.num_rows:
        raise errors[0]
    # A failed row lacks the columns the stage adds: unify with nulls.
    return pa.concat_tables(rows, promote_options="default")


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _unit_marker(run_dir: str, phase: int, unit: int) -> str:
    return join(run_dir, WORK_DIR, f"phase-{phase}", f"unit-{unit:06d}.json")


def _intermediate(run_dir: str, phase: int, unit: int) -> str:
    return join(run_dir, WORK_DIR, f"phase-{phase}", f"unit-{unit:06d}.parquet")


def _collected(run_dir: str, stage: str, unit: int) -> str:
    return join(run_dir, WORK_DIR, stage, "collected", f"unit-{unit:06d}.parquet")


def _input_batches(pipeline: Pipeline, phase: Phase, unit: Unit, run_dir: str
                   ) -> Iterator[pa.Table]:
    config = pipeline.config
    if phase.index == 0:
        spec = config.inputs[unit.spec_index]
        yield from read_unit(unit, spec, config.base_dir,
                             batch_rows=config.execution.batch_rows,
                             batch_bytes=config.execution.batch_bytes)
        return
    fs, _ = resolve(run_dir)
    path = _intermediate(run_dir, phase.index - 1, unit.index)
    if not exists(fs, path):  # the unit kept nothing in the previous phase
        return
    with fs.open_input_file(path) as f:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=config.execution.batch_rows):
            yield pa.Table.from_batches([batch])


def _to_rejected(table: pa.Table) -> pa.Table:
    """Rejected rows share one schema (the base columns) whichever stage dropped them."""
    columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
               else pa.nulls(table.num_rows, f.type) for f in BASE_SCHEMA]
    return pa.Table.from_arrays(columns, schema=BASE_SCHEMA)


def process_unit(pipeline: Pipeline, phase_index: int, run_dir: str, unit: Unit) -> dict:
    """Run one phase on one unit and commit its outputs; returns the unit's record.

    Exceptions are caught and reported in the record (``error``) so the other units go on;
    a crash of the worker process itself is retried by the executor.
    """
    try:
        return _process_unit(pipeline, pipeline.phases[phase_index], run_dir, unit)
    except Exception as exc:  # noqa: BLE001 - reported per unit, run continues
        return {"unit": unit.index, "path": unit.path, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(limit=5)}


def _process_unit(pipeline: Pipeline, phase: Phase, run_dir: str, unit: Unit) -> dict:
    config = pipeline.config
    fs, run_dir = resolve(run_dir)
    # The last phase writes data/ itself unless the output step (finalize) does.
    writes_data = phase.index == len(pipeline.phases) - 1 and not config.output.needs_finalize
    final_phase = phase.index == len(pipeline.phases) - 1
    prefix = f"part-{unit.index:06d}"
    rejected_prefix = f"part-{unit.index:06d}-p{phase.index}"
    # Clean what an interrupted attempt at this unit may have left.
    remove_matching(fs, join(run_dir, "rejected"), rejected_prefix + "-")
    if writes_data:
        remove_matching(fs, join(run_dir, "data"), prefix + "-")
    kept_writer = ShardWriter(
        fs, run_dir, "data" if writes_data else f"{WORK_DIR}/phase-{phase.index}",
        prefix if writes_data else f"unit-{unit.index:06d}",
        max_rows=config.output.shard_rows if writes_data else 1 << 62,
        max_bytes=config.output.shard_bytes if writes_data else 1 << 62)
    rejected_writer = ShardWriter(fs, run_dir, "rejected", rejected_prefix,
                                  max_rows=config.output.shard_rows,
                                  max_bytes=config.output.shard_bytes)
    collected: list[pa.Table] = []
    collected_rows = 0
    stats: dict = {}
    # Wall seconds per step; kept out of `stats` so that counters stay deterministic.
    seconds: dict[str, float] = {}
    rss_mb: dict[str, float] = {}  # the process's resident memory right after each step
    clock = time.perf_counter()
    for table in _input_batches(pipeline, phase, unit, run_dir):
        if phase.index == 0:
            seconds["read"] = seconds.get("read", 0.0) + time.perf_counter() - clock
        steps: list[Any] = []
        if phase.index == 0:
            steps.append(None)  # the reader's own drops ("read:<reason>")
        if phase.start is not None:
            steps.append(phase.start)
        steps.extend(phase.stages)
        for step in steps:
            before = table
            started = time.perf_counter()
            if step is None:
                name = "read"
            elif step is phase.start:
                name = step.name
                table = step.apply(table, unit.index, join(run_dir, WORK_DIR, step.name))
            else:
                name = step.name
                table = _apply_stage(step, table)
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
            rss_mb[name] = max(rss_mb.get(name, 0.0), _current_rss_mb())
            table, dropped = split_dropped(table)
            _count(stats, name, before, table, dropped)
            if step is None:
                # WARC request/metadata records and the like are not documents: counted in the
                # manifest, not copied to rejected/.
                skipped = pc.starts_with(dropped.column("drop_reason"), SKIPPED_PREFIX)
                dropped = dropped.filter(pc.invert(skipped))
            if dropped.num_rows:
                rejected_writer.write(_to_rejected(dropped))
            if not table.num_rows:
                break
        if not table.num_rows:
            continue
        if phase.end is not None:
            positions = pa.array(range(collected_rows, collected_rows + table.num_rows),
                                 pa.int64())
            table = set_column(table, UNIT_ROW, positions)
            collected_rows += table.num_rows
            collected.append(phase.end.collect(table, unit.index))
        if final_phase:
            table = table.drop_columns([c for c in INTERNAL_COLUMNS if c in table.column_names])
        kept_writer.write(table)
        clock = time.perf_counter()
    shards = kept_writer.close()
    rejected = rejected_writer.close()
    if not writes_data and shards:
        # The intermediate file has a fixed name the next phase can find.
        fs.move(join(run_dir, shards[0].path), _intermediate(run_dir, phase.index, unit.index))
    if phase.end is not None:
        path = _collected(run_dir, phase.end.name, unit.index)
        makedirs(fs, path.rsplit("/", 1)[0])
        if collected:
            pq.write_table(pa.concat_tables(collected), path + ".tmp", filesystem=fs)
            fs.move(path + ".tmp", path)
    record = {
        "unit": unit.index,
        "path": unit.path,
        "stats": stats,
        "data": [s.to_dict() for s in shards] if writes_data else [],
        "rejected": [s.to_dict() for s in rejected],
        "seconds": seconds,
        "rss_mb": rss_mb,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    write_json_atomic(fs, _unit_marker(run_dir, phase.index, unit.index), record)
    return record


# ---------------------------------------------------------------------------------------------
# The run: phases in order, units in parallel within a phase.


@dataclass
class RunResult:
    run_dir: str
    stats: dict
    data: list[ShardInfo]
    rejected: list[ShardInfo]
    failed: list[dict]
    units: int
    units_skipped: int
    seconds: dict[str, float]
    global_seconds: dict[str, float]
    stage_rss_mb: dict[str, float]
    max_rss_mb: float
    output: dict  # what the output step did (mixture, packing), for the manifest


def config_fingerprint(config: Config) -> str:
    text = json.dumps(config.raw, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _prepare_run_dir(config: Config, run_dir: str, units: list[Unit], resume: bool) -> None:
    fs, path = resolve(run_dir)
    state_path = join(path, WORK_DIR, "run.json")
    state = {"config_sha256": config_fingerprint(config),
             "units": [[u.path, u.start, u.end] for u in units]}
    if resume and exists(fs, state_path):
        previous = read_json(fs, state_path)
        if previous["config_sha256"] != state["config_sha256"]:
            raise ConfigError(f"{run_dir}: holds a run of a different config; "
                              "rerun with --no-resume or another output path")
        if previous["units"] != state["units"]:
            raise ConfigError(f"{run_dir}: the input files changed since the interrupted run; "
                              "rerun with --no-resume")
        return
    for sub in ("data", "rejected", "packed", WORK_DIR):
        delete_dir_if_exists(fs, join(path, sub))
    for name in ("manifest.json", "report.html"):
        if exists(fs, join(path, name)):
            fs.delete_file(join(path, name))
    makedirs(fs, join(path, WORK_DIR))
    write_json_atomic(fs, state_path, state)


def run_pipeline(pipeline: Pipeline, executor: Executor, *, runner_name: str,
                 run_dir: str | None = None, resume: bool = False,
                 on_phase: Callable[[str], None] | None = None,
                 on_unit: Callable[[int, dict], None] | None = None) -> RunResult:
    """Run every phase over every unit with ``executor``, then write the manifest.

    ``on_phase(message)`` is called as each phase or global step starts, ``on_unit(phase,
    record)`` as each unit finishes (the record has ``stats`` or ``error``): progress displays.
    """
    config = pipeline.config
    run_dir = run_dir or config.output.path
    fs, path = resolve(run_dir)
    units = list_units(config.inputs, config.base_dir, unit_bytes=config.execution.unit_bytes)
    _prepare_run_dir(config, run_dir, units, resume)
    records: dict[int, dict] = {}
    skipped = 0
    failed: list[dict] = []
    resolve_seconds: dict[str, float] = {}  # wall time of each corpus-wide step
    for phase in pipeline.phases:
        if phase.start is not None:
            resolve_seconds[phase.start.name] = _resolve_global(phase.start, units, path,
                                                                executor, on_phase)
        todo, done = [], []
        for unit in units:
            marker = _unit_marker(path, phase.index, unit.index)
            (done if exists(fs, marker) else todo).append(unit)
        skipped += len(done)
        if on_phase:
            on_phase(f"phase {phase.index}: {len(todo)} units to run, {len(done)} already done")
        try:
            results = executor.map(partial(process_unit, pipeline, phase.index, path), todo,
                                   on_result=partial(on_unit, phase.index) if on_unit else None)
        except TasksFailed as exc:  # worker or node lost on every attempt; the rest committed
            results = [{"unit": unit.index, "path": unit.path, "error": error}
                       for unit, error in exc.failures]
        failed.extend(r for r in results if "error" in r)
        for unit in units:
            marker = _unit_marker(path, phase.index, unit.index)
            if exists(fs, marker):
                records[(phase.index, unit.index)] = read_json(fs, marker)
        if failed:
            break  # later phases need every unit of this one
    stats: dict = {}
    seconds: dict[str, float] = {}
    stage_rss: dict[str, float] = {}
    data: list[ShardInfo] = []
    rejected: list[ShardInfo] = []
    for key in sorted(records):
        record = records[key]
        merge_stats(stats, record["stats"])
        for name, value in record["seconds"].items():
            seconds[name] = seconds.get(name, 0.0) + value
        for name, value in record["rss_mb"].items():
            stage_rss[name] = max(stage_rss.get(name, 0.0), value)
        data.extend(ShardInfo(**s) for s in record["data"])
        rejected.extend(ShardInfo(**s) for s in record["rejected"])
    output_extras: dict = {}
    if config.output.needs_finalize and not failed:
        started = time.perf_counter()
        data, output_extras = _finalize(pipeline, units, path, on_phase)
        resolve_seconds["output"] = time.perf_counter() - started
    max_rss = max((r["max_rss_mb"] for r in records.values()), default=0.0)
    result = RunResult(path, stats, data, rejected, failed, len(units), skipped, seconds,
                       resolve_seconds, stage_rss, max_rss, output_extras)
    write_manifest(path, build_manifest(result, config, pipeline.stage_names, runner_name))
    from dataprep.report import build_report  # matplotlib: imported by the driver only

    build_report(path)
    return result


def _finalize(pipeline: Pipeline, units: list[Unit], run_dir: str,
              on_phase: Callable[[str], None] | None) -> tuple[list[ShardInfo], dict]:
    """The output step (mixture, shuffle, token shards, packing), once; resumable."""
    from dataprep.finalize import finalize_output

    fs, _ = resolve(run_dir)
    marker = join(run_dir, WORK_DIR, "finalized.json")
    if exists(fs, marker):
        done = read_json(fs, marker)
        return [ShardInfo(**s) for s in done["data"]], done["output"]
    if on_phase:
        on_phase("output: writing training-ready shards")
    last = len(pipeline.phases) - 1
    unit_files = [p for p in (_intermediate(run_dir, last, u.index) for u in units)
                  if exists(fs, p)]
    shards, extras = finalize_output(pipeline.config.output, run_dir, unit_files,
                                     join(run_dir, WORK_DIR, "output"))
    write_json_atomic(fs, marker, {"data": [s.to_dict() for s in shards], "output": extras})
    return shards, extras


def _resolve_global(stage: GlobalStage, units: list[Unit], run_dir: str, executor: Executor,
                    on_phase: Callable[[str], None] | None) -> float:
    """Run a global stage's corpus-wide step once; returns its wall seconds."""
    fs, _ = resolve(run_dir)
    stage_dir = join(run_dir, WORK_DIR, stage.name)
    marker = join(stage_dir, "resolved.json")
    if exists(fs, marker):
        return read_json(fs, marker)["seconds"]
    if on_phase:
        on_phase(f"{stage.name}: resolving over {len(units)} units")
    collected = [p for p in (_collected(run_dir, stage.name, u.index) for u in units)
                 if exists(fs, p)]
    started = time.perf_counter()
    stage.resolve(collected, stage_dir, executor)
    seconds = time.perf_counter() - started
    write_json_atomic(fs, marker, {"stage": stage.name, "units": len(units), "seconds": seconds})
    return seconds
