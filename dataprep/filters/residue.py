"""Keyword and markup residue: what extraction and the classic "keyword filtering" catch.

Pages whose extracted text still carries HTML (tags, entities), link farms (text that is mostly
URLs) and pages with offensive words (C4's bad-words rule, Raffel et al. 2020, section 2.2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from dataprep.filters.badwords import find_bad_word

_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,500})?/?>|<!--|-->|<!DOCTYPE", re.I)
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)


def html_tag_ratio(text: str) -> float:
    """Share of characters inside HTML tags or comment markers."""
    return sum(len(m) for m in _HTML_TAG.findall(text)) / len(text) if text else 0.0


def html_entity_ratio(text: str) -> float:
    """HTML entities (``&amp;``, ``&#160;``) per whitespace-separated word."""
    words = len(text.split())
    return len(_HTML_ENTITY.findall(text)) / words if words else 0.0


def link_density(text: str) -> float:
    """Share of characters inside URLs."""
    return sum(len(m) for m in _URL.findall(text)) / len(text) if text else 0.0


def residue(
    text: str,
    *,
    lang: str | None = None,
    max_html_tag_ratio: float = 0.05,
    max_html_entity_ratio: float = 0.02,
    max_link_density: float = 0.2,
    filter_bad_words: bool = True,
    bad_words: Mapping[str, Sequence[str]] | None = None,
) -> str | None:
    """Drop pages with markup left over, link farms and offensive words.

    * ``html_tags``: more than ``max_html_tag_ratio`` (0.05) of the characters are HTML tags.
      Our threshold (no published one): clean extractions have none, while a tutorial that
      quotes a few tags stays under it.
    * ``html_entities``: more than ``max_html_entity_ratio`` (0.02) entities per word (our
      threshold, same reasoning).
    * ``link_density``: more than ``max_link_density`` of the characters are URLs; 0.2 is
      NeMo Curator's published ``UrlsFilter`` default (``max_url_to_text_ratio``).
    * ``bad_words``: any word of the language's offensive-word list (C4's rule, which dropped
      every page with a listed word). ``bad_words`` maps language codes to lists that replace
      the built-in ones (``dataprep.filters.badwords``).
    """
    if max_html_tag_ratio and html_tag_ratio(text) > max_html_tag_ratio:
        return "html_tags"
    if max_html_entity_ratio and html_entity_ratio(text) > max_html_entity_ratio:
        return "html_entities"
    if max_link_density and link_density(text) > max_link_density:
        return "link_density"
    if filter_bad_words:
        custom = None if bad_words is None else bad_words.get(lang or "en")
        if find_bad_word(text, lang, custom) is not None:
            return "bad_words"
    return None


def residue_signals(
    text: str,
    *,
    lang: str | None = None,
    max_html_tag_ratio: float = 0.05,
    max_html_entity_ratio: float = 0.02,
    max_link_density: float = 0.2,
    filter_bad_words: bool = True,
    bad_words: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, float]:
    """Every metric ``residue`` thresholds, with its parameters (``bad_words`` is 1.0 when a
    word of the list ``residue`` uses occurs)."""
    custom = None if bad_words is None else bad_words.get(lang or "en")
    return {
        "html_tags": html_tag_ratio(text),
        "html_entities": html_entity_ratio(text),
        "link_density": link_density(text),
        "bad_words": float(find_bad_word(text, lang, custom) is not None),
    }
