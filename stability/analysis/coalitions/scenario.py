"""A scenario's outcomes as coalition structures, and the default source and target.

An outcome's structure is the partition of the actors into the connected components
of its coalition graph's cooperation ties (the scenario's ``[[relations]]``
``cooperate`` edges; :func:`~stability.analysis.balance.signed_graph`). An outcome
of several profiles may give several structures; each is listed with its profiles,
and the outcome's *own* structure is that of its first profile.

>>> from stability.io.scenario import read_scenario
>>> from stability.model.joint import joint_game
>>> from stability.analysis.coalitions.evaluate import coalition_analysis
>>> scenario = read_scenario("games/two-allies.toml")
>>> analysis = coalition_analysis(joint_game(scenario))
>>> found = outcome_structures(scenario, analysis)
>>> [(o.outcome, analysis.structure_text(o.structure)) for o in found]
[('Alliance', '{Alpha, Beta}'), ('Split', '{Alpha} {Beta}'), ('Betrayal', '{Alpha} {Beta}')]
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from stability.analysis.balance import signed_graph
from stability.analysis.coalitions.evaluate import CoalitionAnalysis
from stability.errors import InputError
from stability.model.scenario import Scenario


@dataclass(frozen=True)
class OutcomeStructure:
    """The structure(s) an outcome's profiles give: ``structure`` is its first profile's,
    ``by_structure`` maps each structure met to the outcome's profiles giving it."""

    outcome: str
    structure: int
    by_structure: tuple[tuple[int, tuple[tuple[int, ...], ...]], ...]


def profile_structure(
    scenario: Scenario, analysis: CoalitionAnalysis, profile: tuple[int, ...]
) -> int:
    """The structure of one joint profile: its cooperation ties' components."""
    graph = signed_graph(scenario, profile)
    ties = nx.Graph()
    ties.add_nodes_from(graph.nodes)
    ties.add_edges_from((a, b) for a, b, d in graph.edges(data=True) if d.get("sign") == 1)
    position = {a.name: i for i, a in enumerate(scenario.actors)}
    groups = [sorted(position[a] for a in component) for component in nx.connected_components(ties)]
    return analysis.structures.find(groups)


def outcome_structures(scenario: Scenario, analysis: CoalitionAnalysis) -> list[OutcomeStructure]:
    """Each outcome of the scenario with the structure(s) its profiles give."""
    out = []
    for outcome in scenario.outcomes:
        mask = scenario.outcome_mask(outcome)
        found: dict[int, list[tuple[int, ...]]] = {}
        for index in np.argwhere(mask):
            profile = tuple(int(s) for s in index)
            found.setdefault(profile_structure(scenario, analysis, profile), []).append(profile)
        if not found:
            continue
        by_structure = tuple((s, tuple(p)) for s, p in found.items())
        out.append(OutcomeStructure(outcome.name, by_structure[0][0], by_structure))
    return out


def default_source(scenario: Scenario) -> str | None:
    """The scenario's coalition outcome (the chain's start by default)."""
    return scenario.coalition_outcome


def default_target(scenario: Scenario) -> str | None:
    """The first outcome other than the coalition outcome (the chain's end by default)."""
    return next(
        (o.name for o in scenario.outcomes if o.name != scenario.coalition_outcome), None
    )


def resolve_structure(
    text: str, scenario: Scenario | None, analysis: CoalitionAnalysis, option: str
) -> int:
    """A structure from an outcome's name or from ``A+B|C`` (coalitions joined by ``|``,
    members by ``+``)."""
    if scenario is not None:
        for item in outcome_structures(scenario, analysis):
            if item.outcome == text:
                return item.structure
    if "|" in text or "+" in text or text in analysis.names:
        groups = [[name.strip() for name in part.split("+")] for part in text.split("|")]
        try:
            return analysis.find(groups)
        except InputError as err:
            raise InputError(err.message, item=option) from None
    outcomes = ", ".join(o.name for o in scenario.outcomes) if scenario is not None else "none"
    raise InputError(
        f"{text!r} is neither an outcome (expected one of: {outcomes}) nor a structure "
        "written as A+B|C",
        item=option,
    )
