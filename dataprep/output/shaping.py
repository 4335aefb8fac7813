"""Training-ready output: global shuffle, source mixtures, token-sized shards, packing, loading.

Everything here works on tokenized Parquet shards (``token_ids``, ``num_tokens``, see
``dataprep.tokenize``) through plain pyarrow and numpy, streaming: memory is bounded by a batch,
a shuffle bucket, or a few bytes per document id, never by the corpus. No torch needed.

Order of the steps after the last phase, all deterministic for a seed:

1. ``plan_mixture`` / ``apply_mixture``: per-source weights by tokens (up- and down-sampling).
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
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import xxhash

from dataprep.io.fs import join, makedirs, resolve
from dataprep.io.shards import PARQUET_OPTIONS, ShardInfo, ShardWriter
from dataprep.stages import ConfigError

_UNBOUNDED = 1 << 62
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


# --- source mixtures ------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceMix:
    """How one source is sampled: ``repeats`` full copies, plus one more copy of the documents
    whose key is at most ``cutoff`` (``None``: no extra copy)."""

    source: str
    weight: float
    tokens_in: int
    tokens_out: int
    repeats: int
    cutoff: int | None

    def to_dict(self) -> dict:
        return asdict(self)


def plan_mixture(
    fs: pafs.FileSystem,
    paths: Sequence[str],
    weights: Mapping[str, float],
    *,
    seed: int = 0,
    total_tokens: int | None = None,
) -> dict[str, SourceMix]:
    """Plan sampling so that source ``s`` makes up ``weights[s]`` of the output tokens.

    The output has ``total_tokens`` tokens (default: as many as the input). A source that must
    grow is repeated whole ``floor(rate)`` times; the fractional part, and any down-sampling, takes
    the source's documents in key order (``doc_keys(id, seed, "mix")``) until the target is
    reached, to the nearest document. Reads only ``id``, ``source`` and ``num_tokens``; keeps
    a key and a count per document while planning (16 bytes each).

    Weights are normalised to sum to 1. Every source in the data needs a weight and every weight
    a source with tokens (an unlisted source is an error, not a silent drop).
    """
    if not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ConfigError("mixture: weights must be non-negative with a positive sum")
    keys: dict[str, list[np.ndarray]] = {}
    counts: dict[str, list[np.ndarray]] = {}
    for table in iter_tables(fs, paths, columns=["id", "source", "num_tokens"], batch_rows=65536):
        for source in pc.unique(table.column("source")).to_pylist():
            part = table.filter(pc.equal(table.column("source"), source))
            keys.setdefault(source, []).append(doc_keys(part.column("id"), seed, "mix"))
            counts.setdefault(source, []).append(part.column("num_tokens").to_numpy())
    missing = sorted(set(keys) - set(weights), key=str)
    if missing:
        raise ConfigError(f"mixture: no weight for source(s) {', '.join(map(str, missing))}")
    absent = sorted(s for s, w in weights.items() if w > 0 and s not in keys)
    if absent:
        raise ConfigError(f"mixture: no documents of source(s) {', '.join(absent)}")
    total_in = sum(int(np.sum(np.concatenate(c))) for c in counts.values())
    total = total_in if total_tokens is None else total_tokens
    norm = sum(weights.values())
    plan = {}
    for source in sorted(keys, key=str):
        source_keys = np.concatenate(keys[source])
        tokens = np.concatenate(counts[source]).astype(np.int64)
        order = np.argsort(source_keys, kind="stable")
        cumulative = np.cumsum(tokens[order])
        tokens_in = int(cumulative[-1]) if len(cumulative) else 0
        weight = weights[source] / norm
        target = weight * total
        repeats = int(target // tokens_in) if tokens_in else 0
        remaining = target - repeats * tokens_in
        # Number of documents (in key order) whose tokens come nearest to `remaining`.
        take = int(np.searchsorted(cumulative, remaining, side="left"))
        if take < len(cumulative):
            below = cumulative[take - 1] if take else 0
            if cumulative[take] - remaining < remaining - below:
                take += 1
        cutoff = int(source_keys[order[take - 1]]) if take else None
        extra = int(cumulative[take - 1]) if take else 0
        plan[source] = SourceMix(source, weight, tokens_in, repeats * tokens_in + extra,
                                 repeats, cutoff)
    return plan


def achieved_proportions(plan: Mapping[str, SourceMix]) -> dict[str, float]:
    """Each source's share of the output tokens, for the manifest."""
    total = sum(m.tokens_out for m in plan.values())
    return {s: (m.tokens_out / total if total else 0.0) for s, m in plan.items()}


def apply_mixture(table: pa.Table, plan: Mapping[str, SourceMix], *, seed: int = 0) -> pa.Table:
    """Repeat or drop the rows of ``table`` as ``plan`` says (same ``seed`` as the plan).

    Copy ``k >= 1`` of a document gets the id ``"<id>@<k>"``, so ids stay unique and a later
    shuffle spreads the copies apart.
    """
    if table.num_rows == 0:
        return table
    ids = table.column("id").to_pylist()
    keys = doc_keys(ids, seed, "mix")
    sources = table.column("source").to_pylist()
    copies = np.empty(len(ids), dtype=np.int64)
    for i, source in enumerate(sources):
        mix = plan[source]
        copies[i] = mix.repeats + (mix.cutoff is not None and int(keys[i]) <= mix.cutoff)
    rows = np.repeat(np.arange(len(ids)), copies)
    starts = np.cumsum(copies) - copies
    copy_index = np.arange(len(rows)) - np.repeat(starts, copies)
    out = table.take(pa.array(rows))
    new_ids = [ids[r] if k == 0 else f"{ids[r]}@{k}"
               for r, k in zip(rows.tolist(), copy_index.tolist(), strict=True)]
    return out.set_column(out.schema.get_field_index("id"), "id", pa.array(new_ids, pa.string()))


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
    writer = ShardWriter(fs, run_dir, subdir, prefix, max_rows=_UNBOUNDED, max_bytes=_UNBOUNDED)
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


# --- loading --------------------------------------------------------------------------------


class TokenBatches:
    """A PyTorch-style iterable of ``(batch_size, seq_len)`` int64 numpy arrays from shards.

    Reads ``column`` (default ``token_ids``) of the Parquet files with plain pyarrow, one batch
    of rows at a time, and cuts the concatenated stream into sequences (on ``packed/`` shards
    this returns their rows as they are). An incomplete last batch is dropped. Files are
    divided between distributed ranks (``rank``/``world_size``) and, when used inside a
    ``torch.utils.data.DataLoader`` with workers, between its workers: file ``i`` goes to
    reader ``i mod readers``. Wrap a batch with ``torch.from_numpy``.
    """

    def __init__(
        self,
        paths: Sequence[str],
        *,
        seq_len: int,
        batch_size: int,
        rank: int = 0,
        world_size: int = 1,
        column: str = "token_ids",
    ):
        if not 0 <= rank < world_size:
            raise ValueError("rank must be in [0, world_size)")
        self.paths = list(paths)
        self.seq_len = seq_len
        self.batch_size = batch_size
        self.rank = rank
        self.world_size = world_size
        self.column = column

    def _my_paths(self) -> list[str]:
        reader, readers = self.rank, self.world_size
        # Only consult torch when the caller already imported it: it is not a dependency.
        torch = sys.modules.get("torch")
        info = torch.utils.data.get_worker_info() if torch is not None else None
        if info is not None:
            reader, readers = reader * info.num_workers + info.id, readers * info.num_workers
        return self.paths[reader::readers]

    def __iter__(self) -> Iterator[np.ndarray]:
        paths = self._my_paths()
        if not paths:
            return
        fs, _ = resolve(paths[0])
        local = [resolve(p)[1] for p in paths]
        columns = (t.column(self.column) for t in iter_tables(fs, local, columns=[self.column]))
        pending: list[np.ndarray] = []
        rows = 0
        for block in pack_stream(columns, self.seq_len):
            pending.append(block)
            rows += len(block)
            if rows >= self.batch_size:
                sequences = np.concatenate(pending).astype(np.int64)
                full = rows // self.batch_size * self.batch_size
                yield from sequences[:full].reshape(-1, self.batch_size, self.seq_len)
                pending, rows = [sequences[full:]], rows - full
