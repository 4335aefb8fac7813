"""English words as spaCy's rule-based English tokenizer splits them, without spaCy.

datatrove, and so FineWeb, counts the words of its Gopher and FineWeb rules with the tokenizer of
``spacy.blank("en")``. This module applies the same algorithm to spaCy's own tables
(``english_rules.py``, generated from spaCy 3.8), so that technical text splits as there:
``./configure`` and ``-fi`` stay one word, ``__init__`` is ``_ _ init _ _``, ``don't`` is
``do n't``, ``e.g.`` and URLs stay whole.

1. The text is cut at whitespace and every whitespace-free chunk is split on its own, so a
   chunk's tokens are cached per process and a text costs one dict lookup per chunk.
2. A chunk that is a tokenizer exception takes the exception's tokens.
3. Otherwise prefixes (``(`` ``"`` ``$`` ...) and suffixes (``)`` ``.`` ``'s``, units after a
   number ...) are stripped in turn until none is left or the rest is an exception; the rest is
   one token if it is an exception or a URL, else it is cut at its infixes (a hyphen between
   letters, ``/`` ``:`` ``=`` before a letter, an ellipsis ...).
4. Exceptions that contain affixes themselves (``:)``, ``10a.m.``) are looked for again among a
   chunk's tokens and re-split as the exception says (spaCy's special-case matcher; it can also
   match across whitespace, which never changes a token there).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

from dataprep.filters.english_rules import (
    ALPHA,
    ALPHA_LOWER,
    ALPHA_UPPER,
    CURRENCY,
    EXCEPTIONS,
    HYPHENS,
    ICONS,
    PUNCT,
    QUOTES,
    SENTENCE_PUNCT,
    UNITS,
    URL_PATTERN,
)

_ELLIPSES = (r"\.\.+", "…")
_ICON = f"[{ICONS}]"
_QUOTE_CHARS = "".join(QUOTES)
PREFIX = re.compile("|".join(
    "^" + piece for piece in (
        "§", "%", "=", "—", "–", r"\+(?![0-9])", *PUNCT, *_ELLIPSES, *QUOTES, *CURRENCY, _ICON,
    )
))
SUFFIX = re.compile("|".join(
    piece + "$" for piece in (
        *PUNCT, *_ELLIPSES, *QUOTES, _ICON, "'s", "'S", "’s", "’S", "—", "–",
        r"(?<=[0-9])\+",
        r"(?<=°[FfCcKk])\.",
        rf"(?<=[0-9])(?:{'|'.join(CURRENCY)})",
        rf"(?<=[0-9])(?:{'|'.join(UNITS)})",
        # spaCy puts "(?:" and ")" inside this class, so they are literal characters here too.
        rf"(?<=[0-9{ALPHA_LOWER}%²\-\+{'|'.join(PUNCT)}(?:{_QUOTE_CHARS})])\.",
        rf"(?<=[{ALPHA_UPPER}][{ALPHA_UPPER}])\.",
    )
))
INFIX = re.compile("|".join((
    *_ELLIPSES, _ICON,
    r"(?<=[0-9])[+\-\*^](?=[0-9-])",
    rf"(?<=[{ALPHA_LOWER}{_QUOTE_CHARS}])\.(?=[{ALPHA_UPPER}{_QUOTE_CHARS}])",
    rf"(?<=[{ALPHA}]),(?=[{ALPHA}])",
    rf"(?<=[{ALPHA}0-9])(?:{'|'.join(HYPHENS)})(?=[{ALPHA}])",
    rf"(?<=[{ALPHA}0-9])[:<>=/](?=[{ALPHA}])",
)))
URL = re.compile("(?u)" + URL_PATTERN)
# Every infix alternative needs one of these characters: a string without any has no split
# point, and one scan of this class is much cheaper than INFIX's lookbehinds at every position.
_HYPHEN_CHARS = re.escape("".join(sorted(set("".join(HYPHENS)))))
_INFIX_CHAR = re.compile(f"[.…+\\-*^,:<>=/{_HYPHEN_CHARS}{ICONS}]")


def _longest_bounded_alternative(pattern: re.Pattern[str]) -> int:
    """The longest match of any alternative of ``pattern`` that has a bounded length."""
    (_, (_, alternatives)), = re._parser.parse(pattern.pattern)  # one top-level branch
    return max(width for alternative in alternatives
               if (width := alternative.getwidth()[1]) < re._constants.MAXREPEAT)


# A suffix match is searched from this many characters before the end (lookbehinds still see
# the characters before that): only the ellipsis alternative (``\.\.+$``) can be longer, and
# when it could have started further left, the match starts at the window's first character.
_SUFFIX_REACH = _longest_bounded_alternative(SUFFIX)

# Distinct chunks whose tokens are kept; the cache is emptied when full (output unchanged).
CACHE_CHUNKS = 200_000


def _prefix_length(string: str) -> int:
    match = PREFIX.match(string)  # every alternative is anchored at the start
    return match.end() if match else 0


def _suffix_length(string: str) -> int:
    """Length of SUFFIX's (leftmost) match in ``string``, as ``SUFFIX.search(string)``."""
    window = max(len(string) - _SUFFIX_REACH, 0)
    match = SUFFIX.search(string, window)
    if match and window and match.start() == window:  # it may reach further left
        match = SUFFIX.search(string)
    return match.end() - match.start() if match else 0


def _split_affixes(string: str, exceptions: bool) -> tuple[list[str], str, list[str]]:
    """Strip prefixes and suffixes (step 3): ``(prefixes, rest, suffixes outermost first)``."""
    prefixes: list[str] = []
    suffixes: list[str] = []
    last_size = 0
    while string and len(string) != last_size:
        if exceptions and string in EXCEPTIONS:
            break
        last_size = len(string)
        pre_len = _prefix_length(string)
        if pre_len and exceptions and string[pre_len:] in EXCEPTIONS:
            prefixes.append(string[:pre_len])
            return prefixes, string[pre_len:], suffixes
        suf_len = _suffix_length(string[pre_len:])
        if suf_len and exceptions and string[:-suf_len] in EXCEPTIONS:
            suffixes.append(string[-suf_len:])
            return prefixes, string[:-suf_len], suffixes
        # A prefix and a suffix that overlap: only the prefix goes in this round.
        if pre_len and suf_len and pre_len + suf_len <= len(string):
            prefixes.append(string[:pre_len])
            suffixes.append(string[-suf_len:])
            string = string[pre_len:-suf_len]
        elif pre_len:
            prefixes.append(string[:pre_len])
            string = string[pre_len:]
        elif suf_len:
            suffixes.append(string[-suf_len:])
            string = string[:-suf_len]
    return prefixes, string, suffixes


def _split_infixes(string: str) -> list[str]:
    if not _INFIX_CHAR.search(string):
        return [string] if string else []
    tokens: list[str] = []
    start = 0
    for match in INFIX.finditer(string):
        if match.start() == 0:  # an infix at the very start is not a split point
            continue
        if match.start() != start:
            tokens.append(string[start:match.start()])
        if match.start() != match.end():
            tokens.append(match.group())
        start = match.end()
    if string[start:]:
        tokens.append(string[start:])
    return tokens


def _affix_tokens(chunk: str, exceptions: bool) -> list[str]:
    """Steps 2 and 3 for one whitespace-free chunk (exceptions off: how spaCy builds the
    special-case patterns)."""
    if exceptions and chunk in EXCEPTIONS:
        return list(EXCEPTIONS[chunk])
    prefixes, rest, suffixes = _split_affixes(chunk, exceptions)
    tokens = prefixes
    if rest:
        if exceptions and rest in EXCEPTIONS:
            tokens += EXCEPTIONS[rest]
        elif URL.match(rest):
            tokens.append(rest)
        else:
            tokens += _split_infixes(rest)
    tokens += reversed(suffixes)
    return tokens


@lru_cache(maxsize=1)
def special_patterns() -> dict[tuple[str, ...], str]:
    """Tokens (without exceptions) of every exception that holds an affix -> the exception."""
    return {
        tuple(_affix_tokens(key, False)): key for key in EXCEPTIONS
        if not key.isspace() and (_prefix_length(key) or _suffix_length(key)
                                  or INFIX.search(key))
    }


@lru_cache(maxsize=1)
def _patterns_by_first_token() -> dict[str, list[tuple[str, ...]]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for pattern in special_patterns():
        by_first.setdefault(pattern[0], []).append(pattern)
    return by_first


@lru_cache(maxsize=1)
def _pattern_joints() -> tuple[frozenset[str], frozenset[str]]:
    """(tokens a pattern can continue after, tokens a pattern can continue with): a match can
    only span one space between chunks where the left chunk ends in the first and the right
    one starts with the second."""
    patterns = [p for p in special_patterns() if len(p) > 1]
    return (frozenset(p[j] for p in patterns for j in range(len(p) - 1)),
            frozenset(p[j] for p in patterns for j in range(1, len(p))))


def _find_special_matches(tokens: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, exception)`` of every special-case pattern occurring in ``tokens``."""
    by_first = _patterns_by_first_token()
    patterns = special_patterns()
    return [
        (i, i + len(pattern), patterns[pattern])
        for i, token in enumerate(tokens) for pattern in by_first.get(token, ())
        if tuple(tokens[i:i + len(pattern)]) == pattern
    ]


def _apply_special_matches(tokens: list[str], spaced: list[bool]) -> list[str]:
    """Step 4 on a document's tokens (whitespace tokens included: they break adjacency);
    ``spaced[i]``: one space follows token ``i``.

    Longest matches first, then leftmost; a match is dropped when its first or last token
    belongs to a match seen before it, as in spaCy. A match across whitespace spells the
    exception with a space, so it re-splits nothing, but it can still block another match.
    """
    matches = _find_special_matches(tokens)
    matches.sort(key=lambda m: (m[0] - m[1], m[0]))
    taken: set[int] = set()
    kept = []
    for start, end, key in matches:
        if start not in taken and end - 1 not in taken and not any(spaced[start:end - 1]):
            kept.append((start, end, key))
        taken.update(range(start, end))
    out: list[str] = []
    position = 0
    for start, end, key in sorted(kept):
        out += tokens[position:start]
        out += EXCEPTIONS[key]
        position = end
    return out + tokens[position:]


class _ChunkTokens(dict[str, tuple[str, ...]]):
    """chunk -> its tokens after steps 2 and 3, computed on first use; ``rematched`` holds the
    chunks in which step 4 would re-split something (kept when the cache is emptied)."""

    def __init__(self) -> None:
        super().__init__()
        self.rematched: set[str] = set()

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        if len(self) >= CACHE_CHUNKS:
            self.clear()
        tokens = tuple(_affix_tokens(chunk, True))
        if any(EXCEPTIONS[key] != tokens[start:end]
               for start, end, key in _find_special_matches(list(tokens))):
            self.rematched.add(chunk)
        self[chunk] = tokens
        return tokens


_CHUNK_TOKENS = _ChunkTokens()
_SPACE_OR_CHUNK = re.compile(r"\s+|\S+")


def spacy_tokens(text: str) -> list[str]:
    """All of spaCy's tokens of ``text``, whitespace tokens included: spaCy drops one space
    after a chunk; any other whitespace run is a token."""
    tokens: list[str] = []
    spaced: list[bool] = []
    for match in _SPACE_OR_CHUNK.finditer(text):
        piece = match.group()
        if not piece.isspace():
            chunk_tokens = _CHUNK_TOKENS[piece]
            tokens += chunk_tokens
            spaced += [False] * len(chunk_tokens)
            continue
        if match.start() and piece[0] == " ":
            spaced[-1] = True
            piece = piece[1:]
        if piece:
            tokens.append(piece)
            spaced.append(False)
    if _CHUNK_TOKENS.rematched.isdisjoint(text.split()):
        return tokens
    return _apply_special_matches(tokens, spaced)


_SPACES = re.compile(r"(\s+)")


def _islands(pieces: list[str], tokens: list[tuple[str, ...]], seeds: list[int]
             ) -> list[tuple[int, int]]:
    """Ranges of chunks (``pieces[2 * i]``) that step 4 must see together: each seed chunk
    with the neighbours a match could reach across one space. Sorted, not overlapping."""
    ends_joint, starts_joint = _pattern_joints()

    def joined(left: int) -> bool:  # can a match span the gap after chunk ``left``?
        return (pieces[2 * left + 1] == " " and tokens[left][-1] in ends_joint
                and tokens[left + 1][0] in starts_joint)

    islands: list[tuple[int, int]] = []
    for seed in seeds:
        if islands and seed < islands[-1][1]:
            continue
        first = last = seed
        while first > 0 and joined(first - 1):
            first -= 1
        while last + 1 < len(tokens) and joined(last):
            last += 1
        islands.append((first, last + 1))
    return islands


def _words_with_special_matches(text: str) -> list[str]:
    """``english_words`` for a text with a chunk in which step 4 re-splits something: step 4
    runs on the islands of chunks a match can span, every other chunk keeps its tokens."""
    pieces = _SPACES.split(text.strip())
    tokens = list(map(_CHUNK_TOKENS.__getitem__, pieces[::2]))
    seeds = [i for i, chunk in enumerate(pieces[::2]) if chunk in _CHUNK_TOKENS.rematched]
    words: list[str] = []
    position = 0
    for first, end in _islands(pieces, tokens, seeds):
        words += chain.from_iterable(tokens[position:first])
        island = [token for chunk in tokens[first:end] for token in chunk]
        spaced = [j == len(chunk) - 1 and i < end - 1
                  for i, chunk in enumerate(tokens[first:end], first) for j in range(len(chunk))]
        words += _apply_special_matches(island, spaced)
        position = end
    words += chain.from_iterable(tokens[position:])
    return words


def english_words(text: str) -> list[str]:
    """spaCy's English tokens of ``text`` without whitespace tokens (datatrove's
    ``split_into_words(text, "en")``)."""
    chunks = text.split()
    words = list(chain.from_iterable(map(_CHUNK_TOKENS.__getitem__, chunks)))
    if _CHUNK_TOKENS.rematched.isdisjoint(chunks):  # step 4 changes nothing: the usual case
        return words
    return _words_with_special_matches(text)


def _is_punct(token: str) -> bool:
    return all(unicodedata.category(char).startswith("P") for char in token)


def count_english_sentences(text: str) -> int:
    """Sentences spaCy's sentencizer finds in ``text`` (what datatrove's C4 filter counts).

    A sentence starts at the first token that is neither punctuation nor sentence punctuation
    after a sentence-punctuation token; whitespace other than one space between chunks is a
    token there too, so ``"Hi.  next"`` is two sentences.
    """
    sentences = 0
    after_period = False
    for token in spacy_tokens(text):
        if not sentences:
            sentences = 1
        if token in SENTENCE_PUNCT:
            after_period = True
        elif after_period and not _is_punct(token):
            sentences += 1
            after_period = False
    return sentences
