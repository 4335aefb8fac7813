"""Text normalisation shared by the dedup stages (exact, MinHash, repeated lines, decontamination).

Two documents that differ only in case, punctuation, digits or spacing are the same document for
deduplication purposes; which of these differences to ignore is configurable per stage.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

from dataprep.filters.lid176 import script_of

# Scripts written without spaces between words (ISO 15924): whitespace "words" would be whole
# clauses, so their documents are shingled by characters. Every lid.176 label has a script
# (dataprep.filters.lid176): zh, wuu, yue (Hani), ja (Jpan), th, lo, km, my, bo.
NO_SPACE_SCRIPTS = frozenset({"Hani", "Hans", "Hant", "Jpan", "Thai", "Laoo", "Khmr", "Mymr",
                              "Tibt"})

# Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan: scripts whose text has no word separators.
_NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FFFF),  # CJK Extensions B-F
)

_NO_SPACE_CHAR = re.compile(
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _NO_SPACE_RANGES) + "]"
)
# Thai/Lao/Khmer vowel signs are marks (Mn/Mc), not letters: count them with the letters.
_LETTER = re.compile(r"[^\W\d_]|[\u0E00-\u0EFF\u0F00-\u0FFF\u1000-\u109F\u1780-\u17FF]")


@cache
def _punctuation_table() -> dict[int, str]:
    """Every Unicode punctuation and symbol code point -> space (built once per process)."""
    return {
        cp: " " for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp))[0] in "PS"
    }


@cache
def _digit_table() -> dict[int, str]:
    """Every Unicode decimal digit -> "0" (so "2023" and "2024" compare equal)."""
    return {cp: "0" for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Nd"}


def normalize_text(
    text: str,
    *,
    unicode: bool = True,
    lowercase: bool = True,
    punctuation: bool = True,
    digits: bool = True,
    whitespace: bool = True,
) -> str:
    """Normalise text before hashing, so trivial variants hash equal.

    The choice follows datatrove's ``simplify_text`` (lower-case, punctuation removed, digits
    normalised) and CCNet's line normalisation (Wenzek et al. 2020, §3.1: lower-case, digits
    replaced by 0, punctuation removed).

    Args:
        text: The document or line.
        unicode: Apply NFKC, so full-width and compatibility forms equal their plain forms.
        lowercase: Case-fold.
        punctuation: Replace Unicode punctuation and symbols (categories P*, S*) by spaces.
        digits: Replace every decimal digit by ``0``.
        whitespace: Collapse runs of whitespace to one space and strip the ends.
    """
    if unicode:
        text = unicodedata.normalize("NFKC", text)
    if lowercase:
        text = text.lower()
    if punctuation:
        text = text.translate(_punctuation_table())
    if digits:
        text = text.translate(_digit_table())
    if whitespace:
        text = " ".join(text.split())
    return text


def is_no_space_script(text: str, *, min_fraction: float = 0.3) -> bool:
    """Whether at least ``min_fraction`` of the letters of ``text`` are CJK/Thai-like scripts.

    Used when ``langid`` did not run: a mostly-Chinese page with some English words still
    needs character n-grams.
    """
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_NO_SPACE_CHAR.findall(text)) >= min_fraction * letters


def uses_char_ngrams(text: str, lang: str | None) -> bool:
    """Character n-grams for languages without word separators: by the script of ``lang``
    (a lid.176 label or FineWeb-2 name), or by the text's letters when ``lang`` is ``None`` or
    has no known script."""
    script = script_of(lang)
    if script is not None:
        return script in NO_SPACE_SCRIPTS
    return is_no_space_script(text)
