"""Step-by-step, exact explanations of a game's equilibria, as data a presenter renders.

An :class:`Explanation` holds what a student would write down: each player's
best responses to each of the opponents' pure profiles, the iterated
elimination of strictly dominated strategies (with the strategy that dominates),
the pure equilibria read off the mutual best responses, and for each mixed
equilibrium of a two-player game the indifference equations, written out and
solved with sympy, so that every probability is an exact fraction.

>>> from stability.model.game import Game
>>> game = Game.from_payoffs(
...     [[[3, 0], [0, 1]], [[0, 1], [1, 0]]],
...     players=["Row", "Column"], strategies=[["Top", "Bottom"], ["Left", "Right"]],
... )
>>> explanation = explain_game(game)
>>> explanation.pure_equilibria
()
>>> [s.solution for s in explanation.mixed[0].steps]
[{'q': Fraction(1, 4)}, {'p': Fraction(1, 2)}]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import sympy as sp

from stability.errors import InputError, TooLargeError
from stability.model.game import Game
from stability.model.symbolic import as_sympy
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


# -- best responses -----------------------------------------------------------------


def _others(game: Game, player: int) -> list[int]:
    return [k for k in range(game.n_players) if k != player]


def _full_profile(player: int, own: int, against: Sequence[int]) -> tuple[int, ...]:
    profile = list(against)
    profile.insert(player, own)
    return tuple(profile)


def best_responses(game: Game) -> tuple[BestResponses, ...]:
    """Each player's best replies to every pure profile of the others (exact).

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> [(r.player, r.against, r.best) for r in best_responses(pd)]
    [(0, (0,), (1,)), (0, (1,), (1,)), (1, (0,), (1,)), (1, (1,), (1,))]
    """
    out = []
    for player in range(game.n_players):
        others = _others(game, player)
        for against in itertools.product(*(range(game.shape[k]) for k in others)):
            payoffs = tuple(
                game.payoff(player, _full_profile(player, s, against))
                for s in range(game.shape[player])
            )
            top = max(payoffs)
            out.append(
                BestResponses(
                    player=player,
                    against=tuple(against),
                    payoffs=payoffs,
                    best=tuple(s for s, v in enumerate(payoffs) if v == top),
                )
            )
    return tuple(out)


def mutual_best_responses(
    game: Game, responses: Sequence[BestResponses]
) -> tuple[tuple[int, ...], ...]:
    """The pure profiles in which every player's strategy is a best reply: the pure equilibria."""
    best = {(r.player, r.against): set(r.best) for r in responses}
    found = []
    for profile in game.profiles():
        if all(
            profile[i] in best[(i, tuple(profile[k] for k in _others(game, i)))]
            for i in range(game.n_players)
        ):
            found.append(tuple(int(s) for s in profile))
    return tuple(found)


# -- dominance ------------------------------------------------------------------------


def iterated_strict_dominance(
    game: Game, *, mixed: bool = True
) -> tuple[tuple[DominanceStep, ...], tuple[tuple[int, ...], ...]]:
    """Iterated elimination of strictly dominated strategies, one step per elimination.

    The steps are those of :func:`stability.analysis.dominance.eliminate` (one
    implementation for ``dominance``, ``explain`` and the exercises): round by round,
    every strategy strictly dominated by another pure strategy or (unless
    ``mixed=False``) by a mixture is removed; the result does not depend on the order.

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> steps, surviving = iterated_strict_dominance(pd)
    >>> [(s.player, s.dominated, s.dominating, s.margin) for s in steps], surviving
    ([(0, 0, 1, Fraction(1, 1)), (1, 0, 1, Fraction(1, 1))], ((1,), (1,)))
    """
    from stability.analysis.dominance import eliminate

    result = eliminate(game, mixed=mixed)
    remaining = [list(range(n)) for n in game.shape]
    steps: list[DominanceStep] = []
    for step in result.steps:
        remaining[step.player].remove(step.strategy)
        steps.append(
            DominanceStep(
                player=step.player,
                dominated=step.strategy,
                dominator=step.dominator,
                margin=step.margin,
                remaining=tuple(tuple(r) for r in remaining),
                round=step.round,
            )
        )
    return tuple(steps), result.surviving


# -- pure profile check -----------------------------------------------------------------


def check_profile(game: Game, profile: Sequence[int]) -> ProfileCheck:
    """Each player's payoff at ``profile`` and its best deviation from it.

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> check = check_profile(pd, (0, 0))
    >>> check.is_equilibrium, [(d.player, d.strategy, d.payoff) for d in check.profitable]
    (False, [(0, 1, Fraction(5, 1)), (1, 1, Fraction(5, 1))])
    """
    profile = tuple(profile)
    payoffs = tuple(game.payoff(i, profile) for i in range(game.n_players))
    best: list[Deviation | None] = []
    for player in range(game.n_players):
        against = tuple(profile[k] for k in _others(game, player))
        options = [
            Deviation(player, s, game.payoff(player, _full_profile(player, s, against)))
            for s in range(game.shape[player])
            if s != profile[player]
        ]
        best.append(max(options, key=lambda d: d.payoff) if options else None)
    return ProfileCheck(profile=profile, payoffs=payoffs, best=tuple(best))


def parse_profile(game: Game, text: str) -> tuple[int, ...]:
    """A pure profile given as comma-separated strategy names (or 1-based numbers).

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                        strategies=[["C", "D"], ["C", "D"]])
    >>> parse_profile(pd, "C, D")
    (0, 1)
    """
    names = [part.strip() for part in text.split(",")]
    if len(names) != game.n_players:
        raise InputError(
            f"expected {game.n_players} comma-separated strategy names "
            f"(one per player: {', '.join(game.players)}), got {len(names)}",
            item="--profile",
        )
    try:
        return tuple(game.strategy_index(i, name) for i, name in enumerate(names))
    except InputError as err:
        raise InputError(err.message, item="--profile") from err


# -- mixed equilibria ---------------------------------------------------------------------


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _fraction(value: Any) -> Fraction:
    rational = sp.Rational(value)
    return Fraction(int(rational.p), int(rational.q))


def _symbol_base(player: int) -> str:
    return "p" if player == 0 else "q"


def indifference_step(game: Game, equilibrium: Equilibrium, indifferent: int) -> IndifferenceStep:
    """The equations that make ``indifferent`` indifferent between its best responses.

    They are linear in the other player's probabilities on its support and, at an
    extreme equilibrium of a nondegenerate game, determine them uniquely.
    """
    assert equilibrium.exact is not None
    mixing = 1 - indifferent
    support = tuple(k for k, p in enumerate(equilibrium.exact[mixing]) if p > 0)
    base = _symbol_base(mixing)
    if len(support) == 1:
        symbols: tuple[str, ...] = ()
        probabilities: tuple[Any, ...] = (sp.Integer(1),)
    elif len(support) == 2:
        symbols = (base,)
        variable = sp.Symbol(base)
        probabilities = (variable, 1 - variable)
    else:
        symbols = tuple(f"{base}{k + 1}" for k in range(len(support) - 1))
        variables = [sp.Symbol(s) for s in symbols]
        probabilities = (*variables, 1 - sum(variables, sp.Integer(0)))
    values = _strategy_values(game, equilibrium.exact, indifferent)
    top = max(values)
    strategies = tuple(s for s, v in enumerate(values) if v == top)
    expected = []
    for s in strategies:
        terms = []
        for k, probability in zip(support, probabilities, strict=True):
            profile = (s, k) if indifferent == 0 else (k, s)
            terms.append(Term(probability=probability, payoff=game.payoff(indifferent, profile)))
        expected.append(tuple(terms))
    sums = [
        sum((t.probability * _rational(t.payoff) for t in terms), sp.Integer(0))
        for terms in expected
    ]
    equations = tuple(sp.Eq(sums[0], other, evaluate=False) for other in sums[1:])
    unknowns = [sp.Symbol(s) for s in symbols]
    solution: dict[str, Fraction] = {}
    free: tuple[str, ...] = ()
    if unknowns:
        solved = sp.linsolve([sums[0] - other for other in sums[1:]], unknowns)
        if not solved:  # pragma: no cover - an equilibrium's equations are consistent
            raise AssertionError("indifference equations without a solution")
        (point,) = tuple(solved)
        free_symbols: set[Any] = set().union(*(as_sympy(v).free_symbols for v in point))
        free = tuple(sorted(str(s) for s in free_symbols))
        actual = [equilibrium.exact[mixing][k] for k in support]
        for name, probability_value in zip(symbols, actual, strict=False):
            solution[name] = probability_value
        for name, expression in zip(symbols, point, strict=True):
            if not as_sympy(expression).free_symbols:
                solution[name] = _fraction(expression)
    others = tuple((s, v) for s, v in enumerate(values) if v != top)
    return IndifferenceStep(
        indifferent=indifferent,
        mixing=mixing,
        support=support,
        symbols=symbols,
        probabilities=probabilities,
        strategies=strategies,
        expected=tuple(expected),
        equations=equations,
        solution=solution,
        free=free,
        value=top,
        others=others,
    )


def _strategy_values(
    game: Game, exact: Sequence[Sequence[Fraction]], player: int
) -> list[Fraction]:
    from stability.solvers.regret import exact_strategy_payoffs

    return exact_strategy_payoffs(game, exact, player)


def explain_mixed(game: Game, equilibrium: Equilibrium) -> MixedExplanation:
    """Derive one mixed equilibrium of a two-player game from the indifference conditions.

    The probabilities in ``mixtures`` are the equations' solutions (completed by
    the solver's values only for symbols a degenerate game leaves free).
    """
    if game.n_players != 2 or equilibrium.exact is None:
        raise InputError("indifference equations are written for exact two-player equilibria")
    steps = tuple(indifference_step(game, equilibrium, i) for i in (0, 1))
    mixtures: list[tuple[Fraction, ...]] = [(), ()]
    for step in steps:
        values = _support_values(step)
        mixture = [Fraction(0)] * game.shape[step.mixing]
        for k, value in zip(step.support, values, strict=True):
            mixture[k] = value
        mixtures[step.mixing] = tuple(mixture)
    return MixedExplanation(equilibrium=equilibrium, steps=steps, mixtures=tuple(mixtures))


def _support_values(step: IndifferenceStep) -> list[Fraction]:
    substitution = {sp.Symbol(name): _rational(value) for name, value in step.solution.items()}
    return [_fraction(as_sympy(p).subs(substitution)) for p in step.probabilities]


# -- the whole explanation -----------------------------------------------------------------


def explain_game(
    game: Game, *, profile: Sequence[int] | None = None, solve_mixed: bool = True
) -> Explanation:
    """The step-by-step explanation of ``game`` (see the module docstring).

    Mixed equilibria are explained for two-player games: every extreme
    equilibrium found by ``solve(game, "all")`` that is not pure.
    """
    if game.n_profiles > MAX_EXPLAINED_PROFILES:
        raise TooLargeError(
            f"game too large to explain step by step: {game.n_profiles:,} pure profiles "
            f"(the limit is {MAX_EXPLAINED_PROFILES:,}); use 'stability solve'"
        )
    responses = best_responses(game)
    steps, surviving = iterated_strict_dominance(game)
    pure = mutual_best_responses(game, responses)
    mixed: list[MixedExplanation] = []
    degenerate: bool | None = None
    components: tuple[Component, ...] = ()
    notes: list[str] = []
    if solve_mixed and game.n_players == 2:
        from stability.solvers import solve

        result = solve(game, "all")
        degenerate = result.degenerate
        components = result.components
        for equilibrium in result.equilibria:
            if not equilibrium.pure and equilibrium.exact is not None:
                explained = explain_mixed(game, equilibrium)
                mixed.append(_with_continuum(explained, components))
        notes.extend(result.notes)
    elif game.n_players > 2:
        notes.append("mixed equilibria are explained for two-player games only")
    return Explanation(
        game=game,
        best_responses=responses,
        dominance=steps,
        surviving=surviving,
        pure_equilibria=pure,
        mixed=tuple(mixed),
        degenerate=degenerate,
        profile=check_profile(game, profile) if profile is not None else None,
        components=tuple(c for c in components if _is_continuum(c)),
        notes=tuple(notes),
    )


def _is_continuum(component: Component) -> bool:
    return len(component.row_strategies) * len(component.column_strategies) > 1


def _with_continuum(
    mixed: MixedExplanation, components: Sequence[Component]
) -> MixedExplanation:
    """``mixed`` with the continuum (if any) that it is an extreme point of.

    A maximal convex set is a product: every mixture of the row vertices with every
    mixture of the column vertices. Holding this equilibrium's strategy of one player,
    the other's probabilities range over the convex hull of its vertices, whose
    projection on each strategy is ``[min, max]`` over the vertices.
    """
    continua = [c for c in components if _is_continuum(c)]
    row, column = mixed.mixtures
    for number, component in enumerate(continua, start=1):
        if row not in component.row_strategies or column not in component.column_strategies:
            continue
        ranges = []
        for player, vertices in enumerate((component.row_strategies, component.column_strategies)):
            if len(vertices) < 2:
                continue
            for strategy in range(len(vertices[0])):
                values = [v[strategy] for v in vertices]
                if min(values) != max(values):
                    ranges.append((player, strategy, min(values), max(values)))
        return replace(mixed, component=number, ranges=tuple(ranges))
    return mixed


# -- scenario games: conditions in the parameters -----------------------------------------------


def symbolic_conditions(
    game: Game,
    expressions: Sequence[Any],
    values: dict[str, Fraction],
) -> tuple[SymbolicProfile, ...]:
    """For each pure profile, the conditions in the parameters for it to be an equilibrium.

    ``expressions[i]`` is an object array (shaped like the game) of sympy
    expressions: player ``i``'s payoff in terms of the parameters; ``values`` the
    parameters' current values, used to say whether each condition holds now.

    >>> import numpy as np, sympy as sp
    >>> from stability.model.game import Game
    >>> v, t = sp.symbols("v t")
    >>> row = np.array([[v, 0], [2 * t, 1]], dtype=object)
    >>> column = np.array([[1, 0], [0, 1]], dtype=object)
    >>> game = Game.from_payoffs([[[3, 0], [2, 1]], [[1, 0], [0, 1]]])
    >>> conditions = symbolic_conditions(game, [row, column], {"v": Fraction(3), "t": Fraction(1)})
    >>> [str(c.difference) for c in conditions[0].conditions]
    ['-2*t + v', '1']
    """
    substitution = {sp.Symbol(name): _rational(value) for name, value in values.items()}
    out = []
    for profile in game.profiles():
        profile = tuple(int(s) for s in profile)
        conditions = []
        for player in range(game.n_players):
            here = as_sympy(expressions[player][profile])
            for alternative in range(game.shape[player]):
                if alternative == profile[player]:
                    continue
                moved = list(profile)
                moved[player] = alternative
                there = as_sympy(expressions[player][tuple(moved)])
                difference = sp.expand(here - there)
                current = as_sympy(difference).subs(substitution)
                conditions.append(
                    Condition(
                        player=player,
                        strategy=profile[player],
                        alternative=alternative,
                        difference=difference,
                        holds=bool(current >= 0),
                    )
                )
        out.append(
            SymbolicProfile(
                profile=profile,
                payoffs=tuple(as_sympy(expressions[i][profile]) for i in range(game.n_players)),
                conditions=tuple(conditions),
            )
        )
    return tuple(out)


def explain_scenario_game(
    scenario: Any,
    name: str | None = None,
    *,
    profile: Sequence[int] | None = None,
) -> Explanation:
    """The explanation of one game of a scenario (``name``; the joint game when ``None``),
    with each pure profile's equilibrium conditions written in the scenario's parameters.

    ``scenario`` is a :class:`~stability.model.scenario.Scenario` with its parameter
    values already set; mixed equilibria are explained at those values.

    >>> from stability.io.scenario import read_scenario
    >>> explanation = explain_scenario_game(read_scenario("games/two-allies.toml"))
    >>> [p.is_equilibrium for p in explanation.symbolic] == [
    ...     p in explanation.pure_equilibria for p in explanation.game.profiles()]
    True
    """
    from stability.analysis.joint import joint_game, joint_payoff_expressions, pair_game

    if name is None or name == "joint":
        game = joint_game(scenario)
        expressions: list[Any] = list(joint_payoff_expressions(scenario))
    else:
        game = pair_game(scenario, name)
        table = scenario.game(name).expressions()
        expressions = [table[..., i] for i in range(game.n_players)]
    explanation = explain_game(game, profile=profile)
    values = dict(scenario.values)
    return Explanation(
        game=explanation.game,
        best_responses=explanation.best_responses,
        dominance=explanation.dominance,
        surviving=explanation.surviving,
        pure_equilibria=explanation.pure_equilibria,
        mixed=explanation.mixed,
        degenerate=explanation.degenerate,
        profile=explanation.profile,
        symbolic=symbolic_conditions(game, expressions, values),
        parameters=values,
        notes=explanation.notes,
    )
