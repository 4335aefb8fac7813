"""The committed sample corpus: reproducible, parseable, and holding the cases it promises."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
LANGS = {"en", "zh", "de", "fr", "es", "ru", "ja", "pt"}


def _load_make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLE / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_samples = _load_make_samples()
from generator import common, warc  # noqa: E402  (importable once make_samples is loaded)

MANIFEST = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
RESPONSES = [r for r in MANIFEST["web"] if r["kind"] != "conversion"]


@pytest.fixture(scope="module")
def pages():
    return warc.build_round(make_samples.DEFAULT_SEED, 0)


def _records(path: Path):
    """(record, offset, payload bytes) for every record of a WARC/WET file."""
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            payload = rec.content_stream().read()  # read before asking for the offset
            yield rec, it.get_record_offset(), payload


def test_regeneration_is_byte_identical(tmp_path):
    written = make_samples.write_samples(tmp_path)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    assert names == sorted([*MANIFEST["files"], "manifest.json"])
    for name in names:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    # Nothing stale next to the generated files.
    committed = sorted(str(p.relative_to(SAMPLE)) for d in ("web", "books", "dialogue")
                       for p in (SAMPLE / d).rglob("*") if p.is_file())
    assert committed == sorted(MANIFEST["files"])


def test_total_size_under_5_mb():
    total = sum((SAMPLE / name).stat().st_size for name in [*MANIFEST["files"], "manifest.json"])
    assert total < 5_000_000


def test_warcs_parse_with_common_crawl_record_kinds():
    by_offset = {(r["file"], r["offset"]): r for r in MANIFEST["web"]}
    types: Counter[str] = Counter()
    for path in sorted((SAMPLE / "web").glob("*.warc.gz")):
        for rec, offset, _ in _records(path):
            types[rec.rec_type] += 1
            if rec.rec_type == "response":
                entry = by_offset[(path.name, offset)]
                assert rec.rec_headers.get_header("WARC-Target-URI") == entry["url"]
                assert rec.rec_headers.get_header("WARC-Record-ID") == f"<{entry['record_id']}>"
    assert types["warcinfo"] == 3
    assert types["request"] == types["response"] == types["metadata"] == len(RESPONSES)
    assert 150 <= len(RESPONSES) <= 250
    wet = list(_records(SAMPLE / "web" / "SAMPLE-CRAWL-2024-08-00000.warc.wet.gz"))
    assert [r.rec_type for r, _, _ in wet[:1]] == ["warcinfo"]
    assert {r.rec_type for r, _, _ in wet[1:]} == {"conversion"}
    assert all(r.rec_headers.get_header("Content-Type") == "text/plain" for r, _, _ in wet[1:])
    assert len(wet) - 1 == make_samples.WET_PAGES


def test_every_kind_of_page_is_present():
    kinds = Counter(r["kind"] for r in RESPONSES)
    for kind in ("article", "spam", "boilerplate", "exact_duplicate", "near_duplicate", "pii",
                 "non_html", "broken"):
        assert kinds[kind] > 0, kind
    subkinds = {r.get("subkind") for r in RESPONSES}
    assert {"png", "pdf", "json", "malformed_http_headers", "empty_body",
            "declared_utf8_body_cp1252", "login", "not_found", "tag_index"} <= subkinds
    assert {r["charset"] for r in RESPONSES if "charset" in r} >= {"gbk", "windows-1252"}
    assert {r["lang"] for r in RESPONSES if r["kind"] == "spam"} == {"en", "zh"}


def test_languages_match_html_lang_attributes():
    langs = Counter(r["lang"] for r in RESPONSES if r["kind"] == "article")
    assert set(langs) == LANGS
    assert langs["en"] == max(langs.values()) and langs["zh"] >= 20
    by_url = {r["url"]: r for r in RESPONSES}
    seen = set()
    for path in sorted((SAMPLE / "web").glob("*.warc.gz")):
        for rec, _, payload in _records(path):
            entry = by_url.get(rec.rec_headers.get_header("WARC-Target-URI"))
            if rec.rec_type != "response" or entry["kind"] != "article":
                continue
            lang = re.search(rb'<html lang="(\w+)"', payload).group(1).decode()
            assert lang == entry["lang"]
            seen.add(lang)
    assert seen == LANGS


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _dup_ngram_char_frac(words: list[str], n: int = 5) -> float:
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    counts = Counter(grams)
    covered = set()
    for i, gram in enumerate(grams):
        if counts[gram] > 1:
            covered.update(range(i, i + n))
    return sum(len(words[i]) for i in covered) / sum(len(w) for w in words)


def test_good_articles_pass_heuristic_quality_rules(pages):
    checked = 0
    for page in pages:
        art = page.extra.get("article")
        if page.info["kind"] != "article" or art is None or art.lang in ("zh", "ja"):
            continue
        words = _words(page.text)
        sentences = art.sentences()
        assert len(sentences) == len(set(sentences)), page.url
        assert len(sentences) >= 5
        assert 3 <= sum(map(len, words)) / len(words) <= 10
        assert _dup_ngram_char_frac(words) < 0.10, page.url
        if art.lang == "en":
            assert 300 <= len(words) <= 1500, page.url
        checked += 1
    assert checked > 80


def test_near_duplicates_are_near_and_distinct_articles_are_not(pages):
    def shingles(text: str) -> set[tuple[str, ...]]:
        w = _words(text)
        return {tuple(w[i : i + 5]) for i in range(len(w) - 4)}

    def jaccard(a: set, b: set) -> float:
        return len(a & b) / len(a | b)

    by_url = {p.url: p for p in pages}
    near = [p for p in pages if p.info["kind"] == "near_duplicate"]
    for page in near:
        orig = by_url[page.info["near_duplicate_of"]]
        assert page.text != orig.text
        if page.info["lang"] != "zh":
            assert jaccard(shingles(page.text), shingles(orig.text)) >= 0.8
    originals = [p for p in pages if p.info["kind"] == "article" and p.info["lang"] == "en"]
    sets = [shingles(p.text) for p in originals]
    assert max(jaccard(a, b) for a, b in itertools.combinations(sets, 2)) < 0.7


def test_exact_duplicates_carry_identical_payloads():
    digests = {}
    for path in sorted((SAMPLE / "web").glob("*.warc.gz")):
        for rec, _, _ in _records(path):
            if rec.rec_type == "response":
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                digests[uri] = rec.rec_headers.get_header("WARC-Payload-Digest")
    dups = [r for r in RESPONSES if r["kind"] == "exact_duplicate"]
    assert len(dups) >= 5
    for r in dups:
        assert r["url"] != r["duplicate_of"]
        assert digests[r["url"]] == digests[r["duplicate_of"]]


def test_pii_values_are_in_the_pages_and_lookalikes_are_not_pii(pages):
    pii_pages = [p for p in pages if p.info["kind"] == "pii"]
    types = {item["type"] for p in pii_pages for item in p.info["pii"]}
    assert {"email", "phone", "ipv4", "ipv6", "credit_card", "cn_resident_id"} <= types
    assert any(re.fullmatch(r"1[3-9]\d \d{4} \d{4}", i["value"])
               for p in pii_pages for i in p.info["pii"])
    for page in pii_pages:
        for item in page.info["pii"] + page.info["lookalikes"]:
            assert item["value"] in page.text
            if item["type"] == "credit_card":
                assert common.luhn_valid(item["value"])
            if item["type"] == "order_number":
                assert not common.luhn_valid(item["value"])  # 16 digits, but not a card
            if item["type"] == "cn_resident_id":
                value = item["value"]
                assert common.cn_resident_id(value[:6], value[6:14], value[14:17]) == value


def test_books_and_dialogue_files():
    novel = (SAMPLE / "books" / "the-salt-road.txt").read_text(encoding="utf-8")
    assert 40_000 <= len(novel.encode()) <= 80_000
    assert novel.index("*** START OF") < novel.index("CONTENTS") < novel.index("*** END OF")
    assert "\f" in novel and re.search(r"[a-z]-\n[a-z]", novel)
    zh = (SAMPLE / "books" / "jiangbian-de-deng.gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        zh.decode("utf-8")
    assert "目录" in zh.decode("gbk") and "第十二章" in zh.decode("gbk")
    cp = gzip.decompress((SAMPLE / "books" / "the-lantern-year.cp1252.txt.gz").read_bytes())
    assert "“" in cp.decode("cp1252") and b"\x93" in cp
    dialogue = SAMPLE / "dialogue"
    chats = [json.loads(x) for x in (dialogue / "messages.jsonl").read_text().splitlines()]
    share = [json.loads(x) for x in (dialogue / "sharegpt.jsonl").read_text().splitlines()]
    rows = [json.loads(x) for x in (dialogue / "comments.jsonl").read_text().splitlines()]
    assert any(len(c["messages"]) == 1 for c in chats)
    assert len({json.dumps(c["messages"]) for c in chats}) < len(chats)  # an exact duplicate
    assert {t["from"] for c in share for t in c["conversations"]} >= {"human", "gpt"}
    ids = {r["id"] for r in rows}
    assert all(r["parent_id"] is None or r["parent_id"] in ids for r in rows)
    assert {"[deleted]", "[removed]"} <= {r["body"] for r in rows}
    assert "AutoModerator" in {r["author"] for r in rows}
    logs = sorted((dialogue / "irc").glob("#*-????-??-??.log"))
    assert len(logs) == 2
    threads = sum(r["parent_id"] is None for r in rows)
    assert 20 <= len(chats) + len(share) + threads + 2 * len(logs) <= 60
