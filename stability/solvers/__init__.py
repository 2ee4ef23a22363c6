"""Equilibrium solvers: one module per algorithm, dispatched by method name.

>>> from stability.model.game import Game
>>> pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
>>> [e.exact for e in solve(pennies, "all").equilibria]
[((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))]
"""

from __future__ import annotations

from collections.abc import Callable

from stability.errors import InputError
from stability.model.game import Game
from stability.solvers.result import Equilibrium, SolveResult

METHODS = ("auto", "pure", "all", "support", "vertex", "lemke-howson")
TWO_PLAYER_METHODS = ("all", "support", "vertex", "lemke-howson")


Progress = Callable[[int, int], None]


def solve(game: Game, method: str = "auto", progress: Progress | None = None) -> SolveResult:
    """Solve ``game`` with ``method`` (one of :data:`METHODS`).

    ``progress(done, total)`` is called during long enumerations (for a progress bar).
    """
    if method not in METHODS:
        raise InputError(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")
    if method in TWO_PLAYER_METHODS and game.n_players != 2:
        raise InputError(
            f"method {method!r} needs a two-player game; this game has "
            f"{game.n_players} players (use 'pure' or 'auto')"
        )
    if method == "auto":
        method = "all" if game.n_players == 2 else "pure+mixed"
    if method == "pure":
        from stability.solvers.pure import pure_equilibria

        profiles = pure_equilibria(game, progress=progress)
        return SolveResult(
            game=game,
            method="pure",
            equilibria=tuple(Equilibrium.from_pure(game, p) for p in profiles),
        )
    if method == "all":
        from stability.solvers.enummixed import enumerate_extreme_equilibria

        return enumerate_extreme_equilibria(game)
    if method in ("support", "vertex", "lemke-howson"):
        from stability.solvers.nashpy_methods import solve_with_nashpy

        return solve_with_nashpy(game, method)
    # N players: every pure equilibrium plus at least one mixed one
    from stability.solvers.nplayer import solve_pure_and_mixed

    return solve_pure_and_mixed(game)
