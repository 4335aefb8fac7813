"""Streaming writers of token files for training frameworks: Megatron and nanotron/datatrove.

Both take documents as (lengths, concatenated tokens) and cut shards between documents at
``shard_tokens`` (a document larger than a shard is alone in its shard). A shard's data file is
streamed to a temporary name; its index (a few bytes per document, kept until the shard
closes) is written when it closes, and the files are renamed data first, index last, so a
reader that finds the index finds complete data. Memory is the index of one open shard.

Layouts, from the formats' own specifications:

* Megatron-Core ``IndexedDataset`` (``megatron/core/datasets/indexed_dataset.py``): ``.bin`` is
  the tokens, little-endian, of the dtype the index names; ``.idx`` is the header
  ``b"MMIDIDX\\x00\\x00"``, version ``<Q`` = 1, dtype code ``<B`` (8 = uint16, 4 = int32),
  sequence count ``<Q``, document count + 1 ``<Q``, then per sequence its length (int32) and
  its byte offset in ``.bin`` (int64), then the document index (int64, first sequence of each
  document, and the sequence count last). One sequence per document here.
* datatrove's tokenized files, read by nanotron (``datatrove/pipeline/tokens/tokenizer.py``):
  ``<name>_NNNNN.ds`` is the tokens (uint16 when the vocabulary fits, else uint32, little-endian),
  ``.ds.index`` the end of each document in tokens (uint64), and ``.ds.metadata`` three text
  lines: ``<tokenizer>|<bytes per token>``, the token count, the count in words.
"""

from __future__ import annotations

import struct
from dataclasses import asdict, dataclass

import numpy as np
import pyarrow.fs as pafs

from dataprep.errors import ConfigError
from dataprep.io.fs import join, makedirs, temp_name

MEGATRON_HEADER = b"MMIDIDX\x00\x00"
MEGATRON_VERSION = 1
# Megatron's DType codes of the two token types it writes.
MEGATRON_DTYPE_CODES = {np.dtype(np.uint16): 8, np.dtype(np.int32): 4}


@dataclass(frozen=True)
class FormatShard:
    """One committed shard of a framework format; ``path`` is relative to the run directory
    (Megatron: the prefix without ``.bin``/``.idx``, as ``--data-path`` takes it)."""

    path: str
    documents: int
    tokens: int
    bytes: int

    def to_dict(self) -> dict:
        return asdict(self)


def token_dtype(vocab_size: int, wide: type) -> np.dtype:
    """uint16 when every id fits (at most 65,536 ids), else ``wide``."""
    return np.dtype(np.uint16 if vocab_size <= 1 << 16 else wide)


class TokenShardWriter:
    """Cuts a stream of documents into shards of at most ``shard_tokens`` tokens.

    Subclasses say which files a shard has (``suffixes``, the data file first) and write the
    index files in ``_index_files``.
    """

    suffixes: tuple[str, ...] = ()
    number = "{}"

    def __init__(self, fs: pafs.FileSystem, run_dir: str, subdir: str, name: str, *,
                 dtype: np.dtype, shard_tokens: int):
        if shard_tokens < 1:
            raise ConfigError("shard_tokens must be positive")
        self.fs = fs
        self.run_dir = run_dir
        self.subdir = subdir
        self.name = name
        self.dtype = np.dtype(dtype)
        self.shard_tokens = shard_tokens
        self.shards: list[FormatShard] = []
        self._stream = None
        self._tmp = ""
        self._lengths: list[np.ndarray] = []
        self._tokens = 0

    def write(self, lengths: np.ndarray, flat: np.ndarray) -> None:
        """Append documents: ``lengths[i]`` tokens each, ``flat`` all of them in order."""
        start = 0
        cumulative = np.cumsum(lengths, dtype=np.int64)
        done = 0
        while done < len(lengths):
            room = self.shard_tokens - self._tokens
            fit = int(np.searchsorted(cumulative[done:] - start, room, side="right"))
            if fit == 0 and self._stream is None:
                fit = 1  # a document larger than a whole shard
            if fit:
                end = int(cumulative[done + fit - 1])
                self._append(lengths[done:done + fit], flat[start:end])
                done, start = done + fit, end
            if done < len(lengths):
                self._commit()

    def close(self) -> list[FormatShard]:
        if self._stream is not None:
            self._commit()
        return self.shards

    def _append(self, lengths: np.ndarray, tokens: np.ndarray) -> None:
        if self._stream is None:
            makedirs(self.fs, join(self.run_dir, self.subdir))
            self._tmp = temp_name(self._path(self.suffixes[0]))
            self._stream = self.fs.open_output_stream(self._tmp)
        if tokens.size and (tokens.max() > np.iinfo(self.dtype).max):
            raise ConfigError(f"output: token id {int(tokens.max())} does not fit {self.dtype}")
        self._stream.write(tokens.astype(self.dtype.newbyteorder("<"), copy=False).tobytes())
        self._lengths.append(np.asarray(lengths, dtype=np.int64))
        self._tokens += int(tokens.size)

    def _file(self, suffix: str) -> str:
        return f"{self.name}_{self.number.format(len(self.shards))}{suffix}"

    def _path(self, suffix: str) -> str:
        return join(self.run_dir, self.subdir, self._file(suffix))

    def _commit(self) -> None:
        self._stream.close()
        self._stream = None
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, np.int64)
        index_tmps = []
        for suffix, data in self._index_files(lengths).items():
            tmp = temp_name(self._path(suffix))
            with self.fs.open_output_stream(tmp) as f:
                f.write(data)
            index_tmps.append((tmp, self._path(suffix)))
        self.fs.move(self._tmp, self._path(self.suffixes[0]))
        for tmp, final in index_tmps:
            self.fs.move(tmp, final)
        size = sum(self.fs.get_file_info(self._path(s)).size for s in self.suffixes)
        relative = f"{self.subdir}/{self._file(self._listed_suffix)}"
        self.shards.append(FormatShard(relative, len(lengths), self._tokens, size))
        self._lengths, self._tokens = [], 0

    _listed_suffix = ""

    def _index_files(self, lengths: np.ndarray) -> dict[str, bytes]:
        raise NotImplementedError


class MegatronWriter(TokenShardWriter):
    """``<name>_<n>.bin`` / ``.idx`` pairs that Megatron's ``IndexedDataset(prefix)`` opens."""

    suffixes = (".bin", ".idx")

    def _index_files(self, lengths: np.ndarray) -> dict[str, bytes]:
        return {".idx": megatron_index(lengths, self.dtype)}


def megatron_index(lengths: np.ndarray, dtype: np.dtype) -> bytes:
    """The ``.idx`` of documents of ``lengths`` tokens, one sequence each."""
    count = len(lengths)
    pointers = np.zeros(count, dtype="<i8")
    np.cumsum(lengths[:-1] * np.dtype(dtype).itemsize, out=pointers[1:])
    header = (MEGATRON_HEADER + struct.pack("<Q", MEGATRON_VERSION)
              + struct.pack("<B", MEGATRON_DTYPE_CODES[np.dtype(dtype)])
              + struct.pack("<Q", count) + struct.pack("<Q", count + 1))
    return b"".join([header, np.asarray(lengths, dtype="<i4").tobytes(), pointers.tobytes(),
                     np.arange(count + 1, dtype="<i8").tobytes()])


class NanotronWriter(TokenShardWriter):
    """datatrove's ``<name>_<n>.ds`` with ``.ds.index`` and ``.ds.metadata``."""

    suffixes = (".ds", ".ds.index", ".ds.metadata")
    _listed_suffix = ".ds"
    # Zero-padded as datatrove names them: a folder reader lists files in name order.
    number = "{:05d}"

    def __init__(self, *args, tokenizer_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tokenizer_name = tokenizer_name

    def _index_files(self, lengths: np.ndarray) -> dict[str, bytes]:
        ends = np.cumsum(lengths, dtype=np.int64).astype("<u8")
        metadata = "\n".join([f"{self.tokenizer_name}|{self.dtype.itemsize}", str(self._tokens),
                              f"{self._tokens:,} tokens"])
        return {".ds.index": ends.tobytes(), ".ds.metadata": metadata.encode("utf-8")}
