"""output.formats: Megatron, MDS and nanotron files, read back with spec-written readers."""

import json
from pathlib import Path

import numpy as np
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from format_readers import read_mds, read_megatron, read_nanotron
from test_pipeline import run_inline
from test_training_output import config, corpus

from dataprep.config import parse_config
from dataprep.errors import ConfigError
from dataprep.output.mds import MdsWriter
from dataprep.output.writers import MegatronWriter, NanotronWriter, token_dtype

FS = pafs.LocalFileSystem()


def documents(seed: int, count: int, high: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, high, int(n)) for n in rng.integers(1, 40, count)]


def write_docs(writer, docs: list[np.ndarray], batch: int = 7):
    for i in range(0, len(docs), batch):
        part = docs[i:i + batch]
        writer.write(np.array([len(d) for d in part]), np.concatenate(part))
    return writer.close()


@pytest.mark.parametrize("vocab,expected", [(32_000, np.uint16), (65_536, np.uint16),
                                            (128_256, np.int32)])
def test_megatron_shards_by_tokens_and_reads_back(tmp_path: Path, vocab, expected):
    docs = documents(1, 60, vocab)
    writer = MegatronWriter(FS, str(tmp_path), "megatron", "web",
                            dtype=token_dtype(vocab, np.int32), shard_tokens=200)
    shards = write_docs(writer, docs)
    assert len(shards) > 1 and all(s.tokens <= 200 for s in shards)
    # Cut only when the next document does not fit.
    first_docs = np.cumsum([s.documents for s in shards])[:-1]
    assert all(s.tokens + len(docs[n]) > 200 for s, n in zip(shards[:-1], first_docs, strict=True))
    read = []
    for shard in shards:
        dtype, shard_docs = read_megatron(tmp_path / shard.path)
        assert dtype == expected and len(shard_docs) == shard.documents
        read += shard_docs
    assert len(read) == len(docs)
    assert all(np.array_equal(a, b) for a, b in zip(read, docs, strict=True))
    # Committed by rename: no temporary files left.
    assert sorted(p.name for p in (tmp_path / "megatron").iterdir()) == sorted(
        f"web_{i}{s}" for i in range(len(shards)) for s in (".bin", ".idx"))


def test_a_document_larger_than_a_shard_is_alone_in_its_shard(tmp_path: Path):
    docs = [np.arange(5), np.arange(50), np.arange(3)]
    writer = MegatronWriter(FS, str(tmp_path), "m", "x", dtype=np.uint16, shard_tokens=10)
    shards = write_docs(writer, docs, batch=3)
    assert [s.documents for s in shards] == [1, 1, 1]
    assert [s.tokens for s in shards] == [5, 50, 3]


def test_nanotron_files_read_back(tmp_path: Path):
    docs = documents(2, 50, 100_000)
    writer = NanotronWriter(FS, str(tmp_path), "nanotron", "part", dtype=np.uint32,
                            shard_tokens=300, tokenizer_name="tok.json")
    shards = write_docs(writer, docs)
    read = []
    for shard in shards:
        token_size, shard_docs, metadata = read_nanotron(tmp_path / shard.path)
        assert token_size == 4 and metadata[0] == "tok.json|4"
        read += shard_docs
    assert all(np.array_equal(a, b) for a, b in zip(read, docs, strict=True))


def test_mds_shards_and_index_read_back(tmp_path: Path):
    docs = documents(3, 300, 50_000) + [np.arange(70_000) % 7]  # a length needing uint32
    writer = MdsWriter(FS, str(tmp_path), "mds", size_limit=4096)
    shards = write_docs(writer, docs)
    assert len(shards) > 2
    assert all(s.bytes <= 4096 for s in shards[:-1])
    read = read_mds(tmp_path / "mds")
    assert len(read) == len(docs)
    assert all(np.array_equal(a, b) and a.dtype == np.int32
               for a, b in zip(read, docs, strict=True))


def test_mds_leaves_out_empty_documents(tmp_path: Path):
    writer = MdsWriter(FS, str(tmp_path), "mds")
    writer.write(np.array([2, 0, 1]), np.array([5, 6, 7]))
    writer.close()
    assert [list(s) for s in read_mds(tmp_path / "mds")] == [[5, 6], [7]]
    assert writer.skipped_empty == 1


def run_with_formats(base: Path, out: str, **output) -> Path:
    raw = config(base, out)
    raw["output"] = {"path": str(base / out), "shard_tokens": 500,
                     "formats": ["parquet", "megatron", "mds", "nanotron"], **output}
    run_inline(base, raw)
    return base / out


def parquet_docs(path: Path) -> tuple[list[np.ndarray], list[str]]:
    table = pq.read_table(path)
    return ([np.array(t) for t in table.column("token_ids").to_pylist()],
            table.column("source").to_pylist() if "source" in table.column_names else [])


def check_formats_equal_parquet(out: Path, docs: list[np.ndarray], sources: list[str] | None):
    manifest = json.loads((out / "manifest.json").read_text())
    formats = manifest["output"]["formats"]
    total = sum(len(d) for d in docs)
    # MDS and nanotron: the whole stream in order.
    assert all(np.array_equal(a, b) for a, b in zip(read_mds(out / "mds"), docs, strict=True))
    nanotron = [d for f in formats["nanotron"]["files"]
                for d in read_nanotron(out / f["path"])[1]]
    assert all(np.array_equal(a, b) for a, b in zip(nanotron, docs, strict=True))
    # Megatron: per source (or one "packed" set), each in order; counts as in the manifest.
    megatron = formats["megatron"]
    assert megatron["documents"] == len(docs) and megatron["tokens"] == total
    by_prefix = {p["path"]: read_megatron(out / p["path"])[1] for p in megatron["prefixes"]}
    for name in {p.split("/")[1].rsplit("_", 1)[0] for p in by_prefix}:
        got = [d for p in sorted(by_prefix, key=lambda p: int(p.rsplit("_", 1)[1]))
               if p.startswith(f"megatron/{name}_") for d in by_prefix[p]]
        want = [d for d, s in zip(docs, sources or [name] * len(docs), strict=True) if s == name]
        assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True))
    weights = [float(w) for w in megatron["data_path"][::2]]
    assert abs(sum(weights) - 1) < 1e-6 and megatron["data_path"][1::2] == list(by_prefix)
    return manifest


def test_run_writes_every_format_after_mixture_and_shuffle(tmp_path: Path):
    corpus(tmp_path)
    out = run_with_formats(tmp_path, "a", mixture={"weights": {"web": 0.5, "books": 0.5}},
                           shuffle={"seed": 4})
    docs, sources = parquet_docs(out / "data")
    manifest = check_formats_equal_parquet(out, docs, sources)
    assert manifest["output"]["formats"]["megatron"]["dtype"] == "uint16"
    assert {p["path"].split("_")[0] for p in
            manifest["output"]["formats"]["megatron"]["prefixes"]} == {"megatron/books",
                                                                       "megatron/web"}


def test_with_pack_every_format_holds_the_packed_sequences(tmp_path: Path):
    corpus(tmp_path)
    out = run_with_formats(tmp_path, "a", shuffle={"seed": 4}, pack={"seq_len": 32})
    docs, _ = parquet_docs(out / "packed")
    assert {len(d) for d in docs} == {32}
    check_formats_equal_parquet(out, docs, None)


def test_formats_are_byte_identical_across_runs_and_after_resume(tmp_path: Path):
    corpus(tmp_path)
    a = run_with_formats(tmp_path, "a", shuffle={"seed": 4})
    b = run_with_formats(tmp_path, "b", shuffle={"seed": 4})
    files = sorted(p.relative_to(a) for sub in ("megatron", "mds", "nanotron")
                   for p in (a / sub).iterdir())
    assert files and all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    # An output step interrupted after some files: resume rewrites them all, same bytes.
    (b / "_work" / "finalized.json").unlink()
    (b / "mds" / "index.json").unlink()
    (b / "megatron" / files[0].name).write_bytes(b"partial")
    raw = config(tmp_path, "b")
    raw["output"] = {"path": str(b), "shard_tokens": 500, "shuffle": {"seed": 4},
                     "formats": ["parquet", "megatron", "mds", "nanotron"]}
    run_inline(tmp_path, raw, resume=True)
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_formats_option_is_checked():
    raw = {"inputs": [{"format": "jsonl", "paths": ["x"]}], "output": {"path": "o"}}
    with pytest.raises(ConfigError, match=r"output.formats\[1\]: expected one of"):
        parse_config({**raw, "output": {"path": "o", "formats": ["parquet", "arrow"]}})
    with pytest.raises(ConfigError, match="output.formats: expected a list"):
        parse_config({**raw, "output": {"path": "o", "formats": "megatron"}})
    assert parse_config(raw).output.formats == ["parquet"]
    assert not parse_config(raw).output.needs_finalize
    spec = parse_config({**raw, "output": {"path": "o", "formats": ["mds"]}}).output
    assert spec.formats == ["mds"] and spec.needs_finalize


def test_formats_need_the_tokenize_stage(tmp_path: Path):
    from dataprep.pipeline import build_pipeline

    raw = {"inputs": [{"format": "jsonl", "paths": ["x"]}],
           "output": {"path": "o", "formats": ["megatron"]}}
    with pytest.raises(ConfigError, match="output.formats: needs the 'tokenize' stage"):
        build_pipeline(parse_config(raw, base_dir=str(tmp_path)))
