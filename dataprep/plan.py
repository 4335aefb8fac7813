"""``dataprep plan CONFIG``: what a run will cost, from a pilot run on a sample of its inputs.

The pilot picks whole input units at random (fixed seed) until it holds about ``sample_mb`` of
input, runs the complete pipeline on them in this process (the per-unit code a Ray worker runs),
and measures: documents and bytes read, what survives each stage, tokens, the peak resident
memory of the process, and the peak size of the ``_work`` directory. Everything that grows with
the corpus is scaled by (input bytes of the corpus) / (input bytes of the sample); what is bounded
per task is not. Two parts of a run cannot be seen at pilot size and are computed instead:

- the shuffle tasks of corpus-wide stages hold one partition each; each stage says what it
  shuffles for a number of documents (``GlobalStage.estimate``, a ``ShuffleEstimate``), and a
  stage without that hook is listed in ``not_estimated``;
- duplicates across the whole corpus: the pilot only sees those inside the sample, so it
  underestimates how many documents dedup removes (an upper bound on everything after dedup).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from dataprep.config import Config, load_config
from dataprep.io.fs import fs_and_path
from dataprep.readers import list_units
from dataprep.stages import ShuffleEstimate
from dataprep.stats import Stats
from dataprep.unit import peak_rss_mb

if TYPE_CHECKING:
    from dataprep.pipeline import Pipeline
    from dataprep.run import RunResult

# A Ray worker holds more than this process: its core-worker runtime. Measured here (Ray 2.60):
# an idle worker 79 MiB against 66 MiB for `python -c "import ray"`.
RAY_WORKER_EXTRA_MB = 15
# Tokens when the pipeline has no `tokenize` stage: ~4 bytes of English text per BPE token
# (OpenAI's tokenizer guide: "one token generally corresponds to ~4 characters").
BYTES_PER_TOKEN = 4
# Fixed cost of a run on Ray: start or join a cluster, ship the pipeline (measured 3-5 s).
RAY_STARTUP_SECONDS = 5.0


@dataclass
class Plan:
    """Estimates for a whole run; ``*_bytes`` in bytes, memory in MiB, times in seconds."""

    units: int
    input_bytes: int
    sample_units: int
    sample_input_bytes: int
    documents: int
    text_bytes: int
    documents_kept: int
    text_bytes_kept: int
    tokens: int
    tokens_estimated: bool
    shuffle_rows: int
    shuffle_disk_bytes: int
    not_estimated: list[str]
    peak_worker_mb: float
    pilot_peak_mb: float
    shuffle_task_mb: float
    intermediate_disk_bytes: int
    output_bytes: int
    workers: int
    cpu_seconds: float
    wall_seconds: float


def _vm_status(field: str) -> float | None:
    """A ``/proc/self/status`` memory field in MiB, None where /proc is not available."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak_rss() -> None:
    """Restart the kernel's high-water mark of this process's RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak_rss_mb() -> float:
    peak = _vm_status("VmHWM")  # resettable (see _reset_peak_rss), unlike ru_maxrss
    return peak if peak is not None else peak_rss_mb()


def tree_bytes(path: str) -> int:
    """Bytes of the files under ``path`` (files removed while walking are skipped)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass  # removed while we looked
    return total


class _PeakSize:
    """Polls the size of a directory tree in a thread and keeps the largest value seen."""

    def __init__(self, path: str, interval: float = 0.02):
        self.path = path
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_bytes(self.path))
            self._stop.wait(self.interval)

    def __enter__(self) -> _PeakSize:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_bytes(self.path))


def _unit_sizes(paths: list[str]) -> list[int]:
    sizes = []
    for path in paths:
        fs, local = fs_and_path(path)
        sizes.append(fs.get_file_info(local).size or 0)
    return sizes


def choose_sample(sizes: list[int], sample_bytes: int, seed: int = 0) -> list[int]:
    """Indices of whole units, in random order, until they hold ``sample_bytes`` (at least one)."""
    chosen, total = [], 0
    for index in np.random.default_rng(seed).permutation(len(sizes)).tolist():
        if chosen and total >= sample_bytes:
            break
        chosen.append(index)
        total += sizes[index]
    return sorted(chosen)


def _sample_config(config: Config, units: list, chosen: list[int], run_dir: str) -> Config:
    """The config restricted to the chosen units (absolute paths), writing into ``run_dir``."""
    inputs = []
    for spec_index, spec in enumerate(config.inputs):
        paths = tuple(units[i].path for i in chosen if units[i].spec_index == spec_index)
        if paths:
            inputs.append(replace(spec, paths=paths))
    return replace(config, inputs=tuple(inputs), output=replace(config.output, path=run_dir))


def _partitioned_task_mb(shuffle: ShuffleEstimate) -> float:
    """Memory of the largest shuffle task: one partition of at most ``partition_rows`` rows."""
    if not shuffle.rows:
        return 0.0
    parts = max(1, math.ceil(shuffle.rows / shuffle.partition_rows))
    return math.ceil(shuffle.rows / parts) * shuffle.bytes_per_row / 2**20


def _shuffles(pipeline: Pipeline, stats: Stats, ratio: float
              ) -> tuple[list[ShuffleEstimate], list[str]]:
    """What each corpus-wide stage shuffles for the whole corpus; stages without an estimate."""
    found, missing = [], []
    for phase in pipeline.phases:
        stage = phase.start
        if stage is None:
            continue
        if not hasattr(stage, "estimate"):
            missing.append(stage.name)
            continue
        found.append(stage.estimate(round(stats.get(stage.name).rows_in * ratio)))
    return found, missing


@dataclass
class _Pilot:
    """What the pilot run measured."""

    pipeline: Pipeline
    result: RunResult
    seconds: float
    peak_mb: float
    work_peak_bytes: int
    work_end_bytes: int


def _run_pilot(config: Config, run_dir: str) -> _Pilot:
    # Imported here: `dataprep plan --help` should not load the stages and their models.
    from dataprep.pipeline import Pipeline
    from dataprep.run import run_pipeline

    pipeline = Pipeline.from_config(config)
    try:
        import ray  # noqa: F401 - a Ray worker has Ray's modules in memory too
    except ImportError:
        pass
    _reset_peak_rss()
    started = time.perf_counter()
    with _PeakSize(os.path.join(run_dir, "_work")) as disk:
        result = run_pipeline(pipeline, run_dir=run_dir)
    return _Pilot(pipeline, result, time.perf_counter() - started, _peak_rss_mb(), disk.peak,
                  tree_bytes(os.path.join(run_dir, "_work")))


def estimate(config: Config, *, workers: int, sample_mb: float = 64) -> Plan:
    """Run the pilot on a sample of ``config``'s inputs and scale it to the whole corpus."""
    units = list_units(config.inputs, config.base_dir)
    sizes = _unit_sizes([u.path for u in units])
    chosen = choose_sample(sizes, int(sample_mb * 2**20))
    sample_bytes = sum(sizes[i] for i in chosen)
    ratio = sum(sizes) / max(1, sample_bytes)
    scratch = tempfile.mkdtemp(prefix="dataprep-plan-")
    try:
        run_dir = os.path.join(scratch, "run")
        pilot = _run_pilot(_sample_config(config, units, chosen, run_dir), run_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result, names = pilot.result, pilot.pipeline.stage_names
    read, last = result.stats.get("read"), result.stats.get(names[-1] if names else "read")
    has_tokens = "tokenize" in names
    tokens = sum(s.tokens for s in result.data) if has_tokens else last.bytes_out / BYTES_PER_TOKEN
    shuffles, not_estimated = _shuffles(pilot.pipeline, result.stats, ratio)
    shuffle_mb = max((_partitioned_task_mb(e) for e in shuffles), default=0.0)
    shuffle_disk = sum(e.disk_bytes for e in shuffles)
    # Shuffle files of the sample exist only for a moment; count them with the _work files that
    # persist next to them, in case the poller missed that moment.
    work_peak = max(pilot.work_peak_bytes, pilot.work_end_bytes + shuffle_disk / ratio)
    # Ray reuses a worker process for the unit tasks and then the shuffle tasks of a job, and
    # what the units left allocated stays: the shuffle partition comes on top of the units' peak.
    peak = pilot.peak_mb + shuffle_mb + RAY_WORKER_EXTRA_MB
    cpu_seconds = pilot.seconds * ratio
    output = sum(s.bytes for s in result.data) + sum(s.bytes for s in result.rejected)
    return Plan(
        units=len(units), input_bytes=sum(sizes),
        sample_units=len(chosen), sample_input_bytes=sample_bytes,
        documents=round(read.rows_in * ratio), text_bytes=round(read.bytes_in * ratio),
        documents_kept=round(sum(s.rows for s in result.data) * ratio),
        text_bytes_kept=round(last.bytes_out * ratio),
        tokens=round(tokens * ratio), tokens_estimated=not has_tokens,
        shuffle_rows=sum(e.rows for e in shuffles), shuffle_disk_bytes=shuffle_disk,
        not_estimated=not_estimated,
        peak_worker_mb=round(peak, 1), pilot_peak_mb=round(pilot.peak_mb, 1),
        shuffle_task_mb=round(shuffle_mb, 1),
        intermediate_disk_bytes=round(work_peak * ratio), output_bytes=round(output * ratio),
        workers=workers, cpu_seconds=round(cpu_seconds, 1),
        wall_seconds=round(cpu_seconds / workers + RAY_STARTUP_SECONDS, 1),
    )


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return str(n)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def format_plan(plan: Plan, name: str) -> str:
    tokens = f"{plan.tokens:,}" + (" (estimate: 4 bytes per token)" if plan.tokens_estimated
                                   else "")
    lines = [
        f"plan for '{name}' on {plan.workers} workers (1 CPU each)",
        f"  inputs           {plan.units} units, {_size(plan.input_bytes)}; pilot on "
        f"{plan.sample_units} units, {_size(plan.sample_input_bytes)}",
        f"  documents        {plan.documents:,} read, {_size(plan.text_bytes)} of text",
        f"  kept             {plan.documents_kept:,} documents, {_size(plan.text_bytes_kept)} "
        "(at most: the pilot sees only the duplicates inside its sample)",
        f"  tokens           {tokens}",
        f"  dedup shuffles   {plan.shuffle_rows:,} rows, {_size(plan.shuffle_disk_bytes)}"
        + (f" (not estimated: {', '.join(plan.not_estimated)})" if plan.not_estimated else ""),
        f"  memory           {plan.peak_worker_mb:,.0f} MiB peak per worker (units: "
        f"{plan.pilot_peak_mb:,.0f} MiB; a dedup shuffle task adds "
        f"{plan.shuffle_task_mb:,.0f} MiB)",
        f"  disk             {_size(plan.intermediate_disk_bytes)} peak in _work, "
        f"{_size(plan.output_bytes)} of output shards",
        f"  time             {_duration(plan.wall_seconds)} wall "
        f"({plan.cpu_seconds / 3600:,.2f} CPU hours)",
        f"  suggested        --memory-per-task {math.ceil(plan.peak_worker_mb * 1.5)} "
        "(MiB reserved per task: peak + 50%)",
    ]
    return "\n".join(lines)


def plan_main(args: argparse.Namespace) -> int:
    """``dataprep plan CONFIG [--workers N] [--sample-mb MB] [--json]``."""
    config = load_config(args.config)
    plan = estimate(config, workers=args.workers or os.cpu_count() or 1,
                    sample_mb=args.sample_mb)
    if args.json:
        print(json.dumps(asdict(plan), indent=2))
    else:
        print(format_plan(plan, config.name))
    return 0
