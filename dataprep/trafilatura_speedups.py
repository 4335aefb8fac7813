"""Cheaper trafilatura, same output: its ``re:test`` XPath expressions compiled to Python, and
its HTML parser's element classes looked up in C.

trafilatura prunes boilerplate with XPath expressions that test ``id``/``class``/``style``
attributes with EXSLT ``re:test``. lxml implements ``re:test`` as a Python callback, so
libxml2 calls back into Python for every element it tests: on the real corpus these
expressions were about 40 % of trafilatura's CPU time (docs/extract.md). Here such an
expression is compiled into a Python predicate over one element's attributes, with the regular
expressions compiled once, and evaluated over the context's descendants of the tags it names.

Only a small subset of XPath is compiled (the shapes those expressions have); anything else
raises ``Unsupported`` and the expression stays an lxml ``XPath``. The semantics follow
XPath 1.0 as libxml2 and lxml evaluate it: a node-set argument such as ``@id|@class`` stands
for the value of its first node in document order (attribute order in the tag), an absent
attribute for the empty string; results come in document order.
``tests/test_trafilatura_speedups.py`` checks every compiled expression against lxml's result
on real and generated trees.

lxml.html's parser looks up each element's Python class with a Python callback, on every
element proxy, only to give form controls classes of their own, whose methods trafilatura never
calls; a C lookup of the same ``HtmlElement`` classes removes that callback. Both together:
1.36x the pages per core on the real corpus's truth pages, and the same text on every page of
its WARCs (``benchmarks/bench_trafilatura_speedups.py``; benchmarks/RESULTS.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from lxml import etree


class Unsupported(ValueError):
    """The expression uses XPath this module does not compile."""


_STRING = r"'([^']*)'"
_UNION = r"(@[\w-]+(?:\|@[\w-]+)*)"
_TERMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"self::([\w-]+)"), "self"),
    (re.compile(rf"{_UNION}={_STRING}"), "equals"),
    (re.compile(rf"contains\(translate\(@([\w-]+), {_STRING}, ?{_STRING}\), {_STRING}\)"),
     "contains_translated"),
    (re.compile(rf"contains\({_UNION}, {_STRING}\)"), "contains"),
    (re.compile(rf"starts-with\({_UNION}, {_STRING}\)"), "starts_with"),
    (re.compile(rf"re:test\({_UNION}, {_STRING}(?:, {_STRING})?\)"), "re_test"),
    (re.compile(r"@([\w-]+)"), "has"),
]


def _split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside quotes, parentheses and brackets."""
    parts, depth, quoted, start, i = [], 0, False, 0, 0
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]":
            depth -= 1
        elif not quoted and depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def _brackets(text: str) -> list[str]:
    """The contents of the consecutive top-level ``[...]`` groups that make up ``text``."""
    groups, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif char == "[":
            if depth == 0:
                if text[start:i].strip():
                    raise Unsupported(text)
                start = i + 1
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                groups.append(text[start:i].strip())
                start = i + 1
    if depth or quoted or text[start:].strip():
        raise Unsupported(text)
    return groups


Test = Callable[[etree._Element], bool]


def _value_of(names: tuple[str, ...]) -> Callable[[etree._Element], str]:
    """The string XPath gives the union of attributes ``names``: the value of the first present
    in the tag, or "" when none is."""
    if len(names) == 1:
        name = names[0]
        return lambda element: element.get(name, "")
    wanted = frozenset(names)

    def first(element: etree._Element) -> str:
        for key, value in element.items():
            if key in wanted:
                return value
        return ""
    return first


def _parse_term(text: str) -> tuple[str, re.Match[str]]:
    for pattern, kind in _TERMS:
        match = pattern.fullmatch(text)
        if match is not None:
            return kind, match
    raise Unsupported(text)


def _term(text: str) -> tuple[str, Test | str, set[str]]:
    """One ``or``-term: ("self", tag, {}) or ("test", test, attribute names it reads)."""
    kind, match = _parse_term(text)
    if kind == "self":
        return "self", match[1], set()
    if kind == "has":
        name = match[1]
        return "test", lambda element: element.get(name) is not None, {name}
    if kind == "contains_translated":
        value = _value_of((match[1],))
        table, needle = str.maketrans(match[2], match[3]), match[4]
        return "test", lambda element: needle in value(element).translate(table), {match[1]}
    names = tuple(name.lstrip("@") for name in match[1].split("|"))
    value, operand = _value_of(names), match[2]
    if kind == "equals":
        # a node-set equals a string when one of its nodes does; an absent attribute is no node
        if len(names) == 1:
            name = names[0]
            return "test", lambda element: element.get(name) == operand, {name}
        return "test", lambda element: operand in (element.get(name) for name in names), \
            set(names)
    if kind == "contains":
        return "test", lambda element: operand in value(element), set(names)
    if kind == "starts_with":
        return "test", lambda element: value(element).startswith(operand), set(names)
    flags = match[3] or ""
    if set(flags) - {"i"}:
        raise Unsupported(f"re:test flags {flags!r}")
    search = re.compile(operand, re.IGNORECASE if "i" in flags else 0).search
    return "test", lambda element: search(value(element)) is not None, set(names)


@cache
def compile_path(path: str) -> Callable[[etree._Element], list[etree._Element]]:
    """A function giving what ``etree.XPath(path)`` gives for an element context, for paths
    of the form ``.//*[tag or-terms][attribute or-terms]...``; ``Unsupported`` otherwise."""
    text = " ".join(path.split())
    if not text.startswith(".//*["):
        raise Unsupported(path)
    tags: set[str] | None = None
    brackets: list[list[Test]] = []
    read: set[str] = set()
    for bracket in _brackets(text[4:]):
        terms = [_term(term) for term in _split_top_level(bracket, " or ")]
        names = {tag for kind, tag, _ in terms if kind == "self"}
        if names and len(names) == len(terms):
            tags = names if tags is None else tags & names
        elif names:
            raise Unsupported(path)
        else:
            brackets.append([test for _, test, _ in terms])  # type: ignore[misc]
            read.update(name for _, _, attribute_names in terms for name in attribute_names)

    def matches(element: etree._Element) -> bool:
        # loops, not any()/all() over generators: this runs for every candidate element
        for tests in brackets:
            for test in tests:
                if test(element):
                    break
            else:
                return False
        return True

    # An element with none of the attributes read is passed over on one look at its keys,
    # unless such an element matches (a test true on empty strings). Walking the tree from
    # Python costs less than libxml2's evaluation of the same step.
    skip_bare = bool(read) and not matches(etree.Element("bare"))
    tag_names = sorted(tags) if tags is not None else [etree.Element]

    def evaluate(context: etree._Element) -> list[etree._Element]:
        return [element for element in context.iterdescendants(*tag_names)
                if not (skip_bare and read.isdisjoint(element.keys())) and matches(element)]
    return evaluate


class CompiledXPath:
    """Stands in for one of trafilatura's ``XPath`` objects: called on an element, it gives
    the compiled evaluation; on anything else (a whole document), lxml's."""

    def __init__(self, xpath: etree.XPath):
        self.xpath = xpath
        self.path = xpath.path
        self.evaluate = compile_path(xpath.path)

    def __call__(self, context, **variables):
        if variables or not isinstance(context, etree._Element):
            return self.xpath(context, **variables)
        return self.evaluate(context)


def _expression_lists():
    import trafilatura.xpaths

    return [value for value in vars(trafilatura.xpaths).values() if isinstance(value, list)]


def _parser_lookups():
    from lxml.html import (
        HtmlComment,
        HtmlElement,
        HtmlElementClassLookup,
        HtmlEntity,
        HtmlProcessingInstruction,
    )

    fast = etree.ElementDefaultClassLookup(element=HtmlElement, comment=HtmlComment,
                                           pi=HtmlProcessingInstruction, entity=HtmlEntity)
    return fast, HtmlElementClassLookup()


def install() -> int:
    """Speed trafilatura up in this process; the number of XPath expressions swapped (0 when
    already installed). Every expression of trafilatura's XPath lists that uses ``re:test``
    (the Python callbacks) and compiles is swapped, in place, for a ``CompiledXPath``; the
    others stay, as libxml2 evaluates them faster than Python would."""
    from trafilatura.utils import HTML_PARSER

    HTML_PARSER.set_element_class_lookup(_parser_lookups()[0])
    swapped = 0
    for expressions in _expression_lists():
        for i, expression in enumerate(expressions):
            if isinstance(expression, etree.XPath) and "re:test" in expression.path:
                try:
                    expressions[i] = CompiledXPath(expression)
                except Unsupported:
                    continue
                swapped += 1
    return swapped


def uninstall() -> None:
    """trafilatura as it comes (to compare both, in benchmarks and tests)."""
    from trafilatura.utils import HTML_PARSER

    HTML_PARSER.set_element_class_lookup(_parser_lookups()[1])
    for expressions in _expression_lists():
        for i, expression in enumerate(expressions):
            if isinstance(expression, CompiledXPath):
                expressions[i] = expression.xpath
