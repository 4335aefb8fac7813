"""End-to-end benchmark: the sample pipeline and a generated web crawl, both runners, per stage.

    python benchmarks/bench_pipeline.py [--pages 20000] [--corpus /tmp/bench_corpus]
                                        [--datatrove /work/venv-dt/bin/python] [--skip-sample]

Prints, per stage: documents in, summed task seconds, docs/s per core, MB/s per core (bytes
of the stage's input: HTML for `extract`, text after) and the peak resident memory of a worker
right after the stage, from the run manifest; then wall time,
end-to-end docs/s and the peak RSS of any worker process. With --datatrove (the python of a venv
that has datatrove installed), it also times datatrove's WarcReader -> Trafilatura ->
LanguageFilter on the same WARC files with the same number of workers.

    python benchmarks/bench_pipeline.py --fineweb ~/.cache/dataprep-corpus/web \
                                        --datatrove /work/venv-dt/bin/python [--rounds 1]

compares, on real WARCs and interleaved in one run (so the machine's load hits all alike),
datatrove's FineWeb-style job (WarcReader -> Trafilatura -> LanguageFilter -> GopherRepetition
-> GopherQuality -> C4Quality -> FineWebQuality -> PIIFormatter -> JsonlWriter) with dataprep's
equivalent pipeline, once per extraction engine.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

DATATROVE_SCRIPT = """
import os, sys, time
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.filters import LanguageFilter
from datatrove.pipeline.writers import ParquetWriter
from datatrove.utils import lid
# Offline here: the same lid.176 model dataprep uses, instead of datatrove's download. Set at
# import, so that the worker processes (which re-import this file) see it too.
lid.FT176LID.MODEL_URL = "file://" + os.environ["LID_MODEL"]
if __name__ == "__main__":  # datatrove's worker pool re-imports this file
    corpus, out, workers, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    start = time.perf_counter()
    LocalPipelineExecutor(pipeline=[
        WarcReader(corpus, glob_pattern="*.warc.gz"),
        Trafilatura(favour_precision=True),
        LanguageFilter(),
        ParquetWriter(out),
    ], tasks=files, workers=workers, logging_dir=out + "/logs").run()
    print("WALL", time.perf_counter() - start)
"""


FINEWEB_DATATROVE = """
import json, os, sys, time
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter,
    GopherQualityFilter, GopherRepetitionFilter, LanguageFilter)
from datatrove.pipeline.formatters import PIIFormatter
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils import lid
lid.FT176LID.MODEL_URL = "file://" + os.environ["LID_MODEL"]
if __name__ == "__main__":
    corpus, out, workers, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    timeout = float(sys.argv[5])
    start = time.perf_counter()
    LocalPipelineExecutor(pipeline=[
        WarcReader(corpus, glob_pattern="*.warc.gz"),
        Trafilatura(favour_precision=True, timeout=timeout),
        LanguageFilter(),
        GopherRepetitionFilter(),
        GopherQualityFilter(),
        C4QualityFilter(filter_no_terminal_punct=False),  # as FineWeb
        FineWebQualityFilter(),
        PIIFormatter(),
        JsonlWriter(out + "/output"),
    ], tasks=files, workers=workers, logging_dir=out + "/logs").run()
    wall = time.perf_counter() - start
    print("RESULT", json.dumps({"wall": wall}))
"""

# dataprep's run as `dataprep run` does it, with timestamps: Ray started, the run and its
# manifest written (the counterpart of datatrove's job and its stats), then the HTML report
# (matplotlib plots; datatrove writes none), timed apart.
DATAPREP_DRIVER = """
import json, sys, time
start = time.perf_counter()
from dataprep.config import load_config
from dataprep.io.manifest import write_run_manifest
from dataprep.pipeline import Pipeline
from dataprep.run import run_pipeline
from dataprep.runners.ray import RayExecutor
config = load_config(sys.argv[1])
pipeline = Pipeline.from_config(config)
executor = RayExecutor()
for attempt in range(3):  # Ray gives its raylet 30 s to register: too short on a loaded machine
    try:
        executor.start(log_to_driver=False)
        break
    except Exception as exc:
        if "timed out during startup" not in str(exc) or attempt == 2:
            raise
        import ray
        ray.shutdown()
        print("Ray start timed out, again", file=sys.stderr)
ray_up = time.perf_counter()
ray_cpu = time.process_time()
first_unit = []
result = run_pipeline(pipeline, executor,
                      on_unit=lambda phase, record: first_unit or first_unit.append(
                          time.perf_counter()))
write_run_manifest(result, pipeline, executor.name)
done = time.perf_counter()
report_cpu = time.process_time()
from dataprep.report import build_report
build_report(result.run_dir)
print("RESULT", json.dumps({"ray_start": ray_up - start, "ray_start_cpu": ray_cpu,
      "first_unit": first_unit[0] - start, "run": done - start,
      "report": time.perf_counter() - done, "report_cpu": time.process_time() - report_cpu}))
"""

# dataprep's equivalent of the job above: FineWeb's thresholds are our defaults; datatrove's
# LanguageFilter keeps English at 0.65, its C4 filter has no bad-words rule and no
# mostly-removed page rule.
FINEWEB_STAGES = [
    {"langid": {"languages": ["en"], "min_score": 0.65}},
    {"gopher_repetition": {}},
    {"gopher_quality": {}},
    {"c4": {"filter_no_terminal_punct": False, "filter_bad_words": False,
            "max_removed_ratio": None}},
    {"fineweb": {}},
    {"pii": {}},
]


def datatrove_steps(logs: Path) -> list[tuple[str, int, float, dict]]:
    """(step, documents in, summed seconds, its counters) per datatrove step, from stats.json."""
    steps = []
    for entry in json.loads((logs / "stats.json").read_text()):
        times = entry.get("time_stats", {})
        counters = {k: v for k, v in entry.get("stats", {}).items() if isinstance(v, int)}
        steps.append((entry["name"], times.get("n", 0), times.get("total", 0.0), counters))
    return steps


def _process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        for task in glob.glob(f"/proc/{current}/task/*/children"):
            try:
                todo += [int(child) for child in Path(task).read_text().split()]
            except OSError:
                pass
    return tree


def _cpu_and_rss(pid: int) -> tuple[float, float]:
    """CPU seconds and resident MB of one live process, from /proc (Linux)."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(stat[11]) + int(stat[12])) / ticks, int(stat[21]) * os.sysconf(
        "SC_PAGE_SIZE") / 2**20


# Kinds of the processes of a Ray run: by the title Ray gives its Python processes
# ("ray::<what>", workers otherwise), else by the program or the Python script run. The root
# of the watched tree is the "driver".
RAY_TITLES = {"DashboardAgent": "dashboard agent", "RuntimeEnvAgent": "runtime_env agent"}
PROGRAMS = {"raylet": "raylet", "gcs_server": "gcs_server", "dashboard.py": "dashboard",
            "agent.py": "dashboard agent", "main.py": "runtime_env agent",
            "log_monitor.py": "log_monitor", "monitor.py": "autoscaler monitor",
            "default_worker.py": "worker"}


def _process_kind(pid: int, root: int) -> str | None:
    """The kind of a live process (None once it is gone)."""
    if pid == root:
        return "driver"
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return None
    if not argv[0]:  # exiting: its command line is gone
        return None
    if argv[0].startswith("ray::"):
        return RAY_TITLES.get(argv[0][5:].strip(), "worker")
    programs = [os.path.basename(arg) for arg in argv if arg and not arg.startswith("-")]
    return next((PROGRAMS[p] for p in programs if p in PROGRAMS),
                f"other ({programs[0] if programs else pid})")


def run_watched(cmd: list[str], env: dict, cwd: Path | None = None, ray: bool = True
                ) -> tuple[str, float, float, dict[str, list]]:
    """stdout, summed CPU seconds, the largest RSS (MB) and, per process kind, [CPU seconds,
    number of processes] of ``cmd``'s process tree, polled every 0.2 s (datatrove's worker
    processes are not reaped by its parent's rusage). Without ``ray`` every process but the
    root is a "worker" (datatrove's pool)."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, text=True, cwd=cwd)
        cpu: dict[int, float] = {}
        kinds: dict[int, str] = {}
        peak = 0.0
        while proc.poll() is None:
            for pid in _process_tree(proc.pid):
                try:
                    cpu[pid], rss = _cpu_and_rss(pid)
                except (OSError, IndexError):
                    continue
                # its last name counts
                kind = _process_kind(pid, proc.pid) if ray else \
                    "driver" if pid == proc.pid else "worker"
                kinds[pid] = kind or kinds.get(pid, "other")
                peak = max(peak, rss)
            time.sleep(0.2)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, cmd)
        out.seek(0)
        by_kind: dict[str, list] = {}
        for pid, seconds in cpu.items():
            entry = by_kind.setdefault(kinds[pid], [0.0, 0])
            entry[0] += seconds
            entry[1] += 1
        return out.read(), sum(cpu.values()), peak, by_kind


def cpu_by_kind(by_kind: dict[str, list]) -> str:
    """CPU seconds per process kind, largest first."""
    return ", ".join(f"{kind} {secs:.1f} s ({n} process{'es' if n > 1 else ''})"
                     for kind, (secs, n) in sorted(by_kind.items(), key=lambda i: -i[1][0]))


def fineweb_comparison(web: Path, datatrove: str | None, rounds: int, timeout: float,
                       workdir: Path, max_files: int | None, engines: list[str]) -> None:
    """datatrove's FineWeb-style job against dataprep's, both engines, interleaved.

    ``timeout`` is datatrove's per-page extraction timeout: its default (1 s) drops a load-
    dependent share of pages unextracted (most of them on a busy machine), so by default it gets
    dataprep's last-resort 60 s and both extract the same pages. Without ``datatrove`` only
    dataprep's parts run (for profiling; no ratios)."""
    warcs = sorted(web.glob("*.warc.gz"))
    if max_files and max_files < len(warcs):  # evenly spaced, so every kind of package stays
        warcs = [warcs[i * len(warcs) // max_files] for i in range(max_files)]
    corpus = workdir / "warcs"  # datatrove reads a directory: the chosen files, linked
    corpus.mkdir()
    for warc in warcs:
        (corpus / warc.name).symlink_to(warc.resolve())
    print(f"{len(warcs)} WARC files: {', '.join(w.name for w in warcs)}")
    cores = os.cpu_count() or 1
    script = workdir / "datatrove_fineweb.py"
    script.write_text(FINEWEB_DATATROVE)
    for round_no in range(rounds):
        if datatrove:
            dt_wall, dt_cpu = datatrove_fineweb(
                [datatrove, str(script), str(corpus), str(workdir / f"datatrove-{round_no}"),
                 str(cores), str(len(warcs)), str(timeout)], f"round {round_no}", cores)
        for engine in engines:
            config = {
                "name": f"fineweb-{engine}",
                "inputs": [{"format": "warc", "paths": [str(p) for p in warcs],
                            "source": "web"}],
                "stages": [{"extract": {"engine": engine}}, *FINEWEB_STAGES],
                "output": {"path": str(workdir / f"fineweb-{engine}-{round_no}")},
            }
            load = os.getloadavg()[0]
            manifest, timings, ours_cpu, ours_peak, kinds = run_dataprep_watched(config, workdir)
            wall = timings["run"]
            report(f"round {round_no}: dataprep FineWeb-style, extract engine {engine}",
                   manifest, wall, cores, kinds.get("worker", [0.0])[0])
            print(f"wall {wall:.1f} s from process start to manifest written (Ray started at "
                  f"{timings['ray_start']:.1f} s, the driver having used "
                  f"{timings['ray_start_cpu']:.1f} CPU s by then; first unit done at "
                  f"{timings['first_unit']:.1f} s; then the HTML report "
                  f"{timings['report']:.1f} s, not counted; whole process "
                  f"{timings['process']:.1f} s); CPU {ours_cpu:.1f} s (process tree, report "
                  f"excluded: {cpu_by_kind(kinds)}), peak RSS of a process {ours_peak:.0f} MB; "
                  f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
            if datatrove:
                print(f"**{dt_wall / wall:.2f}x datatrove's wall time** "
                      f"({dt_wall:.1f} s / {wall:.1f} s); {dt_cpu / ours_cpu:.2f}x its CPU "
                      f"time ({dt_cpu:.1f} s / {ours_cpu:.1f} s)")


def datatrove_fineweb(cmd: list[str], title: str, cores: int) -> tuple[float, float]:
    """Run datatrove's FineWeb-style job (``cmd``), print its figures and per-step table;
    returns its wall and CPU seconds."""
    from dataprep.langid import default_model_path

    load = os.getloadavg()[0]
    stdout, cpu, peak, kinds = run_watched(cmd, {**os.environ, "LID_MODEL": default_model_path()},
                                           ray=False)
    wall = json.loads(stdout.split("RESULT")[-1])["wall"]
    print(f"\n## {title}: datatrove FineWeb-style job, {cores} workers")
    print(f"wall {wall:.1f} s, CPU {cpu:.1f} s (process tree: {cpu_by_kind(kinds)}), peak RSS "
          f"of a process {peak:.0f} MB; load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    print("| datatrove step | docs in | task s | docs/s/core | counters |")
    print("|---|---|---|---|---|")
    for name, docs, secs, counters in datatrove_steps(Path(cmd[3]) / "logs"):
        rate = f"{docs / secs:.0f}" if secs > 0 else ""
        print(f"| {name} | {docs} | {secs:.1f} | {rate} | {counters} |")
    return wall, cpu


def run_dataprep_watched(config: dict, workdir: Path
                         ) -> tuple[dict, dict, float, float, dict[str, list]]:
    """Manifest, timings (``DATAPREP_DRIVER``'s, plus ``process`` = the wall time of the whole
    process), CPU seconds without the report, peak RSS (MB) of one process and CPU per process
    kind of a Ray run: the whole process tree (driver, Ray's own processes, workers) is polled
    like datatrove's."""
    path = workdir / f"{config['name']}-ray.yaml"
    path.write_text(yaml.safe_dump(config))
    start = time.perf_counter()
    stdout, cpu, peak, kinds = run_watched(
        [sys.executable, "-c", DATAPREP_DRIVER, str(path)], dict(os.environ), cwd=ROOT)
    timings = {**json.loads(stdout.split("RESULT")[-1]), "process": time.perf_counter() - start}
    manifest = json.loads((Path(config["output"]["path"]) / "manifest.json").read_text())
    kinds["driver"][0] -= timings["report_cpu"]
    return manifest, timings, cpu - timings["report_cpu"], peak, kinds


def run_dataprep(config: dict, runner: str, workdir: Path) -> tuple[dict, float]:
    path = workdir / f"{config['name']}-{runner}.yaml"
    path.write_text(yaml.safe_dump(config))
    cmd = [sys.executable, "-m", "dataprep.cli", "-q", "run", str(path)]
    if runner == "inline":
        cmd.append("--inline")
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    manifest = json.loads((Path(config["output"]["path"]) / "manifest.json").read_text())
    return manifest, wall


def report(title: str, manifest: dict, wall: float, cores: int,
           worker_cpu: float | None = None) -> None:
    """Per stage from the manifest's task seconds (wall time summed over tasks); with
    ``worker_cpu`` (the CPU seconds of the Ray workers) also each stage's share of it, an
    estimate of its CPU seconds that the machine's load does not inflate."""
    seconds = manifest["timing"]["stage_seconds"]
    task_total = sum(seconds.values()) or 1.0
    print(f"\n## {title}")
    print("| stage | docs in | task s | docs/s/core | MB/s/core | est. CPU s |")
    print("|---|---|---|---|---|---|")
    for entry in manifest["stages"]:
        secs = seconds.get(entry["stage"], 0.0)
        if secs <= 0:
            continue
        cpu = f"{worker_cpu * secs / task_total:.1f}" if worker_cpu else ""
        print(f"| {entry['stage']} | {entry['rows_in']} | {secs:.1f} | "
              f"{entry['rows_in'] / secs:.0f} | {entry['bytes_in'] / secs / 1e6:.2f} | {cpu} |")
    for name, secs in manifest["timing"]["global_step_seconds"].items():
        print(f"| {name} (corpus-wide step, driver wall) | | {secs:.1f} | | |")
    read = manifest["stages"][0]
    docs = read["rows_out"]  # documents: WARC request/metadata records are not counted
    print(f"end to end: {docs} documents ({read['rows_in']} input records) in {wall:.1f} s "
          f"wall on {cores} core(s) = {docs / wall / cores:.1f} docs/s/core, "
          f"{read['bytes_in'] / wall / cores / 1e6:.2f} MB/s/core (input HTML+text); "
          f"{manifest['totals']['documents']} kept; "
          f"peak worker RSS {manifest['timing']['max_worker_rss_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--corpus", default="/tmp/bench_corpus")
    parser.add_argument("--datatrove", help="python of a venv with datatrove installed")
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--fineweb", help="directory of real .warc.gz files: only run the "
                        "FineWeb-style comparison with --datatrove on them")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--max-files", type=int, help="with --fineweb: only this many WARC "
                        "files, evenly spaced in name order (default: all)")
    parser.add_argument("--engines", default="trafilatura,resiliparse",
                        help="with --fineweb: dataprep's extraction engines to run")
    parser.add_argument("--datatrove-timeout", type=float, default=60.0,
                        help="datatrove Trafilatura's per-page timeout (its default: 1)")
    parser.add_argument("--stages", default="extract,langid",
                        help="stages for the large crawl (comma separated, default params)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dataprep-bench-"))
    cores = os.cpu_count() or 1
    if args.fineweb:
        fineweb_comparison(Path(args.fineweb).expanduser(), args.datatrove, args.rounds,
                           args.datatrove_timeout, workdir, args.max_files,
                           args.engines.split(","))
        return

    if not args.skip_sample:
        sample = yaml.safe_load((ROOT / "pipelines" / "sample.yaml").read_text())
        for runner in ("inline", "ray"):
            sample["output"]["path"] = str(workdir / f"sample-{runner}")
            manifest, wall = run_dataprep(sample, runner, workdir)
            report(f"sample pipeline, {runner}", manifest, wall, 1 if runner == "inline" else cores)

    corpus = Path(args.corpus)
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "sample_data" / "make_samples.py"),
                        "--web-pages", str(args.pages), "--out", str(corpus)], check=True)
    warcs = sorted(corpus.rglob("*.warc.gz"))
    crawl = {
        "name": "crawl",
        "inputs": [{"format": "warc", "paths": [str(p) for p in warcs], "source": "web"}],
        "stages": [{name: {}} for name in args.stages.split(",")],
        "output": {"path": str(workdir / "crawl")},
    }
    manifest, wall = run_dataprep(crawl, "ray", workdir)
    report(f"{len(warcs)} WARC files, ray runner, stages {args.stages}", manifest, wall, cores)

    if args.datatrove:
        out = workdir / "datatrove"
        from dataprep.langid import default_model_path

        script = workdir / "datatrove_job.py"
        script.write_text(DATATROVE_SCRIPT)
        proc = subprocess.run([args.datatrove, str(script), str(warcs[0].parent),
                               str(out), str(cores), str(len(warcs))],
                              env={**os.environ, "LID_MODEL": default_model_path()},
                              stdout=subprocess.PIPE, text=True, check=True)
        dt_wall = float(proc.stdout.split("WALL")[-1])
        pages = manifest["stages"][0]["rows_out"]
        print(f"\n## datatrove WarcReader -> Trafilatura -> LanguageFilter, {cores} workers")
        print(f"wall {dt_wall:.1f} s = {pages / dt_wall / cores:.1f} pages/s/core "
              f"(dataprep, same input and workers: {wall:.1f} s = "
              f"{pages / wall / cores:.1f} pages/s/core)")


if __name__ == "__main__":
    main()
