"""The explorer's coalition-structures section: what the page needs that does not
depend on the parameters.

The page (``templates/explorer.js``) decides, at the sliders' values, each
structure's equilibria and its stability under each concept, the structure of the
profile shown and the shortest chain of profitable moves, as ``stability
coalitions`` does at its defaults (ranking rule pessimistic, no transfers). What
depends only on the structures and the profiles is computed here, by the same code
the command runs: the structures, each actor's and each group's moves between them
(:mod:`stability.analysis.coalitions.concepts`), the farsighted moves, each
profile's structure (its cooperation ties' components) and the chain's two ends.

>>> from stability.io.scenario import read_scenario
>>> data = coalition_data(read_scenario("games/two-allies.toml"))
>>> [s["text"] for s in data["structures"]]
['{Alpha, Beta}', '{Alpha} {Beta}']
>>> data["source"], data["target"]
(0, 1)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from stability.analysis.coalitions import CONCEPT_NAMES, CONCEPTS, Structures, bell
from stability.analysis.coalitions.concepts import (
    farsighted_moves,
    group_targets,
    individual_moves,
)
from stability.analysis.coalitions.equilibria import comparisons
from stability.analysis.coalitions.moves import coalition_text
from stability.analysis.coalitions.preferences import Preferences
from stability.model.scenario import Scenario

#: Most actors the page takes (its farsighted step compares every structure with every
#: move of every group: 52 structures of 5 actors take a few milliseconds).
MAX_PAGE_ACTORS = 5

#: Most profile pairs the page compares to find each coalition's blocked profiles.
MAX_PAGE_PAIRS = 1_100_000

HEADINGS = {"core": "Core", "nash": "Nash", "individual": "IS", "contractual": "CIS",
            "farsighted": "LCS"}


def _unavailable(scenario: Scenario) -> str | None:
    n = len(scenario.actors)
    if n > MAX_PAGE_ACTORS:
        return (f"{n} actors have {bell(n):,} coalition structures: the page takes at most "
                f"{MAX_PAGE_ACTORS} actors; stability coalitions gives them")
    profiles = scenario.n_profiles
    if profiles * profiles > MAX_PAGE_PAIRS or comparisons(scenario.shape) > 50_000_000:
        return (f"the joint game has {profiles:,} profiles: too many for the page to compare "
                "every coalition's joint moves at each slider move; stability coalitions "
                "gives them")
    return None


def coalition_data(scenario: Scenario) -> dict[str, Any]:
    """The section's data (plain JSON), or ``{"unavailable": reason}``."""
    reason = _unavailable(scenario)
    if reason is not None:
        return {"unavailable": reason}
    from stability.analysis.coalitions.evaluate import coalition_analysis
    from stability.analysis.coalitions.scenario import (
        default_source,
        default_target,
        outcome_structures,
        profile_structure,
    )
    from stability.model.joint import joint_game

    n = len(scenario.actors)
    names = [a.name for a in scenario.actors]
    structures = Structures.of(n)
    count = len(structures)
    # the moves' targets depend only on the structures: any preferences will do
    flat = np.zeros((n, count), dtype=np.int64)
    moves = individual_moves(structures, Preferences(flat, flat, "pessimistic"))
    groups = group_targets(structures)
    farsighted = farsighted_moves(structures)
    analysis = coalition_analysis(joint_game(scenario))
    profiles = [profile_structure(scenario, analysis, tuple(int(s) for s in position))
                for position in np.ndindex(*scenario.shape)]
    found = {item.outcome: item.structure for item in outcome_structures(scenario, analysis)}
    source_name, target_name = default_source(scenario), default_target(scenario)
    return {
        "unavailable": None,
        "rule": "pessimistic",
        "concepts": [{"key": c, "name": CONCEPT_NAMES[c], "heading": HEADINGS[c]}
                     for c in CONCEPTS],
        "structures": [
            {
                "labels": structures.labels[s].tolist(),
                "coalitions": [list(group) for group in structures.coalitions(s)],
                "masks": list(structures.masks[s]),
                "text": " ".join(coalition_text(names, group)
                                 for group in structures.coalitions(s)),
            }
            for s in range(count)
        ],
        # target[s][i][c]: where actor i of s goes joining label c (c = n: alone); -1: no move
        "moves": np.where(moves.valid, moves.target, -1).tolist(),
        "groups": groups.tolist(),
        "farsighted": {"start": farsighted.start.tolist(), "end": farsighted.end.tolist(),
                       "group": farsighted.group.tolist()},
        "profile_structure": profiles,
        "outcome_structure": [found.get(o.name) for o in scenario.outcomes],
        "source": found.get(source_name) if source_name is not None else None,
        "target": found.get(target_name) if target_name is not None else None,
        "source_label": source_name,
        "target_label": target_name,
    }
