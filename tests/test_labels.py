"""Labels from files are text: never rich markup, never terminal control.

Every command runs on a game, a scenario and a conflict whose names are full of
markup (``[/x]``, ``[red]``, ``[/bold]``), emoji codes, ANSI escapes and other
control characters. Each must succeed, show the markup literally, and write no
escape character to the terminal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stability.cli.app import main
from stability.present.terminal import TextConsole

ESC = "\x1b"
HOSTILE_NAMES = ["[/x]", "[red]Iran", f"U.S.{ESC}[2J", "[/bold]:smile:", "a\x07b"]


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    a, b, c, d, e = HOSTILE_NAMES
    game = {
        "title": "[bold]title",
        "players": [a, b],
        "strategies": [[c, d], [e, "[/]"]],
        "payoffs": [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    }
    (tmp_path / "game.json").write_text(json.dumps(game))
    scenario = f"""
title = {_toml("[red]Scenario")}
description = {_toml("[/x] described")}
coalition_outcome = {_toml("[/bold]Coalition")}
threat_parameter = "threat"
[parameters.threat]
value = 3
range = [0, 10]
doc = {_toml("[/x] threat")}
[[actors]]
name = {_toml(a)}
strategies = [{_toml(c)}, {_toml(d)}]
[[actors]]
name = {_toml(b)}
strategies = [{_toml(e)}, "[/]"]
[[games]]
name = {_toml("[red]game")}
players = [{_toml(a)}, {_toml(b)}]
[[games.layers]]
name = {_toml("[/x]layer")}
weight = "threat"
payoffs = [[[2, 2], [0, 3]], [[3, 0], [1, 1]]]
[[outcomes]]
name = {_toml("[/bold]Coalition")}
profiles = [{{{_toml(a)} = {_toml(c)}, {_toml(b)} = {_toml(e)}}}]
[[outcomes]]
name = {_toml("[red]Split")}
profiles = [{{{_toml(a)} = {_toml(d)}, {_toml(b)} = "[/]"}}]
"""
    (tmp_path / "scenario.toml").write_text(scenario)
    conflict = f"""
title = {_toml("[red]conflict")}
[[decision_makers]]
name = {_toml(a)}
options = [{_toml("[/x]opt")}]
[[decision_makers]]
name = {_toml(b)}
options = [{_toml(f"esc{ESC}[31m")}]
[preferences]
{_toml(a)} = [1, 3, 0, 2]
{_toml(b)} = [2, 3, 0, 1]
"""
    (tmp_path / "conflict.gmcr.toml").write_text(conflict)
    return {"game": tmp_path / "game.json", "scenario": tmp_path / "scenario.toml",
            "conflict": tmp_path / "conflict.gmcr.toml"}


COMMANDS = [
    ["solve", "{game}"],
    ["solve", "{scenario}"],
    ["states", "{game}"],
    ["dominance", "{game}"],
    ["explain", "{game}"],
    ["explain", "{scenario}"],
    ["repeated", "{game}", "--cooperate", "[/bold]:smile:,a\x07b"],
    ["analyze", "{scenario}"],
    ["tipping", "{scenario}", "--target", "[red]Split"],
    ["durability", "{scenario}"],
    ["robustness", "{scenario}", "--samples", "200"],
    ["sweep", "{scenario}", "--x", "threat", "--points", "5"],
    ["gmcr", "{conflict}"],
    ["coalitions", "{scenario}"],
    ["coalitions", "{game}"],
    ["validate", "{scenario}"],
    ["check", "{scenario}", "--draws", "200"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_labels_are_text_on_every_command(
    command: list[str], files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [part.format(**{k: str(v) for k, v in files.items()}) for part in command]
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert ESC not in captured.out and ESC not in captured.err
    assert "\x07" not in captured.out
    if command[0] != "validate":
        assert "[/" in captured.out  # markup shown as it is written
    assert "😄" not in captured.out  # :smile: is not an emoji


def test_console_shows_control_characters_as_escapes() -> None:
    import io

    from rich.table import Table

    buffer = io.StringIO()
    console = TextConsole(file=buffer, width=60, force_terminal=True, color_system=None)
    table = Table(title="[red]title")
    table.add_column("[/x]")
    table.add_row(f"U.S.{ESC}[2J")
    console.print(table)
    console.print("[bold]x[/bold] :smile:")
    text = buffer.getvalue()
    assert ESC not in text
    assert "[red]title" in text and "[/x]" in text and "\\x1b[2J" in text
    assert "[bold]x[/bold] :smile:" in text
