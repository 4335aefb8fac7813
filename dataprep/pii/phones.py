"""Phone number validity from libphonenumber's numbering-plan metadata (``phonenumbers``).

The scanner finds phone-shaped candidates; this module says whether their digits are a number
some numbering plan assigns. A national number (no country code) is tried against
``NATIONAL_REGIONS``: a per-region length set and the region's general number pattern,
compiled once, discard most regions in microseconds before ``phonenumbers`` parses and checks
the few that remain.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import SUPPORTED_REGIONS, NumberParseException

from dataprep.pii.regions import NATIONAL_REGIONS


class _Plan(NamedTuple):
    region: str
    trunk: re.Pattern[str] | None  # the national prefix as libphonenumber strips it
    lengths: frozenset[int]  # possible lengths of the national significant number
    pattern: re.Pattern[str]  # the region's general national number pattern
    always_parse: bool  # national prefix rules that rewrite the number (carrier codes)
    national_prefix: str  # the trunk prefix as written ("0", "8", "06"), or ""


@functools.cache
def _plans() -> tuple[_Plan, ...]:
    plans = []
    for region in NATIONAL_REGIONS:
        if region not in SUPPORTED_REGIONS:
            continue
        meta = PhoneMetadata.metadata_for_region(region)
        general = meta.general_desc
        prefix = meta.national_prefix_for_parsing or meta.national_prefix
        plans.append(_Plan(region, re.compile(prefix) if prefix else None,
                           frozenset(general.possible_length),
                           re.compile(general.national_number_pattern),
                           meta.national_prefix_transform_rule is not None,
                           meta.national_prefix or ""))
    return tuple(plans)


def _maybe(plan: _Plan, digits: str) -> bool:
    """A cheap necessary condition for ``digits`` (national form) to be valid in ``plan``."""
    if plan.always_parse:
        return True
    if len(digits) in plan.lengths and plan.pattern.fullmatch(digits):
        return True
    if plan.trunk is not None and (m := plan.trunk.match(digits)) and m.end():
        rest = digits[m.end():]
        return len(rest) in plan.lengths and plan.pattern.fullmatch(rest) is not None
    return False


@functools.lru_cache(maxsize=4096)
def _valid(number: str, region: str | None) -> bool:
    try:
        parsed = phonenumbers.parse(number, region)
    except NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


def _boundaries(formatted: str, digits: str, trunk: str) -> frozenset[int] | None:
    """Where the region's own national format puts group breaks, as digit offsets into
    ``digits`` (the number as written); ``None`` if the format cannot be lined up with it."""
    groups = re.findall(r"[0-9]+", formatted)
    shown = "".join(groups)
    breaks, pos = set(), 0
    for g in groups[:-1]:
        pos += len(g)
        breaks.add(pos)
    if shown == digits:
        shift = 0
    elif shown.endswith(digits):  # written without the trunk prefix the format shows
        shift = len(digits) - len(shown)
    elif digits.endswith(shown):  # written with a trunk prefix the format omits
        shift = len(digits) - len(shown)
        breaks.add(0)
    else:
        return None
    if trunk and digits.startswith(trunk):
        breaks.add(len(trunk) - shift)  # "0 (532) ...", "8 (916) ...": a break after the trunk
    return frozenset(b + shift for b in breaks if 0 < b + shift < len(digits))


@functools.lru_cache(maxsize=8192)
def national_formats(digits: str) -> tuple[frozenset[int] | None, ...]:
    """For each of ``NATIONAL_REGIONS`` in which ``digits`` dialled nationally is a valid
    number: the group breaks of that region's national format (see ``_boundaries``)."""
    found = []
    for plan in _plans():
        if not _maybe(plan, digits):
            continue
        try:
            parsed = phonenumbers.parse(digits, plan.region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
            found.append(_boundaries(formatted, digits, plan.national_prefix))
    return tuple(found)


def national_ok(digits: str, breaks: frozenset[int] | None) -> bool:
    """``digits`` is a valid national number somewhere; unless ``breaks`` is ``None`` (no
    grouping to judge by), written with group breaks that its region's format also has."""
    formats = national_formats(digits)
    if breaks is None:
        return bool(formats)
    return any(f is not None and breaks <= f for f in formats)


def international_ok(digits: str, *, possible_is_enough: bool = False) -> bool:
    """``digits`` (country code first) is a valid number of its country; with
    ``possible_is_enough``, a number of a possible length for it is enough."""
    if _valid("+" + digits, None):
        return True
    if not possible_is_enough:
        return False
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse("+" + digits, None))
    except NumberParseException:
        return False
