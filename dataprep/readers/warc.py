"""WARC, WET and ARC files (plain, gzip member-per-record or whole-file, zstd).

Records are parsed by fastwarc; warcio takes over where fastwarc cannot read on (ARC files,
LF-only header lines, a header block fastwarc rejects, data that is no record), for the rest of
that segment. Decompression (and recovery from corrupt members) is ours, in
``dataprep.readers.decompress``, for both.

Each record becomes one row, so the manifest accounts for every record of the file:

* ``response``/``resource`` records with an HTML payload (by ``WARC-Identified-Payload-Type``,
  else the HTTP ``Content-Type``, else sniffing the first bytes) -> decoded page in ``html``;
* ``conversion`` records (WET) -> ``text``;
* every other record is rejected with ``read:non_html`` (images, PDFs, plain text ...) or
  ``read:skipped_<type>`` (``request``, ``metadata``, ``warcinfo``, ``revisit``,
  ``continuation``, ``arc_header``; ``other`` for a type WARC does not define: the declared
  ``warc_rows.NOT_DOCUMENT_REASONS``), with its url and content type in ``meta`` and no text;
* broken input: ``read:truncated`` (record shorter than its Content-Length, or the file ends
  inside a compressed member), ``read:corrupt_gzip``/``read:corrupt_zstd`` (one row per
  corrupt member; reading resumes at the next member start), ``read:invalid_record`` (headers
  neither parser can read, a header line longer than 64 KiB, a payload whose content encoding
  does not decode; reading resumes at the next record start of a plain file, or the next member
  of a compressed one), ``read:too_large`` (payload above ``max_record_bytes``); a file without
  any byte (or an empty gzip) is one ``read:empty_file`` row.

A record without ``WARC-Record-ID`` (ARC) is named by where it starts (see
``dataprep.schema``); rows for damage by ``<reason>@<where>``. Plain WARC files and gzip
files with one member per record can be read by byte ranges (see ``dataprep.readers``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dataprep.options import PositiveInt
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row
from dataprep.readers.warc_fast import fastwarc_segment, skip_record
from dataprep.readers.warc_scan import open_at, open_segment, splittable
from dataprep.readers.warc_warcio import warcio_segment

__all__ = ["WarcOptions", "read_warc", "splittable"]


@dataclass(frozen=True)
class WarcOptions:
    """Options of ``warc``, ``wet`` and ``arc``: a payload larger than ``max_record_bytes``
    is one ``read:too_large`` row (the rest of the record is skipped, not held)."""

    max_record_bytes: PositiveInt = 64 << 20


def read_warc(src: FileRange) -> Iterator[Row]:
    """Rows of one WARC/WET/ARC file or byte range (see the module docstring for what each
    record gives). After a record neither parser can read, reading resumes at the next record
    (plain file) or member (compressed) start, so one bad record does not cost the rest."""
    seen_damage: set[str] = set()
    for row in _rows(src):
        if row.drop_reason in _DAMAGE and row.id.rsplit("#", 1)[-1].startswith(_DAMAGE_IDS):
            # A damaged member read ahead by one segment is met again by the next one.
            if row.id in seen_damage:
                continue
            seen_damage.add(row.id)
        yield row


_DAMAGE = ("read:corrupt_gzip", "read:corrupt_zstd", "read:truncated")
_DAMAGE_IDS = ("corrupt_gzip@", "corrupt_zstd@", "truncated@")


def _rows(src: FileRange) -> Iterator[Row]:
    max_bytes = src.options.max_record_bytes
    at: int | None = src.start
    while at is not None:
        # A fresh handle per segment: the buffered reader of the last one closes its file.
        with src.open() as raw:
            opened = open_segment(raw, src, at)
            if opened is None:
                return
            resume = yield from fastwarc_segment(opened, src, max_bytes)
        if resume is None:
            return
        offset, skip = resume
        with src.open() as raw:
            if offset == 0 and skip is None:  # nothing read: the same start as fastwarc's
                reopened, start = open_segment(raw, src, at), 0
                if reopened is None:
                    return
            else:
                reopened, start = open_at(raw, src, opened, offset)
            if skip is not None:  # its row was given: warcio starts after it
                start += skip_record(reopened.stream, skip)
            at = yield from warcio_segment(raw, reopened, src, max_bytes, offset=start,
                                           after_warc=skip is not None)
