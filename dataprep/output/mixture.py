"""Source mixtures: per-source weights by tokens, by up- and down-sampling documents."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs

from dataprep.errors import ConfigError
from dataprep.output.shaping import doc_keys, iter_tables
from dataprep.schema import set_column

log = logging.getLogger(__name__)
# The reason counted for documents the mixture's weights leave out.
DOWNSAMPLED = "mixture:downsampled"


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

    Weights are normalised to sum to 1 over the sources that have documents. Every source in
    the data needs a weight (an unlisted source is an error, not a silent drop); a weighted
    source without documents gets a zero plan and a logged warning (the output step lists it
    in the manifest's ``output.mixture.empty_sources``): the filters may remove a whole source.
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
    absent = sorted({s for s, w in weights.items() if w > 0} - set(keys))
    if absent:
        log.warning("mixture: no documents of source(s) %s; the other sources share the "
                    "output", ", ".join(absent))
    total_in = sum(int(np.sum(np.concatenate(c))) for c in counts.values())
    total = total_in if total_tokens is None else total_tokens
    norm = sum(weights[s] for s in keys) or 1.0
    plan = {s: SourceMix(s, 0.0, 0, 0, 0, None) for s in absent}
    for source in keys:
        plan[source] = _source_plan(source, np.concatenate(keys[source]),
                                    np.concatenate(counts[source]).astype(np.int64),
                                    weights[source] / norm, total)
    return dict(sorted(plan.items(), key=lambda item: str(item[0])))


def _source_plan(source: str, source_keys: np.ndarray, tokens: np.ndarray, weight: float,
                 total: int) -> SourceMix:
    """Repeats and key cutoff that give ``source`` the share ``weight`` of ``total`` tokens."""
    order = np.argsort(source_keys, kind="stable")
    cumulative = np.cumsum(tokens[order])
    tokens_in = int(cumulative[-1]) if len(cumulative) else 0
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
    return SourceMix(source, weight, tokens_in, repeats * tokens_in + extra, repeats, cutoff)


def achieved_proportions(plan: Mapping[str, SourceMix]) -> dict[str, float]:
    """Each source's share of the output tokens, for the manifest."""
    total = sum(m.tokens_out for m in plan.values())
    return {s: (m.tokens_out / total if total else 0.0) for s, m in plan.items()}


def apply_mixture(table: pa.Table, plan: Mapping[str, SourceMix], *, seed: int = 0,
                  counts: MixtureCounts | None = None) -> pa.Table:
    """Repeat or drop the rows of ``table`` as ``plan`` says (same ``seed`` as the plan),
    adding what it kept and dropped to ``counts``.

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
    if counts is not None:
        counts.add(table, copies)
    rows = np.repeat(np.arange(len(ids)), copies)
    starts = np.cumsum(copies) - copies
    copy_index = np.arange(len(rows)) - np.repeat(starts, copies)
    out = table.take(pa.array(rows))
    new_ids = [ids[r] if k == 0 else f"{ids[r]}@{k}"
               for r, k in zip(rows.tolist(), copy_index.tolist(), strict=True)]
    return set_column(out, "id", pa.array(new_ids, pa.string()))


@dataclass
class MixtureCounts:
    """Documents into and out of the mixture, and those it dropped, per source: downsampled
    documents are counted here (the manifest's ``mixture`` step), not kept in ``rejected/``.
    """

    rows_in: int = 0
    rows_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    dropped_by_source: dict[str, int] = field(default_factory=dict)

    def add(self, table: pa.Table, copies: np.ndarray) -> None:
        sizes = pc.fill_null(pc.binary_length(table.column("text")), 0).to_numpy(
            zero_copy_only=False)
        self.rows_in += table.num_rows
        self.rows_out += int(copies.sum())
        self.bytes_in += int(sizes.sum())
        self.bytes_out += int((sizes * copies).sum())
        sources = np.asarray(table.column("source").to_pylist(), dtype=object)
        for source in sorted(set(sources[copies == 0].tolist())):
            n = int(np.sum((copies == 0) & (sources == source)))
            self.dropped_by_source[source] = self.dropped_by_source.get(source, 0) + n

    def step(self) -> dict:
        """The mixture as a step of the manifest's ``stages`` (``StepCounts`` fields)."""
        dropped = sum(self.dropped_by_source.values())
        return {"stage": "mixture", "rows_in": self.rows_in, "rows_out": self.rows_out,
                "bytes_in": self.bytes_in, "bytes_out": self.bytes_out,
                "dropped": {DOWNSAMPLED: dropped} if dropped else {}}

