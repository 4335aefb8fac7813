"""The held-out PII set (tests/data/pii/spec_cases.jsonl, frozen; see its README): scores
per type with a confusion table (``pytest -s`` prints them), and byte-identical text outside
the spans."""

from __future__ import annotations

from collections import Counter

from pii_scoring import Score, load

from dataprep.pii import TYPES, find_pii, replace_spans

CASES = load("spec_cases.jsonl")


def test_spec_set_has_the_required_shape():
    spans = Counter(s[2] for c in CASES for s in c["spans"])
    assert sum(spans.values()) >= 1000 and set(spans) == set(TYPES)
    assert len({c["country"] for c in CASES if c["spans"]} - {"-"}) >= 20
    assert sum(c["hard_negative"] for c in CASES) >= 300


def test_spec_set_recall_per_type_and_overall_precision():
    score = Score(CASES)
    print("\nheld-out set (spec_cases.jsonl)\n" + score.table())
    for kind in TYPES:
        assert score.recall(kind) >= 0.97, (kind, [e for e in score.errors if kind in e])
    assert score.precision() >= 0.98, [e for e in score.errors if e.startswith("FP")]


def test_spec_set_text_outside_spans_is_byte_identical():
    for case in CASES:
        text = case["text"]
        spans = find_pii(text)
        out = replace_spans(text, spans, "placeholder")
        pos = 0
        rebuilt = []
        for start, end, kind in spans:
            rebuilt.append(text[pos:start].encode())
            rebuilt.append(f"<{kind.upper()}>".encode())
            pos = end
        rebuilt.append(text[pos:].encode())
        assert out.encode() == b"".join(rebuilt), case["id"]
        # Every span is a stretch of the original text, in order and disjoint.
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
