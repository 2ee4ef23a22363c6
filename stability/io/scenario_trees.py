"""The parse trees of a scenario's payoff expressions, read back from its file.

The loader (:mod:`stability.io.scenario`) keeps payoffs as exact sympy
expressions. The interactive explorer needs the whitelist parser's own trees
(:mod:`stability.io.expressions`) to generate JavaScript from, never text; this
module parses the file's layer weights and payoff cells again and checks that
every tree converts to exactly the expression the loaded scenario holds, so the
page computes the very payoffs the analyses use.

>>> from stability.io.scenario import read_scenario
>>> trees = payoff_trees(read_scenario("games/two-allies.toml"))
>>> trees[0].weights[0], trees[0].cells[0][(0, 0, 0)]
(Name(name='threat'), Number(value=Fraction(1, 1)))
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from stability.errors import InputError
from stability.io.expressions import Node, Number, to_sympy, value_tree
from stability.model.scenario import TIME, Scenario, ScenarioGame


@dataclass(frozen=True)
class GameTrees:
    """One game's layers as trees: a weight and a cell table per layer.

    ``cells[k]`` is an object array of shape ``game shape + (n_players,)``.
    """

    name: str
    weights: tuple[Node, ...]
    cells: tuple[Any, ...]


def _document(scenario: Scenario) -> dict[str, Any]:
    if scenario.path is None:
        raise InputError("the scenario has no file to read its payoff expressions from")
    from stability.io.bundled import bundled_file

    try:
        entry = None if scenario.path.is_file() else bundled_file(str(scenario.path))
        # A bundled scenario keeps the name it was opened by ("mosul") as its path.
        source = entry if entry is not None else scenario.path
        text = source.read_text(encoding="utf-8").removeprefix("\ufeff")
        return tomllib.loads(text, parse_float=Decimal)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(
            f"cannot read the payoff expressions again ({err})", source=str(scenario.path)
        ) from err


def _changed(scenario: Scenario, where: str) -> InputError:
    return InputError(
        f"{where} differs from the scenario that was loaded (was the file changed?)",
        source=str(scenario.path),
    )


def _same(tree: Node, expected: sympy.Expr, symbols: Mapping[str, sympy.Symbol]) -> bool:
    try:
        return bool(to_sympy(tree, symbols) == expected)
    except InputError:
        return False


def payoff_trees(scenario: Scenario) -> tuple[GameTrees, ...]:
    """Every game's layer weights and payoff cells as trees, in the scenario's order.

    Raises :class:`InputError` when the scenario has no file or the file no longer
    says what was loaded.
    """
    document = _document(scenario)
    entries = document.get("games", [])
    if not isinstance(entries, list) or len(entries) != len(scenario.games):
        raise _changed(scenario, "the list of games")
    found = []
    for index, (entry, game) in enumerate(zip(entries, scenario.games, strict=True)):
        where = f"games[{index}]"
        try:
            found.append(_game_trees(scenario, entry, game, where))
        except (KeyError, IndexError, TypeError, ValueError) as err:
            raise _changed(scenario, where) from err
    return tuple(found)


def _game_trees(scenario: Scenario, entry: Any, game: ScenarioGame, where: str) -> GameTrees:
    names = set(scenario.symbols)
    symbols = scenario.symbols
    """One game's trees (``entry`` is its ``[[games]]`` table from the file)."""
    specs = [{"payoffs": entry["payoffs"]}] if "payoffs" in entry else entry["layers"]
    weights: list[Node] = []
    tables = []
    for k, (spec, layer) in enumerate(zip(specs, game.layers, strict=True)):
        weight = value_tree(spec["weight"], names) if "weight" in spec else Number(Fraction(1))
        if not _same(weight, layer.weight, symbols):
            raise _changed(scenario, f"{where}.layers[{k}].weight")
        table = np.empty(layer.payoffs.shape, dtype=object)
        for position in np.ndindex(*layer.payoffs.shape):
            node: Any = spec["payoffs"]
            for axis in position:
                node = node[axis]
            tree = value_tree(node, names)
            if not _same(tree, layer.payoffs[position], symbols):
                raise _changed(scenario, f"{where}.layers[{k}].payoffs{list(position)}")
            table[position] = tree
        weights.append(weight)
        tables.append(table)
    return GameTrees(game.name, tuple(weights), tuple(tables))


def dynamics_rate_tree(scenario: Scenario) -> Node | None:
    """The tree of the ``[dynamics]`` rate, when the scenario has dynamics."""
    if scenario.dynamics is None:
        return None
    document = _document(scenario)
    tree = value_tree(document["dynamics"]["rate"], set(scenario.symbols))
    if not _same(tree, scenario.dynamics.rate, scenario.symbols):
        raise _changed(scenario, "dynamics.rate")
    return tree


def play_rate_trees(scenario: Scenario) -> list[Node] | None:
    """The trees of every rate of ``[timeline.play]``: one per listed outcome, in file
    order, then the default (see :meth:`~stability.model.timeline.TimelinePlay.rate_for`);
    ``None`` without a play state. Each is checked against the loaded rate.

    >>> from stability.io.scenario import read_scenario
    >>> play_rate_trees(read_scenario("tests/data/play-race.toml"))
    [Number(value=Fraction(1, 1)), Name(name='split_effort')]
    """
    timeline = scenario.timeline
    if timeline is None or timeline.play is None:
        return None
    play = _document(scenario)["timeline"]["play"]
    rates = play.get("rates", {})
    loaded = [*[rate for _, rate in timeline.play.rates], timeline.play.default]
    texts = [*[rates[name] for name, _ in timeline.play.rates], play["default"]]
    trees = []
    for text, expression in zip(texts, loaded, strict=True):
        tree = value_tree(str(text), set(scenario.symbols))
        if not _same(tree, expression, scenario.symbols):
            raise _changed(scenario, "timeline.play")
        trees.append(tree)
    return trees


def timeline_trees(scenario: Scenario) -> tuple[dict[str, Node], tuple[Node, Node] | None] | None:
    """The ``[timeline]`` section's trees, or ``None`` when the file has none (a
    scenario without a timeline, or one translated from an old ``[dynamics]``).

    Returns each time-varying parameter's tree (in the parameters and ``t``) and the
    end condition's ``(when, falls_to)`` trees (``None`` without an end).
    """
    timeline = scenario.timeline
    if timeline is None:
        return None
    section = _document(scenario).get("timeline")
    if not isinstance(section, dict):
        return None
    names = set(scenario.symbols) | {TIME.name}
    symbols = {**scenario.symbols, TIME.name: TIME}
    if timeline.play is not None:  # the play state is a name of the expressions too
        names.add(timeline.play.state)
        symbols[timeline.play.state] = timeline.play.symbol
    parameters: dict[str, Node] = {}
    for name, expected in timeline.parameters.items():
        try:
            tree = value_tree(section["parameters"][name], names)
        except (KeyError, TypeError) as err:
            raise _changed(scenario, f"timeline.parameters.{name}") from err
        if not _same(tree, expected, symbols):
            raise _changed(scenario, f"timeline.parameters.{name}")
        parameters[name] = tree
    end = None
    if timeline.end is not None:
        trees = []
        for key, expected in (("when", timeline.end.when), ("falls_to", timeline.end.falls_to)):
            try:
                tree = value_tree(section["end"][key], names)
            except (KeyError, TypeError) as err:
                raise _changed(scenario, f"timeline.end.{key}") from err
            if not _same(tree, expected, symbols):
                raise _changed(scenario, f"timeline.end.{key}")
            trees.append(tree)
        end = (trees[0], trees[1])
    return parameters, end
