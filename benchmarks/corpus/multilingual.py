"""``multilingual/docs.jsonl`` (issue 17): real prose and real boilerplate in many languages.

Sources: the translated GNOME help (Mallard XML, ``gnome-user-docs``) and the translated Debian
installation guide (DocBook HTML). A paragraph left untranslated in a translation is the English
original, so a paragraph equal to one of the English version, or whose words are mostly
(``ENGLISH_SHARE``) words of the English version, is dropped (no language detector decides what
a language is).

- ``prose``: consecutive paragraphs of a language's pages (sorted by path), each paragraph once
  and no near-copy of an earlier one (``_distinct``), in documents of 4 to 8 paragraphs (sizes
  cycle 4, 5, 6, 7, 8), at most ``MAX_PROSE`` per source and language.
- ``spam``: pages made of those same pages' non-prose parts: link lists (page titles, as in a
  sitemap or sidebar), menus (the GUI labels the help refers to), repeated lines (one title and
  one description repeated, as on templated pages) and navigation bars (the installation guide's
  header/footer navigation of consecutive pages).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import lxml.etree
import pages

MAX_PROSE = 40
MAX_SPAM_PER_TYPE = 4
MIN_PARAGRAPH_CHARS = 60
ENGLISH_SHARE = 0.6
# Two paragraphs of a language sharing this share of the shorter one's word 5-grams are variants
# of one paragraph (see ``_distinct``).
NEAR_DUPLICATE_SHARE = 0.5
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")
_MAL = "{http://projectmallard.org/1.0/}"
_GNOME_SKIPPED = {"sr@latin"}  # lid.176 has one Serbian label; the Cyrillic pages keep it
_GNOME_LANGS = {"C": "en", "zh_CN": "zh", "pt_BR": "pt"}


def _fold(text: str) -> str:
    return " ".join(text.split())


def _mallard(path: Path) -> dict[str, list[str]]:
    """Paragraphs, title, description and GUI labels of one Mallard page."""
    root = lxml.etree.parse(str(path)).getroot()
    # By tag: lxml element proxies are transient, so their id() cannot mark elements.
    paragraphs = [_fold("".join(p.itertext())) for p in root.iter(f"{_MAL}p")
                  if not any(a.tag == f"{_MAL}info" for a in p.iterancestors())]
    return {
        "paragraphs": paragraphs,
        "title": [_fold("".join(t.itertext())) for t in root.findall(f"{_MAL}title")],
        "desc": [_fold("".join(d.itertext())) for d in root.iter(f"{_MAL}desc")],
        "gui": [_fold("".join(g.itertext())) for g in root.iter(f"{_MAL}gui")],
    }


def _docbook(path: Path) -> dict[str, list[str]]:
    """Paragraphs of the main content, title and navigation lines of one DocBook page."""
    doc = pages.parse(path.read_bytes())
    main = pages.main_element(doc) if doc is not None else None
    if main is None:
        return {"paragraphs": [], "title": [], "nav": []}
    nav = [pages.element_text(e) for e in doc.xpath("//div[@class='navheader' or "
                                                     "@class='navfooter']")]
    return {
        "paragraphs": [_fold(p.text_content()) for p in main[1].iter("p")],
        "title": [_fold(t) for t in doc.xpath("//title/text()")],
        "nav": [line for block in nav for line in block.split("\n")],
    }


def _gnome_sources(root: Path) -> Iterator[tuple[str, str, list[dict]]]:
    help_dir = root / "usr/share/help"
    for lang_dir in sorted(help_dir.iterdir()):
        if lang_dir.name in _GNOME_SKIPPED:
            continue
        lang = _GNOME_LANGS.get(lang_dir.name, lang_dir.name)
        files = sorted((lang_dir / "gnome-help").glob("*.page"))
        yield lang_dir.name, lang, [_mallard(f) for f in files]


def _guide_sources(root: Path) -> Iterator[tuple[str, str, list[dict]]]:
    doc_dir = next((root / "usr/share/doc").iterdir())
    for lang_dir in sorted(p for p in doc_dir.iterdir() if p.is_dir()):
        lang = pages._LANG_ALIASES.get(lang_dir.name.lower(), lang_dir.name.lower())
        yield lang_dir.name, lang, [_docbook(f) for f in sorted(lang_dir.glob("*.html"))]


def _prose(paragraphs: list[str]) -> Iterator[str]:
    sizes = cycle(range(4, 9))
    start, size = 0, next(sizes)
    while start + size <= len(paragraphs):
        yield "\n\n".join(paragraphs[start:start + size])
        start, size = start + size, next(sizes)


def _chunks(lines: list[str], size: int) -> Iterator[str]:
    for start in range(0, len(lines) - size + 1, size):
        yield "\n".join(lines[start:start + size])


def _spam(parsed: list[dict]) -> Iterator[tuple[str, str]]:
    """(type, text) boilerplate pages from the parts of ``parsed`` that are not prose."""
    titles = [t for p in parsed for t in p["title"] if t]
    gui = list(dict.fromkeys(g for p in parsed for g in p.get("gui", []) if g))
    descs = [d for p in parsed for d in p.get("desc", []) if d]
    nav = [line for p in parsed for line in p.get("nav", [])]
    kinds = {
        "links": _chunks(titles, 40),
        "menu": _chunks(gui, 40),
        "repeated": ("\n".join([t] * 20 + ([d] * 10 if d else []))
                     for t, d in zip(titles[::37], descs[::37] or [""] * len(titles),
                                     strict=False)),
        "nav": _chunks(nav, 60),
    }
    for kind, texts in kinds.items():
        for k, text in zip(range(MAX_SPAM_PER_TYPE), texts, strict=False):
            yield f"{kind}-{k}", text


def _untranslated(paragraph: str, english: set[str], vocabulary: set[str]) -> bool:
    words = [w.lower() for w in _WORD.findall(paragraph)]
    in_english = sum(w in vocabulary for w in words)
    return paragraph in english or in_english >= ENGLISH_SHARE * max(1, len(words))


def _shingles(paragraph: str) -> set[tuple[str, ...]]:
    words = paragraph.split()
    return {tuple(words[k:k + SHINGLE_WORDS])
            for k in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def _distinct(paragraphs: Iterator[str]) -> list[str]:
    """Each paragraph once, and none that is a near-copy of an earlier one: the two share at
    least ``NEAR_DUPLICATE_SHARE`` of the word 5-grams of the shorter of them.

    A document glues paragraphs of consecutive pages, and a sentence that opens many pages
    ("Open the Activities overview and start typing Settings." / "... typing Files.") or a
    paragraph two pages share with a few words changed would repeat inside it as it repeats on
    no single page (Gopher's duplicate n-gram rules then drop real prose)."""
    kept: list[str] = []
    sizes: list[int] = []
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)  # 5-gram -> kept paragraphs
    for paragraph in paragraphs:
        shingles = _shingles(paragraph)
        shared = Counter(k for shingle in shingles for k in holders.get(shingle, ()))
        if any(n >= NEAR_DUPLICATE_SHARE * min(len(shingles), sizes[k])
               for k, n in shared.items()):
            continue
        for shingle in shingles:
            holders[shingle].append(len(kept))
        kept.append(paragraph)
        sizes.append(len(shingles))
    return kept


def _documents(package: str, sources_of_lang, english: set[str]) -> Iterator[dict]:
    vocabulary = {w.lower() for p in english for w in _WORD.findall(p)}
    for dir_name, lang, parsed in sources_of_lang:
        paragraphs = _distinct(
            p for page in parsed for p in page["paragraphs"]
            if len(p) >= MIN_PARAGRAPH_CHARS
            and (lang == "en" or not _untranslated(p, english, vocabulary)))
        for k, text in zip(range(MAX_PROSE), _prose(paragraphs), strict=False):
            yield {"id": f"{package}/{dir_name}/prose-{k:03d}", "lang": lang,
                   "package": package, "kind": "prose", "text": text}
        for name, text in _spam(parsed):
            yield {"id": f"{package}/{dir_name}/spam-{name}", "lang": lang,
                   "package": package, "kind": "spam", "text": text}


def build_multilingual(roots: dict[str, Path]) -> list[dict]:
    rows = []
    for package, walk, english_dir in (
            ("gnome-user-docs", _gnome_sources, "C"),
            ("installation-guide-amd64", _guide_sources, "en")):
        parsed = list(walk(roots[package]))
        english = {p for dir_name, _, pgs in parsed if dir_name == english_dir
                   for page in pgs for p in page["paragraphs"]}
        rows.extend(_documents(package, parsed, english))
    return rows
