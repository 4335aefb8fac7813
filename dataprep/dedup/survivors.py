"""Which member of each duplicate cluster survives, and how big each cluster is.

Input: label files of ``(node, root)`` rows partitioned by ``unit_of(root)``, one row per
non-root member, ``root`` being the cluster's smallest node (what exact dedup's grouping and the
connected components give). Three shuffles of the duplicates (never of the whole corpus):

1. per root unit: add a ``(root, root)`` row per cluster, route every row to its node's unit;
2. per node unit: attach the node's ``weight`` and ``priority`` from its collected file, route
   to the root's unit;
3. per root unit: per cluster, the survivor is the member with the highest priority (ties: the
   smallest node, i.e. first in input order), and the cluster size is the sum of the weights.

Output: ``(node, root, size)`` files partitioned by ``unit_of(root)``, ``root`` now the
survivor, with one row ``(survivor, survivor, size)`` per cluster: the input of
``decisions.write_decisions``.

``weight`` is the ``dup_cluster_size`` a document already carries (1 otherwise), so fuzzy dedup
after exact dedup counts every exact copy; ``priority`` is 0 (``keep: first``), the text length
(``longest``) or ``quality_score`` (``quality``).
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dataprep.dedup.shuffle import (
    Inputs,
    Shuffle,
    ShuffleTask,
    Step,
    read_columns,
    read_partition,
    row_of,
    run_starts,
    unit_of,
    write_partitioned,
)
from dataprep.errors import ConfigError

Keep = Literal["first", "longest", "quality"]
KEEP_CHOICES = get_args(Keep)
CLUSTER_SIZE = "dup_cluster_size"


def survivor_columns(table: pa.Table, keep: Keep, stage: str) -> dict[str, pa.Array]:
    """The ``weight`` and ``priority`` columns ``collect`` stores for ``keep``."""
    if CLUSTER_SIZE in table.column_names:
        weight = pc.fill_null(table.column(CLUSTER_SIZE), 1).cast(pa.int64())
    else:
        weight = pa.array(np.ones(table.num_rows, np.int64))
    if keep == "first":
        priority = pa.array(np.zeros(table.num_rows))
    elif keep == "longest":
        priority = pc.fill_null(pc.utf8_length(table.column("text")), 0).cast(pa.float64())
    elif "quality_score" in table.column_names:
        priority = pc.fill_null(table.column("quality_score"), -np.inf).cast(pa.float64())
    else:
        raise ConfigError(f"{stage}: keep: quality needs a quality_score column "
                          "(put the quality classifier stage before it)")
    return {"weight": weight, "priority": priority}


def _route_members(task: ShuffleTask) -> int:
    """Step 1: every member of the clusters rooted in this unit, routed to its own unit."""
    labels = read_partition(task.inputs, task.part, ["node", "root"])
    nodes, roots = labels.column("node").to_numpy(), labels.column("root").to_numpy()
    distinct = np.unique(roots)
    nodes, roots = np.concatenate([nodes, distinct]), np.concatenate([roots, distinct])
    table = pa.table({"node": pa.array(nodes, pa.int64()), "root": pa.array(roots, pa.int64())})
    return write_partitioned(table, unit_of(nodes), task.output)


def _attach_values(task: ShuffleTask) -> int:
    """Step 2: the node's weight and priority, from its collected file."""
    members = read_partition(task.inputs, task.part, ["node", "root"])
    values = read_columns(task.collected, ["weight", "priority"])
    rows = pa.array(row_of(members.column("node").to_numpy()))
    table = members.append_column("weight", values.column("weight").take(rows)).append_column(
        "priority", values.column("priority").take(rows))
    return write_partitioned(table, unit_of(members.column("root").to_numpy()), task.output)


def _choose_survivors(task: ShuffleTask) -> int:
    """Step 3: per cluster, the survivor and the size; rows keyed by the new root's unit."""
    table = read_partition(task.inputs, task.part, ["node", "root", "weight", "priority"])
    node, root = table.column("node").to_numpy(), table.column("root").to_numpy()
    weight = table.column("weight").to_numpy()
    priority = table.column("priority").to_numpy()
    # Within a cluster: highest priority first, then smallest node.
    order = np.lexsort((node, -priority, root))
    node, root, weight = node[order], root[order], weight[order]
    starts = run_starts(root)
    cluster = np.cumsum(starts) - 1
    survivor = node[np.flatnonzero(starts)][cluster]
    size = np.add.reduceat(weight, np.flatnonzero(starts))[cluster] if len(node) else weight
    out = pa.table({"node": pa.array(node, pa.int64()), "root": pa.array(survivor, pa.int64()),
                    "size": pa.array(size, pa.int64())})
    return write_partitioned(out, unit_of(survivor), task.output)


def choose_survivors(shuffle: Shuffle, labels: Inputs) -> Step:
    """Survivor and size of every cluster from the ``labels`` files (see the module
    docstring): the ``(node, root, size)`` files, partitioned by ``unit_of(root)``."""
    members = shuffle.per_unit("survivors-members", _route_members, labels)
    valued = shuffle.per_unit("survivors-values", _attach_values, members)
    return shuffle.per_unit("survivors", _choose_survivors, valued)
