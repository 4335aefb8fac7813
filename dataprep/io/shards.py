"""Writing bounded, zstd-compressed Parquet shards, each committed by rename."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from dataprep.io.fs import join, makedirs, temp_name

PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3}
ROW_GROUP_ROWS = 10_000
# A shard limit that is never reached: one shard for everything written.
UNBOUNDED = 1 << 62


@dataclass(frozen=True)
class ShardInfo:
    """One committed shard, as listed in the manifest (``path`` relative to the run dir)."""

    path: str
    rows: int
    bytes: int
    sha256: str
    tokens: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def file_sha256(fs: pafs.FileSystem, path: str) -> str:
    digest = hashlib.sha256()
    with fs.open_input_stream(path) as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class ShardWriter:
    """Streams tables into ``<directory>/<prefix>-NNNN.parquet`` shards of bounded size.

    A shard is closed once it holds ``max_rows`` rows or about ``max_bytes`` of uncompressed
    Arrow data; the bytes bound is approximate (tables are split by their average row size).
    """

    def __init__(self, fs: pafs.FileSystem, run_dir: str, subdir: str, prefix: str, *,
                 max_rows: int, max_bytes: int):
        self.fs = fs
        self.run_dir = run_dir
        self.subdir = subdir
        self.prefix = prefix
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.shards: list[ShardInfo] = []
        self._writer: pq.ParquetWriter | None = None
        self._tmp = ""
        self._rows = 0
        self._bytes = 0
        self._tokens = 0

    def write(self, table: pa.Table) -> None:
        while table.num_rows:
            if self._writer is None:
                self._open(table.schema)
            room_rows = self.max_rows - self._rows
            row_bytes = max(1, table.nbytes // table.num_rows)
            room_by_bytes = max(1, (self.max_bytes - self._bytes) // row_bytes)
            take = min(table.num_rows, room_rows, room_by_bytes)
            part = table.slice(0, take)
            self._writer.write_table(part, row_group_size=ROW_GROUP_ROWS)
            self._rows += take
            self._bytes += part.nbytes
            if "num_tokens" in part.column_names:
                self._tokens += int(pc.sum(part.column("num_tokens")).as_py() or 0)
            table = table.slice(take)
            if self._rows >= self.max_rows or self._bytes >= self.max_bytes:
                self._commit()

    def close(self) -> list[ShardInfo]:
        if self._writer is not None:
            self._commit()
        return self.shards

    def _open(self, schema: pa.Schema) -> None:
        directory = join(self.run_dir, self.subdir)
        makedirs(self.fs, directory)
        final = join(directory, f"{self.prefix}-{len(self.shards):04d}.parquet")
        self._tmp = temp_name(final)
        self._writer = pq.ParquetWriter(self._tmp, schema, filesystem=self.fs, **PARQUET_OPTIONS)
        self._rows = self._bytes = self._tokens = 0

    def _commit(self) -> None:
        assert self._writer is not None
        self._writer.close()
        self._writer = None
        name = f"{self.prefix}-{len(self.shards):04d}.parquet"
        final = join(self.run_dir, self.subdir, name)
        self.fs.move(self._tmp, final)
        size = self.fs.get_file_info(final).size
        self.shards.append(ShardInfo(path=f"{self.subdir}/{name}", rows=self._rows, bytes=size,
                                     sha256=file_sha256(self.fs, final), tokens=self._tokens))
