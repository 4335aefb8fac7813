"""C4's cleaning rules (Raffel et al. 2020, "Exploring the Limits of Transfer Learning with a
Unified Text-to-Text Transformer", JMLR 21, section 2.2; reference code TFDS ``c4_utils.py``).

C4 both removes lines (the text changes) and drops whole pages. ``c4_clean`` does both and
returns ``(cleaned_text, reason)`` (``c4_clean(text)[1]`` is the filter view); ``C4Stage`` is
the pipeline stage (rewrites ``text`` of kept rows through
``dataprep.schema.replace_text`` and marks dropped rows, whose original text is kept for
``rejected/``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

import pyarrow as pa
from pydantic import Field

from dataprep.boilerplate import non_space_chars
from dataprep.filters.badwords import find_bad_word
from dataprep.filters.english_words import count_english_sentences
from dataprep.filters.metrics import non_symbol_words
from dataprep.filters.text import TERMINAL_PUNCTUATION, count_sentences, split_words
from dataprep.schema import mark_dropped, replace_text
from dataprep.stages import check_params

_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
# C4 keeps lines ending in . ? ! " (TFDS also accepts '): English keeps exactly those (C4's and
# datatrove's decisions). Other languages, for which C4 defined no list (mC4 dropped the rule as
# English-specific), also keep lines ending in the sentence ends of their scripts (CJK 。？！,
# । ։ ። ။ ។ ...), closing quotes, and a colon: the sentence that leads into a list, a command
# or an example ends with one, and removing it took the full sentences of its line with it
# (issue 17, benchmarks/RESULTS.md: prose kept 0.936 -> 0.964 on the multilingual set, spam
# dropped 0.944 in both, in every language alike).
_C4_END_PUNCTUATION = (".", "?", "!", '"', "'")
_END_PUNCTUATION = (*_C4_END_PUNCTUATION, "。", "？", "！", "”", "’", "」", "』", ":", "：",
                    *sorted(TERMINAL_PUNCTUATION))
_CJK = frozenset({"zh", "ja"})
# Thai and Lao separate sentences with a space: their scripts have no character with Unicode's
# Sentence_Terminal property, and FineWeb-2 switched its line-punctuation rule off for both.
_NO_SENTENCE_MARK = frozenset({"th", "lo"})
# Scripts written without spaces between words: C4's words per line come from the segmenter.
_SEGMENTED = _CJK | {"th", "lo", "km", "my"}
# Lines about site policies, in the languages we have thresholds for (C4 listed English ones).
POLICY_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
           "use cookies"),
    "zh": ("隐私政策", "隐私条款", "使用条款", "服务条款", "使用cookie", "隱私政策", "使用條款"),
    "ja": ("プライバシーポリシー", "利用規約", "クッキーを使用", "cookieを使用"),
    "de": ("datenschutzerklärung", "nutzungsbedingungen", "verwendet cookies",
           "verwendung von cookies", "cookie-richtlinie"),
    "fr": ("politique de confidentialité", "conditions d'utilisation", "utilise des cookies",
           "utilisation des cookies", "politique de cookies"),
    "es": ("política de privacidad", "términos de uso", "utiliza cookies", "uso de cookies",
           "política de cookies"),
    "ru": ("политика конфиденциальности", "условия использования", "использует cookie",
           "использование cookie", "файлы cookie"),
}


def _lines_end_in_punctuation(lang: str | None) -> bool:
    """Whether C4's terminal-punctuation rule applies to ``lang`` by default: not for the
    languages whose script has no sentence-final mark (``_NO_SENTENCE_MARK``), whose prose no
    line could pass; on for English and every other language (FineWeb's recipe turns it off;
    why we keep it on, with the figures: ``docs/filters.md``, C4)."""
    return lang not in _NO_SENTENCE_MARK


def _line_words(line: str, lang: str | None) -> int:
    # C4 counts whitespace-separated words; lines of scripts without spaces need segmentation.
    if lang in _SEGMENTED:
        return len(non_symbol_words(split_words(line, lang)))
    return len(line.split())


def _kept_lines(text: str, lang: str | None, p: dict[str, Any]
                ) -> tuple[list[str], int, str | None]:
    """C4's line rules with ``c4_clean``'s parameters ``p``: (kept lines, their sentences,
    a page-level drop reason met on the way or None)."""
    policy = POLICY_PHRASES.get(lang, POLICY_PHRASES["en"])
    terminal_punct = p["filter_no_terminal_punct"]
    if terminal_punct is None:
        terminal_punct = _lines_end_in_punctuation(lang)
    ends = _C4_END_PUNCTUATION if lang == "en" else _END_PUNCTUATION
    # English sentences as datatrove counts them (spaCy's sentencizer on spaCy's tokens).
    sentence_count = count_english_sentences if lang == "en" else count_sentences
    kept: list[str] = []
    sentences = 0
    for raw in text.splitlines():
        line = raw.strip()
        if p["max_word_length"] != -1 and \
                any(len(w) > p["max_word_length"] for w in line.split()):
            continue
        if p["remove_citations"]:
            line = _CITATION.sub("", line)
        if terminal_punct and (not line.endswith(ends) or line.endswith("...")):
            continue
        if _line_words(line, lang) < p["min_words_per_line"]:
            continue
        lowered = line.lower()
        if p["filter_lorem_ipsum"] and "lorem ipsum" in lowered:
            return kept, sentences, "lorem_ipsum"
        if p["filter_javascript"] and "javascript" in lowered:
            continue
        if p["filter_curly_bracket"] and "{" in line:
            return kept, sentences, "curly_bracket"
        if p["filter_policy"] and any(phrase in lowered for phrase in policy):
            continue
        sentences += sentence_count(line)
        kept.append(line)
    return kept, sentences, None


def c4_clean(
    text: str,
    *,
    lang: str | None = None,
    remove_citations: bool = True,
    filter_no_terminal_punct: bool | None = None,
    min_words_per_line: int = 3,
    max_word_length: int = 1000,
    filter_lorem_ipsum: bool = True,
    filter_javascript: bool = True,
    filter_curly_bracket: bool = True,
    filter_policy: bool = True,
    min_num_sentences: int = 5,
    filter_bad_words: bool = True,
    bad_words: Sequence[str] | None = None,
    max_removed_ratio: Annotated[float, Field(ge=0, le=1)] | None = 0.75,
) -> tuple[str, str | None]:
    """Apply C4's line and page rules; return ``(cleaned_text, drop_reason)``.

    Line rules (each line is stripped; a removed line disappears from the text):
    a line with a word longer than ``max_word_length`` (1000) characters; Wikipedia-style
    citation markers are deleted (``remove_citations``); a line not ending in terminal
    punctuation or ending in ``...`` (``filter_no_terminal_punct``; by default on, except for
    Thai and Lao, whose scripts have no sentence-final mark); a line with fewer than
    ``min_words_per_line`` (3) words; a line mentioning "javascript"; a line with a site-policy
    phrase ("terms of use", "privacy policy", cookies ...; per-language equivalents).

    Page rules, checked on the surviving lines: ``lorem_ipsum``; ``curly_bracket`` (``{``,
    code); ``too_few_sentences`` (fewer than ``min_num_sentences`` = 5 sentences remain);
    ``bad_words`` (any word of the language's offensive-word list, or of ``bad_words``);
    ``mostly_removed`` (not one of C4's rules; ``max_removed_ratio`` ``None`` switches it off):
    the line rules removed more than ``max_removed_ratio`` (0.75) of the page's non-whitespace
    characters. What survives such a page is fragments: the question titles of a link list, or
    the lines of hard-wrapped prose that happen to end in a period. RefinedWeb (Penedo et al.
    2023, arXiv:2306.01116, section 3.2) and DCLM drop a page whose line corrections removed
    more than 5 % of it; C4's terminal-punctuation rule removes far more of real prose (up to
    0.60 of a multilingual prose document), hence the loose threshold (figures:
    ``docs/filters.md``, C4).

    For zh and ja, words per line are jieba / character-rule words, for th, lo, km and my the
    segmenter's words (``split_words``). English lines must end in
    C4's own marks (``. ? ! " '``) and its sentences are counted as spaCy's sentencizer counts
    them (what datatrove does); every other language also accepts the sentence ends of its
    script (。！？ । ...), closing quotes (” ’ 」 』) and a colon (``:`` ``：``), which ends the
    sentence that introduces a list or an example.
    """
    kept, sentences, page_reason = _kept_lines(text, lang, locals())
    if page_reason:
        return text, page_reason
    if sentences < min_num_sentences:
        return text, "too_few_sentences"
    cleaned = "\n".join(kept).strip()
    if filter_bad_words and find_bad_word(cleaned, lang, bad_words) is not None:
        return text, "bad_words"
    if max_removed_ratio is not None and _removed_share(text, kept) > max_removed_ratio:
        return text, "mostly_removed"
    return cleaned, None


def _removed_share(text: str, kept: list[str]) -> float:
    """Share of the page's non-whitespace characters that the line rules removed."""
    total = non_space_chars(text)
    return 1 - sum(map(non_space_chars, kept)) / total if total else 0.0


class C4Stage:
    """Pipeline stage for C4: removes lines from kept rows and marks dropped rows.

    ``params`` are ``c4_clean``'s keyword parameters, checked when the stage is built.
    """

    def __init__(self, name: str = "c4", **params: Any):
        check_params(c4_clean, params, name)
        self.name = name
        self.params = params

    def __call__(self, table: pa.Table) -> pa.Table:
        texts = table.column("text").to_pylist()
        langs = table.column("lang").to_pylist()
        results = [c4_clean(t or "", lang=lang, **self.params)
                   for t, lang in zip(texts, langs, strict=True)]
        # Dropped rows keep their original text; replace_text leaves unchanged rows unmarked.
        new_texts = [cleaned if reason is None else original
                     for (cleaned, reason), original in zip(results, texts, strict=True)]
        table = replace_text(table, new_texts, self.name)
        return mark_dropped(table, [reason for _, reason in results], self.name)
