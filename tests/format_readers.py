"""Minimal readers of the framework formats, written from the formats' specifications (not from
our writers), so the tests check the layouts the frameworks read. The frameworks' own readers
are run by ``benchmarks/conformance.py``."""

import json
import struct
from pathlib import Path

import numpy as np

MEGATRON_DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64,
                   6: np.float64, 7: np.float32, 8: np.uint16}


def read_megatron(prefix: Path) -> tuple[np.dtype, list[np.ndarray]]:
    """Documents of a Megatron ``IndexedDataset`` (``prefix.idx`` + ``prefix.bin``)."""
    index = Path(f"{prefix}.idx").read_bytes()
    assert index[:9] == b"MMIDIDX\x00\x00"
    version, = struct.unpack("<Q", index[9:17])
    assert version == 1
    dtype = np.dtype(MEGATRON_DTYPES[index[17]])
    sequences, documents = struct.unpack("<QQ", index[18:34])
    offset = 34
    lengths = np.frombuffer(index, "<i4", sequences, offset)
    offset += lengths.nbytes
    pointers = np.frombuffer(index, "<i8", sequences, offset)
    offset += pointers.nbytes
    doc_index = np.frombuffer(index, "<i8", documents, offset)
    assert offset + doc_index.nbytes == len(index)
    data = Path(f"{prefix}.bin").read_bytes()
    seqs = [np.frombuffer(data, dtype, int(n), int(p))
            for n, p in zip(lengths, pointers, strict=True)]
    docs = [np.concatenate(seqs[a:b]) for a, b in zip(doc_index[:-1], doc_index[1:], strict=True)]
    return dtype, docs


def read_nanotron(path: Path) -> tuple[int, list[np.ndarray], list[str]]:
    """(bytes per token, documents, metadata lines) of a datatrove ``.ds`` file."""
    lines = Path(f"{path}.metadata").read_text().split("\n")
    token_size = int(lines[0].rsplit("|", 1)[1])
    tokens = np.frombuffer(path.read_bytes(), "<u2" if token_size == 2 else "<u4")
    ends = np.frombuffer(Path(f"{path}.index").read_bytes(), "<u8").astype(int)
    assert ends[-1] == len(tokens) and int(lines[1]) == len(tokens)
    starts = np.concatenate([[0], ends[:-1]])
    return token_size, [tokens[a:b] for a, b in zip(starts, ends, strict=True)], lines


def _decode_ndarray(encoding: str, data: bytes) -> np.ndarray:
    _, dtype = encoding.split(":")
    byte = data[0]
    ndim, shape_type = byte >> 2, (np.uint8, np.uint16, np.uint32, np.uint64)[byte & 3]
    width = np.dtype(shape_type).itemsize
    shape = np.frombuffer(data, shape_type, ndim, 1)
    return np.frombuffer(data, dtype, offset=1 + ndim * width).reshape(shape)


def read_mds(directory: Path) -> list[np.ndarray]:
    """The ``tokens`` of every sample of an MDS dataset, in index order."""
    index = json.loads((directory / "index.json").read_text())
    assert index["version"] == 2
    samples = []
    for shard in index["shards"]:
        assert shard["format"] == "mds" and shard["compression"] is None
        data = (directory / shard["raw_data"]["basename"]).read_bytes()
        assert len(data) == shard["raw_data"]["bytes"]
        count, = struct.unpack("<I", data[:4])
        assert count == shard["samples"]
        offsets = np.frombuffer(data, "<u4", count + 1, 4)
        config = json.loads(data[4 + 4 * (count + 1):offsets[0]])
        assert config["column_names"] == shard["column_names"] == ["tokens"]
        encoding = config["column_encodings"][0]
        assert offsets[-1] == len(data)
        for a, b in zip(offsets[:-1], offsets[1:], strict=True):
            size, = struct.unpack("<I", data[a:a + 4])
            assert a + 4 + size == b
            samples.append(_decode_ndarray(encoding, data[a + 4:b]))
    return samples
