"""The command reference in docs/ is generated from the CLI and must be current."""

from __future__ import annotations

from pathlib import Path

from stability.cli.app import COMMANDS
from stability.cli.reference import reference

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md"


def test_reference_page_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == reference(), (
        "docs/reference/cli.md is stale: run "
        "'python -m stability.cli.reference > docs/reference/cli.md'"
    )


def test_every_command_is_documented() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"## `stability {name}`" in text
