"""WARC/WET writing (one gzip member per record, as Common Crawl does) and the web page plan."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import random
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from . import articles, pages
from .common import record_uuid, sub_rng

BASE_DATE = dt.datetime(2024, 2, 21, 3, 0, 0, tzinfo=dt.UTC)
ISO639_3 = dict(en="eng", zh="zho", de="deu", fr="fra", es="spa", ru="rus", ja="jpn", pt="por")


def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


class WarcWriter:
    """Writes WARC/1.0 records, each its own gzip member with no timestamp or file name."""

    def __init__(self, path: Path, seed: int) -> None:
        self.path = path
        self.seed = seed
        self.data = bytearray()
        self.count = 0

    def write(self, rtype: str, headers: list[tuple[str, str]], block: bytes,
              label: object) -> tuple[int, str]:
        """Append a record; returns (offset of its gzip member, WARC-Record-ID)."""
        rid = f"<urn:uuid:{record_uuid(self.seed, self.path.name, label, rtype)}>"
        when = BASE_DATE + dt.timedelta(seconds=7 * self.count)
        self.count += 1
        lines = [("WARC-Type", rtype), ("WARC-Date", when.strftime("%Y-%m-%dT%H:%M:%SZ")),
                 ("WARC-Record-ID", rid), ("Content-Length", str(len(block)))] + headers
        head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in lines) + "\r\n"
        offset = len(self.data)
        self.data += gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=6, mtime=0)
        return offset, rid

    def warcinfo(self, fields: dict[str, str]) -> str:
        block = "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode()
        return self.write("warcinfo", [("Content-Type", "application/warc-fields"),
                                       ("WARC-Filename", self.path.name)], block, "info")[1]

    def close(self) -> None:
        self.path.write_bytes(bytes(self.data))


@dataclass
class Page:
    """One fetched URL: the HTTP payload plus what the manifest says about it."""

    url: str
    http: bytes  # status line + headers + body, as the crawler stored it
    info: dict
    text: str | None = None  # the main text a good extractor should return
    wet: str | None = None  # the page's whole visible text, for WET conversion records
    truncated: bool = False
    extra: dict = field(default_factory=dict)


def _http(body: bytes, ctype: str, rng: random.Random, status: str = "200 OK",
          extra: str = "") -> bytes:
    server = rng.choice(["nginx", "Apache/2.4.57 (Debian)", "cloudflare", "openresty"])
    head = (f"HTTP/1.1 {status}\r\nDate: Wed, 21 Feb 2024 03:{rng.randint(0, 59):02d}:"
            f"{rng.randint(0, 59):02d} GMT\r\nServer: {server}\r\nContent-Type: {ctype}\r\n"
            f"X-Crawler-Content-Encoding: gzip\r\nX-Crawler-Content-Length: "
            f"{len(body) // 4 + 311}\r\nContent-Length: {len(body)}\r\n"
            f"Vary: Accept-Encoding\r\nCache-Control: max-age={rng.choice([0, 60, 300, 3600])}"
            f"\r\n{extra}\r\n")
    return head.encode("latin-1") + body


def _png(rng: random.Random, size: int = 32) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    base = rng.randint(0, 255)
    raw = b"".join(b"\x00" + bytes((x * 8 + base) % 256 for x in range(size) for _ in range(3))
                   for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _pdf(title: str) -> bytes:
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                             xref)
    return bytes(out)


def _slug(title: str, rng: random.Random) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words[:8]) if words else str(rng.randint(10**6, 10**7))


def _site_for(lang: str, kind: str, rng: random.Random) -> pages.Site:
    layout = {"forum": "forum", "news": "news", "chronicle": "news"}.get(kind, "blog")
    wanted = dict(howto="patchworkandpliers.blog", recipe="www.thymeandagain.co",
                  review="gearnotes.reviews", food="www.xiachu-riji.com",
                  travel="xingzou-biji.net", life="life.chengshi-shenghuo.com")
    if kind in wanted:
        return pages.SITE_BY_DOMAIN[wanted[kind]]
    choices = [s for s in pages.SITES if s.lang == lang and s.layout == layout
               and s.domain != "www.valleywire.net"]
    return rng.choice(choices)


def _url(site: pages.Site, art: articles.Article, rng: random.Random) -> str:
    if site.layout == "forum":
        return f"https://{site.domain}/viewtopic.php?t={rng.randint(10**4, 10**6)}"
    if site.lang == "en":
        return f"https://{site.domain}/{art.date[:7].replace('-', '/')}/{_slug(art.title, rng)}/"
    return f"https://{site.domain}/{site.sections[0]}/{art.date.replace('-', '')}/" \
           f"{rng.randint(10**5, 10**7)}.html"


def _wet_text(site: pages.Site, art: articles.Article) -> str:
    c = pages.chrome(site.lang)
    nav = " ".join([c["home"]] + [c[k] for k in site.sections])
    lines = [f"{art.title} | {site.name}", c["cookie"], nav, c["search"], *art.paragraphs(),
             *[t for _, t in art.comments], c["related"],
             f"© 2024 {site.publisher}. {c['rights']}"]
    return "\n".join(lines) + "\n"


def _article_info(art: articles.Article, site: pages.Site) -> dict:
    paras = art.paragraphs()
    info = dict(lang=art.lang, subkind=art.kind, site=site.domain, title=art.title,
                n_words=len(art.text().split()), lead=paras[1][:160], tail=paras[-1][-160:])
    if art.comments:
        info["comment"] = art.comments[0][1]
    return info


def article_page(rng: random.Random, art: articles.Article, kind: str,
                 site: pages.Site | None = None, note: str | None = None,
                 encoding: str = "utf-8") -> Page:
    site = site or _site_for(art.lang, art.kind, rng)
    url = _url(site, art, rng)
    html = pages.article_page(site, art, url, rng, charset=encoding, note=note)
    info = dict(kind=kind, charset=encoding, **_article_info(art, site))
    if art.pii:
        info.update(pii=art.pii, lookalikes=art.lookalikes)
    body = html.encode(encoding)
    page = Page(url, _http(body, f"text/html; charset={encoding}", rng), info, art.text(),
                _wet_text(site, art))
    page.extra["article"] = art
    return page


EN_KINDS = ["news"] * 4 + ["howto"] * 3 + ["recipe"] * 2 + ["review"] * 3 + ["forum"] * 2
ZH_KINDS = ["news"] * 3 + ["life", "food", "travel"]


def build_round(seed: int, rnd: int) -> list[Page]:
    """One round of about 200 pages with every kind the sample needs, in crawl order."""
    rng = sub_rng(seed, "round", rnd)
    out: list[Page] = []

    def r(label: object) -> random.Random:
        return sub_rng(seed, rnd, label)

    for i in range(62):
        out.append(article_page(r(("en", i)), articles.english(r(("ena", i)), EN_KINDS[i % 14]),
                                "article"))
    for i in range(26):
        out.append(article_page(r(("zh", i)), articles.chinese(r(("zha", i)), ZH_KINDS[i % 6]),
                                "article"))
    for lang, n in dict(de=7, fr=7, es=7, ru=6, ja=6, pt=6).items():
        for i in range(n):
            out.append(article_page(r((lang, i)), articles.chronicle(r((lang, "a", i)), lang),
                                    "article"))
    _unique_urls(out)
    # Near-duplicates: syndicated copies on the wire site or another paper of the same language.
    for i, src in enumerate([0, 4, 8, 14, 18, 62, 63, 88, 95]):
        orig = out[src].extra["article"]
        rr = r(("near", i))
        if orig.lang == "en":
            site = pages.SITE_BY_DOMAIN["www.valleywire.net"]
            byline = rr.choice(["Valley Wire staff", "From wire reports", "Staff Reporter"])
        else:
            candidates = [s for s in pages.SITES if s.lang == orig.lang
                          and s.domain != out[src].info["site"]]
            site = rr.choice(candidates or [pages.SITE_BY_DOMAIN[out[src].info["site"]]])
            byline = rr.choice(["本报综合", "通讯员", "编辑部"]) if orig.lang == "zh" else "AFP"
        copy_ = articles.syndicate(rr, orig, byline)
        note = f"{pages.chrome(site.lang)['originally']} {out[src].info.get('site')}"
        page = article_page(rr, copy_, "near_duplicate", site, note)
        page.info["near_duplicate_of"] = out[src].url
        out.append(page)
    # PII pages: forum posts and Chinese notices carry the PII in the main text.
    for i in range(10):
        lang = "zh" if i >= 7 else "en"
        base = (articles.chinese(r(("piia", i)), "life") if lang == "zh"
                else articles.english(r(("piia", i)), "forum" if i % 2 == 0 else "howto"))
        out.append(article_page(r(("pii", i)), articles.add_pii(r(("piix", i)), base), "pii"))
    _unique_urls(out)
    # Exact duplicates: the same bytes served at a second URL.
    for i, src in enumerate([1, 5, 30, 64, 70, 89, 100, 101]):
        p = out[src]
        variant = i % 3
        url = (p.url + "?utm_source=newsletter&utm_medium=email" if variant == 0
               else p.url.replace("https://", "http://") if variant == 1
               else p.url.rstrip("/") + "/amp/")
        out.append(Page(url, p.http, dict(p.info, kind="exact_duplicate", duplicate_of=p.url),
                        p.text, p.wet))
    out += _spam_and_boilerplate(seed, rnd)
    out += _special(seed, rnd)
    _unique_urls(out)
    if rnd:
        # Later rounds (benchmarks) reuse titles and fixed URLs: keep every URL unique.
        for page in out:
            page.url = _round_url(page.url, rnd)
            for key in ("duplicate_of", "near_duplicate_of"):
                if key in page.info:
                    page.info[key] = _round_url(page.info[key], rnd)
    rng.shuffle(out)
    return out


def _round_url(url: str, rnd: int) -> str:
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    return f"{scheme}://{host}/r{rnd}/{path}"


def _unique_urls(pages_: list[Page]) -> None:
    """Two pages with the same title and date would share a URL; real sites add a suffix.

    Called before later pages refer to earlier URLs, so references stay valid.
    """
    seen: set[str] = set()
    for page in pages_:
        while page.url in seen:
            page.url = page.url.rstrip("/") + "-2/"
        seen.add(page.url)


def _spam_and_boilerplate(seed: int, rnd: int) -> list[Page]:
    out = []
    for i in range(18):
        rr = sub_rng(seed, rnd, "spam", i)
        lang = "zh" if i >= 11 else "en"
        host = f"www.{rr.choice(['best', 'top', 'cheap', 'super'])}-" \
               f"{rr.choice(['deals', 'bonus', 'offers', 'shop'])}{rr.randint(1, 999)}.com"
        html, title = pages.spam_page(lang, f"https://{host}/", rr)
        url = f"https://{host}/{_slug(title, rr) if lang == 'en' else rr.randint(10, 999)}.html"
        out.append(Page(url, _http(html.encode(), "text/html; charset=UTF-8", rr),
                        dict(kind="spam", lang=lang, title=title, charset="utf-8")))
    subs = ["login", "not_found", "cookie_page", "tag_index", "search", "subscribe"]
    for i in range(22):
        rr = sub_rng(seed, rnd, "boiler", i)
        lang = "zh" if i >= 16 else "en"
        site = rr.choice([s for s in pages.SITES if s.lang == lang])
        sub = ["login", "not_found", "tag_index"][i % 3] if lang == "zh" else subs[i % 6]
        url = f"https://{site.domain}/{sub.replace('_', '-')}/{rr.randint(1, 99)}"
        status = "404 Not Found" if sub == "not_found" else "200 OK"
        html = pages.boilerplate_page(site, sub, url, rr)
        out.append(Page(url, _http(html.encode(), "text/html; charset=utf-8", rr, status),
                        dict(kind="boilerplate", subkind=sub, lang=lang, site=site.domain,
                             charset="utf-8")))
    return out


def _special(seed: int, rnd: int) -> list[Page]:
    """Legacy charsets, non-HTML payloads and broken records."""
    def r(label: str) -> random.Random:
        return sub_rng(seed, rnd, "special", label)

    out = []
    gbk = article_page(r("gbk"), articles.chinese(r("gbka"), "news"), "article",
                       pages.SITE_BY_DOMAIN["www.jiangnan-wanbao.cn"], encoding="gbk")
    gbk.http = gbk.http.replace(b"charset=gbk", b"charset=GBK", 1)
    gbk.info["subkind_note"] = "GBK body; charset in HTTP header and meta http-equiv"
    out.append(gbk)
    de_art = articles.chronicle(r("cp1252a"), "de")
    page = article_page(r("cp1252"), de_art, "article",
                        pages.SITE_BY_DOMAIN["www.nordstadt-kurier.de"], encoding="windows-1252")
    page.http = page.http.replace(b"Content-Type: text/html; charset=windows-1252",
                                  b"Content-Type: text/html", 1)
    page.info["subkind_note"] = "windows-1252 body; charset only in <meta>"
    out.append(page)

    rr = r("png")
    out.append(Page("https://www.millbrookcourier.com/media/logo-small.png",
                    _http(_png(rr), "image/png", rr), dict(kind="non_html", subkind="png")))
    rr = r("pdf")
    out.append(Page("https://harlowfallsdaily.com/files/council-budget-2024.pdf",
                    _http(_pdf("Council budget summary 2024"), "application/pdf", rr),
                    dict(kind="non_html", subkind="pdf")))
    rr = r("json")
    payload = json.dumps({"status": "ok", "page": 1, "items": [
        {"id": rr.randint(10**5, 10**6), "title": t, "views": rr.randint(10, 9000)}
        for t in pages.related_titles("en")[:5]]}, indent=1).encode()
    out.append(Page("https://www.valleywire.net/api/v2/articles?page=1",
                    _http(payload, "application/json; charset=utf-8", rr),
                    dict(kind="non_html", subkind="json")))
    rr = r("mislabeled")
    out.append(Page("https://gearnotes.reviews/wp-content/uploads/thumb-283.php",
                    _http(_png(rr, 24), "text/html; charset=UTF-8", rr),
                    dict(kind="non_html", subkind="png_labelled_text_html")))

    rr = r("malformed")
    art = articles.english(r("malformeda"), "news")
    body = pages.article_page(pages.SITE_BY_DOMAIN["harlowfallsdaily.com"], art,
                              "https://harlowfallsdaily.com/2024/02/x/", rr).encode()
    head = (b"HTTP/1.1 200\r\nContent-Type text/html\r\nServer: Apache\r\n"
            b"this line has no colon at all\r\n\x00\x07\xff\xfe\r\nContent-Length: twelve\r\n\r\n")
    out.append(Page("https://harlowfallsdaily.com/2024/02/council-notes/", head + body,
                    dict(kind="broken", subkind="malformed_http_headers", lang="en")))
    rr = r("empty")
    out.append(Page("https://www.millbrookcourier.com/2024/02/live-blog-election-night/",
                    _http(b"", "text/html; charset=utf-8", rr),
                    dict(kind="broken", subkind="empty_body", lang="en")))
    rr = r("wrong")
    fr_art = articles.chronicle(r("wronga"), "fr")
    html = pages.article_page(pages.SITE_BY_DOMAIN["www.lepetitriverain.fr"], fr_art,
                              "https://www.lepetitriverain.fr/actualites/chronique/", rr,
                              charset=None)
    out.append(Page("https://www.lepetitriverain.fr/actualites/chronique/",
                    _http(html.encode("cp1252"), "text/html; charset=utf-8", rr),
                    dict(kind="broken", subkind="declared_utf8_body_cp1252", lang="fr",
                         title=fr_art.title), fr_art.text()))
    rr = r("trunc")
    art = articles.english(r("trunca"), "review")
    html = pages.article_page(pages.SITE_BY_DOMAIN["gearnotes.reviews"], art,
                              "https://gearnotes.reviews/long-term-test/", rr).encode()
    page = Page("https://gearnotes.reviews/long-term-test/",
                _http(html[: len(html) // 3], "text/html; charset=utf-8", rr),
                dict(kind="broken", subkind="truncated_payload", lang="en"))
    page.truncated = True
    out.append(page)
    return out


def write_warc(path: Path, seed: int, batch: list[Page], manifest: list[dict]) -> None:
    """request + response + metadata per page, like a Common Crawl WARC."""
    w = WarcWriter(path, seed)
    info_id = w.warcinfo({
        "software": "dataprep sample_data/make_samples.py",
        "isPartOf": "SAMPLE-CRAWL-2024-08", "operator": "dataprep sample generator",
        "description": "Synthetic crawl for tests and benchmarks; every page is generated.",
        "hostname": "crawler-03.internal", "robots": "checked via crawler-commons",
        "format": "WARC File Format 1.0",
        "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
    })
    for i, page in enumerate(batch):
        rng = sub_rng(seed, path.name, i)
        host = page.url.split("/")[2]
        path_q = "/" + page.url.split("/", 3)[3] if page.url.count("/") >= 3 else "/"
        lang = page.info.get("lang", "en")
        request = (f"GET {path_q} HTTP/1.1\r\nUser-Agent: dataprep-sample-crawler/1.0 "
                   f"(+https://example.org/crawler)\r\nAccept: text/html,application/xhtml+xml,"
                   f"application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: {lang},en;q=0.5\r\n"
                   f"Accept-Encoding: br,gzip\r\nHost: {host}\r\nConnection: Keep-Alive\r\n\r\n"
                   ).encode()
        ip = f"{rng.randint(20, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}." \
             f"{rng.randint(1, 254)}"
        common = [("WARC-Warcinfo-ID", info_id), ("WARC-IP-Address", ip),
                  ("WARC-Target-URI", page.url)]
        _, req_id = w.write("request", [("Content-Type", "application/http; msgtype=request"),
                                        *common, ("WARC-Block-Digest", _digest(request))],
                            request, (i, page.url))
        split = page.http.find(b"\r\n\r\n")
        payload = page.http[split + 4 :] if split >= 0 else b""
        ctype = page.info.get("kind") == "non_html" and page.info["subkind"] or "text/html"
        headers = [("Content-Type", "application/http; msgtype=response"), *common[:1],
                   ("WARC-Concurrent-To", req_id), *common[1:],
                   ("WARC-Payload-Digest", _digest(payload)),
                   ("WARC-Block-Digest", _digest(page.http))]
        if page.truncated:
            headers.append(("WARC-Truncated", "length"))
        headers.append(("WARC-Identified-Payload-Type", {
            "png": "image/png", "pdf": "application/pdf", "json": "application/json",
            "png_labelled_text_html": "image/png"}.get(ctype, "text/html")))
        offset, resp_id = w.write("response", headers, page.http, (i, page.url))
        meta = f"fetchTimeMs: {rng.randint(40, 2400)}\r\n"
        if page.text is not None:
            meta += f"charset-detected: {page.info.get('charset', 'utf-8').upper()}\r\n"
            meta += "languages-cld2: " + json.dumps({"reliable": True, "languages": [
                {"code": lang, "code-iso-639-3": ISO639_3.get(lang, "und"),
                 "text-covered": 0.97}]}) + "\r\n"
        w.write("metadata", [("WARC-Refers-To", resp_id), ("WARC-Target-URI", page.url),
                             ("Content-Type", "application/warc-fields")], meta.encode(),
                (i, page.url))
        manifest.append(dict(file=path.name, offset=offset, record_id=resp_id[1:-1],
                             url=page.url, **page.info))
        page.extra["record_id"] = resp_id
    w.close()


def write_wet(path: Path, seed: int, batch: list[Page], manifest: list[dict]) -> None:
    """A WET file: warcinfo, then one text/plain ``conversion`` record per page."""
    w = WarcWriter(path, seed)
    info_id = w.warcinfo({"Software-Info": "dataprep sample_data/make_samples.py",
                          "Extracted-Date": "Wed, 21 Feb 2024 06:00:00 GMT",
                          "robots": "checked via crawler-commons",
                          "isPartOf": "SAMPLE-CRAWL-2024-08",
                          "operator": "dataprep sample generator"})
    for i, page in enumerate(batch):
        text = page.wet.encode()
        lang = page.info["lang"]
        offset, rid = w.write("conversion", [
            ("WARC-Target-URI", page.url), ("WARC-Warcinfo-ID", info_id),
            ("WARC-Refers-To", page.extra.get("record_id", "<urn:uuid:unknown>")),
            ("WARC-Block-Digest", _digest(text)),
            ("WARC-Identified-Content-Language", ISO639_3[lang]),
            ("Content-Type", "text/plain")], text, (i, page.url))
        manifest.append(dict(file=path.name, offset=offset, record_id=rid[1:-1], url=page.url,
                             kind="conversion", lang=lang, source_kind=page.info["kind"]))
    w.close()
