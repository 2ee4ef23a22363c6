"""Equilibrium solvers: one module per algorithm, dispatched by method name.

>>> from stability.model.game import Game
>>> pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
>>> [e.exact for e in solve(pennies, "all").equilibria]
[((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))]
>>> solve(pennies, "enumerate").complete
True
"""

from __future__ import annotations

import inspect
import signal
import threading
from collections.abc import Callable
from typing import Any

from stability.errors import InputError
from stability.model.game import Game
from stability.solvers.budget import Budget, Progress
from stability.solvers.result import Equilibrium, SolveResult

METHODS = ("auto", "pure", "all", "enumerate", "support", "vertex", "lemke-howson")
TWO_PLAYER_METHODS = ("all", "support", "vertex", "lemke-howson")

__all__ = ["METHODS", "TWO_PLAYER_METHODS", "Budget", "Progress", "auto_method", "solve"]


class _Stop(Exception):
    """Raised from a progress callback to stop a solver that takes no budget."""


def auto_method(game: Game) -> str:
    """What ``auto`` means for ``game``: ``all`` for two players, ``enumerate`` for
    small N-player games, ``pure+mixed`` (every pure equilibrium and some mixed
    ones) for larger ones.

    >>> import numpy as np
    >>> auto_method(Game.from_integers([np.zeros((2, 2, 2), dtype=int)] * 3))
    'enumerate'
    """
    if game.n_players == 2:
        return "all"
    from stability.solvers.enumpoly import too_large  # brings sympy: not for two players

    if game.n_players >= 3 and too_large(game.shape) is None:
        return "enumerate"
    return "pure+mixed"


def solve(
    game: Game,
    method: str = "auto",
    progress: Progress | None = None,
    *,
    time_limit: float | None = None,
    budget: Budget | None = None,
) -> SolveResult:
    """Solve ``game`` with ``method`` (one of :data:`METHODS`).

    ``progress(done, total)`` is called during long enumerations (for a progress
    bar). With ``time_limit`` (seconds) or a ``budget``, a solver stops when the
    time is up and returns what it found, with ``complete=False``.
    """
    if method not in METHODS:
        raise InputError(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")
    if method in TWO_PLAYER_METHODS and game.n_players != 2:
        raise InputError(
            f"method {method!r} needs a two-player game; this game has "
            f"{game.n_players} players (use 'enumerate', 'pure' or 'auto')"
        )
    if budget is None:
        budget = Budget(seconds=time_limit, progress=progress)
    if method == "auto":
        method = auto_method(game)
        if method == "enumerate":
            return _auto_enumerate(game, budget)
    if method == "pure":
        return _pure(game, budget)
    if method == "enumerate":
        from stability.solvers.enumpoly import enumerate_equilibria

        return enumerate_equilibria(game, budget)
    if method == "all":
        from stability.solvers.enummixed import enumerate_extreme_equilibria

        return _with_budget(enumerate_extreme_equilibria, game, budget)
    if method == "lemke-howson":
        from stability.solvers.lemke_howson import lemke_howson

        return lemke_howson(game, budget=budget)
    if method == "vertex" and budget.deadline is not None and _too_large_for_all(game):
        return _vertex_by_exact_search(game, budget)
    if method in ("support", "vertex"):
        from stability.solvers.nashpy_methods import solve_with_nashpy

        return _with_budget(solve_with_nashpy, game, budget, method)
    # larger N-player games: every pure equilibrium plus some mixed ones (Gambit)
    from stability.solvers.nplayer import solve_pure_and_mixed

    return solve_pure_and_mixed(game, budget=budget)


def _too_large_for_all(game: Game) -> bool:
    """True if method 'all' would refuse ``game`` without a time limit."""
    from stability.errors import TooLargeError
    from stability.solvers.enummixed import refuse_if_too_large

    try:
        refuse_if_too_large(*game.shape)
    except TooLargeError:
        return True
    return False


def _vertex_by_exact_search(game: Game, budget: Budget) -> SolveResult:
    """Method 'vertex' on a game too large for nashpy (which lists every vertex in
    memory and cannot stop part way): the exact vertex search of method 'all', which
    stops at the time limit and reports what it found."""
    import dataclasses

    from stability.solvers.enummixed import enumerate_extreme_equilibria

    result = enumerate_extreme_equilibria(game, budget=budget)
    note = (
        "the vertices were enumerated by the exact search of method 'all' (nashpy's "
        "vertex enumeration holds every vertex in memory and cannot stop at a time limit)"
    )
    return dataclasses.replace(result, method="vertex", notes=(note, *result.notes))


#: Seconds ``auto`` gives the full enumeration of an N-player game before it falls
#: back to every pure equilibrium plus some verified mixed ones.
AUTO_ENUMERATE_SECONDS = 5.0


def _auto_enumerate(game: Game, budget: Budget) -> SolveResult:
    """``auto`` on a small N-player game: every equilibrium when the enumeration ends
    within :data:`AUTO_ENUMERATE_SECONDS` (or the time limit); otherwise every pure
    equilibrium, the mixed ones the enumeration verified so far, and some more
    from Gambit's solvers (as for larger games), marked incomplete."""
    from stability.solvers.enumpoly import enumerate_equilibria

    remaining = budget.remaining()
    seconds = (
        AUTO_ENUMERATE_SECONDS if remaining is None else min(AUTO_ENUMERATE_SECONDS, remaining)
    )
    trial = Budget(seconds=seconds, progress=budget.progress)
    result = enumerate_equilibria(game, trial)
    if trial.complete:
        return result
    if budget.expired():
        return result
    from dataclasses import replace

    from stability.solvers.nplayer import solve_pure_and_mixed

    fallback = solve_pure_and_mixed(game, budget=budget)
    mixed = [e for e in result.equilibria if not e.pure]
    for extra in fallback.equilibria:
        if extra.pure or any(_close(extra, e) for e in mixed):
            continue
        mixed.append(extra)
    pure = [e for e in fallback.equilibria if e.pure]
    notes = (
        f"the full enumeration did not finish in {seconds:g} s, so this is every pure "
        f"equilibrium plus verified mixed ones: {sum(not e.pure for e in result.equilibria)} "
        "from the partial enumeration (exact) and the rest from the search below; "
        "use --method enumerate (with --time-limit) for every equilibrium",
        *fallback.notes,
    )
    return replace(fallback, equilibria=tuple(pure + mixed), notes=notes, complete=False, sets=())


def _close(left: Equilibrium, right: Equilibrium) -> bool:
    return all(
        abs(a - b) < 1e-6
        for x, y in zip(left.profile, right.profile, strict=True)
        for a, b in zip(x, y, strict=True)
    )


def _pure(game: Game, budget: Budget) -> SolveResult:
    from stability.solvers.pure import pure_equilibria_gen

    def tick(done: int, total: int) -> None:
        if budget.tick(done, total):
            raise _Stop

    found: list[tuple[int, ...]] = []
    try:
        for profile in pure_equilibria_gen(game, progress=tick):
            found.append(profile)
    except _Stop:
        pass
    notes: tuple[str, ...] = ()
    if not budget.complete:
        notes = ("stopped by the time limit: the pure equilibria listed are those found so far",)
    return SolveResult(
        game=game,
        method="pure",
        equilibria=tuple(Equilibrium.from_pure(game, p) for p in found),
        notes=notes,
        complete=budget.complete,
    )


def _with_budget(
    solver: Callable[..., SolveResult], game: Game, budget: Budget, *args: Any
) -> SolveResult:
    """Run a solver with the budget: passed on where the solver takes one; otherwise
    its progress callback stops it when the time is up (nothing partial to report)."""
    parameters = inspect.signature(solver).parameters
    if "budget" in parameters:
        result: SolveResult = solver(game, *args, budget=budget)
        return result
    if budget.deadline is None and budget.progress is None:
        return solver(game, *args)
    keywords: dict[str, Any] = {}
    alarm = budget.deadline is not None and _can_alarm()
    if "progress" in parameters:

        def tick(done: int, total: int = 0) -> None:
            if budget.tick(done, total):
                raise _Stop

        keywords["progress"] = tick
    previous: Any = None
    if alarm:
        previous = signal.signal(signal.SIGALRM, _raise_stop)
        signal.setitimer(signal.ITIMER_REAL, max(budget.remaining() or 0.0, 1e-3))
    try:
        return solver(game, *args, **keywords)
    except _Stop:
        budget.stopped = True
        return SolveResult(
            game=game,
            method=str(args[0]) if args else "all",
            equilibria=(),
            notes=("stopped by the time limit before this solver could report any equilibrium",),
            complete=False,
        )
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _can_alarm() -> bool:
    """A timer signal can interrupt the solver (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _raise_stop(signum: int, frame: Any) -> None:
    raise _Stop
