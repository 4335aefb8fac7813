"""HTML -> main text with resiliparse, then our own boilerplate rules (``dataprep.boilerplate``).

resiliparse's ``extract_plain_text(main_content=True)`` drops what its element heuristics call
navigation, sidebars and footers, about 20x faster than trafilatura, but it keeps boilerplate
that those heuristics miss. The rules need to know which text was link text, code and headings,
which plain text no longer says; resiliparse's ``minimal_html`` output keeps exactly those tags
(``<a>``, ``<pre>``, ``<h1>``-``<h6>``, plus ``<p>`` and lists), so the rules read them there
instead of walking the DOM from Python.
"""

from __future__ import annotations

from dataprep.boilerplate import Rules, remove_boilerplate


def minimal_html(html: str) -> str:
    """resiliparse's main-content extract of ``html``, with its link, code and heading tags."""
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, preserve_formatting="minimal_html", main_content=True,
                              list_bullets=False, alt_texts=False, links=True,
                              form_fields=False, noscript=False, comments=False)


def resiliparse_text(html: str, rules: Rules) -> str:
    """Main text of ``html``: resiliparse's main-content extract minus what ``rules`` remove."""
    return remove_boilerplate(minimal_html(html), rules)
