"""What an explanation holds: best responses, dominance steps, indifference equations,
profile checks and symbolic conditions (frozen dataclasses, no logic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from stability.model.game import Game
from stability.solvers.result import Component, Equilibrium

#: Largest game (in pure profiles) explained step by step: beyond it the
#: explanation would be longer than anyone reads.
MAX_EXPLAINED_PROFILES = 1000


# -- data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BestResponses:
    """Player ``player``'s payoffs against one pure profile of the others, and its best replies.

    ``against`` gives the other players' strategy indices, in player order
    (player ``player`` left out); ``payoffs[k]`` is its payoff from strategy ``k``.
    """

    player: int
    against: tuple[int, ...]
    payoffs: tuple[Fraction, ...]
    best: tuple[int, ...]


@dataclass(frozen=True)
class DominanceStep:
    """One elimination of iterated strict dominance: ``dominated`` is removed because
    ``dominator`` (a pure strategy, or a mixture of ``player``'s strategies) gives
    ``player`` strictly more against every remaining profile of the others.

    ``dominator`` pairs strategy indices with exact probabilities (one pair with
    probability 1 for a pure strategy); ``margin`` is its smallest gain over
    ``dominated`` there; ``remaining`` lists each player's strategies still in play
    after the step; ``round`` is the round of elimination (every strategy dominated
    at the start of a round is removed in it).
    """

    player: int
    dominated: int
    dominator: tuple[tuple[int, Fraction], ...]
    margin: Fraction
    remaining: tuple[tuple[int, ...], ...]
    round: int = 1

    @property
    def by_mixture(self) -> bool:
        return len(self.dominator) > 1

    @property
    def dominating(self) -> int:
        """The dominating pure strategy (for a step that is not by a mixture)."""
        if self.by_mixture:
            raise ValueError("this strategy is dominated by a mixture, not a pure strategy")
        return self.dominator[0][0]


@dataclass(frozen=True)
class Term:
    """``probability · payoff``: one term of an expected payoff."""

    probability: Any  # a sympy expression in the opponent's probability symbols
    payoff: Fraction


@dataclass(frozen=True)
class IndifferenceStep:
    """How one player's mixture is pinned down by the other player's indifference.

    ``indifferent`` (a player) must be indifferent between its best responses
    ``strategies``; ``expected[k]`` is the expected payoff of ``strategies[k]`` as
    ``terms`` over the opponent's ``mixing`` player's probabilities (the symbols
    ``symbols``, on the opponent's ``support``). ``equations`` (sympy ``Eq``) set
    them equal; ``solution`` maps each symbol to its exact value; ``free`` names
    the symbols the equations leave undetermined (a degenerate game), whose values
    are then the solver's. ``others`` gives each remaining strategy of the
    indifferent player with its expected payoff at the solution, which is lower.
    """

    indifferent: int
    mixing: int
    support: tuple[int, ...]
    symbols: tuple[str, ...]
    probabilities: tuple[Any, ...]  # sympy expression of each support strategy's probability
    strategies: tuple[int, ...]
    expected: tuple[tuple[Term, ...], ...]
    equations: tuple[Any, ...]
    solution: dict[str, Fraction]
    free: tuple[str, ...]
    value: Fraction
    others: tuple[tuple[int, Fraction], ...]


@dataclass(frozen=True)
class MixedExplanation:
    """One mixed equilibrium (two players) derived from indifference conditions.

    In a degenerate game the equilibrium may be an extreme point of a continuum:
    ``component`` is then the number (from 1) of the maximal convex set it belongs
    to in :attr:`Explanation.components`, and ``ranges`` gives, for each probability
    that varies over that set, ``(player, strategy, low, high)``: every value in
    ``[low, high]`` (with the other player's mixture held) is also an equilibrium.
    """

    equilibrium: Equilibrium
    steps: tuple[IndifferenceStep, ...]
    mixtures: tuple[tuple[Fraction, ...], ...]
    component: int | None = None
    ranges: tuple[tuple[int, int, Fraction, Fraction], ...] = ()


@dataclass(frozen=True)
class Deviation:
    """What player ``player`` would get by switching to ``strategy`` from a profile."""

    player: int
    strategy: int
    payoff: Fraction


@dataclass(frozen=True)
class ProfileCheck:
    """Why one pure profile is or is not an equilibrium.

    ``payoffs[i]`` is player ``i``'s payoff at the profile; ``best[i]`` its best
    deviation (``None`` when it has no other strategy). The profile is an
    equilibrium when no deviation pays more.
    """

    profile: tuple[int, ...]
    payoffs: tuple[Fraction, ...]
    best: tuple[Deviation | None, ...]

    @property
    def is_equilibrium(self) -> bool:
        return all(d is None or d.payoff <= self.payoffs[d.player] for d in self.best)

    @property
    def profitable(self) -> tuple[Deviation, ...]:
        """The players' deviations that pay strictly more than the profile."""
        return tuple(d for d in self.best if d is not None and d.payoff > self.payoffs[d.player])


@dataclass(frozen=True)
class Condition:
    """When ``player`` does not gain by switching from ``strategy`` to ``alternative``.

    ``difference`` is the symbolic payoff at the profile minus the payoff after
    the switch (a sympy expression in the scenario's parameters): the profile
    survives this deviation when it is ``>= 0``. ``holds`` is its truth at the
    parameters' current values.
    """

    player: int
    strategy: int
    alternative: int
    difference: Any
    holds: bool


@dataclass(frozen=True)
class SymbolicProfile:
    """The conditions, in the parameters, under which one pure profile is an equilibrium."""

    profile: tuple[int, ...]
    payoffs: tuple[Any, ...]
    conditions: tuple[Condition, ...]

    @property
    def is_equilibrium(self) -> bool:
        return all(c.holds for c in self.conditions)


@dataclass(frozen=True)
class Explanation:
    """Everything :func:`explain_game` worked out, in the order a student would."""

    game: Game
    best_responses: tuple[BestResponses, ...]
    dominance: tuple[DominanceStep, ...]
    surviving: tuple[tuple[int, ...], ...]
    pure_equilibria: tuple[tuple[int, ...], ...]
    mixed: tuple[MixedExplanation, ...] = ()
    degenerate: bool | None = None
    profile: ProfileCheck | None = None
    components: tuple[Component, ...] = ()
    symbolic: tuple[SymbolicProfile, ...] = ()
    parameters: dict[str, Fraction] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
