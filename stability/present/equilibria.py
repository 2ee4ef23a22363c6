"""Presentation of equilibria: rich tables and lines for people (the JSON document is
built in :mod:`stability.analysis.solve_document`)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from rich.table import Table
from rich.text import Text

from stability.analysis.solve_document import equilibrium_document, solve_document
from stability.model.exact import format_fraction
from stability.model.game import Game, game_header
from stability.solvers.result import Component, SolveResult

__all__ = ["equilibrium_json", "game_header", "solve_json"]

#: The solve documents, built in the analysis layer (names kept for their callers).
equilibrium_json = equilibrium_document
solve_json = solve_document


def describe_mixture(names: Sequence[str], mixture: Sequence[Fraction | float]) -> str:
    """``"Cooperate"`` for a pure strategy, ``"1/3 Rock + 2/3 Paper"`` for a mixed one.

    >>> describe_mixture(["C", "D"], [Fraction(1, 3), Fraction(2, 3)])
    '1/3 C + 2/3 D'
    >>> describe_mixture(["C", "D"], [Fraction(0), Fraction(1)])
    'D'
    >>> describe_mixture(["1", "2"], [Fraction(1, 6), Fraction(5, 6)])
    '1/6·[1] + 5/6·[2]'
    """
    parts = []
    for name, p in zip(names, mixture, strict=True):
        if p == 0 or (isinstance(p, float) and abs(p) < 1e-12):
            continue
        if p == 1:
            return name
        weight = format_fraction(p) if isinstance(p, Fraction) else f"{p:.6g}"
        parts.append(f"{weight}·[{name}]" if _reads_as_number(name) else f"{weight} {name}")
    return " + ".join(parts)


def _reads_as_number(name: str) -> bool:
    """True for a strategy name that would read as part of the arithmetic (``"2"``, ``"+x"``)."""
    return not name or name[0] in "0123456789.+-·/*(" or any(c in name for c in "+·/*")


def _value(exact: Fraction | None, approximate: float) -> str:
    if exact is None:
        return f"{approximate:.6g}"
    text = format_fraction(exact)
    if exact.denominator != 1:
        text += f" ≈ {float(exact):.4g}"
    return text


def equilibria_table(result: SolveResult) -> Table:
    """A rich table of the equilibria in the game's own strategy names (labels are
    text, never markup)."""
    game = result.game
    title = Text(f"{game.title or 'Game'}: equilibria ({result.method})")
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    for player in game.players:
        table.add_column(Text(player))
    for player in game.players:
        table.add_column(Text(f"payoff {player}"), justify="right")
    table.add_column("kind")
    for number, equilibrium in enumerate(result.equilibria, start=1):
        source: Sequence[Sequence[Fraction | float]] = (
            equilibrium.exact if equilibrium.exact is not None else equilibrium.profile
        )
        if equilibrium.algebraic is not None:
            source = [
                [n.rational if n.rational is not None else n.value for n in mixture]
                for mixture in equilibrium.algebraic
            ]
        strategies = [
            Text(describe_mixture(names, mixture))
            for names, mixture in zip(game.strategies, source, strict=True)
        ]
        payoffs = [
            _value(
                equilibrium.exact_payoffs[i] if equilibrium.exact_payoffs else None,
                equilibrium.payoffs[i],
            )
            for i in range(game.n_players)
        ]
        kind = "pure" if equilibrium.pure else "mixed"
        if equilibrium.algebraic is not None:
            kind += " (irrational, exact)"
        elif equilibrium.exact is None:
            kind += f" (approximate, regret {equilibrium.regret:.1e})"
        table.add_row(str(number), *strategies, *payoffs, kind)
    return table


def algebraic_lines(result: SolveResult) -> list[str]:
    """The exact form of each irrational probability: its minimal polynomial."""
    lines = []
    game = result.game
    for number, equilibrium in enumerate(result.equilibria, start=1):
        if equilibrium.algebraic is None:
            continue
        for player, mixture in enumerate(equilibrium.algebraic):
            for k, value in enumerate(mixture):
                if value.rational is None:
                    what = (
                        f"the root of {value.polynomial}"
                        if value.polynomial is not None
                        else "the only solution of its support's equations"
                    )
                    lines.append(
                        f"#{number} {game.players[player]} {game.strategies[player][k]}: "
                        f"{value.value:.10g}, {what} "
                        f"in [{float(value.low):.12f}, {float(value.high):.12f}]"
                    )
    return lines


def sets_lines(result: SolveResult) -> list[str]:
    """One line per continuum of equilibria of an N-player game."""
    game = result.game
    lines = []
    for equilibrium_set in result.sets:
        support = "; ".join(
            f"{game.players[i]}: {', '.join(game.strategies[i][k] for k in chosen)}"
            for i, chosen in enumerate(equilibrium_set.support)
        )
        members = ", ".join(f"#{m + 1}" for m in equilibrium_set.members)
        lines.append(
            f"a {equilibrium_set.dimension}-dimensional connected set of equilibria with "
            f"support {{{support}}}; #{equilibrium_set.index + 1} is one of its points"
            + (f"; {members} lie on it too (not isolated)" if members else "")
        )
    return lines


def components_lines(game: Game, components: Sequence[Component]) -> list[str]:
    """One line per maximal convex set of equilibria that has more than one point."""
    lines = []
    for number, component in enumerate(components, start=1):
        if len(component.row_strategies) * len(component.column_strategies) <= 1:
            continue
        rows = " | ".join(describe_mixture(game.strategies[0], s) for s in component.row_strategies)
        columns = " | ".join(
            describe_mixture(game.strategies[1], s) for s in component.column_strategies
        )
        lines.append(
            f"set {number}: any mixture of {{{rows}}} for {game.players[0]} with any "
            f"mixture of {{{columns}}} for {game.players[1]}"
        )
    return lines
