"""Bounded retries with backoff around every call to a remote filesystem (S3, GCS, ...).

Object stores answer some requests with throttling (``SlowDown``) or a 5xx error that a repeat
of the same request survives. ``retrying`` wraps a remote ``pyarrow.fs.FileSystem`` (with the S3
client's own retries turned off, so there is one bounded, counted policy) so that each
operation -- stat, list, create, delete, move, and each read -- is retried up to ``ATTEMPTS``
times with a doubling pause when it fails with such an error; any other error (not found,
access denied, ...) is raised at once. Writes go to a local spooled buffer and are uploaded
whole on close, so a failed upload is repeated from its first byte. Local paths are never
wrapped: their errors (a full disk) are not transient.

``retry_counts()`` tells how many retries this process made, by operation (the manifest).
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.fs as pafs

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 10
FIRST_PAUSE_S = 0.1
MAX_PAUSE_S = 5.0
# Uploads are buffered in memory up to this size, then in a local temporary file.
SPOOL_BYTES = 64 << 20
# How pyarrow's AWS client words the errors worth repeating: throttling, 5xx, dropped
# connections and timeouts.
_TRANSIENT = re.compile(
    r"HTTP status 5\d\d|SLOW_DOWN|SlowDown|Throttl|TOO_MANY_REQUESTS|INTERNAL_FAILURE|"
    r"InternalError|SERVICE_UNAVAILABLE|ServiceUnavailable|REQUEST_TIMEOUT|RequestTimeout|"
    r"NETWORK_CONNECTION|Failed to flush response stream|Connection reset|curlCode|"
    r"Broken pipe|timed out", re.IGNORECASE)

_RETRIES: Counter[str] = Counter()


def retry_counts() -> dict[str, int]:
    """Retries made in this process so far, by operation."""
    return dict(sorted(_RETRIES.items()))


def retries_since(before: dict[str, int]) -> dict[str, int]:
    """Retries made in this process since ``retry_counts()`` returned ``before``."""
    now = retry_counts()
    return {op: n - before.get(op, 0) for op, n in now.items() if n > before.get(op, 0)}


def add_counts(total: dict[str, int], more: dict[str, int]) -> None:
    for op, n in more.items():
        total[op] = total.get(op, 0) + n


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and bool(_TRANSIENT.search(str(exc)))


def with_retries(operation: str, call: Callable[[], T],
                 already_done: Callable[[], bool] | None = None) -> T | None:
    """``call()``, repeated after a transient error with a doubling pause, ``ATTEMPTS`` times
    at most. ``already_done()`` is asked before a repeat, for operations whose lost answer may
    hide a success (a move or delete that happened although its answer was an error)."""
    pause = FIRST_PAUSE_S
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return call()
        except OSError as exc:
            if attempt == ATTEMPTS or not is_transient(exc):
                raise
            _RETRIES[operation] += 1
            log.debug("%s failed (%s); retry %d in %.1f s", operation, exc, attempt, pause)
        time.sleep(pause)
        pause = min(pause * 2, MAX_PAUSE_S)
        if already_done is not None and _done(already_done):
            return None
    raise AssertionError("unreachable")


def _done(already_done: Callable[[], bool]) -> bool:
    try:
        return bool(with_retries("stat", already_done))
    except OSError:
        return False  # could not tell: repeat the operation


def _missing(fs: pafs.FileSystem, path: str) -> bool:
    return fs.get_file_info(path).type == pafs.FileType.NotFound


def _moved(fs: pafs.FileSystem, src: str, dest: str) -> bool:
    src_info, dest_info = fs.get_file_info([src, dest])
    return src_info.type == pafs.FileType.NotFound and dest_info.type != pafs.FileType.NotFound


class _RetryingReader(io.RawIOBase):
    """A remote file read by ranged reads; a read that fails transiently is repeated on a
    newly opened file at the same offset."""

    def __init__(self, fs: pafs.FileSystem, path: str):
        self._fs = fs
        self._path = path
        self._file = with_retries("open", lambda: fs.open_input_file(path))
        self._size = self._file.size()
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), max(0, self._size - self._pos))
        if not want:
            return 0
        data = with_retries("read", lambda: self._read_at(want))
        view[:len(data)] = data
        self._pos += len(data)
        return len(data)

    def _read_at(self, nbytes: int) -> bytes:
        try:
            return self._file.read_at(nbytes, self._pos)
        except OSError:
            # The failed response may have left the connection unusable: start afresh.
            self._file = self._fs.open_input_file(self._path)
            raise

    def close(self) -> None:
        if not self.closed:
            self._file.close()
        super().close()


class _BufferedUpload(io.RawIOBase):
    """Collects what is written and uploads it whole on close, repeating a failed upload."""

    def __init__(self, fs: pafs.FileSystem, path: str, metadata: Any):
        self._fs = fs
        self._path = path
        self._metadata = metadata
        self._buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self._buffer.write(data)

    def close(self) -> None:
        if self.closed:
            return
        with_retries("upload", self._upload)
        self._buffer.close()
        super().close()

    def _upload(self) -> None:
        self._buffer.seek(0)
        with self._fs.open_output_stream(self._path, metadata=self._metadata) as out:
            while chunk := self._buffer.read(8 << 20):
                out.write(chunk)


class RetryingHandler(pafs.FileSystemHandler):
    """``pyarrow.fs.PyFileSystem`` handler delegating to ``fs`` with retries."""

    def __init__(self, fs: pafs.FileSystem):
        # Also where an unpickled handler (in a Ray worker) is rebuilt.
        self.fs = _without_client_retries(fs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RetryingHandler) and self.fs.equals(other.fs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (RetryingHandler, (self.fs,))

    def get_type_name(self) -> str:
        return f"retrying-{self.fs.type_name}"

    def normalize_path(self, path: str) -> str:
        return self.fs.normalize_path(path)

    def get_file_info(self, paths: list[str]) -> list[pafs.FileInfo]:
        return with_retries("stat", lambda: self.fs.get_file_info(paths))

    def get_file_info_selector(self, selector: pafs.FileSelector) -> list[pafs.FileInfo]:
        return with_retries("list", lambda: self.fs.get_file_info(selector))

    def create_dir(self, path: str, recursive: bool) -> None:
        with_retries("create_dir", lambda: self.fs.create_dir(path, recursive=recursive))

    def delete_dir(self, path: str) -> None:
        with_retries("delete", lambda: self.fs.delete_dir(path),
                     lambda: _missing(self.fs, path))

    def delete_dir_contents(self, path: str, missing_dir_ok: bool = False) -> None:
        with_retries("delete", lambda: self.fs.delete_dir_contents(
            path, missing_dir_ok=missing_dir_ok))

    def delete_root_dir_contents(self) -> None:
        raise OSError("refusing to delete the contents of a bucket root")

    def delete_file(self, path: str) -> None:
        with_retries("delete", lambda: self.fs.delete_file(path),
                     lambda: _missing(self.fs, path))

    def move(self, src: str, dest: str) -> None:
        # A remote move is copy + delete (+ a directory marker): an error answer to its last
        # request leaves the move done.
        with_retries("move", lambda: self.fs.move(src, dest), lambda: _moved(self.fs, src, dest))

    def copy_file(self, src: str, dest: str) -> None:
        with_retries("copy", lambda: self.fs.copy_file(src, dest))

    def open_input_stream(self, path: str) -> pa.NativeFile:
        return pa.PythonFile(io.BufferedReader(_RetryingReader(self.fs, path), 1 << 20),
                             mode="r")

    def open_input_file(self, path: str) -> pa.NativeFile:
        return pa.PythonFile(_RetryingReader(self.fs, path), mode="r")

    def open_output_stream(self, path: str, metadata: Any) -> pa.NativeFile:
        return pa.PythonFile(_BufferedUpload(self.fs, path, metadata), mode="w")

    def open_append_stream(self, path: str, metadata: Any) -> pa.NativeFile:
        raise OSError("appending is not supported on object stores")


def _without_client_retries(fs: pafs.FileSystem) -> pafs.FileSystem:
    """``fs`` with the same options (as pickling sees them) but without the S3 client's own
    retries: they would multiply ours, uncounted."""
    if not isinstance(fs, pafs.S3FileSystem):
        return fs
    _, (options,) = fs.__reduce__()
    return pafs.S3FileSystem(**options,
                             retry_strategy=pafs.AwsStandardS3RetryStrategy(max_attempts=1))


def retrying(fs: pafs.FileSystem) -> pafs.FileSystem:
    """``fs`` with retries on transient errors (see the module docstring)."""
    return pafs.PyFileSystem(RetryingHandler(fs))
