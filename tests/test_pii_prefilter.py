"""The Hyperscan prefilter changes no span: ``find_pii`` with it equals a plain ``re`` search of
the master regex on both labelled sets (every type alone and all together, private IPs kept
and scrubbed) and on seeded random recombinations of their texts."""

from __future__ import annotations

import random
import threading

import pytest
from pii_scoring import load

from dataprep.pii import TYPES
from dataprep.pii.patterns import GROUPS, NEEDS
from dataprep.pii.scan import _find, _scanner, resolve_types

pytest.importorskip("hyperscan")

TEXTS = [c["text"] for name in ("cases.jsonl", "spec_cases.jsonl") for c in load(name)]
# Neighbours that reach other code: word characters, separators, brackets, a non-Latin-1
# letter (a "?" to the prefilter), a full-width bracket, no-break space, line ends.
JOINERS = ["", " ", "-", ".", "/", "_", ":", "@", "+", "(", ")", "（", "a", "Z", "7", "0",
           "中", "\u00a0", "\n", "=", "x", "#"]


def _both(types: frozenset[str], text: str, keep: bool) -> tuple[list, list]:
    scanner = _scanner(types)
    return _find(scanner, text, keep), _find(scanner._replace(prefilter=None), text, keep)


def test_prefilter_is_used_unless_one_literal_trigger_is_enough():
    assert _scanner(resolve_types(["email"])).prefilter is None  # re's search finds "@" fast
    for types in [None, *([t] for t in TYPES if t != "email")]:
        assert _scanner(resolve_types(types)).prefilter is not None, types


def test_every_branch_has_conditions():
    branches = {name for _, _, group in GROUPS for name, _ in group}
    assert branches == set(NEEDS)


@pytest.mark.parametrize("types", [None, *([t] for t in TYPES)])
def test_labelled_sets_give_the_same_spans(types):
    enabled = resolve_types(types)
    for text in TEXTS:
        for keep in (True, False):
            with_prefilter, plain = _both(enabled, text, keep)
            assert with_prefilter == plain, text


def test_recombined_texts_give_the_same_spans():
    rng = random.Random(15)
    enabled = resolve_types(None)
    found = 0
    for _ in range(4000):
        # Stretches of the labelled texts cut anywhere and glued with varied neighbours, so
        # candidates start at the text's first character, right after other candidates,
        # inside words and numbers.
        parts = []
        for _ in range(rng.randint(1, 4)):
            source = rng.choice(TEXTS)
            start = rng.randrange(len(source))
            parts.append(source[start:start + rng.randint(1, 80)])
            parts.append(rng.choice(JOINERS))
        text = "".join(parts)
        with_prefilter, plain = _both(enabled, text, rng.random() < 0.5)
        assert with_prefilter == plain, text
        found += bool(plain)
    assert found > 1000  # the texts do reach the detectors


def test_threads_scan_with_scratch_of_their_own():
    # Hyperscan releases the GIL while it scans; each thread needs its own scratch space.
    text = "call +44 20 7946 0958 or 8.8.8.8, mail li.na@163.com " * 40
    expected = _both(resolve_types(None), text, True)[1]
    results: list[list] = []

    def scan_often() -> None:
        results.extend(_both(resolve_types(None), text, True)[0] for _ in range(50))

    threads = [threading.Thread(target=scan_often) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 200 and all(r == expected for r in results)
