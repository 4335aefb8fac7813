"""The run report of a real small run: sections, numbers against the manifest and the shards,
escaping, bounded reading, determinism, and a headless Chromium rendering."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from helpers import run_recorded

from dataprep.cli import main
from dataprep.config import parse_config
from dataprep.pipeline import build_pipeline
from dataprep.report import EXAMPLE_CHARS, SECTIONS, render_report
from dataprep.report_data import ReportLimits, evenly_spaced, load_run

CHROMIUM = "/usr/bin/chromium"
SENTENCES = [
    "The harbour ferry leaves every hour from the north pier and the crossing takes twenty "
    "minutes.",
    "In the spring the council decided to repair the old stone bridge over the river.",
    "Most of the visitors come for the market, which is held on the square every Saturday.",
    "The museum has a small collection of maps that show how the coast has changed.",
    "A new bus line connects the station with the university and the hospital on the hill.",
    "Local farmers sell cheese, bread and fresh vegetables at stalls near the church.",
    "The library is open until eight in the evening and offers free reading rooms.",
    "When the weather is bad, the ferry may be delayed and passengers wait in the hall.",
]
GERMAN = ("Der Zug nach Hamburg fährt heute wegen Bauarbeiten eine halbe Stunde später ab, und "
          "die Reisenden warten geduldig am Bahnsteig.")
FRENCH = ("Le train pour Lyon partira avec une demi-heure de retard à cause des travaux sur la "
          "voie principale.")
PII = " Write to anna.berg@posteo.de or call +49 30 12345678 today."


def write_corpus(base: Path, *, files: dict[str, int] | None = None) -> None:
    """JSONL per source: English documents of many lengths, one too short, German (kept) and
    French (dropped) ones, one with PII, and one exact duplicate (with markup) per file."""
    rng = random.Random(7)
    duplicate = "<b>bold</b> " + " ".join(random.Random(1).choices(SENTENCES, k=10))
    for source, n_files in (files or {"web": 3, "books": 2}).items():
        folder = base / "in" / source
        folder.mkdir(parents=True, exist_ok=True)
        for f in range(n_files):
            rows = [{"id": f"{source}{f}-{i}", "text": " ".join(
                rng.choices(SENTENCES, k=rng.randint(6, 30)))} for i in range(12)]
            rows += [
                {"id": f"{source}{f}-short", "text": "Too short to keep."},
                {"id": f"{source}{f}-de", "text": " ".join([GERMAN] * 6)},
                {"id": f"{source}{f}-fr", "text": " ".join([FRENCH] * 6)},
                {"id": f"{source}{f}-pii", "text": " ".join(rng.choices(SENTENCES, k=8)) + PII},
                {"id": f"{source}{f}-dup", "text": duplicate},
            ]
            (folder / f"part-{f}.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def run_config(base: Path, out: str = "out", *, min_doc_words: int | None = None,
               sources: tuple[str, ...] = ("web", "books")) -> dict:
    gopher = {"signals": True}
    if min_doc_words is not None:
        gopher["min_doc_words"] = min_doc_words
    return {
        "name": "report-test",
        "inputs": [{"format": "jsonl", "paths": [f"in/{s}/*.jsonl"], "source": s}
                   for s in sources],
        "stages": [{"langid": {"languages": ["en", "de"]}}, {"gopher_quality": gopher},
                   {"exact_dedup": {}}, {"pii": {}}],
        "output": {"path": str(base / out), "shard_rows": 20},
    }


def make_run(base: Path, out: str = "out", *, report: bool = True, **options) -> Path:
    """Run the four-stage pipeline inline on the corpus under ``base``; returns the run dir."""
    if not (base / "in").exists():
        write_corpus(base)
    config = parse_config(run_config(base, out, **options), base_dir=str(base))
    run_recorded(build_pipeline(config), report=report)
    return base / out


class Page(HTMLParser):
    """Element ids, table cells with ``data-value`` per row key, and <pre> texts of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.tables: dict[str, dict[str, list[float]]] = {}
        self.tags: Counter = Counter()
        self.pre: list[str] = []
        self._table: str | None = None
        self._row: str | None = None
        self._in_pre = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] += 1
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = {}
        elif tag == "tr" and self._table:
            self._row = next((attrs[k] for k in ("data-stage", "data-reason", "data-key")
                              if k in attrs), None)
        elif tag == "td" and self._row is not None and "data-value" in attrs:
            self.tables[self._table].setdefault(self._row, []).append(
                float(attrs["data-value"]))
        elif tag == "pre":
            self._in_pre = True
            self.pre.append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "pre":
            self._in_pre = False

    def handle_data(self, data):
        if self._in_pre:
            self.pre[-1] += data


@pytest.fixture(scope="module")
def run_dir(report_run: Path) -> Path:
    return report_run


@pytest.fixture(scope="module")
def manifest(run_dir: Path) -> dict:
    return json.loads((run_dir / "manifest.json").read_text())


@pytest.fixture(scope="module")
def page(run_dir: Path) -> Page:
    return Page((run_dir / "report.html").read_text(encoding="utf-8"))


def test_the_run_writes_a_report_with_every_section(page: Page):
    assert set(SECTIONS) <= page.ids
    assert {"length", "lang-score", "signals", "pii", "duplicates", "ex-kept"} <= page.ids
    assert page.tags["svg"] >= 9  # funnel, drops, sources, languages, 2 histograms, signals...


def test_funnel_and_drops_equal_the_manifest(page: Page, manifest: dict):
    funnel = page.tables["funnel-table"]
    assert list(funnel) == [s["stage"] for s in manifest["stages"]] + ["output"]
    for s in manifest["stages"]:
        assert funnel[s["stage"]] == [s["rows_in"], s["rows_out"], sum(s["dropped"].values()),
                                      s["bytes_in"], s["bytes_out"]]
    assert funnel["output"] == [manifest["totals"]["documents"], manifest["totals"]["bytes"]]
    drops = {r: n for r, (n,) in page.tables["drops-table"].items()}
    assert drops == {r: n for s in manifest["stages"] for r, n in s["dropped"].items()}
    assert set(drops) == {"langid:wrong_language", "gopher_quality:short_doc",
                          "exact_dedup:duplicate"}


def test_sources_languages_pii_and_clusters_equal_the_shards(page: Page, run_dir: Path,
                                                             manifest: dict):
    kept = pq.read_table(run_dir / "data")
    rejected = pq.read_table(run_dir / "rejected")
    assert kept.num_rows == manifest["totals"]["documents"]
    for table_id, column in (("sources-table", "source"), ("languages-table", "lang")):
        shown = page.tables[table_id]
        kept_counts = Counter(kept.column(column).to_pylist())
        rejected_counts = Counter(rejected.column(column).to_pylist())
        assert {k: v[0] for k, v in shown.items()} == {k: kept_counts[k] for k in shown}
        assert {k: v[1] for k, v in shown.items()} == {k: rejected_counts[k] for k in shown}
        assert set(shown) == set(kept_counts) | set(rejected_counts)
    pii = kept.column("pii_counts").combine_chunks()
    expected = {f.name: [pc.sum(pii.field(i)).as_py(),
                         pc.sum(pc.greater(pii.field(i), 0).cast("int64")).as_py()]
                for i, f in enumerate(pii.type)}
    assert page.tables["pii-table"] == expected
    assert expected["email"] == [5, 5] and expected["phone"] == [5, 5]
    survivors = Counter(d for d in rejected.column("duplicate_of").to_pylist() if d)
    sizes = Counter(n + 1 for n in survivors.values())
    assert {int(k): v[0] for k, v in page.tables["duplicates-table"].items()} == sizes
    assert sizes == {5: 2}  # the German text and the marked-up duplicate, once per file


def test_examples_are_escaped_and_truncated(page: Page, run_dir: Path):
    html_text = (run_dir / "report.html").read_text(encoding="utf-8")
    for reason in ("langid:wrong_language", "gopher_quality:short_doc", "exact_dedup:duplicate"):
        assert f"ex-{reason}" in page.ids
    # The duplicate's markup is shown as text, never as markup.
    assert "&lt;b&gt;bold&lt;/b&gt;" in html_text and "<b>bold" not in html_text
    duplicates = [t for t in page.pre if t.startswith("<b>bold</b>")]
    assert duplicates and all("more characters]" in t for t in duplicates)
    assert all(len(t) < EXAMPLE_CHARS + 40 for t in duplicates)
    assert any(t == "Too short to keep." for t in page.pre)


def test_config_and_versions_are_shown(page: Page, run_dir: Path, manifest: dict):
    html_text = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "gopher_quality:\n    signals: true" in html_text
    assert manifest["versions"]["pyarrow"] in html_text
    assert set(page.tables["timing-table"]) == set(manifest["timing"]["stage_seconds"])


def test_report_is_self_contained_and_deterministic(run_dir: Path):
    first = (run_dir / "report.html").read_bytes()
    assert not re.search(rb"<script|<link|<img|<iframe|@import", first)
    # Links and SVG references point inside the page only (http:// appears as XML namespaces).
    references = re.findall(rb'(?:href|src)\s*=\s*"([^"]*)"|url\(([^)]*)\)', first)
    assert references and all((a or b).startswith(b"#") for a, b in references)
    (run_dir / "report.html").unlink()
    assert main(["report", str(run_dir)]) == 0
    assert (run_dir / "report.html").read_bytes() == first


def test_report_reads_a_bounded_part_of_large_runs(run_dir: Path, manifest: dict):
    limits = ReportLimits(scan_shards=2, sample_shards=1, rows_per_shard=3)
    data = load_run(str(run_dir), limits)
    assert data.kept_shards_scanned == 2 < len(manifest["shards"])
    assert data.kept_sample.num_rows == 3 and data.rejected_sample.num_rows <= 3
    assert not data.complete
    page = render_report(data, limits)
    assert "shares are estimates" in page
    # The funnel still comes from the manifest, whole.
    assert Page(page).tables["funnel-table"] == Page(
        (run_dir / "report.html").read_text(encoding="utf-8")).tables["funnel-table"]


def test_evenly_spaced_keeps_both_ends():
    assert evenly_spaced(list(range(10)), 3) == [0, 4, 9]
    assert evenly_spaced([1, 2], 5) == [1, 2]


def test_report_of_a_missing_run_is_one_line(tmp_path: Path, capsys):
    assert main(["report", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.strip().endswith("no manifest.json (not a finished run "
                                                    "directory)")


def chromium(page: Path, screenshot: Path, profile: Path, height: int = 4000) -> list[str]:
    """Render ``page`` headless to a PNG; returns the console messages Chromium logged."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         f"--window-size=1200,{height}", f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(not Path(CHROMIUM).exists(),
                    reason=f"{CHROMIUM} is absent (apt-get install chromium): the report is not "
                           "rendered in a browser")
def test_report_opens_in_headless_chromium_without_console_errors(run_dir: Path,
                                                                  tmp_path: Path):
    # The check itself must catch a script error: a page that throws is flagged.
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>throw new Error('broken report')</script></body></html>")
    assert any("broken report" in m for m in chromium(bad, tmp_path / "bad.png",
                                                       tmp_path / "profile-bad"))
    shot = tmp_path / "report.png"
    assert chromium(run_dir / "report.html", shot, tmp_path / "profile") == []
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
