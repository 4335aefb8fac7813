"""``extracted/web.jsonl``: every WARC page read back with dataprep's WARC reader and run
through dataprep's default ``extract`` and ``langid`` stages, inline (no Ray)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from dataprep.extract import ExtractStage
from dataprep.langid import LangIdStage
from dataprep.readers.paths import FileRange
from dataprep.readers.warc import WarcOptions, read_warc


def extract_warc(path: Path) -> tuple[list[dict], int]:
    """(rows of one WARC file in record order, pages with no extracted text)."""
    rows = [row for row in read_warc(FileRange(str(path), f"web/{path.name}", WarcOptions()))]
    bad = [row for row in rows if row.drop_reason or row.html is None]
    if bad:
        raise SystemExit(f"{path}: the reader rejected {bad[0].id}: {bad[0].drop_reason}")
    table = pa.table({
        "id": [row.id for row in rows],
        "url": [row.url for row in rows],
        "text": pa.array([None] * len(rows), pa.large_string()),
        "html": [row.html for row in rows],
    })
    table = ExtractStage()(table)
    kept = table.filter(pa.compute.is_null(table.column("drop_reason")))
    kept = LangIdStage()(kept)
    package = path.name.removesuffix(".warc.gz")
    out = [
        {"id": doc_id, "url": url, "package": package, "lang": lang,
         "lang_score": round(float(score), 4), "text": text}
        for doc_id, url, lang, score, text in zip(
            *(kept.column(c).to_pylist() for c in ("id", "url", "lang", "lang_score", "text")),
            strict=True)
    ]
    return out, len(rows) - len(out)
