"""English word splitting against spaCy's English tokenizer (what datatrove splits with).

The expected tokens of the real-page fixtures were recorded once from spaCy 3.8 / datatrove
0.10.1 (``tests/data/filters/english/README.md``); spaCy is not needed here.
"""

import json
from pathlib import Path

import pytest

from dataprep.filters import english_words as ew
from dataprep.filters.english_words import count_english_sentences, english_words
from dataprep.filters.text import split_words

DATA = Path(__file__).resolve().parent.parent / "data" / "filters" / "english"
RECORDED = [json.loads(line) for line in (DATA / "spacy_tokens.jsonl").read_text().splitlines()]


def fixture_text(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("recorded", RECORDED, ids=[r["name"] for r in RECORDED])
def test_real_pages_split_as_spacy_does(recorded):
    assert english_words(fixture_text(recorded["name"])) == recorded["words"]
    assert split_words(fixture_text(recorded["name"]), "en") == recorded["words"]


@pytest.mark.parametrize("recorded", RECORDED, ids=[r["name"] for r in RECORDED])
def test_real_pages_sentences_as_spacy_sentencizer_counts(recorded):
    lines = fixture_text(recorded["name"]).splitlines()
    assert [count_english_sentences(line.strip()) for line in lines] == recorded["sentences"]


# Each expectation was checked once against spacy.blank("en") 3.8.18.
@pytest.mark.parametrize(("text", "tokens"), [
    # Code and shell: what issue 12 saw split into many non-alphabetic tokens.
    ("./configure -fi", ["./configure", "-fi"]),
    ("|---|---|", ["|---|---|"]),
    ("__init__(self):", ["_", "_", "init__(self", "):"]),
    ("#include <stdio.h>", ["#", "include", "<", "stdio.h", ">"]),
    # Exceptions, suffixes, infixes, URLs.
    ("Don't stop, e.g. at 10km.", ["Do", "n't", "stop", ",", "e.g.", "at", "10", "km", "."]),
    ("well-known U.S. (approx.)", ["well", "-", "known", "U.S.", "(", "approx", ".", ")"]),
    ("see https://example.org/a?b=1.", ["see", "https://example.org/a?b=1", "."]),
    # Exceptions holding affixes, found among a chunk's tokens: "):" is an emoticon.
    ("(default): x", ["(", "default", "):", "x"]),
    ("b.Foo", ["b.", "Foo"]),
    # ... except when a match across the space (":x") takes the token first, as in spaCy.
    ("lambda x: x.SepalWidth", ["lambda", "x", ":", "x", ".", "SepalWidth"]),
    ("lambda x:\nx.SepalWidth", ["lambda", "x", ":", "x.", "SepalWidth"]),
])
def test_cases(text, tokens):
    assert english_words(text) == tokens


def test_sentences_whitespace_and_abbreviations():
    assert count_english_sentences("Mr. Smith left. He came back!") == 2
    assert count_english_sentences("It costs 3.5 dollars.") == 1
    assert count_english_sentences("One.  Two") == 2  # a double space is a token: new sentence
    assert count_english_sentences("") == 0


def test_cache_emptied_midway_gives_the_same_tokens(monkeypatch):
    text = fixture_text("pandas_dsintro")
    expected = english_words(text)
    monkeypatch.setattr(ew, "CACHE_CHUNKS", 3)
    ew._CHUNK_TOKENS.clear()
    assert english_words(text) == expected
    assert len(ew._CHUNK_TOKENS) <= 3


# Cheap paths (issue 13) against the plain regular expressions they stand for.
AFFIX_CASES = [
    "word", "word.", "U.S.", "AB.", "xAB.", "10km", "10km.", "5kg)", "$10", "US$5", "(a)", "'s",
    "Bob's", "a...", "a.....", "......", "..", "x..", "°C.", "°F", "3+", "ab—", "«a»", "(((x)))",
    "e.g.", "10a.m.", "1km²", "كم", "5كم", "a:b", "x=y", "1-2", "a-b", "a/b", "a…b", "x.Y",
    "a,b", "ab,", "😀", "a😀", "",
]


def _reference_suffix_length(string: str) -> int:
    match = ew.SUFFIX.search(string)
    return match.end() - match.start() if match else 0


def _reference_infixes(string: str) -> list[str]:
    tokens, start = [], 0
    for match in ew.INFIX.finditer(string):
        if match.start() == 0:
            continue
        if match.start() != start:
            tokens.append(string[start:match.start()])
        if match.start() != match.end():
            tokens.append(match.group())
        start = match.end()
    return tokens + ([string[start:]] if string[start:] else [])


def _real_chunks() -> list[str]:
    return sorted({chunk for r in RECORDED for chunk in fixture_text(r["name"]).split()})


@pytest.mark.parametrize("chunks", [AFFIX_CASES, _real_chunks()], ids=["edge cases", "real"])
def test_cheap_affix_paths_equal_the_plain_expressions(chunks):
    """The suffix is searched near the end only, the prefix matched at the start, and infixes
    skipped without a character that can be one: the same results as searching everywhere."""
    for chunk in chunks:
        match = ew.PREFIX.search(chunk)
        assert ew._prefix_length(chunk) == (match.end() - match.start() if match else 0), chunk
        assert ew._suffix_length(chunk) == _reference_suffix_length(chunk), chunk
        assert ew._split_infixes(chunk) == _reference_infixes(chunk), chunk
