"""url_filter: the pure rule on URLs, the blocklist file and the stage on a small table."""

from __future__ import annotations

import pytest

from dataprep.errors import ConfigError
from dataprep.filters.url import UrlFilterStage, load_blocklist, url_filter
from dataprep.schema import make_batch


@pytest.mark.parametrize("url, reason", [
    ("https://news.example.org/2024/05/harbour-reopens", None),
    ("https://www.example.com/videos/free-porn-tube", "banned_word"),
    ("http://xxx.example.net/", "banned_word"),
    ("https://example.com/hot-girls-online", "soft_banned_words"),
    ("https://example.com/girls-football-league", None),
    ("https://example.com/casino-poker-bonus", "soft_banned_words"),
    ("https://freeporntube.example/watch?v=1", "banned_subword"),
    ("https://ford-escort-parts.example.com/", None),
    ("https://essexcampsite.example.co.uk/", None),
    ("https://example.com/Sexy/Lingerie", "soft_banned_words"),
])
def test_keyword_rules(url, reason):
    assert url_filter(url) == reason


def test_soft_threshold_and_domains():
    assert url_filter("https://example.com/hot-sexy", soft_word_threshold=3) is None
    blocked = frozenset({"spam.example", "bad.org"})
    assert url_filter("https://spam.example/x", blocked_domains=blocked) == "blocked_domain"
    assert url_filter("http://a.b.Bad.org:8080/p", blocked_domains=blocked) == "blocked_domain"
    assert url_filter("https://notbad.org/", blocked_domains=blocked) is None


def test_blocklist_file_formats(tmp_path):
    path = tmp_path / "block.txt"
    path.write_text("# adult and spam\nspam.example\n*.tracker.net  # wildcard\n"
                    "0.0.0.0 ads.example.com\nwww.mirror.info\n"
                    "https://good.org/one-bad-page/\n\n")
    domains, urls = load_blocklist(str(path))
    assert domains == {"spam.example", "tracker.net", "ads.example.com", "mirror.info"}
    assert urls == {"good.org/one-bad-page"}
    stage = UrlFilterStage(blocklist=str(path))
    table = make_batch(
        ["a", "b", "c", "d", "e"], ["t"] * 5, source="web",
        urls=["https://cdn.tracker.net/x", "http://www.good.org/one-bad-page",
              "https://good.org/other", None, "https://example.com/nudes"])
    assert stage(table).column("drop_reason").to_pylist() == [
        "url_filter:blocked_domain", "url_filter:blocked_url", None, None,
        "url_filter:banned_word"]


def test_stage_options():
    table = make_batch(["a", "b"], ["t", "t"], source="web",
                       urls=["https://example.com/free-porn", "https://example.com/crypto-pump"])
    only_extra = UrlFilterStage(keyword_rules=False, extra_banned_words=["pump"])
    assert only_extra(table).column("drop_reason").to_pylist() == [None, "url_filter:banned_word"]
    with pytest.raises(ConfigError, match=r"^url_filter\.blocklist: no such file"):
        UrlFilterStage(blocklist="/nonexistent/list.txt")
    with pytest.raises(ConfigError, match=r"^url_filter\.soft_word_threshold"):
        UrlFilterStage(soft_word_threshold=0)
    with pytest.raises(ConfigError, match=r"^url_filter\.extra_banned_words"):
        UrlFilterStage(extra_banned_words="pump")
