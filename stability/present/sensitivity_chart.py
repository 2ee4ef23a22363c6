"""Bar chart of Sobol indices: first-order and total index per parameter, with intervals.

>>> import tempfile, pathlib
>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.sensitivity import sensitivity
>>> result = sensitivity(read_scenario("games/two-allies.toml"), "Alliance", samples=128)
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_sensitivity_chart(result, pathlib.Path(folder) / "sobol.svg")
...     path.suffix, path.stat().st_size > 1000
('.svg', True)
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from stability.analysis.sensitivity import SensitivityResult  # noqa: E402
from stability.present.figures import save_figure  # noqa: E402
from stability.present.palette import FIRST_ORDER_COLOUR, TOTAL_COLOUR  # noqa: E402


def sensitivity_figure(result: SensitivityResult) -> Figure:
    """Horizontal bars: total (light) and first-order (dark) index of each parameter."""
    rows = list(reversed(result.indices))  # largest total at the top
    figure = Figure(figsize=(8.5, 1.4 + 0.45 * max(1, len(rows))))
    ax = figure.add_subplot()
    ys = range(len(rows))
    totals = [max(0.0, i.total) for i in rows]
    firsts = [max(0.0, i.first) for i in rows]
    total_err = [
        [max(0.0, i.total) - max(0.0, i.total_ci[0]) for i in rows],
        [max(0.0, i.total_ci[1] - max(0.0, i.total)) for i in rows],
    ]
    first_err = [
        [max(0.0, i.first) - max(0.0, i.first_ci[0]) for i in rows],
        [max(0.0, i.first_ci[1] - max(0.0, i.first)) for i in rows],
    ]
    ax.barh([y + 0.18 for y in ys], totals, height=0.36, color=TOTAL_COLOUR, label="total index",
            xerr=total_err, ecolor="black", capsize=2)
    ax.barh([y - 0.18 for y in ys], firsts, height=0.36, color=FIRST_ORDER_COLOUR,
            label="first-order index", xerr=first_err, ecolor="black", capsize=2)
    ax.set_yticks(list(ys))
    ax.set_yticklabels([i.parameter for i in rows])
    ax.set_xlim(0, max(1.0, *(i.total_ci[1] for i in rows)) if rows else 1.0)
    ax.set_xlabel("share of the output's variance (95% bootstrap intervals)")
    what = (
        f"{result.outcome!r} is a pure equilibrium"
        if result.goal == "equilibrium"
        else f"basin share of {result.outcome!r} ({result.dynamic})"
    )
    ax.set_title(
        f"Sobol indices of: {what}\n{result.sampling}; {result.evaluations:,} model evaluations",
        fontsize=10,
    )
    ax.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    return figure


#: The resolution of a PNG unless ``--dpi`` says otherwise.
DEFAULT_DPI = 110


def write_sensitivity_chart(
    result: SensitivityResult, path: str | Path, *, dpi: int | None = None
) -> Path:
    """Draw the chart and write it to ``path`` (PNG, SVG or PDF), whole or not at all;
    ``dpi`` is a PNG's resolution (SVG and PDF ignore it)."""
    return save_figure(sensitivity_figure(result), path, dpi=dpi, default_dpi=DEFAULT_DPI)
