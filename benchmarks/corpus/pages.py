"""HTML pages of the unpacked packages: which are taken, their URL and language, the element
their generator marks as main content, and gzip-per-record WARC output."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import lxml.html
from sources import Package

HOST = "https://docs.example-mirror.org"
_SKIPPED_NAMES = {"search.html", "searchindex.html"}
# Search pages, static assets, and Jinja templates of example apps (not pages).
_SKIPPED_DIRS = {"search", "_static", "_sources", "_images", "resources", "script-dir",
                 "templates"}
_MIN_BYTES = 400  # redirect stubs and empty frames
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# Path segments and package suffixes that name the page's language (lid.176 codes).
_LANG_ALIASES = {"zh_cn": "zh", "zh-cn": "zh", "zh_tw": "zh", "zh-tw": "zh", "pt_br": "pt"}
_LANGS = {"ca", "cs", "da", "de", "el", "en", "es", "fr", "id", "it", "ja", "ko", "nl", "pt",
          "ro", "ru", "sv", "vi", "zh"}
_BASE_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Page:
    package: str
    path: Path  # the file
    rel: str  # path inside the package, as in the URL
    url: str
    lang: str
    html: bytes


def _lang(package: Package, rel: str) -> str:
    if package.lang != "dir":
        return package.lang
    for segment in rel.lower().split("/")[:-1]:
        code = _LANG_ALIASES.get(segment, segment)
        if code in _LANGS:
            return code
    raise ValueError(f"{package.name}: no language directory in {rel}")


def _taken(root: Path, path: Path) -> bool:
    rel = path.relative_to(root)
    return (path.is_file() and not path.is_symlink() and path.name not in _SKIPPED_NAMES
            and not _SKIPPED_DIRS & set(rel.parts[:-1]) and path.stat().st_size >= _MIN_BYTES)


def _neutral(rel: str, package: str) -> str:
    """The path without the package name, so amd64 and i386 guides pick the same pages."""
    return rel.replace(package, "{package}")


def select_pages(package: Package, root: Path) -> Iterator[Page]:
    """The package's HTML pages, a deterministic subset of at most ``max_pages``, by path."""
    files = [p for p in root.rglob("*") if p.suffix in (".html", ".htm") and _taken(root, p)]
    rels = {p: str(p.relative_to(root)) for p in files}
    order = sorted(files, key=lambda p: hashlib.sha256(
        _neutral(rels[p], package.name).encode()).hexdigest())
    for path in sorted(order[:package.max_pages], key=lambda p: rels[p]):
        rel = rels[path]
        short = quote(re.sub(r"^usr/share/(doc/)?", "", rel), safe="/")  # "Visual Studio 9.html"
        yield Page(package.name, path, rel, f"{HOST}/{package.name}/{short}",
                   _lang(package, rel), path.read_bytes())


# --- main content as the generator marks it ---------------------------------------------------

_DOCBOOK = ("book", "chapter", "sect1", "section", "appendix", "preface", "article", "part",
            "index", "glossary", "refentry", "reference", "bibliography", "colophon", "set",
            "qandaset", "dedication", "legalnotice", "simplesect", "sect2", "refsect1")
_SELECTORS = (  # (name, XPath): the first that matches wins
    ("div[role=main]", "//div[@role='main']"),
    ("main", "//main"),
    ("div.body", "//div[contains(concat(' ', normalize-space(@class), ' '), ' body ')]"),
    ("div#docs-content", "//div[@id='docs-content']"),
    ("div#apicontent", "//div[@id='apicontent']"),
    ("div#yui-main div.yui-g",
     "//div[@id='yui-main']//div[contains(concat(' ', @class, ' '), ' yui-g ')]"),
)
_BLOCK = {"p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "ul",
          "ol", "li", "dl", "dt", "dd", "table", "tr", "thead", "tbody", "tfoot", "caption",
          "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption",
          "form", "hr", "address", "details", "summary", "center", "title"}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "head"}


def main_element(doc: lxml.html.HtmlElement) -> tuple[str, lxml.html.HtmlElement] | None:
    """(selector name, element) of the generator's main-content container, or None."""
    generator = " ".join(doc.xpath("//meta[@name='generator']/@content"))
    if "Doxygen" in generator:
        found = doc.xpath("//div[contains(concat(' ', @class, ' '), ' contents ')]")
        return ("div.contents", found[0]) if found else None
    for name, xpath in _SELECTORS:
        found = doc.xpath(xpath)
        if found:
            return name, found[0]
    body = doc.find("body")
    if body is not None and "DocBook" in generator:
        for child in body:
            classes = (child.get("class") or "").split() if isinstance(child.tag, str) else []
            if child.tag == "div" and classes and classes[0] in _DOCBOOK:
                return f"div.{classes[0]}", child
    return None


def _pieces(el: lxml.html.HtmlElement, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    classes = (el.get("class") or "").split() if tag else []
    if tag in _SKIPPED_TAGS or "headerlink" in classes or not tag:
        return
    if tag == "pre":
        out.append("\n" + el.text_content() + "\n")
        return
    block = tag in _BLOCK
    out.append("\n" if block or tag == "br" else "")
    out.append((el.text or "").replace("\n", " "))
    for child in el:
        _pieces(child, out)
        out.append((child.tail or "").replace("\n", " "))
    out.append("\n" if block else " " if tag in ("td", "th") else "")


def element_text(el: lxml.html.HtmlElement) -> str:
    """Visible text of ``el``: one line per block element, ``pre`` lines kept, spaces folded."""
    out: list[str] = []
    _pieces(el, out)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def parse(html: bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def page_kind(doc: lxml.html.HtmlElement, package_kind: str) -> str:
    """``code`` or ``table`` when code blocks or table cells hold a third of the page's text,
    else the package's kind."""
    total = len(" ".join(doc.text_content().split())) or 1
    code = sum(len(" ".join(e.text_content().split())) for e in doc.xpath("//pre"))
    cells = sum(len(" ".join(e.text_content().split())) for e in doc.xpath("//td[not(.//td)]"))
    if code >= total / 3:
        return "code"
    if cells >= total / 3:
        return "table"
    return package_kind


# --- WARC -----------------------------------------------------------------------------------

def _digest(page: Page) -> bytes:
    """sha256 of the readable (unquoted) URL and the page: the record's id and date."""
    return hashlib.sha256(unquote(page.url).encode() + b"\0" + page.html).digest()


def record_id(page: Page) -> str:
    return f"urn:uuid:{uuid.UUID(bytes=_digest(page)[:16])}"


def warc_record(page: Page) -> bytes:
    """One gzip member: a WARC/1.0 response record with an HTTP 200 carrying the page.

    Date and id come from the content hash, so the same pages give the same bytes."""
    digest = _digest(page)
    date = _BASE_DATE + dt.timedelta(seconds=int.from_bytes(digest[16:20]) % (365 * 86400))
    charset = _CHARSET.search(page.html[:4096])
    content_type = "text/html" + (f"; charset={charset.group(1).decode()}" if charset else "")
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(page.html)}\r\n\r\n").encode() + page.html
    payload_digest = base64.b32encode(hashlib.sha1(page.html).digest()).decode()
    # Common Crawl names the detected payload type on every record. Without it readers sniff
    # the bytes: libmagic (datatrove) calls XHTML text/xml and some Sphinx pages JavaScript.
    identified = "application/xhtml+xml" if page.html.lstrip()[:5] == b"<?xml" else "text/html"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <{record_id(page)}>\r\n"
            f"WARC-Date: {date.strftime('%Y-%m-%dT%H:%M:%SZ')}\r\n"
            f"WARC-Target-URI: {page.url}\r\nWARC-Payload-Digest: sha1:{payload_digest}\r\n"
            f"WARC-Identified-Payload-Type: {identified}\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n", mtime=0)
