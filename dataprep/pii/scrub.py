"""Replace detected PII: typed placeholders, consistent pseudonyms, or drop the document."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from dataprep.pii.checks import digits_of
from dataprep.pii.scan import TYPES, PiiSpan, find_pii

MODES = ("placeholder", "pseudonym", "drop")

PLACEHOLDERS = {kind: f"<{kind.upper()}>" for kind in TYPES}
"""Typed placeholders, e.g. ``<EMAIL>``, ``<CREDIT_CARD>``, ``<CN_ID>``."""


def _fake_ip(value: str, n: int) -> str:
    if ipaddress.ip_address(value).version == 6:
        return f"2001:db8::{n:x}"  # RFC 3849 documentation prefix
    # RFC 5737 TEST-NET-1/2/3: 762 documentation addresses, then they repeat.
    block, host = divmod((n - 1) % 762, 254)
    return f"{('192.0.2', '198.51.100', '203.0.113')[block]}.{host + 1}"


# Fake values, numbered per document in order of first appearance. Each is something the scanner
# itself never reports (reserved domains and ranges, an issuer prefix or area that does not
# exist), so scrubbing the output again changes nothing.
_FAKES: dict[str, Callable[[str, int], str]] = {
    "email": lambda v, n: f"user{n}@example.com",
    "ip": _fake_ip,
    # NANPA reserves 555-0100..0199 for fiction.
    "phone": lambda v, n: f"555-01{(n - 1) % 100:02d}",
    "credit_card": lambda v, n: f"0000 0000 0000 {n % 10000:04d}",
    "cn_id": lambda v, n: f"000000190001010{n % 1000:03d}",
    "ssn": lambda v, n: f"000-00-{n % 10000:04d}",
    "iban": lambda v, n: f"XX00 0000 0000 {n % 10000:04d}",
    "secret": lambda v, n: f"<SECRET_{n}>",
}


def _identity(kind: str, value: str) -> str:
    """The key under which two spellings of one identifier get the same pseudonym."""
    if kind == "email":
        return value.lower()
    if kind in ("phone", "credit_card", "ssn", "cn_id"):
        return digits_of(value).upper()
    if kind == "iban":
        return value.replace(" ", "")
    if kind == "ip":
        return str(ipaddress.ip_address(value))
    return value


def replace_spans(text: str, spans: Iterable[PiiSpan], mode: str = "placeholder") -> str:
    """Rewrite ``text`` at ``spans`` (sorted, non-overlapping); characters outside them are
    copied unchanged. ``mode`` is ``"placeholder"`` or ``"pseudonym"``."""
    parts: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    counters = dict.fromkeys(TYPES, 0)
    pos = 0
    for start, end, kind in spans:
        parts.append(text[pos:start])
        if mode == "pseudonym":
            key = (kind, _identity(kind, text[start:end]))
            if key not in seen:
                counters[kind] += 1
                seen[key] = _FAKES[kind](text[start:end], counters[kind])
            parts.append(seen[key])
        else:
            parts.append(PLACEHOLDERS[kind])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def count_spans(spans: Iterable[PiiSpan]) -> dict[str, int]:
    """Occurrences per type, with every type of ``TYPES`` present (zero when absent)."""
    counts = dict.fromkeys(TYPES, 0)
    for span in spans:
        counts[span.kind] += 1
    return counts


def scrub_pii(
    text: str,
    *,
    types: Iterable[str] | None = None,
    mode: str = "placeholder",
    keep_private_ips: bool = True,
) -> tuple[str, dict[str, int]]:
    """Find and replace personal data and secrets in ``text``; returns (new text, counts).

    Detected types (``TYPES``): email; IPv4/IPv6; phone numbers (E.164, North American,
    French/UK/German national formats, Chinese mobile ``1[3-9]x`` with or without ``+86`` and
    Chinese landlines); payment cards (Luhn, 13-19 digits); Chinese resident IDs (GB 11643,
    ISO 7064 MOD 11-2); US SSNs (SSA ranges); IBANs (ISO 13616 mod-97); secrets (private key
    blocks, AWS/Google/GitHub/GitLab/Slack/Stripe/Hugging Face/OpenAI-style tokens, JWTs,
    ``user:pass@`` in URLs). Look-alikes are rejected by check digits, ranges and context words
    (see ``docs/pii.md``). Text outside the detected spans is never changed.

    ``mode``: ``"placeholder"`` (default) writes ``<EMAIL>``, ``<PHONE>``...; ``"pseudonym"``
    writes a fake value per distinct identifier, numbered in order of appearance, so the same
    input gives the same output; ``"drop"`` returns ``""`` for a text with any PII (the
    pipeline stage marks such rows instead). ``types`` limits the types (default all);
    ``keep_private_ips`` keeps addresses that are not globally routable.
    Raises ``ValueError`` for an unknown type or mode.
    """
    if mode not in MODES:
        raise ValueError(f"unknown PII mode '{mode}' (known: {', '.join(MODES)})")
    spans = find_pii(text, types=types, keep_private_ips=keep_private_ips)
    counts = count_spans(spans)
    if not spans:
        return text, counts
    if mode == "drop":
        return "", counts
    return replace_spans(text, spans, mode), counts
