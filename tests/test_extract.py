from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pytest
from helpers import docs

from dataprep.boilerplate import Rules, page_stop_words, remove_boilerplate, split_lines
from dataprep.extract import ExtractStage, extract_text
from dataprep.extract_resiliparse import minimal_html
from dataprep.schema import make_batch

ARTICLE = """<html><head><title>Garden notes</title></head><body>
<nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/shop">Shop</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>Growing tomatoes on a balcony</h1>
<p>Tomatoes need at least six hours of direct sun, so pick the brightest corner of the balcony
and use a container that holds twenty litres of soil or more.</p>
<p>Water deeply twice a week rather than a little every day; shallow watering keeps the roots
near the surface, where the pot dries out fastest in July.</p>
<p>Pinch out the side shoots of cordon varieties once a week, and tie the main stem to a cane as
it grows, because a fruiting plant is heavier than it looks.</p></article>
<footer>Copyright 2024 Garden Notes. All rights reserved. Privacy policy.</footer>
</body></html>"""


def test_extract_keeps_the_article_and_drops_page_chrome():
    text = extract_text(ARTICLE)
    assert "six hours of direct sun" in text
    assert "tie the main stem" in text
    assert "About us" not in text
    assert "All rights reserved" not in text


def test_stage_fills_text_from_html_and_passes_text_documents_through():
    table = make_batch(["a", "b", "c"], [None, "already text", None], source="web",
                       htmls=[ARTICLE, None, "<html><body><script>x = 1;</script></body></html>"])
    out = ExtractStage()(table)
    assert "html" not in out.column_names
    texts = out.column("text").to_pylist()
    assert "balcony" in texts[0] and texts[1] == "already text"
    assert out.column("drop_reason").to_pylist() == [None, None, "extract:no_text"]


def test_oversized_page_is_dropped_before_parsing():
    table = make_batch(["a"], [None], source="web", htmls=[ARTICLE])
    out = ExtractStage(max_html_bytes=100)(table)
    assert out.column("drop_reason").to_pylist() == ["extract:too_large"]


def test_batches_without_html_are_untouched():
    table = docs("plain")
    assert ExtractStage()(table).equals(table)
    assert isinstance(table, pa.Table)


DATA = Path(__file__).parent / "data" / "extract"
NO_RULES = Rules(max_link_density=None, min_stop_word_density=None, short_run_lines=0,
                 short_line_chars=30)


def real_page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["trafilatura", "resiliparse"])
def test_both_engines_extract_a_real_sphinx_page_and_drop_its_chrome(engine):
    html = real_page("django-filters-install.html")
    table = make_batch(["a"], [None], source="web", htmls=[html])
    text = ExtractStage(engine=engine)(table).column("text")[0].as_py()
    assert "Django-filter can be installed from PyPI" in text
    assert "tested against all supported versions of Python" in text
    # Sphinx's sidebar, search box and footer are not main content.
    assert "Quick search" not in text and "Created using" not in text


@pytest.mark.parametrize("engine", ["trafilatura", "resiliparse"])
def test_engines_are_deterministic(engine):
    htmls = [real_page("django-filters-install.html"), ARTICLE, real_page("jsoncpp-roadmap.html")]
    runs = [ExtractStage(engine=engine)(make_batch(["a", "b", "c"], [None] * 3, source="web",
                                                   htmls=htmls)) for _ in range(2)]
    assert runs[0].equals(runs[1])


def test_resiliparse_engine_applies_the_size_cap():
    table = make_batch(["a"], [None], source="web", htmls=[ARTICLE])
    out = ExtractStage(engine="resiliparse", max_html_bytes=100)(table)
    assert out.column("drop_reason").to_pylist() == ["extract:too_large"]


def test_resiliparse_engine_keeps_code_indentation():
    text = ExtractStage(engine="resiliparse").extract(real_page("django-filters-install.html"),
                                                      None)
    assert "\n    'django_filters',\n" in text


def test_link_density_rule_removes_a_doxygen_navigation_bar():
    # resiliparse keeps the project's link bar above the title of this real Doxygen page.
    minimal = minimal_html(real_page("jsoncpp-roadmap.html"))
    assert "JsonCpp home page" in remove_boilerplate(minimal, NO_RULES)
    kept = remove_boilerplate(minimal, replace(NO_RULES, max_link_density=0.5))
    assert kept == "doc/roadmap.dox File Reference"


def test_link_density_counts_link_text_per_line():
    lines = split_lines('<p>See <a href="x.html">the manual</a> for the rest of it.</p>\n'
                        '<a href="">\n<p><a href="a">Home</a> | <a href="b">About</a></p>')
    assert [(line.text, line.chars, line.link_chars) for line in lines] == [
        ("See the manual for the rest of it.", 27, 9), ("Home | About", 10, 9)]


def test_stop_word_rule_removes_word_lists_and_keeps_prose():
    minimal = ("<p>JsonCpp project page Classes Namespace JsonCpp home page</p>\n"
               "<p>Then add the package to the list of installed applications.</p>\n"
               "<h2>Requirements Overview</h2>")
    kept = remove_boilerplate(minimal, replace(NO_RULES, min_stop_word_density=0.2))
    assert kept.split("\n") == ["Then add the package to the list of installed applications.",
                                "Requirements Overview"]


def test_stop_words_follow_the_page_language():
    german = page_stop_words("die pakete werden mit dem werkzeug gebaut und hochgeladen".split())
    english = page_stop_words("the packages are built with the tool and uploaded".split())
    assert "werden" in german and "which" not in german
    assert "which" in english and "werden" not in english
    assert page_stop_words(["qqzx"]) == frozenset()


def test_short_run_rule_removes_menus_but_not_code():
    minimal = ("<p>Home</p>\n<p>Download</p>\n<p>Support</p>\n"
               "<p>A paragraph long enough to be content on its own, with words.</p>\n"
               "<pre>a = 1\nb = 2\nc = 3\n</pre>")
    kept = remove_boilerplate(minimal, replace(NO_RULES, short_run_lines=3))
    assert kept.split("\n") == ["A paragraph long enough to be content on its own, with words.",
                                "a = 1", "b = 2", "c = 3"]
