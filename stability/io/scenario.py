"""Reading scenario files (TOML) into validated :class:`~stability.model.scenario.Scenario`.

- :func:`read_scenario` (a path) and :func:`parse_scenario` (text) load and validate;
  every fault raises :class:`~stability.errors.InputError` naming the file, the
  line (where it can be found) and the key path, such as
  ``games[1].layers[0].payoffs[1][0][1]``, and saying what was expected.
- :func:`apply_sets` applies ``--set NAME=VALUE`` overrides and returns warnings for
  values outside a parameter's range (callers print them).
- The games built from a scenario are in :mod:`stability.model.joint` (and
  ``stability.analysis.joint.scenario_game``): building is not reading.

The format is documented in ``docs/reference/scenario-format.md``.

>>> scenario = parse_scenario('''
... title = "Two allies"
... [parameters.threat]
... value = 2
... range = [0, 4]
... [[actors]]
... name = "A"
... strategies = ["Fight", "Shirk"]
... [[actors]]
... name = "B"
... strategies = ["Fight", "Shirk"]
... [[games]]
... players = ["A", "B"]
... payoffs = [[["threat", "threat"], [0, 1]], [[1, 0], [0, 0]]]
... ''')
>>> scenario.games[0].name, scenario.values
('A-B', {'threat': Fraction(2, 1)})
"""

from __future__ import annotations

import keyword
import math
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import sympy

from stability.errors import InputError
from stability.io.expressions import FUNCTIONS, exact_value, parse_value
from stability.io.files import MAX_TOML_BYTES, read_capped
from stability.io.text import deepest_line
from stability.model.exact import format_fraction, parse_number
from stability.model.game import check_size
from stability.model.scenario import (
    DISTRIBUTIONS,
    TIME,
    Actor,
    Dynamics,
    Layer,
    Outcome,
    Parameter,
    PartialProfile,
    Prior,
    Relation,
    Scenario,
    ScenarioGame,
    Timeline,
    TimelineEnd,
)
from stability.model.symbolic import (
    MAX_SYMBOLIC_WORK,
    MAX_TERMS,
    algebra_cost,
    expanded_terms,
)

#: Largest scenario file read, in bytes.
MAX_FILE_BYTES = MAX_TOML_BYTES

_PARAMETER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")

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

#: The keys a prior may have, by distribution.
_PRIOR_KEYS = {
    "uniform": ("dist",),
    "triangular": ("dist", "mode"),
    "pert": ("dist", "mode", "shape"),
    "normal": ("dist", "mean", "sd"),
}


# -- public API ----------------------------------------------------------------------


def read_scenario(path: str | Path, *, source: str | None = None) -> Scenario:
    """Load and validate the scenario file at ``path``.

    Raises :class:`InputError` for unreadable, empty, binary or non-UTF-8 files and
    for every fault the format forbids; messages name ``source`` (default: the path).
    """
    source = str(path) if source is None else source
    file = Path(path)
    data = read_capped(file, limit=MAX_FILE_BYTES, what="scenario file", source=source)
    if b"\x00" in data:
        raise InputError("binary file; expected a TOML scenario (UTF-8 text)", source=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8",
            source=source,
            line=line,
        ) from err
    return replace(parse_scenario(text, source), path=file)


def open_scenario(name: str | Path) -> Scenario:
    """A scenario from a ``.toml`` path or a bundled name (``"mosul"``).

    Errors in a bundled scenario name it (``mosul``), not where it is installed.

    >>> open_scenario("two-allies").title
    'Two allies against a common threat'
    """
    from importlib import resources

    from stability.io.bundled import bundled_file, bundled_names

    text = str(name)
    path = Path(name)
    if isinstance(name, Path) or path.is_file() or path.suffix or "/" in text or os.sep in text:
        return read_scenario(path)
    entry = bundled_file(text)
    if entry is None or not entry.name.endswith(".toml") or entry.name.endswith(".gmcr.toml"):
        scenarios = [n for n in bundled_names() if _is_bundled_scenario(n)]
        raise InputError(
            "no such file, and no bundled scenario of that name (bundled: "
            + ", ".join(scenarios)
            + ")",
            source=text,
        )
    with resources.as_file(entry) as real:
        scenario = read_scenario(real, source=f"{text} (bundled scenario)")
    # later messages (--set, --game) name the scenario as the user did
    return replace(scenario, path=Path(text))


def _is_bundled_scenario(name: str) -> bool:
    from stability.io.bundled import bundled_file

    entry = bundled_file(name)
    return entry is not None and entry.name.endswith(".toml") and not name.endswith(".gmcr")


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Validate scenario TOML text (``source`` names it in error messages)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("empty file; expected a TOML scenario", source=source)
    if "\x00" in text:
        raise InputError("binary file; expected a TOML scenario (UTF-8 text)", source=source)
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:
        raise InputError(
            "not valid TOML: arrays or tables nested too deeply (more than 100 levels)",
            source=source,
            line=deepest_line(text),
        ) from None
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        if "at end of document" in message:
            line = text.count("\n") + 1
        message = _TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
        raise InputError(f"not valid TOML: {message}", source=source, line=line) from err
    return _Loader(document, text, source).scenario()


def apply_sets(scenario: Scenario, sets: Mapping[str, str]) -> tuple[Scenario, list[str]]:
    """The scenario with ``--set NAME=VALUE`` overrides, and warnings to print.

    An unknown name or a value that is not a number is an :class:`InputError`; a
    value outside the parameter's range is allowed, with a warning.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> changed, warnings = apply_sets(scenario, {"threat": "12"})
    >>> changed.values["threat"], warnings
    (Fraction(12, 1), ['threat = 12 is outside its range [0, 10]'])
    """
    values: dict[str, Fraction] = {}
    warnings: list[str] = []
    names = [p.name for p in scenario.parameters]
    for name, text in sets.items():
        if name not in names:
            raise InputError(
                f"unknown parameter {name!r} (expected one of: {', '.join(names) or 'none'})",
                source=_source(scenario),
                item=f"--set {name}",
            )
        try:
            value = parse_number(text)
        except ValueError as err:
            raise InputError(str(err), source=_source(scenario), item=f"--set {name}") from err
        parameter = scenario.parameter(name)
        if not parameter.in_range(value):
            low, high = parameter.range
            warnings.append(
                f"{name} = {format_fraction(value)} is outside its range "
                f"[{format_fraction(low)}, {format_fraction(high)}]"
            )
        values[name] = value
    return scenario.with_values(values), warnings


def _source(scenario: Scenario) -> str | None:
    return str(scenario.path) if scenario.path else None


# -- loading ---------------------------------------------------------------------------


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _quote_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace('"', '\\"') + '"'


class _Loader:
    """Walks the TOML document, building model objects and raising precise errors."""

    def __init__(self, document: dict[str, Any], text: str, source: str) -> None:
        self.document = document
        self.locator = _Locator(text)
        self.source = source
        self.symbols: dict[str, sympy.Symbol] = {}
        self.defaults: dict[sympy.Symbol, sympy.Rational] = {}

    # -- error helpers -----------------------------------------------------------------

    def fail(self, path: str, message: str) -> NoReturn:
        raise InputError(
            message, source=self.source, line=self.locator.line(path), item=path or None
        )

    def table(
        self,
        value: object,
        path: str,
        allowed: Mapping[str, str] | Sequence[str],
        required: Sequence[str] = (),
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a table, got {_kind(value)}")
        for key in value:
            if key not in allowed:
                self.fail(
                    _join(path, key),
                    f"unknown key {key!r} (expected one of: {', '.join(allowed)})",
                )
        for key in required:
            if key not in value:
                where = path or "the top level"
                self.fail(path, f"missing key {key!r} in {where}")
        return value

    def string(self, value: object, path: str, *, empty: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {_kind(value)}")
        if not empty and not value.strip():
            self.fail(path, "expected a non-empty string")
        return value

    def array(self, value: object, path: str, what: str, *, minimum: int = 0) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list of {what}, got {_kind(value)}")
        if len(value) < minimum:
            self.fail(path, f"expected at least {minimum} {what}, got {len(value)}")
        return value

    def number(self, value: object, path: str) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            self.fail(path, f'expected a number (integer, decimal or "3/2"), got {_kind(value)}')
        try:
            return parse_number(str(value) if isinstance(value, Decimal) else value)
        except ValueError as err:
            self.fail(path, str(err))

    def expression(self, value: object, path: str) -> sympy.Expr:
        try:
            expression = parse_value(value, self.symbols)
        except InputError as err:
            self.fail(path, err.message)
        if expression.free_symbols:
            try:
                exact_value(expression, self.defaults)
            except InputError:
                self.fail(path, f"{value!r} is undefined at the default parameter values")
        return expression

    def unique(self, names: list[str], paths: list[str], what: str) -> None:
        seen: dict[str, int] = {}
        for index, name in enumerate(names):
            if name in seen:
                self.fail(
                    paths[index],
                    f"duplicate {what} name {name!r} (also at {paths[seen[name]]})",
                )
            seen[name] = index

    # -- sections ------------------------------------------------------------------------

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
            timeline = self.timeline(top["timeline"])
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
                for cell, expression in np.ndenumerate(layer.payoffs):
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

    def parameter_name(self, value: object, path: str) -> str:
        name = self.string(value, path)
        if name not in self.symbols:
            self.fail(
                path,
                f"unknown parameter {name!r} (expected one of: "
                f"{', '.join(self.symbols) or 'none declared'})",
            )
        return name

    def parameters(self, value: object) -> tuple[Parameter, ...]:
        table = self.table(value, "parameters", [], ()) if not isinstance(value, dict) else value
        parameters = []
        for name, entry in table.items():
            path = _join("parameters", name)
            if not _PARAMETER_NAME.match(name) or keyword.iskeyword(name) or name in FUNCTIONS:
                self.fail(
                    path,
                    f"parameter name {name!r} cannot be used in expressions; expected a letter "
                    "followed by letters, digits or _ (not min, max, abs or a Python keyword)",
                )
            if name == TIME.name:
                self.fail(
                    path,
                    f"parameter name {name!r} is reserved for time in [timeline] expressions; "
                    "choose another name",
                )
            spec = self.table(
                entry, path, ["value", "range", "doc", "prior"], required=("value", "range")
            )
            default = self.number(spec["value"], f"{path}.value")
            bounds = self.array(spec["range"], f"{path}.range", "two numbers [low, high]")
            if len(bounds) != 2:
                self.fail(f"{path}.range", f"expected two numbers [low, high], got {len(bounds)}")
            low = self.number(bounds[0], f"{path}.range[0]")
            high = self.number(bounds[1], f"{path}.range[1]")
            if low > high:
                self.fail(f"{path}.range", "expected [low, high] with low <= high")
            if not low <= default <= high:
                self.fail(
                    f"{path}.value",
                    f"default {format_fraction(default)} is outside its range "
                    f"[{format_fraction(low)}, {format_fraction(high)}]",
                )
            doc = self.string(spec.get("doc", ""), f"{path}.doc", empty=True)
            prior = (
                self.prior(spec["prior"], f"{path}.prior", (low, high)) if "prior" in spec else None
            )
            parameter = Parameter(name, default, (low, high), doc, prior)
            parameters.append(parameter)
            self.symbols[name] = parameter.symbol
            self.defaults[parameter.symbol] = sympy.Rational(default.numerator, default.denominator)
        return tuple(parameters)

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
            self.fail(path, f'expected a table {{actor = "strategy"}}, got {_kind(value)}')
        pairs = []
        for actor_name, strategy in value.items():
            where = _join(path, actor_name)
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

    def dynamics(self, value: object) -> Dynamics:
        spec = self.table(value, "dynamics", ["threat", "rate", "model"], ("threat", "rate"))
        threat = self.parameter_name(spec["threat"], "dynamics.threat")
        rate = self.expression(spec["rate"], "dynamics.rate")
        model = self.string(spec.get("model", "exponential"), "dynamics.model")
        if model not in ("exponential", "linear"):
            self.fail("dynamics.model", f'expected "exponential" or "linear", got {model!r}')
        return Dynamics(threat, rate, "linear" if model == "linear" else "exponential")

    def prior(self, value: object, path: str, bounds: tuple[Fraction, Fraction]) -> Prior:
        spec = self.table(value, path, ["dist", "mode", "mean", "sd", "shape"], ("dist",))
        dist = self.string(spec["dist"], f"{path}.dist")
        if dist not in DISTRIBUTIONS:
            self.fail(
                f"{path}.dist",
                f"unknown distribution {dist!r} (expected one of: {', '.join(DISTRIBUTIONS)})",
            )
        allowed = _PRIOR_KEYS[dist]
        for key in spec:
            if key not in allowed:
                self.fail(
                    f"{path}.{key}",
                    f"{key!r} does not apply to a {dist} prior (expected: {', '.join(allowed)})",
                )
        low, high = bounds
        span = f"[{format_fraction(low)}, {format_fraction(high)}]"

        def within(key: str) -> Fraction | None:
            if key not in spec:
                return None
            number = self.number(spec[key], f"{path}.{key}")
            if not low <= number <= high:
                self.fail(
                    f"{path}.{key}",
                    f"{key} {format_fraction(number)} is outside the parameter's range {span}",
                )
            return number

        if dist == "normal":
            if "sd" not in spec:
                self.fail(path, "missing key 'sd' (the standard deviation of a normal prior)")
            sd = self.number(spec["sd"], f"{path}.sd")
            if sd <= 0:
                self.fail(
                    f"{path}.sd", f"expected a standard deviation > 0, got {format_fraction(sd)}"
                )
            return Prior("normal", mean=within("mean"), sd=sd)
        if dist == "uniform":
            return Prior("uniform")
        mode = within("mode")
        if dist == "pert":
            shape = self.number(spec.get("shape", 4), f"{path}.shape")
            if shape <= 0:
                self.fail(f"{path}.shape", f"expected a shape > 0, got {format_fraction(shape)}")
            return Prior("pert", mode=mode, shape=shape)
        return Prior("triangular", mode=mode)

    def time_expression(
        self,
        value: object,
        path: str,
        horizon: Fraction,
        varying: Mapping[sympy.Symbol, sympy.Expr] | None = None,
    ) -> sympy.Expr:
        """An expression in ``t`` and the parameters, defined at t = 0 and the horizon
        with the defaults (``varying``: time-varying parameters' expressions)."""
        symbols = {**self.symbols, TIME.name: TIME}
        try:
            expression = parse_value(value, symbols)
        except InputError as err:
            self.fail(path, err.message)
        for moment in (Fraction(0), horizon):
            at = {**self.defaults, TIME: sympy.Rational(moment.numerator, moment.denominator)}
            try:
                exact_value(expression.xreplace(dict(varying or {})), at)
            except InputError:
                self.fail(
                    path,
                    f"{value!r} is undefined at t = {format_fraction(moment)} "
                    "with the default parameter values",
                )
        return expression

    def timeline(self, value: object) -> Timeline:
        spec = self.table(
            value, "timeline", ["unit", "horizon", "parameters", "end"], ("unit", "horizon")
        )
        unit = self.string(spec["unit"], "timeline.unit")
        horizon = self.number(spec["horizon"], "timeline.horizon")
        if horizon <= 0:
            self.fail(
                "timeline.horizon",
                f"expected a positive number (the last time considered), "
                f"got {format_fraction(horizon)}",
            )
        parameters: dict[str, sympy.Expr] = {}
        table = spec.get("parameters", {})
        if not isinstance(table, dict):
            self.fail("timeline.parameters", f"expected a table, got {_kind(table)}")
        for name, text in table.items():
            if name not in self.symbols:
                self.fail(
                    _join("timeline.parameters", name),
                    f"unknown parameter {name!r} (expected one of: "
                    f"{', '.join(self.symbols) or 'none declared'})",
                )
            parameters[name] = self.time_expression(
                text, _join("timeline.parameters", name), horizon
            )
        end = self.timeline_end(spec["end"], horizon, parameters) if "end" in spec else None
        return Timeline(unit, horizon, parameters, end)

    def timeline_end(
        self, value: object, horizon: Fraction, parameters: Mapping[str, sympy.Expr]
    ) -> TimelineEnd:
        path = "timeline.end"
        entry = self.table(value, path, ["when", "falls_to", "label"], ("when", "falls_to"))
        # in the end condition a time-varying parameter means its value at time t
        varying = {sympy.Symbol(n): e for n, e in parameters.items()}
        when = self.time_expression(entry["when"], f"{path}.when", horizon, varying)
        falls_to = self.time_expression(entry["falls_to"], f"{path}.falls_to", horizon, varying)
        label = self.string(entry.get("label", ""), f"{path}.label", empty=True)
        return TimelineEnd(when, falls_to, label)


def _join(path: str, key: str) -> str:
    quoted = _quote_key(key)
    return f"{path}.{quoted}" if path else quoted


# -- finding the line of a key path ------------------------------------------------------

_PATH_PART = re.compile(r'\.?(?:"((?:[^"\\]|\\.)*)"|([^.\[\]"]+))|\[(\d+)\]')
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


class _Locator:
    """Best-effort line numbers for key paths (tomllib reports none for values)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.offsets = [0]
        for line in self.lines:
            self.offsets.append(self.offsets[-1] + len(line) + 1)

    def line(self, path: str) -> int | None:
        try:
            return self._line(path)
        except (IndexError, ValueError):
            return None

    def _parts(self, path: str) -> list[str | int]:
        parts: list[str | int] = []
        for match in _PATH_PART.finditer(path):
            quoted, bare, index = match.groups()
            if index is not None:
                parts.append(int(index))
            else:
                parts.append(quoted if quoted is not None else (bare or ""))
        return parts

    def _header(self, number: int) -> tuple[str, str] | None:
        match = _HEADER.match(self.lines[number])
        if not match:
            return None
        name = re.sub(r"\s*\.\s*", ".", match.group(2)).replace('"', "")
        return match.group(1), name

    def _line(self, path: str) -> int | None:
        parts = self._parts(path)
        if not parts:
            return None
        position = 0  # line index where the current table starts
        prefix = ""
        found: int | None = None
        k = 0
        while k < len(parts):
            key = parts[k]
            if not isinstance(key, str):
                return found
            dotted = f"{prefix}{key}"
            index = parts[k + 1] if k + 1 < len(parts) and isinstance(parts[k + 1], int) else None
            if index is not None:
                count = -1
                for number in range(position, len(self.lines)):
                    header = self._header(number)
                    if header == ("[[", dotted):
                        count += 1
                        if count == index:
                            position, found, prefix = number, number + 1, dotted + "."
                            break
                else:
                    return self._inline(position, key, parts[k + 1 :], found)
                k += 2
                continue
            for number in range(position, len(self.lines)):
                if self._header(number) == ("[", dotted):
                    position, found, prefix = number, number + 1, dotted + "."
                    break
            else:
                nested = any(
                    (header := self._header(number)) and header[1].startswith(dotted + ".")
                    for number in range(position, len(self.lines))
                )
                if not nested:
                    return self._inline(position, key, parts[k + 1 :], found)
                prefix = dotted + "."
            k += 1
        return found

    def _inline(
        self, position: int, key: str, rest: list[str | int], found: int | None
    ) -> int | None:
        """The line of ``key = ...`` in the current table, then into its array value."""
        pattern = re.compile(r'^\s*"?' + re.escape(key) + r'"?\s*=')
        for number in range(position + 1 if found else position, len(self.lines)):
            if found is not None and number > position and self._header(number):
                break
            if pattern.match(self.lines[number]):
                start = self.offsets[number] + self.lines[number].index("=") + 1
                indices: list[int] = []
                for part in rest:
                    if not isinstance(part, int):
                        break
                    indices.append(part)
                offset = _element_offset(self.text, start, indices)
                return self.text.count("\n", 0, offset) + 1
        return found


def _element_offset(text: str, start: int, indices: list[int]) -> int:
    """The offset where ``value[i][j]...`` begins, ``value`` being the TOML after ``start``."""
    position = _skip_blank(text, start)
    for target in indices:
        if position >= len(text) or text[position] != "[":
            return position
        position = _skip_blank(text, position + 1)
        for _ in range(target):
            position = _skip_blank(text, _skip_value(text, position))
            if position < len(text) and text[position] == ",":
                position = _skip_blank(text, position + 1)
            else:
                return position
    return position


def _skip_blank(text: str, position: int) -> int:
    while position < len(text):
        if text[position] in " \t\r\n":
            position += 1
        elif text[position] == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline
        else:
            break
    return position


def _skip_string(text: str, position: int) -> int:
    quote = text[position]
    position += 1
    while position < len(text) and text[position] != quote:
        position += 2 if quote == '"' and text[position] == "\\" else 1
    return position + 1


def _skip_value(text: str, position: int) -> int:
    """The offset just after the TOML value starting at ``position``."""
    depth = 0
    while position < len(text):
        char = text[position]
        if char in "\"'":
            position = _skip_string(text, position)
        elif char == "#":
            position = _skip_blank(text, position)
        elif char in "[{":
            depth += 1
            position += 1
        elif char in "]}":
            if depth == 0:
                return position
            depth -= 1
            position += 1
            if depth == 0:
                return position
        elif depth == 0 and char in ", \t\r\n":
            return position
        else:
            position += 1
    return position
