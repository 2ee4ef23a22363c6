"""The scenario loader: the top-level keys, assembled from the sections.

:class:`Loader` walks a parsed TOML document and builds a validated
:class:`~stability.model.scenario.Scenario`, each section (parameters, games,
outcomes, timeline) in its own module, and bounds the symbolic work the exact
analyses would face.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stability.io.scenario.outcomes import OutcomeSection
from stability.io.scenario.parameters import ParameterSection
from stability.io.scenario.timeline import TimelineSection
from stability.model.game import check_size
from stability.model.scenario import (
    Actor,
    Scenario,
    ScenarioGame,
)
from stability.model.symbolic import (
    MAX_SYMBOLIC_WORK,
    MAX_TERMS,
    algebra_cost,
    expanded_terms,
)

_TOP_KEYS = {
    "title": "a short title",
    "description": "what the scenario models",
    "source": "a citation (string or list of strings)",
    "parameters": "one table per parameter",
    "actors": "the [[actors]] tables",
    "games": "the [[games]] tables",
    "outcomes": "the [[outcomes]] tables",
    "relations": "the [[relations]] tables",
    "coalition_outcome": "the name of the coalition's outcome",
    "threat_parameter": "the name of the common-threat parameter",
    "dynamics": "how the threat decays (older form of [timeline])",
    "timeline": "how parameters change over time",
}


class Loader(ParameterSection, OutcomeSection, TimelineSection):
    """Walks the TOML document, building model objects and raising precise errors."""

    def scenario(self) -> Scenario:
        top = self.table(self.document, "", _TOP_KEYS, required=("actors", "games"))
        title = self.string(top["title"], "title") if "title" in top else Path(self.source).stem
        description = self.string(top.get("description", ""), "description", empty=True)
        source = self.citation(top.get("source", []))
        parameters = self.parameters(top.get("parameters", {}))
        actors = self.actors(top["actors"])
        by_name = {actor.name: actor for actor in actors}
        check_size([len(a.strategies) for a in actors], what="joint game")
        games = self.games(top["games"], by_name)
        self.symbolic_work(actors, games)
        outcomes = self.outcomes(top.get("outcomes", []), by_name)
        relations = self.relations(top.get("relations", []), by_name)
        coalition = None
        if "coalition_outcome" in top:
            coalition = self.string(top["coalition_outcome"], "coalition_outcome")
            if coalition not in {o.name for o in outcomes}:
                self.fail(
                    "coalition_outcome",
                    f"no outcome {coalition!r} (expected one of: "
                    f"{', '.join(o.name for o in outcomes) or 'none declared'})",
                )
        threat = None
        if "threat_parameter" in top:
            threat = self.parameter_name(top["threat_parameter"], "threat_parameter")
        dynamics = self.dynamics(top["dynamics"]) if "dynamics" in top else None
        if threat is None and dynamics is not None:
            threat = dynamics.threat
        timeline = None
        if "timeline" in top:
            if dynamics is not None:
                self.fail(
                    "dynamics",
                    "give either [timeline] or the older [dynamics], not both "
                    "(a [dynamics] section is read as a timeline)",
                )
            timeline = self.timeline(top["timeline"], [o.name for o in outcomes])
        elif dynamics is not None:
            timeline = dynamics.timeline()
        return Scenario(
            title=title,
            description=description,
            source=source,
            parameters=parameters,
            actors=actors,
            games=games,
            outcomes=outcomes,
            relations=relations,
            coalition_outcome=coalition,
            threat_parameter=threat,
            dynamics=dynamics,
            timeline=timeline,
        )

    def symbolic_work(self, actors: Sequence[Actor], games: Sequence[ScenarioGame]) -> int:
        """Refuse payoffs whose algebra would not finish: an "algebra bomb" such as
        ``(p0 + ... + p19)**8`` (millions of terms once multiplied out).

        Each payoff (weight times cell) may have at most ``MAX_TERMS`` terms expanded,
        and the payoff differences the exact analyses expand at most
        ``MAX_SYMBOLIC_WORK`` in all. Bounds come from the expressions' shape; nothing
        is expanded here.
        """
        index = {actor.name: k for k, actor in enumerate(actors)}
        shape = tuple(len(actor.strategies) for actor in actors)
        profiles = math.prod(shape)
        # per actor: its payoff bounds summed over every joint profile, found game by
        # game (a game's cell recurs once per profile of the actors outside it)
        summed = [0] * len(actors)
        for g, game in enumerate(games):
            total = np.zeros(game.layers[0].payoffs.shape, dtype=np.int64)
            for k, layer in enumerate(game.layers):
                weight = expanded_terms(layer.weight)
                # np.ndindex, not np.ndenumerate: a 32-player game's cells have 33 axes,
                # past what ndenumerate's iterator takes
                for cell in np.ndindex(*layer.payoffs.shape):
                    expression = layer.payoffs[cell]
                    terms = weight * expanded_terms(expression)
                    if terms > MAX_TERMS:
                        where = list(cell[:-1])
                        self.fail(
                            f"games[{g}].layers[{k}].payoffs{''.join(f'[{c}]' for c in where)}"
                            f"[{cell[-1]}]",
                            f"game {game.name!r}, layer {layer.name!r}, cell {where} "
                            f"(payoff to {game.players[cell[-1]]!r}): too much algebra: "
                            f"multiplied out, weight x payoff would have more than "
                            f"{MAX_TERMS:,} terms (the limit); write it in fewer terms or "
                            "split it into parameters",
                        )
                    total[cell] += algebra_cost(terms)
            recurs = profiles // math.prod(total.shape[:-1])
            for seat, player in enumerate(game.players):
                summed[index[player]] += int(total[..., seat].sum()) * recurs
        work = sum(2 * (shape[a] - 1) * summed[a] for a in range(len(actors)))
        if work > MAX_SYMBOLIC_WORK:
            self.fail(
                "games",
                f"too much algebra for the exact analyses: multiplying out the payoff "
                f"differences of the joint game ({profiles:,} profiles) would cost about "
                f"{work:,} units (the limit is {MAX_SYMBOLIC_WORK:,}, about half a minute); "
                "use fewer actors or strategies, or simpler payoff expressions",
            )
        return work

    def citation(self, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            return (self.string(value, "source"),)
        items = self.array(value, "source", "citation strings")
        return tuple(self.string(item, f"source[{k}]") for k, item in enumerate(items))
