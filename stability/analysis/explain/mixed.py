"""Mixed equilibria of two-player games: the indifference equations, solved exactly."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from stability.analysis.explain.data import IndifferenceStep, MixedExplanation, Term
from stability.errors import InputError
from stability.model.game import Game
from stability.model.symbolic import as_sympy
from stability.solvers.result import Equilibrium

# -- mixed equilibria ---------------------------------------------------------------------


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _fraction(value: Any) -> Fraction:
    rational = sp.Rational(value)
    return Fraction(int(rational.p), int(rational.q))


def _symbol_base(player: int) -> str:
    return "p" if player == 0 else "q"


def indifference_step(game: Game, equilibrium: Equilibrium, indifferent: int) -> IndifferenceStep:
    """The equations that make ``indifferent`` indifferent between its best responses.

    They are linear in the other player's probabilities on its support and, at an
    extreme equilibrium of a nondegenerate game, determine them uniquely.
    """
    assert equilibrium.exact is not None
    mixing = 1 - indifferent
    support = tuple(k for k, p in enumerate(equilibrium.exact[mixing]) if p > 0)
    base = _symbol_base(mixing)
    if len(support) == 1:
        symbols: tuple[str, ...] = ()
        probabilities: tuple[Any, ...] = (sp.Integer(1),)
    elif len(support) == 2:
        symbols = (base,)
        variable = sp.Symbol(base)
        probabilities = (variable, 1 - variable)
    else:
        symbols = tuple(f"{base}{k + 1}" for k in range(len(support) - 1))
        variables = [sp.Symbol(s) for s in symbols]
        probabilities = (*variables, 1 - sum(variables, sp.Integer(0)))
    values = _strategy_values(game, equilibrium.exact, indifferent)
    top = max(values)
    strategies = tuple(s for s, v in enumerate(values) if v == top)
    expected = []
    for s in strategies:
        terms = []
        for k, probability in zip(support, probabilities, strict=True):
            profile = (s, k) if indifferent == 0 else (k, s)
            terms.append(Term(probability=probability, payoff=game.payoff(indifferent, profile)))
        expected.append(tuple(terms))
    sums = [
        sum((t.probability * _rational(t.payoff) for t in terms), sp.Integer(0))
        for terms in expected
    ]
    equations = tuple(sp.Eq(sums[0], other, evaluate=False) for other in sums[1:])
    unknowns = [sp.Symbol(s) for s in symbols]
    solution: dict[str, Fraction] = {}
    free: tuple[str, ...] = ()
    if unknowns:
        solved = sp.linsolve([sums[0] - other for other in sums[1:]], unknowns)
        if not solved:  # pragma: no cover - an equilibrium's equations are consistent
            raise AssertionError("indifference equations without a solution")
        (point,) = tuple(solved)
        free_symbols: set[Any] = set().union(*(as_sympy(v).free_symbols for v in point))
        free = tuple(sorted(str(s) for s in free_symbols))
        actual = [equilibrium.exact[mixing][k] for k in support]
        for name, probability_value in zip(symbols, actual, strict=False):
            solution[name] = probability_value
        for name, expression in zip(symbols, point, strict=True):
            if not as_sympy(expression).free_symbols:
                solution[name] = _fraction(expression)
    others = tuple((s, v) for s, v in enumerate(values) if v != top)
    return IndifferenceStep(
        indifferent=indifferent,
        mixing=mixing,
        support=support,
        symbols=symbols,
        probabilities=probabilities,
        strategies=strategies,
        expected=tuple(expected),
        equations=equations,
        solution=solution,
        free=free,
        value=top,
        others=others,
    )


def _strategy_values(
    game: Game, exact: Sequence[Sequence[Fraction]], player: int
) -> list[Fraction]:
    from stability.solvers.regret import exact_strategy_payoffs

    return exact_strategy_payoffs(game, exact, player)


def explain_mixed(game: Game, equilibrium: Equilibrium) -> MixedExplanation:
    """Derive one mixed equilibrium of a two-player game from the indifference conditions.

    The probabilities in ``mixtures`` are the equations' solutions (completed by
    the solver's values only for symbols a degenerate game leaves free).
    """
    if game.n_players != 2 or equilibrium.exact is None:
        raise InputError("indifference equations are written for exact two-player equilibria")
    steps = tuple(indifference_step(game, equilibrium, i) for i in (0, 1))
    mixtures: list[tuple[Fraction, ...]] = [(), ()]
    for step in steps:
        values = _support_values(step)
        mixture = [Fraction(0)] * game.shape[step.mixing]
        for k, value in zip(step.support, values, strict=True):
            mixture[k] = value
        mixtures[step.mixing] = tuple(mixture)
    return MixedExplanation(equilibrium=equilibrium, steps=steps, mixtures=tuple(mixtures))


def _support_values(step: IndifferenceStep) -> list[Fraction]:
    substitution = {sp.Symbol(name): _rational(value) for name, value in step.solution.items()}
    return [_fraction(as_sympy(p).subs(substitution)) for p in step.probabilities]
