"""The Python API reference in docs/ is generated from the docstrings and must be current
(its examples are run by tests/test_docs.py)."""

from __future__ import annotations

from pathlib import Path

import stability
from stability.api_reference import reference

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "python-api.md"


def test_python_api_page_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == reference(), (
        "docs/reference/python-api.md is stale: run "
        "'python -m stability.api_reference > docs/reference/python-api.md'"
    )


def test_every_analysis_is_documented_with_an_example() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in stability.ANALYSES:
        section = text.split(f"### `stability.{name}`", 1)[1].split("\n### ", 1)[0]
        assert ">>> from stability import" in section, name
