"""Notebook displays (issue 25 item 3): each result shows once, repr() is one short
line, the HTML is real tables with full, escaped text, and the model objects display."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

import stability
from stability.io.conflict import read_conflict

GAMES = Path(__file__).resolve().parent.parent / "games"


class ZMQInteractiveShell:
    """What rich takes for a Jupyter kernel."""


def test_repr_html_pushes_no_display_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import rich.jupyter

    shown: list[Any] = []
    monkeypatch.setattr(builtins, "get_ipython", ZMQInteractiveShell, raising=False)
    monkeypatch.setattr(rich.jupyter, "display", lambda *a, **k: shown.append(a))
    result = stability.analyze("two-allies")
    html = result._repr_html_()
    assert html and not shown  # Jupyter shows the returned HTML: once


def test_repr_is_one_short_line() -> None:
    result = stability.analyze("mosul")
    text = repr(result)
    assert len(text) < 300 and "\n" not in text
    assert "Mosul" in text


def test_html_is_tables_with_full_text() -> None:
    result = stability.analyze("mosul")
    html = result._repr_html_()
    assert "<table>" in html and "<pre" not in html and "…" not in html
    scenario = stability.read_scenario("mosul")
    for parameter in scenario.parameters:  # every meaning in full (escaped)
        if parameter.doc:
            import html as html_module

            assert html_module.escape(parameter.doc, quote=True) in scenario._repr_html_()


def test_game_scenario_and_conflict_display() -> None:
    game = stability.read_game("chicken")
    assert repr(game).startswith("<Game: Chicken") and len(repr(game)) < 300
    assert "<td>3, 3</td>" in game._repr_html_()
    jordan = stability.read_game("jordan-matching-pennies")
    assert jordan._repr_html_().count("<tr>") == 1 + 8  # header and every profile
    scenario = stability.read_scenario("mosul")
    assert repr(scenario).startswith("<Scenario: ") and len(repr(scenario)) < 300
    assert "Parameters" in scenario._repr_html_()
    conflict = read_conflict(GAMES / "elmira.gmcr.toml")
    assert repr(conflict).startswith("<Conflict: ") and len(repr(conflict)) < 300
    assert "Feasible states" in conflict._repr_html_()


def test_model_html_escapes_labels() -> None:
    game = stability.Game.from_payoffs(
        [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], title="<script>x</script>",
        players=["<i>P1</i>", "P2"], strategies=[["<b>", "B"], ["C", "D"]],
    )
    html = game._repr_html_()
    assert "<script>" not in html and "&lt;i&gt;P1&lt;/i&gt;" in html
