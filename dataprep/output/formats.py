"""``output.formats``: the training-ready shards again in the formats frameworks read natively.

The Parquet shards are always written (the manifest, the report, ``--resume`` and ``dataprep
diff`` read them); each other format is a copy of the same token stream, streamed from those
shards in order, so mixture and shuffle apply to every format alike. With ``pack`` the copy is
of ``packed/`` (one fixed-length sequence per document or sample), without it of ``data/``
(one document each, EOS as the tokenize stage put it).

* ``megatron/``: ``<source>_<n>.bin``/``.idx`` per source (``packed_<n>`` with ``pack``),
  uint16 when the vocabulary fits, else int32; the manifest's ``data_path`` alternates each
  prefix's share of the tokens and the prefix, as Megatron's ``--data-path`` takes them, so a
  blend reproduces the mixture.
* ``mds/``: MosaicML Streaming shards and ``index.json`` (``dataprep.output.mds``).
* ``nanotron/``: datatrove's ``part_NNNNN.ds`` files (``dataprep.output.writers``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow.compute as pc
import pyarrow.fs as pafs

from dataprep.io.fs import delete_dir_if_exists, join
from dataprep.output.mds import MdsWriter
from dataprep.output.shaping import iter_tables
from dataprep.output.writers import FormatShard, MegatronWriter, NanotronWriter, token_dtype

FORMATS = ("parquet", "megatron", "mds", "nanotron")
FORMAT_DIRS = ("megatron", "mds", "nanotron")
# Tokens per .bin / .ds file unless output.shard_tokens says otherwise.
DEFAULT_SHARD_TOKENS = 100_000_000


def iter_documents(fs: pafs.FileSystem, paths: Sequence[str], *, with_source: bool
                   ) -> Iterator[tuple[np.ndarray, np.ndarray, list | None]]:
    """(lengths, concatenated tokens, sources or None) per batch of the shards' rows."""
    columns = ["token_ids", "source"] if with_source else ["token_ids"]
    for table in iter_tables(fs, paths, columns=columns, batch_rows=8192):
        lists = table.column("token_ids").combine_chunks()
        lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False).astype(np.int64)
        flat = lists.flatten().to_numpy(zero_copy_only=False)
        sources = table.column("source").to_pylist() if with_source else None
        yield lengths, flat, sources


def file_name(source: str) -> str:
    """A source name as a file name prefix."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", source).strip("._") or "source"


def write_formats(fs: pafs.FileSystem, run_dir: str, paths: Sequence[str],
                  formats: Sequence[str], *, vocab_size: int, tokenizer_name: str,
                  shard_tokens: int | None, packed: bool) -> dict:
    """Write every non-Parquet format of ``formats`` from the Parquet shards ``paths``.

    Returns what the manifest records under ``output.formats``.
    """
    for sub in FORMAT_DIRS:
        delete_dir_if_exists(fs, join(run_dir, sub))
    shard_tokens = shard_tokens or DEFAULT_SHARD_TOKENS
    out: dict = {}
    if "megatron" in formats:
        out["megatron"] = _write_megatron(fs, run_dir, paths, vocab_size, shard_tokens, packed)
    if "nanotron" in formats:
        writer = NanotronWriter(fs, run_dir, "nanotron", "part",
                                dtype=token_dtype(vocab_size, np.uint32),
                                shard_tokens=shard_tokens, tokenizer_name=tokenizer_name)
        for lengths, flat, _ in iter_documents(fs, paths, with_source=False):
            writer.write(lengths, flat)
        out["nanotron"] = {"token_size": writer.dtype.itemsize,
                           **_summary(writer.close(), "files")}
    if "mds" in formats:
        mds = MdsWriter(fs, run_dir, "mds")
        for lengths, flat, _ in iter_documents(fs, paths, with_source=False):
            mds.write(lengths, flat)
        out["mds"] = {"column": "tokens", "encoding": "ndarray:int32",
                      "skipped_empty": mds.skipped_empty, **_summary(mds.close(), "shards")}
    return out


def _write_megatron(fs: pafs.FileSystem, run_dir: str, paths: Sequence[str], vocab_size: int,
                    shard_tokens: int, packed: bool) -> dict:
    dtype = token_dtype(vocab_size, np.int32)
    writers: dict[str, MegatronWriter] = {}

    def writer(name: str) -> MegatronWriter:
        if name not in writers:
            writers[name] = MegatronWriter(fs, run_dir, "megatron", name, dtype=dtype,
                                           shard_tokens=shard_tokens)
        return writers[name]

    for lengths, flat, sources in iter_documents(fs, paths, with_source=not packed):
        if packed:
            writer("packed").write(lengths, flat)
            continue
        names = np.array([file_name(s) for s in sources])
        starts = np.cumsum(lengths) - lengths
        for name in sorted(set(names.tolist())):
            rows = np.flatnonzero(names == name)
            pieces = [flat[starts[r]:starts[r] + lengths[r]] for r in rows.tolist()]
            writer(name).write(lengths[rows], np.concatenate(pieces) if pieces else flat[:0])
    shards = [shard for name in sorted(writers) for shard in writers[name].close()]
    total = sum(s.tokens for s in shards)
    data_path: list[str] = []
    for shard in shards:
        data_path += [f"{shard.tokens / total:.8g}" if total else "0", shard.path]
    return {"dtype": dtype.name, "data_path": data_path, **_summary(shards, "prefixes")}


def _summary(shards: list[FormatShard], key: str) -> dict:
    return {"documents": sum(s.documents for s in shards), "tokens": sum(s.tokens for s in shards),
            key: [s.to_dict() for s in shards]}
