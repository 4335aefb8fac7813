"""The compiled XPath expressions give lxml's results, and trafilatura's text is unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import trafilatura.xpaths
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from dataprep import trafilatura_speedups
from dataprep.extract import extract_text
from dataprep.trafilatura_speedups import CompiledXPath, Unsupported, compile_path

DATA = Path(__file__).parent / "data" / "extract"


def _trafilatura_xpaths() -> list[etree.XPath]:
    """trafilatura's own expressions that use re:test, whether swapped or not."""
    found = []
    for value in vars(trafilatura.xpaths).values():
        if isinstance(value, list):
            for expression in value:
                original = expression.xpath if isinstance(expression, CompiledXPath) \
                    else expression
                if isinstance(original, etree.XPath) and "re:test" in original.path:
                    found.append(original)
    return found


XPATHS = _trafilatura_xpaths()


def _compilable() -> list[etree.XPath]:
    result = []
    for xpath in XPATHS:
        try:
            compile_path(xpath.path)
        except Unsupported:
            continue
        result.append(xpath)
    return result


# Attribute values built from the words the expressions look for, so that trees hit them.
WORDS = sorted({word for xpath in XPATHS for literal in re.findall(r"'([^']*)'", xpath.path)
                for word in re.findall(r"[A-Za-z][\w:-]*", literal)} | {"hidden", " hide"})
TAGS = ["div", "p", "span", "section", "item", "list", "a", "article", "main", "aside",
        "details", "ul", "ol", "header", "h1"]
ATTRIBUTES = ["id", "class", "style", "role", "aria-hidden", "data-component",
              "data-lp-replacement-content", "href"]

values = st.lists(st.sampled_from(WORDS + ["", " ", "-", "true", "x"]), max_size=3).map(
    lambda parts: "".join(parts))
attributes = st.lists(st.tuples(st.sampled_from(ATTRIBUTES), values), max_size=4,
                      unique_by=lambda pair: pair[0])


@st.composite
def trees(draw) -> etree._Element:
    root = etree.Element("body")
    elements = [root]
    for _ in range(draw(st.integers(1, 25))):
        parent = elements[draw(st.integers(0, len(elements) - 1))]
        element = etree.SubElement(parent, draw(st.sampled_from(TAGS)))
        for name, value in draw(attributes):  # in this order in the tag
            element.set(name, value)
        elements.append(element)
    return root


def test_the_expensive_expressions_compile():
    assert len(_compilable()) >= 5  # OVERALL_DISCARD, PRECISION_DISCARD, comments, ...
    paths = {" ".join(xpath.path.split()) for xpath in _compilable()}
    assert any("self::div" in path and "re:test(@id|@class, 'cookie')" in path for path in paths)


@settings(max_examples=300, deadline=None)
@given(trees())
def test_compiled_expressions_equal_lxml_on_generated_trees(tree):
    for xpath in _compilable():
        assert compile_path(xpath.path)(tree) == xpath(tree), xpath.path


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.html")))
def test_compiled_expressions_equal_lxml_on_real_pages(name):
    tree = html.fromstring((DATA / name).read_text(encoding="utf-8"))
    hits = 0
    for xpath in _compilable():
        expected = xpath(tree)
        assert compile_path(xpath.path)(tree) == expected, xpath.path
        hits += len(expected)
    assert hits  # the pages' navigation is matched, so the comparison covers matches


def test_a_union_stands_for_the_first_attribute_in_the_tag():
    # XPath's string value of @id|@class is the first in document order: the tag's order.
    path = ".//*[re:test(@id|@class, '^nav$')]"
    xpath = etree.XPath(path, namespaces={"re": "http://exslt.org/regular-expressions"})
    tree = etree.fromstring('<r><a id="nav" class="x"/><b class="x" id="nav"/>'
                            '<c class="nav" id="x"/><d class="nav"/></r>')
    assert [e.tag for e in xpath(tree)] == ["a", "c", "d"]
    assert compile_path(path)(tree) == xpath(tree)


@pytest.mark.parametrize("path", [
    ".//*[@data-x]", ".//*[@class='a b']", ".//*[self::p or self::div][@role='nav']",
    ".//*[contains(translate(@role, 'N', 'n'), 'nav')]", ".//*[starts-with(@id|@class, 'reply-')]",
    ".//*[re:test(@class, 'fulltext', 'i')]", ".//*[self::div][re:test(@class, 'a')][@id]",
    # true where the attribute is absent: elements without any attribute must be tested too
    ".//*[re:test(@id, '^$')]", ".//*[contains(@style, '')]", ".//*[starts-with(@id, '')]"])
def test_each_kind_of_term_equals_lxml(path):
    xpath = etree.XPath(path, namespaces={"re": "http://exslt.org/regular-expressions"})
    tree = etree.fromstring(
        '<r><p role="Navigation" class="FullText a b"/><div class="a b" id="reply-1" data-x=""/>'
        '<div class="reply-2 a" id="q"/><span/><p role="nav"><b class="fulltext">t</b></p>'
        '<div style="" class="xa"/><i id=""/></r>')
    expected = xpath(tree)
    assert expected
    assert compile_path(path)(tree) == expected


@pytest.mark.parametrize("path", ["(.//article)[1]", ".//*[not(.//h1)]", "//div[@id='x']",
                                  ".//*[re:test(@class, 'x', 'g')]", ".//*[@a][1]"])
def test_other_shapes_are_not_compiled(path):
    with pytest.raises(Unsupported):
        compile_path(path)


def test_a_whole_document_goes_to_lxml():
    xpath = next(iter(_compilable()))
    document = etree.ElementTree(html.fromstring('<div class="cookie-banner">x</div>'))
    assert CompiledXPath(xpath)(document) == xpath(document)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.html")))
def test_trafilatura_text_is_unchanged(name):
    page = (DATA / name).read_text(encoding="utf-8")
    extract_text(page)  # installs the speed-ups
    faster = extract_text(page)
    trafilatura_speedups.uninstall()
    try:
        assert isinstance(trafilatura.xpaths.OVERALL_DISCARD_XPATH[0], etree.XPath)
        assert extract_text(page) == faster
    finally:
        assert trafilatura_speedups.install() > 0
    assert isinstance(trafilatura.xpaths.OVERALL_DISCARD_XPATH[0], CompiledXPath)
