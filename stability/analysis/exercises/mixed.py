"""Pure and mixed equilibrium exercises, with an independent exact support enumeration."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from stability.analysis.exercises.common import (
    Exercise,
    Rng,
    _draw,
    _equilibria_answer,
    _has_ties,
    _random_game,
    _require,
    _titled,
    brute_force_pure_equilibria,
)
from stability.model.game import Game
from stability.solvers.result import Equilibrium


def pure_exercise(rng: Rng, level: int) -> Exercise:
    """Find every pure equilibrium (level 1: 2x2; 2: 3x3 with several; 3: ties or 3 players)."""
    from stability.solvers import solve

    if level == 1:
        game = _draw(
            rng,
            lambda r: _random_game(r, (2, 2), 0, 5),
            lambda g: not _has_ties(g) and 1 <= len(brute_force_pure_equilibria(g)) <= 2,
        )
    elif level == 2:
        game = _draw(
            rng,
            lambda r: _random_game(r, (3, 3), 0, 9),
            lambda g: not _has_ties(g) and len(brute_force_pure_equilibria(g)) >= 2,
        )
    else:
        three = bool(rng.integers(0, 2))
        shape = (2, 2, 2) if three else (3, 3)
        game = _draw(
            rng,
            lambda r: _random_game(r, shape, 0, 3),
            lambda g: _has_ties(g) and len(brute_force_pure_equilibria(g)) >= 2,
        )
    game = _titled(game, f"Pure equilibria, level {level}")
    found = [e.pure_profile for e in solve(game, "pure").equilibria]
    brute = brute_force_pure_equilibria(game)
    _require(sorted(p for p in found if p is not None) == sorted(brute), "pure equilibria differ")
    equilibria = [Equilibrium.from_pure(game, p) for p in brute]
    return Exercise(
        kind="pure",
        level=level,
        question="Find every pure-strategy Nash equilibrium of the game below.",
        game=game,
        answer=_equilibria_answer(equilibria),
        checks=("solver: pure", "brute-force best-response check of every profile"),
    )


def _solve_indifference(
    table: Any, own: Sequence[int], other: Sequence[int]
) -> list[Fraction] | None:
    """The opponent's mixture on ``other`` making every strategy in ``own`` pay the same.

    ``table[a][b]`` is the indifferent player's payoff from its strategy ``a``
    against the opponent's ``b``; ``None`` when the system is singular.
    """
    import sympy as sp

    k = len(own)
    rows = [[sp.Rational(table[a][b]) for b in other] + [-1] for a in own]
    rows.append([sp.Integer(1)] * k + [sp.Integer(0)])
    matrix = sp.Matrix(rows)
    if matrix.det() == 0:
        return None
    solution = matrix.LUsolve(sp.Matrix([0] * k + [1]))
    return [Fraction(int(v.p), int(v.q)) for v in solution[:k]]


def support_enumeration_exact(game: Game) -> list[tuple[tuple[Fraction, ...], ...]]:
    """Every equilibrium of a *nondegenerate* two-player game, by exact support enumeration.

    Independent of the solvers: for each pair of supports of equal size, solve both
    indifference systems exactly and keep the solutions that are probability
    vectors against which no unused strategy pays more (Nisan et al., *Algorithmic
    Game Theory*, 2007, section 3.3).

    >>> from stability.model.game import Game
    >>> sexes = Game.from_payoffs([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> [[[str(p) for p in s] for s in e] for e in support_enumeration_exact(sexes)]
    [[['1', '0'], ['1', '0']], [['0', '1'], ['0', '1']], [['2/3', '1/3'], ['1/3', '2/3']]]
    """
    from stability.solvers.regret import is_exact_equilibrium

    rows = game.exact_payoffs(0)
    columns = game.exact_payoffs(1).T
    found: list[tuple[tuple[Fraction, ...], ...]] = []
    m, n = game.shape
    for k in range(1, min(m, n) + 1):
        for own in itertools.combinations(range(m), k):
            for other in itertools.combinations(range(n), k):
                y = _solve_indifference(rows, own, other)
                x = _solve_indifference(columns, other, own)
                if x is None or y is None or min(x) < 0 or min(y) < 0:
                    continue
                row = [Fraction(0)] * m
                column = [Fraction(0)] * n
                for a, p in zip(own, x, strict=True):
                    row[a] = p
                for b, q in zip(other, y, strict=True):
                    column[b] = q
                profile = (tuple(row), tuple(column))
                if is_exact_equilibrium(game, profile) and profile not in found:
                    found.append(profile)
    return found


def mixed_exercise(rng: Rng, level: int) -> Exercise:
    """Find every (extreme) equilibrium, mixed ones included, of a two-player game."""
    from stability.solvers import solve
    from stability.solvers.regret import is_exact_equilibrium

    def small_denominators(game: Game, limit: int) -> bool:
        result = solve(game, "all")
        return all(
            p.denominator <= limit for e in result.equilibria for s in (e.exact or ()) for p in s
        )

    if level == 1:
        game = _draw(
            rng,
            lambda r: _random_game(r, (2, 2), 0, 5),
            lambda g: (
                not _has_ties(g) and not brute_force_pure_equilibria(g) and small_denominators(g, 6)
            ),
        )
    elif level == 2:
        three = bool(rng.integers(0, 2))
        shape = (3, 3) if three else (2, 2)

        def several(g: Game) -> bool:
            if _has_ties(g) or len(brute_force_pure_equilibria(g)) < 2:
                return False
            result = solve(g, "all")
            return result.degenerate is False and any(not e.pure for e in result.equilibria)

        game = _draw(rng, lambda r: _random_game(r, shape, 0, 6), several)
    else:
        shape = ((2, 2), (2, 3), (3, 3))[int(rng.integers(0, 3))]

        def degenerate(g: Game) -> bool:
            result = solve(g, "all")
            return (
                result.degenerate is True
                and len(result.equilibria) >= 2
                and any(not e.pure for e in result.equilibria)
            )

        game = _draw(rng, lambda r: _random_game(r, shape, 0, 3), degenerate)
    game = _titled(game, f"Mixed equilibria, level {level}")
    result = solve(game, "all")
    equilibria = list(result.equilibria)
    checks = ["solver: all (exact extreme equilibria)"]
    for equilibrium in equilibria:
        _require(equilibrium.exact is not None, "an equilibrium without exact probabilities")
        assert equilibrium.exact is not None
        _require(is_exact_equilibrium(game, equilibrium.exact), "an equilibrium with regret")
    checks.append("exact regret 0 for every equilibrium")
    pure = sorted(p for p in (e.pure_profile for e in equilibria) if p is not None)
    _require(pure == brute_force_pure_equilibria(game), "the pure equilibria differ")
    checks.append("pure ones equal the brute-force best-response check")
    if result.degenerate is False:
        exact = {e.exact for e in equilibria if e.exact is not None}
        _require(exact == set(support_enumeration_exact(game)), "support enumeration disagrees")
        checks.append("the same set as an independent exact support enumeration")
    question = (
        "Find every Nash equilibrium of the game below, mixed ones included; give the "
        "probabilities as fractions."
    )
    if result.degenerate:
        question = (
            "This game is degenerate. Find every extreme Nash equilibrium (pure and mixed) "
            "of the game below; give the probabilities as fractions."
        )
    return Exercise(
        kind="mixed",
        level=level,
        question=question,
        game=game,
        answer={**_equilibria_answer(equilibria), "degenerate": result.degenerate},
        checks=tuple(checks),
    )
