"""``select`` and ``sensitivity`` on a scenario, against the obvious alternatives.

- select: the defaults (1000 starts, replicator and logit) vectorised over all
  starts at once, against simulating the starts one at a time with the same kernel
  (timed on a sample of starts and extrapolated, said so in the output);
- sensitivity: the defaults (4096 base samples: N (D + 2) Sobol evaluations plus
  Morris), the model evaluated on the compiled scenario with numpy, against
  building the exact joint game and finding its pure equilibria point by point
  (timed on a sample and extrapolated); and ``--goal selected`` at its defaults.

Run: ``python benchmarks/bench_select_sensitivity.py [SCENARIO [NAME=VALUE ...]]``
(default: mosul, and mosul with alienation=3, where two outcomes are equilibria).
"""

from __future__ import annotations

import platform
import sys
import time
from fractions import Fraction

import numpy as np

from stability.analysis.joint import CompiledScenario, joint_game
from stability.analysis.learning import DYNAMICS, simulate
from stability.analysis.priors import sample_parameters
from stability.analysis.selection import select, start_chunks
from stability.analysis.sensitivity import sensitivity, varying_parameters
from stability.cli.common import load_scenario
from stability.model.scenario import Scenario
from stability.solvers.pure import pure_equilibria

LOOP_STARTS = 30
LOOP_POINTS = 300


def bench_select(scenario: Scenario, label: str) -> None:
    start = time.perf_counter()
    result = select(scenario)
    vectorised = time.perf_counter() - start
    game = joint_game(scenario)
    tables = [np.asarray(t, dtype=np.float64)[None] for t in game.payoffs]
    starts = start_chunks(0, LOOP_STARTS, scenario.shape)[0]
    loop = 0.0
    for dynamic in DYNAMICS:
        begin = time.perf_counter()
        for k in range(LOOP_STARTS):
            simulate(tables, [b[k : k + 1] for b in starts], dynamic)
        loop += (time.perf_counter() - begin) / LOOP_STARTS * 1000
    shares = "; ".join(
        f"{b.dynamic}: " + ", ".join(
            f"{'/'.join(scenario.outcomes_of(s.profile)) if s.profile else 'none'} {s.share:.1%}"
            for s in b.shares
        )
        for b in result.basins
    )
    print(f"select {label}: vectorised {vectorised:.2f} s (1000 starts x 2 dynamics, exact "
          f"risk dominance included); one start at a time {loop:.1f} s (extrapolated from "
          f"{LOOP_STARTS} starts per dynamic); speed-up {loop / vectorised:.0f}x")
    print(f"  {shares}")


def bench_sensitivity(scenario: Scenario, outcome: str) -> None:
    compiled = CompiledScenario(scenario)
    start = time.perf_counter()
    result = sensitivity(scenario, outcome, samples=4096, compiled=compiled)
    vectorised = time.perf_counter() - start
    names, _ = varying_parameters(scenario, compiled)
    draws = sample_parameters(scenario, LOOP_POINTS, np.random.default_rng(0), names=names)
    begin = time.perf_counter()
    for k in range(LOOP_POINTS):
        values = {n: Fraction(float(draws[n][k])) for n in names}
        pure_equilibria(joint_game(scenario, values))
    per_point = (time.perf_counter() - begin) / LOOP_POINTS
    total = result.evaluations + result.morris_evaluations
    loop = per_point * total
    print(f"sensitivity {outcome!r}: {total:,} evaluations in {vectorised:.2f} s (Sobol "
          f"{result.evaluations:,} + Morris {result.morris_evaluations:,}, SALib analysis "
          f"included); exact per-point loop {per_point * 1e3:.2f} ms x {total:,} = {loop:.0f} s "
          f"(extrapolated from {LOOP_POINTS} points); speed-up {loop / vectorised:.0f}x")
    print("  top three by total index: " + ", ".join(
        f"{i.parameter} {i.total:.2f}" for i in result.indices[:3]))
    start = time.perf_counter()
    chosen = sensitivity(scenario, outcome, goal="selected", samples=32, trajectories=10,
                         starts=50, compiled=compiled)
    selected = time.perf_counter() - start
    print(f"sensitivity --goal selected (32 samples, 10 trajectories, 50 starts): "
          f"{chosen.evaluations + chosen.morris_evaluations:,} evaluations in {selected:.1f} s; "
          "top three: " + ", ".join(f"{i.parameter} {i.total:.2f}" for i in chosen.indices[:3]))


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else "mosul"
    sets = sys.argv[2:] or (["alienation=3"] if source == "mosul" else [])
    print(f"machine: {platform.processor() or platform.machine()}, {platform.system()}, "
          f"Python {platform.python_version()}")
    scenario = load_scenario(source, None)
    print(f"scenario: {scenario.title} ({scenario.n_profiles} joint profiles, "
          f"{len(scenario.parameters)} parameters)")
    bench_select(scenario, "at the current values")
    if sets:
        bench_select(load_scenario(source, sets), "with " + " ".join(sets))
    target = next(
        (o.name for o in scenario.outcomes if o.name != scenario.coalition_outcome),
        scenario.outcomes[0].name,
    )
    bench_sensitivity(scenario, target)


if __name__ == "__main__":
    main()
