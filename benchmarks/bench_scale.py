"""Scale benchmark: N generated documents through the full text pipeline on a local Ray cluster.

    python benchmarks/bench_scale.py --docs 100000 [--files 50] [--cpus 2]
                                     [--workdir /tmp/bench_scale] [--sample-mb 16]

1. Writes ``--files`` JSONL files of English-like documents (Zipf words over a vocabulary taken
   from the sample corpus's English templates, sentences and paragraphs), 5 % exact copies and
   5 % near copies (3 % of words replaced) of earlier documents, spread over the files.
2. ``dataprep plan`` on the config (its pilot runs in this process, before Ray starts).
3. Starts a one-node Ray cluster (``ray start --head --num-cpus=--cpus``, own temp dir), runs
   ``dataprep run CONFIG --address ...`` and polls, every 0.5 s: the peak RSS (VmHWM) of every
   process of the cluster and of the driver, the size of ``_work`` and of Ray's spill directory.
4. Prints the plan, the measurements and their ratios as JSON (RESULTS.md has them).

Stages: langid (en), gopher_repetition, gopher_quality, c4, fineweb, residue, exact_dedup,
minhash_dedup, pii; no extract (the inputs are text) and no tokenize.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "cluster"))
sys.path.insert(0, str(ROOT / "sample_data"))

from local_cluster import LocalCluster, _processes, rss_mb  # noqa: E402

from dataprep.plan import tree_bytes  # noqa: E402

STAGES = [{"langid": {"languages": ["en"]}}, {"gopher_repetition": {}},
          {"gopher_quality": {}}, {"c4": {}}, {"fineweb": {}}, {"residue": {}},
          {"exact_dedup": {}}, {"minhash_dedup": {}}, {"pii": {}}]


def vocabulary() -> list[str]:
    """Lower-case words of the sample corpus's English sentence pools, most frequent first."""
    from generator import texts_en

    counts: dict[str, int] = {}
    for name in ("NEWS", "HOWTO", "RECIPE", "REVIEW", "FORUM_Q", "FORUM_R", "SHARED"):
        for sentence in getattr(texts_en, name):
            for word in sentence.lower().split():
                word = word.strip(".,;:!?\"'()")
                if word.isalpha():
                    counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: -counts[w])


def generate(out: Path, docs: int, files: int, seed: int = 0) -> None:
    vocab = np.array(vocabulary())
    rng = np.random.default_rng(seed)
    cdf = np.cumsum(1.0 / np.arange(1, len(vocab) + 1))  # Zipf, as in natural text
    cdf /= cdf[-1]
    out.mkdir(parents=True, exist_ok=True)
    handles = [open(out / f"part-{f:05d}.jsonl", "w", encoding="utf-8") for f in range(files)]
    texts: list[str] = []
    for i in range(docs):
        kind = rng.random()
        if i > 100 and kind < 0.05:
            text = texts[int(rng.integers(0, len(texts)))]
        elif i > 100 and kind < 0.10:
            words = texts[int(rng.integers(0, len(texts)))].split(" ")
            for j in rng.integers(0, len(words), max(1, len(words) * 3 // 100)):
                words[j] = str(rng.choice(vocab[:2000]))
            text = " ".join(words)
        else:
            per_paragraph = rng.integers(2, 6, int(rng.integers(3, 9)))
            lengths = rng.integers(8, 22, int(per_paragraph.sum()))
            words = vocab[np.searchsorted(cdf, rng.random(int(lengths.sum())))].tolist()
            cuts = np.cumsum(lengths).tolist()
            sentences = [" ".join(words[a:b]).capitalize() + "."
                         for a, b in zip([0, *cuts[:-1]], cuts, strict=True)]
            ends = np.cumsum(per_paragraph).tolist()
            text = "\n".join(" ".join(sentences[a:b])
                             for a, b in zip([0, *ends[:-1]], ends, strict=True))
        # Keep a bounded pool of sources for copies: memory stays flat at 1 M documents.
        if len(texts) < 20_000:
            texts.append(text)
        else:
            texts[int(rng.integers(0, len(texts)))] = text
        handles[i % files].write(json.dumps({"id": f"doc-{i}", "text": text}) + "\n")
    for h in handles:
        h.close()


def role(cmd: str) -> str:
    if cmd.startswith("ray::") and cmd.split(" ")[0] not in ("ray::DashboardAgent",
                                                             "ray::RuntimeEnvAgent"):
        return "worker"
    for name in ("gcs_server", "raylet", "log_monitor", "monitor.py", "dashboard",
                 "DashboardAgent", "RuntimeEnvAgent"):
        if name in cmd:
            return name
    return "other"


class Monitor:
    """Polls peak RSS per process, the size of ``_work`` and of Ray's spill directory."""

    def __init__(self, cluster: LocalCluster, driver: int, work: Path):
        self.cluster, self.driver, self.work = cluster, driver, work
        self.peaks: dict[int, tuple[str, float]] = {}
        self.work_peak = 0
        self.spill_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            procs = _processes()
            pids = [self.driver] + [p for n in self.cluster.nodes for p in self.cluster.pids(n)]
            for pid in pids:
                if pid in procs:
                    name = "driver" if pid == self.driver else role(procs[pid][1])
                    peak = rss_mb(pid)
                    if peak:
                        self.peaks[pid] = (name, max(peak, self.peaks.get(pid, ("", 0))[1]))
            self.work_peak = max(self.work_peak, tree_bytes(str(self.work)))
            spill = sum(tree_bytes(str(p)) for p in Path(self.cluster.root).glob(
                "*/session_*/ray_spilled_objects"))
            self.spill_peak = max(self.spill_peak, spill)
            self._stop.wait(0.5)

    def __enter__(self) -> Monitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench_scale"))
    parser.add_argument("--sample-mb", type=float, default=16)
    args = parser.parse_args()

    corpus = args.workdir / f"in-{args.docs}-{args.files}"
    if not (corpus / "DONE").exists():
        started = time.perf_counter()
        generate(corpus, args.docs, args.files)
        (corpus / "DONE").write_text("")
        print(f"generated {args.docs} documents in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
    out = args.workdir / f"out-{args.docs}"
    config_path = args.workdir / f"scale-{args.docs}.yaml"
    config_path.write_text(yaml.safe_dump({
        "name": f"scale-{args.docs}",
        "inputs": [{"format": "jsonl", "paths": [str(corpus / "*.jsonl")], "source": "gen"}],
        "stages": STAGES,
        "output": {"path": str(out)},
    }))

    from dataprep.config import load_config
    from dataprep.plan import estimate, format_plan

    started = time.perf_counter()
    plan = estimate(load_config(str(config_path)), workers=args.cpus, sample_mb=args.sample_mb)
    plan_seconds = time.perf_counter() - started
    print(format_plan(plan, f"scale-{args.docs}"), file=sys.stderr)

    cluster = LocalCluster(head_cpus=args.cpus, dashboard=False)
    try:
        cmd = [sys.executable, "-m", "dataprep.cli", "-q", "run", str(config_path),
               "--address", cluster.address]
        started = time.perf_counter()
        driver = subprocess.Popen(cmd, env=cluster.env, stdout=subprocess.PIPE, text=True)
        with Monitor(cluster, driver.pid, out / "_work") as monitor:
            stdout, _ = driver.communicate()
        wall = time.perf_counter() - started
        memory = subprocess.run(
            [str(Path(sys.executable).with_name("ray")), "memory", "--stats-only",
             "--address", cluster.address], env=cluster.env, capture_output=True, text=True)
    finally:
        cluster.stop()
    if driver.returncode:
        raise SystemExit(f"run failed ({driver.returncode}): {stdout}")

    manifest = json.loads((out / "manifest.json").read_text())
    by_role: dict[str, list[float]] = {}
    for name, peak in monitor.peaks.values():
        by_role.setdefault(name, []).append(round(peak))
    read = next(s for s in manifest["stages"] if s["stage"] == "read")
    worker_peak = max(by_role.get("worker", [0]))
    measured = {
        "wall_seconds": round(wall, 1),
        "documents": read["rows_in"],
        "documents_kept": manifest["totals"]["documents"],
        "docs_per_second": round(read["rows_in"] / wall, 1),
        "docs_per_second_per_cpu": round(read["rows_in"] / wall / args.cpus, 1),
        "stage_seconds": {k: round(v, 1) for k, v in manifest["timing"]["stage_seconds"].items()},
        "peak_rss_mb_by_role": {k: sorted(v, reverse=True) for k, v in by_role.items()},
        "peak_worker_mb": worker_peak,
        "intermediate_disk_bytes": monitor.work_peak,
        "spilled_bytes": monitor.spill_peak,
        "ray_memory_stats": [line for line in memory.stdout.splitlines()
                             if "pill" in line or "Plasma" in line or "plasma" in line],
        "input_bytes": plan.input_bytes,
    }
    ratios = {
        "peak_worker_memory": round(plan.peak_worker_mb / worker_peak, 2),
        "intermediate_disk": round(plan.intermediate_disk_bytes / max(1, monitor.work_peak), 2),
        "wall_time": round(plan.wall_seconds / wall, 2),
        "documents": round(plan.documents / read["rows_in"], 3),
    }
    print(json.dumps({"docs": args.docs, "files": args.files, "cpus": args.cpus,
                      "plan_seconds": round(plan_seconds, 1), "plan": asdict(plan),
                      "measured": measured, "predicted_over_measured": ratios}, indent=2))


if __name__ == "__main__":
    main()
