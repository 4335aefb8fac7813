"""Our Megatron, MDS and nanotron output read by the frameworks' own readers.

    python benchmarks/conformance.py [--corpus PATH.jsonl] [--docs 3000] [--work DIR]

1. Runs dataprep (this venv) on real text (default: the real corpus's extracted web pages)
   three times, all with ``output.formats: [parquet, megatron, mds,
   nanotron]``: plain; with ``mixture`` and ``shuffle``; with ``pack``.
2. Makes ``/work/venv-conform`` unless it already imports the readers (torch 2.14.1 and
   torchvision 0.29.1, run on the CPU, megatron-core 0.16, mosaicml-streaming, datatrove;
   several GB) and runs ``conformance_check.py`` there: Megatron-Core's
   ``IndexedDataset`` must give every document's tokens == our Parquet ``token_ids`` (count and
   total == manifest), ``streaming.StreamingDataset(local=...)`` must iterate every sample ==
   ours, and datatrove's own readers (the merger's index/data readers and
   ``DatatroveFolderDataset``, as nanotron uses it) must give our stream and document ends.
3. Prints what was checked as JSON (and writes it to ``<work>/conformance.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = Path("/work/venv-conform")
REQUIREMENTS = ["megatron-core==0.16.*", "mosaicml-streaming", "datatrove==0.10.1", "pyarrow",
                "numpy"]
# streaming imports transformers, which refuses huggingface-hub 1.x (datatrove asks for it, but
# its token readers do not use the hub).
PINS = ["huggingface-hub>=0.34,<1.0"]
TORCH = ["torch==2.14.1", "torchvision==0.29.1"]
CORPUS = Path.home() / ".cache/dataprep-corpus"
REAL_CORPUS = next((p for p in (CORPUS / "extracted/web.jsonl", CORPUS / "truth/extraction.jsonl")
                    if p.exists()), None)
FORMATS = ["parquet", "megatron", "mds", "nanotron"]


def make_corpus(source: Path, work: Path, docs: int) -> list[dict]:
    """Split the first ``docs`` documents (field ``text``, or ``main_text`` as in the corpus's
    extraction truth) into two sources (for the mixture)."""
    rows = []
    with source.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            text = row.get("text") or row.get("main_text")
            if text:
                rows.append({"id": str(row.get("id") or row.get("url") or len(rows)),
                             "text": text})
            if len(rows) == docs:
                break
    inputs = []
    for name, part in (("web", rows[::3] + rows[1::3]), ("docs", rows[2::3])):
        path = work / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part),
                        encoding="utf-8")
        inputs.append({"format": "jsonl", "paths": [str(path)], "source": name})
    return inputs


def run_dataprep(inputs: list[dict], work: Path) -> dict[str, str]:
    from dataprep.config import parse_config
    from dataprep.io.manifest import write_run_manifest
    from dataprep.pipeline import Pipeline
    from dataprep.run import run_pipeline

    variants = {
        "plain": {},
        "mixture+shuffle": {"mixture": {"weights": {"web": 0.4, "docs": 0.6}, "seed": 1},
                            "shuffle": {"seed": 2}},
        "pack": {"shuffle": {"seed": 2}, "pack": {"seq_len": 512}},
    }
    runs = {}
    for name, extra in variants.items():
        out = work / name.replace("+", "-")
        raw = {"name": f"conformance-{name}", "inputs": inputs,
               "stages": [{"tokenize": {"train": {"kind": "bpe", "vocab_size": 8000}}}],
               "output": {"path": str(out), "shard_tokens": 400_000, "formats": FORMATS,
                          **extra}}
        pipeline = Pipeline.from_config(parse_config(raw, base_dir=str(work)))
        write_run_manifest(run_pipeline(pipeline), pipeline, "inline")
        runs[name] = str(out)
    return runs


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    check = "import megatron.core, streaming, datatrove.utils.dataset"
    if python.exists() and subprocess.run([str(python), "-W", "ignore", "-c", check],
                                          capture_output=True).returncode == 0:
        return python
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    # torch and torchvision first, a pair that lies on this machine's disk (streaming imports
    # torchvision; PyPI's torchvision does not load beside the 2.13.0 CPU build). Used on the CPU.
    subprocess.run([str(python), "-m", "pip", "install", "-q", *TORCH], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
    return python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    source = args.corpus or REAL_CORPUS
    work = args.work or Path(tempfile.mkdtemp(prefix="dataprep-conformance-"))
    work.mkdir(parents=True, exist_ok=True)
    if source is None:
        raise SystemExit("no corpus: pass --corpus PATH.jsonl (fields id, text)")
    runs = run_dataprep(make_corpus(source, work, args.docs), work)
    python = ensure_venv()
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    result = subprocess.run([str(python), str(HERE / "conformance_check.py"), json.dumps(runs)],
                            capture_output=True, text=True, env=env)
    sys.stderr.write(result.stderr[-4000:])
    if result.returncode:
        print(result.stdout)
        return result.returncode
    report = {"corpus": str(source), "documents_read": args.docs, **json.loads(result.stdout)}
    (work / "conformance.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
