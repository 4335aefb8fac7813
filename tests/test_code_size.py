"""Module and function size limits of dataprep/ (STYLE.md: modules <= 400 lines, functions
<= 60 lines; data tables aside). Known offenders are listed by name so that the list can only
shrink: a new one fails, a fixed one must be taken off."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dataprep"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Data tables, exempt from the module limit (STYLE.md): spaCy's English tokenizer tables.
DATA_TABLES = {"dataprep/filters/english_rules.py"}
# Over the limits and not yet split; the list can only shrink.
KNOWN_OFFENDERS: set[str] = set()


def offenders() -> dict[str, int]:
    """``path`` or ``path::function`` -> its length in lines, for those over the limits."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = str(path.relative_to(PACKAGE.parent))
        if name in DATA_TABLES:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_MODULE_LINES:
            found[name] = lines
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found[f"{name}::{node.name}"] = length
    return found


def test_no_new_oversized_module_or_function():
    current = offenders()
    print("over the size limits:", *(f"{k}: {n} lines" for k, n in sorted(current.items())),
          sep="\n  ")
    assert set(current) <= KNOWN_OFFENDERS, sorted(set(current) - KNOWN_OFFENDERS)


def test_the_known_offenders_list_is_current():
    assert KNOWN_OFFENDERS <= set(offenders()), sorted(KNOWN_OFFENDERS - set(offenders()))
