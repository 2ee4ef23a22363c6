"""Result types shared by the solvers.

An :class:`Equilibrium` is a mixed profile (one probability vector per player)
with the players' expected payoffs; exact values are kept where known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from stability.model.game import Game


@dataclass(frozen=True)
class AlgebraicNumber:
    """A real algebraic number: the root of ``polynomial`` (in ``x``, irreducible over
    the rationals) in the isolating interval ``[low, high]``; ``value`` is a float.

    Rational numbers have a polynomial of degree one (``"x - 1/2"`` style) and
    ``low == high``. ``polynomial`` is ``None`` for a coordinate of an equilibrium
    proved by interval arithmetic alone (the unique solution of its support's
    equations in a box; see :mod:`stability.solvers.enumpoly.route`): the number is
    then known by its interval and the equations, not by a polynomial of its own.
    """

    value: float
    polynomial: str | None
    low: Fraction
    high: Fraction

    @property
    def rational(self) -> Fraction | None:
        """The number itself when it is rational."""
        return self.low if self.low == self.high else None


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium, as ``solve`` reports it.

    ``profile[i][k]`` is the probability that player ``i`` plays strategy ``k``;
    ``exact`` holds the same as Fractions, or is ``None`` where no exact value is
    known (then ``regret`` says how far from exact the profile is).
    """

    profile: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    pure: bool
    exact: tuple[tuple[Fraction, ...], ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None
    regret: float = 0.0
    #: For an equilibrium with irrational probabilities: each probability as an
    #: exact algebraic number (``exact`` is then ``None`` and ``regret`` is 0,
    #: verified exactly in the number field).
    algebraic: tuple[tuple[AlgebraicNumber, ...], ...] | None = None

    @classmethod
    def from_exact(cls, game: Game, profile: Sequence[Sequence[Fraction]]) -> Equilibrium:
        """An equilibrium from exact probabilities, with exact payoffs computed."""
        from stability.solvers.regret import exact_expected_payoffs

        exact = tuple(tuple(Fraction(p) for p in strategy) for strategy in profile)
        values = exact_expected_payoffs(game, exact)
        return cls(
            profile=tuple(tuple(float(p) for p in strategy) for strategy in exact),
            payoffs=tuple(float(v) for v in values),
            pure=all(sum(1 for p in strategy if p) == 1 for strategy in exact),
            exact=exact,
            exact_payoffs=tuple(values),
        )

    @classmethod
    def from_pure(cls, game: Game, profile: Sequence[int]) -> Equilibrium:
        """The pure profile ``profile`` (strategy indices) as an equilibrium record."""
        exact = [
            [Fraction(1) if k == s else Fraction(0) for k in range(size)]
            for s, size in zip(profile, game.shape, strict=True)
        ]
        # read the payoffs at the profile directly: contracting whole tables with
        # 0/1 mixtures in exact arithmetic is slow on large games
        values = tuple(game.payoff(i, profile) for i in range(game.n_players))
        return cls(
            profile=tuple(tuple(float(p) for p in strategy) for strategy in exact),
            payoffs=tuple(float(v) for v in values),
            pure=True,
            exact=tuple(tuple(strategy) for strategy in exact),
            exact_payoffs=values,
        )

    @property
    def pure_profile(self) -> tuple[int, ...] | None:
        """The strategy indices of a pure equilibrium, ``None`` for a mixed one."""
        if not self.pure:
            return None
        return tuple(max(range(len(p)), key=p.__getitem__) for p in self.profile)

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """The strategies each player plays with positive probability."""
        if self.exact is not None:
            return tuple(tuple(k for k, p in enumerate(s) if p > 0) for s in self.exact)
        return tuple(tuple(k for k, p in enumerate(s) if p > 1e-12) for s in self.profile)


@dataclass(frozen=True)
class Component:
    """A maximal convex set of equilibria of a two-player game (a maximal Nash subset).

    Every combination of a mixture of the first player's ``row_vertices`` with a
    mixture of the second player's ``column_vertices`` is an equilibrium; the
    vertices are indices into :attr:`SolveResult.equilibria`-style lists of
    extreme strategies kept in ``row_strategies`` and ``column_strategies``.
    """

    row_strategies: tuple[tuple[Fraction, ...], ...]
    column_strategies: tuple[tuple[Fraction, ...], ...]


@dataclass(frozen=True)
class SolveResult:
    """What a solver found: the equilibria and what is known of the game's degeneracy."""

    game: Game
    method: str
    equilibria: tuple[Equilibrium, ...]
    degenerate: bool | None = None
    components: tuple[Component, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    #: False when the solve was stopped early (a time limit): the list may be partial.
    complete: bool = True
    #: N players: supports on which the equilibria form a continuum (one sample each).
    sets: tuple[EquilibriumSet, ...] = field(default=())


@dataclass(frozen=True)
class EquilibriumSet:
    """A continuum of equilibria: a maximal connected set of positive dimension.

    ``support[i]`` lists the strategies player ``i`` plays with positive
    probability somewhere on it; ``dimension`` is its largest dimension (of the
    indifference equations' solution set on one of its supports); ``sample`` is a
    verified equilibrium on it (a representative point), also listed in
    :attr:`SolveResult.equilibria` at index ``index``. ``members`` are the indices of
    the other listed equilibria that lie on it (never isolated ones), and
    ``supports`` the support profiles on which it has positive dimension.
    """

    support: tuple[tuple[int, ...], ...]
    dimension: int
    sample: Equilibrium
    index: int
    members: tuple[int, ...] = ()
    supports: tuple[tuple[tuple[int, ...], ...], ...] = ()
