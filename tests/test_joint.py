"""The joint game: exact payoffs, symbolic payoffs and the vectorised evaluator."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from stability.analysis.joint import (
    CompiledScenario,
    joint_game,
    joint_payoff_expressions,
    pair_game,
)
from stability.errors import InputError
from stability.io.scenario import read_scenario
from stability.model.game import Game

ROOT = Path(__file__).resolve().parent.parent
TWO_ALLIES = read_scenario(ROOT / "games" / "two-allies.toml")
FOUR = read_scenario(Path(__file__).resolve().parent / "data" / "four-actors.toml")


def exact_pure_equilibria(game: Game) -> set[tuple[int, ...]]:
    """Brute force over exact payoffs (the definition of a pure Nash equilibrium)."""
    found = set()
    for profile in game.profiles():
        if all(
            game.payoff(i, profile)
            >= max(
                game.payoff(i, profile[:i] + (k,) + profile[i + 1 :])
                for k in range(game.shape[i])
            )
            for i in range(game.n_players)
        ):
            found.add(tuple(profile))
    return found


def test_two_allies_threshold_by_hand() -> None:
    """games/two-allies.toml: the alliance is an equilibrium iff threat >= 1 + dispute."""
    for threat, dispute in itertools.product(range(0, 11), range(0, 5)):
        game = joint_game(TWO_ALLIES, {"threat": threat, "dispute": dispute})
        holds = (0, 0) in exact_pure_equilibria(game)
        assert holds == (threat >= 1 + dispute), (threat, dispute)
        assert (1, 1) in exact_pure_equilibria(game)  # splitting always is


def test_two_allies_compiled_threshold() -> None:
    compiled = CompiledScenario(TWO_ALLIES)
    threat = np.linspace(0, 10, 41)  # steps of 1/4: hits the boundary 2 exactly
    holds = compiled.outcome_equilibria({"threat": threat})
    assert holds["Alliance"].tolist() == [t >= 2 for t in threat]
    assert holds["Split"].all()
    assert not holds["Betrayal"].any()
    strict = compiled.outcome_equilibria({"threat": threat}, strict=True)
    assert strict["Alliance"].tolist() == [t > 2 for t in threat]  # weak at exactly 2


def test_joint_is_sum_of_games() -> None:
    """Each actor's joint payoff = sum of its payoffs in the games it plays."""
    values = {"threat": Fraction(7, 3), "partition": 4, "risk": Fraction(1, 5)}
    joint = joint_game(FOUR, values)
    games = [(g, pair_game(FOUR, g.name, values)) for g in FOUR.games]
    names = [a.name for a in FOUR.actors]
    for profile in joint.profiles():
        for i, actor in enumerate(names):
            expected = Fraction(0)
            for spec, game in games:
                if actor in spec.players:
                    sub = tuple(profile[names.index(p)] for p in spec.players)
                    expected += game.payoff(spec.players.index(actor), sub)
            assert joint.payoff(i, profile) == expected
    assert joint.players == tuple(names)
    assert joint.title == "Four actors"
    assert joint.strategies[2] == ("Coalition", "Partition deal", "Neutral")


def test_pair_game_by_hand() -> None:
    """tests/data/four-actors.toml, game Militias-US at the defaults, written out."""
    game = pair_game(FOUR, "Militias-US")
    assert game.players == ("Militias", "US")
    assert game.payoff(0, (0, 0)) == Fraction(5, 2)  # threat - dispute = 3 - 1/2
    assert game.payoff(0, (1, 1)) == 0  # max(1, 2) - 2
    assert game.payoff(0, (2, 1)) == Fraction(-1, 10)


def test_symbolic_expressions() -> None:
    expressions = joint_payoff_expressions(TWO_ALLIES)
    threat, dispute = sympy.symbols("threat dispute")
    assert sympy.simplify(expressions[0][0, 0] - (threat - dispute)) == 0
    assert expressions[1][0, 1] == 1
    assert expressions[0].shape == (2, 2)
    with pytest.raises(ValueError):
        expressions[0][0, 0] = 0  # read-only


def test_compiled_agrees_with_exact_at_random_points() -> None:
    compiled = CompiledScenario(FOUR)
    rng = np.random.default_rng(4)
    for _ in range(25):
        exact = {
            p.name: Fraction(int(rng.integers(0, 1000)), 1000) * (p.range[1] - p.range[0])
            + p.range[0]
            for p in FOUR.parameters
        }
        game = joint_game(FOUR, exact)
        floats = {name: float(value) for name, value in exact.items()}
        payoffs = compiled.payoffs(floats)
        for i in range(game.n_players):
            np.testing.assert_allclose(payoffs[i], game.payoffs[i], rtol=1e-12, atol=1e-12)
        mask = compiled.pure_equilibrium_mask(floats)
        assert set(zip(*np.nonzero(mask), strict=True)) == exact_pure_equilibria(game)


def test_grid_shapes_and_broadcasting() -> None:
    compiled = CompiledScenario(FOUR)
    threat = np.linspace(0, 10, 4)
    partition = np.linspace(0, 6, 3)
    values = {"threat": threat[None, :], "partition": partition[:, None]}
    payoffs = compiled.payoffs(values)
    assert [p.shape for p in payoffs] == [(3, 4, 2, 2, 3, 2)] * 4
    mask = compiled.pure_equilibrium_mask(values)
    assert mask.shape == (3, 4, 2, 2, 3, 2)
    for j, i in itertools.product(range(3), range(4)):
        point = {"threat": threat[i], "partition": partition[j]}
        np.testing.assert_array_equal(mask[j, i], compiled.pure_equilibrium_mask(point))
        np.testing.assert_allclose(payoffs[2][j, i], compiled.payoffs(point)[2])
    outcomes = compiled.outcome_equilibria(values)
    assert set(outcomes) == {"Coalition", "Partition"}
    assert outcomes["Coalition"].shape == (3, 4)
    assert compiled.payoffs()[0].shape == (2, 2, 3, 2)  # no grid: the defaults


def test_outcome_mask() -> None:
    compiled = CompiledScenario(FOUR)
    mask = compiled.outcome_mask("Partition")
    assert mask.shape == (2, 2, 3, 2)
    assert mask.sum() == 4  # US x Iran free, Militias and IS fixed
    assert mask[:, :, 1, 1].all()
    assert FOUR.outcomes_of((0, 0, 0, 0)) == ["Coalition"]
    assert FOUR.outcomes_of({"US": "Withdraw", "Iran": "Cooperate",
                             "Militias": "Partition deal", "IS": "Deal"}) == ["Partition"]
    with pytest.raises(InputError, match="no outcome 'Nope'"):
        compiled.outcome_mask("Nope")


def test_unknown_parameter() -> None:
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        CompiledScenario(FOUR).payoffs({"nope": 1.0})
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        joint_game(FOUR, {"nope": 1})


def test_undefined_payoff_at_values() -> None:
    from stability.io.scenario import parse_scenario

    text = (ROOT / "games" / "two-allies.toml").read_text()
    text = text.replace('weight = "dispute"', 'weight = "1/dispute"')
    scenario = parse_scenario(text)
    with pytest.raises(InputError, match="undefined"):
        joint_game(scenario, {"dispute": 0})


def test_timeline() -> None:
    # threat(t) = max(0, 3 - t/2) falls to 2 (the alliance's threshold) at t = 2, to 0 at 6
    assert TWO_ALLIES.at_time(2).values["threat"] == 2
    assert TWO_ALLIES.at_time(6).values["threat"] == 0
    assert TWO_ALLIES.at_time(8).values["threat"] == 0
