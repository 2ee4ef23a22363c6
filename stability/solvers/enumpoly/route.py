"""One support profile, by the cheapest exact route that settles it.

1. Interval subdivision (:mod:`~stability.solvers.enumpoly.interval`) proves that
   the support carries no equilibrium, or isolates each one in a box that holds
   exactly one solution with every sign condition strict. Most supports end here.
2. A root in such a box that is rational is found by rounding and verified exactly
   (zero regret in rational arithmetic).
3. Irrational roots, and supports the subdivision cannot settle (continua,
   singular or tied solutions), go to the exact algebra (Gröbner bases:
   :mod:`~stability.solvers.enumpoly.search`). The algebra runs in a child process
   (where ``fork`` exists) so that the time limit stops it, and it has at most
   :data:`ALGEBRA_SECONDS` per support. An irrational root whose algebra does not
   finish is still reported: the box proves it exists, is unique and is an
   equilibrium, but it carries no minimal polynomial.
"""

from __future__ import annotations

import multiprocessing
import queue
from typing import Any

import numpy as np

from stability.model.game import Game
from stability.solvers.budget import Budget
from stability.solvers.enumpoly.found import Found, _float_payoffs
from stability.solvers.enumpoly.interval import Box, exact_point, layout, search, tighten
from stability.solvers.result import AlgebraicNumber, Equilibrium
from stability.solvers.supports import Support

#: Seconds the exact algebra may spend on one support (without a tighter time limit).
ALGEBRA_SECONDS = 5.0
#: Supports with at most this many unknowns are solved in-process (fast, no fork).
INLINE_UNKNOWNS = 3


def solve_support(
    game: Game, support: Support, budget: Budget, routes: dict[str, int]
) -> Found | None:
    """Every equilibrium on ``support`` (``None``: the time limit passed meanwhile)."""
    outcome = search(game, support, stop=budget.expired)
    if budget.stopped:
        return None
    unknowns = sum(len(s) - 1 for s in support)
    if outcome.settled:
        routes["interval"] += 1
        points = []
        pending: list[Box] = []
        for box in outcome.roots:
            exact = exact_point(game, support, box)
            if exact is not None:
                points.append(Equilibrium.from_exact(game, exact))
            else:
                pending.append(box)
        if not pending:
            return Found(points, [], [])
        found = _algebra(game, support, budget, unknowns)
        if budget.stopped:
            return None
        if found is not None and not found.unresolved and not found.sets:
            routes["algebra"] += 1
            return found
        routes["certified"] += len(pending)
        return Found(points + [certified(game, support, box) for box in pending], [], [])
    found = _algebra(game, support, budget, unknowns)
    if budget.stopped:
        return None
    routes["algebra"] += 1
    if found is None:
        return Found(
            [],
            [],
            [
                f"support {support}: {outcome.reason}, and the exact algebra did not finish "
                f"in {ALGEBRA_SECONDS:g} s"
            ],
        )
    return found


def _algebra(game: Game, support: Support, budget: Budget, unknowns: int) -> Found | None:
    """The support solved by the exact algebra, within the time left (``None``: not
    finished in time)."""
    remaining = budget.remaining()
    seconds = ALGEBRA_SECONDS if remaining is None else min(ALGEBRA_SECONDS, remaining)
    if unknowns <= INLINE_UNKNOWNS or "fork" not in multiprocessing.get_all_start_methods():
        return _exact(game, support)
    context = multiprocessing.get_context("fork")
    out: Any = context.Queue()
    worker = context.Process(target=_child, args=(game, support, out), daemon=True)
    worker.start()
    try:
        return out.get(timeout=max(seconds, 0.01))  # type: ignore[no-any-return]
    except queue.Empty:
        if remaining is not None and seconds >= remaining:
            budget.stopped = True
        return None
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(timeout=5)
        out.close()


def _child(game: Game, support: Support, out: Any) -> None:  # pragma: no cover - child
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    out.put(_exact(game, support))


def _exact(game: Game, support: Support) -> Found:
    """The support's equations solved by the exact algebra (imports sympy)."""
    from stability.solvers.enumpoly.search import _solve_system
    from stability.solvers.enumpoly.system import _system

    return _solve_system(game, _system(game, support))


def certified(game: Game, support: Support, box: Box) -> Equilibrium:
    """An equilibrium known by its certified box: each probability with an enclosing
    interval and no minimal polynomial."""
    from fractions import Fraction

    lay = layout(game, support)
    box = tighten(lay, box)
    x = box.mid
    numbers: list[list[AlgebraicNumber]] = []
    floats: list[list[float]] = []
    for i, s in enumerate(support):
        row = [AlgebraicNumber(0.0, "x", Fraction(0), Fraction(0)) for _ in range(game.shape[i])]
        values = [0.0] * game.shape[i]
        o = lay.offsets[i]
        low = [Fraction(float(v)) for v in box.low[o : o + len(s) - 1]]
        high = [Fraction(float(v)) for v in box.high[o : o + len(s) - 1]]
        first_low, first_high = 1 - sum(high, Fraction(0)), 1 - sum(low, Fraction(0))
        first_value = 1.0 - float(np.sum(x[o : o + len(s) - 1]))
        row[s[0]] = AlgebraicNumber(first_value, None, first_low, first_high)
        values[s[0]] = first_value
        for position, k in enumerate(s[1:]):
            value = float(x[o + position])
            row[k] = AlgebraicNumber(value, None, low[position], high[position])
            values[k] = value
        numbers.append(row)
        floats.append(values)
    profile = tuple(tuple(v) for v in floats)
    return Equilibrium(
        profile=profile,
        payoffs=tuple(_float_payoffs(game, profile)),
        pure=False,
        exact=None,
        regret=0.0,
        algebraic=tuple(tuple(row) for row in numbers),
    )
