"""Language-aware splitting of text into words, sentences, lines and paragraphs.

The published quality rules (Gopher, C4, FineWeb) count "words". Splitting on whitespace makes
a Chinese or Japanese article a single word, so every function here takes the ISO 639-1
``lang`` code from ``langid``:

* ``en``: spaCy's English tokenizer, reproduced without spaCy (``english_words``), as datatrove
  splits English.
* ``zh``: jieba's segmentation (dictionary + HMM) computed by jieba-rs (``rjieba``, the same
  dictionary and model in Rust, about 18 times faster than jieba's Python), with runs without
  Han characters split as jieba splits them (``chinese_words``). Its words have the granularity
  FineWeb-2's Chinese thresholds were calibrated on (datatrove runs spaCy with the jieba
  segmenter); see ``docs/filters.md`` for the jieba vs character figures.
* everything else (and ``None``): one regular expression that follows spaCy's rule-based
  tokenizer closely enough to reproduce datatrove's English decisions (``docs/filters.md``):
  punctuation is split off as separate tokens, ``don't`` -> ``do n't``, ``it's`` ->
  ``it 's``, ``e-mail`` -> ``e - mail``, while ``3.5``, ``1,000`` and URLs stay whole. French
  and Italian elisions (``l'``, ``qu'``) are their own token, as in spaCy's French tokenizer.
  Han and Hiragana characters are one token each and a Katakana run is one token: the
  "character rule", which is what Japanese gets (no segmenter dependency) and what CJK text
  gets when ``lang`` is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dataprep.filters.english_words import english_words
from dataprep.filters.scripts import NOT_HERE, sentence_terminals, split_script_words

# Han (CJK unified ideographs, extension A, compatibility) and Hiragana: one token per char.
_HAN_HIRAGANA = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Katakana (with the prolonged sound mark) and half-width Katakana: one token per run.
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"

_WORD_TOKEN = re.compile(
    rf"""
    (?:https?://|www\.)[^\s<>"']*[^\s<>"'.,;:!?)\]]    # URL without trailing punctuation
    | [{_HAN_HIRAGANA}]                                 # one Han / Hiragana character
    | [{_KATAKANA}]+                                    # a Katakana run
    | \b(?:[cdjlmnst]|qu)['’](?=[^\W\d_])               # French/Italian elision: l' qu' d'
    | [^\W{_HAN_HIRAGANA}{_KATAKANA}]+(?=n['’]t\b)      # "do" of "don't"
    | n['’]t\b
    | ['’](?:s|re|ve|ll|d|m)\b                          # clitics: 's 're 've 'll 'd 'm
    | [^\W{_HAN_HIRAGANA}{_KATAKANA}]+
      (?:[.,](?=\d)\d+|\.[^\W{_HAN_HIRAGANA}{_KATAKANA}]+
         |['’](?!(?:s|re|ve|ll|d|m|t)\b)[^\W{_HAN_HIRAGANA}{_KATAKANA}]+)*
    | \.{{2,}}                                           # an ellipsis written with dots
    | \S                                                # any other character on its own
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Sentence-final punctuation: ASCII, CJK full-width, and Unicode's Sentence_Terminal characters
# of every other script (Devanagari ।, Armenian ։, Ethiopic ።, Myanmar ။, Khmer ។ ...).
TERMINAL_PUNCTUATION = frozenset(".!?。！？｡．；‼⁇⁈⁉؟۔।॥") | sentence_terminals()

# Characters that make a token a "symbol" rather than a word (Gopher's non-symbol words):
# every Unicode punctuation character of the BMP, plus ASCII symbols and control characters,
# the same coverage as datatrove's PUNCTUATION_SET for the scripts above.
PUNCTUATION_CHARS = "".join(
    sorted(
        {chr(c) for c in range(0x10000) if unicodedata.category(chr(c)).startswith("P")}
        | set("$+<=>^`|~%#&*@\\/")
        | {chr(c) for c in (*range(0, 32), *range(127, 160))}
    )
)

_LINES = re.compile(r"\n+")
_PARAGRAPHS = re.compile(r"\n{2,}")
# Abbreviations whose period does not end a sentence (spaCy's English tokenizer exceptions keep
# them as one token, so its sentencizer never splits after them).
_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "vs",
                  "etc", "e.g", "i.e", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "No")
# A sentence ends at a run of terminal punctuation (a lone period, not an ellipsis; not after a
# single capital letter or an abbreviation), optionally followed by closing quotes/brackets,
# then whitespace and more text; CJK full stops end a sentence even without a space.
_SENTENCE_BREAK = re.compile(
    r"(?<!\b[A-Z])"
    + "".join(rf"(?<!\b{re.escape(a)})" for a in _ABBREVIATIONS)
    + r"(?:(?<!\.)\.(?!\.)|[!?‼⁇⁈⁉؟۔।॥։።။។])[.!?‼⁇⁈⁉؟۔।॥։።။។]*['\"’”»)\]]*\s+(?=\S)"
    r"|[。！？｡]+[」』”’）》]*(?=\S)"
)

# jieba (Han range U+4E00-U+9FD5) cuts a run of these characters as one block (its
# ``re_han_default``, Han aside) ...
_JIEBA_BLOCK = re.compile(r"([a-zA-Z0-9+#&._%\-]+)")
# ... and, outside its dictionary, a block into letter/digit runs and what lies between them
# (its HMM step's ``re_skip``); the only dictionary words without Han characters come first.
_JIEBA_PIECE = re.compile(r"(AT&T|[cC](?:\+\+|#)|[a-zA-Z0-9]+(?:\.\d+)?%?)")
# A jieba-rs token jieba would cut further: no Han character and one that is not a letter/digit.
_NOT_JIEBA_WORD = re.compile("[^\u4e00-\u9fd5]*[^\u4e00-\u9fd5a-zA-Z0-9][^\u4e00-\u9fd5]*")


@lru_cache(maxsize=1)
def _rjieba():
    """Import jieba-rs once per process (its dictionary loads on first use, about 0.1 s)."""
    import rjieba

    return rjieba


def _jieba_non_han(token: str) -> list[str]:
    """A token without Han characters split as jieba splits it: jieba-rs keeps
    ``debian-installer`` or ``/usr/share`` whole, jieba gives ``debian - installer``."""
    words: list[str] = []
    for block in _JIEBA_BLOCK.split(token):
        if _JIEBA_BLOCK.fullmatch(block):
            words.extend(piece for piece in _JIEBA_PIECE.split(block) if piece)
        else:  # characters outside a block are one token each
            words.extend(c for c in block if not c.isspace())
    return words


def chinese_words(text: str) -> list[str]:
    """jieba's words of ``text`` (``jieba.lcut`` without whitespace tokens), from jieba-rs."""
    words: list[str] = []
    for token in _rjieba().cut(text):
        if len(token) > 1 and _NOT_JIEBA_WORD.fullmatch(token):
            words.extend(_jieba_non_han(token))
        elif not token.isspace():
            words.append(token)
    return words


def split_words(text: str, lang: str | None = None, *, segmenter: str = "jieba") -> list[str]:
    """Split ``text`` into word and punctuation tokens (no whitespace tokens).

    Chinese (``lang="zh"``) is segmented as jieba does unless ``segmenter="char"`` (one token per
    Han character, the rule every other language gets for Han/Kana characters). English
    (``lang="en"``) is split as spaCy's English tokenizer does (``english_words``). Languages
    other than English, Chinese and Japanese are split by their script
    (``dataprep.filters.scripts``).
    """
    if lang == "en":
        return english_words(text)
    if lang == "zh" and segmenter == "jieba":
        return chinese_words(text)
    if lang is not None and lang not in NOT_HERE:
        return split_script_words(text, lang)
    return _WORD_TOKEN.findall(text)


def is_symbol(token: str) -> bool:
    """True for a token made only of punctuation or symbol characters (e.g. ``,`` ``...``)."""
    return not token.strip(PUNCTUATION_CHARS)


def split_lines(text: str) -> list[str]:
    """Lines separated by one or more newlines (Gopher's line unit)."""
    return _LINES.split(text)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines (Gopher's paragraph unit)."""
    return _PARAGRAPHS.split(text.strip())


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences at terminal punctuation, CJK full stops included.

    The rule follows spaCy's sentencizer on its rule-based tokens (what datatrove counts): a
    period inside a number (``3.5``), after a single capital letter (``U.S.``) or after a
    common abbreviation (``Mr.``, ``e.g.``) does not end a sentence, nor does an ellipsis.
    """
    text = text.strip()
    sentences, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def count_sentences(text: str) -> int:
    """Number of sentences ``split_sentences`` finds, without building them."""
    stripped = text.strip()
    return 1 + len(_SENTENCE_BREAK.findall(stripped)) if stripped else 0
