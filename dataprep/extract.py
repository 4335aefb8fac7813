"""HTML -> main text: trafilatura (default) or resiliparse plus our boilerplate rules.

Settings follow FineWeb (datatrove ``Trafilatura(favour_precision=True)``), with two changes so
that the output depends only on the input:

* ``deduplicate=False``: trafilatura's deduplication keeps an LRU cache across calls, so a
  paragraph's fate would depend on which pages the same worker saw before.
* The safeguard against pathological pages is deterministic first (an HTML size cap and
  trafilatura's element-count cap, ``MAX_TREE_SIZE``) and a wall-clock timeout only as a last
  resort, set far above ordinary extraction times (datatrove's 1 s timeout dropped 34 pages on a
  quiet machine and 76 on a loaded one, on the same input).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from functools import lru_cache
from typing import Annotated, Literal

import pyarrow as pa
from pydantic import Field

from dataprep.boilerplate import Rules
from dataprep.schema import mark_dropped, set_column


class _ExtractionTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_ExtractionTimeout`` after ``seconds`` (main thread only: signals need it)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise _ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@lru_cache(maxsize=1)
def _speed_up_trafilatura() -> None:
    """Once per process: the same output for less CPU (``dataprep.trafilatura_speedups``)."""
    from dataprep.trafilatura_speedups import install

    install()


@lru_cache(maxsize=8)
def _trafilatura_config(max_tree_size: int):
    """trafilatura's settings with ours (one copy per tree size, shared: it is only read)."""
    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(max_tree_size)
    # Short pages (forum posts, product blurbs) are legitimate; filters decide about length.
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
    return config


def extract_text(
    html: str,
    *,
    url: str | None = None,
    favor_precision: bool = True,
    include_comments: bool = False,
    include_tables: bool = True,
    fast: bool = False,
    max_tree_size: int = 50_000,
) -> str | None:
    """Main text of an HTML page, or ``None`` when trafilatura finds none."""
    import trafilatura

    _speed_up_trafilatura()
    return trafilatura.extract(
        html,
        url=url,
        favor_precision=favor_precision,
        include_comments=include_comments,
        include_tables=include_tables,
        fast=fast,
        deduplicate=False,
        output_format="txt",
        config=_trafilatura_config(max_tree_size),
    )


class ExtractStage:
    """Fills ``text`` from the ``html`` column (text documents pass through), then drops ``html``.

    ``engine`` picks the extractor: ``trafilatura`` (the default; ``favor_precision``,
    ``include_comments``, ``include_tables``, ``fast`` and ``max_tree_size`` are its options) or
    ``resiliparse`` (about 20x cheaper; ``max_link_density``, ``min_stop_word_density``,
    ``short_run_lines`` and ``short_line_chars`` set its boilerplate rules, see
    docs/extract.md). Drop reasons: ``too_large`` (HTML over ``max_html_bytes``), ``timeout``
    (over ``timeout_seconds``), ``no_text`` (nothing extracted).
    """

    name = "extract"

    def __init__(self, *, engine: Literal["trafilatura", "resiliparse"] = "trafilatura",
                 favor_precision: bool = True, include_comments: bool = False,
                 include_tables: bool = True, fast: bool = False,
                 max_tree_size: Annotated[int, Field(ge=1)] = 50_000,
                 max_link_density: Annotated[float, Field(gt=0, le=1)] | None = 0.5,
                 min_stop_word_density: Annotated[float, Field(ge=0, le=1)] | None = None,
                 short_run_lines: Annotated[int, Field(ge=0)] = 0,
                 short_line_chars: Annotated[int, Field(ge=1)] = 30,
                 max_html_bytes: Annotated[int, Field(ge=1)] = 5 << 20,
                 timeout_seconds: Annotated[float, Field(gt=0)] = 60.0):
        self.engine = engine
        self.options = dict(favor_precision=favor_precision, include_comments=include_comments,
                            include_tables=include_tables, fast=fast,
                            max_tree_size=max_tree_size)
        self.rules = Rules(max_link_density=max_link_density,
                           min_stop_word_density=min_stop_word_density,
                           short_run_lines=short_run_lines, short_line_chars=short_line_chars)
        self.max_html_bytes = max_html_bytes
        self.timeout_seconds = timeout_seconds

    def extract(self, html: str, url: str | None) -> str | None:
        """The configured engine's main text of one page (no safeguards)."""
        if self.engine == "resiliparse":
            from dataprep.extract_resiliparse import resiliparse_text

            return resiliparse_text(html, self.rules)
        return extract_text(html, url=url, **self.options)

    def _extract_one(self, html: str, url: str | None) -> tuple[str | None, str | None]:
        if len(html.encode("utf-8", "surrogatepass")) > self.max_html_bytes:
            return None, "too_large"
        try:
            with _time_limit(self.timeout_seconds):
                text = self.extract(html, url)
        except _ExtractionTimeout:
            return None, "timeout"
        if not text or not text.strip():
            return None, "no_text"
        return text, None

    def __call__(self, table: pa.Table) -> pa.Table:
        if "html" not in table.column_names:
            return table
        htmls = table.column("html").to_pylist()
        urls = table.column("url").to_pylist()
        texts = table.column("text").to_pylist()
        reasons: list[str | None] = []
        for i, (html, url) in enumerate(zip(htmls, urls, strict=True)):
            if html is None:
                reasons.append(None)
                continue
            texts[i], reason = self._extract_one(html, url)
            reasons.append(reason)
        table = set_column(table, "text", pa.array(texts, pa.large_string()))
        table = table.drop_columns(["html"])
        return mark_dropped(table, reasons, self.name)
