"""The output step after the last phase, for training-ready output.

Without ``shard_tokens``, ``mixture``, ``shuffle`` or ``pack`` in ``output``, the last phase
writes ``data/`` shards itself, per unit, in parallel. With any of them the last phase writes
per-unit files under ``_work/`` and this step, on the driver, streams them in unit order:
mixture (per-source weights by tokens) -> global shuffle (seeded) -> shards (by tokens, or by
rows/bytes) -> packed fixed-length sequences in ``packed/``. Every step is deterministic, so
the same input and config give the same bytes (see ``dataprep.output``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyarrow as pa

from dataprep.config import OutputSpec
from dataprep.io.fs import delete_dir_if_exists, fs_and_path, join
from dataprep.io.shards import ShardInfo, ShardWriter
from dataprep.output.formats import write_formats
from dataprep.output.mixture import (
    MixtureCounts,
    achieved_proportions,
    apply_mixture,
    plan_mixture,
)
from dataprep.output.shaping import (
    iter_tables,
    shuffle_buckets,
    shuffle_tables,
    write_packed,
    write_token_shards,
)


def finalize_output(output: OutputSpec, run_dir: str, unit_files: Sequence[str],
                    work_dir: str, *, tokenizer: tuple[str, int] | None = None
                    ) -> tuple[list[ShardInfo], dict]:
    """Write ``data/`` (and ``packed/``, and the ``output.formats``) from the last phase's
    per-unit files. ``tokenizer`` is the tokenize stage's (name, vocabulary size).

    Returns the data shards and what the manifest should record under ``output``.
    """
    fs, run_dir = fs_and_path(run_dir)
    for sub in ("data", "packed"):
        delete_dir_if_exists(fs, join(run_dir, sub))
    tables: Iterator[pa.Table] = iter_tables(fs, unit_files)
    extras: dict = {}
    growth = 1.0
    if output.mixture is not None:
        seed = output.mixture.get("seed", 0)
        plan = plan_mixture(fs, unit_files, output.mixture["weights"], seed=seed,
                            total_tokens=output.mixture.get("total_tokens"))
        tokens_in = sum(m.tokens_in for m in plan.values())
        growth = sum(m.tokens_out for m in plan.values()) / tokens_in if tokens_in else 1.0
        counts = MixtureCounts()
        tables = (apply_mixture(t, plan, seed=seed, counts=counts) for t in tables)
        # Filled in as the tables stream through (the dict is recorded after the step).
        extras["mixture"] = {"sources": {s: m.to_dict() for s, m in plan.items()},
                             "achieved": achieved_proportions(plan),
                             # Weighted sources that reached the output step without a
                             # document: a warning, not a failure.
                             "empty_sources": [s for s, m in plan.items() if not m.tokens_in]}
    if output.shuffle is not None:
        buckets = shuffle_buckets(fs, unit_files, growth=growth)
        tables = shuffle_tables(tables, fs, join(work_dir, "shuffle"),
                                seed=output.shuffle.get("seed", 0), buckets=buckets)
    if output.shard_tokens is not None:
        shards = write_token_shards(tables, fs, run_dir, "data",
                                    shard_tokens=output.shard_tokens)
    else:
        writer = ShardWriter(fs, run_dir, "data", "part", max_rows=output.shard_rows,
                             max_bytes=output.shard_bytes)
        for table in tables:
            writer.write(table)
        shards = writer.close()
    if output.pack is not None:
        packed, stats = write_packed(
            fs, [join(run_dir, s.path) for s in shards], run_dir,
            seq_len=output.pack["seq_len"],
            shard_tokens=output.pack.get("shard_tokens", output.shard_tokens or 100_000_000))
        extras["pack"] = {**stats.to_dict(), "shards": [s.to_dict() for s in packed]}
    if set(output.formats) - {"parquet"}:
        name, vocab_size = tokenizer
        source = packed if output.pack is not None else shards
        extras["formats"] = write_formats(
            fs, run_dir, [join(run_dir, s.path) for s in source], output.formats,
            vocab_size=vocab_size, tokenizer_name=name, shard_tokens=output.shard_tokens,
            packed=output.pack is not None)
    if output.mixture is not None:
        extras["mixture"]["step"] = counts.step()
        extras["mixture"]["dropped_by_source"] = dict(sorted(counts.dropped_by_source.items()))
    return shards, extras
