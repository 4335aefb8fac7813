"""MinHash dedup: quality vs exact Jaccard, throughput per core, memory per task, and datatrove.

    python benchmarks/bench_dedup.py --sizes 50000,100000,200000 --datatrove

1. Generates a corpus with ``dataprep.dedup.synthetic.planted_corpus`` (English-like Zipf text and
   10% Chinese, 20% near-duplicates at Jaccard levels 0.5-1.0, chains included) once at the
   largest size; smaller sizes are its prefixes. Units of ``--unit-docs`` documents are written
   as Parquet, so doubling the corpus doubles the units, not their size.
2. Runs ``minhash_dedup`` (threshold 0.8) as the runner would: ``collect`` per unit, ``decide``,
   ``apply``; every task runs in a freshly forked process of a small driver (2 at a time), which
   reports its CPU time and peak RSS. Prints docs/s per core for signatures (collect), the band
   shuffle + edges, verification, components and decisions; peak RSS per step; and precision /
   recall of the removed documents against the exact-Jaccard ground truth (a document should go
   when a chain of pairs with J >= 0.8 links it to an earlier one).
3. With ``--real [DIR]``: the same steps on the real development corpus instead
   (``benchmarks/corpus/build.py``: ``extracted/web.jsonl``, truth ``truth/duplicates.jsonl``,
   exact word-5-gram Jaccard >= 0.8 clusters), for each ``--variants`` setting (verify mode and
   banding); a document should go when it is in a true cluster and is not its first member, and
   a true cluster must never lose every member.
4. With ``--datatrove``: datatrove's 4-step MinHash pipeline (``LocalPipelineExecutor``, 2
   workers, 16 buckets x 8 hashes = the same LSH as ours at 0.8, word 5-grams) on the same
   documents, run in the datatrove venv by re-invoking this script.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------------------------------
# Tasks in forked processes: CPU seconds and peak RSS of each.


def _measured(call):
    fn, item = call
    start = time.process_time()
    result = fn(item)
    cpu = time.process_time() - start
    return result, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class MeasuringExecutor:
    """``Executor`` running every item in a fresh forked process, ``workers`` at a time, and
    recording, per function, wall time, CPU time and the largest peak RSS of a task."""

    def __init__(self, workers: int = 2):
        self.workers = workers
        self.steps: dict[str, dict[str, float]] = {}

    def map(self, fn, items):
        start = time.perf_counter()
        with get_context("fork").Pool(self.workers, maxtasksperchild=1) as pool:
            out = pool.map(_measured, [(fn, item) for item in items], chunksize=1)
        step = self.steps.setdefault(fn.__name__, {"wall": 0.0, "cpu": 0.0, "rss": 0.0,
                                                   "tasks": 0})
        step["wall"] += time.perf_counter() - start
        step["cpu"] += sum(o[1] for o in out)
        step["rss"] = max([step["rss"]] + [o[2] for o in out])
        step["tasks"] += len(items)
        return [o[0] for o in out]


def _collect_unit(task):
    stage_params, unit_path, unit, out_path = task
    import pyarrow.parquet as pq

    from dataprep.dedup.minhash import MinHashDedupStage
    from dataprep.dedup.shuffle import write_table

    table = pq.read_table(unit_path)
    write_table(MinHashDedupStage(**stage_params).collect(table, unit), out_path)
    return table.num_rows


# ------------------------------------------------------------------------------------------
# Corpus generation (in a subprocess, so the measuring driver stays small).


def generate(size: int, unit_docs: int, out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dataprep.dedup.synthetic import planted_corpus
    from dataprep.schema import make_batch, set_column

    corpus = planted_corpus(size, seed=0)
    with open(out / "docs.jsonl", "w") as f:
        for i, (text, lang) in enumerate(zip(corpus.texts, corpus.langs, strict=True)):
            f.write(json.dumps({"id": f"doc-{i}", "text": text, "lang": lang}) + "\n")
    (out / "pairs.json").write_text(json.dumps(corpus.pairs))
    for u, lo in enumerate(range(0, size, unit_docs)):
        hi = min(size, lo + unit_docs)
        table = make_batch([f"doc-{i}" for i in range(lo, hi)], corpus.texts[lo:hi],
                           source="bench")
        table = set_column(table, "lang", pa.array(corpus.langs[lo:hi], pa.string()))
        pq.write_table(table, out / f"unit-{u:06d}.parquet")


def truth(pairs: list, size: int, threshold: float) -> set[int]:
    from dataprep.dedup.synthetic import PlantedCorpus

    corpus = PlantedCorpus([""] * size, [], [],
                           [(i, j, s) for i, j, s in pairs if j < size])
    return corpus.true_duplicates(threshold)


def quality(removed: set[int], expected: set[int]) -> tuple[float, float]:
    hits = len(removed & expected)
    return hits / max(1, len(removed)), hits / max(1, len(expected))


# ------------------------------------------------------------------------------------------
# dataprep


def run_dataprep(data: Path, size: int, unit_docs: int, params: dict, work: Path,
                 index: dict[str, int] | None = None) -> dict:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from dataprep.dedup.minhash import MinHashDedupStage

    units = -(-size // unit_docs)
    executor = MeasuringExecutor()
    collect = [(params, str(data / f"unit-{u:06d}.parquet"), u,
                str(work / "collected" / f"unit-{u:06d}.parquet")) for u in range(units)]
    start = time.perf_counter()
    executor.map(_collect_unit, collect)
    stage = MinHashDedupStage(**params)
    stage.decide([c[3] for c in collect], str(work / "stage"), executor)
    removed = set()
    for u in range(units):
        decisions = pq.read_table(work / "stage" / "decisions" / f"unit-{u:06d}.parquet")
        ids = pq.read_table(data / f"unit-{u:06d}.parquet", columns=["id"]).column("id")
        duplicate = decisions.filter(pc.is_valid(decisions.column("duplicate_of")))
        for row in duplicate.column("row").to_pylist():
            doc_id = ids[row].as_py()
            removed.add(index[doc_id] if index else int(doc_id.split("-")[1]))
    total = time.perf_counter() - start
    return {"steps": executor.steps, "removed": removed, "wall": total,
            "bands": f"{stage.bands}x{stage.rows}"}


# ------------------------------------------------------------------------------------------
# datatrove (runs in its own venv)


def datatrove_worker(data: Path, size: int, bands: int, rows: int, out: Path) -> None:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    work = out / "dt"
    inputs = work / "input"
    inputs.mkdir(parents=True, exist_ok=True)
    files = 2
    with open(data / "docs.jsonl") as f:
        lines = [next(f) for _ in range(size)]
    per_file = -(-size // files)
    for k in range(files):
        (inputs / f"part-{k}.jsonl").write_text("".join(lines[k * per_file:(k + 1) * per_file]))
    config = MinhashConfig(num_buckets=bands, hashes_per_bucket=rows, n_grams=5)
    timings = {}

    def run(name, pipeline, tasks):
        start = time.perf_counter()
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=2,
                              logging_dir=str(work / "logs" / name)).run()
        timings[name] = time.perf_counter() - start

    run("signatures", [JsonlReader(str(inputs)),
                       MinhashDedupSignature(str(work / "sigs"), config=config)], files)
    run("buckets", [MinhashDedupBuckets(str(work / "sigs"), str(work / "buckets"),
                                        config=config)], bands)
    run("cluster", [MinhashDedupCluster(str(work / "buckets"), str(work / "remove"),
                                        config=config)], 1)
    run("filter", [JsonlReader(str(inputs)),
                   MinhashDedupFilter(str(work / "remove"),
                                      exclusion_writer=JsonlWriter(str(work / "removed")))],
        files)
    removed = []
    for path in sorted((work / "removed").glob("*.jsonl.gz")):
        import gzip

        with gzip.open(path, "rt") as f:
            removed.extend(json.loads(line)["id"] for line in f)
    (out / "dt.json").write_text(json.dumps({"timings": timings, "removed": removed}))


# ------------------------------------------------------------------------------------------
# The real corpus (benchmarks/corpus/build.py)

REAL_VARIANTS = "none,signature,exact,exact:20x6"


def write_real_units(corpus: Path, unit_docs: int, out: Path) -> tuple[int, dict[str, int]]:
    """Units of ``extracted/web.jsonl`` in corpus order; (documents, id -> position)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dataprep.schema import make_batch, set_column

    with open(corpus / "extracted" / "web.jsonl") as f:
        docs = [json.loads(line) for line in f]
    for u, lo in enumerate(range(0, len(docs), unit_docs)):
        part = docs[lo:lo + unit_docs]
        table = make_batch([d["id"] for d in part], [d["text"] for d in part], source="web")
        table = set_column(table, "lang", pa.array([d["lang"] for d in part], pa.string()))
        pq.write_table(table, out / f"unit-{u:06d}.parquet")
    return len(docs), {d["id"]: i for i, d in enumerate(docs)}


def real_truth(corpus: Path, index: dict[str, int]) -> tuple[set[int], list[list[int]]]:
    """(documents that should go: every true cluster member but the first, the clusters)."""
    clusters = []
    with open(corpus / "truth" / "duplicates.jsonl") as f:
        for line in f:
            clusters.append(sorted(index[i] for i in json.loads(line)["ids"]))
    return {m for c in clusters for m in c[1:]}, clusters


def run_real(args) -> None:
    corpus = Path(args.real).expanduser()
    base = Path(args.dir or tempfile.mkdtemp(prefix="bench-dedup-real-"))
    data = base / "data"
    data.mkdir(parents=True, exist_ok=True)
    size, index = write_real_units(corpus, args.unit_docs, data)
    expected, clusters = real_truth(corpus, index)
    print(f"real corpus {corpus}: {size:,} documents, {len(clusters):,} true clusters, "
          f"{len(expected):,} redundant documents; {args.unit_docs:,} docs per unit; "
          "2 worker processes; rss = largest peak RSS of one task (MiB)")
    summary = []
    for variant in args.variants.split(","):
        verify, _, banding = variant.partition(":")
        params = {"threshold": args.threshold, "verify": verify,
                  "partition_rows": args.partition_rows}
        if banding:
            params["bands"], params["rows"] = (int(x) for x in banding.split("x"))
        work = Path(tempfile.mkdtemp(prefix="run-", dir=base))
        result = run_dataprep(data, size, args.unit_docs, params, work, index)
        precision, recall = quality(result["removed"], expected)
        whole = sum(1 for c in clusters if set(c) <= result["removed"])
        cpu = sum(st["cpu"] for st in result["steps"].values())
        rss = max(st["rss"] for st in result["steps"].values())
        summary.append((f"verify={verify} ({result['bands']})", result["wall"], cpu, rss,
                        precision, recall, len(result["removed"]), whole))
        for name, step in result["steps"].items():
            print(f"  {variant:<16} {name:<28} tasks {step['tasks']:>3} wall {step['wall']:6.1f} s"
                  f" cpu {step['cpu']:6.1f} s rss {step['rss']:5.0f} MiB")
    print(f"\n{'minhash_dedup':<30} {'wall s':>7} {'cpu s':>7} {'rss MiB':>8} {'precision':>9} "
          f"{'recall':>7} {'removed':>8} {'clusters removed whole':>22}")
    for name, wall, cpu, rss, precision, recall, removed, whole in summary:
        print(f"{name:<30} {wall:>7.1f} {cpu:>7.1f} {rss:>8.0f} {precision:>9.4f} "
              f"{recall:>7.4f} {removed:>8,} {whole:>22}")


# ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,100000,200000")
    parser.add_argument("--unit-docs", type=int, default=12_500)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--partition-rows", type=int, default=1_000_000,
                        help="band rows per shuffle partition (fixed: memory per task must "
                             "stay flat as the corpus grows)")
    parser.add_argument("--real", nargs="?", const="~/.cache/dataprep-corpus",
                        help="measure on the real corpus built by benchmarks/corpus/build.py")
    parser.add_argument("--variants", default=REAL_VARIANTS,
                        help="with --real: verify modes, optionally :BANDSxROWS")
    parser.add_argument("--datatrove", action="store_true")
    parser.add_argument("--dt-python", default="/work/venv-dt/bin/python")
    parser.add_argument("--dir", help="keep data here (default: a temporary directory)")
    parser.add_argument("--datatrove-worker", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--generate-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.datatrove_worker:
        data, size, bands, rows = args.datatrove_worker
        datatrove_worker(Path(data), int(size), int(bands), int(rows), Path(data))
        return
    sys.path.insert(0, str(ROOT))
    if args.real:
        run_real(args)
        return
    if args.generate_worker:
        size, out = args.generate_worker
        generate(int(size), args.unit_docs, Path(out))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    base = Path(args.dir or tempfile.mkdtemp(prefix="bench-dedup-"))
    data = base / "data"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "pairs.json").exists():
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--unit-docs", str(args.unit_docs),
                        "--generate-worker", str(max(sizes)), str(data)], check=True)
        print(f"generated {max(sizes):,} docs in {time.perf_counter() - start:.0f} s -> {data}")
    pairs = json.loads((data / "pairs.json").read_text())

    print(f"\nminhash_dedup, threshold {args.threshold}, 128 perms, word 5-grams / char 5-grams "
          f"(zh), {args.unit_docs:,} docs per unit, partition_rows {args.partition_rows:,}; "
          "2 worker processes; rss = largest peak RSS of one task (MiB)")
    header = (f"{'docs':>8} {'verify':>6} {'step':<28} {'tasks':>5} {'wall s':>7} {'cpu s':>7} "
              f"{'docs/s/core':>11} {'rss MiB':>8}")
    summary = []
    for size in sizes:
        expected = truth(pairs, size, args.threshold)
        for verify in ("none", "signature"):
            params = {"threshold": args.threshold, "verify": verify,
                      "partition_rows": args.partition_rows}
            work = Path(tempfile.mkdtemp(prefix="run-", dir=base))
            result = run_dataprep(data, size, args.unit_docs, params, work)
            print(header)
            for name, step in result["steps"].items():
                rate = size / step["cpu"] if step["cpu"] else float("inf")
                print(f"{size:>8} {verify:>6} {name:<28} {step['tasks']:>5} "
                      f"{step['wall']:>7.1f} {step['cpu']:>7.1f} {rate:>11,.0f} "
                      f"{step['rss']:>8.0f}")
            precision, recall = quality(result["removed"], expected)
            summary.append((size, f"dataprep verify={verify} ({result['bands']})",
                            result["wall"], precision, recall, len(result["removed"]),
                            len(expected)))
            cpu = sum(s["cpu"] for s in result["steps"].values())
            print(f"{size:>8} {verify:>6} {'TOTAL':<28} {'':>5} {result['wall']:>7.1f} "
                  f"{cpu:>7.1f} {size / cpu:>11,.0f}\n")

    if args.datatrove:
        size = max(sizes)
        subprocess.run([args.dt_python, __file__, "--datatrove-worker", str(data), str(size),
                        "16", "8"], check=True, env={**os.environ, "PYTHONPATH": ""})
        dt = json.loads((data / "dt.json").read_text())
        removed = {int(i.split("-")[1]) for i in dt["removed"]}
        precision, recall = quality(removed, truth(pairs, size, args.threshold))
        wall = sum(dt["timings"].values())
        print("datatrove MinHash (16 buckets x 8 hashes, 2 workers): " + ", ".join(
            f"{k} {v:.1f} s" for k, v in dt["timings"].items())
            + f"; signatures {size / dt['timings']['signatures'] / 2:,.0f} docs/s per core")
        summary.append((size, "datatrove 16x8", wall, precision, recall, len(removed),
                        len(truth(pairs, size, args.threshold))))

    print(f"\n{'docs':>8} {'pipeline':<34} {'wall s':>7} {'precision':>9} {'recall':>7} "
          f"{'removed':>8} {'truth':>7}")
    for size, name, wall, precision, recall, removed, expected in summary:
        print(f"{size:>8} {name:<34} {wall:>7.1f} {precision:>9.3f} {recall:>7.3f} "
              f"{removed:>8,} {expected:>7,}")


if __name__ == "__main__":
    main()
