"""Games from numpy arrays, nashpy style (issue 25 item 10)."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

import stability
from stability import FloatPayoffWarning, Game, InputError

A = np.array([[3, 0], [5, 1]])  # prisoner's dilemma, the row player's payoffs
B = A.T


def test_solve_takes_a_tuple_of_arrays() -> None:
    result = stability.solve((A, B), method="all")
    assert [e.exact for e in result] == [((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1)))]


def test_nashpy_convention_rows_and_columns() -> None:
    # A[i, j] is the row player's payoff, B[i, j] the column player's, at row i, column j
    row = np.array([[1, 0], [0, 0]])
    column = np.array([[0, 2], [0, 0]])
    game = Game.from_payoffs((row, column))
    assert game.payoff(0, (0, 0)) == 1 and game.payoff(1, (0, 1)) == 2
    assert game.payoff(1, (1, 0)) == 0


def test_three_players_as_a_list_of_three_dimensional_arrays() -> None:
    rng = np.random.default_rng(3)
    tables = [rng.integers(-5, 6, size=(2, 2, 2)) for _ in range(3)]
    from_arrays = stability.solve(tables)
    from_lists = stability.solve(Game.from_payoffs([t.tolist() for t in tables]))
    assert [e.exact for e in from_arrays] == [e.exact for e in from_lists]
    assert len(from_arrays) > 0


def test_integer_and_fraction_arrays_stay_exact() -> None:
    thirds = np.array([[Fraction(1, 3), 0], [0, Fraction(2, 3)]], dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no float warning for exact tables
        game = Game.from_payoffs((thirds, np.array([[2, 0], [0, 1]], dtype=np.int64)))
    assert game.payoff(0, (0, 0)) == Fraction(1, 3)
    mixed = stability.solve(game, method="all")
    assert all(e.exact is not None for e in mixed)


def test_float_arrays_say_so() -> None:
    with pytest.warns(FloatPayoffWarning, match="floating-point"):
        game = Game.from_payoffs((A / 10, B))
    assert game.payoff(0, (0, 0)) == Fraction(3, 10)
    with pytest.warns(FloatPayoffWarning):
        stability.solve((A * 1.0, B))


def test_bad_arrays_are_input_errors() -> None:
    with pytest.raises(InputError, match="shape"):
        stability.solve((A, np.ones((3, 2), dtype=int)))
    with pytest.raises(InputError, match="booleans"):
        Game.from_payoffs((A > 1, B))
    with pytest.raises(TypeError, match="expected a file path or a bundled name"):
        stability.solve(5)  # type: ignore[arg-type]  # a wrong type (issue 27's rule)
    with pytest.raises(InputError, match="sets= and game="):
        stability.solve((A, B), sets={"x": 1})


def test_other_game_functions_take_arrays_too() -> None:
    assert stability.states((A, B), only=["nash"]).rows()
    assert stability.dominance((A, B)).to_dict()["surviving"] == [["2"], ["2"]]
