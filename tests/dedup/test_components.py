import numpy as np
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components as scipy_components

from dataprep.dedup.components import connected_components, write_edges
from dataprep.dedup.shuffle import Shuffle, read_partition
from dataprep.runners.inline import InlineExecutor


def labels_of(tmp_path, src, dst, num_parts, files=3):
    """Run the file-based components; returns node -> root for every non-root node."""
    chunks = np.array_split(np.arange(len(src)), files)
    paths = []
    for k, chunk in enumerate(chunks):
        path = str(tmp_path / f"edges-{k}.parquet")
        write_edges(src[chunk], dst[chunk], num_parts, path)
        paths.append(path)
    labels = {}
    with Shuffle(str(tmp_path / "cc"), InlineExecutor(), []) as shuffle:
        label_files = connected_components(shuffle, paths, num_parts)
        for unit in range(0, 8):
            table = read_partition(label_files, unit, ["node", "root"])
            labels.update(zip(table.column("node").to_pylist(),
                              table.column("root").to_pylist(), strict=True))
    assert not (tmp_path / "cc" / "shuffle").exists()  # the rounds' files are gone
    return labels


def expected_labels(src, dst):
    nodes, inverse = np.unique(np.concatenate([src, dst]), return_inverse=True)
    n = len(nodes)
    graph = coo_matrix((np.ones(len(src)), (inverse[:len(src)], inverse[len(src):])), (n, n))
    _, component = scipy_components(graph, directed=False)
    root = {}
    for node, c in zip(nodes, component, strict=True):
        root.setdefault(c, node)  # nodes are sorted: the first seen is the smallest
    return {int(x): int(root[c]) for x, c in zip(nodes, component, strict=True)
            if x != root[c]}


def test_path_graph_reversed_ids(tmp_path):
    # A long chain is the worst case for label propagation; star contraction handles it.
    n = 200
    src = np.arange(n - 1, 0, -1, dtype=np.int64)
    dst = src - 1
    assert labels_of(tmp_path, src, dst, num_parts=4) == {i: 0 for i in range(1, n)}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_graphs_match_scipy(tmp_path, seed):
    rng = np.random.default_rng(seed)
    # Node ids spread over several units (unit << 32 | row), as in the dedup stages.
    nodes = (rng.integers(0, 5, 400).astype(np.int64) << 32) | rng.integers(0, 1000, 400)
    src = rng.choice(nodes, 300)
    dst = rng.choice(nodes, 300)
    got = labels_of(tmp_path, src, dst, num_parts=5)
    assert got == expected_labels(src[src != dst], dst[src != dst])


def test_no_edges(tmp_path):
    empty = np.zeros(0, np.int64)
    assert labels_of(tmp_path, empty, empty, num_parts=2, files=1) == {}
