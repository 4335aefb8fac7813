"""The sample pages of tests/data/filters/pages, by name."""

from pathlib import Path

PAGES = Path(__file__).parent.parent / "data" / "filters" / "pages"


def page(name: str) -> str:
    return (PAGES / f"{name}.txt").read_text(encoding="utf-8")
