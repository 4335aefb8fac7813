"""Where the master regex can match, found by Hyperscan in one SIMD pass over the text.

CPython's ``re`` tests every character against the master's leading trigger class (about
9 ns a character, 0.4 s of CPU on the 43 M characters of the real corpus) and starts an
attempt at each of its 1.8 M trigger characters (0.95 s a pass in all). Hyperscan (Intel's
multi-pattern matcher, ``hyperscan`` on PyPI) runs the branches' necessary conditions
(``patterns.NEEDS``) over the same text in 0.06-0.08 s and reports ~28,000 positions, where
``scan.py`` then tries the master regex with ``Pattern.match``: the same matches as
``Pattern.search``, because no position left out can start one. Hyperscan reports every
match of every condition, overlapping ones included, at its end; a condition has a fixed
length from its trigger on, so the end gives the trigger.

Hyperscan has wheels for x86-64 (Linux, Windows, macOS) and arm64 macOS. Elsewhere the
import fails and ``scan.py`` searches with ``re`` alone: the same spans, slower."""

from __future__ import annotations

import threading

from dataprep.pii.patterns import Need

try:
    import hyperscan
except ImportError:  # no wheel for this platform
    hyperscan = None

# Before the text, so that the conditions' "not preceded by" classes hold at its start.
_BEFORE = b"\n"


class Prefilter:
    """The candidate positions of a set of branch conditions."""

    def __init__(self, needs: list[Need]) -> None:
        needs = list(dict.fromkeys(needs))
        self._backs = [len(chars) + len(_BEFORE) for _, chars in needs]
        self._database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(
            expressions=[(before + "".join(chars)).encode("ascii") for before, chars in needs],
            ids=list(range(len(needs))), elements=len(needs), flags=[0] * len(needs))
        self._local = threading.local()  # a scan needs scratch space of its own per thread

    def positions(self, text: str) -> list[int]:
        """Sorted positions of ``text`` at which some branch's trigger meets its condition."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        found: list[int] = []
        add, backs = found.append, self._backs

        def on_match(need: int, start: int, end: int, flags: int, context: object) -> None:
            add(end - backs[need])

        # One byte per character: offsets in the bytes are offsets in the text.
        data = _BEFORE + text.encode("latin-1", "replace")
        self._database.scan(data, match_event_handler=on_match, scratch=scratch)
        return sorted(set(found))


def prefilter(needs: list[Need]) -> Prefilter | None:
    """A prefilter of ``needs``, or ``None`` where Hyperscan is not installed."""
    return None if hyperscan is None else Prefilter(needs)
