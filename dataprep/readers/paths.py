"""Input paths: made absolute against the run's base directory, ids, the fsspec filesystem,
and ``FileRange``, what a reader reads.

Paths go through fsspec, so local paths, ``file://``, ``memory://``, ``s3://`` (with s3fs
installed) and other registered filesystems work the same way.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from typing import IO, Any

import fsspec


def has_protocol(path: str) -> bool:
    return "://" in path


def absolute_path(path: str, base_dir: str) -> str:
    """Make ``path`` absolute: relative local paths are taken from ``base_dir``."""
    if has_protocol(path) or posixpath.isabs(path):
        return path
    if has_protocol(base_dir):
        return f"{base_dir.rstrip('/')}/{path}"
    return posixpath.normpath(posixpath.join(os.path.abspath(base_dir), path))


def id_path(path: str, base_dir: str) -> str:
    """The path used in document ids: relative to ``base_dir``, or the URI without scheme."""
    if path.startswith("file://"):
        path = path[len("file://"):]
    if has_protocol(path):
        return path.split("://", 1)[1].lstrip("/")
    base = (base_dir if has_protocol(base_dir) else os.path.abspath(base_dir)).rstrip("/") + "/"
    if path.startswith(base):
        return path[len(base):]
    return path.lstrip("/")


def filesystem(path: str) -> tuple[fsspec.AbstractFileSystem, str]:
    """The fsspec filesystem of ``path`` and the path inside it."""
    return fsspec.core.url_to_fs(path)


def full_path(fs: fsspec.AbstractFileSystem, original: str, inner: str) -> str:
    """Re-attach the scheme that fsspec strips from listings (local paths stay plain)."""
    if not has_protocol(original) or original.startswith("file://"):
        return inner
    return fs.unstrip_protocol(inner)


@dataclass(frozen=True)
class FileRange:
    """One input file (or a byte range of it) as a reader sees it, with the options of its
    format (the typed options dataclass of the format, e.g. ``WarcOptions``).

    A range ``[start, end)`` owns the records whose first byte lies in it; ``end`` None means
    to the end of the file, and ``start == 0, end is None`` is the whole file.
    """

    path: str  # as listed: a local path or a URI
    id_prefix: str  # "<source>/<path relative to the base dir>"
    options: Any
    text_field: str = "text"
    start: int = 0
    end: int | None = None

    @property
    def ranged(self) -> bool:
        return bool(self.start) or self.end is not None

    def open(self) -> IO[bytes]:
        fs, inner = filesystem(self.path)
        return fs.open(inner, "rb")

    def doc_id(self, n: int | str) -> str:
        return f"{self.id_prefix}#{n}"
