"""Throughput of the output format writers: tokens/s per core and peak RSS, each in its own process.

    python benchmarks/bench_formats.py [--tokens 50000000] [--run RUN_DIR]

Input: the tokenized Parquet shards of a run (``--run``, its ``data/``), repeated until
``--tokens`` tokens, or documents of generated lengths (log-normal, median 400 tokens, as web
pages) when no run is given; token values do not change what a writer does. The input is
written once as Parquet token shards, then each writer (Parquet token shards again as the
baseline, Megatron, MDS, nanotron) streams it in a fresh child process that reports its CPU
time (user + system, ``resource.getrusage``) and peak RSS. Memory stays at a batch plus one
open shard (MDS: one shard of up to 64 MiB), whatever ``--tokens`` is.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.fs as pafs

WRITERS = ["parquet", "megatron", "mds", "nanotron"]


def make_input(work: Path, tokens: int, run: Path | None) -> list[str]:
    from dataprep.output.shaping import iter_tables, write_token_shards

    fs = pafs.LocalFileSystem()
    if run is not None:
        paths = sorted(str(p) for p in (run / "data").glob("*.parquet"))
        sample = [t.select(["token_ids", "num_tokens", "source"])
                  for t in iter_tables(fs, paths)]
    else:
        rng = np.random.default_rng(0)
        lengths = np.clip(rng.lognormal(np.log(400), 1.0, 20_000), 8, 32_768).astype(np.int64)
        flat = rng.integers(0, 32_000, int(lengths.sum()), dtype=np.uint32)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        sample = [pa.table({"token_ids": pa.LargeListArray.from_arrays(offsets, flat),
                            "num_tokens": pa.array(lengths.astype(np.int32)),
                            "source": pa.array(["web"] * len(lengths))})]

    def repeated():
        written = 0
        while written < tokens:
            for table in sample:
                yield table
                written += int(np.sum(table.column("num_tokens").to_numpy()))
                if written >= tokens:
                    return

    shards = write_token_shards(repeated(), fs, str(work), "input", shard_tokens=20_000_000)
    return [str(work / s.path) for s in shards]


def child(writer: str, paths: list[str], out: str) -> None:
    """Run one writer over ``paths``; print its CPU seconds, tokens and peak RSS."""
    from dataprep.output.formats import write_formats
    from dataprep.output.shaping import iter_tables, write_token_shards

    fs = pafs.LocalFileSystem()
    start = resource.getrusage(resource.RUSAGE_SELF)
    if writer == "parquet":
        shards = write_token_shards(iter_tables(fs, paths), fs, out, "data",
                                    shard_tokens=100_000_000)
        tokens = sum(s.tokens for s in shards)
    else:
        info = write_formats(fs, out, paths, [writer], vocab_size=32_000,
                             tokenizer_name="bench", shard_tokens=None, packed=False)
        tokens = info[writer]["tokens"]
    end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)
    print(json.dumps({"writer": writer, "cpu_seconds": cpu, "tokens": tokens,
                      "peak_rss_mib": end.ru_maxrss / 1024}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=50_000_000)
    parser.add_argument("--run", type=Path, default=None)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], json.loads(args.child[1]), args.child[2])
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench-formats-"))
    try:
        paths = make_input(work, args.tokens, args.run)
        print(f"input: {len(paths)} Parquet shards, {args.tokens:,}+ tokens (machine shared)")
        print("| writer | tokens | CPU s | tokens/s per core | peak RSS MiB |")
        print("|---|---:|---:|---:|---:|")
        for writer in WRITERS:
            out = work / f"out-{writer}"
            result = subprocess.run([sys.executable, __file__, "--child", writer,
                                     json.dumps(paths), str(out)],
                                    capture_output=True, text=True, check=True)
            r = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"| {writer} | {r['tokens']:,} | {r['cpu_seconds']:.2f} | "
                  f"{r['tokens'] / r['cpu_seconds'] / 1e6:.1f} M | {r['peak_rss_mib']:.0f} |")
            shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
