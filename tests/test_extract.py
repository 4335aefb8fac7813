import pyarrow as pa
from helpers import docs

from dataprep.extract import ExtractStage, extract_text
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
