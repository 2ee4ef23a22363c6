"""Our interval-set algebra against sympy's ``Union``/``Intersection``, on tipping's own inputs.

``stability.analysis.tipping.sets.RealSet`` (also behind ``analysis.time_sets``)
keeps finite unions of intervals with exact sympy ends as a sorted tuple and
merges them with exact comparisons. The obvious alternative is sympy's own
``Interval``/``Union``/``Intersection``. In one run this benchmark:

1. runs ``tipping_analysis(mosul, goal="breaks")`` (what ``stability tipping mosul
   --goal breaks`` does) once, recording every set that ``RealSet.of`` normalised
   and every pair ``RealSet.intersection`` intersected, and times the run;
2. replays the recorded inputs through ours and through sympy
   (``Union(*intervals)`` and ``Intersection(Union(...), Union(...))``), checks the
   two agree, and reports the time of each;
3. tries both on two intervals that meet at an end written two ways
   (``log(6)`` and ``log(2) + log(3)``, as durability's exponential margins give):
   ours merges them, sympy's ``Union`` raises ``TypeError`` (it cannot order the ends).

Run: ``python benchmarks/bench_interval_sets.py [--scenario mosul] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import sympy

from stability.analysis import tipping
from stability.analysis.tipping.sets import Interval, RealSet
from stability.cli.common import load_scenario


def _sympy_interval(interval: Interval) -> sympy.Set:
    return sympy.Interval(
        interval.low, interval.high, not interval.low_closed, not interval.high_closed
    )


def _as_sympy(intervals: tuple[Interval, ...]) -> sympy.Set:
    return sympy.Union(*(_sympy_interval(i) for i in intervals))


def record(scenario_name: str) -> tuple[list[list[Interval]], list[tuple[RealSet, RealSet]], float]:
    """The inputs of every normalise and intersect in one tipping run, and its time."""
    unions: list[list[Interval]] = []
    pairs: list[tuple[RealSet, RealSet]] = []
    original_of = RealSet.of
    original_intersection = RealSet.intersection

    def of(intervals: Any) -> RealSet:
        pieces = list(intervals)
        unions.append(pieces)
        return original_of(pieces)

    def intersection(self: RealSet, other: RealSet) -> RealSet:
        pairs.append((self, other))
        return original_intersection(self, other)

    scenario = load_scenario(scenario_name, None)
    RealSet.of = staticmethod(of)  # type: ignore[method-assign]
    RealSet.intersection = intersection  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        target = scenario.coalition_outcome
        assert target is not None, "the scenario names no coalition_outcome"
        tipping.tipping_analysis(scenario, target, goal="breaks")
        elapsed = time.perf_counter() - start
    finally:
        RealSet.of = staticmethod(original_of)  # type: ignore[method-assign]
        RealSet.intersection = original_intersection  # type: ignore[method-assign]
    return unions, pairs, elapsed


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The least wall time of ``repeat`` runs of ``work``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="mosul")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    unions, pairs, elapsed = record(arguments.scenario)
    print(
        f"tipping {arguments.scenario} --goal breaks: {elapsed:.2f} s in the analysis, "
        f"{len(unions)} normalisations, {len(pairs)} intersections"
    )
    for pieces in unions:
        ours = _as_sympy(RealSet.of(pieces).intervals)
        theirs = _as_sympy(tuple(pieces))
        assert ours == theirs, (ours, theirs)
    for first, second in pairs:
        ours = _as_sympy(first.intersection(second).intervals)
        theirs = sympy.Intersection(_as_sympy(first.intervals), _as_sympy(second.intervals))
        assert ours == theirs, (ours, theirs)
    print("ours and sympy agree on every recorded input")
    rows = [
        (
            "normalise (union)",
            lambda: [RealSet.of(p) for p in unions],
            lambda: [sympy.Union(*(_sympy_interval(i) for i in p)) for p in unions],
        ),
        (
            "intersect",
            lambda: [a.intersection(b) for a, b in pairs],
            lambda: [
                sympy.Intersection(_as_sympy(a.intervals), _as_sympy(b.intervals)) for a, b in pairs
            ],
        ),
    ]
    print(f"{'operation':<20}{'ours (s)':>12}{'sympy (s)':>12}{'ratio':>8}")
    for name, ours_work, sympy_work in rows:
        ours_time = best_of(arguments.repeat, ours_work)
        sympy_time = best_of(arguments.repeat, sympy_work)
        ratio = sympy_time / ours_time if ours_time else float("inf")
        print(f"{name:<20}{ours_time:>12.4f}{sympy_time:>12.4f}{ratio:>8.1f}")
    same_end_written_twice()


def same_end_written_twice() -> None:
    """Step 3: an end that sympy's Union cannot order."""
    low = sympy.log(2) + sympy.log(3)
    pieces = [
        Interval(sympy.Integer(0), sympy.log(6), True, False),
        Interval(low, sympy.Integer(7)),
    ]
    print(f"ours:  {RealSet.of(pieces)}")
    try:
        print(f"sympy: {sympy.Union(*(_sympy_interval(p) for p in pieces))}")
    except TypeError as err:
        print(f"sympy: TypeError: {err}")


if __name__ == "__main__":
    main()
