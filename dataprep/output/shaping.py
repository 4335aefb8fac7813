"""Training-ready output: global shuffle, token-sized shards, packing.

Everything here (and in ``dataprep.output.mixture`` and ``.loader``) works on tokenized Parquet
shards (``token_ids``, ``num_tokens``, see ``dataprep.tokenization``) through plain pyarrow and
numpy, streaming: memory is bounded by a batch, a shuffle bucket, or a few bytes per document
id, never by the corpus. No torch needed.

Order of the steps after the last phase, all deterministic for a seed:

1. ``plan_mixture`` / ``apply_mixture`` (``dataprep.output.mixture``): per-source weights by
   tokens (up- and down-sampling).
2. ``shuffle_tables``: a global shuffle of documents.
3. ``write_token_shards``: shards of at most ``shard_tokens`` tokens.
4. ``write_packed``: documents concatenated (each already ends with EOS) and cut into rows of
   exactly ``seq_len`` tokens.

Randomness is a hash, not a generator: a document's shuffle position and its selection in a
mixture come from ``xxh64(salt + id, seed)``, so they do not depend on how the corpus was split
into units or on the numpy version, and the same input and seed give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import xxhash

from dataprep.errors import ConfigError
from dataprep.io.fs import join, makedirs
from dataprep.io.shards import PARQUET_OPTIONS, UNBOUNDED, ShardInfo, ShardWriter

_KEY = "__shuffle_key"


def doc_keys(ids: Sequence[str] | pa.Array | pa.ChunkedArray, seed: int, salt: str) -> np.ndarray:
    """64-bit pseudo-random keys of document ids: the same id, seed and salt give the same key."""
    if not isinstance(ids, Sequence):
        ids = ids.to_pylist()
    prefix = salt.encode() + b"\0"
    return np.fromiter(
        (xxhash.xxh64_intdigest(prefix + i.encode(), seed) for i in ids),
        dtype=np.uint64, count=len(ids),
    )


def iter_tables(
    fs: pafs.FileSystem, paths: Sequence[str], *, columns: Sequence[str] | None = None,
    batch_rows: int = 4096,
) -> Iterator[pa.Table]:
    """Stream Parquet files as tables of at most ``batch_rows`` rows, in order."""
    for path in paths:
        with fs.open_input_file(path) as f:
            parquet = pq.ParquetFile(f)
            for batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
                yield pa.Table.from_batches([batch])



# --- global shuffle -------------------------------------------------------------------------


def shuffle_buckets(fs: pafs.FileSystem, paths: Sequence[str], *,
                    bucket_bytes: int = 256 << 20, growth: float = 1.0) -> int:
    """Buckets needed so that one bucket of ``paths`` (uncompressed, times ``growth``, e.g. the
    mixture's output/input token ratio) holds about ``bucket_bytes``."""
    total = 0
    for path in paths:
        with fs.open_input_file(path) as f:
            metadata = pq.ParquetFile(f).metadata
            total += sum(metadata.row_group(i).total_byte_size
                         for i in range(metadata.num_row_groups))
    return max(1, math.ceil(total * growth / bucket_bytes))


def shuffle_tables(
    tables: Iterable[pa.Table],
    fs: pafs.FileSystem,
    work_dir: str,
    *,
    seed: int,
    buckets: int = 1,
    batch_rows: int = 4096,
) -> Iterator[pa.Table]:
    """Yield the rows of ``tables`` sorted by ``doc_keys(id, seed, "shuffle")``: a global shuffle.

    With ``buckets > 1`` it is an external shuffle: rows are spilled to one Parquet file per key
    range under ``work_dir``, then each bucket is loaded, sorted and yielded, so memory is one
    bucket (see ``shuffle_buckets``). The order is the same for any number of buckets. Ties
    (repeated ids) keep their input order.
    """
    if buckets == 1:
        table = _concat([_with_keys(t, seed) for t in tables])
        if table is not None:
            yield from _sorted_slices(table, batch_rows)
        return
    makedirs(fs, work_dir)
    writers: dict[int, pq.ParquetWriter] = {}
    bucket_paths = [join(work_dir, f"shuffle-{b:05d}.parquet") for b in range(buckets)]
    try:
        for table in tables:
            table = _with_keys(table, seed)
            # High 32 bits times `buckets` stays below 2**64: contiguous key ranges per bucket.
            high = table.column(_KEY).to_numpy() >> np.uint64(32)
            bucket_of = (high * np.uint64(buckets)) >> np.uint64(32)
            for b in np.unique(bucket_of).tolist():
                if b not in writers:
                    writers[b] = pq.ParquetWriter(bucket_paths[b], table.schema, filesystem=fs,
                                                  **PARQUET_OPTIONS)
                writers[b].write_table(table.filter(pa.array(bucket_of == b)))
    finally:
        for writer in writers.values():
            writer.close()
    for b in sorted(writers):
        with fs.open_input_file(bucket_paths[b]) as f:
            bucket = pq.read_table(f)
        fs.delete_file(bucket_paths[b])
        yield from _sorted_slices(bucket, batch_rows)


def _with_keys(table: pa.Table, seed: int) -> pa.Table:
    return table.append_column(_KEY, pa.array(doc_keys(table.column("id"), seed, "shuffle")))


def _sorted_slices(table: pa.Table, batch_rows: int) -> Iterator[pa.Table]:
    order = np.argsort(table.column(_KEY).to_numpy(), kind="stable")
    table = table.take(pa.array(order)).drop_columns([_KEY])
    for start in range(0, table.num_rows, batch_rows):
        yield table.slice(start, batch_rows)


def _concat(tables: list[pa.Table]) -> pa.Table | None:
    return pa.concat_tables(tables, promote_options="permissive") if tables else None


# --- token-sized shards ---------------------------------------------------------------------


def write_token_shards(
    tables: Iterable[pa.Table],
    fs: pafs.FileSystem,
    run_dir: str,
    subdir: str,
    *,
    shard_tokens: int,
    prefix: str = "part",
) -> list[ShardInfo]:
    """Write tokenized tables as shards of at most ``shard_tokens`` tokens (``num_tokens``).

    Shards are cut between rows, so a shard is never over budget unless a single document is
    (then it is alone in its shard); each is committed by rename (``ShardWriter``).
    """
    if shard_tokens < 1:
        raise ConfigError("shard_tokens must be positive")
    writer = ShardWriter(fs, run_dir, subdir, prefix, max_rows=UNBOUNDED, max_bytes=UNBOUNDED)
    used = 0
    for table in tables:
        while table.num_rows:
            cumulative = np.cumsum(table.column("num_tokens").to_numpy().astype(np.int64))
            fit = int(np.searchsorted(cumulative, shard_tokens - used, side="right"))
            if fit == 0 and used == 0:
                fit = 1  # a document larger than a whole shard
            if fit:
                writer.write(table.slice(0, fit))
                used += int(cumulative[fit - 1])
                table = table.slice(fit)
            if table.num_rows:
                # close() commits the open shard; the next write opens the next one.
                writer.close()
                used = 0
    return writer.close()


# --- packing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackStats:
    """What packing did: every input token is in a sequence except ``tokens_dropped``, the
    final ``tokens_in mod seq_len`` tokens of the stream (fewer than one sequence)."""

    seq_len: int
    tokens_in: int
    sequences: int
    tokens_dropped: int

    def to_dict(self) -> dict:
        return asdict(self)


def pack_stream(
    token_lists: Iterable[pa.Array | pa.ChunkedArray], seq_len: int
) -> Iterator[np.ndarray]:
    """Concatenate document token lists in order and yield ``(n, seq_len)`` arrays; the final
    remainder of fewer than ``seq_len`` tokens is not yielded."""
    carry: np.ndarray | None = None
    for lists in token_lists:
        if isinstance(lists, pa.ChunkedArray):
            lists = lists.combine_chunks()
        flat = lists.flatten().to_numpy()
        stream = flat if carry is None else np.concatenate([carry, flat])
        full = len(stream) // seq_len * seq_len
        if full:
            yield stream[:full].reshape(-1, seq_len)
        carry = stream[full:]


def write_packed(
    fs: pafs.FileSystem,
    paths: Sequence[str],
    run_dir: str,
    *,
    seq_len: int,
    shard_tokens: int,
    subdir: str = "packed",
    prefix: str = "part",
) -> tuple[list[ShardInfo], PackStats]:
    """Pack the ``token_ids`` of ``paths`` (in order) into ``<subdir>/`` shards of fixed-length
    rows (``token_ids`` of exactly ``seq_len``, ``num_tokens`` = ``seq_len``).

    Documents already end with EOS (the ``tokenize`` stage), so the sequences are EOS-joined
    documents; a document may start in one sequence and end in the next. Nothing is padded;
    the last ``tokens_in mod seq_len`` tokens are dropped (``PackStats.tokens_dropped``), as in
    GPT-style pretraining data preparation.
    """
    if seq_len < 1:
        raise ConfigError("pack: seq_len must be positive")
    tokens_in = 0

    def token_lists() -> Iterator[pa.ChunkedArray]:
        nonlocal tokens_in
        for table in iter_tables(fs, paths, columns=["token_ids"]):
            tokens_in += int(pc.sum(pc.list_value_length(table.column("token_ids"))).as_py() or 0)
            yield table.column("token_ids")

    def sequence_tables() -> Iterator[pa.Table]:
        for block in pack_stream(token_lists(), seq_len):
            offsets = np.arange(0, block.size + 1, seq_len, dtype=np.int32)
            yield pa.table({
                "token_ids": pa.ListArray.from_arrays(offsets, block.reshape(-1)),
                "num_tokens": pa.array(np.full(len(block), seq_len, dtype=np.int32)),
            })

    shards = write_token_shards(sequence_tables(), fs, run_dir, subdir,
                                shard_tokens=max(shard_tokens, seq_len), prefix=prefix)
    sequences = sum(s.rows for s in shards)
    return shards, PackStats(seq_len, tokens_in, sequences, tokens_in - sequences * seq_len)
