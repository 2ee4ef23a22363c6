"""Tests of ``stability.analysis.repeated`` and ``stability repeated``."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.repeated import critical_discount, grim_trigger
from stability.cli.app import main
from stability.errors import InputError
from stability.model.game import Game


def _pd(t: int, r: int, p: int, s: int) -> Game:
    return Game.from_payoffs(
        [[[r, s], [t, p]], [[r, t], [s, p]]],
        players=["Row", "Column"],
        strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
    )


def test_prisoners_dilemma_threshold() -> None:
    # Axelrod (1984), The Evolution of Cooperation, and any textbook (e.g. Gibbons
    # 1992, sec. 2.3.B): grim trigger sustains (C, C) iff delta >= (T - R) / (T - P).
    result = grim_trigger(_pd(5, 3, 1, 0), (0, 0))
    assert result.critical == Fraction(1, 2)
    assert [t.critical for t in result.thresholds] == [Fraction(1, 2)] * 2
    assert grim_trigger(_pd(7, 4, 1, 0), (0, 0)).critical == Fraction(1, 2)
    assert grim_trigger(_pd(10, 3, 1, 0), (0, 0)).critical == Fraction(7, 9)


def test_edge_cases() -> None:
    assert critical_discount(Fraction(3), Fraction(3), Fraction(1)) == 0
    assert critical_discount(Fraction(3), Fraction(2), Fraction(5)) == 0
    assert critical_discount(Fraction(1), Fraction(5), Fraction(2)) is None
    assert critical_discount(Fraction(2), Fraction(5), Fraction(2)) is None
    # the stage equilibrium itself needs no patience
    assert grim_trigger(_pd(5, 3, 1, 0), (1, 1)).critical == 0


def test_worst_equilibrium_per_deviator_and_chosen_punishment() -> None:
    # Battle of the sexes-like: two pure equilibria, each worse for one player.
    game = Game.from_payoffs(
        [[[2, 0, 5], [0, 1, 0], [0, 0, 4]], [[1, 0, 0], [0, 2, 0], [5, 0, 4]]],
        strategies=[["A", "B", "C"], ["A", "B", "C"]],
    )
    result = grim_trigger(game, (2, 2))
    row, column = result.thresholds
    assert row.punishment.payoffs[0] <= 1 and column.punishment.payoffs[1] <= 1
    chosen = grim_trigger(game, (2, 2), punish=(0, 0))
    assert chosen.thresholds[0].critical == Fraction(5 - 4, 5 - 2)
    with pytest.raises(InputError, match="stage equilibrium|Nash equilibrium"):
        grim_trigger(game, (2, 2), punish=(2, 2))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 20), st.integers(-5, 20), st.integers(-5, 20))
def test_threshold_makes_the_deviation_unprofitable(d: int, c: int, p: int) -> None:
    delta = critical_discount(Fraction(c), Fraction(d), Fraction(p))
    if delta is None:
        assert d > c >= p or (d > c and c <= p)
        return
    assert 0 <= delta < 1
    if delta > 0:
        # at delta the grim-trigger inequality holds with equality
        assert Fraction(c) == (1 - delta) * d + delta * p


def test_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["repeated", "prisoners-dilemma", "--cooperate", "Cooperate,Cooperate",
                 "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/repeated/v1"
    assert document["exact"] == "1/2" and document["critical_discount"] == 0.5
    assert [p["exact"] for p in document["players"]] == ["1/2", "1/2"]
    assert main(["repeated", "prisoners-dilemma", "--cooperate", "Cooperate"]) == 2
    assert capsys.readouterr().err.startswith("error:")
    assert main(["repeated", "prisoners-dilemma", "--cooperate", "Cooperate,Nope"]) == 2
    assert "Nope" in capsys.readouterr().err
    assert main(["repeated", "prisoners-dilemma", "--cooperate", "Cooperate,Cooperate",
                 "--punish", "Cooperate,Cooperate"]) == 2
