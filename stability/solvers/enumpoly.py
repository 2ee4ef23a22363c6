"""Every Nash equilibrium of a small N-player game, exactly (method ``enumerate``).

Each equilibrium has exactly one support profile, so the solver goes through the
support profiles (:mod:`stability.solvers.supports`: the order of Porter,
Nudelman and Shoham, pruned by conditional dominance) and, for each, solves the
*indifference equations*: every strategy in a player's support earns the player
the same expected payoff. With player ``i``'s probabilities on its support as
unknowns (one of them fixed by summing to one), these are polynomial equations,
multilinear in the other players' unknowns. They are solved exactly over the
rationals (a Gröbner basis with sympy, then
:func:`stability.solvers.algebraic.solve_zero_dimensional`), and each real
solution is kept only after exact checks: every probability on the support is
positive and no strategy outside a support pays more (the exact regret is zero).
Irrational solutions stay exact as algebraic numbers (a float value and the
minimal polynomial).

Where a support's equations have infinitely many solutions (a positive-
dimensional set, as in degenerate games), the set is reported as such with one
verified sample equilibrium: a numerical search looks for a point of the set
strictly inside the simplex; the free unknowns are rounded to rationals and the
remaining equations solved exactly, so the sample is verified like any other.

>>> import numpy as np
>>> from stability.model.game import Game
>>> s = np.indices((2, 2, 2))
>>> jordan = Game.from_integers([
...     np.where(s[0] == s[1], 1, -1),
...     np.where(s[1] == s[2], 1, -1),
...     np.where(s[2] != s[0], 1, -1),
... ])
>>> result = enumerate_equilibria(jordan)
>>> [[str(p) for p in mixture] for e in result.equilibria for mixture in e.exact]
[['1/2', '1/2'], ['1/2', '1/2'], ['1/2', '1/2']]
>>> result.complete, result.sets
(True, ())
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from sympy.polys.domains import QQ
from sympy.polys.groebnertools import groebner
from sympy.polys.orderings import grevlex
from sympy.polys.rings import PolyElement, PolyRing, ring

from stability.errors import TooLargeError
from stability.model.game import Game
from stability.solvers.algebraic import (
    NotSolved,
    Solution,
    solve_zero_dimensional,
    to_fraction,
)
from stability.solvers.budget import Budget
from stability.solvers.regret import is_exact_equilibrium
from stability.solvers.result import AlgebraicNumber, Equilibrium, EquilibriumSet, SolveResult
from stability.solvers.supports import Support, count_support_profiles, support_profiles

#: Largest number of support profiles (before pruning) the method accepts.
MAX_SUPPORT_PROFILES = 4_096
#: Largest number of unknowns (sum over players of strategies minus one).
MAX_UNKNOWNS = 8
#: Starting points of the numerical search for a sample point of a continuum.
SAMPLE_STARTS = 6


def too_large(shape: Sequence[int]) -> str | None:
    """Why a game of this shape is too large to enumerate (``None`` if it is not).

    >>> too_large((3, 3, 3)) is None, too_large((5, 5, 5)) is not None
    (True, True)
    """
    supports = count_support_profiles(shape)
    unknowns = sum(m - 1 for m in shape)
    if supports > MAX_SUPPORT_PROFILES or unknowns > MAX_UNKNOWNS:
        return (
            f"{' x '.join(map(str, shape))} has {supports:,} support profiles and "
            f"{unknowns} unknowns; method 'enumerate' is limited to games with at most "
            f"{MAX_SUPPORT_PROFILES:,} support profiles and {MAX_UNKNOWNS} unknowns "
            "(strategies minus one, summed over players), for example 3 x 3 x 3 or 2 x 2 x 2 x 2"
        )
    return None


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


def _float_payoffs(game: Game, profile: Sequence[Sequence[float]]) -> list[float]:
    """Expected payoffs in floating point (for display; the exactness is in the profile),
    with rounding noise below 1e-12 of the payoff range shown as 0."""
    out = []
    for table in game.payoffs:
        value: Any = table
        for axis in reversed(range(game.n_players)):
            value = np.tensordot(value, np.asarray(profile[axis]), axes=([axis], [0]))
        span = max(float(np.ptp(table)), 1.0)
        out.append(0.0 if abs(float(value)) < 1e-12 * span else float(value))
    return out


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


@dataclass
class Found:
    points: list[Equilibrium]
    sets: list[tuple[Support, int, Equilibrium]]
    unresolved: list[str]


def _solve_system(game: Game, system: System, depth: int = 0) -> Found:
    found = Found([], [], [])
    R = system.ring
    assert R is not None
    if any(e.is_ground for e in system.equations):
        return found  # a nonzero constant: no solution
    basis = groebner(system.equations, R) if system.equations else []
    if basis == [R.one]:
        return found
    dimension, free = _dimension(basis, R.ngens)
    if dimension == 0:
        try:
            solutions = solve_zero_dimensional(basis, R, is_basis=True)
        except NotSolved:
            found.unresolved.append(f"support {system.support}: system not solved exactly")
            return found
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
        sub_basis = groebner(narrow.equations, N) if narrow.equations else []
        if sub_basis == [N.one]:
            return None
        dimension, more = _dimension(sub_basis, N.ngens)
        if dimension == 0:
            try:
                solutions = solve_zero_dimensional(sub_basis, N, is_basis=True)
            except NotSolved:
                return None
            break
        kept = [k for k in range(R.ngens) if k not in fixed]
        chosen = [names.index(str(N.gens[j])) for j in more]
        assert all(k in kept for k in chosen)
    else:  # pragma: no cover - each round fixes at least one unknown
        return None
    feasible = [s for s in solutions if _feasible(narrow, s)]
    return _record(game, narrow, feasible[0]) if feasible else None


def _pure_equilibrium(game: Game, profile: tuple[int, ...]) -> bool:
    for i, table in enumerate(game.numerators):
        index = list(profile)
        here = table[tuple(index)]
        for k in range(game.shape[i]):
            index[i] = k
            if table[tuple(index)] > here:
                return False
    return True


def enumerate_equilibria(game: Game, budget: Budget | None = None) -> SolveResult:
    """Every equilibrium of ``game``: isolated ones exactly, continua with a sample.

    Raises :class:`TooLargeError` beyond :data:`MAX_SUPPORT_PROFILES` support
    profiles or :data:`MAX_UNKNOWNS` unknowns. With a ``budget`` that runs out,
    the result holds what was found so far and ``complete`` is ``False``.
    """
    reason = too_large(game.shape)
    if reason is not None:
        raise TooLargeError(reason)
    budget = budget or Budget()
    total = count_support_profiles(game.shape)
    pure: list[Equilibrium] = []
    mixed: list[Equilibrium] = []
    sets: list[tuple[Support, int, Equilibrium]] = []
    unresolved: list[str] = []
    examined = 0
    for support in support_profiles(game):
        if budget.tick(examined, total):
            break
        examined += 1
        if all(len(s) == 1 for s in support):
            profile = tuple(s[0] for s in support)
            if _pure_equilibrium(game, profile):
                pure.append(Equilibrium.from_pure(game, profile))
            continue
        found = _solve_system(game, _system(game, support))
        mixed.extend(found.points)
        sets.extend(found.sets)
        unresolved.extend(found.unresolved)
    pure.sort(key=lambda e: e.pure_profile or ())
    equilibria = pure + mixed
    set_records = []
    for support, dimension, sample in sets:
        set_records.append(EquilibriumSet(support, dimension, sample, len(equilibria)))
        equilibria.append(sample)
    notes = [_summary(len(pure), len(mixed), len(sets), budget.complete, bool(unresolved))]
    if unresolved:
        notes.append(
            f"{len(unresolved)} support(s) not settled, so the list may miss equilibria: "
            + "; ".join(unresolved[:3])
            + (" …" if len(unresolved) > 3 else "")
        )
    if any(e.algebraic is not None for e in equilibria):
        notes.append("irrational probabilities are exact algebraic numbers ('algebraic' in JSON)")
    return SolveResult(
        game=game,
        method="enumerate",
        equilibria=tuple(equilibria),
        degenerate=None,
        notes=tuple(notes),
        complete=budget.complete and not unresolved,
        sets=tuple(set_records),
    )


def _summary(pure: int, mixed: int, sets: int, complete: bool, unsettled: bool) -> str:
    text = f"support enumeration: {pure} pure and {mixed} isolated mixed equilibria" + (
        f", {sets} continuum(s) of equilibria (one sample each)" if sets else ""
    )
    if complete and unsettled:
        return text + "; every support profile examined, not all settled (see below)"
    if complete:
        return text + "; every support profile examined (exhaustive, exact)"
    return text + "; stopped by the time limit before every support was examined (incomplete)"


__all__ = ["MAX_SUPPORT_PROFILES", "MAX_UNKNOWNS", "enumerate_equilibria", "too_large"]
