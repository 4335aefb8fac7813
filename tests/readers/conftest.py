"""The WARC tests run under both parsers: fastwarc (the main one) and warcio (the fallback,
forced by making fastwarc hand over at the start of every segment)."""

from __future__ import annotations

import pytest

import dataprep.readers.warc as warc


def _warcio_only(opened, src, max_bytes):
    return (0, None)
    yield  # a generator, like the function it replaces


@pytest.fixture(params=["fastwarc", "warcio"])
def warc_parser(request, monkeypatch) -> str:
    if request.param == "warcio":
        monkeypatch.setattr(warc, "fastwarc_segment", _warcio_only)
    return request.param
