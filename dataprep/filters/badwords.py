"""Built-in offensive-word lists per language and the matcher the filters share.

The lists are ours: short, unambiguous pornography, sex-trade and slur terms, chosen so that
ordinary news, medical and encyclopaedic text does not match (C4 used the much longer LDNOOBW
lists; users who want those pass them as ``bad_words``). Space-separated languages match whole
words; Chinese and Japanese match substrings (no word boundaries), which is why their entries
are multi-character terms that do not occur inside common words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

BAD_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "fuck", "fucked", "fucker", "fucking", "motherfucker", "cunt", "blowjob", "handjob",
        "cumshot", "bukkake", "gangbang", "milf", "hentai", "xxx", "porn", "porno", "pornhub",
        "dildo", "pussy", "slut", "whore", "nigger", "faggot", "twat", "wank", "jizz",
        "deepthroat", "camgirl", "titties", "horny", "creampie", "shemale", "cocksucker",
    ),
    "zh": (
        "色情", "成人电影", "av女优", "裸聊", "约炮", "一夜情", "卖淫", "嫖娼", "援交", "三级片",
        "黄色网站", "做爱", "口交", "肛交", "乱伦", "操你妈", "傻逼", "婊子", "鸡巴", "黄片",
        "成人视频", "裸体美女", "小姐上门",
    ),
    "ja": (
        "エロ動画", "無修正", "アダルト動画", "援助交際", "中出し", "痴漢", "フェラ", "乱交",
        "売春", "レイプ", "セフレ", "ヤリマン", "おっぱい動画",
    ),
    "de": (
        "ficken", "fick", "hure", "nutte", "schlampe", "fotze", "wichser", "arschloch", "porno",
        "pornos", "pornofilm", "sexcam", "muschi", "hurensohn", "schwanzlutscher",
    ),
    "fr": (
        "salope", "pute", "enculé", "connard", "porno", "nique", "niquer", "pétasse",
        "branlette", "fellation", "sodomie", "partouze", "pédé",
    ),
    "es": (
        "puta", "puto", "coño", "follar", "polla", "verga", "mamada", "pendejo", "cabrón",
        "gilipollas", "zorra", "porno", "culear", "chingar",
    ),
    "ru": (
        "блядь", "бля", "хуй", "пизда", "ебать", "ебля", "сука", "шлюха", "порно", "мудак",
        "пидор", "залупа", "проститутки",
    ),
}

# Languages written without spaces between words: match anywhere, not between boundaries.
_NO_WORD_BOUNDARIES = frozenset({"zh", "ja", "th"})


@lru_cache(maxsize=64)
def _matcher(words: tuple[str, ...], boundaries: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)" if boundaries else alternatives)


def find_bad_word(
    text: str, lang: str | None, words: Sequence[str] | None = None
) -> str | None:
    """The first offensive word found in ``text`` (lowercased), or ``None``.

    ``words`` replaces the built-in list of ``lang`` (English when ``lang`` is ``None``); a
    language without a list matches nothing.
    """
    if words is None:
        words = BAD_WORDS.get(lang or "en", ())
    if not words:
        return None
    pattern = _matcher(tuple(w.lower() for w in words), lang not in _NO_WORD_BOUNDARIES)
    match = pattern.search(text.lower())
    return match.group(0) if match else None
