"""Continua of equilibria as maximal connected components.

The enumeration finds, per support profile, either isolated equilibria or a set of
positive dimension (with one verified sample). A set on support ``S`` is joined
with every equilibrium found on a smaller support ``T`` (each player's ``T`` within
its ``S``) at which every strategy of ``S`` is a best response: such a point
satisfies the set's indifference equations and inequalities with some
probabilities at zero, so it lies on the set's closure when the set is cut out by
linear conditions (the usual case: a player indifferent over a face). Joining is
transitive, so sets that share a boundary point end in one component. A point
joined to a set is never reported as isolated.

>>> import numpy as np
>>> from stability.model.game import Game
>>> from stability.solvers.enumpoly import enumerate_equilibria
>>> flat = enumerate_equilibria(Game.from_integers([np.zeros((2, 2, 2), dtype=int)] * 3))
>>> [(s.dimension, len(s.members)) for s in flat.sets]  # one cube, 8 pure corners on it
[(3, 8)]
"""

from __future__ import annotations

from collections.abc import Sequence

from stability.model.game import Game
from stability.solvers.regret import exact_strategy_payoffs
from stability.solvers.result import Equilibrium, EquilibriumSet
from stability.solvers.supports import Support

#: Relative tolerance of the best-response test at an irrational point (floats).
FLOAT_TIE = 1e-9


def best_responses(game: Game, equilibrium: Equilibrium) -> tuple[frozenset[int], ...]:
    """Each player's best responses at the equilibrium (exactly where it is rational)."""
    out = []
    if equilibrium.exact is not None:
        for i in range(game.n_players):
            exact = exact_strategy_payoffs(game, equilibrium.exact, i)
            top = max(exact)
            out.append(frozenset(k for k, v in enumerate(exact) if v == top))
        return tuple(out)
    import numpy as np

    from stability.solvers.nplayer import _strategy_values

    profile = [np.asarray(p, dtype=np.float64) for p in equilibrium.profile]
    scale = max(1.0, *(float(np.ptp(t)) for t in game.payoffs))
    for i in range(game.n_players):
        values = _strategy_values(game, profile, i)
        best = float(values.max())
        out.append(frozenset(int(k) for k in np.flatnonzero(values >= best - FLOAT_TIE * scale)))
    return tuple(out)


def _within(inner: Support, outer: Support) -> bool:
    return all(set(a) <= set(b) for a, b in zip(inner, outer, strict=True))


def components(
    game: Game,
    points: Sequence[Equilibrium],
    sets: Sequence[tuple[Support, int, Equilibrium]],
) -> tuple[list[Equilibrium], list[EquilibriumSet]]:
    """The equilibria list (isolated points, points on continua, then one sample per
    component) and the components, each with the indices of the points on it."""
    pieces: list[tuple[Support, Equilibrium, int]] = [(p.support, p, 0) for p in points]
    pieces += [(support, sample, dimension) for support, dimension, sample in sets]
    parent = list(range(len(pieces)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    responses = [best_responses(game, e) for _, e, _ in pieces]
    first_set = len(points)
    for q in range(first_set, len(pieces)):
        support_q = pieces[q][0]
        for p in range(len(pieces)):
            if p == q or not _within(pieces[p][0], support_q):
                continue
            if all(set(s) <= r for s, r in zip(support_q, responses[p], strict=True)):
                parent[find(p)] = find(q)
    groups: dict[int, list[int]] = {}
    for index in range(len(pieces)):
        groups.setdefault(find(index), []).append(index)
    equilibria = list(points)
    records: list[EquilibriumSet] = []
    for members in groups.values():
        continua = [m for m in members if m >= first_set]
        if not continua:
            continue
        top = max(continua, key=lambda m: (pieces[m][2], sum(len(s) for s in pieces[m][0])))
        support = tuple(
            tuple(sorted(set().union(*(set(pieces[m][0][i]) for m in members))))
            for i in range(game.n_players)
        )
        on_it = tuple(sorted(m for m in members if m < first_set))
        records.append(
            EquilibriumSet(
                support=support,
                dimension=pieces[top][2],
                sample=pieces[top][1],
                index=-1,
                members=on_it,
                supports=tuple(sorted(pieces[m][0] for m in continua)),
            )
        )
    out = []
    for record in sorted(records, key=lambda r: (-r.dimension, r.support)):
        out.append(_with_index(record, len(equilibria)))
        equilibria.append(record.sample)
    return equilibria, out


def _with_index(record: EquilibriumSet, index: int) -> EquilibriumSet:
    from dataclasses import replace

    return replace(record, index=index)
