"""Notebook displays of the model objects: one-line ``repr`` and HTML tables.

Every label comes from a file or a caller, so every cell is escaped
(:func:`stability.model.result.html_table`) and shown in full.

>>> from stability.io.scenario import read_scenario
>>> html = scenario_html(read_scenario("games/two-allies.toml"))
>>> "<table>" in html and "threat" in html
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stability.model.exact import format_fraction
from stability.model.result import escape, html_table, one_line_repr

if TYPE_CHECKING:
    from stability.model.conflict import Conflict
    from stability.model.scenario import Scenario


def scenario_repr(scenario: Scenario) -> str:
    """``<Scenario: title, N actors, M parameters, K outcomes>``."""
    return one_line_repr(
        "Scenario",
        f"{scenario.title}, {len(scenario.actors)} actors, {len(scenario.parameters)} "
        f"parameters, {len(scenario.outcomes)} outcomes",
    )


def scenario_html(scenario: Scenario) -> str:
    """The scenario's actors, parameters (with their meanings), outcomes and games."""
    parts = [f"<p><b>Scenario</b> {escape(scenario.title)}</p>"]
    if scenario.description:
        parts.append(f"<p>{escape(scenario.description)}</p>")
    parts.append(html_table(
        ["actor", "label", "strategies", "meaning"],
        [[a.name, a.label, ", ".join(a.strategies), a.doc] for a in scenario.actors],
        "Actors",
    ))
    if scenario.parameters:
        parts.append(html_table(
            ["parameter", "value", "range", "prior", "meaning"],
            [
                [
                    p.name,
                    format_fraction(p.value),
                    f"{format_fraction(p.range[0])} to {format_fraction(p.range[1])}",
                    p.prior.describe(p.value) if p.prior is not None else "uniform",
                    p.doc,
                ]
                for p in scenario.parameters
            ],
            "Parameters",
        ))
    if scenario.outcomes:
        parts.append(html_table(
            ["outcome", "meaning"],
            [[o.name, o.doc] for o in scenario.outcomes],
            "Outcomes"
            + (f" (the coalition: {scenario.coalition_outcome})"
               if scenario.coalition_outcome else ""),
        ))
    parts.append(html_table(
        ["game", "players", "meaning"],
        [[g.name, ", ".join(g.players), g.doc] for g in scenario.games],
        "Games",
    ))
    return "".join(parts)


def conflict_repr(conflict: Conflict) -> str:
    """``<Conflict: title, N decision makers, M options, K feasible states>``."""
    return one_line_repr(
        "Conflict",
        f"{conflict.title}, {len(conflict.decision_makers)} decision makers, "
        f"{len(conflict.options)} options, {conflict.n_states} feasible states",
    )


def conflict_html(conflict: Conflict) -> str:
    """Who controls which option, and each decision maker's preference over the states."""
    parts = [f"<p><b>Conflict</b> {escape(conflict.title)}</p>"]
    parts.append(html_table(
        ["decision maker", "options controlled"],
        [
            [name, ", ".join(conflict.options[k] for k in conflict.controls[i])]
            for i, name in enumerate(conflict.decision_makers)
        ],
        "Decision makers",
    ))
    parts.append(html_table(
        ["state", *conflict.options, *(f"rank for {d}" for d in conflict.decision_makers)],
        [
            [
                str(code),
                *("Y" if code >> k & 1 else "N" for k in range(len(conflict.options))),
                *(str(int(conflict.ranks[i][j])) for i in range(len(conflict.decision_makers))),
            ]
            for j, code in enumerate(conflict.states)
        ],
        "Feasible states (Y: option taken; a higher rank is preferred)",
    ))
    return "".join(parts)
