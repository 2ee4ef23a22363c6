"""Sweep and robustness against the obvious per-point loop, in one run.

The per-point loop substitutes each point's values into the scenario, builds the
exact joint game (:func:`~stability.analysis.joint.joint_game`) and finds its pure
equilibria (:func:`~stability.solvers.pure.pure_equilibria`). It is timed on a
sample of points and extrapolated to the full grid / sample count (said so in the
output). Run: ``.venv/bin/python benchmarks/bench_sweep.py [SCENARIO [X Y]]``.
"""

from __future__ import annotations

import platform
import random
import sys
import time
from fractions import Fraction

from stability.analysis import allocator
from stability.analysis.joint import CompiledScenario, joint_game
from stability.analysis.robustness import robustness
from stability.analysis.sweep import Axis, sweep
from stability.cli.common import load_scenario
from stability.solvers.pure import pure_equilibria

LOOP_SAMPLE = 300


def per_point(scenario_values: list[dict[str, Fraction]], scenario: object) -> float:
    start = time.perf_counter()
    for values in scenario_values:
        game = joint_game(scenario, values)  # type: ignore[arg-type]
        pure_equilibria(game)
    return (time.perf_counter() - start) / len(scenario_values)


def main() -> None:
    allocator.tune()  # as the command line does
    source = sys.argv[1] if len(sys.argv) > 1 else "mosul"
    scenario = load_scenario(source, None)
    names = [p.name for p in scenario.parameters]
    if len(sys.argv) > 3:
        x_name, y_name = sys.argv[2], sys.argv[3]
    elif source == "mosul":
        x_name, y_name = "threat", "alienation"
    else:
        x_name, y_name = names[0], names[1]
    print(f"machine: {platform.processor() or platform.machine()}, {platform.system()}, "
          f"Python {platform.python_version()}")
    print(f"scenario: {scenario.title} ({scenario.n_profiles} joint profiles)")

    start = time.perf_counter()
    compiled = CompiledScenario(scenario)
    compile_time = time.perf_counter() - start
    start = time.perf_counter()
    sweep(scenario, Axis.of(scenario, x_name), Axis.of(scenario, y_name), points=400,
          compiled=compiled)
    sweep_time = time.perf_counter() - start
    rng = random.Random(0)
    x_axis, y_axis = Axis.of(scenario, x_name), Axis.of(scenario, y_name)
    xs, ys = x_axis.grid(400), y_axis.grid(400)
    points = [{x_name: rng.choice(xs), y_name: rng.choice(ys)} for _ in range(LOOP_SAMPLE)]
    loop_point = per_point(points, scenario)
    loop_sweep = loop_point * 400 * 400
    print(f"compile once: {compile_time:.3f} s")
    print(f"sweep 400x400: vectorised {sweep_time:.3f} s (+ compile); per-point loop "
          f"{loop_point * 1e3:.2f} ms/point x 160,000 = {loop_sweep:.0f} s "
          f"(extrapolated from {LOOP_SAMPLE} points); speed-up {loop_sweep / sweep_time:.0f}x")

    samples = 1_000_000
    start = time.perf_counter()
    robustness(scenario, samples, seed=1, compiled=compiled)
    mc_time = time.perf_counter() - start
    draws = []
    for _ in range(LOOP_SAMPLE):
        values = {}
        for parameter in scenario.parameters:
            low, high = parameter.range
            values[parameter.name] = Fraction(rng.uniform(float(low), float(high)))
        draws.append(values)
    mc_point = per_point(draws, scenario)
    mc_loop = mc_point * samples
    print(f"robustness 10^6: vectorised {mc_time:.3f} s; per-point loop "
          f"{mc_point * 1e3:.2f} ms/sample x 10^6 = {mc_loop:.0f} s "
          f"(extrapolated from {LOOP_SAMPLE} samples); speed-up {mc_loop / mc_time:.0f}x")


if __name__ == "__main__":
    main()
