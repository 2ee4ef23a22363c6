"""Generated game-theory exercises with answer keys that are computed and then verified.

Each exercise is generated from numpy's ``default_rng(seed)``, so the same seed,
kind, level and count give the same exercises. Its answer is computed with the
project's solvers and checked independently before it is returned:

- ``pure``: every pure equilibrium from ``solve(game, "pure")``, checked by a
  brute-force best-response test of every profile;
- ``mixed``: every extreme equilibrium from ``solve(game, "all")``, each checked
  to have exact regret 0, the pure ones compared with the brute-force check and,
  for nondegenerate games, the whole set compared with an independent exact
  support enumeration;
- ``dominance``: iterated strict dominance, each elimination re-checked against
  the reduced game and the survivors checked to contain every pure equilibrium;
- ``tipping``: the exact threshold of a payoff parameter, checked by solving the
  game just past it (the target profile is an equilibrium) and just short of it
  (it is not);
- ``repeated``: the critical discount factor of grim trigger in a repeated
  prisoner's dilemma, checked just past and just short.

Levels: 1 small games with small integers; 2 larger games (3x3) and several
equilibria; 3 degenerate games (ties) and several equilibria.

>>> exercises = generate_exercises(kind="pure", level=1, seed=7, count=2)
>>> again = generate_exercises(kind="pure", level=1, seed=7, count=2)
>>> [e.kind for e in exercises], exercises == again
(['pure', 'pure'], True)
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from stability.errors import InputError, StabilityError
from stability.model.exact import format_fraction
from stability.model.game import Game
from stability.solvers.result import Equilibrium

KINDS = ("pure", "mixed", "dominance", "tipping", "repeated", "gmcr")
LEVELS = (1, 2, 3)

#: Random draws tried per exercise before giving up (the filters keep a few percent).
MAX_ATTEMPTS = 20_000

#: How far "just past" and "just short" of a threshold the checks evaluate.
CHECK_STEP = Fraction(1, 1000)

Rng = np.random.Generator


class VerificationError(StabilityError):
    """An answer key failed its independent check (a bug: never shown to students)."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, its game and its verified answer (JSON-ready).

    ``parameter`` describes, for a ``tipping`` exercise, which payoffs depend on
    the parameter: ``{"name": "x", "value": "1", "payoffs": [...]}`` where each
    entry gives a player, a profile and the payoff's constant and slope.
    ``checks`` names the independent checks the answer passed.
    """

    kind: str
    level: int
    question: str
    game: Game | None
    answer: dict[str, Any]
    checks: tuple[str, ...]
    parameter: dict[str, Any] | None = None
    target: tuple[int, ...] | None = None
    conflict: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)


# -- independent checks -------------------------------------------------------------------


def brute_force_pure_equilibria(game: Game) -> list[tuple[int, ...]]:
    """Every pure equilibrium by checking every unilateral deviation (exact, no numpy tricks).

    >>> from stability.model.game import Game
    >>> brute_force_pure_equilibria(Game.from_payoffs([[[4, 0], [3, 3]], [[4, 3], [0, 3]]]))
    [(0, 0), (1, 1)]
    """
    found = []
    for profile in itertools.product(*(range(n) for n in game.shape)):
        stable = True
        for player in range(game.n_players):
            here = game.payoff(player, profile)
            for alternative in range(game.shape[player]):
                moved = list(profile)
                moved[player] = alternative
                if game.payoff(player, moved) > here:
                    stable = False
                    break
            if not stable:
                break
        if stable:
            found.append(tuple(profile))
    return found


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise VerificationError(f"answer key failed its check: {message}")


# -- random games --------------------------------------------------------------------------------


def _random_game(
    rng: Rng, shape: tuple[int, ...], low: int, high: int, *, players: Sequence[str] | None = None
) -> Game:
    tables = [rng.integers(low, high + 1, size=shape).tolist() for _ in shape]
    names = list(players) if players is not None else _PLAYER_NAMES[len(shape)]
    return Game.from_payoffs(
        tables,
        players=names,
        strategies=[_strategy_names(i, n) for i, n in enumerate(shape)],
    )


_PLAYER_NAMES = {2: ["Row", "Column"], 3: ["Row", "Column", "Layer"]}
_STRATEGY_NAMES = [
    {2: ["Top", "Bottom"], 3: ["Top", "Middle", "Bottom"]},
    {2: ["Left", "Right"], 3: ["Left", "Centre", "Right"]},
    {2: ["Front", "Back"], 3: ["Front", "Middle", "Back"]},
]


def _strategy_names(player: int, size: int) -> list[str]:
    return _STRATEGY_NAMES[player][size]


def _has_ties(game: Game) -> bool:
    """True when some player has two equally good replies to some profile of the others."""
    for player in range(game.n_players):
        table = np.moveaxis(np.asarray(game.numerators[player]), player, -1)
        for values in table.reshape(-1, game.shape[player]):
            if len(set(values.tolist())) < len(values):
                return True
    return False


def _draw(rng: Rng, make: Callable[[Rng], Game], accept: Callable[[Game], bool]) -> Game:
    for _ in range(MAX_ATTEMPTS):
        game = make(rng)
        if accept(game):
            return game
    raise StabilityError("could not generate an exercise of this kind and level; try another seed")


def _titled(game: Game, title: str) -> Game:
    return Game(
        title=title,
        players=game.players,
        strategies=game.strategies,
        numerators=game.numerators,
        denominators=game.denominators,
    )


# -- equilibria answers -------------------------------------------------------------------------


def _equilibria_answer(equilibria: Sequence[Equilibrium]) -> dict[str, Any]:
    from stability.present.equilibria import equilibrium_json

    return {"equilibria": [equilibrium_json(e) for e in equilibria]}


def pure_exercise(rng: Rng, level: int) -> Exercise:
    """Find every pure equilibrium (level 1: 2x2; 2: 3x3 with several; 3: ties or 3 players)."""
    from stability.solvers import solve

    if level == 1:
        game = _draw(
            rng,
            lambda r: _random_game(r, (2, 2), 0, 5),
            lambda g: not _has_ties(g) and 1 <= len(brute_force_pure_equilibria(g)) <= 2,
        )
    elif level == 2:
        game = _draw(
            rng,
            lambda r: _random_game(r, (3, 3), 0, 9),
            lambda g: not _has_ties(g) and len(brute_force_pure_equilibria(g)) >= 2,
        )
    else:
        three = bool(rng.integers(0, 2))
        shape = (2, 2, 2) if three else (3, 3)
        game = _draw(
            rng,
            lambda r: _random_game(r, shape, 0, 3),
            lambda g: _has_ties(g) and len(brute_force_pure_equilibria(g)) >= 2,
        )
    game = _titled(game, f"Pure equilibria, level {level}")
    found = [e.pure_profile for e in solve(game, "pure").equilibria]
    brute = brute_force_pure_equilibria(game)
    _require(sorted(p for p in found if p is not None) == sorted(brute), "pure equilibria differ")
    equilibria = [Equilibrium.from_pure(game, p) for p in brute]
    return Exercise(
        kind="pure",
        level=level,
        question="Find every pure-strategy Nash equilibrium of the game below.",
        game=game,
        answer=_equilibria_answer(equilibria),
        checks=("solver: pure", "brute-force best-response check of every profile"),
    )


def _solve_indifference(
    table: Any, own: Sequence[int], other: Sequence[int]
) -> list[Fraction] | None:
    """The opponent's mixture on ``other`` making every strategy in ``own`` pay the same.

    ``table[a][b]`` is the indifferent player's payoff from its strategy ``a``
    against the opponent's ``b``; ``None`` when the system is singular.
    """
    import sympy as sp

    k = len(own)
    rows = [[sp.Rational(table[a][b]) for b in other] + [-1] for a in own]
    rows.append([sp.Integer(1)] * k + [sp.Integer(0)])
    matrix = sp.Matrix(rows)
    if matrix.det() == 0:
        return None
    solution = matrix.LUsolve(sp.Matrix([0] * k + [1]))
    return [Fraction(int(v.p), int(v.q)) for v in solution[:k]]


def support_enumeration_exact(game: Game) -> list[tuple[tuple[Fraction, ...], ...]]:
    """Every equilibrium of a *nondegenerate* two-player game, by exact support enumeration.

    Independent of the solvers: for each pair of supports of equal size, solve both
    indifference systems exactly and keep the solutions that are probability
    vectors against which no unused strategy pays more (Nisan et al., *Algorithmic
    Game Theory*, 2007, section 3.3).

    >>> from stability.model.game import Game
    >>> sexes = Game.from_payoffs([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> [[[str(p) for p in s] for s in e] for e in support_enumeration_exact(sexes)]
    [[['1', '0'], ['1', '0']], [['0', '1'], ['0', '1']], [['2/3', '1/3'], ['1/3', '2/3']]]
    """
    from stability.solvers.regret import is_exact_equilibrium

    rows = game.exact_payoffs(0)
    columns = game.exact_payoffs(1).T
    found: list[tuple[tuple[Fraction, ...], ...]] = []
    m, n = game.shape
    for k in range(1, min(m, n) + 1):
        for own in itertools.combinations(range(m), k):
            for other in itertools.combinations(range(n), k):
                y = _solve_indifference(rows, own, other)
                x = _solve_indifference(columns, other, own)
                if x is None or y is None or min(x) < 0 or min(y) < 0:
                    continue
                row = [Fraction(0)] * m
                column = [Fraction(0)] * n
                for a, p in zip(own, x, strict=True):
                    row[a] = p
                for b, q in zip(other, y, strict=True):
                    column[b] = q
                profile = (tuple(row), tuple(column))
                if is_exact_equilibrium(game, profile) and profile not in found:
                    found.append(profile)
    return found


def mixed_exercise(rng: Rng, level: int) -> Exercise:
    """Find every (extreme) equilibrium, mixed ones included, of a two-player game."""
    from stability.solvers import solve
    from stability.solvers.regret import is_exact_equilibrium

    def small_denominators(game: Game, limit: int) -> bool:
        result = solve(game, "all")
        return all(
            p.denominator <= limit for e in result.equilibria for s in (e.exact or ()) for p in s
        )

    if level == 1:
        game = _draw(
            rng,
            lambda r: _random_game(r, (2, 2), 0, 5),
            lambda g: (
                not _has_ties(g) and not brute_force_pure_equilibria(g) and small_denominators(g, 6)
            ),
        )
    elif level == 2:
        three = bool(rng.integers(0, 2))
        shape = (3, 3) if three else (2, 2)

        def several(g: Game) -> bool:
            if _has_ties(g) or len(brute_force_pure_equilibria(g)) < 2:
                return False
            result = solve(g, "all")
            return result.degenerate is False and any(not e.pure for e in result.equilibria)

        game = _draw(rng, lambda r: _random_game(r, shape, 0, 6), several)
    else:
        shape = ((2, 2), (2, 3), (3, 3))[int(rng.integers(0, 3))]

        def degenerate(g: Game) -> bool:
            result = solve(g, "all")
            return (
                result.degenerate is True
                and len(result.equilibria) >= 2
                and any(not e.pure for e in result.equilibria)
            )

        game = _draw(rng, lambda r: _random_game(r, shape, 0, 3), degenerate)
    game = _titled(game, f"Mixed equilibria, level {level}")
    result = solve(game, "all")
    equilibria = list(result.equilibria)
    checks = ["solver: all (exact extreme equilibria)"]
    for equilibrium in equilibria:
        _require(equilibrium.exact is not None, "an equilibrium without exact probabilities")
        assert equilibrium.exact is not None
        _require(is_exact_equilibrium(game, equilibrium.exact), "an equilibrium with regret")
    checks.append("exact regret 0 for every equilibrium")
    pure = sorted(p for p in (e.pure_profile for e in equilibria) if p is not None)
    _require(pure == brute_force_pure_equilibria(game), "the pure equilibria differ")
    checks.append("pure ones equal the brute-force best-response check")
    if result.degenerate is False:
        exact = {e.exact for e in equilibria if e.exact is not None}
        _require(exact == set(support_enumeration_exact(game)), "support enumeration disagrees")
        checks.append("the same set as an independent exact support enumeration")
    question = (
        "Find every Nash equilibrium of the game below, mixed ones included; give the "
        "probabilities as fractions."
    )
    if result.degenerate:
        question = (
            "This game is degenerate. Find every extreme Nash equilibrium (pure and mixed) "
            "of the game below; give the probabilities as fractions."
        )
    return Exercise(
        kind="mixed",
        level=level,
        question=question,
        game=game,
        answer={**_equilibria_answer(equilibria), "degenerate": result.degenerate},
        checks=tuple(checks),
    )


def _strictly_dominates(
    game: Game, remaining: Sequence[Sequence[int]], player: int, better: int, worse: int
) -> bool:
    others = [remaining[k] if k != player else [0] for k in range(game.n_players)]
    for profile in itertools.product(*others):
        high = list(profile)
        low = list(profile)
        high[player] = better
        low[player] = worse
        if game.payoff(player, high) <= game.payoff(player, low):
            return False
    return True


def dominance_exercise(rng: Rng, level: int) -> Exercise:
    """Iterated elimination of strictly dominated strategies."""
    from stability.analysis.explain import iterated_strict_dominance
    from stability.solvers import solve

    def rounds(game: Game) -> tuple[int, bool]:
        steps, surviving = iterated_strict_dominance(game, mixed=False)
        return len(steps), all(len(s) == 1 for s in surviving)

    if level == 1:
        game = _draw(
            rng,
            lambda r: _random_game(r, (2, 2), 0, 5),
            lambda g: rounds(g) == (2, True),
        )
    elif level == 2:
        game = _draw(
            rng,
            lambda r: _random_game(r, (3, 3), 0, 9),
            lambda g: rounds(g)[1] and rounds(g)[0] == 4 and not _has_ties(g),
        )
    else:

        def partial(g: Game) -> bool:
            count, solved = rounds(g)
            return count >= 2 and not solved and _has_ties(g)

        game = _draw(rng, lambda r: _random_game(r, (3, 3), 0, 4), partial)
    game = _titled(game, f"Iterated dominance, level {level}")
    steps, surviving = iterated_strict_dominance(game, mixed=False)
    remaining = [list(range(n)) for n in game.shape]
    for step in steps:
        _require(
            _strictly_dominates(game, remaining, step.player, step.dominating, step.dominated),
            "an elimination that is not strict dominance",
        )
        remaining[step.player].remove(step.dominated)
    for player in range(game.n_players):
        for worse in remaining[player]:
            for better in remaining[player]:
                _require(
                    better == worse
                    or not _strictly_dominates(game, remaining, player, better, worse),
                    "a survivor is strictly dominated",
                )
    pure = [e.pure_profile for e in solve(game, "pure").equilibria]
    _require(
        all(p is not None and all(s in r for s, r in zip(p, remaining, strict=True)) for p in pure),
        "a pure equilibrium was eliminated",
    )
    checks = [
        "each elimination re-checked in the reduced game",
        "no survivor strictly dominated",
        "every pure equilibrium survives",
    ]
    checks.extend(_compare_with_dominance_module(game, surviving))
    answer: dict[str, Any] = {
        "eliminated": [
            {
                "player": game.players[s.player],
                "strategy": game.strategies[s.player][s.dominated],
                "dominated_by": game.strategies[s.player][s.dominating],
            }
            for s in steps
        ],
        "surviving": [[game.strategies[i][k] for k in r] for i, r in enumerate(surviving)],
    }
    if all(len(r) == 1 for r in surviving):
        answer["equilibria"] = _equilibria_answer(
            [Equilibrium.from_pure(game, tuple(r[0] for r in surviving))]
        )["equilibria"]
    return Exercise(
        kind="dominance",
        level=level,
        question=(
            "Eliminate strictly dominated strategies (dominated by another pure strategy), "
            "one at a time, until none is left. Which strategies survive, and which strategy "
            "dominates each one you remove?"
        ),
        game=game,
        answer=answer,
        checks=tuple(checks),
    )


def _compare_with_dominance_module(game: Game, surviving: Sequence[Sequence[int]]) -> list[str]:
    """Cross-check with :mod:`stability.analysis.dominance`, which also eliminates
    strategies dominated by mixtures: its survivors must be among ours (iterated
    strict elimination does not depend on the order)."""
    from stability.analysis.dominance import eliminate

    theirs = eliminate(game).surviving
    _require(
        all(set(t) <= set(o) for t, o in zip(theirs, surviving, strict=True)),
        "the dominance module keeps a strategy that pure dominance removed",
    )
    return ["survivors contain those of stability.analysis.dominance (mixed dominance)"]


# -- tipping -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearGame:
    """A game whose payoffs are ``constant + slope · x`` (exact), for tipping exercises."""

    base: Game
    constants: tuple[np.ndarray[Any, Any], ...]
    slopes: tuple[np.ndarray[Any, Any], ...]

    def at(self, x: Fraction) -> Game:
        return self.base.with_payoffs(
            [c + s * x for c, s in zip(self.constants, self.slopes, strict=True)]
        )


def _target_interval(
    linear: LinearGame, target: tuple[int, ...]
) -> tuple[Fraction | None, Fraction | None, bool]:
    """The interval ``[low, high]`` of x where ``target`` is a pure equilibrium (None: unbounded).

    The last value is False when no x makes it one.
    """
    low: Fraction | None = None
    high: Fraction | None = None
    for player in range(linear.base.n_players):
        for alternative in range(linear.base.shape[player]):
            if alternative == target[player]:
                continue
            moved = list(target)
            moved[player] = alternative
            a = linear.constants[player][target] - linear.constants[player][tuple(moved)]
            b = linear.slopes[player][target] - linear.slopes[player][tuple(moved)]
            # the deviation does not pay when a + b·x >= 0
            if b == 0:
                if a < 0:
                    return None, None, False
            elif b > 0:
                bound = -a / b
                low = bound if low is None else max(low, bound)
            else:
                bound = -a / b
                high = bound if high is None else min(high, bound)
    if low is not None and high is not None and low > high:
        return low, high, False
    return low, high, True


def tipping_exercise(rng: Rng, level: int) -> Exercise:
    """The threshold of a payoff parameter ``x`` at which a profile becomes an equilibrium."""
    from stability.solvers.pure import pure_equilibria

    shape = (2, 2) if level == 1 else (3, 3)
    high_value = 5 if level == 1 else 9
    for _ in range(MAX_ATTEMPTS):
        game = _random_game(rng, shape, 0, high_value)
        constants = tuple(game.exact_payoffs(i) for i in range(2))
        slopes = tuple(np.full(shape, Fraction(0), dtype=object) for _ in range(2))
        target = tuple(int(v) for v in rng.integers(0, shape[0], size=2))
        # x is Row's payoff at the target; at level 2 also (halved) in another Row
        # payoff of the column; at level 3 also in Column's payoff at the target
        constants[0][target] = Fraction(0)
        slopes[0][target] = Fraction(1)
        if level >= 2:
            other = (int((target[0] + 1) % shape[0]), target[1])
            slopes[0][other] = Fraction(1, 2)
        if level == 3:
            constants[1][target] = Fraction(int(rng.integers(-4, 1)))
            slopes[1][target] = Fraction(1)
        linear = LinearGame(game, constants, slopes)
        low, high, possible = _target_interval(linear, target)
        if not possible or low is None:
            continue
        baseline = Fraction(math.floor(low) - int(rng.integers(1, 3)))
        if target in pure_equilibria(linear.at(baseline)):
            continue
        break
    else:  # pragma: no cover - the draws above almost always succeed
        raise StabilityError("could not generate a tipping exercise; try another seed")
    names = game.strategies
    target_names = tuple(names[i][s] for i, s in enumerate(target))
    shown = _titled(linear.at(baseline), f"Tipping point, level {level}")
    linear = LinearGame(shown, linear.constants, linear.slopes)
    threshold = low
    past = pure_equilibria(linear.at(threshold + CHECK_STEP))
    short = pure_equilibria(linear.at(threshold - CHECK_STEP))
    at = pure_equilibria(linear.at(threshold))
    _require(target in past, "the target is not an equilibrium just past the threshold")
    _require(target not in short, "the target is an equilibrium just short of the threshold")
    _require(target in at, "the target is not an equilibrium at the threshold")
    checks = [
        "solver: pure at the threshold + 1/1000 (equilibrium)",
        "solver: pure at the threshold - 1/1000 (not an equilibrium)",
        "solver: pure at the threshold itself (equilibrium, by a tie)",
    ]
    if high is not None:
        _require(target in pure_equilibria(linear.at(high)), "the interval's upper end")
        _require(target not in pure_equilibria(linear.at(high + CHECK_STEP)), "past the upper end")
        checks.append("solver: pure at and just past the upper end")
    payoffs = [
        {
            "player": game.players[player],
            "profile": [names[i][s] for i, s in enumerate(profile)],
            "constant": format_fraction(linear.constants[player][profile]),
            "slope": format_fraction(linear.slopes[player][profile]),
        }
        for player in range(2)
        for profile in (tuple(int(v) for v in p) for p in np.ndindex(*shape))
        if linear.slopes[player][profile] != 0
    ]
    cells = "; ".join(
        f"{p['player']}'s payoff at ({', '.join(p['profile'])}) is "
        + _linear_text(Fraction(str(p["constant"])), Fraction(str(p["slope"])))
        for p in payoffs
    )
    question = (
        f"In the game below {cells}; the table shows x = {format_fraction(baseline)}. "
        f"Raising x from {format_fraction(baseline)}, at what value of x does "
        f"({', '.join(target_names)}) become a pure Nash equilibrium"
        + (", and up to what value does it stay one?" if high is not None else "?")
    )
    answer: dict[str, Any] = {
        "parameter": "x",
        "target": list(target_names),
        "baseline": float(baseline),
        "threshold": float(threshold),
        "exact": format_fraction(threshold),
        "direction": "increase",
        "interval": [
            format_fraction(threshold),
            format_fraction(high) if high is not None else None,
        ],
    }
    return Exercise(
        kind="tipping",
        level=level,
        question=question,
        game=shown,
        answer=answer,
        checks=tuple(checks),
        parameter={"name": "x", "value": format_fraction(baseline), "payoffs": payoffs},
        target=target,
        details={"linear": linear},
    )


def _linear_text(constant: Fraction, slope: Fraction) -> str:
    """``"x"``, ``"x/2 + 3"``, ``"x - 2"``."""
    term = "x" if slope == 1 else f"{format_fraction(slope)}·x"
    if slope.denominator != 1 and slope.numerator == 1:
        term = f"x/{slope.denominator}"
    if constant == 0:
        return term
    sign = "+" if constant > 0 else "-"
    return f"{term} {sign} {format_fraction(abs(constant))}"


# -- repeated prisoner's dilemma ---------------------------------------------------------------


def critical_discount(temptation: Fraction, reward: Fraction, punishment: Fraction) -> Fraction:
    """The smallest discount factor at which grim trigger sustains cooperation: (T-R)/(T-P).

    >>> critical_discount(Fraction(5), Fraction(3), Fraction(1))
    Fraction(1, 2)
    """
    return (temptation - reward) / (temptation - punishment)


def _cooperation_pays(t: Fraction, r: Fraction, p: Fraction, delta: Fraction) -> bool:
    # cooperating forever against grim trigger vs. defecting once and being punished forever
    return r / (1 - delta) >= t + delta * p / (1 - delta)


def repeated_exercise(rng: Rng, level: int) -> Exercise:
    """The critical discount factor of grim trigger in an infinitely repeated prisoner's dilemma."""
    high = {1: 6, 2: 12, 3: 20}[level]
    while True:
        s, p, r, t = sorted(int(v) for v in rng.choice(np.arange(0, high + 1), 4, replace=False))
        if 2 * r > t + s:  # a prisoner's dilemma: T > R > P > S and 2R > T + S
            break
    temptation, reward, punishment, sucker = (Fraction(v) for v in (t, r, p, s))
    payoffs = [[[r, s], [t, p]], [[r, t], [s, p]]]
    game = Game.from_payoffs(
        payoffs,
        players=["Row", "Column"],
        strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
        title=f"Repeated prisoner's dilemma, level {level}",
    )
    delta = critical_discount(temptation, reward, punishment)
    _require(0 < delta < 1, "the critical discount factor lies outside (0, 1)")
    _require(_cooperation_pays(temptation, reward, punishment, delta), "at the threshold")
    _require(_cooperation_pays(temptation, reward, punishment, delta + CHECK_STEP), "just past")
    _require(
        not _cooperation_pays(temptation, reward, punishment, delta - CHECK_STEP), "just short"
    )
    checks = [
        "grim trigger's one-shot deviation checked at, just past and just short of the threshold"
    ]
    checks.extend(_compare_with_repeated_module(game, delta))
    return Exercise(
        kind="repeated",
        level=level,
        question=(
            "The prisoner's dilemma below is repeated indefinitely and both players discount "
            "future payoffs by a factor δ per round. Each plays grim trigger: cooperate until "
            "the other defects, then defect forever. For which δ is mutual cooperation an "
            "equilibrium? Give the critical δ as a fraction."
        ),
        game=game,
        answer={"critical_discount": float(delta), "exact": format_fraction(delta)},
        checks=tuple(checks),
        details={"T": temptation, "R": reward, "P": punishment, "S": sucker},
    )


def _compare_with_repeated_module(game: Game, delta: Fraction) -> list[str]:
    try:
        from stability.analysis import repeated as repeated_module
    except ImportError:  # pragma: no cover - the module comes with another issue
        return []
    function = getattr(repeated_module, "critical_discount", None)
    if function is None:  # pragma: no cover
        return []
    reward, temptation, punishment = (game.payoff(0, p) for p in ((0, 0), (1, 0), (1, 1)))
    _require(
        function(reward, temptation, punishment) == delta, "the repeated-game module disagrees"
    )
    return ["the same value as stability.analysis.repeated.critical_discount"]


# -- Graph Model conflicts (gmcr) --------------------------------------------------------------

#: The stability concepts a ``gmcr`` exercise asks for (``stability gmcr`` adds ``sim``).
GMCR_CONCEPTS = ("nash", "gmr", "smr", "seq")

_GMCR_DECISION_MAKERS = (
    ("Upstream", ("Divert", "Build dam")),
    ("Downstream", ("Protest", "Sue")),
    ("Regulator", ("Intervene", "Fine")),
)


def _feasible_codes(options: Sequence[str], infeasible: Sequence[dict[str, bool]]) -> list[int]:
    """Every code matching no infeasible table (a table matches when every listed value does)."""
    bit = {name: k for k, name in enumerate(options)}
    return [
        code
        for code in range(1 << len(options))
        if not any(
            all(bool(code >> bit[name] & 1) == taken for name, taken in table.items())
            for table in infeasible
        )
    ]


def _conflict_options(conflict: dict[str, Any]) -> list[str]:
    return [name for dm in conflict["decision_makers"] for name in dm["options"]]


def _random_conflict(rng: Rng, level: int) -> dict[str, Any]:
    """A small option-form conflict as the JSON ``conflict`` object (see the reference)."""
    sizes = (1, 1) if level == 1 else ((2, 1), (1, 2), (1, 1, 1))[int(rng.integers(0, 3))]
    decision_makers: list[dict[str, Any]] = [
        {"name": _GMCR_DECISION_MAKERS[i][0], "options": list(_GMCR_DECISION_MAKERS[i][1][:n])}
        for i, n in enumerate(sizes)
    ]
    options = [name for dm in decision_makers for name in dm["options"]]
    infeasible: list[dict[str, bool]] = []
    if level >= 2 and rng.integers(0, 2):
        first, second = sorted(int(k) for k in rng.choice(len(options), 2, replace=False))
        infeasible.append({options[first]: True, options[second]: True})
    irreversible: dict[str, str] = {}
    if level == 3:
        irreversible[options[int(rng.integers(0, len(options)))]] = "forward"
    states = _feasible_codes(options, infeasible)
    preferences: dict[str, list[int | list[int]]] = {}
    for dm in decision_makers:
        order = [int(s) for s in rng.permutation(states)]
        groups: list[list[int]] = [[order[0]]]
        for code in order[1:]:
            if level == 3 and rng.random() < 0.3:
                groups[-1].append(code)  # equally preferred to the one before
            else:
                groups.append([code])
        preferences[dm["name"]] = [g[0] if len(g) == 1 else sorted(g) for g in groups]
    return {
        "title": f"Graph Model, level {level}",
        "decision_makers": decision_makers,
        "options": options,
        "infeasible": infeasible,
        "irreversible": irreversible,
        "preferences": preferences,
        "states": states,
    }


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string with ASCII escapes is a TOML basic string


def conflict_toml(conflict: dict[str, Any]) -> str:
    """The ``conflict`` object of a gmcr exercise as a conflict file for ``stability gmcr``.

    >>> text = conflict_toml({"title": "T", "decision_makers": [{"name": "A", "options": ["X"]}],
    ...                       "infeasible": [], "irreversible": {"X": "forward"},
    ...                       "preferences": {"A": [[0, 1]]}})
    >>> print(text, end="")
    title = "T"
    <BLANKLINE>
    [[decision_makers]]
    name = "A"
    options = ["X"]
    <BLANKLINE>
    [irreversible]
    "X" = "forward"
    <BLANKLINE>
    [preferences]
    "A" = [[0, 1]]
    """
    lines = [f"title = {_toml_string(conflict['title'])}"]
    for dm in conflict["decision_makers"]:
        options = ", ".join(_toml_string(o) for o in dm["options"])
        lines.extend(["", "[[decision_makers]]", f"name = {_toml_string(dm['name'])}"])
        lines.append(f"options = [{options}]")
    for table in conflict["infeasible"]:
        lines.extend(["", "[[infeasible]]"])
        lines.extend(f"{_toml_string(k)} = {'true' if v else 'false'}" for k, v in table.items())
    if conflict["irreversible"]:
        lines.extend(["", "[irreversible]"])
        lines.extend(
            f"{_toml_string(k)} = {_toml_string(v)}" for k, v in conflict["irreversible"].items()
        )
    lines.extend(["", "[preferences]"])
    lines.extend(
        f"{_toml_string(name)} = {json.dumps(ranking)}"
        for name, ranking in conflict["preferences"].items()
    )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class BruteForceGraph:
    """The literal Graph Model of a conflict: per decision maker and state, its moves.

    ``preference[i][s]`` is decision maker ``i``'s level of state ``s`` (higher is
    better); ``moves[i][s]`` and ``improvements[i][s]`` list the states ``i`` reaches
    from ``s`` in one unilateral move, and those of them ``i`` strictly prefers.
    """

    names: tuple[str, ...]
    states: tuple[int, ...]
    preference: tuple[dict[int, int], ...]
    moves: tuple[dict[int, tuple[int, ...]], ...]
    improvements: tuple[dict[int, tuple[int, ...]], ...]

    def others(self, i: int) -> list[int]:
        return [j for j in range(len(self.names)) if j != i]

    def reachable(
        self, movers: Sequence[int], start: int, graph: Sequence[dict[int, tuple[int, ...]]]
    ) -> set[int]:
        """States reached from ``start`` by a legal sequence (no one moves twice in a row)
        of one or more steps of ``movers`` in ``graph`` (their moves or improvements)."""
        reached: set[int] = set()
        seen: set[tuple[int, int]] = set()
        frontier: list[tuple[int, int | None]] = [(start, None)]
        while frontier:
            state, last = frontier.pop()
            for j in movers:
                if j == last:
                    continue
                for target in graph[j][state]:
                    reached.add(target)
                    if (target, j) not in seen:
                        seen.add((target, j))
                        frontier.append((target, j))
        return reached

    def stable(self, concept: str, i: int, s: int) -> bool:
        """The definition of ``concept`` for decision maker ``i`` at state ``s``, literally."""
        level = self.preference[i]
        for s1 in self.improvements[i][s]:
            if concept == "nash":
                return False
            graph = self.improvements if concept == "seq" else self.moves
            sanctions = [
                s2
                for s2 in self.reachable(self.others(i), s1, graph)
                if level[s2] <= level[s]
                and (concept != "smr" or all(level[s3] <= level[s] for s3 in self.moves[i][s2]))
            ]
            if not sanctions:
                return False
        return True


def brute_force_graph(conflict: dict[str, Any]) -> BruteForceGraph:
    """The moves and improvements of a ``conflict`` object, enumerated state by state.

    >>> pd = {"decision_makers": [{"name": "Row", "options": ["Row defects"]},
    ...                           {"name": "Column", "options": ["Column defects"]}],
    ...       "infeasible": [], "irreversible": {},
    ...       "preferences": {"Row": [1, 0, 3, 2], "Column": [2, 0, 3, 1]}}
    >>> graph = brute_force_graph(pd)
    >>> graph.moves[0][0], graph.improvements[0][0], graph.improvements[0][1]
    ((1,), (1,), ())
    """
    options = _conflict_options(conflict)
    states = tuple(_feasible_codes(options, conflict["infeasible"]))
    names = tuple(dm["name"] for dm in conflict["decision_makers"])
    owner = {name: i for i, dm in enumerate(conflict["decision_makers"]) for name in dm["options"]}
    direction = {options.index(name): d for name, d in conflict["irreversible"].items()}

    def can_move(i: int, s: int, t: int) -> bool:
        if s == t:
            return False
        for k, name in enumerate(options):
            before, after = s >> k & 1, t >> k & 1
            if before == after:
                continue
            if owner[name] != i:
                return False
            if before and direction.get(k) in ("forward", "both"):
                return False
            if not before and direction.get(k) in ("backward", "both"):
                return False
        return True

    preference = []
    for name in names:
        ranking = conflict["preferences"][name]
        level: dict[int, int] = {}
        for depth, group in enumerate(ranking):
            for code in group if isinstance(group, list) else [group]:
                _require(code in states and code not in level, f"{name}'s ranking")
                level[code] = len(ranking) - depth
        _require(set(level) == set(states), f"{name}'s ranking misses a state")
        preference.append(level)
    moves = tuple(
        {s: tuple(t for t in states if can_move(i, s, t)) for s in states}
        for i in range(len(names))
    )
    improvements = tuple(
        {s: tuple(t for t in moves[i][s] if preference[i][t] > preference[i][s]) for s in states}
        for i in range(len(names))
    )
    return BruteForceGraph(names, states, tuple(preference), moves, improvements)


def brute_force_gmcr(conflict: dict[str, Any]) -> dict[str, Any]:
    """``{"stable": ..., "equilibria": ...}`` for Nash, GMR, SMR and SEQ, by the definitions.

    Independent of :mod:`stability.analysis.gmcr`: every improvement and every legal
    sequence of sanctioning moves is enumerated (Fang, Hipel and Kilgour 1993,
    *Interactive Decision Making*, ch. 3). The prisoner's dilemma in option form:

    >>> pd = {"decision_makers": [{"name": "Row", "options": ["Row defects"]},
    ...                           {"name": "Column", "options": ["Column defects"]}],
    ...       "infeasible": [], "irreversible": {},
    ...       "preferences": {"Row": [1, 0, 3, 2], "Column": [2, 0, 3, 1]}}
    >>> brute_force_gmcr(pd)["equilibria"]
    {'nash': [3], 'gmr': [0, 3], 'smr': [0, 3], 'seq': [0, 3]}
    """
    graph = brute_force_graph(conflict)
    stable = {
        name: {c: [s for s in graph.states if graph.stable(c, i, s)] for c in GMCR_CONCEPTS}
        for i, name in enumerate(graph.names)
    }
    equilibria = {
        c: [s for s in graph.states if all(s in stable[n][c] for n in graph.names)]
        for c in GMCR_CONCEPTS
    }
    return {"stable": stable, "equilibria": equilibria}


def _has_preference_ties(conflict: dict[str, Any]) -> bool:
    return any(
        isinstance(group, list) for ranking in conflict["preferences"].values() for group in ranking
    )


def gmcr_exercise(rng: Rng, level: int) -> Exercise:
    """Stable states and equilibria of a small conflict in the Graph Model's option form.

    Level 1: two decision makers with one option each, strict preferences; 2: two or
    three decision makers, three options, perhaps an infeasible combination; 3: as 2,
    with ties in the preferences and an irreversible option.
    """
    from stability.analysis.gmcr import analyse
    from stability.io.conflict import parse_conflict

    def interesting(conflict: dict[str, Any]) -> bool:
        answer = brute_force_gmcr(conflict)
        equilibria = answer["equilibria"]
        if not equilibria["gmr"] or len({tuple(v) for v in equilibria.values()}) < 2:
            return False  # the concepts should matter, and something should be stable
        return level < 3 or _has_preference_ties(conflict)

    for _ in range(MAX_ATTEMPTS):
        conflict = _random_conflict(rng, level)
        if interesting(conflict):
            break
    else:  # pragma: no cover - a few draws suffice
        raise StabilityError(
            "could not generate an exercise of this kind and level; try another seed"
        )
    parsed = parse_conflict(conflict_toml(conflict), source="exercise")
    _require(list(parsed.states) == conflict["states"], "the feasible states differ")
    result = analyse(parsed)
    answer: dict[str, Any] = {
        "stable": {
            name: {c: result.stable_codes(c, i) for c in GMCR_CONCEPTS}
            for i, name in enumerate(parsed.decision_makers)
        },
        "equilibria": {c: result.equilibrium_codes(c) for c in GMCR_CONCEPTS},
    }
    _require(answer == brute_force_gmcr(conflict), "stability.analysis.gmcr disagrees")
    return Exercise(
        kind="gmcr",
        level=level,
        question=(
            "In the conflict below each decision maker controls its own options and, in one "
            "unilateral move, may change any of them (within the rules shown) to reach another "
            "feasible state. For each decision maker, which states are stable under Nash, "
            "general metarationality (GMR), symmetric metarationality (SMR) and sequential "
            "stability (SEQ)? Which states are equilibria (stable for every decision maker) "
            "under each concept? Give states by their codes."
        ),
        game=None,
        answer=answer,
        checks=(
            "stability.analysis.gmcr.analyse",
            "the same stable states as a brute-force enumeration of every unilateral "
            "improvement and every legal sanctioning sequence",
        ),
        conflict=conflict,
        details={"graph": brute_force_graph(conflict), "toml": conflict_toml(conflict)},
    )


# -- the generator ---------------------------------------------------------------------------------

GENERATORS: dict[str, Callable[[Rng, int], Exercise]] = {
    "pure": pure_exercise,
    "mixed": mixed_exercise,
    "dominance": dominance_exercise,
    "tipping": tipping_exercise,
    "repeated": repeated_exercise,
    "gmcr": gmcr_exercise,
}


def generate_exercises(
    *, kind: str | None = None, level: int = 1, seed: int = 0, count: int = 1
) -> list[Exercise]:
    """``count`` exercises of ``kind`` (every kind in turn when ``None``) at ``level``.

    The same arguments always give the same exercises.
    """
    if kind is not None and kind not in GENERATORS:
        raise InputError(
            f"unknown exercise kind {kind!r} (expected one of {', '.join(GENERATORS)})",
            item="--kind",
        )
    if level not in LEVELS:
        raise InputError(f"level must be 1, 2 or 3, got {level}", item="--level")
    if count < 1 or count > 100:
        raise InputError(f"count must be between 1 and 100, got {count}", item="--count")
    if seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed}", item="--seed")
    rng = np.random.default_rng(seed)
    kinds = [kind] * count if kind is not None else [KINDS[i % len(KINDS)] for i in range(count)]
    return [GENERATORS[k](rng, level) for k in kinds]


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    """One exercise as in ``stability/exercise/v1``."""
    from stability.io.json_game import game_to_json

    document: dict[str, Any] = {
        "kind": exercise.kind,
        "level": exercise.level,
        "question": exercise.question,
        "game": None if exercise.game is None else game_to_json(exercise.game),
        "answer": exercise.answer,
        "checks": list(exercise.checks),
    }
    if exercise.parameter is not None:
        document["parameter"] = exercise.parameter
    if exercise.conflict is not None:
        document["conflict"] = exercise.conflict
    return document


def exercises_json(exercises: Sequence[Exercise], seed: int) -> dict[str, Any]:
    """The whole ``stability/exercise/v1`` document."""
    return {
        "schema": "stability/exercise/v1",
        "seed": seed,
        "exercises": [exercise_json(e) for e in exercises],
    }
