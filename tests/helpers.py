"""Small builders shared by the tests."""

from __future__ import annotations

import pyarrow as pa

from dataprep.schema import make_batch, set_column


def docs(*texts: str, langs: list[str | None] | None = None, source: str = "test") -> pa.Table:
    """A batch with ids d0, d1, ... and the given texts (and languages)."""
    table = make_batch([f"d{i}" for i in range(len(texts))], list(texts), source=source)
    if langs is not None:
        table = set_column(table, "lang", pa.array(langs, pa.string()))
    return table
