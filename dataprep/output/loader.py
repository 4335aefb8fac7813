"""Reading training-ready shards back as fixed-length batches, without torch."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence

import numpy as np

from dataprep.io.fs import fs_and_path
from dataprep.output.shaping import iter_tables, pack_stream


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
        fs, _ = fs_and_path(paths[0])
        local = [fs_and_path(p)[1] for p in paths]
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
