"""Terminal rendering of ``stability path``."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from stability.analysis.path import Path, PathResult
from stability.present.text import number_text

TITLES = {
    "improving": "Shortest path of unilateral improvements (each mover gains)",
    "shortest": "Shortest path of any unilateral moves",
    "cheapest": "Cheapest path: fewest moves at a loss, then least loss",
}


def _table(path: Path, result: PathResult) -> Table:
    table = Table(title=TITLES[path.kind], title_justify="left", show_lines=True)
    table.add_column("step", justify="right")
    table.add_column("move")
    for actor in result.scenario.actors:
        table.add_column(f"{actor.label or actor.name} gains", justify="right")
    table.add_column("reaches")
    table.add_column("equilibrium")
    for number, step in enumerate(path.steps, start=1):
        table.add_row(
            str(number),
            f"{step.label}: {step.from_strategy} → {step.to_strategy}",
            *(number_text(step.gains[a.name]) for a in result.scenario.actors),
            " / ".join(step.outcomes) or ", ".join(step.profile.values()),
            "yes" if step.equilibrium else "no",
        )
    return table


def render_paths(result: PathResult) -> Iterator[RenderableType]:
    """The renderables ``stability path`` prints."""
    start = " / ".join(result.start_outcomes) or ", ".join(result.start.values())
    status = "an equilibrium" if result.start_equilibrium else "not an equilibrium"
    yield Text(result.scenario.title, style="bold")
    yield Text(f"From {start} ({status}) to {result.target!r}, at the current values.")
    if result.improving is None:
        yield Text("No sequence of unilateral improvements reaches the target.")
    shown: list[tuple[str, ...]] = []
    for path in (result.improving, result.shortest, result.cheapest):
        if path is None or not path.steps:
            continue
        moves = tuple(f"{s.mover}:{s.to_strategy}" for s in path.steps)
        if moves in shown:
            yield Text(f"{TITLES[path.kind]}: the same as above.")
            continue
        shown.append(moves)
        yield _table(path, result)
    yield Text(result.summary())
