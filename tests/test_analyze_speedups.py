"""The speed-ups of ``analyze`` (issue 24) give the same answers as the slow paths.

- the exact simplex keeps its reduced costs up to date instead of recomputing them
  (and skips zero entries): the same optimum and point as the textbook tableau
  below on random programmes;
- the plain answer's checker runs only the per-outcome checks of its outcomes: the
  same findings as a full check, filtered the same way;
- one-parameter thresholds are kept per scenario object: the same as on a fresh copy;
- basins state their step bound: how many starts it stopped, in the text and JSON.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from stability.analysis.exact_lp import InfeasibleProgramme, UnboundedProgramme, minimise


def _reference_minimise(
    cost: Sequence[Fraction], rows: Sequence[Sequence[Fraction]], limits: Sequence[Fraction]
) -> tuple[Fraction, list[Fraction]]:
    """The two-phase Bland simplex as it was: reduced costs recomputed at every step."""
    m, n = len(rows), len(cost)
    negative = [i for i in range(m) if limits[i] < 0]
    width = n + m + len(negative)
    table: list[list[Fraction]] = []
    basis: list[int] = []
    for i in range(m):
        row = [Fraction(v) for v in rows[i]] + [Fraction(0)] * (m + len(negative)) + [
            Fraction(limits[i])
        ]
        row[n + i] = Fraction(1)
        if limits[i] < 0:
            row = [-v for v in row]
            column = n + m + negative.index(i)
            row[column] = Fraction(1)
            basis.append(column)
        else:
            basis.append(n + i)
        table.append(row)
    artificial = set(range(n + m, width))

    def pivot(r: int, column: int) -> None:
        head = table[r][column]
        table[r] = [v / head for v in table[r]]
        for i in range(m):
            factor = table[i][column]
            if i != r and factor:
                table[i] = [a - factor * b for a, b in zip(table[i], table[r], strict=True)]
        basis[r] = column

    def run(objective: list[Fraction], allowed: set[int]) -> None:
        while True:
            entering = None
            for j in sorted(allowed):
                if j in basis:
                    continue
                reduced = objective[j] - sum(
                    (objective[basis[i]] * table[i][j] for i in range(m)), Fraction(0)
                )
                if reduced < 0:
                    entering = j
                    break
            if entering is None:
                return
            best: tuple[Fraction, int, int] | None = None
            for i in range(m):
                if table[i][entering] > 0:
                    key = (table[i][-1] / table[i][entering], basis[i], i)
                    if best is None or key < best:
                        best = key
            if best is None:
                raise UnboundedProgramme("unbounded")
            pivot(best[2], entering)

    everything = set(range(width))
    if negative:
        run([Fraction(1) if j in artificial else Fraction(0) for j in range(width)], everything)
        if any(table[i][-1] != 0 for i in range(m) if basis[i] in artificial):
            raise InfeasibleProgramme("infeasible")
        for i in range(m):
            if basis[i] in artificial:
                entering = next(
                    (j for j in range(n + m) if table[i][j] != 0 and j not in basis), None
                )
                if entering is not None:
                    pivot(i, entering)
    objective = [Fraction(c) for c in cost] + [Fraction(0)] * (width - n)
    run(objective, everything - artificial)
    point = [Fraction(0)] * n
    for i, basic in enumerate(basis):
        if basic < n:
            point[basic] = table[i][-1]
    return sum((c * y for c, y in zip(cost, point, strict=True)), Fraction(0)), point


def _outcome(solver: Any, *args: Any) -> Any:
    try:
        return solver(*args)
    except InfeasibleProgramme:
        return "infeasible"
    except UnboundedProgramme:
        return "unbounded"


def test_exact_simplex_matches_the_textbook_tableau() -> None:
    rng = random.Random(24)
    kinds = set()
    for _ in range(600):
        n, m = rng.randint(1, 6), rng.randint(1, 7)

        def pick() -> Fraction:
            return Fraction(rng.randint(-4, 4), rng.choice([1, 1, 2, 3]))

        cost = [pick() for _ in range(n)]
        rows = [[pick() if rng.random() < 0.7 else Fraction(0) for _ in range(n)]
                for _ in range(m)]
        limits = [pick() for _ in range(m)]
        found = _outcome(minimise, cost, rows, limits)
        assert found == _outcome(_reference_minimise, cost, rows, limits)
        kinds.add(found if isinstance(found, str) else "optimal")
    assert kinds == {"optimal", "infeasible", "unbounded"}


@pytest.mark.parametrize("sets", [None, ["factionalism=1"]])
def test_answer_checker_gives_the_full_checks_findings(sets: list[str] | None) -> None:
    from stability.analysis.check import check_scenario
    from stability.analysis.findings import concerning_findings
    from stability.cli.common import load_scenario

    outcomes = ("The Road to U.S. Defeat in Iraq", "Competing and Cooperating in Iraq")
    parameters = ("factionalism", "alienation", "fighting_cost", "threat")
    fast = concerning_findings(
        load_scenario("mosul", sets), outcomes=outcomes, parameters=parameters
    )
    full = concerning_findings(
        load_scenario("mosul", sets),
        outcomes=outcomes,
        parameters=parameters,
        checker=lambda s: check_scenario(s, shifts=False),
    )
    assert fast == full
    assert fast  # Mosul has findings about its levers: the comparison is not vacuous


def test_thresholds_kept_per_scenario_equal_fresh_ones() -> None:
    from stability.analysis.tipping.margins import Context, shared
    from stability.analysis.tipping.thresholds import _parameter_tipping
    from stability.cli.common import load_scenario

    scenario = load_scenario("mosul", ["threat=8"])
    first = {
        (o.name, p.name): _parameter_tipping(Context(scenario, o.name, "unique"), p.name)
        for o in scenario.outcomes[:2]
        for p in scenario.parameters
    }
    assert shared(scenario)  # kept
    fresh = scenario.with_values({})
    assert shared(fresh) is not shared(scenario)
    again = {
        key: _parameter_tipping(Context(fresh, key[0], "unique"), key[1]) for key in first
    }
    assert {k: (str(v.holds), v.increase, v.decrease) for k, v in first.items()} == {
        k: (str(v.holds), v.increase, v.decrease) for k, v in again.items()
    }


# -- the basins' step bound ----------------------------------------------------------------

PENNIES = [np.array([[[1.0, -1.0], [-1.0, 1.0]]]), np.array([[[-1.0, 1.0], [1.0, -1.0]]])]


def _rps_with_a_way_out() -> list[np.ndarray]:
    """Rock-paper-scissors with an outside option O, (O, O) the only pure equilibrium
    (strict); O does badly against the others, so most starts cycle in the RPS part."""
    rps = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])
    row, column = np.zeros((4, 4)), np.zeros((4, 4))
    row[:3, :3], row[3, :3], row[3, 3] = rps, -2.0, 1.0
    column[:3, :3], column[:3, 3], column[3, 3] = -rps, -2.0, 1.0
    return [row[None], column[None]]


def test_starts_stopped_by_the_bound_are_counted() -> None:
    from stability.analysis.learning import INTEGRATION, simulate, simulate_bounded, uniform_starts

    tables = _rps_with_a_way_out()
    starts = uniform_starts(np.random.default_rng(0), 200, (4, 4))
    for dynamic in ("replicator", "logit"):
        ends, bounded = simulate_bounded(tables, starts, dynamic)
        assert INTEGRATION[dynamic].max_steps > 0
        # the cycling starts end in no pure equilibrium, stopped by the bound; those
        # that reach (O, O) (flat index 15) do so before it
        assert set(ends.tolist()) <= {-1, 15}
        assert 0 < bounded.sum() <= (ends == -1).sum()
        assert not bounded[ends == 15].any()
        assert (simulate(tables, starts, dynamic) == ends).all()


def test_a_game_without_pure_equilibria_is_not_simulated() -> None:
    from stability.analysis.learning import simulate_bounded, uniform_starts

    starts = uniform_starts(np.random.default_rng(3), 50, (2, 2))
    for dynamic in ("replicator", "logit"):
        ends, bounded = simulate_bounded(PENNIES, starts, dynamic)
        # no pure equilibrium to end in: every start ends in none, certainly, at once
        assert (ends == -1).all()
        assert not bounded.any()
    # one game of a batch without pure equilibria, one with: each start as alone
    coordination = np.array([[[2.0, 0.0], [0.0, 1.0]]])
    tables = [np.concatenate([PENNIES[0], coordination]),
              np.concatenate([PENNIES[1], coordination])]
    pair = [np.concatenate([b[:2], b[:2]]) for b in starts]
    mixed = [np.repeat(t, 2, axis=0) for t in tables]
    ends, bounded = simulate_bounded(mixed, pair, "replicator")
    alone, _ = simulate_bounded([coordination, coordination], [b[:2] for b in starts])
    assert ends[:2].tolist() == [-1, -1]
    assert ends[2:].tolist() == alone.tolist()
    assert not bounded.any()


def test_a_coordination_game_ends_within_the_bound() -> None:
    from stability.analysis.selection import basin_counts, basin_counts_bounded

    coordination = [np.array([[[2.0, 0.0], [0.0, 1.0]]])] * 2
    counts, bounded = basin_counts_bounded(coordination, 300, seed=1)
    assert bounded.tolist() == [0]
    assert counts.sum() == 300
    assert (basin_counts(coordination, 300, seed=1) == counts).all()


def test_the_bound_is_stated_in_select_and_the_answer() -> None:
    from stability.analysis.answer import plain_answer
    from stability.analysis.selection import basins, select
    from stability.cli.common import load_scenario
    from stability.present.selection import basins_document, render_selection

    scenario = load_scenario("mosul", ["factionalism=1"])
    result = basins(scenario)
    assert result.max_steps == 5000
    assert result.bounded == 1  # one start still moving at the bound there
    answer = plain_answer(scenario)
    assert answer is not None and answer.basins is not None
    assert answer.basins.bounded == 1
    assert "1 of 1,000 starts was still moving at the bound of 5,000 steps" in answer.paragraph
    document = answer.document()
    assert (document["basin_max_steps"], document["basin_at_step_bound"]) == (5000, 1)
    selection = select(scenario)
    assert basins_document(selection, selection.basins[0])["at_step_bound"] == 1
    from rich.console import Console

    console = Console(record=True, width=100)
    for renderable in render_selection(selection):
        console.print(renderable)
    text = console.export_text()
    assert "1 of 1,000 starts was still moving at the bound of 5,000 steps" in text
    assert "Every start ended within the bound of 4,000 steps" in text  # logit


def test_no_bound_sentence_when_every_start_ends() -> None:
    from stability.analysis.answer import plain_answer
    from stability.cli.common import load_scenario

    answer = plain_answer(load_scenario("two-allies", None))
    assert answer is not None and answer.basins is not None
    assert answer.basins.bounded == 0
    assert "still moving at the bound" not in answer.paragraph
