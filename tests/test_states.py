"""Tests of ``stability.analysis.states`` and ``stability states``."""

from __future__ import annotations

import json
from collections import deque
from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.states import (
    CONCEPTS,
    all_profile_stability,
    profile_stability,
    stability_table,
)
from stability.cli.app import main
from stability.model.game import Game

PD = Game.from_payoffs(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    players=["Row", "Column"],
    strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
    title="Prisoner's Dilemma",
)


# -- known answers --------------------------------------------------------------------


def test_prisoners_dilemma_defection_is_nash_and_coalition_proof_but_not_strong() -> None:
    # Bernheim, Peleg & Whinston (1987), J. Econ. Theory 42:1-12, sec. 2: in the
    # Prisoner's Dilemma the joint deviation to (C, C) is not self-enforcing, so
    # (D, D) is coalition-proof although it is not a strong equilibrium.
    result = profile_stability(PD, (1, 1))
    assert result.stable["nash"] and result.stable["strict"]
    assert result.stable["coalition_proof"]
    assert not result.stable["strong"]
    deviation = result.deviations["strong"]
    assert deviation.players == (0, 1) and deviation.profile == (0, 0)
    assert deviation.gains == (Fraction(2), Fraction(2))


def test_prisoners_dilemma_cooperation_is_sequentially_stable() -> None:
    # Fang, Hipel & Kilgour (1993), Interactive Decision Making, ch. 3: in the graph
    # model of the Prisoner's Dilemma mutual cooperation is GMR, SMR and SEQ stable
    # (each side's defection is sanctioned by the other's), though not Nash.
    result = profile_stability(PD, (0, 0))
    assert result.concepts() == ("gmr", "smr", "seq")
    assert result.deviations["nash"].describe(PD) == "Row to Defect: Row gains 2"


def test_stag_hunt_pareto_inferior_equilibrium_is_not_coalition_proof() -> None:
    # Skyrms (2004), The Stag Hunt, ch. 1 payoffs; both hunters gain by moving
    # together to (Stag, Stag), itself self-enforcing (Bernheim et al. 1987).
    hunt = Game.from_payoffs([[[4, 0], [3, 3]], [[4, 3], [0, 3]]],
                             strategies=[["Stag", "Hare"], ["Stag", "Hare"]])
    table = stability_table(hunt)
    assert table.nash[1, 1] and not table.coalition_proof[1, 1] and not table.strong[1, 1]
    assert table.strong[0, 0] and table.coalition_proof[0, 0]
    deviation = profile_stability(hunt, (1, 1), table).deviations["coalition_proof"]
    assert deviation.players == (0, 1) and deviation.profile == (0, 0)


def test_three_player_coalition_proof_differs_from_strong() -> None:
    # A 3-player game (Bernheim, Peleg & Whinston 1987, sec. 2's point): a grand
    # coalition deviation that is not self-enforcing does not upset coalition-proofness.
    # Each player chooses 0/1; all-zero pays 1 each; all-one pays 2 each, but
    # from all-one any single player gains by returning to 0 (payoff 3).
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    for profile in np.ndindex(2, 2, 2):
        ones = sum(profile)
        for i in range(3):
            if ones == 0:
                payoffs[i][profile] = 1
            elif ones == 3:
                payoffs[i][profile] = 2
            elif ones == 2 and profile[i] == 0:
                payoffs[i][profile] = 3
            else:
                payoffs[i][profile] = 0
    game = Game.from_integers(list(payoffs))
    table = stability_table(game)
    assert table.nash[0, 0, 0] and not table.strong[0, 0, 0]
    assert table.coalition_proof[0, 0, 0]


# -- reference implementations from the definitions -------------------------------------


def _cpne_reference(game: Game) -> set[tuple[int, ...]]:
    """Bernheim-Peleg-Whinston's recursive definition, written literally."""
    n = game.n_players

    def payoff(i: int, profile: tuple[int, ...]) -> Fraction:
        return game.payoff(i, profile)

    def cp(members: tuple[int, ...], profile: tuple[int, ...]) -> bool:
        return profile in coalition_proof_set(members, profile)

    def with_choice(profile: tuple[int, ...], members: tuple[int, ...], choice: tuple[int, ...]):
        out = list(profile)
        for i, s in zip(members, choice, strict=True):
            out[i] = s
        return tuple(out)

    def self_enforcing(members: tuple[int, ...], profile: tuple[int, ...]) -> bool:
        return all(
            cp(sub, profile)
            for size in range(1, len(members))
            for sub in combinations(members, size)
        )

    memo: dict[tuple[tuple[int, ...], tuple[int, ...]], set[tuple[int, ...]]] = {}

    def coalition_proof_set(members: tuple[int, ...], profile: tuple[int, ...]):
        key = (members, tuple(s for i, s in enumerate(profile) if i not in members))
        if key in memo:
            return memo[key]
        candidates = [
            with_choice(profile, members, choice)
            for choice in np.ndindex(*(game.shape[i] for i in members))
        ]
        enforcing = [c for c in candidates if self_enforcing(members, c)]
        result = {
            c for c in enforcing
            if not any(all(payoff(i, d) > payoff(i, c) for i in members) for d in enforcing)
        }
        memo[key] = result
        return result

    everyone = tuple(range(n))
    return {p for p in (tuple(map(int, q)) for q in game.profiles()) if cp(everyone, p)}


def _reachable(game: Game, start: tuple[int, ...], movers: list[int], improving: bool):
    """States reached by legal sequences (no mover twice in a row), by breadth-first search."""
    seen = set()
    queue = deque([(start, -1)])
    reached = set()
    while queue:
        state, last = queue.popleft()
        for j in movers:
            if j == last:
                continue
            for s in range(game.shape[j]):
                if s == state[j]:
                    continue
                target = state[:j] + (s,) + state[j + 1 :]
                if improving and game.payoff(j, target) <= game.payoff(j, state):
                    continue
                reached.add(target)
                if (target, j) not in seen:
                    seen.add((target, j))
                    queue.append((target, j))
    return reached


def _graph_model_reference(game: Game, concept: str) -> set[tuple[int, ...]]:
    stable = set()
    for q in game.profiles():
        profile = tuple(int(s) for s in q)
        ok = True
        for i in range(game.n_players):
            others = [j for j in range(game.n_players) if j != i]
            base = game.payoff(i, profile)
            for s in range(game.shape[i]):
                s1 = profile[:i] + (s,) + profile[i + 1 :]
                if game.payoff(i, s1) <= base:
                    continue
                sanctions = _reachable(game, s1, others, improving=concept == "seq")
                if concept == "smr":
                    deterred = any(
                        game.payoff(i, s2) <= base
                        and all(
                            game.payoff(i, s2[:i] + (a,) + s2[i + 1 :]) <= base
                            for a in range(game.shape[i])
                        )
                        for s2 in sanctions
                    )
                else:
                    deterred = any(game.payoff(i, s2) <= base for s2 in sanctions)
                if not deterred:
                    ok = False
        if ok:
            stable.add(profile)
    return stable


def _as_set(array: np.ndarray) -> set[tuple[int, ...]]:
    return {tuple(int(s) for s in index) for index in np.argwhere(array)}


games = st.integers(2, 3).flatmap(
    lambda n: st.lists(st.integers(2, 3), min_size=n, max_size=n).flatmap(
        lambda shape: st.lists(
            st.lists(st.integers(0, 3), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))),
            min_size=len(shape),
            max_size=len(shape),
        ).map(
            lambda tables: Game.from_integers(
                [np.array(t).reshape(shape) for t in tables]
            )
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(games)
def test_inclusions(game: Game) -> None:
    table = stability_table(game)
    assert np.all(table.strong <= table.coalition_proof)
    assert np.all(table.coalition_proof <= table.nash)
    assert np.all(table.strict <= table.nash)
    assert np.all(table.nash <= table.seq) and np.all(table.seq <= table.gmr)
    assert np.all(table.nash <= table.smr) and np.all(table.smr <= table.gmr)


@settings(max_examples=40, deadline=None)
@given(games)
def test_matches_the_definitions(game: Game) -> None:
    table = stability_table(game)
    assert _as_set(table.coalition_proof) == _cpne_reference(game)
    for concept in ("gmr", "smr", "seq"):
        assert _as_set(table.by_concept(concept)) == _graph_model_reference(game, concept)


@settings(max_examples=40, deadline=None)
@given(games, st.randoms(use_true_random=False))
def test_relabelling_invariance(game: Game, random) -> None:
    n = game.n_players
    players = list(range(n))
    random.shuffle(players)
    orders = [random.sample(range(k), k) for k in game.shape]
    # new game: player p' = players[p'], strategy k' of it = orders[player][k']
    tables = []
    for new_i in range(n):
        old_i = players[new_i]
        table = np.transpose(game.numerators[old_i], players)
        for axis in range(n):
            table = np.take(table, orders[players[axis]], axis=axis)
        tables.append(table)
    relabelled = Game.from_integers(tables)
    before = stability_table(game)
    after = stability_table(relabelled)
    for concept in CONCEPTS:
        for new_profile in np.ndindex(*relabelled.shape):
            old = [0] * n
            for axis, k in enumerate(new_profile):
                old[players[axis]] = orders[players[axis]][k]
            assert after.by_concept(concept)[new_profile] == before.by_concept(concept)[tuple(old)]


@settings(max_examples=30, deadline=None)
@given(games)
def test_deviations_explain_failures(game: Game) -> None:
    for row in all_profile_stability(game):
        for concept in CONCEPTS:
            if row.stable[concept]:
                assert concept not in row.deviations
                continue
            deviation = row.deviations[concept]
            moved = {i for i in range(game.n_players) if deviation.profile[i] != row.profile[i]}
            assert moved <= set(deviation.players)
            if concept == "strict":
                assert all(g >= 0 for g in deviation.gains)
            else:
                assert all(g > 0 for g in deviation.gains)


def test_five_players_four_strategies_runs() -> None:
    rng = np.random.default_rng(7)
    game = Game.from_integers([rng.integers(0, 6, size=(4,) * 5) for _ in range(5)])
    rows = all_profile_stability(game)
    assert len(rows) == 1024


# -- command line -----------------------------------------------------------------------


def test_cli_json_matches_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["states", "prisoners-dilemma", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/states/v1"
    assert document["game"]["players"] == ["Row", "Column"]
    rows = all_profile_stability(PD)
    assert len(document["states"]) == 4
    for entry, row in zip(document["states"], rows, strict=True):
        assert entry["profile"] == list(row.profile)
        for concept in CONCEPTS:
            assert entry[concept] == row.stable[concept]
        assert entry["payoffs"] == [float(v) for v in row.payoffs]
    assert document["states"][3]["deviations"]["strong"]["players"] == ["Row", "Column"]


def test_cli_only_and_human(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["states", "prisoners-dilemma", "--only", "nash", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [e["profile"] for e in document["states"]] == [[1, 1]]
    assert main(["states", "prisoners-dilemma"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the explanation wraps
    assert "not strong: Row and Column together to (Cooperate, Cooperate)" in out


def test_cli_unknown_concept(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["states", "prisoners-dilemma", "--only", "pareto"]) == 2
    assert capsys.readouterr().err.startswith("error:")


def test_the_coalition_recursion_is_bounded_by_players() -> None:
    """20 one-strategy players passed the profile bound (one profile) but the
    coalition-proof recursion visits n * 2**(n-1) coalition steps: refused up front."""
    from stability.analysis.states import stability_table
    from stability.errors import TooLargeError

    tables = [np.zeros((1,) * 20, dtype=int) for _ in range(20)]
    with pytest.raises(TooLargeError, match="coalition steps"):
        stability_table(Game.from_payoffs(tables))
    tables = [np.zeros((1,) * 12, dtype=int) for _ in range(12)]
    assert stability_table(Game.from_payoffs(tables)).nash.all()
