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

The package: :mod:`~stability.solvers.enumpoly.system` builds and reduces one
support profile's polynomial system, :mod:`~stability.solvers.enumpoly.search`
solves it (finite sets exactly, continua with a verified sample), and this module
goes through the support profiles.

>>> from stability import read_game
>>> jordan = read_game("jordan-matching-pennies")  # three players, each +1/-1
>>> result = enumerate_equilibria(jordan)
>>> [[str(p) for p in mixture] for e in result.equilibria for mixture in e.exact]
[['1/2', '1/2'], ['1/2', '1/2'], ['1/2', '1/2']]
>>> result.complete, result.sets
(True, ())
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stability.errors import TooLargeError
from stability.model.game import Game
from stability.solvers.budget import Budget
from stability.solvers.enumpoly.components import components
from stability.solvers.enumpoly.route import solve_support
from stability.solvers.result import Equilibrium, SolveResult
from stability.solvers.supports import Support, count_support_profiles, support_profiles

#: Largest number of support profiles (before pruning) the method accepts.
MAX_SUPPORT_PROFILES = 4_096
#: Largest number of unknowns (sum over players of strategies minus one).
MAX_UNKNOWNS = 10


def __getattr__(name: str) -> Any:
    if name == "SAMPLE_STARTS":  # re-exported lazily: the search module imports sympy
        from stability.solvers.enumpoly.search import SAMPLE_STARTS

        return SAMPLE_STARTS
    raise AttributeError(name)


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
    routes = {"interval": 0, "algebra": 0, "certified": 0}
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
        found = solve_support(game, support, budget, routes)
        if found is None:
            break  # the time limit passed inside this support
        mixed.extend(found.points)
        sets.extend(found.sets)
        unresolved.extend(found.unresolved)
    pure.sort(key=lambda e: e.pure_profile or ())
    return _result(game, pure, mixed, sets, unresolved, budget.complete, routes)


def _result(
    game: Game,
    pure: list[Equilibrium],
    mixed: list[Equilibrium],
    sets: list[tuple[Support, int, Equilibrium]],
    unresolved: list[str],
    complete: bool,
    routes: dict[str, int],
) -> SolveResult:
    equilibria, set_records = components(game, pure + mixed, sets)
    on_continua = sum(len(r.members) for r in set_records)
    notes = [
        _summary(
            sum(e.pure for e in pure)
            - sum(1 for r in set_records for m in r.members if equilibria[m].pure),
            len(mixed) - sum(1 for r in set_records for m in r.members if not equilibria[m].pure),
            len(set_records),
            complete,
            bool(unresolved),
        )
    ]
    if on_continua:
        notes.append(
            f"{on_continua} of the listed equilibria lie on a continuum (not isolated); "
            "each continuum is a maximal connected set, given with its dimension and one "
            "representative point"
        )
    if unresolved:
        notes.append(
            f"{len(unresolved)} support(s) not settled, so the list may miss equilibria: "
            + "; ".join(unresolved[:3])
            + (" …" if len(unresolved) > 3 else "")
        )
    if any(e.algebraic is not None for e in equilibria):
        notes.append("irrational probabilities are exact algebraic numbers ('algebraic' in JSON)")
    certified = routes["certified"]
    if certified:
        notes.append(
            f"{certified} irrational equilibri{'um' if certified == 1 else 'a'} "
            "proved by interval arithmetic (the only solution of its support's equations in "
            "its box, every condition strict), without a minimal polynomial: the algebra ran "
            "out of time"
        )
    return SolveResult(
        game=game,
        method="enumerate",
        equilibria=tuple(equilibria),
        degenerate=None,
        notes=tuple(notes),
        complete=complete and not unresolved,
        sets=tuple(set_records),
    )


def _summary(pure: int, mixed: int, sets: int, complete: bool, unsettled: bool) -> str:
    text = f"support enumeration: {pure} pure and {mixed} isolated mixed equilibria" + (
        f", {sets} continuum(s) of equilibria (maximal connected sets)" if sets else ""
    )
    if complete and unsettled:
        return text + "; every support profile examined, not all settled (see below)"
    if complete:
        return text + "; every support profile examined (exhaustive, exact)"
    return text + "; stopped by the time limit before every support was examined (incomplete)"


__all__ = ["MAX_SUPPORT_PROFILES", "MAX_UNKNOWNS", "enumerate_equilibria", "too_large"]
