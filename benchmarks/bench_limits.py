"""The largest input each limit accepts, run to completion, against the first it refuses.

For each limit (docs/reference/limits.md) this writes the largest accepted input
and the smallest refused one, then runs the command on both in a child process
and records CPU time and peak memory: the accepted one must finish within a
minute, the refused one must be refused at once (before the work starts).

Run: ``python benchmarks/bench_limits.py [--only NAME]`` (takes a few minutes).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # issue 27's generators (tests/hostile_cases.py)

from hostile_cases import (  # noqa: E402
    COSTLY_EIGHT,
    COSTLY_ONE,
    COSTLY_TWENTY,
    _two_allies,
    conflict,
    many_outcomes,
)


def chain(actors: int) -> str:
    """A scenario of ``actors`` actors in a chain of pairwise games, one parameter each."""
    parts = ['title = "chain"\nthreat_parameter = "t0"\ncoalition_outcome = "All"\n']
    parts += [f"[parameters.t{k}]\nvalue = {k % 3 + 1}\nrange = [0, 4]\n" for k in range(actors)]
    parts += [f'[[actors]]\nname = "A{k}"\nstrategies = ["c", "d"]\n' for k in range(actors)]
    parts += [
        f'[[games]]\nname = "g{k}"\nplayers = ["A{k}", "A{k + 1}"]\n'
        f'payoffs = [[["t{k}", "t{k + 1}"], [0, 3]], [[3, 0], [1, "t{k}/2"]]]\n'
        for k in range(actors - 1)
    ]
    everyone = ", ".join(f'A{k} = "c"' for k in range(actors))
    parts.append(f'[[outcomes]]\nname = "All"\nprofiles = [{{{everyone}}}]\n')
    return "".join(parts)


def powers(variables: int) -> str:
    """Two actors whose eight payoffs are ``(p0 + ... + pV + k)**3``: long expansions."""
    total = " + ".join(f"p{k}" for k in range(variables))
    cells = [f'"({total} + {k})**3"' for k in range(8)]
    return (
        'title = "powers"\nthreat_parameter = "p0"\ncoalition_outcome = "O"\n'
        + "".join(f"[parameters.p{k}]\nvalue = 1\nrange = [0, 2]\n" for k in range(variables))
        + '[[actors]]\nname = "A"\nstrategies = ["a", "b"]\n'
        + '[[actors]]\nname = "B"\nstrategies = ["a", "b"]\n'
        + '[[games]]\nname = "AB"\nplayers = ["A", "B"]\n'
        + f"payoffs = [[[{cells[0]}, {cells[1]}], [{cells[2]}, {cells[3]}]], "
        + f"[[{cells[4]}, {cells[5]}], [{cells[6]}, {cells[7]}]]]\n"
        + '[[outcomes]]\nname = "O"\nprofiles = [{A = "a", B = "a"}]\n'
    )


def decimals_nfg(rows: int, columns: int) -> str:
    header = f'NFG 1 R "decimals" {{ "A" "B" }} {{ {rows} {columns} }}\n'
    return header + " ".join(f"{(k % 97) / 4}" for k in range(2 * rows * columns)) + "\n"


def integers_nfg(rows: int, columns: int) -> str:
    header = f'NFG 1 R "integers" {{ "A" "B" }} {{ {rows} {columns} }}\n'
    return header + " ".join(str(k % 997 - 498) for k in range(2 * rows * columns)) + "\n"


#: name -> (file name, text of the largest accepted, text of the first refused, commands)
CASES = {
    "symbolic work, short payoffs (12 vs 13 actors)": (
        "chain.toml", lambda: chain(12), lambda: chain(13),
        [["validate"], ["analyze"], ["tipping", "--target", "All"], ["durability"],
         ["explain"], ["report", "--out", "r.html", "--samples", "0"]],
    ),
    "long payoffs (15 vs 16 variables cubed: 816 vs 969 terms a payoff)": (
        "powers.toml", lambda: powers(15), lambda: powers(16),
        [["validate"], ["analyze"], ["tipping", "--target", "O"], ["durability"],
         ["explain"]],
    ),
    "exact .nfg payoffs (1,000,000 vs 1,000,004 decimals)": (
        "decimals.nfg", lambda: decimals_nfg(1000, 500), lambda: decimals_nfg(1001, 500),
        [["validate"]],
    ),
    "integer .nfg (2,000 x 2,000 game; refused: one payoff too many)": (
        "integers.nfg", lambda: integers_nfg(2000, 2000), lambda: integers_nfg(2000, 2000) + "7",
        [["validate"]],
    ),
    "gmcr --coalitions (9 decision makers, 512 states vs 10 and 1,024)": (
        "d.gmcr.toml", lambda: conflict(9), lambda: conflict(10), [["gmcr", "--coalitions"]],
    ),
}
#: One file, the largest accepted command and the first refused (issue 27).
SAME_FILE = {
    "PNG pixels (200 coalition graphs: --dpi 86 vs 87)": (
        "p200.toml", many_outcomes,
        ["graph", "p200.toml", "--out", "g.png", "--dpi", "86"],
        ["graph", "p200.toml", "--out", "g.png", "--dpi", "87"],
    ),
}
#: Costly timelines: each must answer (exact root isolation, then halving), no refusal.
TIMELINES = {
    "timeline (t**8-2)(t**8-3)(t**8-5)": lambda: _two_allies(COSTLY_ONE),
    "timeline eight factors (t**8-k)": lambda: _two_allies(COSTLY_EIGHT),
    "timeline threat*(t-1)...(t-20)": lambda: _two_allies(COSTLY_TWENTY),
}
#: Commands on bundled scenarios at their limits (no file to write).
BUNDLED = {
    "sweep points (mosul: 16 profiles x 4 actors, 1,562,500 points)": (
        ["sweep", "mosul", "--x", "threat", "--points", "1562500"],
        ["sweep", "mosul", "--x", "threat", "--points", "1562501"],
    ),
    # robustness samples: memory no longer grows with them (bench_scale.py measures a
    # long run); only the 10^10 sanity bound is refused
    "robustness batch (mosul, 10,000,000 asked, 250,000 held; refused: 10^10 + 1 samples)": (
        ["robustness", "mosul", "--samples", "1000000", "--batch", "10000000"],
        ["robustness", "mosul", "--samples", "10000000001", "--batch", "10000000"],
    ),
    "select starts (mosul: 54 profiles x 4 actors, 222,222 starts a dynamic)": (
        ["select", "mosul", "--starts", "222222"],
        ["select", "mosul", "--starts", "222223"],
    ),
    "sensitivity trajectories (mosul: 10,000 vs 10,001)": (
        ["sensitivity", "mosul", "--trajectories", "10000", "--samples", "64"],
        ["sensitivity", "mosul", "--trajectories", "10001", "--samples", "64"],
    ),
}


#: Run in the child: the command, then its own peak memory (kB) on standard error.
CHILD = """
import resource, sys
from stability.cli.app import main
code = main(sys.argv[1:])
sys.stderr.write(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
sys.exit(code)
"""


def run(argv: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """Exit code, CPU seconds, peak MB and the first stderr line of ``stability ARGV``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=600,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds (user + system) of the child: wall time on a shared machine says little
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = result.stderr.strip().splitlines() or [""]
    peak = float(lines[-1].split()[1]) / 1024 if lines[-1].startswith("peak ") else float("nan")
    return result.returncode, seconds, peak, lines[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run the cases whose name contains this text")
    args = parser.parse_args()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print("| limit | command | largest accepted: exit, CPU s, peak MB "
          "| first refused: exit, CPU s |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, (file, accepted, refused, commands) in CASES.items():
            if args.only and args.only not in name:
                continue
            good, bad = work / "good", work / "bad"
            for where, text in ((good, accepted()), (bad, refused())):
                where.mkdir(exist_ok=True)
                (where / file).write_text(text)
            for command in commands:
                argv = [command[0], file, *command[1:]]
                code, seconds, peak, _ = run(argv, good)
                refused_code, refused_seconds, _, line = run(argv, bad)
                print(f"| {name} | `{' '.join(command)}` | {code}, {seconds:.1f}, {peak:.0f} | "
                      f"{refused_code}, {refused_seconds:.1f} |", flush=True)
        for name, (file, text, accepted_argv, refused_argv) in SAME_FILE.items():
            if args.only and args.only not in name:
                continue
            (work / file).write_text(text())
            code, seconds, peak, _ = run(accepted_argv, work)
            refused_code, refused_seconds, _, _ = run(refused_argv, work)
            print(f"| {name} | `{' '.join(accepted_argv[:1] + accepted_argv[2:])}` | "
                  f"{code}, {seconds:.1f}, {peak:.0f} | {refused_code}, {refused_seconds:.1f} |",
                  flush=True)
        for name, text in TIMELINES.items():
            if args.only and args.only not in name:
                continue
            (work / "timeline.toml").write_text(text())
            for command in (["durability"], ["report", "--out", "r.html", "--samples", "0"]):
                code, seconds, peak, _ = run([command[0], "timeline.toml", *command[1:]], work)
                print(f"| {name} | `{' '.join(command)}` | {code}, {seconds:.1f}, {peak:.0f} "
                      f"| (answers; nothing refused) |", flush=True)
        for name, (accepted_argv, refused_argv) in BUNDLED.items():
            if args.only and args.only not in name:
                continue
            code, seconds, peak, _ = run(accepted_argv, work)
            refused_code, refused_seconds, _, _ = run(refused_argv, work)
            print(f"| {name} | `{' '.join(accepted_argv[:1] + accepted_argv[2:])}` | "
                  f"{code}, {seconds:.1f}, {peak:.0f} | {refused_code}, {refused_seconds:.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
