"""One combined scan that finds PII spans in a string.

The master regex is built from the trigger groups of ``patterns.py`` for the enabled types
and tried where ``prefilter.py`` says it can match; each candidate it finds is validated by
``validate.py`` (check digits, numbering plans, ranges, context words). See ``docs/pii.md``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from dataprep.pii.patterns import BRANCH_TYPES, DIGIT_ENTRY, GROUPS, NEEDS, SECRET
from dataprep.pii.prefilter import Prefilter, prefilter
from dataprep.pii.span import SKIP, TYPES, PiiSpan
from dataprep.pii.validate import check

__all__ = ["TYPES", "PiiSpan", "find_pii", "resolve_types"]

_NUMBER_TRIGGERS = frozenset("0123456789+(（")
_FREQUENCY = "_(-:A@+J"  # non-digit triggers, most frequent in web text first
_ALL_TYPES = frozenset(TYPES)


def resolve_types(types: Iterable[str] | None) -> frozenset[str]:
    """The enabled types (all when ``None``); raises ``ValueError`` naming an unknown one."""
    if types is None:
        return _ALL_TYPES
    if isinstance(types, str):
        types = [types]
    chosen = frozenset(types)
    unknown = sorted(chosen - set(TYPES))
    if unknown:
        raise ValueError(f"unknown PII type '{unknown[0]}' (known: {', '.join(TYPES)})")
    return chosen


class _Scanner(NamedTuple):
    master: re.Pattern[str]
    # For each branch, the branches after it that share its trigger (tried when it fails).
    fallbacks: dict[str, list[tuple[str, re.Pattern[str]]]]
    enabled: frozenset[str]
    # The positions where ``master`` can match (``None``: search with ``re`` alone).
    prefilter: Prefilter | None


@functools.lru_cache(maxsize=64)
def _scanner(enabled: frozenset[str]) -> _Scanner:
    groups = []
    for trig, guard, branches in GROUPS:
        kept = [(name, rest) for name, rest in branches
                if BRANCH_TYPES.get(name, SECRET) & enabled]
        if kept:
            groups.append((trig, guard, kept))
    # One leading class of every trigger character (so the engine skips all other text in C),
    # then one alternative per trigger class, entered after a single lookbehind on the
    # consumed trigger; within it each group checks its guard.
    by_trigger: dict[str, list[str]] = {}
    for trig, guard, branches in groups:
        by_trigger.setdefault(trig, []).append(
            guard + "(?:" + "|".join(f"(?P<{name}>{rest})" for name, rest in branches) + ")")
    entries = {trig: f"(?<=[{trig}])(?:{'|'.join(alts)})" for trig, alts in by_trigger.items()}
    if "0-9" in entries:
        entries["0-9"] = f"(?<=[0-9]){DIGIT_ENTRY}(?:{'|'.join(by_trigger['0-9'])})"
    digit = entries.pop("0-9", None)
    # The non-digit triggers, most frequent in text first; a digit that fails its groups
    # skips them all with one lookbehind (digits are most triggers).
    others = [entries[t] for t in sorted(entries, key=lambda t: _FREQUENCY.find(t[0]))]
    if digit is None:
        alternatives = "|".join(others)
    elif others:
        alternatives = digit + "|(?<![0-9])(?:" + "|".join(others) + ")"
    else:
        alternatives = digit
    master = re.compile(_trigger_class(list(by_trigger)) + f"(?:{alternatives})")
    fallbacks: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for trig, guard, branches in groups:
        for i, (name, _) in enumerate(branches):
            fallbacks[name] = [(other, re.compile(f"[{trig}]{guard}(?:{rest})"))
                               for other, rest in branches[i + 1:]]
    # With one literal trigger (e-mail alone), ``re``'s search skips to it as fast as memchr.
    needs = [need for _, _, branches in groups for name, _ in branches for need in NEEDS[name]]
    one_literal = len(by_trigger) == 1 and len(next(iter(by_trigger))) == 1
    return _Scanner(master, fallbacks, enabled, None if one_literal else prefilter(needs))


def _trigger_class(triggers: list[str]) -> str:
    """One character class of all trigger characters (``"0-9"`` stands for the digits)."""
    digits = "0-9" in triggers
    chars = sorted({c for t in triggers if t != "0-9" for c in t})
    return "[" + ("0-9" if digits else "") + "".join(re.escape(c) for c in chars) + "]"


def _validated(scanner: _Scanner, m: re.Match[str], text: str, floor: int,
               keep_private_ips: bool) -> PiiSpan | None:
    """The span of candidate ``m`` (or of a later branch of its group at the same place)."""
    name = m.lastgroup
    assert name is not None
    span = check(m, name, text, floor, keep_private_ips)
    if span is None:
        for other, pattern in scanner.fallbacks[name]:
            alt = pattern.match(text, m.start())
            if alt is not None and (span := check(alt, other, text, floor,
                                                  keep_private_ips)) is not None:
                break
    # A branch may serve several types (an undivided run): keep only the enabled ones.
    if span is not None and span.kind not in scanner.enabled and span.kind != SKIP:
        return None
    return span


def find_pii(text: str, *, types: Iterable[str] | None = None,
             keep_private_ips: bool = True) -> list[PiiSpan]:
    """Find PII in ``text`` in one left-to-right scan; spans are sorted and never overlap.

    ``types`` restricts the search to some of ``TYPES`` (default: all). With
    ``keep_private_ips`` (default, as datatrove's ``PIIFormatter``), addresses that are not
    globally routable (RFC 1918 private, loopback, link-local, RFC 5737/3849 documentation)
    are not reported. Raises ``ValueError`` for an unknown type.
    """
    return _find(_scanner(resolve_types(types)), text, keep_private_ips)


def _find(scanner: _Scanner, text: str, keep_private_ips: bool) -> list[PiiSpan]:
    search = _searcher(scanner, text)
    spans: list[PiiSpan] = []
    pos = floor = 0
    while (m := search(pos)) is not None:
        span = _validated(scanner, m, text, floor, keep_private_ips)
        if span is None:
            # A rejected number is rejected whole: no part of it is tried again.
            pos = m.end() if text[m.start()] in _NUMBER_TRIGGERS else m.start() + 1
            continue
        if span.kind != SKIP:
            spans.append(span)
        pos = floor = span.end
    return spans


def _searcher(scanner: _Scanner, text: str) -> Callable[[int], re.Match[str] | None]:
    """``pos -> scanner.master.search(text, pos)``: with a prefilter, the master is tried only
    at the positions it reports (no other position can start a match)."""
    if scanner.prefilter is None:
        return functools.partial(scanner.master.search, text)
    positions = scanner.prefilter.positions(text)
    match = scanner.master.match

    def search(pos: int) -> re.Match[str] | None:
        for i in range(bisect.bisect_left(positions, pos), len(positions)):
            if (m := match(text, positions[i])) is not None:
                return m
        return None
    return search
