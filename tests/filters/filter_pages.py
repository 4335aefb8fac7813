from pathlib import Path

import pytest

PAGES = Path(__file__).parent.parent / "data" / "filters" / "pages"


def page(name: str) -> str:
    return (PAGES / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture
def article() -> str:
    """A clean English news article that passes every filter."""
    return page("en_good_article")
