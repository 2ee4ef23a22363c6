"""``analyze`` shows each game's layers as payoff matrices, symbolic and at the values.

Known answers from games/mosul.toml (its tables, by hand): in the U.S.-Militias game
the memory-of-the-occupation layer costs the militias ``alienation`` (1/2 at the
defaults) for fighting beside a coordinating U.S. and ``2*alienation`` beside a U.S.
that goes it alone. Cross-checks: a game's total is the sum of its layers, and the
values equal the exact pair game that the solvers use (built independently by
:func:`stability.analysis.joint.pair_game`).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from stability.analysis.joint import pair_game
from stability.analysis.pair_matrices import game_matrices
from stability.cli import common
from stability.cli.app import main
from stability.io.scenario import read_scenario

GAMES = Path(__file__).resolve().parent.parent / "games"
SCENARIOS = ["mosul", "us-turkey-ypg", "two-allies"]


def analyze_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["analyze", *args, "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_json_layer_payoffs_of_mosul(capsys: pytest.CaptureFixture[str]) -> None:
    document = analyze_json(capsys, "mosul")
    games = {g["name"]: g for g in document["games"]}  # type: ignore[attr-defined]
    militias = games["U.S.-Militias"]
    assert militias["strategies"] == [
        ["Include the militias", "Sideline the militias", "Compromise with Iran"],
        ["Fight IS", "Partition deal"],
    ]
    layers = {layer["name"]: layer for layer in militias["layers"]}
    memory = layers["Sidelining"]  # paid only by militias the U.S. sidelines
    assert memory["weight"] == "alienation"
    assert memory["payoffs"] == {
        "expressions": [[["0", "0"], ["0", "0"]], [["0", "-alienation"], ["0", "0"]],
                        [["0", "0"], ["0", "0"]]],
        "values": [[["0", "0"], ["0", "0"]], [["0", "-1"], ["0", "0"]],
                   [["0", "0"], ["0", "0"]]],
    }  # fmt: skip
    fight = layers["Fight against IS"]["payoffs"]
    assert fight["expressions"][1][0] == ["threat/8", "threat/8"]  # sidelined, both still fight
    assert fight["values"][0][0] == ["2", "2"]
    total = militias["payoffs"]
    assert total["expressions"][0][0] == ["us_influence + threat/4", "threat/4 - us_influence/2"]
    assert total["values"][0][0] == ["5/2", "7/4"]
    # with --set the values move and the expressions do not
    moved = analyze_json(capsys, "mosul", "--set", "alienation=3")
    games = {g["name"]: g for g in moved["games"]}  # type: ignore[attr-defined]
    memory = next(x for x in games["U.S.-Militias"]["layers"] if x["name"] == memory["name"])
    assert memory["payoffs"]["values"][1][0] == ["0", "-3"]
    assert memory["payoffs"]["expressions"][1][0] == ["0", "-alienation"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_totals_are_sums_of_layers_and_match_the_exact_game(name: str) -> None:
    scenario = read_scenario(GAMES / f"{name}.toml")
    for game in scenario.games:
        matrices = game_matrices(scenario, game)
        exact = pair_game(scenario, game.name)
        for profile in matrices.profiles:
            _, total = matrices.total.cell(profile)
            summed = [sum((m.cell(profile)[1][i] for m in matrices.layers), Fraction(0))
                      for i in range(len(game.players))]  # fmt: skip
            assert list(total) == summed, (game.name, profile)
            assert list(total) == [exact.payoff(i, profile) for i in range(exact.n_players)]


def _analyze_text(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                  width: int, *args: str) -> str:  # fmt: skip
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setattr(common.console, "width", width)
    assert main(["analyze", *args]) == 0
    return capsys.readouterr().out


def test_matrices_read_at_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _analyze_text(capsys, monkeypatch, 80, "mosul")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    # every two-actor game has its table, with both players' strategy names as headers
    for title in ("U.S.-Iran: rows U.S., columns Iran", "U.S.-Militias: rows U.S., columns",
                  "Iran-Militias: rows Iran, columns", "Militias-Islamic State: rows"):  # fmt: skip
        assert title in text
    assert "False flag: the profiles where some payoff is not zero" in text
    # cells are one payoff per line, "label: expression = value", never squeezed away
    for cell in ("U.S.: threat/4 = 2", "U.S.: us_influence = 1/2", "U.S.: -us_influence = -1/2",
                 "IS: false_flag = 1/2", "IS: false_flag/4 = 1/8"):  # fmt: skip
        assert cell in text, cell
    header = next(line for line in lines if "U.S. \\ Iran" in line)
    assert "Coordinate" in header and "distance" in header
    assert "Equilibria of U.S.-Iran on its own: Sideline the militias / Keep its distance" in text


def test_matrices_at_60_columns_still_show_every_cell(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _analyze_text(capsys, monkeypatch, 60, "games/two-allies.toml")
    assert max(len(line) for line in text.splitlines()) <= 60
    for cell in ("A: threat = 3", "A: -dispute = -1", "B: 1", "A \\ B"):
        assert cell in text, cell
