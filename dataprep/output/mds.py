"""MosaicML Streaming (MDS) shards with one ``tokens`` column, as llm-foundry's token datasets.

Layout, from mosaicml-streaming's ``MDSWriter`` (format version 2, no compression): a shard
``shard.NNNNN.mds`` is the sample count (uint32), the byte offset of every sample and of the
end (uint32, from the start of the file), the shard's config as JSON, then the samples. A
sample of one variable-size column is its size (uint32) and its bytes; the column's encoding
``ndarray:int32`` stores a 1-D array as one byte ``(ndim << 2) | shape-type`` (shape-type: 0
uint8, 1 uint16, 2 uint32, 3 uint64), the length in that type, and the values.
``index.json`` lists every shard with its config, sample count and size; it is written last,
so a reader that finds it finds every shard. Tokens are int32, as llm-foundry's converter
writes them (``StreamingTextDataset`` reads the column as is).

A shard is built in memory up to ``size_limit`` bytes (64 MiB, streaming's default), then
written under a temporary name and renamed.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow.fs as pafs

from dataprep.io.fs import join, makedirs, temp_name, write_bytes_atomic
from dataprep.output.writers import FormatShard

MDS_SIZE_LIMIT = 1 << 26
COLUMN = "tokens"
ENCODING = "ndarray:int32"
_SHAPE_TYPES = (np.uint8, np.uint16, np.uint32, np.uint64)


def shard_config(size_limit: int) -> dict:
    """The per-shard config streaming's reader checks, in its key order (sorted)."""
    return {"column_encodings": [ENCODING], "column_names": [COLUMN], "column_sizes": [None],
            "compression": None, "format": "mds", "hashes": [], "size_limit": size_limit,
            "version": 2}


def encode_tokens(tokens: np.ndarray) -> bytes:
    """One sample: the column size, then the ``ndarray:int32`` encoding of ``tokens``."""
    length = len(tokens)
    kind = next(i for i, t in enumerate(_SHAPE_TYPES) if length <= np.iinfo(t).max)
    body = (bytes([(1 << 2) | kind]) + np.array([length], _SHAPE_TYPES[kind]).tobytes()
            + tokens.astype("<i4", copy=False).tobytes())
    return np.uint32(len(body)).tobytes() + body


class MdsWriter:
    """Streams documents (or packed sequences) into ``<subdir>/shard.NNNNN.mds`` + index.json.

    Empty token lists cannot be encoded (streaming needs every dimension >= 1): they are
    counted in ``skipped_empty`` and left out.
    """

    def __init__(self, fs: pafs.FileSystem, run_dir: str, subdir: str, *,
                 size_limit: int = MDS_SIZE_LIMIT):
        self.fs = fs
        self.directory = join(run_dir, subdir)
        self.subdir = subdir
        self.size_limit = size_limit
        self.config = shard_config(size_limit)
        self.config_bytes = json.dumps(self.config, sort_keys=True).encode("utf-8")
        self.shards: list[FormatShard] = []
        self.index: list[dict] = []
        self.skipped_empty = 0
        self._samples: list[bytes] = []
        self._size = 0
        self._tokens = 0

    def write(self, lengths: np.ndarray, flat: np.ndarray) -> None:
        ends = np.cumsum(lengths, dtype=np.int64)
        starts = ends - lengths
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end == start:
                self.skipped_empty += 1
                continue
            sample = encode_tokens(flat[start:end])
            # 4 bytes of offset per sample, 8 (count and end offset) and the config per shard.
            if self._samples and (8 + len(self.config_bytes) + self._size + len(sample)
                                  + 4 * (len(self._samples) + 1)) > self.size_limit:
                self._commit()
            self._samples.append(sample)
            self._size += len(sample)
            self._tokens += end - start

    def close(self) -> list[FormatShard]:
        if self._samples:
            self._commit()
        makedirs(self.fs, self.directory)
        text = json.dumps({"shards": self.index, "version": 2}, sort_keys=True)
        write_bytes_atomic(self.fs, join(self.directory, "index.json"), text.encode("utf-8"))
        return self.shards

    def _commit(self) -> None:
        count = len(self._samples)
        head = 4 + 4 * (count + 1) + len(self.config_bytes)
        offsets = np.zeros(count + 1, dtype="<u4")
        np.cumsum([len(s) for s in self._samples], out=offsets[1:])
        offsets += head
        name = f"shard.{len(self.shards):05d}.mds"
        data = b"".join([np.uint32(count).tobytes(), offsets.tobytes(), self.config_bytes,
                         *self._samples])
        makedirs(self.fs, self.directory)
        final = join(self.directory, name)
        tmp = temp_name(final)
        with self.fs.open_output_stream(tmp) as f:
            f.write(data)
        self.fs.move(tmp, final)
        self.index.append({**self.config, "raw_data": {"basename": name, "bytes": len(data),
                                                        "hashes": {}},
                           "samples": count, "zip_data": None})
        self.shards.append(FormatShard(f"{self.subdir}/{name}", count, self._tokens, len(data)))
        self._samples, self._size, self._tokens = [], 0, 0
