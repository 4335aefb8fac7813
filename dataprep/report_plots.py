"""The report's charts: matplotlib figures rendered to SVG text for inlining in HTML.

Figures are built with ``matplotlib.figure.Figure`` and never through ``pyplot``, so no GUI
backend or global figure state is involved (safe in Ray workers and on headless machines).
``bbox_inches="tight"`` rather than a layout engine: one extra draw, about half the CPU of
constrained layout for these small figures. Text stays text in the SVG
(``svg.fonttype: none``): smaller files, searchable labels. ``svg.hashsalt`` and an empty date
make the output deterministic.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

KEPT = "#3b7dd8"
REJECTED = "#d8573b"
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "dataprep-report",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    # Labels are data (source names, reasons): a "$" must not start mathtext.
    "text.parse_math": False,
}


def to_svg(fig: Figure) -> str:
    """The figure as an ``<svg>`` element (no XML prolog), ready to inline."""
    buffer = io.StringIO()
    with rc_context(STYLE):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height))


def _human(value: float, _pos: int | None = None) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= size:
            return f"{value / size:.3g}{unit}"
    return f"{value:.3g}"


def funnel_chart(stages: Sequence[str], docs: Sequence[int], text_bytes: Sequence[int],
                 docs_in: int, bytes_in: int) -> str:
    """Documents and bytes left after each stage (shares of the input), as horizontal bars."""
    with rc_context(STYLE):
        fig = _figure(9, 0.35 * len(stages) + 1)
        for i, (values, first, title) in enumerate(((docs, docs_in, "documents"),
                                                    (text_bytes, bytes_in, "text bytes"))):
            ax = fig.add_subplot(1, 2, i + 1)
            ax.barh(list(stages), list(values), color=KEPT)
            ax.invert_yaxis()
            ax.set_title(f"{title} left after each stage")
            ax.xaxis.set_major_formatter(FuncFormatter(_human))
            for y, value in enumerate(values):
                ax.text(value, y, f" {value / first if first else 0:.0%}", va="center",
                        fontsize=8)
        fig.subplots_adjust(wspace=0.45)
        return to_svg(fig)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, *,
              color: str = REJECTED) -> str:
    """Horizontal bars, largest first as given."""
    with rc_context(STYLE):
        fig = _figure(7, 0.3 * len(labels) + 1)
        ax = fig.add_subplot()
        ax.barh(list(labels), list(values), color=color)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.xaxis.set_major_formatter(FuncFormatter(_human))
        return to_svg(fig)


def kept_rejected_bars(labels: Sequence[str], kept: Sequence[int], rejected: Sequence[int],
                       title: str) -> str:
    """Stacked bars of kept and rejected documents per label."""
    with rc_context(STYLE):
        fig = _figure(7, 0.3 * len(labels) + 1)
        ax = fig.add_subplot()
        ax.barh(list(labels), list(kept), color=KEPT, label="kept")
        ax.barh(list(labels), list(rejected), left=list(kept), color=REJECTED, label="rejected")
        ax.invert_yaxis()
        ax.set_title(title)
        ax.legend(loc="best")
        ax.xaxis.set_major_formatter(FuncFormatter(_human))
        return to_svg(fig)


def histogram(series: dict[str, np.ndarray], title: str, *, log_x: bool = False,
              bins: int = 40) -> str:
    """Overlaid histograms (e.g. kept vs rejected) over shared bins."""
    colors = {"kept": KEPT, "rejected": REJECTED}
    values = np.concatenate([v for v in series.values() if len(v)] or [np.zeros(1)])
    low, high = float(values.min()), float(values.max())
    if log_x:
        low = max(low, 1.0)
        edges = np.geomspace(low, max(high, low * 10), bins + 1)
    else:
        edges = np.linspace(low, high if high > low else low + 1, bins + 1)
    with rc_context(STYLE):
        fig = _figure(7, 2.6)
        ax = fig.add_subplot()
        for name, data in series.items():
            if len(data):
                ax.hist(data, bins=edges, alpha=0.6, label=f"{name} ({len(data)})",
                        color=colors.get(name))
        if log_x:
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(FuncFormatter(_human))
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_title(title)
        ax.set_ylabel("documents")
        ax.legend()
        return to_svg(fig)


def small_multiples(columns: dict[str, np.ndarray], title: str, *, per_row: int = 4) -> str:
    """One small histogram per named column (the keys of a signals struct)."""
    names = list(columns)
    rows = -(-len(names) // per_row)
    with rc_context(STYLE):
        fig = _figure(9, 1.9 * rows + 0.4)
        fig.subplots_adjust(hspace=0.55, wspace=0.3)
        fig.suptitle(title)
        for i, name in enumerate(names):
            ax = fig.add_subplot(rows, per_row, i + 1)
            data = columns[name][np.isfinite(columns[name])]
            ax.hist(data, bins=30, color=KEPT)
            ax.set_title(name, fontsize=8)
            ax.tick_params(labelsize=7)
        return to_svg(fig)


def cluster_sizes(sizes: dict[int, int]) -> str:
    """Number of duplicate clusters of each size (survivor included), log scale."""
    xs = sorted(sizes)
    with rc_context(STYLE):
        fig = _figure(7, 2.6)
        ax = fig.add_subplot()
        ax.bar(xs, [sizes[x] for x in xs], color=REJECTED)
        ax.set_yscale("log")
        if xs[-1] > 30:  # a long tail of large clusters: sizes on a log axis too
            ax.set_xscale("log")
        else:
            ax.set_xticks(xs)
            ax.set_xlim(1.5, xs[-1] + 0.5)
        ax.set_xlabel("documents in the cluster")
        ax.set_ylabel("clusters")
        ax.set_title("duplicate cluster sizes")
        return to_svg(fig)
