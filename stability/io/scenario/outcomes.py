"""The ``[[outcomes]]`` and ``[[relations]]`` tables: named (partial) profiles."""

from __future__ import annotations

from collections.abc import Mapping

from stability.io.scenario.games import GameSection
from stability.model.scenario import (
    Actor,
    Outcome,
    PartialProfile,
    Relation,
)


class OutcomeSection(GameSection):
    """Reads outcomes and relations, which name actors and their strategies."""

    def outcomes(self, value: object, actors: Mapping[str, Actor]) -> tuple[Outcome, ...]:
        entries = self.array(value, "outcomes", "[[outcomes]] tables")
        outcomes = []
        for index, entry in enumerate(entries):
            path = f"outcomes[{index}]"
            spec = self.table(entry, path, ["name", "profiles", "doc"], ("name", "profiles"))
            name = self.string(spec["name"], f"{path}.name")
            items = self.array(spec["profiles"], f"{path}.profiles", "partial profiles", minimum=1)
            profiles = tuple(
                self.partial_profile(p, f"{path}.profiles[{k}]", actors)
                for k, p in enumerate(items)
            )
            doc = self.string(spec.get("doc", ""), f"{path}.doc", empty=True)
            outcomes.append(Outcome(name, profiles, doc))
        self.unique(
            [o.name for o in outcomes],
            [f"outcomes[{k}].name" for k in range(len(outcomes))],
            "outcome",
        )
        return tuple(outcomes)

    def relations(self, value: object, actors: Mapping[str, Actor]) -> tuple[Relation, ...]:
        entries = self.array(value, "relations", "[[relations]] tables")
        relations: list[Relation] = []
        for index, entry in enumerate(entries):
            path = f"relations[{index}]"
            spec = self.table(entry, path, ["actors", "cooperate", "conflict", "doc"], ("actors",))
            listed = self.array(spec["actors"], f"{path}.actors", "two actor names")
            if len(listed) != 2:
                self.fail(f"{path}.actors", f"expected two actor names, got {len(listed)}")
            pair = tuple(
                self.actor_name(a, f"{path}.actors[{k}]", actors) for k, a in enumerate(listed)
            )
            if pair[0] == pair[1]:
                self.fail(f"{path}.actors", f"a relation between {pair[0]!r} and itself")
            for k, earlier in enumerate(relations):
                if set(earlier.actors) == set(pair):
                    self.fail(
                        f"{path}.actors",
                        f"duplicate relation between {pair[0]!r} and {pair[1]!r} "
                        f"(also relations[{k}])",
                    )
            kinds: dict[str, tuple[PartialProfile, ...]] = {}
            for kind in ("cooperate", "conflict"):
                items = self.array(spec.get(kind, []), f"{path}.{kind}", "partial profiles")
                kinds[kind] = tuple(
                    self.partial_profile(p, f"{path}.{kind}[{k}]", actors, pair)
                    for k, p in enumerate(items)
                )
            doc = self.string(spec.get("doc", ""), f"{path}.doc", empty=True)
            relations.append(
                Relation((pair[0], pair[1]), kinds["cooperate"], kinds["conflict"], doc)
            )
        return tuple(relations)
