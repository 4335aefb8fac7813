"""Run inside /work/venv-conform by ``conformance.py``: the frameworks' readers on our output.

    /work/venv-conform/bin/python benchmarks/conformance_check.py '{"plain": "/run/dir", ...}'

Prints one JSON object: per run and format, what was compared and whether it matched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq


def parquet_docs(run: Path) -> tuple[list[np.ndarray], list[str]]:
    """Our documents in output order (packed sequences when the run packed)."""
    sub = "packed" if (run / "packed").exists() else "data"
    table = pq.read_table(run / sub)
    sources = (table.column("source").to_pylist() if "source" in table.column_names
               else ["packed"] * table.num_rows)
    return [np.asarray(t) for t in table.column("token_ids").to_pylist()], sources


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def check_megatron(run: Path, manifest: dict, docs, sources) -> dict:
    from megatron.core.datasets.indexed_dataset import IndexedDataset

    info = manifest["output"]["formats"]["megatron"]
    by_source: dict[str, list[np.ndarray]] = {}
    read_docs = read_tokens = 0
    for prefix in info["prefixes"]:
        dataset = IndexedDataset(str(run / prefix["path"]))
        name = prefix["path"].split("/")[1].rsplit("_", 1)[0]
        # One sequence per document: document_indices must be 0..n.
        assert list(dataset.document_indices) == list(range(len(dataset) + 1))
        # Copies: the arrays are views of the mmap, which closes with the dataset.
        got = [np.array(dataset[i]) for i in range(len(dataset))]
        by_source.setdefault(name, []).extend(got)
        read_docs += len(got)
        read_tokens += int(dataset.sequence_lengths.sum())
    ok = True
    for name, got in by_source.items():
        want = [d for d, s in zip(docs, sources, strict=True) if _file_name(s) == name]
        ok &= same(got, want)
    ok &= read_docs == info["documents"] == len(docs)
    ok &= read_tokens == info["tokens"] == sum(len(d) for d in docs)
    return {"reader": "megatron.core.datasets.indexed_dataset.IndexedDataset",
            "prefixes": len(info["prefixes"]), "documents": read_docs, "tokens": read_tokens,
            "dtype": info["dtype"], "ok": bool(ok)}


def _file_name(source: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9._-]+", "_", source).strip("._") or "source"


def check_mds(run: Path, docs) -> dict:
    from streaming import StreamingDataset

    dataset = StreamingDataset(local=str(run / "mds"), shuffle=False, batch_size=1)
    got = [np.asarray(sample["tokens"]) for sample in dataset]
    return {"reader": "streaming.StreamingDataset(local=...)", "samples": len(got),
            "tokens": int(sum(len(g) for g in got)), "ok": same(got, docs)}


def check_nanotron(run: Path, manifest: dict, docs) -> dict:
    from datatrove.pipeline.tokens.merger import get_data_reader, load_doc_ends
    from datatrove.utils.dataset import DatatroveFolderDataset

    info = manifest["output"]["formats"]["nanotron"]
    token_size = info["token_size"]
    dtype = np.uint16 if token_size == 2 else np.uint32
    got = []
    for file in info["files"]:
        path = run / file["path"]
        ends = load_doc_ends(open(f"{path}.index", "rb"))
        got += [np.frombuffer(b, dtype) for b in get_data_reader(open(path, "rb"), ends,
                                                                 token_size)]
    # nanotron's view: windows of seq_len + 1 tokens from the folder, with positions.
    seq_len = 255
    folder = DatatroveFolderDataset(str(run / "nanotron"), seq_len, filename_pattern="*.ds",
                                    token_size=token_size, return_positions=True)
    windows = [folder[i]["input_ids"].numpy() for i in range(len(folder))]
    # The folder lists files in name order, which is our stream's order.
    assert [Path(f.file_path).name for f in folder.files] == [
        Path(f["path"]).name for f in info["files"]]
    per_file = [np.concatenate([np.frombuffer(b, dtype) for b in get_data_reader(
        open(run / f["path"], "rb"), load_doc_ends(open(run / f"{f['path']}.index", "rb")),
        token_size)]) for f in info["files"]]
    expected_windows = [stream[i * (seq_len + 1):(i + 1) * (seq_len + 1)]
                        for stream in per_file for i in range(len(stream) // (seq_len + 1))]
    return {"reader": "datatrove merger load_doc_ends/get_data_reader + DatatroveFolderDataset",
            "documents": len(got), "windows": len(windows), "documents_ok": same(got, docs),
            "windows_ok": same(windows, expected_windows),
            "ok": same(got, docs) and same(windows, expected_windows)}


def main() -> int:
    runs = json.loads(sys.argv[1])
    out: dict = {"runs": {}}
    ok = True
    for name, run_dir in runs.items():
        run = Path(run_dir)
        manifest = json.loads((run / "manifest.json").read_text())
        docs, sources = parquet_docs(run)
        checks = {"megatron": check_megatron(run, manifest, docs, sources),
                  "mds": check_mds(run, docs),
                  "nanotron": check_nanotron(run, manifest, docs),
                  "parquet_documents": len(docs),
                  "parquet_tokens": int(sum(len(d) for d in docs))}
        ok &= all(c["ok"] for c in checks.values() if isinstance(c, dict))
        out["runs"][name] = checks
    import megatron.core
    import streaming
    import torch

    out["versions"] = {"megatron-core": megatron.core.__version__,
                       "mosaicml-streaming": streaming.__version__, "torch": torch.__version__}
    out["ok"] = bool(ok)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
