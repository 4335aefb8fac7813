"""The run report: ``RUN_DIR/report.html``, one self-contained file readable offline.

Sections (each an element with a fixed ``id``, so tests and links can find them):
``summary``, ``funnel`` (documents and bytes per stage, from the manifest), ``drops`` (by
reason), ``sources`` and ``languages`` (documents, tokens, share), ``distributions`` (document
length, language score, quality signals, PII counts per type, duplicate-cluster sizes),
``examples`` (kept, and rejected per reason, truncated) and ``config`` (config, versions,
timing). Charts are matplotlib SVG inlined in the page; there is no script and no external
resource. Numeric table cells carry their exact value in ``data-value``.

Counts per source and language, PII and duplicate clusters come from a bounded scan and the
distributions and examples from a bounded sample (see ``dataprep.report_data``); the report
says so when the scan did not cover every shard.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from dataprep import report_plots as plots
from dataprep.io.fs import fs_and_path, join, write_bytes_atomic
from dataprep.report_data import SIGNALS_SUFFIX, GroupCounts, ReportLimits, RunData, load_run

EXAMPLE_CHARS = 600
SECTIONS = ("summary", "funnel", "drops", "sources", "languages", "distributions", "examples",
            "config")

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px;
       padding: 0 1.5em 3em; color: #222; }
nav { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #ddd; }
nav a { margin-right: 1em; }
h1 { margin-bottom: .2em; }
h2 { border-bottom: 2px solid #3b7dd8; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { padding: .2em .7em; border-bottom: 1px solid #e4e4e4; text-align: left; }
td[data-value] { text-align: right; font-variant-numeric: tabular-nums; }
svg { max-width: 100%; height: auto; }
.note { color: #666; font-size: 90%; }
.warn { background: #fff3e0; border-left: 4px solid #d8573b; padding: .4em .8em; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .5em 1em; min-width: 9em; }
.card b { display: block; font-size: 150%; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f6f6; padding: .6em;
      border-radius: 4px; font-size: 12px; }
details { margin: .3em 0; }
summary { cursor: pointer; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float | int | None, shown: str | None = None) -> str:
    if value is None:
        return "<td>-</td>"
    text = shown if shown is not None else (f"{value:,}" if isinstance(value, int)
                                            else f"{value:,.3g}")
    return f'<td data-value="{value}">{_e(text)}</td>'


def _pct(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def _table(header: Sequence[str], rows: Iterable[str], table_id: str) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>' + \
        "".join(rows) + "</tbody></table>"


def _section(section_id: str, title: str, *parts: str) -> str:
    return f'<section id="{section_id}"><h2>{_e(title)}</h2>' + "".join(parts) + "</section>"


def _note(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


def _truncate(text: str | None) -> str:
    text = text or ""
    if len(text) <= EXAMPLE_CHARS:
        return text
    return f"{text[:EXAMPLE_CHARS]}... [{len(text) - EXAMPLE_CHARS:,} more characters]"


# ---------------------------------------------------------------------------------------------
# Sections.


def _summary(data: RunData) -> str:
    m = data.manifest
    stages = m["stages"]
    read = stages[0]["rows_in"] if stages else 0
    totals = m["totals"]
    cards = [("documents read", read), ("documents kept", totals["documents"]),
             ("documents rejected", totals["rejected"]), ("tokens", totals["tokens"]),
             ("output bytes", totals["bytes"]), ("input units", m["units"])]
    html_cards = "".join(f'<div class="card" data-key="{_e(k.replace(" ", "_"))}" '
                         f'data-value="{v}"><b>{v:,}</b>{_e(k)}</div>' for k, v in cards)
    parts = [f'<div class="cards">{html_cards}</div>',
             _note(f"runner: {m['runner']}; kept {_pct(totals['documents'], read)} of the "
                   f"documents read")]
    renamed = m.get("ids_renamed") or {}
    if any(renamed.values()):
        parts.append(_note(f"ids renamed to keep every id unique (<id>#r<k>, the input's id "
                           f"in meta.input_id): {renamed.get('in_units', 0)} repeated inside "
                           f"a unit, {renamed.get('across_units', 0)} across units"))
    if m["units_failed"]:
        # Escaped field by field: a tampered manifest must not inject markup.
        items = "".join(f"<li>unit {_e(u.get('unit'))} ({_e(u.get('path'))}): "
                        f"{_e(u.get('error'))}</li>" for u in m["units_failed"])
        parts.append(f'<div class="warn">{len(m["units_failed"])} input units failed:'
                     f"<ul>{items}</ul></div>")
    return _section("summary", "Summary", *parts)


def _funnel(data: RunData) -> str:
    stages = data.manifest["stages"]
    if not stages:
        return _section("funnel", "Funnel", _note("no stage saw a document"))
    first = stages[0]
    rows = []
    for s in stages:
        dropped = sum(s["dropped"].values())
        rows.append(f'<tr data-stage="{_e(s["stage"])}"><td>{_e(s["stage"])}</td>'
                    + _num(s["rows_in"]) + _num(s["rows_out"]) + _num(dropped)
                    + f"<td>{_pct(s['rows_out'], first['rows_in'])}</td>"
                    + _num(s["bytes_in"]) + _num(s["bytes_out"]) + "</tr>")
    totals = data.manifest["totals"]
    rows.append('<tr data-stage="output"><td>output shards</td><td></td>'
                + _num(totals["documents"]) + "<td></td>"
                + f"<td>{_pct(totals['documents'], first['rows_in'])}</td><td></td>"
                + _num(totals["bytes"]) + "</tr>")
    chart = plots.funnel_chart([s["stage"] for s in stages], [s["rows_out"] for s in stages],
                               [s["bytes_out"] for s in stages], first["rows_in"],
                               first["bytes_in"])
    tokens = (f"{totals['tokens']:,} tokens in the output." if totals["tokens"]
              else "No token counts (the pipeline has no tokenize stage).")
    return _section(
        "funnel", "Funnel",
        _table(["stage", "docs in", "docs out", "dropped", "left of input", "text bytes in",
                "text bytes out"], rows, "funnel-table"),
        _note("Bytes are UTF-8 bytes of the text (and HTML before extraction); the output row "
              "gives the compressed Parquet bytes. " + tokens),
        chart)


def _drops(data: RunData) -> str:
    stages = data.manifest["stages"]
    read = stages[0]["rows_in"] if stages else 0
    reasons = [(reason, n) for s in stages for reason, n in
               sorted(s["dropped"].items(), key=lambda item: (-item[1], item[0]))]
    if not reasons:
        return _section("drops", "Drops by reason", _note("no document was dropped"))
    rows = [f'<tr data-reason="{_e(r)}"><td><a href="#ex-{_e(r)}">{_e(r)}</a></td>'
            + _num(n) + f"<td>{_pct(n, read)}</td></tr>" for r, n in reasons]
    chart = plots.bar_chart([r for r, _ in reasons], [n for _, n in reasons],
                            "documents dropped, by reason (in stage order)")
    return _section("drops", "Drops by reason",
                    _table(["reason", "documents", "of documents read"], rows, "drops-table"),
                    chart)


def _scan_note(data: RunData) -> str:
    m = data.manifest
    if data.complete:
        return ""
    return _note(f"Counted over {data.kept_shards_scanned} of {len(m['shards'])} kept and "
                 f"{data.rejected_shards_scanned} of {len(m['rejected_shards'])} rejected "
                 "shards (evenly spaced): shares are estimates.")


def _groups(data: RunData, section_id: str, title: str, kept: GroupCounts,
            rejected: Counter) -> str:
    keys = sorted(set(kept.docs) | set(rejected),
                  key=lambda k: (-kept.docs.get(k, 0), -rejected.get(k, 0), str(k)))
    if not keys:
        return _section(section_id, title, _note("no documents"))
    docs_total = sum(kept.docs.values())
    tokens_total = sum(kept.tokens.values())
    rows = []
    for key in keys:
        name = "(none)" if key is None else key
        docs, tokens = kept.docs.get(key, 0), kept.tokens.get(key, 0)
        rows.append(f'<tr data-key="{_e(name)}"><td>{_e(name)}</td>' + _num(docs)
                    + f"<td>{_pct(docs, docs_total)}</td>"
                    + (_num(tokens) + f"<td>{_pct(tokens, tokens_total)}</td>"
                       if tokens_total else "<td>-</td><td>-</td>")
                    + _num(rejected.get(key, 0))
                    + f"<td>{_pct(docs, docs + rejected.get(key, 0))}</td></tr>")
    shown = keys[:30]
    chart = plots.kept_rejected_bars(["(none)" if k is None else k for k in shown],
                                     [kept.docs.get(k, 0) for k in shown],
                                     [rejected.get(k, 0) for k in shown],
                                     f"documents per {title.lower().rstrip('s')}")
    return _section(section_id, title,
                    _table(["", "kept docs", "share", "tokens", "token share", "rejected docs",
                            "kept rate"], rows, f"{section_id}-table"),
                    _scan_note(data), chart)


def _column(table: pa.Table | None, name: str) -> np.ndarray:
    if table is None or name not in table.column_names:
        return np.zeros(0)
    values = pc.drop_null(table.column(name))
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=float)


def _lengths(table: pa.Table | None) -> np.ndarray:
    if table is None:
        return np.zeros(0)
    return np.asarray(pc.fill_null(pc.utf8_length(table.column("text")), 0)
                      .to_numpy(zero_copy_only=False), dtype=float)


def _distributions(data: RunData) -> str:
    kept, rejected = data.kept_sample, data.rejected_sample
    parts = [_note("Histograms are over a deterministic sample of documents "
                   "(a few hundred rows from up to a few dozen shards per directory).")]
    lengths = {"kept": _lengths(kept), "rejected": _lengths(rejected)}
    parts.append('<h3 id="length">Document length</h3>')
    parts.append(plots.histogram(lengths, "document length (characters)", log_x=True)
                 if any(len(v) for v in lengths.values()) else _note("no documents"))
    scores = {"kept": _column(kept, "lang_score"), "rejected": _column(rejected, "lang_score")}
    parts.append('<h3 id="lang-score">Language score</h3>')
    parts.append(plots.histogram(scores, "language identification score")
                 if any(len(v) for v in scores.values())
                 else _note("no lang_score (the pipeline has no langid stage)"))
    parts.append('<h3 id="signals">Quality signals</h3>')
    parts.extend(_signals(kept))
    parts.append('<h3 id="pii">PII per type</h3>')
    parts.append(_pii(data))
    parts.append('<h3 id="duplicates">Duplicate clusters</h3>')
    parts.append(_duplicates(data))
    return _section("distributions", "Distributions", *parts)


def _signals(kept: pa.Table | None) -> list[str]:
    parts = []
    score = _column(kept, "quality_score")
    if len(score):
        parts.append(plots.histogram({"kept": score}, "quality classifier score"))
    for name in ([] if kept is None else kept.column_names):
        if not name.endswith(SIGNALS_SUFFIX):
            continue
        struct = kept.column(name).combine_chunks()
        columns = {f.name: np.asarray(pc.fill_null(struct.field(i), np.nan)
                                      .to_numpy(zero_copy_only=False), dtype=float)
                   for i, f in enumerate(struct.type)}
        parts.append(plots.small_multiples(columns, f"{name} (kept documents)"))
    if not parts:
        parts.append(_note("No signal columns: set `signals: true` on a filter stage (or add "
                           "quality_classifier) to keep the metrics behind its decisions."))
    return parts


def _pii(data: RunData) -> str:
    if not data.pii:
        return _note("no pii_counts column (the pipeline has no pii stage)")
    kept_docs = sum(data.kept_by_source.docs.values())
    rows = [f'<tr data-key="{_e(kind)}"><td>{_e(kind)}</td>' + _num(found) + _num(docs)
            + f"<td>{_pct(docs, kept_docs)}</td></tr>"
            for kind, (found, docs) in data.pii.items()]
    table = _table(["type", "occurrences", "documents", "of kept documents"], rows, "pii-table")
    chart = plots.bar_chart(list(data.pii), [found for found, _ in data.pii.values()],
                            "PII occurrences replaced, per type", color=plots.KEPT)
    return table + _scan_note(data) + chart


def _duplicates(data: RunData) -> str:
    if not data.duplicates:
        return _note("no document was dropped as a duplicate")
    sizes = Counter(n + 1 for n in data.duplicates.values())  # the survivor is in the cluster
    rows = [f'<tr data-key="{size}"><td>{size}</td>' + _num(count) + "</tr>"
            for size, count in sorted(sizes.items())]
    largest = data.duplicates.most_common(5)
    top = "".join(f"<li>{_e(sid)}: {n + 1} documents</li>" for sid, n in largest)
    return (_table(["cluster size", "clusters"], rows, "duplicates-table")
            + f"<p>Largest clusters (survivor id):</p><ul>{top}</ul>" + _scan_note(data)
            + plots.cluster_sizes(dict(sizes)))


def _document(record: dict, *, open_: bool = False) -> str:
    fields = [f"{k}: {record[k]}" for k in ("id", "source", "lang", "url", "duplicate_of")
              if record.get(k) is not None]
    if record.get("lang_score") is not None:
        fields.append(f"lang_score: {record['lang_score']:.2f}")
    return (f'<details{" open" if open_ else ""}><summary>{_e(" | ".join(fields))}</summary>'
            + (f"<pre>{_e(_truncate(record['text']))}</pre>" if record.get("text")
               # Rows dropped before extraction (or unreadable) have no text to show.
               else _note("(no text)"))
            + "</details>")


def _examples(data: RunData, limits: ReportLimits) -> str:
    parts = ['<h3 id="ex-kept">Kept</h3>']
    kept = data.kept_sample
    if kept is None or not kept.num_rows:
        parts.append(_note("no kept documents"))
    else:
        parts.extend(_document(r, open_=i == 0)
                     for i, r in enumerate(kept.slice(0, limits.examples).to_pylist()))
    parts.append("<h3>Rejected, per reason</h3>")
    reasons = [r for s in data.manifest["stages"] for r in sorted(s["dropped"])]
    for reason in reasons:
        records = data.examples.get(reason, [])
        parts.append(f'<h4 id="ex-{_e(reason)}">{_e(reason)}</h4>')
        parts.extend(_document(r, open_=i == 0) for i, r in enumerate(records))
        if not records:
            # Some reasons are only counted (e.g. WARC request records are not documents).
            parts.append(_note("no row in rejected/ has this reason" if data.complete
                               else "none in the scanned shards"))
    return _section("examples", "Examples", _note(
        f"Texts are cut at {EXAMPLE_CHARS} characters; "
        "`dataprep inspect RUN_DIR --reason REASON` shows more."), *parts)


def _config(data: RunData) -> str:
    m = data.manifest
    versions = [f'<tr data-key="{_e(k)}"><td>{_e(k)}</td><td>{_e(v or "-")}</td></tr>'
                for k, v in m["versions"].items()]
    timing = m["timing"]
    seconds = [f'<tr data-key="{_e(k)}"><td>{_e(k)}</td>' + _num(round(v, 2), f"{v:,.2f}")
               + "</tr>" for k, v in timing["stage_seconds"].items()]
    return _section(
        "config", "Config and versions",
        f"<pre>{_e(yaml.safe_dump(m['config'], sort_keys=False, allow_unicode=True))}</pre>",
        _table(["package", "version"], versions, "versions-table"),
        _table(["stage", "task seconds (summed)"], seconds, "timing-table"),
        _note(f"Largest worker RSS: {timing['max_worker_rss_mb']:,.0f} MB. Seconds are summed "
              "over tasks and vary from run to run."))


def render_report(data: RunData, limits: ReportLimits | None = None) -> str:
    """The report's HTML for a loaded run."""
    limits = limits or ReportLimits()
    name = data.manifest["name"]
    nav = "".join(f'<a href="#{s}">{s}</a>' for s in SECTIONS)
    body = "".join([
        _summary(data), _funnel(data), _drops(data),
        _groups(data, "sources", "Sources", data.kept_by_source, data.rejected_by_source),
        _groups(data, "languages", "Languages", data.kept_by_lang, data.rejected_by_lang),
        _distributions(data), _examples(data, limits), _config(data),
    ])
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8"><title>dataprep run: {_e(name)}'
            f'</title><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{CSS}</style></head><body><h1>dataprep run: {_e(name)}</h1>"
            f"<nav>{nav}</nav>{body}</body></html>\n")


def build_report(run_dir: str, *, limits: ReportLimits | None = None) -> str:
    """Write ``RUN_DIR/report.html`` for a finished run (its manifest) and return its path."""
    fs, root = fs_and_path(run_dir)
    page = render_report(load_run(run_dir, limits), limits)
    path = join(root, "report.html")
    write_bytes_atomic(fs, path, page.encode("utf-8"))
    return path
