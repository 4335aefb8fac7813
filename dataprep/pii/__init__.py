"""PII detection and scrubbing: one combined scan, validation by check digits and context.

Library use: ``scrub_pii(text) -> (text, counts)`` and ``find_pii(text) -> [PiiSpan]``;
pipeline use: ``PiiStage`` (stage name ``pii``). See ``docs/pii.md``.
"""

from dataprep.pii.scan import TYPES, PiiSpan, find_pii
from dataprep.pii.scrub import MODES, PLACEHOLDERS, replace_spans, scrub_pii
from dataprep.pii.stage import PII_COUNTS_TYPE, PiiStage

__all__ = [
    "MODES",
    "PII_COUNTS_TYPE",
    "PLACEHOLDERS",
    "TYPES",
    "PiiSpan",
    "PiiStage",
    "find_pii",
    "replace_spans",
    "scrub_pii",
]
