"""Tests of ``stability.analysis.dominance`` and ``stability dominance``."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.dominance import eliminate
from stability.analysis.states import stability_table
from stability.cli.app import main
from stability.cli.dominance import dominance_json
from stability.model.game import Game


def test_gibbons_iterated_elimination() -> None:
    # Gibbons (1992), A Primer in Game Theory, fig. 1.1.1: Right is dominated by
    # Middle, then Down by Up, then Left by Middle: (Up, Middle) survives.
    game = Game.from_payoffs(
        [[[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]]],
        players=["Player 1", "Player 2"],
        strategies=[["Up", "Down"], ["Left", "Middle", "Right"]],
    )
    result = eliminate(game)
    assert [step.describe(game) for step in result.steps] == [
        "round 1: Player 2 drops Right (strictly dominated by Middle)",
        "round 2: Player 1 drops Down (strictly dominated by Up)",
        "round 3: Player 2 drops Left (strictly dominated by Middle)",
    ]
    assert result.surviving == ((0,), (1,))


def test_domination_by_a_mixture() -> None:
    # Osborne (2004), An Introduction to Game Theory, sec. 4.10: a strategy no pure
    # strategy dominates can be dominated by a mixture (here 1/2 T + 1/2 B pays 3/2 > 1).
    game = Game.from_payoffs(
        [[[3, 0], [1, 1], [0, 3]], [[0, 0], [0, 0], [0, 0]]],
        strategies=[["T", "M", "B"], ["L", "R"]],
    )
    result = eliminate(game)
    assert len(result.steps) == 1
    step = result.steps[0]
    assert step.by_mixture and game.strategies[0][step.strategy] == "M"
    weights = dict(step.dominator)
    assert sum(weights.values()) == 1
    for column in range(2):
        mixed = sum(p * game.payoff(0, (k, column)) for k, p in weights.items())
        assert mixed > game.payoff(0, (1, column))


def test_weak_dominance_is_order_dependent_and_deterministic() -> None:
    # Samuelson (1992), "Dominated strategies and common knowledge", Games and
    # Economic Behavior 4:284-313: iterated weak dominance depends on the order.
    # Removing T first leads to (M, L or R); removing B first would make R weakly
    # dominated and leave (T or M, L). We remove in a fixed order: T, then B.
    game = Game.from_payoffs(
        [[[1, 0], [1, 2], [0, 2]], [[1, 0], [1, 1], [0, 1]]],
        strategies=[["T", "M", "B"], ["L", "R"]],
    )
    assert eliminate(game).steps == ()
    weak = eliminate(game, weak=True)
    assert weak == eliminate(game, weak=True)
    assert [game.strategies[0][s.strategy] for s in weak.steps] == ["T", "B"]
    assert weak.surviving == ((1,), (0, 1))
    assert all(s.weak for s in weak.steps)


games = st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(
    lambda shape: st.lists(
        st.lists(st.integers(-3, 3), min_size=shape[0] * shape[1], max_size=shape[0] * shape[1]),
        min_size=2,
        max_size=2,
    ).map(lambda tables: Game.from_integers([np.array(t).reshape(shape) for t in tables]))
)


@settings(max_examples=50, deadline=None)
@given(games)
def test_strict_elimination_keeps_every_pure_equilibrium(game: Game) -> None:
    result = eliminate(game)
    for profile in np.argwhere(stability_table(game).nash):
        for i, s in enumerate(profile):
            assert int(s) in result.surviving[i]
    for step in result.steps:
        assert sum(p for _, p in step.dominator) == Fraction(1)


def test_cli_json_matches_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dominance", "prisoners-dilemma", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/dominance/v1"
    assert document["surviving"] == [["Defect"], ["Defect"]]
    from stability.io import read_game

    expected = dominance_json(eliminate(read_game("prisoners-dilemma")))
    assert document == json.loads(json.dumps(expected))
    assert main(["dominance", "prisoners-dilemma", "--weak"]) == 0
    assert "order" in capsys.readouterr().out
