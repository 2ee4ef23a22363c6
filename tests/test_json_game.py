"""JSON game documents (schema stability/game/v1, fixed in the contract)."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from test_nfg import games  # the shared hypothesis strategy of random games

from stability.errors import InputError
from stability.io import read_game
from stability.io.json_game import (
    SCHEMA,
    game_from_json,
    game_to_json,
    parse_json_game,
    write_json_game,
)
from stability.model.game import Game


@settings(max_examples=100, deadline=None)
@given(games())
def test_json_round_trip(game: Game) -> None:
    assert parse_json_game(write_json_game(game), "game.json") == game
    assert game_from_json(json.loads(json.dumps(game_to_json(game))), "game.json") == game


def test_contract_example_reads_as_prisoners_dilemma() -> None:
    doc = {
        "schema": "stability/game/v1",
        "title": "Prisoner's Dilemma",
        "players": ["Row", "Column"],
        "strategies": [["Cooperate", "Defect"], ["Cooperate", "Defect"]],
        "payoffs": [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    }
    game = game_from_json(doc, "pd.json")
    assert game == read_game("prisoners-dilemma")
    assert game_to_json(game) == doc


def test_payoffs_are_numbers_or_exact_strings() -> None:
    text = json.dumps(
        {
            "schema": SCHEMA,
            "players": ["A", "B"],
            "strategies": [["x"], ["y", "z"]],
            "payoffs": [[["3/2", 0.1]], [[-2, "1e-3"]]],
        }
    )
    game = parse_json_game(text, "exact.json")
    assert game.payoff(0, (0, 0)) == Fraction(3, 2)
    assert game.payoff(0, (0, 1)) == Fraction(1, 10)  # the decimal as written, not the float
    assert game.payoff(1, (0, 1)) == Fraction(1, 1000)
    assert game.title == ""
    assert game_to_json(game)["payoffs"] == [[["3/2", "1/10"]], [[-2, "1/1000"]]]


def test_big_integers_stay_exact() -> None:
    doc = {"players": ["A"], "strategies": [["x", "y"]], "payoffs": [[10**40, -(10**40) + 1]]}
    game = parse_json_game(json.dumps(doc), "big.json")
    assert game.payoff(0, (0,)) == 10**40
    assert parse_json_game(write_json_game(game), "again.json") == game


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ([], "expected a JSON object"),
        ({"schema": "stability/solve/v1"}, "expected schema"),
        ({"players": ["A"], "strategies": [["x"]]}, "missing key 'payoffs'"),
        ({"players": [], "strategies": [], "payoffs": []}, "at least one player"),
        ({"players": ["A", "A"], "strategies": [["x"], ["y"]], "payoffs": []}, "duplicate"),
        ({"players": [3], "strategies": [["x"]], "payoffs": [[1]]}, "players[0]: expected a name"),
        ({"players": ["A"], "strategies": [[]], "payoffs": [[]]}, "at least one strategy"),
        ({"players": ["A"], "strategies": [["x", "y"]], "payoffs": [[1]]}, "expected 2 entries"),
        ({"players": ["A"], "strategies": [["x"]], "payoffs": [["nan"]]}, "payoffs[0][0]"),
        ({"players": ["A"], "strategies": [["x"]], "payoffs": [[True]]}, "payoffs[0][0]"),
        ({"players": ["A"], "strategies": [["x"]], "payoffs": [[[1]]]}, "payoffs[0][0]"),
        (
            {
                "players": ["A", "B"],
                "strategies": [[f"x{k}" for k in range(10**4)], [f"y{k}" for k in range(10**4)]],
                "payoffs": [],
            },
            "too large: 100,000,000 pure profiles",
        ),
    ],
)
def test_bad_documents(doc: object, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        game_from_json(doc, "bad.json")
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("bad.json")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"players": ["A"], "strategies": [["x"]], "payoffs": [[NaN]]}', "NaN is not a number"),
        ('{"players": ["A"], "strategies": [["x"]], "payoffs": [[1e999]]}', "out of range"),
        ('{"players": ["A"], "strategies": [["x"]],\n "payoffs": [[1]', "line 2"),
    ],
)
def test_bad_json_text(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_json_game(text, "bad.json")
    assert fragment in str(caught.value)


def test_integer_arrays_are_int64() -> None:
    game = read_game("rock-paper-scissors")
    assert game_from_json(game_to_json(game), "rps.json").numerators[0].dtype == np.int64
