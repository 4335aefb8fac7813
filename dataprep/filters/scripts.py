"""Word splitting for the languages other than English, Chinese and Japanese, by script.

FineWeb-2 fitted its per-language thresholds (``dataprep.filters.languages``) on the words of
datatrove's per-language tokenizers; ``split_script_words`` gives words of the same kind:

* languages written with spaces (Latin, Cyrillic, Greek, Arabic, Hebrew, Indic, Hangul ...
  scripts): words between spaces with punctuation split off, like spaCy's tokenizer without
  language exceptions. Combining marks (Devanagari or Arabic vowel signs) belong to their word.
  A token joined by inner ``-'._/:@+\\=?&%#~`` stays one token (``apt-get``, ``aujourd'hui``,
  ``/usr/share/doc``, ``3.5``, code such as ``foo/bar?=value``), and so do option flags
  (``--verbose``), ``$VARIABLES`` and URLs: they contain letters, so technical prose is not
  mistaken for non-alphabetic junk by ``gopher_quality``'s ``alpha_words`` rule (as spaCy
  keeps ``--no``, ``/usr`` and URLs whole); numbers stay non-alphabetic words, as in
  datatrove. French/Italian/Catalan elisions (``l'``, ``qu'``) are their own token, as in spaCy
  (FineWeb-2's French stop words include ``l'``).
* Thai (``th``), Lao (``lo``) and Khmer (``km``), written without spaces between words: runs of
  the script are segmented (zero-width spaces, which Khmer text uses, separate like spaces)
  with the dictionary segmenter FineWeb-2 used (pythainlp ``newmm``
  with its bundled dictionary, laonlp, khmer-nltk's bundled CRF model), each imported once per
  process on first use.
* Myanmar (``my``): syllables (a consonant with its medials, vowels, asat and tone marks), by
  rule. FineWeb-2 used pyidaungsu's CRF words, but its package pins a second fastText build,
  which would replace ours (see ``pyproject.toml``); syllables are shorter than words, so the
  Myanmar word-length thresholds see shorter words (``docs/filters.md``).
* Korean (``ko``): words between spaces, with a final particle or ending of a list (``의``
  ``는`` ``을`` ``에서`` ...) split off. FineWeb-2 used Kiwi's morphemes, whose stop words these
  are; kiwipiepy installs and works offline but segments at about 144 s per MB (cong model),
  some 100 times slower than the rest of the filters, so we approximate it.
* Tibetan (``bo``): syllables, split at the tsheg ``་`` (botok, FineWeb-2's choice, downloads
  its dictionary at first use, which we cannot do offline).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

# Combining marks (vowel signs, viramas, harakat) and the zero-width (non-)joiners that Persian
# and Indic words contain: part of a word, though ``\w`` does not match them.
_MARKS = "".join(
    chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")
) + "\u200c\u200d"
_W = rf"[\w{re.escape(_MARKS)}]"
# Inner punctuation that joins two word pieces into one token.
# · : Catalan's punt volat (col·lecció); = ? & % # ~ join the pieces of code and queries
# (``key?=value``), which spaCy keeps whole too when the character before is no letter.
_JOINERS = r"[-'’._/:@+\\·=?&%#~]"

_TOKEN = re.compile(
    rf"""
    (?:https?://|www\.)[^\s<>"']*[^\s<>"'.,;:!?)\]»”]   # URL without trailing punctuation
    | \b(?i:[cdjlmnst]|qu)['’](?=[^\W\d_])                # Romance elision: l' qu' d'
    | (?:(?<!\S)(?:--?|/|~/|\$))?                         # flag, path or variable prefix
      {_W}+(?:{_JOINERS}+{_W}+)*/?                        # word with inner joiners, path
    | \.{{2,}}                                            # ellipsis written with dots
    | [^\s\u200b\ufeff]                                   # any other character on its own
    """,
    re.VERBOSE,
)

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LAO = re.compile(r"[\u0e80-\u0eff]")
_KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
_MYANMAR = re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
# A Myanmar syllable starts at a consonant (or independent vowel, digit) that is not stacked
# under a virama (U+1039) and not killed by an asat (U+103A) or virama after it.
_MYANMAR_SYLLABLE_START = re.compile(
    r"(?<!\u1039)(?=[\u1000-\u102a\u103f\u104c-\u104f\u1040-\u1049](?![\u103a\u1039]))"
)
_TSHEG = "\u0f0b"
# A hyphen next to a letter of a Brahmic script of India or Sri Lanka (Devanagari .. Sinhala):
# datatrove splits those languages with IndicNLP's trivial tokenizer, which makes every hyphen a
# token (ఈ-మెయిల్ -> ఈ - మెయిల్), and FineWeb-2 fitted their thresholds on those words.
_INDIC_HYPHEN = re.compile(r"(?<=[\u0900-\u0dff])-|-(?=[\u0900-\u0dff])")
# Korean particles and endings that FineWeb-2's stop words are made of (Kiwi morphemes: 의 는
# 을 에서 ...), split off the end of a Hangul word, longest first.
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}$")
_KOREAN_SUFFIXES = re.compile(
    "(에서|으로|에게|까지|부터|은|는|이|가|을|를|의|에|로|와|과|도|고|다|한|인|된)$"
)


@cache
def _thai() -> Callable[[str], list[str]]:
    from pythainlp.tokenize import word_tokenize

    # newmm-safe: newmm that bounds the search on long runs without spaces (FineWeb-2's choice).
    return lambda run: word_tokenize(run, engine="newmm-safe", keep_whitespace=False)


@cache
def _lao() -> Callable[[str], list[str]]:
    from laonlp.tokenize import word_tokenize

    return word_tokenize


@cache
def _khmer() -> Callable[[str], list[str]]:
    import logging

    logging.getLogger("khmer-nltk").setLevel(logging.WARNING)
    from khmernltk import word_tokenize

    return word_tokenize


def _korean(tokens: list[str]) -> list[str]:
    words: list[str] = []
    for token in tokens:
        suffix = _KOREAN_SUFFIXES.search(token) if _HANGUL_WORD.search(token) else None
        if suffix is None:
            words.append(token)
        else:
            words.extend((token[: suffix.start()], suffix.group()))
    return words


def _myanmar(run: str) -> list[str]:
    return [s for s in _MYANMAR_SYLLABLE_START.split(run) if s]


_SEGMENTERS: dict[str, tuple[re.Pattern[str], Callable[[], Callable[[str], list[str]]]]] = {
    "th": (_THAI, _thai),
    "lo": (_LAO, _lao),
    "km": (_KHMER, _khmer),
    "my": (_MYANMAR, lambda: _myanmar),
}

# Languages whose words ``split_words`` leaves to this module (see ``dataprep.filters.text``).
NOT_HERE = frozenset({"en", "zh", "ja", "wuu", "yue"})


def split_script_words(text: str, lang: str) -> list[str]:
    """Word and punctuation tokens of a ``lang`` text (no whitespace tokens)."""
    if lang == "bo":
        text = text.replace(_TSHEG, " ")
    tokens = _TOKEN.findall(text)
    if "-" in text and _INDIC_HYPHEN.search(text):
        tokens = [piece for token in tokens
                  for piece in _INDIC_HYPHEN.sub(" - ", token).split()]
    if lang == "ko":
        return _korean(tokens)
    segmenter = _SEGMENTERS.get(lang)
    if segmenter is None:
        return tokens
    script = segmenter[0]
    words: list[str] = []
    for token in tokens:
        if script.match(token):
            words.extend(_segment_run(lang, token))
        else:
            words.append(token)
    return words


@lru_cache(maxsize=1 << 16)
def _segment_run(lang: str, run: str) -> tuple[str, ...]:
    """Words of one run of a script without spaces. Cached: the filters of a chain split the
    same document one after the other, and the segmenters are the slow part."""
    segment = _SEGMENTERS[lang][1]()
    return tuple(w for w in segment(run) if w and not w.isspace())


@cache
def sentence_terminals() -> frozenset[str]:
    """Every character with Unicode's ``Sentence_Terminal`` property (``.`` ``।`` ``။`` ``։``
    ``።`` ``។`` ...): the line ends FineWeb's ``line_punct_ratio`` counts (as datatrove)."""
    import regex

    pattern = regex.compile(r"\p{Sentence_Terminal}")
    return frozenset(chr(c) for c in range(min(sys.maxunicode, 0x1FFFF) + 1)
                     if pattern.match(chr(c)))
