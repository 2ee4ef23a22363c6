"""``stability report [SCENARIO] --out FILE.html|FILE.md``: a self-contained report."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from stability.analysis.report import DEFAULT_SAMPLES, DEFAULT_SEED
from stability.cli.app import app
from stability.cli.common import (
    OptionalScenarioArgument,
    SetOption,
    TimeLimitOption,
    console,
    load_scenario,
    working,
)


@app.command("report")
def report_command(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="The report to write: FILE.html (one self-contained file) or FILE.md "
            "(pictures in FILE_files/ beside it).",
        ),
    ],
    scenario_source: OptionalScenarioArgument = None,
    sets: SetOption = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            "-n",
            metavar="N",
            help="Monte Carlo samples for the robustness figures (0 leaves them out).",
        ),
    ] = DEFAULT_SAMPLES,
    seed: Annotated[
        int, typer.Option("--seed", metavar="S", help="Random seed of the robustness figures.")
    ] = DEFAULT_SEED,
    time_limit: TimeLimitOption = None,
) -> None:
    """Write a report of a whole scenario, to hand to a colleague: the situation and
    every parameter; each pairwise game with its layers, payoff tables and
    equilibria; the joint game's equilibria and their stability (strict, strong,
    coalition-proof, GMCR); coalition graphs; tipping thresholds with tornado
    charts and the smallest combined shift; a sweep map over the two most
    influential parameters; durability; robustness; the model's limits.

    HTML is one file with its CSS and pictures inside (no network needed to open
    or print it); Markdown writes its pictures as SVG files in a folder beside it.
    Files are written whole or not at all.

    Example: stability report mosul --out mosul.html
    """
    from stability.analysis.report import build_report
    from stability.errors import InputError
    from stability.model.exact import format_fraction
    from stability.present.report import report_format, write_report

    report_format(out)
    from stability.io.files import check_destination

    check_destination(out, item="--out")  # as the writer would, before minutes of work
    if samples < 0:
        raise InputError(f"--samples: expected a number >= 0, got {samples}")
    if seed < 0:
        raise InputError(f"--seed: expected a number >= 0, got {seed}")
    scenario = load_scenario(scenario_source, sets)
    from stability.analysis.robustness import check_samples

    try:
        check_samples(scenario, samples)
    except InputError as err:
        raise err.located(scenario_source or "mosul") from None
    outside = tuple(
        f"{p.name} = {format_fraction(p.value)} is outside its declared range "
        f"[{format_fraction(p.range[0])}, {format_fraction(p.range[1])}]"
        for p in scenario.parameters
        if not p.in_range(p.value)
    )
    # the command line, rebuilt from what was asked (with every default made explicit)
    words = ["stability", "report", scenario_source or "mosul", "--out", str(out)]
    words += [w for item in sets or [] for w in ("--set", item)]
    words += ["--samples", str(samples), "--seed", str(seed)]
    if time_limit is not None:
        words += ["--time-limit", str(time_limit)]
    command = shlex.join(words)
    from stability.solvers.budget import Budget

    budget = Budget(seconds=time_limit)
    from stability.analysis.sensitivity import salib_available

    if samples > 0 and not salib_available():  # said before the work, and in the report
        from stability.analysis.report import SENSITIVITY_NEEDS
        from stability.cli.common import warn

        warn(f"the report leaves its sensitivity section out: {SENSITIVITY_NEEDS}")
    with working("building the report: analysis, tipping, sweep, robustness"):
        report = build_report(
            scenario, samples=samples, seed=seed, warnings=outside, command=command, budget=budget
        )
        written = write_report(report, out)
    pictures = len(written) - 1
    extra = f" and {pictures} pictures in {written[0].parent}" if pictures else ""
    console.print(f"wrote {out}{extra}", markup=False, highlight=False, soft_wrap=True)
