"""The indifference equations of one support profile as a polynomial system: building,
restricting and reducing it (Gröbner basis, dimension), and recording a checked solution."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from sympy.polys.domains import QQ
from sympy.polys.orderings import grevlex
from sympy.polys.rings import PolyElement, PolyRing, ring

from stability.model.game import Game
from stability.solvers.algebraic import (
    NotSolved,
    Solution,
    solve_zero_dimensional,
)
from stability.solvers.enumpoly.found import _float_payoffs as _float_payoffs
from stability.solvers.groebner import reduced_basis as groebner
from stability.solvers.regret import is_exact_equilibrium
from stability.solvers.result import AlgebraicNumber, Equilibrium
from stability.solvers.supports import Support


@dataclass
class System:
    """A support's indifference equations, with what an equilibrium must also satisfy."""

    ring: PolyRing | None
    support: Support
    mixtures: list[dict[int, PolyElement]]  # player -> strategy -> probability
    values: list[list[PolyElement]]  # player -> strategy -> expected payoff
    equations: list[PolyElement]
    positive: list[PolyElement]  # > 0 at an equilibrium
    nonpositive: list[PolyElement]  # <= 0: gains from strategies outside the supports
    outside: list[tuple[int, int]]  # (player, strategy) of each ``nonpositive`` entry
    extra: tuple[tuple[int, int], ...] = ()  # outside strategies that must tie


def _system(game: Game, support: Support, extra: Sequence[tuple[int, int]] = ()) -> System:
    names = [f"p{i}_{k}" for i, s in enumerate(support) if len(s) > 1 for k in s[1:]]
    R, gens = (ring(names, QQ, grevlex)[0], None) if names else (None, None)
    one: Any = R.one if R is not None else 1
    variables = iter(R.gens if R is not None else ())
    mixtures: list[dict[int, Any]] = []
    for s in support:
        mixture = {k: next(variables) for k in s[1:]}
        mixture[s[0]] = one - sum(mixture.values(), R.zero if R is not None else 0)
        mixtures.append(mixture)
    del gens
    values: list[list[Any]] = []
    for i, table in enumerate(game.numerators):
        others = [j for j in range(game.n_players) if j != i]
        weights = []
        for combo in itertools.product(*(support[j] for j in others)):
            w = one
            for j, k in zip(others, combo, strict=True):
                w = w * mixtures[j][k]
            weights.append(w)
        axes = [list(range(m)) if j == i else list(support[j]) for j, m in enumerate(game.shape)]
        rows = np.moveaxis(table[np.ix_(*axes)], i, 0).reshape(game.shape[i], -1)
        values.append(
            [
                sum((int(c) * w for c, w in zip(row, weights, strict=True) if c), 0 * one)
                for row in rows
            ]
        )
    equations: list[Any] = []
    for i, s in enumerate(support):
        equations.extend(values[i][k] - values[i][s[0]] for k in s[1:])
    equations.extend(values[i][k] - values[i][support[i][0]] for i, k in extra)
    equations = [e for e in equations if e]  # identities say nothing
    positive = [mixtures[i][k] for i, s in enumerate(support) if len(s) > 1 for k in s]
    outside = [
        (i, k)
        for i, s in enumerate(support)
        for k in range(game.shape[i])
        if k not in s and (i, k) not in extra
    ]
    nonpositive = [values[i][k] - values[i][support[i][0]] for i, k in outside]
    return System(
        R, support, mixtures, values, equations, positive, nonpositive, outside, tuple(extra)
    )


def _restrict(system: System, fixed: dict[int, Fraction]) -> System:
    """The system with the unknowns in ``fixed`` (by index) set to rational values."""
    assert system.ring is not None
    old = system.ring
    keep = [k for k in range(old.ngens) if k not in fixed]
    names = [str(old.gens[k]) for k in keep] or ["unused_"]
    R = ring(names, QQ, grevlex)[0]

    def move(p: PolyElement) -> PolyElement:
        out = R.zero
        for monomial, c in p.terms():
            coefficient = QQ(c)
            for k, v in fixed.items():
                if monomial[k]:
                    coefficient *= QQ(v.numerator, v.denominator) ** monomial[k]
            exponents = tuple(monomial[k] for k in keep) if keep else (0,)
            out += R({exponents: coefficient})
        return out

    return System(
        R,
        system.support,
        [{k: move(p) for k, p in m.items()} for m in system.mixtures],
        [[move(p) for p in row] for row in system.values],
        [e for e in (move(p) for p in system.equations) if e],
        [move(p) for p in system.positive],
        [move(p) for p in system.nonpositive],
        system.outside,
        system.extra,
    )


def _dimension(basis: Sequence[PolyElement], n: int) -> tuple[int, tuple[int, ...]]:
    """Dimension of the ideal and a maximal independent set of unknowns, from the
    leading monomials of a Gröbner basis."""
    supports = [frozenset(k for k, e in enumerate(b.LM) if e) for b in basis]
    for size in range(n, -1, -1):
        for chosen in itertools.combinations(range(n), size):
            free = frozenset(chosen)
            if not any(s <= free for s in supports):
                return size, chosen
    return 0, ()  # pragma: no cover - the empty set is always independent


@dataclass
class Reduced:
    """A system's Gröbner basis, the dimension of its solution set and a maximal set
    of free unknowns; for a finite set (dimension 0) also its real solutions, or
    ``None`` when they could not be found exactly."""

    basis: list[PolyElement]
    dimension: int
    free: tuple[int, ...]
    solutions: list[Solution] | None


def _reduce(system: System) -> Reduced | None:
    """``system`` reduced to a Gröbner basis (and solved when finite); ``None`` when it
    has no solution at all."""
    R = system.ring
    assert R is not None
    basis = groebner(system.equations, R) if system.equations else []
    if basis == [R.one]:
        return None
    dimension, free = _dimension(basis, R.ngens)
    solutions = None
    if dimension == 0:
        try:
            solutions = solve_zero_dimensional(basis, R, is_basis=True)
        except NotSolved:
            pass
    return Reduced(basis, dimension, free, solutions)


def _record(game: Game, system: System, solution: Solution) -> Equilibrium:
    """An exactly verified equilibrium from a feasible solution of ``system``."""
    exact: list[list[Fraction | None]] = []
    for i, m in enumerate(game.shape):
        exact.append(
            [
                solution.exact_value(system.mixtures[i][k])
                if k in system.mixtures[i]
                else Fraction(0)
                for k in range(m)
            ]
        )
    if all(p is not None for mixture in exact for p in mixture):
        profile = [[p for p in mixture if p is not None] for mixture in exact]
        if not is_exact_equilibrium(game, profile):  # pragma: no cover - a bug if it happens
            raise AssertionError(f"support {system.support}: solution failed the exact check")
        return Equilibrium.from_exact(game, profile)
    algebraic = []
    for i, m in enumerate(game.shape):
        numbers = []
        for k in range(m):
            value = exact[i][k]
            if value is not None:
                numbers.append(AlgebraicNumber(float(value), _linear(value), value, value))
                continue
            h = solution.substitute(system.mixtures[i][k])
            low, high = _enclose(solution, h)
            numbers.append(
                AlgebraicNumber(
                    solution.root.value(h), _minimal(solution, system.mixtures[i][k]), low, high
                )
            )
        algebraic.append(tuple(numbers))
    floats = tuple(tuple(n.value for n in mixture) for mixture in algebraic)
    payoffs = tuple(_float_payoffs(game, floats))
    return Equilibrium(
        profile=floats,
        payoffs=payoffs,
        pure=False,
        exact=None,
        regret=0.0,
        algebraic=tuple(algebraic),
    )


def _linear(value: Fraction) -> str:
    return f"x - {value}" if value >= 0 else f"x + {-value}"


def _minimal(solution: Solution, p: PolyElement) -> str:
    from stability.solvers.algebraic import minimal_polynomial_of

    return minimal_polynomial_of(solution.substitute(p), solution.root)


def _enclose(solution: Solution, h: PolyElement) -> tuple[Fraction, Fraction]:
    """A short interval with decimal ends (width about 1e-12) containing ``h`` at the
    solution."""
    from stability.solvers.algebraic import _dense, _interval_eval

    solution.root.refine(Fraction(1, 10**30))
    low, high = _interval_eval(_dense(h), solution.root.low, solution.root.high)
    scale = 10**12
    return Fraction(math.floor(low * scale), scale), Fraction(math.ceil(high * scale), scale)


def _feasible(system: System, solution: Solution) -> bool:
    return all(solution.sign(p) > 0 for p in system.positive) and all(
        solution.sign(p) <= 0 for p in system.nonpositive
    )
