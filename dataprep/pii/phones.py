"""Phone number validity from libphonenumber's numbering-plan metadata (``phonenumbers``).

The scanner finds phone-shaped candidates; this module says whether their digits are a number
that some numbering plan assigns, and how that country groups it. Numbers with a country code
are checked against the regions of their country code, a national number (no country code)
against every region of ``NATIONAL_REGIONS``; both directly against libphonenumber's
metadata (the region's general pattern and lengths, then its number-type patterns:
fixed line, mobile, toll free ... exactly the tests of ``is_valid_number``), with the patterns
compiled once per region: ``phonenumbers`` compiles its patterns through ``re``'s 512-entry
cache, which 150 regions overflow, so parsing every candidate in every region costs ~20 ms.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberFormat,
    format_number,
)
from phonenumbers.phonenumberutil import SUPPORTED_REGIONS

from dataprep.pii.regions import NATIONAL_REGIONS

_TYPE_DESCS = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost",
               "personal_number", "voip", "pager", "uan", "voicemail")


class _Desc(NamedTuple):
    pattern: re.Pattern[str]
    lengths: frozenset[int]  # empty: the region's general lengths


class _Plan(NamedTuple):
    region: str
    trunk: re.Pattern[str] | None  # the national prefix as libphonenumber strips it
    # How the digits the trunk pattern captured are rewritten (Argentina: "0AA 15" -> "9AA").
    transform: str | None
    country_code: int
    lengths: frozenset[int]  # possible lengths of the national significant number
    pattern: re.Pattern[str]  # the region's general national number pattern
    types: tuple[_Desc, ...]  # one per number type the region has
    formats: tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...]  # (leading, groups)


def _plan(region: str) -> _Plan:
    meta = PhoneMetadata.metadata_for_region(region)
    general = meta.general_desc
    prefix = meta.national_prefix_for_parsing or meta.national_prefix
    types = []
    for name in _TYPE_DESCS:
        desc = getattr(meta, name)
        if desc is not None and desc.national_number_pattern:
            types.append(_Desc(re.compile(desc.national_number_pattern),
                               frozenset(desc.possible_length or ())))
    formats = tuple(
        (re.compile(f.leading_digits_pattern[-1]) if f.leading_digits_pattern else None,
         re.compile(f.pattern))
        for f in meta.number_format)
    return _Plan(region, re.compile(prefix) if prefix else None,
                 meta.national_prefix_transform_rule, meta.country_code,
                 frozenset(general.possible_length), re.compile(general.national_number_pattern),
                 tuple(types), formats)


@functools.cache
def _plans() -> tuple[_Plan, ...]:
    return tuple(_plan(r) for r in NATIONAL_REGIONS if r in SUPPORTED_REGIONS)


def _valid_nsn(plan: _Plan, nsn: str) -> bool:
    """``nsn`` (national significant number) is a number of one of the region's types."""
    if len(nsn) not in plan.lengths or not plan.pattern.fullmatch(nsn):
        return False
    return any((not d.lengths or len(nsn) in d.lengths) and d.pattern.fullmatch(nsn)
               for d in plan.types)


def _format_breaks(plan: _Plan, nsn: str) -> frozenset[int] | None:
    """Where the region's national format breaks ``nsn`` into groups (digit offsets)."""
    for leading, groups in plan.formats:
        if leading is not None and not leading.match(nsn):
            continue
        m = groups.fullmatch(nsn)
        if m is not None:
            return frozenset(m.end(i) for i in range(1, m.lastindex or 0))
    return None


def _without_trunk(trunk: re.Pattern[str], transform: str | None,
                   digits: str) -> tuple[str, bool] | None:
    """``digits`` without a national prefix, as libphonenumber's parser strips it: (national
    significant number, whether the transform rule rewrote it), or ``None`` if there is none.
    Argentine mobiles are dialled "0 + area code + 15 + number" and are "9 + area code +
    number" internationally: the rule turns the captured area code into "9" + area code."""
    m = trunk.match(digits)
    if m is None or not m.end():
        return None
    if transform and m.lastindex and m.group(m.lastindex) is not None:
        return m.expand(transform) + digits[m.end():], True
    return digits[m.end():], False


def _national_options(plan: _Plan, digits: str) -> list[str]:
    """``digits`` as the national significant number, as written and without the trunk."""
    if plan.trunk is not None and (stripped := _without_trunk(plan.trunk, plan.transform,
                                                              digits)):
        return [digits, stripped[0]]
    return [digits]


class _Index(NamedTuple):
    by_length: dict[int, tuple[_Plan, ...]]  # plans by a possible NSN length
    # Per distinct trunk-prefix pattern and transform rule: the plans using them, by a
    # possible NSN length.
    by_trunk: tuple[tuple[re.Pattern[str], str | None, dict[int, tuple[_Plan, ...]]], ...]


def _by_length(plans: list[_Plan]) -> dict[int, tuple[_Plan, ...]]:
    table: dict[int, list[_Plan]] = {}
    for plan in plans:
        for n in plan.lengths:
            table.setdefault(n, []).append(plan)
    return {n: tuple(p) for n, p in table.items()}


@functools.cache
def _index() -> _Index:
    plans = list(_plans())
    trunks: dict[tuple[str, str | None], list[_Plan]] = {}
    for plan in plans:
        if plan.trunk is not None:
            trunks.setdefault((plan.trunk.pattern, plan.transform), []).append(plan)
    return _Index(_by_length(plans), tuple(
        (group[0].trunk, group[0].transform, _by_length(group)) for group in trunks.values()))


def _national_matches(digits: str) -> Iterator[tuple[_Plan, str, int | None]]:
    """(region plan, national significant number, digits before it or ``None`` when a
    transform rule rewrote them) for each region of
    ``NATIONAL_REGIONS`` in which ``digits`` dialled nationally is a valid number, as written
    first, then without a trunk prefix; lazily, so a caller can stop at the first that fits."""
    index = _index()
    seen = set()
    for plan in index.by_length.get(len(digits), ()):
        if _valid_nsn(plan, digits):
            seen.add(plan.region)
            yield plan, digits, 0
    for trunk, transform, by_length in index.by_trunk:
        stripped = _without_trunk(trunk, transform, digits)
        if stripped is None:
            continue
        nsn, rewritten = stripped
        for plan in by_length.get(len(nsn), ()):
            if plan.region not in seen and _valid_nsn(plan, nsn):
                yield plan, nsn, None if rewritten else len(digits) - len(nsn)


@functools.lru_cache(maxsize=8192)
def national_ok(digits: str, breaks: frozenset[int] | None) -> bool:
    """``digits`` is a valid national number in one of ``NATIONAL_REGIONS``; unless ``breaks``
    is ``None`` (no grouping to judge by), written with group breaks (digit offsets) that the
    region's own national format also has (a break after a written trunk prefix is allowed)."""
    for plan, nsn, offset in _national_matches(digits):
        if breaks is None:
            return True
        if offset is None:
            if breaks <= _written_breaks(plan, nsn, digits):
                return True
            continue
        own = _format_breaks(plan, nsn)
        if own is not None and breaks <= {b + offset for b in own} | {offset}:
            return True
    return False


def _written_breaks(plan: _Plan, nsn: str, digits: str) -> frozenset[int]:
    """Group breaks (offsets in ``digits``) of libphonenumber's national format of a number
    whose dialled form a transform rule rewrote ("011 15-2345-6789"); empty if that format
    dials other digits. Rare, so ``phonenumbers`` formats it."""
    number = PhoneNumber(country_code=plan.country_code, national_number=int(nsn))
    written = format_number(number, PhoneNumberFormat.NATIONAL)
    breaks, count = set(), 0
    for ch in written:
        if ch.isdigit():
            count += 1
        elif 0 < count:
            breaks.add(count)
    if "".join(ch for ch in written if ch.isdigit()) != digits:
        return frozenset()
    return frozenset(b for b in breaks if b < len(digits))


@functools.cache
def _plan_of(region: str) -> _Plan:
    return _plan(region)


@functools.lru_cache(maxsize=8192)
def international_ok(digits: str, *, possible_is_enough: bool = False) -> bool:
    """``digits`` (country code first) is a valid number of a region with that country code;
    with ``possible_is_enough``, one of a possible length for it is enough. The same tests as
    ``phonenumbers.is_valid_number`` on the parsed number, with patterns compiled once."""
    for size in (1, 2, 3):
        regions = COUNTRY_CODE_TO_REGION_CODE.get(int(digits[:size]) if digits[:size] else 0)
        if regions:
            plans = [_plan_of(r) for r in regions if r in SUPPORTED_REGIONS]
            # A trunk prefix written after the country code ("+91 0...") is dropped, as
            # libphonenumber's parser does.
            options = [(p, nsn) for p in plans for nsn in _national_options(p, digits[size:])]
            if possible_is_enough and any(len(nsn) in p.lengths for p, nsn in options):
                return True
            return any(_valid_nsn(p, nsn) for p, nsn in options)
    return False


def clear_caches() -> None:
    """Forget every number validated so far (benchmarks measure validation, not look-ups)."""
    national_ok.cache_clear()
    international_ok.cache_clear()
