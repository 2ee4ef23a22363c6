"""``stability analyze`` at 100 points of a scenario, half of them on regime boundaries.

Boundary points are the exact ones ``tipping`` reports: every one-parameter threshold
within range (the parameter set exactly to the threshold, an exact rational where the
threshold is one) and every smallest combined shift (``minimal_shift``'s exact point),
for every outcome and the goals ``equilibrium``, ``unique`` and ``breaks``, first at
the scenario's values and then at random interior points until there are enough.
Interior points are drawn uniformly in the parameters' ranges (4 decimals).

Each point runs ``analyze`` in this process (``main(["analyze", SCENARIO, "--set",
...])``, output discarded; CPU time per point) and, for the first ``--commands`` points
of each kind and the defaults, as a whole command in a fresh interpreter (CPU time of
the child). Medians and maxima are printed. Run the same script against older code
with ``PYTHONPATH=/path/to/old/checkout`` for a before/after in one run.

Run: ``python benchmarks/bench_analyze.py [--scenario mosul] [--points 100] [--commands 3]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from fractions import Fraction
from typing import Any

from stability.analysis.tipping import minimal_shift, tipping_analysis
from stability.cli.app import main as cli
from stability.cli.common import load_scenario

GOALS = ("equilibrium", "unique", "breaks")


def _text(value: Any) -> str | None:
    """An exact rational as ``p/q`` (``None`` for an irrational threshold)."""
    try:
        return str(Fraction(str(value)))
    except (ValueError, ZeroDivisionError):
        return None


def _in_range(scenario: Any, name: str, text: str) -> bool:
    low, high = scenario.parameter(name).range
    return bool(low <= Fraction(text) <= high)


def boundary_points(scenario: Any, base: dict[str, str]) -> list[dict[str, str]]:
    """The thresholds and smallest shifts ``tipping`` reports at ``base``."""
    moved = scenario.with_values({k: Fraction(v) for k, v in base.items()}) if base else scenario
    points: list[dict[str, str]] = []
    for outcome in scenario.outcomes:
        for goal in GOALS:
            if goal == "breaks" and scenario.coalition_outcome != outcome.name:
                continue
            try:
                result = tipping_analysis(moved, outcome.name, goal=goal, shift=False, cells=False)
            except Exception:  # noqa: BLE001 - a goal that does not apply here
                continue
            for entry in result.parameters:
                for threshold in (entry.increase, entry.decrease):
                    if threshold is None or not threshold.within_range:
                        continue
                    text = _text(threshold.value)
                    if text is not None:
                        points.append(base | {entry.parameter: text})
            try:
                shift = minimal_shift(moved, outcome.name, goal)
            except Exception:  # noqa: BLE001
                shift = None
            if shift is not None:
                exact = {p.parameter: str(p.exact) for p in shift.parameters if p.exact is not None}
                if exact and all(_in_range(scenario, k, v) for k, v in exact.items()):
                    points.append(base | exact)
    return points


def interior_point(scenario: Any, rng: random.Random) -> dict[str, str]:
    return {
        p.name: f"{rng.uniform(float(p.range[0]), float(p.range[1])):.4f}"
        for p in scenario.parameters
    }


def _sets(point: dict[str, str]) -> list[str]:
    return [arg for name, value in point.items() for arg in ("--set", f"{name}={value}")]


def in_process(name: str, point: dict[str, str]) -> float:
    """CPU seconds of one ``analyze`` in this process."""
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli(["analyze", name, *_sets(point)])
    return time.process_time() - start


def whole_command(name: str, point: dict[str, str]) -> float:
    """CPU seconds (user + system) of ``python -m stability analyze`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "stability", "analyze", name, *_sets(point)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=dict(os.environ),
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _summary(label: str, times: list[float]) -> str:
    if not times:
        return f"{label:<34} (none)"
    return (
        f"{label:<34} n={len(times):>3}  median {statistics.median(times):6.2f} s  "
        f"max {max(times):6.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="mosul")
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--commands", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    scenario = load_scenario(arguments.scenario, None)
    rng = random.Random(arguments.seed)
    half = arguments.points // 2

    boundary: list[dict[str, str]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    base: dict[str, str] = {}
    for _ in range(20 * half):
        for point in boundary_points(scenario, base):
            key = tuple(sorted(point.items()))
            if key not in seen:
                seen.add(key)
                boundary.append(point)
        if len(boundary) >= half:
            break
        base = interior_point(scenario, rng)
    boundary = boundary[:half]
    interior = [interior_point(scenario, rng) for _ in range(arguments.points - len(boundary))]
    print(f"{arguments.scenario}: {len(boundary)} boundary points, {len(interior)} interior")

    in_process(arguments.scenario, {})  # imports and first-use compilation, not measured
    times = {"boundary": [in_process(arguments.scenario, p) for p in boundary],
             "interior": [in_process(arguments.scenario, p) for p in interior]}
    print(_summary("analyze in process, boundary", times["boundary"]))
    print(_summary("analyze in process, interior", times["interior"]))
    slowest = max(range(len(boundary)), key=lambda k: times["boundary"][k], default=None)
    if slowest is not None:
        print(f"  slowest boundary point: {' '.join(_sets(boundary[slowest]))}")

    count = arguments.commands
    print(_summary("whole command, defaults", [whole_command(arguments.scenario, {})]))
    print(_summary("whole command, boundary",
                   [whole_command(arguments.scenario, p) for p in boundary[:count]]))
    print(_summary("whole command, interior",
                   [whole_command(arguments.scenario, p) for p in interior[:count]]))


if __name__ == "__main__":
    main()
