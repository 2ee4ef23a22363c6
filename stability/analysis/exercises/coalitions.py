"""Coalition-structure exercises: is this structure core-stable, and which actor moves?

The answer comes from :func:`~stability.analysis.coalitions.coalition_analysis` and is
checked against a plain recomputation here: every structure's equilibria by trying
each joint deviation of each coalition with exact payoffs, the worst payoffs, every
group deviation of the core and every individual move.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from stability.analysis.exercises.common import Exercise, Rng, _draw, _random_game, _require
from stability.model.exact import format_fraction
from stability.model.game import Game

Groups = tuple[tuple[int, ...], ...]


def _partitions(actors: list[int]) -> list[Groups]:
    if not actors:
        return [()]
    first, rest = actors[0], actors[1:]
    out: list[Groups] = []
    for smaller in _partitions(rest):
        out.append(((first,), *smaller))
        for k in range(len(smaller)):
            joined = tuple(sorted((first, *smaller[k])))
            out.append((*smaller[:k], joined, *smaller[k + 1 :]))
    return [tuple(sorted(p)) for p in out]


def _equilibria(game: Game, groups: Groups) -> list[tuple[int, ...]]:
    found = []
    for profile in itertools.product(*(range(k) for k in game.shape)):
        blocked = False
        for group in groups:
            for choice in itertools.product(*(range(game.shape[i]) for i in group)):
                moved = list(profile)
                for i, s in zip(group, choice, strict=True):
                    moved[i] = s
                if tuple(moved) != profile and all(
                    game.payoff(i, moved) > game.payoff(i, profile) for i in group
                ):
                    blocked = True
        if not blocked:
            found.append(profile)
    return found


def _canonical(groups: list[tuple[int, ...]]) -> Groups:
    return tuple(sorted(tuple(sorted(g)) for g in groups if g))


def _text(game: Game, groups: Groups) -> str:
    return " ".join("{" + ", ".join(game.players[i] for i in g) + "}" for g in groups)


def _plain_answer(game: Game, asked: Groups) -> dict[str, Any]:
    """The core verdict, blocking groups and profitable moves of ``asked``, by hand."""
    n = game.n_players
    worst: dict[Groups, list[Fraction] | None] = {}
    for groups in _partitions(list(range(n))):
        eq = _equilibria(game, groups)
        worst[groups] = (
            [min(game.payoff(i, p) for p in eq) for i in range(n)] if eq else None
        )

    def gains(i: int, to: Groups, start: Groups) -> bool:
        after, before = worst[to], worst[start]
        if after is None:
            return False
        return before is None or after[i] > before[i]

    blocking = []
    for size in range(1, n + 1):
        for group in itertools.combinations(range(n), size):
            rest = [tuple(j for j in g if j not in group) for g in asked]
            reached = _canonical([*rest, group])
            if all(gains(i, reached, asked) for i in group):
                blocking.append(group)
    moves = []
    for i in range(n):
        own = next(g for g in asked if i in g)
        for target in [g for g in asked if g != own] + ([()] if len(own) > 1 else []):
            others = [g for g in asked if g not in (own, target)]
            reached = _canonical([*others, tuple(j for j in own if j != i), (*target, i)])
            if gains(i, reached, asked):
                moves.append((i, target, reached))
    return {"worst": worst, "blocking": blocking, "moves": moves}


def coalitions_exercise(rng: Rng, level: int) -> Exercise:
    """Is a coalition structure core-stable, which groups block it, which actor moves?"""
    from stability.analysis.coalitions import coalition_analysis

    low, high = {1: (0, 4), 2: (0, 9), 3: (-5, 5)}[level]
    players = ["Ann", "Bob", "Cy"]

    def make(r: Rng) -> Game:
        return _random_game(r, (2, 2, 2), low, high, players=players)

    def accept(game: Game) -> bool:
        analysis = coalition_analysis(game)
        counts = [len(analysis.equilibria(s)) for s in range(len(analysis.structures))]
        if min(counts) == 0 or (level == 1 and counts[-1] > 1):
            return False  # level 1: every structure has an equilibrium, a unique Nash one
        core = analysis.verdicts["core"]
        return bool(core.any()) and not bool(core.all())

    game = _draw(rng, make, accept)
    analysis = coalition_analysis(game)
    unstable = [s for s in range(len(analysis.structures)) if not analysis.verdicts["core"][s]]
    stable = [s for s in range(len(analysis.structures)) if analysis.verdicts["core"][s]]
    pool = unstable if level == 1 or rng.random() < 0.6 else stable
    asked = int(pool[int(rng.integers(len(pool)))])
    groups = _canonical(list(analysis.structures.coalitions(asked)))
    names = game.players
    blocking = [m.group for m in analysis.all_group_moves[asked]]
    moves = list(analysis.actor_moves[asked])
    plain = _plain_answer(game, groups)
    _require(sorted(blocking) == sorted(plain["blocking"]), "the blocking groups differ")
    _require(
        sorted((m.actor, m.joins) for m in moves)
        == sorted((i, tuple(t)) for i, t, _ in plain["moves"]),
        "the profitable moves differ",
    )
    for s in range(len(analysis.structures)):
        worst = plain["worst"][_canonical(list(analysis.structures.coalitions(s)))]
        _require(worst is not None and list(worst) == [
            analysis.value(i, s)[0] for i in range(game.n_players)
        ], "the worst equilibrium payoffs differ")
    core_stable = not blocking
    answer = {
        "structure": analysis.structure_text(asked),
        "equilibria": [
            [game.strategies[i][k] for i, k in enumerate(p)] for p in analysis.equilibria(asked)
        ],
        "core_stable": core_stable,
        "blocking_groups": [[names[i] for i in g] for g in blocking],
        "nash_stable": bool(analysis.verdicts["nash"][asked]),
        "moves": [
            {
                "actor": names[m.actor],
                "joins": [names[j] for j in m.joins],
                "gain": None if m.gain is None else format_fraction(m.gain),
                "text": m.describe(names),
            }
            for m in moves
        ],
        "core_stable_structures": [analysis.structure_text(s) for s in stable],
    }
    question = (
        f"{', '.join(names[:-1])} and {names[-1]} play the game below. In a coalition "
        "structure each coalition chooses its members' strategies jointly and changes them "
        "only when every member gains strictly; each actor judges a structure by its worst "
        "payoff over the structure's pure equilibria. Is the structure "
        f"{analysis.structure_text(asked)} core-stable (no group gains, every member "
        "strictly, by forming a coalition of its own while the others keep theirs)? If not, "
        "which groups would leave? Which actors would gain by moving to another coalition or "
        "going alone?"
    )
    return Exercise(
        kind="coalitions",
        level=level,
        question=question,
        game=game,
        answer=answer,
        checks=(
            "every structure's equilibria, worst payoffs, blocking groups and moves recomputed "
            "by trying each deviation with exact payoffs",
        ),
        details={"structure": asked},
    )
