"""Start-up: CPU seconds of the everyday commands in fresh interpreters (medians).

Measures ``stability --help``, ``stability --version``, ``import stability``,
``stability solve prisoners-dilemma``, ``stability analyze mosul`` and ``stability
report mosul --out FILE``, each run ``--repeat`` times in a new process (user + system
CPU of the child, so a loaded machine inflates the figures less than wall time).
``PYTHONPATH`` chooses the code measured: run it once per checkout for a before/after.

Run: ``python benchmarks/bench_startup.py [--repeat 5] [--skip-report]``
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def cpu(argv: list[str]) -> float:
    """User + system CPU seconds of running ``argv`` to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env=dict(os.environ))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-report", action="store_true")
    arguments = parser.parse_args()
    python = sys.executable
    out = Path(tempfile.mkdtemp(prefix="bench-startup-")) / "report.html"
    cases = {
        "stability --help": [python, "-m", "stability", "--help"],
        "stability --version": [python, "-m", "stability", "--version"],
        "import stability": [python, "-c", "import stability"],
        "solve prisoners-dilemma": [python, "-m", "stability", "solve", "prisoners-dilemma"],
        "analyze mosul": [python, "-m", "stability", "analyze", "mosul"],
        "report mosul --out": [python, "-m", "stability", "report", "mosul", "--out", str(out)],
    }
    if arguments.skip_report:
        del cases["report mosul --out"]
    print(f"code: {os.environ.get('PYTHONPATH', '(installed)')}")
    for label, argv in cases.items():
        repeat = arguments.repeat if "report" not in label else max(1, arguments.repeat // 2)
        times = [cpu(argv) for _ in range(repeat)]
        print(f"{label:<26} median {statistics.median(times):6.2f} s CPU  "
              f"(min {min(times):.2f}, n={repeat})")


if __name__ == "__main__":
    main()
