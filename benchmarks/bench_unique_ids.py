"""What the corpus-wide step that makes ids unique per run (``dataprep.unique_ids``) costs.

Generated JSONL files (ids and short texts: the step reads only ids, so text size does not
matter), a pipeline without stages, inline. ``--shared`` of the ids of every file are also in
every other file. The step's CPU seconds are measured by running it a second time on the
finished run (its marker removed): renaming sets values, so the second run does the same work.

    python benchmarks/bench_unique_ids.py --files 10 --docs 50000 --shared 0.1
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time

from dataprep.config import parse_config
from dataprep.pipeline import build_pipeline
from dataprep.readers import list_units
from dataprep.run import run_pipeline
from dataprep.rundir import RunDir
from dataprep.runners.inline import InlineExecutor
from dataprep.unique_ids import make_ids_unique


def write_inputs(folder: str, files: int, docs: int, shared: float) -> None:
    os.makedirs(folder)
    for f in range(files):
        with open(os.path.join(folder, f"f{f:03d}.jsonl"), "w") as out:
            for i in range(docs):
                doc_id = f"shared-{i}" if i < docs * shared else f"f{f}-{i}"
                out.write(json.dumps({"id": doc_id, "text": f"document {f} {i}"}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--docs", type=int, default=50_000, help="documents per file")
    parser.add_argument("--shared", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as base:
        write_inputs(os.path.join(base, "in"), args.files, args.docs, args.shared)
        config = parse_config({"name": "bench", "inputs": [{"format": "jsonl",
                                                            "paths": ["in/*.jsonl"]}],
                               "output": {"path": "out"}}, base_dir=base)
        pipeline = build_pipeline(config)
        started = time.process_time()
        result = run_pipeline(pipeline, InlineExecutor(), run_dir=os.path.join(base, "out"))
        run_cpu = time.process_time() - started
        run_dir = RunDir(os.path.join(base, "out"))
        os.remove(run_dir.step_marker("unique_ids"))
        started = time.process_time()
        make_ids_unique(pipeline.phases[0], list_units(config.inputs, base), run_dir,
                        InlineExecutor())
        step_cpu = time.process_time() - started
    documents = args.files * args.docs
    print(f"{documents:,} documents in {args.files} files, {args.shared:.0%} of ids in every "
          f"file: renamed {result.ids_renamed}")
    print(f"run (read + write + step): {run_cpu:.2f} CPU s; the step: {step_cpu:.2f} CPU s "
          f"({step_cpu / documents * 1e6:.2f} us per document)")


if __name__ == "__main__":
    main()
