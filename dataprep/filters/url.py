"""URL filtering: domain blocklist and adult/spam keyword rules on the URL (stage ``url_filter``).

The keyword rules follow the scheme FineWeb used (datatrove ``URLFilter``, Penedo et al. 2024,
"The FineWeb Datasets", section 3.3): the URL is split into words at every non-alphanumeric
character; a page is dropped when one *banned word* is among them, when at least
``soft_word_threshold`` (default 2) *soft words* are, or when a *banned subword* occurs anywhere
in the URL with its punctuation removed (catching words glued into domain names). The word
lists here are our own short lists of unambiguous adult and spam vocabulary, not FineWeb's;
extend them with ``extra_*`` parameters. A domain blocklist file (one domain or URL per line,
``#`` comments, hosts-file lines and ``*.`` prefixes accepted) blocks a domain and all its
subdomains. Exact URL deduplication is the ``exact_dedup`` stage's job.

Reasons: ``blocked_domain``, ``blocked_url``, ``banned_word``, ``soft_banned_words``,
``banned_subword``. Rows without a URL are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import fsspec
import pyarrow as pa

from dataprep.errors import ConfigError
from dataprep.schema import mark_dropped

# One is enough: words that in a URL practically only name adult or gambling-spam content.
BANNED_WORDS = frozenset({
    "porn", "porno", "pornhub", "xxx", "xxxx", "hentai", "milf", "milfs", "nudes",
    "nsfw", "camgirl", "camgirls", "sexcam", "sexcams", "bdsm",
    "blowjob", "handjob", "gangbang", "creampie", "cumshot", "bukkake", "upskirt", "xvideos",
    "xhamster", "redtube", "youporn", "onlyfans", "threesome", "shemale",
})
# Two are needed: words with innocent uses (medicine, fashion, news about the industry).
SOFT_BANNED_WORDS = frozenset({
    "sex", "sexy", "adult", "adults", "naked", "nude", "hot", "girls", "babes", "teen", "teens",
    "escort", "escorts", "fetish",
    "amateur", "webcam", "cam", "cams", "dating", "hookup", "lingerie", "erotic", "strip",
    "casino", "poker", "slots", "betting", "viagra", "cialis", "pills", "replica", "payday",
})
# Matched inside the URL with punctuation removed, e.g. "freeporntube" or "my-xvideos-site";
# only strings that do not occur inside ordinary words ("sexcam" would hit "essexcamping").
BANNED_SUBWORDS = frozenset({
    "porn", "xvideos", "xhamster", "hentai", "camgirl", "pornhub", "youporn",
    "redtube", "onlyfans", "nudegirls", "hotmilf",
})

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def load_blocklist(path: str) -> tuple[frozenset[str], frozenset[str]]:
    """(domains, urls) of a blocklist file: domains, ``*.domain``, hosts-file lines
    (``0.0.0.0 domain``) or full URLs, one per line; ``#`` starts a comment."""
    domains, urls = set(), set()
    try:
        with fsspec.open(path, "rt", encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        raise ConfigError(f"url_filter.blocklist: no such file '{path}'") from None
    for raw in lines:
        entry = raw.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        entry = entry.split()[-1]  # hosts files: "0.0.0.0 example.com"
        if "/" in entry.removesuffix("/"):
            urls.add(_url_key(entry))
        else:
            domains.add(entry.removeprefix("*.").removeprefix("www.").strip("./"))
    return frozenset(domains), frozenset(urls)


def _url_key(url: str) -> str:
    """A URL without scheme, ``www.`` and trailing slash, lowercased, for exact matching."""
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    return url.removeprefix("www.").rstrip("/")


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.").rstrip(".")


def url_filter(
    url: str,
    *,
    blocked_domains: frozenset[str] = frozenset(),
    blocked_urls: frozenset[str] = frozenset(),
    banned_words: Iterable[str] = BANNED_WORDS,
    soft_banned_words: Iterable[str] = SOFT_BANNED_WORDS,
    banned_subwords: Iterable[str] = BANNED_SUBWORDS,
    soft_word_threshold: int = 2,
) -> str | None:
    """Drop reason for a URL, or None to keep it (rules in the module docstring).

    Args:
        blocked_domains: registered domains or hosts; a URL whose host is one of them or a
            subdomain of one is blocked.
        blocked_urls: URLs as made by ``load_blocklist`` (no scheme, no ``www.``).
        soft_word_threshold: how many distinct soft words it takes (FineWeb: 2).
    """
    host = _host(url)
    labels = host.split(".")
    if any(".".join(labels[i:]) in blocked_domains for i in range(len(labels))):
        return "blocked_domain"
    if blocked_urls and _url_key(url) in blocked_urls:
        return "blocked_url"
    lowered = url.lower()
    words = set(_WORD_SPLIT.split(lowered))
    if not words.isdisjoint(banned_words):
        return "banned_word"
    if len(words.intersection(soft_banned_words)) >= soft_word_threshold:
        return "soft_banned_words"
    squashed = _NON_ALNUM.sub("", lowered)
    if any(sub in squashed for sub in banned_subwords):
        return "banned_subword"
    return None


class UrlFilterStage:
    """Stage ``url_filter``: marks rows whose ``url`` :func:`url_filter` rejects.

    The blocklist file is read once, when the stage is built (once per worker).
    """

    name = "url_filter"

    def __init__(self, *, blocklist: str | None = None, soft_word_threshold: int = 2,
                 extra_banned_words: list[str] | None = None,
                 extra_soft_banned_words: list[str] | None = None,
                 extra_banned_subwords: list[str] | None = None,
                 keyword_rules: bool = True):
        if not isinstance(soft_word_threshold, int) or soft_word_threshold < 1:
            raise ConfigError("url_filter.soft_word_threshold: must be a positive integer")
        for key, value in (("extra_banned_words", extra_banned_words),
                           ("extra_soft_banned_words", extra_soft_banned_words),
                           ("extra_banned_subwords", extra_banned_subwords)):
            if value is not None and not (isinstance(value, list)
                                          and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"url_filter.{key}: must be a list of strings")
        domains, urls = load_blocklist(blocklist) if blocklist else (frozenset(), frozenset())
        base = (BANNED_WORDS, SOFT_BANNED_WORDS, BANNED_SUBWORDS) if keyword_rules else (
            frozenset(), frozenset(), frozenset())
        self.params = {
            "blocked_domains": domains,
            "blocked_urls": urls,
            "banned_words": base[0] | {w.lower() for w in extra_banned_words or ()},
            "soft_banned_words": base[1] | {w.lower() for w in extra_soft_banned_words or ()},
            "banned_subwords": base[2] | {w.lower() for w in extra_banned_subwords or ()},
            "soft_word_threshold": soft_word_threshold,
        }

    def __call__(self, table: pa.Table) -> pa.Table:
        reasons = [None if not url else url_filter(url, **self.params)
                   for url in table.column("url").to_pylist()]
        return mark_dropped(table, reasons, self.name)
