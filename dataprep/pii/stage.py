"""The ``pii`` pipeline stage: scrubs ``text`` and records counts per type."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import pyarrow as pa
from pydantic import Field

from dataprep.errors import ConfigError
from dataprep.pii.scan import TYPES, find_pii, resolve_types
from dataprep.pii.scrub import MODES, count_spans, replace_spans
from dataprep.schema import mark_dropped, replace_text, set_column

PII_COUNTS_TYPE = pa.struct([pa.field(kind, pa.int32(), nullable=False) for kind in TYPES])
"""The ``pii_counts`` column: one int32 per type, in ``TYPES`` order, for every batch."""


class PiiStage:
    """Rewrites PII in ``text`` (see ``scrub_pii``) and adds a ``pii_counts`` struct column.

    Params: ``types`` (list of ``TYPES``, default all), ``mode`` (``placeholder`` default,
    ``pseudonym`` or ``drop``), ``keep_private_ips`` (default true). In ``drop`` mode rows with
    any PII get the drop reason ``pii:contains_pii``; their text is still rewritten with
    placeholders so that ``rejected/`` holds no personal data either. Rows whose text changed
    get ``pii`` appended to ``modified_by``.
    """

    name = "pii"

    def __init__(self, *, types: Annotated[Iterable[str], Field(min_length=1)] | None = None,
                 mode: str = "placeholder",
                 keep_private_ips: bool = True):
        if isinstance(types, str) or (types is not None and not isinstance(types, Iterable)):
            raise ConfigError("pii.types: expected a list of PII types")
        try:
            self.types = resolve_types(types)
        except ValueError as exc:
            raise ConfigError(f"pii.types: {exc}") from None
        if mode not in MODES:
            raise ConfigError(f"pii.mode: unknown mode '{mode}' (known: {', '.join(MODES)})")
        if not isinstance(keep_private_ips, bool):
            raise ConfigError("pii.keep_private_ips: expected true or false")
        self.mode = mode
        self.keep_private_ips = keep_private_ips

    def __call__(self, table: pa.Table) -> pa.Table:
        new_texts: list[str | None] = []
        counts: list[dict[str, int]] = []
        reasons: list[str | None] = []
        rewrite = "pseudonym" if self.mode == "pseudonym" else "placeholder"
        for text in table.column("text").to_pylist():
            spans = find_pii(text or "", types=self.types,
                             keep_private_ips=self.keep_private_ips)
            new_texts.append(replace_spans(text, spans, rewrite) if spans else text)
            counts.append(count_spans(spans))
            reasons.append("contains_pii" if spans and self.mode == "drop" else None)
        table = replace_text(table, new_texts, self.name)
        table = set_column(table, "pii_counts", pa.array(counts, PII_COUNTS_TYPE))
        if self.mode == "drop":
            table = mark_dropped(table, reasons, self.name)
        return table
