"""The ``[[actors]]`` and ``[[games]]`` tables: strategies, layers and payoff tables.

A game's payoffs are given either directly (``payoffs``) or as weighted
``[[games.layers]]``; each cell holds one payoff per player, as a number or an
expression over the parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from stability.io.scenario.base import LoaderBase, join_path, kind_of
from stability.model.scenario import (
    Actor,
    Layer,
    PartialProfile,
    ScenarioGame,
)


class GameSection(LoaderBase):
    """Reads the actors and the games they play."""

    def actors(self, value: object) -> tuple[Actor, ...]:
        entries = self.array(value, "actors", "[[actors]] tables", minimum=1)
        actors = []
        for index, entry in enumerate(entries):
            path = f"actors[{index}]"
            spec = self.table(
                entry, path, ["name", "label", "strategies", "doc"], ("name", "strategies")
            )
            name = self.string(spec["name"], f"{path}.name")
            strategies = self.array(
                spec["strategies"], f"{path}.strategies", "strategy names", minimum=1
            )
            names = [self.string(s, f"{path}.strategies[{k}]") for k, s in enumerate(strategies)]
            self.unique(names, [f"{path}.strategies[{k}]" for k in range(len(names))], "strategy")
            label = self.string(spec.get("label", name), f"{path}.label")
            doc = self.string(spec.get("doc", ""), f"{path}.doc", empty=True)
            actors.append(Actor(name, label, tuple(names), doc))
        self.unique(
            [a.name for a in actors], [f"actors[{k}].name" for k in range(len(actors))], "actor"
        )
        return tuple(actors)

    def actor_name(self, value: object, path: str, actors: Mapping[str, Actor]) -> str:
        name = self.string(value, path)
        if name not in actors:
            self.fail(path, f"unknown actor {name!r} (expected one of: {', '.join(actors)})")
        return name

    def games(self, value: object, actors: Mapping[str, Actor]) -> tuple[ScenarioGame, ...]:
        entries = self.array(value, "games", "[[games]] tables", minimum=1)
        games = []
        for index, entry in enumerate(entries):
            path = f"games[{index}]"
            spec = self.table(
                entry, path, ["name", "players", "layers", "payoffs", "doc"], ("players",)
            )
            listed = self.array(spec["players"], f"{path}.players", "actor names", minimum=2)
            players = [
                self.actor_name(p, f"{path}.players[{k}]", actors) for k, p in enumerate(listed)
            ]
            for k, player in enumerate(players):
                if player in players[:k]:
                    self.fail(
                        f"{path}.players[{k}]",
                        f"{player!r} is listed twice: a game between an actor and itself",
                    )
            name = (
                self.string(spec["name"], f"{path}.name") if "name" in spec else "-".join(players)
            )
            doc = self.string(spec.get("doc", ""), f"{path}.doc", empty=True)
            strategies = [actors[p].strategies for p in players]
            if "layers" in spec and "payoffs" in spec:
                self.fail(path, "give either payoffs or [[games.layers]], not both")
            if "payoffs" in spec:
                table = self.payoffs(spec["payoffs"], f"{path}.payoffs", players, strategies)
                layers: list[Layer] = [Layer("Payoffs", sympy.Integer(1), table)]
            elif "layers" in spec:
                layers = self.layers(spec["layers"], f"{path}.layers", players, strategies)
            else:
                self.fail(path, "missing payoffs: expected [[games.layers]] or a payoffs table")
            games.append(ScenarioGame(name, tuple(players), tuple(layers), doc))
        self.unique(
            [g.name for g in games], [f"games[{k}].name" for k in range(len(games))], "game"
        )
        return tuple(games)

    def layers(
        self,
        value: object,
        path: str,
        players: list[str],
        strategies: list[tuple[str, ...]],
    ) -> list[Layer]:
        entries = self.array(value, path, "[[games.layers]] tables", minimum=1)
        layers = []
        for index, entry in enumerate(entries):
            where = f"{path}[{index}]"
            spec = self.table(entry, where, ["name", "weight", "payoffs", "doc"], ("payoffs",))
            name = (
                self.string(spec["name"], f"{where}.name")
                if "name" in spec
                else f"Layer {index + 1}"
            )
            weight = self.expression(spec.get("weight", 1), f"{where}.weight")
            table = self.payoffs(spec["payoffs"], f"{where}.payoffs", players, strategies)
            doc = self.string(spec.get("doc", ""), f"{where}.doc", empty=True)
            layers.append(Layer(name, weight, table, doc))
        self.unique(
            [layer.name for layer in layers],
            [f"{path}[{k}].name" for k in range(len(layers))],
            "layer",
        )
        return layers

    def payoffs(
        self,
        value: object,
        path: str,
        players: list[str],
        strategies: list[tuple[str, ...]],
    ) -> np.ndarray[Any, np.dtype[Any]]:
        n = len(players)
        shape = tuple(len(s) for s in strategies)
        depth, probe = 0, value
        while isinstance(probe, list) and probe:
            depth, probe = depth + 1, probe[0]
        if isinstance(value, list) and depth != n + 1:
            self.fail(
                path,
                f"payoff table nested {depth} levels deep; a game of {n} players "
                f"({', '.join(players)}) needs {n + 1}: one level per player's strategies "
                f"(shape {'x'.join(map(str, shape))}) and a list of {n} payoffs in each cell",
            )
        table = np.empty((*shape, n), dtype=object)
        leaf = "[" + ", ".join(f"to {p}" for p in players) + "]"

        def walk(node: object, where: str, index: tuple[int, ...]) -> None:
            level = len(index)
            if level == n:
                cell = self.array(node, where, f"{n} payoffs {leaf}")
                if len(cell) != n:
                    self.fail(where, f"expected a list of {n} payoffs {leaf}, got {len(cell)}")
                for k, item in enumerate(cell):
                    table[(*index, k)] = self.expression(item, f"{where}[{k}]")
                return
            player = players[level]
            what = f"{shape[level]} entries, one per strategy of {player} " + (
                f"({', '.join(strategies[level])})"
            )
            rows = self.array(node, where, what)
            if len(rows) != shape[level]:
                self.fail(where, f"expected {what}, got {len(rows)}")
            for k, row in enumerate(rows):
                walk(row, f"{where}[{k}]", (*index, k))

        walk(value, path, ())
        return table

    def partial_profile(
        self, value: object, path: str, actors: Mapping[str, Actor], allowed: Sequence[str] = ()
    ) -> PartialProfile:
        if not isinstance(value, dict):
            self.fail(path, f'expected a table {{actor = "strategy"}}, got {kind_of(value)}')
        pairs = []
        for actor_name, strategy in value.items():
            where = join_path(path, actor_name)
            if actor_name not in actors:
                self.fail(
                    where, f"unknown actor {actor_name!r} (expected one of: {', '.join(actors)})"
                )
            if allowed and actor_name not in allowed:
                self.fail(
                    where,
                    f"actor {actor_name!r} is not part of this relation "
                    f"(expected {' or '.join(allowed)})",
                )
            name = self.string(strategy, where)
            if name not in actors[actor_name].strategies:
                self.fail(
                    where,
                    f"actor {actor_name!r} has no strategy {name!r} (expected one of: "
                    f"{', '.join(actors[actor_name].strategies)})",
                )
            pairs.append((actor_name, name))
        return PartialProfile(pairs)
