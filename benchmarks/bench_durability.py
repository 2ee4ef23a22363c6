"""Durability along a timeline and prior sampling, against the obvious alternatives.

1. ``timeline_durability`` (every deviation margin solved in t, exactly) against
   a time grid: the scenario at each of N grid times (``Scenario.at_time``), its
   exact joint game and pure equilibria, the break time read off the grid (only
   to within horizon/N, and blind to anything between grid points).
2. ``sample_parameters`` from the priors (inverse transform through scipy.stats)
   against uniform draws, 10^6 samples of every parameter.

Run: ``.venv/bin/python benchmarks/bench_durability.py [SCENARIO]`` (default: the
race in tests/data/timeline-race.toml).
"""

from __future__ import annotations

import platform
import sys
import time
from fractions import Fraction

import numpy as np

from stability.analysis.durability import timeline_durability
from stability.analysis.joint import joint_game
from stability.analysis.priors import sample_parameters
from stability.io.scenario import read_scenario
from stability.solvers.pure import pure_equilibria

GRID = 200


def grid_break(scenario: object, outcome: str) -> tuple[float | None, float]:
    """The first grid time at which ``outcome`` is no pure equilibrium, and seconds."""
    start = time.perf_counter()
    assert scenario.timeline is not None  # type: ignore[attr-defined]
    horizon = scenario.timeline.horizon  # type: ignore[attr-defined]
    found = None
    for k in range(GRID + 1):
        t = horizon * Fraction(k, GRID)
        at = scenario.at_time(t, exact=False)  # type: ignore[attr-defined]
        profiles = pure_equilibria(joint_game(at))
        if not any(outcome in at.outcomes_of(tuple(int(i) for i in p)) for p in profiles):
            found = float(t)
            break
    return found, time.perf_counter() - start


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else "tests/data/timeline-race.toml"
    scenario = read_scenario(source)
    print(f"{scenario.title}; Python {platform.python_version()}, {platform.machine()}")
    start = time.perf_counter()
    result = timeline_durability(scenario, sensitivity=False)
    exact_seconds = time.perf_counter() - start
    start = time.perf_counter()
    timeline_durability(scenario)
    with_sensitivity = time.perf_counter() - start
    breaks = result.breaks.text() if result.breaks else "never"
    print(f"exact durability: breaks at {breaks}, {exact_seconds:.3f} s "
          f"({with_sensitivity:.3f} s with the sensitivity table)")
    grid, grid_seconds = grid_break(scenario, result.outcome)
    print(f"time grid of {GRID + 1} points: first grid time not an equilibrium {grid}, "
          f"{grid_seconds:.3f} s (resolution {float(scenario.timeline.horizon) / GRID:g})")
    rng = np.random.default_rng(0)
    sample_parameters(scenario, 10, rng)  # imports scipy.special once, outside the timing
    start = time.perf_counter()
    sample_parameters(scenario, 1_000_000, rng, uniform=True)
    uniform_seconds = time.perf_counter() - start
    start = time.perf_counter()
    sample_parameters(scenario, 1_000_000, rng)
    prior_seconds = time.perf_counter() - start
    declared = sum(p.prior is not None for p in scenario.parameters)
    print(f"10^6 draws of {len(scenario.parameters)} parameters: uniform {uniform_seconds:.3f} s, "
          f"from the priors ({declared} declared) {prior_seconds:.3f} s")


if __name__ == "__main__":
    main()
