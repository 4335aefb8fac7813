"""Connected components of a duplicate graph held in hash-partitioned files.

Alternating Large-Star / Small-Star (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii,
"Connected Components in MapReduce and Beyond", SoCC 2014, §3): each operation is one shuffle
round in which a task sees only the edges of the nodes hashed to its partition. Both operations
keep the connectivity and make every node point closer to its component's minimum; the graph
converges to one star per component whose centre is the smallest node id, in O(log^2 n) rounds
(a few in practice). The smallest node id is the first document in input order, which is the
survivor rule of the dedup stages.

Memory per task is the edges of one partition plus, once a component has contracted into a star,
that whole star in the partition of its centre: it is bounded by the partition size and the
largest duplicate cluster, not by the corpus.

Convergence test (run inside Large-Star on its input): the graph is a union of stars centred on
their minimum exactly when every node either has only larger neighbours (a centre) or has a single
neighbour that is smaller (a leaf).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from dataprep.dedup.shuffle import (
    Inputs,
    Shuffle,
    ShuffleTask,
    hash_partition,
    read_partition,
    run_starts,
    unit_of,
    write_partitioned,
)

MAX_ROUNDS = 64


def write_edges(src: np.ndarray, dst: np.ndarray, num_parts: int, path: str) -> int:
    """Write undirected edges in the layout a component round reads: both directions, rows
    ``(u, v)`` partitioned by ``u``. Self-loops are dropped. Returns the number of edges."""
    keep = src != dst
    src, dst = src[keep], dst[keep]
    u = np.concatenate([src, dst])
    v = np.concatenate([dst, src])
    table = pa.table({"u": pa.array(u, pa.int64()), "v": pa.array(v, pa.int64())})
    write_partitioned(table, hash_partition(u, num_parts), path)
    return len(src)


def _grouped_edges(paths: Sequence[str], part: int) -> tuple[np.ndarray, np.ndarray]:
    """Unique (u, v) rows of one partition, sorted by u then v."""
    table = read_partition(paths, part, ["u", "v"])
    u = table.column("u").to_numpy()
    v = table.column("v").to_numpy()
    order = np.lexsort((v, u))
    fresh = run_starts(u[order], v[order])
    return u[order][fresh], v[order][fresh]


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index of each run of equal consecutive keys, and each row's run number."""
    starts = run_starts(keys)
    return np.flatnonzero(starts), np.cumsum(starts) - 1


LABELS = "labels"  # the side output of a Large-Star task whose partition is a union of stars


def _large_star(task: ShuffleTask) -> bool:
    """Large-Star on one partition; writes its output and, if the partition is already a union
    of stars, the (leaf, centre) labels. Returns whether it was."""
    u, v = _grouped_edges(task.inputs, task.part)
    starts, run = _runs(u)
    first_neighbour = v[starts]  # the smallest neighbour of each node (v sorted within u)
    degree = np.diff(np.concatenate([starts, [len(u)]]))
    node = u[starts]
    centre = first_neighbour > node
    leaf = (degree == 1) & (first_neighbour < node)
    is_star = bool(np.all(centre | leaf))
    if is_star:
        leaves, roots = node[leaf], first_neighbour[leaf]
        table = pa.table({"node": pa.array(leaves, pa.int64()),
                          "root": pa.array(roots, pa.int64())})
        # Labels go next to the unit of the survivor, whose id string is looked up there.
        write_partitioned(table, unit_of(roots), task.side_output(LABELS))
    smallest = np.minimum(node, first_neighbour)[run]
    larger = v > u
    big, small = v[larger], smallest[larger]
    table = pa.table({"u": pa.array(big, pa.int64()), "v": pa.array(small, pa.int64())})
    write_partitioned(table, hash_partition(big, task.num_parts), task.output)
    return is_star


def _small_star(task: ShuffleTask) -> bool:
    """Small-Star on one partition of (big, small) rows: links every node and its smaller
    neighbours to the smallest of them."""
    u, v = _grouped_edges(task.inputs, task.part)
    starts, run = _runs(u)
    smallest = v[starts][run]  # v < u on every row, so min(N(u) | {u}) is the first v
    src = np.concatenate([v, u[starts]])
    dst = np.concatenate([smallest, v[starts]])
    write_edges(src, dst, task.num_parts, task.output)
    return True


def connected_components(shuffle: Shuffle, edges: Inputs, num_parts: int) -> tuple[str, ...]:
    """Label every non-minimal node of every component with its component's smallest node.

    ``edges`` are written with ``write_edges(..., num_parts, ...)``. Returns the label files:
    rows ``(node, root)`` partitioned by ``unit_of(root)``. Each round is two steps of
    ``shuffle`` (``cc-<round>-large``, ``cc-<round>-small``), so a retried task or a re-run
    gives the same labels.
    """
    for round_index in range(MAX_ROUNDS):
        step = f"cc-{round_index:03d}"
        large = shuffle.per_partition(f"{step}-large", _large_star, edges, num_parts,
                                      out_parts=num_parts)
        if all(large.results):
            return large.side_files(LABELS)
        edges = shuffle.per_partition(f"{step}-small", _small_star, large, num_parts,
                                      out_parts=num_parts)
    raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")
