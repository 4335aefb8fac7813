"""End-to-end benchmark: the sample pipeline and a generated web crawl, both runners, per stage.

    python benchmarks/bench_pipeline.py [--pages 20000] [--corpus /tmp/bench_corpus]
                                        [--datatrove /work/venv-dt/bin/python] [--skip-sample]

Prints, per stage: documents in, summed task seconds, docs/s per core, MB/s per core (bytes
of the stage's input: HTML for `extract`, text after) and the peak resident memory of a worker
right after the stage, from the run manifest; then wall time,
end-to-end docs/s and the peak RSS of any worker process. With --datatrove (the python of a venv
that has datatrove installed), it also times datatrove's WarcReader -> Trafilatura ->
LanguageFilter on the same WARC files with the same number of workers.
"""

from __future__ import annotations

import argparse
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


def report(title: str, manifest: dict, wall: float, cores: int) -> None:
    seconds = manifest["timing"]["stage_seconds"]
    print(f"\n## {title}")
    print("| stage | docs in | task s | docs/s/core | MB/s/core |")
    print("|---|---|---|---|---|")
    for entry in manifest["stages"]:
        secs = seconds.get(entry["stage"], 0.0)
        if secs <= 0:
            continue
        print(f"| {entry['stage']} | {entry['rows_in']} | {secs:.1f} | "
              f"{entry['rows_in'] / secs:.0f} | {entry['bytes_in'] / secs / 1e6:.2f} |")
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
    parser.add_argument("--stages", default="extract,langid",
                        help="stages for the large crawl (comma separated, default params)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dataprep-bench-"))
    cores = os.cpu_count() or 1

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
