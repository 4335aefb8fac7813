"""Source mixtures: per-source weights by tokens, by up- and down-sampling documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs

from dataprep.errors import ConfigError
from dataprep.output.shaping import doc_keys, iter_tables


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

