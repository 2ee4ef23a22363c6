"""``stability analyze`` at 100 points of a scenario, half of them on regime boundaries.

Boundary points are the exact ones ``tipping`` reports: every one-parameter threshold
within range (the parameter set exactly to the threshold, an exact rational where the
threshold is one) and every smallest combined shift (``minimal_shift``'s exact point),
for every outcome and the goals ``equilibrium``, ``unique`` and ``breaks``, first at
the scenario's values and then at random interior points until there are enough.
Interior points are drawn uniformly in the parameters' ranges (4 decimals).

Each point runs ``analyze`` in one worker process per code version (``main(["analyze",
SCENARIO, "--set", ...])``, output discarded; CPU time per point, after a first,
unmeasured run for imports) and, for the first ``--commands`` points of each kind and
the defaults, as a whole command in a fresh interpreter (CPU time of the child), as
are ``stability --help`` and ``stability report SCENARIO --out r.html``. With
``--before /path/to/old/checkout`` (``git worktree add /tmp/before main``) every
measurement is also taken with the old code, in the same run, alternating old and
new; processes start in a scratch directory with ``PYTHONPATH`` naming the checkout
(never the current directory, which ``python -m`` would put first). Medians and
maxima are printed. ``--part inprocess`` or ``--part commands`` runs one half (two
halves can run at once: CPU time is per process).

Run: ``python benchmarks/bench_analyze.py [--scenario mosul] [--points 100]
[--commands 5] [--repeat 3] [--before PATH] [--part all|inprocess|commands]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
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


def _sets(point: dict[str, str]) -> list[str]:
    return [arg for name, value in point.items() for arg in ("--set", f"{name}={value}")]


def in_process(name: str, point: dict[str, str]) -> float:
    """CPU seconds of one ``analyze`` in this process."""
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli(["analyze", name, *_sets(point)])
    return time.process_time() - start


def _environment(checkout: Path) -> dict[str, str]:
    return dict(os.environ) | {"PYTHONPATH": str(checkout)}


def command_time(checkout: Path, arguments: list[str], scratch: Path) -> float:
    """CPU seconds (user + system) of ``python -m stability ARGUMENTS`` with the code of
    ``checkout``, started in ``scratch``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "stability", *arguments], cwd=scratch,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        env=_environment(checkout),
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def worker(name: str, points_file: Path) -> None:
    """Time ``analyze`` in this process at every point of ``points_file``, boundary and
    interior points alternating; print one JSON line per point as it is measured (so a
    run stopped early still reports the points it measured)."""
    points = json.loads(points_file.read_text(encoding="utf-8"))
    in_process(name, {})  # imports and first-use compilation, not measured
    order = [
        item
        for pair in itertools.zip_longest(
            [("boundary", k) for k in range(len(points["boundary"]))],
            [("interior", k) for k in range(len(points["interior"]))],
        )
        for item in pair
        if item is not None
    ]
    for kind, k in order:
        seconds = in_process(name, points[kind][k])
        print(json.dumps({"kind": kind, "index": k, "seconds": seconds}), flush=True)


def _summary(label: str, times: list[float]) -> str:
    if not times:
        return f"{label:<40} (none)"
    return (
        f"{label:<40} n={len(times):>3}  median {statistics.median(times):6.2f} s  "
        f"max {max(times):6.2f} s"
    )


def choose_points(scenario: Any, count: int, seed: int) -> dict[str, list[dict[str, str]]]:
    """``count`` points: half boundary points (at the scenario's values, then at random
    interior points until there are enough), half uniform interior points."""
    rng = random.Random(seed)
    half = count // 2
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
    interior = [interior_point(scenario, rng) for _ in range(count - len(boundary))]
    return {"boundary": boundary, "interior": interior}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="mosul")
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--commands", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--part", choices=("all", "inprocess", "commands"), default="all")
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    name = arguments.scenario
    if arguments.worker is not None:
        worker(name, arguments.worker)
        return
    here = Path(__file__).resolve().parent.parent
    versions = [("after", here)]
    if arguments.before is not None:
        versions.insert(0, ("before", arguments.before.resolve()))
    points = choose_points(load_scenario(name, None), arguments.points, arguments.seed)
    print(f"{name}: {len(points['boundary'])} boundary points, "
          f"{len(points['interior'])} interior; versions: "
          + ", ".join(f"{label} = {path}" for label, path in versions), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        points_file = scratch / "points.json"
        points_file.write_text(json.dumps(points), encoding="utf-8")
        if arguments.part in ("all", "inprocess"):
            workers = [  # one per version, at once (CPU time is per process)
                subprocess.Popen(
                    [sys.executable, str(Path(__file__).resolve()), "--scenario", name,
                     "--worker", str(points_file)],
                    cwd=scratch, stdout=subprocess.PIPE, text=True,
                    env=_environment(checkout),
                )
                for _, checkout in versions
            ]
            outputs = [w.communicate()[0] for w in workers]  # a worker stopped early: its lines
            for (label, _), output in zip(versions, outputs, strict=True):
                times: dict[str, list[float]] = {"boundary": [], "interior": []}
                indices: list[int] = []
                for line in output.splitlines():
                    if line.startswith("{"):
                        entry = json.loads(line)
                        times[entry["kind"]].append(entry["seconds"])
                        if entry["kind"] == "boundary":
                            indices.append(entry["index"])
                for kind in ("boundary", "interior"):
                    print(_summary(f"{label}: analyze in process, {kind}", times[kind]))
                slowest = max(range(len(times["boundary"])),
                              key=lambda k: times["boundary"][k], default=None)
                if slowest is not None:
                    point = points["boundary"][indices[slowest]]
                    print(f"  slowest boundary point: {' '.join(_sets(point))}", flush=True)
        if arguments.part in ("all", "commands"):
            count, repeat = arguments.commands, arguments.repeat
            jobs: list[tuple[str, list[str]]] = (
                [("stability --help", ["--help"])] * repeat
                + [("analyze, defaults", ["analyze", name])] * repeat
                + [("analyze, boundary points", ["analyze", name, *_sets(p)])
                   for p in points["boundary"][:count]]
                + [("analyze, interior points", ["analyze", name, *_sets(p)])
                   for p in points["interior"][:count]]
                + [("report --out r.html", ["report", name, "--out",
                                            str(scratch / "r.html")])] * max(1, repeat - 1)
            )
            results: dict[tuple[str, str], list[float]] = {}
            for label_job, command in jobs:  # old and new alternate, job by job
                for label, checkout in versions:
                    results.setdefault((label, label_job), []).append(
                        command_time(checkout, command, scratch)
                    )
            print("whole commands, CPU seconds of the child:")
            for label_job in dict.fromkeys(job for job, _ in jobs):
                cells = [
                    f"{label} {statistics.median(results[(label, label_job)]):6.2f}"
                    for label, _ in versions
                ]
                ratio = ""
                if len(versions) == 2:
                    old = statistics.median(results[("before", label_job)])
                    new = statistics.median(results[("after", label_job)])
                    ratio = f"  after/before {new / old:4.2f}"
                runs = len(results[(versions[0][0], label_job)])
                print(f"  {label_job:<28} n={runs}  " + "  ".join(cells) + ratio, flush=True)


if __name__ == "__main__":
    main()
