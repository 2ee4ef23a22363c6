"""Solving one support profile's system: finite solution sets exactly, and for a
positive-dimensional set a verified sample point (the affine case exactly, otherwise
a numerical search rounded to rationals and re-solved exactly)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from sympy.polys.rings import PolyElement

from stability.model.game import Game
from stability.solvers.algebraic import (
    solve_zero_dimensional,
    to_fraction,
)
from stability.solvers.enumpoly.found import Found as Found
from stability.solvers.enumpoly.system import (
    System,
    _feasible,
    _record,
    _reduce,
    _restrict,
    _system,
)
from stability.solvers.groebner import reduced_basis as groebner
from stability.solvers.result import Equilibrium

#: Starting points of the numerical search for a sample point of a continuum.
SAMPLE_STARTS = 6


def _solve_system(game: Game, system: System, depth: int = 0) -> Found:
    found = Found([], [], [])
    R = system.ring
    assert R is not None
    if any(e.is_ground for e in system.equations):
        return found  # a nonzero constant: no solution
    reduced = _reduce(system)
    if reduced is None:
        return found
    basis, dimension, free = reduced.basis, reduced.dimension, reduced.free
    if dimension == 0:
        if reduced.solutions is None:
            found.unresolved.append(f"support {system.support}: system not solved exactly")
            return found
        solutions = reduced.solutions
        found.points.extend(_record(game, system, s) for s in solutions if _feasible(system, s))
        return found
    if _infeasible_on_variety(system, basis):
        return found
    settled = _affine_case(game, system, basis, depth)
    if settled is not None:
        return settled
    sample = _sample_point(game, system, basis, free, depth)
    if isinstance(sample, Found):
        return sample
    if sample is not None:
        found.sets.append((system.support, dimension, sample))
    else:
        found.unresolved.append(
            f"support {system.support}: a {dimension}-dimensional solution set of the "
            "indifference equations on which a numerical search found no equilibrium "
            "(not proved empty)"
        )
    return found


def _affine_case(
    game: Game, system: System, basis: Sequence[PolyElement], depth: int
) -> Found | None:
    """Settle exactly a support whose solutions form an affine space on which every
    constraint is linear (``None`` when that is not the case).

    The constraints become linear inequalities in the free unknowns, decided by
    Fourier-Motzkin elimination: with every inequality strict and still feasible,
    the equilibria form a set of the affine space's dimension (a continuum; a
    sample is built); feasible only with some deviations tied, those ties are
    added as equations and the narrower system solved; otherwise there is none.
    """
    from stability.solvers.fourier_motzkin import Row, TooManyRows, feasible_point

    R = system.ring
    assert R is not None
    if any(_degree(b) > 1 for b in basis):
        return None
    leading = {next(k for k, e in enumerate(b.LM) if e) for b in basis}
    free = [k for k in range(R.ngens) if k not in leading]

    def linear(p: PolyElement) -> tuple[tuple[Fraction, ...], Fraction] | None:
        reduced = p.rem(list(basis)) if basis else p
        if reduced and _degree(reduced) > 1:
            return None
        coefficients = [Fraction(0)] * len(free)
        constant = Fraction(0)
        for monomial, c in reduced.terms():
            if any(monomial):
                coefficients[free.index(monomial.index(1))] = to_fraction(c)
            else:
                constant = to_fraction(c)
        return tuple(coefficients), constant

    positive = [linear(p) for p in system.positive]
    nonpositive = [linear(p) for p in system.nonpositive]
    if any(f is None for f in positive) or any(f is None for f in nonpositive):
        return None
    strict = [Row(tuple(-c for c in f[0]), f[1], True) for f in positive if f is not None]
    ties = [Row(f[0], -f[1], False) for f in nonpositive if f is not None]
    try:
        point = feasible_point(strict + [Row(r.coefficients, r.bound, True) for r in ties])
        if point is not None:
            fixed = dict(zip(free, point, strict=True))
            narrow = _restrict(system, fixed)
            assert narrow.ring is not None
            solutions = (
                solve_zero_dimensional(groebner(narrow.equations, narrow.ring), narrow.ring)
                if narrow.equations
                else solve_zero_dimensional([narrow.ring.gens[0]], narrow.ring)
            )
            feasible = [s for s in solutions if _feasible(narrow, s)]
            if not feasible:  # pragma: no cover - the point satisfies every constraint
                return None
            return Found([], [(system.support, len(free), _record(game, narrow, feasible[0]))], [])
        if feasible_point(strict + ties) is None:
            return Found([], [], [])
        # every equilibrium here ties some outside strategies: find which, exactly
        tied = []
        for j in range(len(ties)):
            relaxed = [Row(r.coefficients, r.bound, r.strict or k == j) for k, r in enumerate(ties)]
            if feasible_point(strict + relaxed) is None:
                tied.append(system.outside[j])
    except TooManyRows:
        return None
    if not tied or depth > game.n_players * max(game.shape):  # pragma: no cover
        return None
    return _solve_system(game, _system(game, system.support, [*system.extra, *tied]), depth + 1)


def _degree(p: PolyElement) -> int:
    return max((sum(m) for m in p.monoms()), default=0)


def _infeasible_on_variety(system: System, basis: Sequence[PolyElement]) -> bool:
    """True when a constraint fails everywhere on the solutions (exactly: its normal
    form modulo the Gröbner basis is a constant of the wrong sign)."""
    for p in system.positive:
        reduced = p.rem(list(basis)) if basis else p
        if not reduced or (reduced.is_ground and to_fraction(reduced.LC) <= 0):
            return True
    for p in system.nonpositive:
        reduced = p.rem(list(basis)) if basis else p
        if reduced and reduced.is_ground and to_fraction(reduced.LC) > 0:
            return True
    return False


def _float_function(
    p: PolyElement, n: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    terms = p.terms()
    if not terms:
        return np.zeros(1), np.zeros((1, n))
    monomials = np.array([m for m, _ in terms], dtype=np.float64).reshape(len(terms), n)
    coefficients = np.array([float(to_fraction(c)) for _, c in terms])
    return coefficients, monomials


def _evaluate(
    fn: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]], y: npt.NDArray[np.float64]
) -> float:
    coefficients, monomials = fn
    return float(coefficients @ np.prod(np.power(y, monomials), axis=1))


def _sample_point(
    game: Game, system: System, basis: Sequence[PolyElement], free: tuple[int, ...], depth: int
) -> Equilibrium | Found | None:
    """A verified equilibrium on a positive-dimensional solution set (or ``None``).

    May return a :class:`Found` of a narrower system when the search ends on the
    boundary where a strategy outside the support becomes a best response.
    """
    from scipy.optimize import minimize

    R = system.ring
    assert R is not None
    n = R.ngens
    scale = max(1.0, *(float(np.ptp(t)) for t in game.payoffs))
    equations = [_float_function(p, n) for p in basis]
    positive = [_float_function(p, n) for p in system.positive]
    nonpositive = [_float_function(p, n) for p in system.nonpositive]
    rng = np.random.default_rng(len(system.support) + n)
    best: tuple[float, npt.NDArray[np.float64]] | None = None
    for start in range(SAMPLE_STARTS):
        if start == 0:
            y0 = np.array(
                [
                    1.0 / len(system.support[i])
                    for i, s in enumerate(system.support)
                    if len(s) > 1
                    for _ in s[1:]
                ]
            )
        else:
            y0 = rng.random(n) / max(len(s) for s in system.support)
        x0 = np.concatenate([y0, [0.0]])
        constraints = (
            [
                {"type": "eq", "fun": (lambda z, f=f: _evaluate(f, z[:-1]) / scale)}
                for f in equations
            ]
            + [
                {"type": "ineq", "fun": (lambda z, f=f: _evaluate(f, z[:-1]) - z[-1])}
                for f in positive
            ]
            + [
                {"type": "ineq", "fun": (lambda z, f=f: -_evaluate(f, z[:-1]) / scale)}
                for f in nonpositive
            ]
        )
        result = minimize(
            lambda z: -z[-1],
            x0,
            method="SLSQP",
            bounds=[(0.0, 1.0)] * n + [(-1.0, 1.0)],
            constraints=constraints,
            options={"maxiter": 300, "ftol": 1e-12},
        )
        z = result.x
        if not np.all(np.isfinite(z)):
            continue
        residual = max((abs(_evaluate(f, z[:-1])) / scale for f in equations), default=0.0)
        violation = max((_evaluate(f, z[:-1]) / scale for f in nonpositive), default=-1.0)
        if (
            residual < 1e-8
            and violation < 1e-8
            and z[-1] > 1e-7
            and (best is None or z[-1] > best[0])
        ):
            best = (float(z[-1]), z[:-1])
    if best is None:
        return None
    y = best[1]
    for bound in (10, 100, 1_000, 10_000, 1_000_000):
        sample = _exact_near(game, system, y, free, bound)
        if sample is not None:
            return sample
    # the search ended where outside strategies tie: solve with those ties as equations
    tight = [
        (i, k)
        for i, s in enumerate(system.support)
        for k in range(game.shape[i])
        if k not in s
        and _evaluate(_float_function(system.values[i][k] - system.values[i][s[0]], n), y)
        > -1e-7 * scale
    ]
    if tight and depth < 2:
        return _solve_system(game, _system(game, system.support, tight), depth + 1)
    return None


def _exact_near(
    game: Game,
    system: System,
    y: npt.NDArray[np.float64],
    free: Sequence[int],
    bound: int,
) -> Equilibrium | None:
    """An exact equilibrium near the float point ``y``: the free unknowns rounded to
    fractions with denominators up to ``bound``, the rest solved for exactly (more
    unknowns are fixed where the rest is still not finite, as on a reducible set)."""
    R = system.ring
    assert R is not None
    names = [str(g) for g in R.gens]
    fixed: dict[int, Fraction] = {}
    chosen = list(free)
    for _ in range(R.ngens + 1):
        fixed.update({k: Fraction(float(y[k])).limit_denominator(bound) for k in chosen})
        narrow = _restrict(system, fixed)
        N = narrow.ring
        assert N is not None
        if not narrow.equations and N.ngens == 1 and str(N.gens[0]) == "unused_":
            solutions = solve_zero_dimensional([N.gens[0]], N)
            break
        reduced = _reduce(narrow)
        if reduced is None:
            return None
        if reduced.dimension == 0:
            if reduced.solutions is None:
                return None
            solutions = reduced.solutions
            break
        kept = [k for k in range(R.ngens) if k not in fixed]
        chosen = [names.index(str(N.gens[j])) for j in reduced.free]
        assert all(k in kept for k in chosen)
    else:  # pragma: no cover - each round fixes at least one unknown
        return None
    feasible = [s for s in solutions if _feasible(narrow, s)]
    return _record(game, narrow, feasible[0]) if feasible else None
