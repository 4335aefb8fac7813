"""A run over broken inputs finishes (exit 0) and accounts for every bad record."""

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dataprep.cli import main
from dataprep.readers.warc_rows import NOT_DOCUMENT_REASONS

PAGE = ("<html><body><article><h1>River notes</h1><p>The river rose two metres overnight, and "
        "the ferry stayed tied up at the jetty until the water calmed in the afternoon.</p>"
        "</article></body></html>")


def warc_gz(n_records: int) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i in range(n_records):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://example.org/river/{i}", "response", payload=io.BytesIO(PAGE.encode()),
            http_headers=headers))
    return buffer.getvalue()


def test_bad_inputs_are_counted_and_the_run_succeeds(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    web, docs = tmp_path / "web", tmp_path / "docs"
    web.mkdir()
    docs.mkdir()
    whole = warc_gz(6)
    # Cut inside a gzip member (a cut on a member boundary would leave no truncation).
    (web / "truncated.warc.gz").write_bytes(whole[: len(whole) * 2 // 3 - 7])
    good = json.dumps({"id": "good", "text": "A perfectly fine line of text."}).encode()
    (docs / "mixed.jsonl").write_bytes(good + b"\n" + b'{"id": "latin", "text": "caf\xe9"}\n')
    (docs / "empty.jsonl").write_bytes(b"")
    (docs / "binary.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    big = "The same long sentence repeats in this enormous document. " * 900_000
    (docs / "huge.jsonl").write_text(json.dumps({"id": "huge", "text": big}) + "\n")
    assert len(big) > 50_000_000
    config = {
        "name": "bad",
        "inputs": [{"format": "warc", "paths": ["web/*.warc.gz"], "source": "web"},
                   {"format": "jsonl", "paths": ["docs/*.jsonl"], "source": "docs"}],
        "stages": [{"extract": {}}, {"langid": {}}],
        "output": {"path": "out"},
    }
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(config))

    assert main(["run", "bad.yaml", "--inline"]) == 0

    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    read = next(s for s in manifest["stages"] if s["stage"] == "read")
    reasons = read["dropped"]
    assert reasons.get("read:invalid_utf8") == 1, reasons
    assert reasons.get("read:empty_file") == 1, reasons
    assert reasons.get("read:binary_file") == 1, reasons
    assert any(r.startswith("read:truncated") for r in reasons), reasons
    kept = pq.read_table(tmp_path / "out" / "data")
    rejected = pq.read_table(tmp_path / "out" / "rejected")
    ids = set(kept.column("id").to_pylist())
    assert {"good", "huge"} <= ids
    web_kept = [i for i, s in zip(kept.column("id").to_pylist(), kept.column("source").to_pylist(),
                                  strict=True) if s == "web"]
    assert len(web_kept) == 4  # the records before the cut survive
    # Nothing is lost silently: every row read is either kept or rejected.
    skipped = sum(n for r, n in reasons.items() if r in NOT_DOCUMENT_REASONS)
    assert read["rows_in"] == kept.num_rows + rejected.num_rows + skipped
    assert manifest["totals"]["documents"] == kept.num_rows
