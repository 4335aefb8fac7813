"""The result type of detection and the fixed list of PII types."""

from __future__ import annotations

from typing import NamedTuple

TYPES = ("email", "ip", "phone", "credit_card", "cn_id", "ssn", "iban", "secret")
"""Every PII type, in the fixed order of the ``pii_counts`` fields."""


class PiiSpan(NamedTuple):
    """A detected identifier: ``text[start:end]`` is of type ``kind``."""

    start: int
    end: int
    kind: str


SKIP = ""
"""The ``kind`` of a span that is not reported but consumed whole (a valid address that the
settings keep), so that no part of it is found again (the IPv4 tail of an IPv6 address)."""
