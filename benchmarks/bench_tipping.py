"""The smallest shift that makes an outcome the ONLY equilibrium: MILP against random search.

On a bundled scenario (default Mosul, target the partition deal), in one run:

* ours: ``minimal_shift(..., goal="unique")``: HiGHS branch and bound over the linear
  equilibrium conditions, the optimal branch solved again as an LP, snapped to an
  exact point and re-checked (global optimum, exact);
* the obvious alternative: sample the parameter box uniformly, check every sample
  with the vectorised joint game (``CompiledScenario.pure_equilibrium_mask``) and
  keep the nearest that meets the goal (an upper bound that improves with samples).

Run: ``python benchmarks/bench_tipping.py [--scenario mosul] [--samples 1000000]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from stability.analysis.joint import CompiledScenario
from stability.analysis.tipping import minimal_shift
from stability.cli.common import load_scenario

TARGET = "The Road to U.S. Defeat in Iraq"


def random_search(scenario_name: str, target: str, samples: int, seed: int) -> float | None:
    """The least L1 range-normalised distance among samples where target is the only one."""
    scenario = load_scenario(scenario_name, None)
    compiled = CompiledScenario(scenario)
    names = [p.name for p in scenario.parameters]
    low = np.array([float(p.range[0]) for p in scenario.parameters])
    high = np.array([float(p.range[1]) for p in scenario.parameters])
    width = np.where(high > low, high - low, 1.0)
    base = np.array([float(p.value) for p in scenario.parameters])
    wanted = scenario.outcome_mask(target).ravel()
    rng = np.random.default_rng(seed)
    best: float | None = None
    for start in range(0, samples, 100_000):
        size = min(100_000, samples - start)
        points = low + rng.random((size, len(names))) * (high - low)
        mask = compiled.pure_equilibrium_mask({n: points[:, k] for k, n in enumerate(names)})
        flat = mask.reshape(size, -1)
        unique = flat[:, wanted].any(axis=1) & ~flat[:, ~wanted].any(axis=1)
        if unique.any():
            found = float((np.abs(points[unique] - base) / width).sum(axis=1).min())
            best = found if best is None else min(best, found)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="mosul")
    parser.add_argument("--target", default=TARGET)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    scenario = load_scenario(arguments.scenario, None)
    start = time.perf_counter()
    shift = minimal_shift(scenario, arguments.target, "unique")
    ours = time.perf_counter() - start
    start = time.perf_counter()
    sampled = random_search(arguments.scenario, arguments.target, arguments.samples, 0)
    theirs = time.perf_counter() - start
    exact = "none" if shift is None else f"{shift.distance_exact} ({shift.distance:.4f})"
    print("| method | time | smallest distance found |")
    print("| --- | --- | --- |")
    print(f"| MILP (ours, exact, re-checked) | {ours:.2f} s | {exact} |")
    found = "none" if sampled is None else f"{sampled:.4f}"
    print(f"| random search, {arguments.samples:,} samples | {theirs:.2f} s | {found} |")


if __name__ == "__main__":
    main()
