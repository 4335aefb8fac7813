"""Filesystem helpers over ``pyarrow.fs``: local paths and URIs (``s3://``, ``gs://``) alike.

Every file a run writes or reads back (shards, markers, ``_work``, the manifest and report) is
opened through :func:`fs_and_path`; a remote filesystem comes wrapped with bounded retries on
throttling and 5xx errors (``dataprep.io.retry``). Input files are read through fsspec
(``dataprep.readers.paths``), whose S3 client retries such errors itself.

Outputs are committed by writing under a temporary name and renaming, so a reader never sees a
half-written file and a retried task simply overwrites its own temporary file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from dataprep.io.retry import retrying


def fs_and_path(uri: str) -> tuple[pafs.FileSystem, str]:
    """Return the filesystem and the path inside it for a local path or a URI."""
    if "://" not in uri:
        return pafs.LocalFileSystem(), os.path.abspath(uri)
    fs, path = pafs.FileSystem.from_uri(uri)
    if isinstance(fs, pafs.LocalFileSystem):
        return fs, path
    return retrying(fs), path


def join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *parts])


def temp_name(path: str) -> str:
    """A temporary sibling of ``path``; unique so concurrent retries never share one."""
    head, tail = path.rsplit("/", 1)
    return f"{head}/.tmp-{uuid.uuid4().hex[:12]}-{tail}"


def makedirs(fs: pafs.FileSystem, path: str) -> None:
    fs.create_dir(path, recursive=True)


def exists(fs: pafs.FileSystem, path: str) -> bool:
    return fs.get_file_info(path).type != pafs.FileType.NotFound


def delete_dir_if_exists(fs: pafs.FileSystem, path: str) -> None:
    if exists(fs, path):
        fs.delete_dir(path)


def list_files(fs: pafs.FileSystem, directory: str) -> list[str]:
    """Sorted paths of the files directly in ``directory`` (empty if it does not exist)."""
    if not exists(fs, directory):
        return []
    infos = fs.get_file_info(pafs.FileSelector(directory, recursive=False))
    return sorted(i.path for i in infos if i.type == pafs.FileType.File)


def remove_matching(fs: pafs.FileSystem, directory: str, prefix: str) -> None:
    """Delete files in ``directory`` whose name starts with ``prefix`` (and stale temp files)."""
    for path in list_files(fs, directory):
        name = path.rsplit("/", 1)[-1]
        if name.startswith(prefix) or (name.startswith(".tmp-") and prefix in name):
            fs.delete_file(path)


def write_bytes_atomic(fs: pafs.FileSystem, path: str, data: bytes) -> None:
    makedirs(fs, path.rsplit("/", 1)[0])
    tmp = temp_name(path)
    with fs.open_output_stream(tmp) as f:
        f.write(data)
    fs.move(tmp, path)


def write_json_atomic(fs: pafs.FileSystem, path: str, value: Any) -> None:
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_bytes_atomic(fs, path, text.encode("utf-8"))


def read_json(fs: pafs.FileSystem, path: str) -> Any:
    with fs.open_input_stream(path) as f:
        return json.loads(f.read().decode("utf-8"))


# Local copies of remote files made by this process, by (uri, size, mtime).
_FETCHED: dict[tuple[str, int | None, int | None], str] = {}


def read_table(uri: str, columns: list[str] | None = None) -> pa.Table:
    """The Parquet file at ``uri`` (a local path or a URI)."""
    fs, path = fs_and_path(uri)
    with fs.open_input_file(path) as f:
        return pq.read_table(f, columns=columns)


def local_copy(uri: str) -> str:
    """A local path holding the file at ``uri``: the path itself when local, else a copy in the
    temporary directory named by its content's sha256 (a file every unit of a run loads, such
    as a trained tokenizer, is fetched once per process; a changed file is fetched anew)."""
    fs, path = fs_and_path(uri)
    if isinstance(fs, pafs.LocalFileSystem):
        return path
    info = fs.get_file_info(path)
    version = (uri, info.size, info.mtime_ns)
    if version not in _FETCHED:
        with fs.open_input_stream(path) as f:
            data = f.read()
        digest = hashlib.sha256(data).hexdigest()[:32]
        local = os.path.join(tempfile.gettempdir(), "dataprep-fetched",
                             f"{digest}-{path.rsplit('/', 1)[-1]}")
        if not os.path.exists(local):
            os.makedirs(os.path.dirname(local), exist_ok=True)
            write_bytes_atomic(pafs.LocalFileSystem(), local, data)
        _FETCHED[version] = local
    return _FETCHED[version]
