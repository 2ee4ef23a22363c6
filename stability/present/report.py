"""Rendering a scenario report to one self-contained HTML file or to Markdown.

The data come from :func:`stability.analysis.report.build_report`; this module
draws the pictures (coalition graphs, tornado charts, the sweep map) as SVG,
turns the report into plain rows of text (:func:`report_view`), and fills the
Jinja2 templates ``templates/report.html.j2`` (autoescaped) and
``templates/report.md.j2``.

- HTML: one file, CSS inline, every picture an inline ``<svg>`` (no external URL
  of any kind), readable on a phone and on paper.
- Markdown: the same content; the pictures are written as SVG files in a folder
  beside it (``report.md`` → ``report_files/graph-1.svg``) and linked relatively.

Files are written whole or not at all (:mod:`stability.io.files`): a Markdown
report and its folder of pictures are written into a temporary folder and then
moved into place together.

>>> import tempfile, pathlib
>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.report import build_report
>>> report = build_report(read_scenario("games/two-allies.toml"), samples=500, sweep_points=11)
>>> html = render_html(report)
>>> html.startswith("<!DOCTYPE html>"), html.count("<svg") >= 3, "http://" in html
(True, True, False)
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sympy
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from stability.analysis.durability import exact_string
from stability.analysis.report import Report
from stability.analysis.tipping import CELL_UNIT, Threshold, TippingResult
from stability.errors import InputError
from stability.io.files import write_file, write_files
from stability.model.exact import format_fraction
from stability.model.game import Game
from stability.model.scenario import Layer, Scenario, ScenarioGame
from stability.model.symbolic import as_sympy
from stability.present.equilibria import describe_mixture
from stability.present.overview import CONCEPT_NAMES, outcome_reason, stability_sentence

#: Report formats by file suffix.
FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}

#: The concepts shown as columns of the equilibrium table, in order.
SHOWN_CONCEPTS = ("nash", "strict", "strong", "coalition_proof", "gmr", "smr", "seq")

#: Key payoff cells listed per target outcome.
KEY_CELLS_LISTED = 5
#: Robustness regimes listed.
REGIMES_LISTED = 6


# -- plain values ------------------------------------------------------------------------


def _fraction(value: Fraction | int) -> str:
    return format_fraction(Fraction(value))


def _exact(value: sympy.Expr) -> str:
    text = exact_string(value)
    if not isinstance(value, sympy.Rational):
        text += f" ≈ {float(sympy.N(value, 20)):.4g}"
    return text


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def _words(text: str) -> str:
    return " ".join(text.split())


def _profile_text(profile: dict[str, str] | Any) -> str:
    return "; ".join(f"{actor}: {strategy}" for actor, strategy in dict(profile).items())


def _listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _quoted(name: str) -> str:
    return f"“{name}”"


# -- view objects the templates read ---------------------------------------------------------


@dataclass(frozen=True)
class TableView:
    """A table as text: a caption, a header row, rows, and which columns are numbers."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Picture:
    """One picture of the report: a file stem, a caption and its SVG text."""

    name: str
    caption: str
    svg: str

    @property
    def filename(self) -> str:
        """The picture's file name beside a Markdown report."""
        return f"{self.name}.svg"


# -- pictures ---------------------------------------------------------------------------------


def _figure_svg(figure: Any) -> str:
    from stability.present.figures import figure_bytes

    return figure_bytes(figure, "svg", pad_inches=0.15).decode("utf-8")


def _sweep_svg(report: Report) -> str:
    from stability.present.sweep_map import sweep_map

    assert report.sweep is not None
    return sweep_map(report.sweep, report.scenario, "svg").decode("utf-8")


def _race_svg(report: Report) -> str:
    import matplotlib.pyplot as plt

    from stability.present.durability_plot import DEFAULT_DPI, durability_figure
    from stability.present.figures import figure_bytes

    assert report.race is not None
    figure = durability_figure(report.race, report.scenario)
    try:
        return figure_bytes(figure, "svg", dpi=DEFAULT_DPI).decode("utf-8")
    finally:
        plt.close(figure)


def draw_pictures(report: Report) -> dict[str, list[Picture]]:
    """Every picture, by section: ``graphs`` (one per coalition graph, aligned with
    ``report.graphs``), ``tornado`` (aligned with ``report.tipping``), ``sweep``,
    ``race`` (the outcomes' equilibrium intervals along the timeline)."""
    from stability.present.graph import coalition_figure
    from stability.present.tornado import tornado_figure

    pictures: dict[str, list[Picture]] = {"graphs": [], "tornado": [], "sweep": [], "race": []}
    for number, panel in enumerate(report.graphs, start=1):
        status = "an equilibrium" if panel.equilibrium else "not an equilibrium (closest profile)"
        pictures["graphs"].append(
            Picture(
                f"graph-{number}",
                f"Coalition graph of {_quoted(panel.outcome)}, {status}: "
                + _profile_text(panel.profile),
                _figure_svg(coalition_figure([panel])),
            )
        )
    for number, result in enumerate(report.tipping, start=1):
        pictures["tornado"].append(
            Picture(
                f"tornado-{number}",
                f"Tornado chart: how far each parameter alone must move for "
                f"{_quoted(result.target)} to become a pure equilibrium, as a share of its "
                "range (hatched bars: beyond the range).",
                _figure_svg(tornado_figure(result)),
            )
        )
    if report.sweep is not None:
        names = " and ".join(report.sweep_parameters)
        pictures["sweep"].append(
            Picture(
                "sweep-map",
                f"Which outcomes are pure equilibria as {names} vary over their ranges, "
                "the other parameters at their current values (star: the current values).",
                _sweep_svg(report),
            )
        )
    if report.race is not None:
        pictures["race"].append(
            Picture(
                "timeline",
                f"When each outcome is a pure equilibrium along the timeline "
                f"({report.race.unit}), with the end of the campaign marked.",
                _race_svg(report),
            )
        )
    return pictures


_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SIZE = re.compile(r'(<svg\b[^>]*?)\s+(?:width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r"#([^\s\"')#]+)(?=[\"')])")
_START = re.compile(r"<svg\b[^>]*")


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG document made fit to sit inside HTML.

    Drops the XML prolog, the metadata block and namespace declarations (the HTML
    parser supplies them; none of them is fetched, but a report should name no
    URL at all), lets CSS size the picture, and prefixes every ``id`` so that
    several pictures on one page cannot clash.

    >>> inline_svg('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
    ...            'width="10pt" height="5pt" viewBox="0 0 10 5"><g id="a">'
    ...            '<use xlink:href="#a"/></g></svg>', "p1")
    '<svg viewBox="0 0 10 5" role="img"><g id="p1-a"><use xlink:href="#p1-a"/></g></svg>'
    """
    text = _PROLOG.sub("", svg, count=1)
    text = _METADATA.sub("", text)
    text = _NAMESPACES.sub("", text)
    while True:
        shorter = _SIZE.sub(r"\1", text, count=1)
        if shorter == text:
            break
        text = shorter
    ids = set(_ID.findall(text))
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _REFERENCE.sub(
        lambda m: f"#{prefix}-{m.group(1)}" if m.group(1) in ids else m.group(0), text
    )
    start = _START.match(text)
    if start is not None:
        text = text[: start.end()] + ' role="img"' + text[start.end() :]
    return text.strip()


# -- tables ---------------------------------------------------------------------------------


def _mark(flag: bool) -> str:
    return "yes" if flag else "no"


def _others(players: Sequence[str], shape: Sequence[int]) -> list[tuple[int, ...]]:
    """Every combination of strategies of the players after the first two."""
    import itertools

    return list(itertools.product(*(range(n) for n in shape[2:])))


def _matrices(
    caption: str,
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
    cell: Any,
) -> list[TableView]:
    """Payoff matrices: rows the first player's strategies, columns the second's,
    one matrix per combination of the other players' strategies."""
    shape = [len(s) for s in strategies]
    tables = []
    for rest in _others(players, shape):
        title = caption
        if rest:
            title += " — when " + ", ".join(
                f"{players[2 + k]} plays {strategies[2 + k][s]}" for k, s in enumerate(rest)
            )
        header = (f"{players[0]} \\ {players[1]}", *strategies[1])
        rows = tuple(
            (row_name, *(cell((r, c, *rest)) for c in range(shape[1])))
            for r, row_name in enumerate(strategies[0])
        )
        tables.append(TableView(title, header, rows, frozenset(range(1, shape[1] + 1))))
    return tables


def _game_tables(game: ScenarioGame, exact: Game) -> list[TableView]:
    order = ", ".join(f"to {p}" for p in exact.players)

    def cell(profile: tuple[int, ...]) -> str:
        return ", ".join(_fraction(exact.payoff(i, profile)) for i in range(exact.n_players))

    return _matrices(
        f"{game.name}: payoffs at the current values ({order})",
        exact.players,
        exact.strategies,
        cell,
    )


def _layer_tables(scenario: Scenario, game: ScenarioGame, layer: Layer) -> list[TableView]:
    strategies = [scenario.actor(p).strategies for p in game.players]

    def cell(profile: tuple[int, ...]) -> str:
        return ", ".join(str(e) for e in layer.payoffs[profile])

    weight = as_sympy(layer.weight)
    title = layer.name if weight == 1 else f"{layer.name} (× {weight})"
    return _matrices(title, game.players, strategies, cell)


def _weight(scenario: Scenario, layer: Layer) -> str:
    weight = as_sympy(layer.weight)
    if weight == 1:
        return "1"
    value = weight.xreplace(scenario.substitution())
    shown = _exact(value) if value.is_number else str(value)
    if str(weight) == shown:
        return shown
    return f"{weight} = {shown}"


def _games_view(report: Report) -> list[dict[str, Any]]:
    scenario = report.scenario
    games = []
    for pair in report.analysis.pairs:
        exact = pair.exact
        equilibria = []
        for equilibrium in pair.solution.equilibria:
            parts = []
            for k, player in enumerate(exact.players):
                mixture: Sequence[Fraction] | Sequence[float] = (
                    equilibrium.exact[k]
                    if equilibrium.exact is not None
                    else equilibrium.profile[k]
                )
                parts.append(f"{player}: {describe_mixture(exact.strategies[k], mixture)}")
            strategies = "; ".join(parts)
            if equilibrium.exact_payoffs is not None:
                payoffs = ", ".join(_fraction(v) for v in equilibrium.exact_payoffs)
            else:
                payoffs = ", ".join(f"{v:.6g}" for v in equilibrium.payoffs)
            equilibria.append(
                ("pure" if equilibrium.pure else "mixed", strategies, payoffs)
            )
        order = ", ".join(f"to {p}" for p in exact.players)
        equilibria_table = TableView(
            f"Equilibria of {pair.game.name} on its own"
            + (" (every extreme equilibrium, exact)" if exact.n_players == 2 else " (pure)"),
            ("kind", "strategies", f"payoffs ({order})"),
            tuple(equilibria),
            frozenset({2}),
        )
        patience = None
        if pair.repeated is not None:
            who = _profile_text(pair.repeated.cooperate)
            if pair.repeated.critical is None:
                patience = (
                    f"Repeated play: no discount factor sustains cooperation ({who}) "
                    "under grim trigger."
                )
            else:
                patience = (
                    f"Repeated play: cooperation ({who}) is sustainable under grim trigger "
                    f"when both discount the future by at least δ* = "
                    f"{_fraction(pair.repeated.critical)}."
                )
        games.append(
            {
                "name": pair.game.name,
                "players": list(pair.game.players),
                "doc": _words(pair.game.doc),
                "layers": [
                    {
                        "name": layer.name,
                        "weight": _weight(scenario, layer),
                        "doc": _words(layer.doc),
                        "tables": _layer_tables(scenario, pair.game, layer),
                    }
                    for layer in pair.game.layers
                ],
                "totals": _game_tables(pair.game, exact),
                "equilibria": equilibria_table,
                "degenerate": bool(pair.solution.degenerate),
                "patience": patience,
            }
        )
    return games


def _parameters_table(report: Report) -> TableView:
    rows = []
    for parameter in report.scenario.parameters:
        low, high = parameter.range
        value = _fraction(parameter.value)
        if parameter.value.denominator != 1:
            value += f" ≈ {float(parameter.value):.4g}"
        rows.append(
            (
                parameter.name,
                value,
                f"[{_fraction(low)}, {_fraction(high)}]",
                _words(parameter.doc),
            )
        )
    return TableView(
        "Parameters (current values, with any --set applied)",
        ("parameter", "value", "range", "meaning"),
        tuple(rows),
        frozenset({1}),
    )


def _actors_table(report: Report) -> TableView:
    return TableView(
        "Actors",
        ("actor", "strategies", "who they are"),
        tuple(
            (
                actor.name if actor.label in ("", actor.name) else f"{actor.name} ({actor.label})",
                " / ".join(actor.strategies),
                _words(actor.doc),
            )
            for actor in report.scenario.actors
        ),
    )


def _equilibria_table(report: Report) -> TableView:
    analysis = report.analysis
    actors = analysis.joint.players
    rows = []
    for equilibrium in analysis.equilibria:
        rows.append(
            (
                ", ".join(equilibrium.outcomes) or "(no named outcome)",
                _profile_text(equilibrium.profile),
                ", ".join(_fraction(v) for v in equilibrium.payoffs),
                *(_mark(equilibrium.stability.stable[c]) for c in SHOWN_CONCEPTS),
                _mark(equilibrium.balance.balanced),
            )
        )
    order = ", ".join(f"to {a}" for a in actors)
    return TableView(
        "Pure equilibria of the joint (coalition) game and their stability",
        (
            "outcome",
            "profile",
            f"payoffs ({order})",
            *(CONCEPT_NAMES[c] for c in SHOWN_CONCEPTS),
            "balanced",
        ),
        tuple(rows),
        frozenset({2}),
    )


def _profiles_table(report: Report) -> TableView | None:
    if not report.profiles:
        return None
    actors = report.analysis.joint.players
    rows = tuple(
        (
            *(entry.profile[a] for a in actors),
            ", ".join(entry.outcomes) or "–",
            *(_fraction(v) for v in entry.payoffs),
            ", ".join(CONCEPT_NAMES[c] for c in entry.concepts) or "–",
        )
        for entry in report.profiles
    )
    n = len(actors)
    return TableView(
        "Every pure profile of the joint game: exact payoffs and the concepts it is stable under",
        (*actors, "outcome", *(f"payoff to {a}" for a in actors), "stable as"),
        rows,
        frozenset(range(n + 1, 2 * n + 1)),
    )


def _outcomes_table(report: Report) -> TableView:
    rows = []
    for status in report.analysis.outcomes:
        rows.append(
            (
                status.name,
                _mark(status.equilibrium),
                "–" if status.balance is None else _mark(status.balance.balanced),
                "" if status.equilibrium else outcome_reason(status),
            )
        )
    return TableView(
        "Outcomes at the current values",
        ("outcome", "equilibrium", "balanced graph", "what breaks its closest profile"),
        tuple(rows),
    )


def _set_text(text: str) -> str:
    """A set of reals as people write it: ``[3/4, ∞)``."""
    return re.sub(r"(-?)\binf\b", lambda m: "−∞" if m.group(1) else "∞", text)


def _direction(threshold: Threshold) -> str:
    return "rises to" if threshold.direction == "increase" else "falls to"


def _thresholds_table(result: TippingResult, *, becomes: bool) -> TableView:
    rows = []
    for entry, threshold in result.thresholds:
        rows.append(
            (
                entry.parameter,
                _fraction(entry.baseline),
                f"{_direction(threshold)} {_exact(threshold.value)}",
                _mark(threshold.within_range),
                f"{threshold.distance:.3g}",
                _set_text(str(entry.holds)),
            )
        )
    verb = "becomes" if becomes else "stops being"
    return TableView(
        f"One parameter at a time (the others at their values): where "
        f"{_quoted(result.target)} {verb} a pure equilibrium",
        ("parameter", "now", "threshold", "in range", "share of range", "holds on"),
        tuple(rows),
        frozenset({1, 4}),
    )


def _tipping_view(report: Report, pictures: dict[str, list[Picture]]) -> list[dict[str, Any]]:
    views = []
    for number, result in enumerate(report.tipping):
        sentences: list[str] = []
        for _, threshold in result.thresholds:
            sentences += [b.sentence for b in threshold.binding]
        shift = result.minimal_shift
        shift_view: dict[str, Any] | None = None
        if shift is not None:
            distance = (
                _fraction(shift.distance_exact)
                if shift.distance_exact is not None
                else f"{shift.distance:.4g}"
            )
            moves = TableView(
                f"Smallest combined shift: distance {distance} ({shift.norm})",
                ("parameter", "now", "new value"),
                tuple(
                    (
                        moved.parameter,
                        _fraction(moved.baseline),
                        _fraction(moved.exact) if moved.exact is not None else f"{moved.value:.6g}",
                    )
                    for moved in shift.parameters
                ),
                frozenset({1, 2}),
            )
            shift_view = {
                "table": moves,
                "profile": "—" if shift.profile is None else _profile_text(shift.profile),
                "method": shift.method,
                "guarantee": shift.guarantee,
                "binding": list(dict.fromkeys(b.sentence for b in shift.binding)),
            }
        cells = None
        if result.key_cells:
            cells = TableView(
                "Key payoff cells, by share of the binding margin they carry "
                f"(payoffs in {CELL_UNIT})",
                ("game", "layer", "cell", "payoff to", "share", "before", "after", "change"),
                tuple(
                    (
                        cell.game,
                        cell.layer,
                        " / ".join(cell.cell.values()),
                        cell.actor,
                        f"{float(cell.share):.0%}",
                        _fraction(cell.before),
                        "–" if cell.after is None else _fraction(cell.after),
                        "–" if cell.change is None else _fraction(cell.change),
                    )
                    for cell in result.key_cells[:KEY_CELLS_LISTED]
                ),
                frozenset({4, 5, 6, 7}),
            )
        status = next(s for s in report.analysis.outcomes if s.name == result.target)
        views.append(
            {
                "target": result.target,
                "doc": _words(report.scenario.outcome(result.target).doc),
                "reason": outcome_reason(status),
                "thresholds": _thresholds_table(result, becomes=True),
                "unreachable": list(result.unreachable),
                "binding": list(dict.fromkeys(sentences)),
                "picture": pictures["tornado"][number],
                "shift": shift_view,
                "cells": cells,
            }
        )
    return views


def _breaking_view(report: Report) -> list[dict[str, Any]]:
    views = []
    for result in report.breaking:
        sentences: list[str] = []
        for _, threshold in result.thresholds:
            sentences += [b.sentence for b in threshold.binding]
        views.append(
            {
                "target": result.target,
                "thresholds": _thresholds_table(result, becomes=False),
                "unreachable": list(result.unreachable),
                "binding": list(dict.fromkeys(sentences)),
            }
        )
    return views


def _influence_table(report: Report) -> TableView:
    rows = []
    for entry in report.influence:
        if entry.threshold is None or entry.outcome is None:
            rows.append((entry.parameter, "–", "none within its range", ""))
            continue
        threshold = entry.threshold
        verb = "becomes" if threshold.kind == "becomes" else "stops being"
        rows.append(
            (
                entry.parameter,
                f"{entry.distance:.3g}",
                f"{_direction(threshold)} {_exact(threshold.value)}",
                f"{_quoted(entry.outcome)} {verb} an equilibrium",
            )
        )
    return TableView(
        "Parameters ranked by their nearest in-range threshold",
        ("parameter", "share of range", "threshold", "effect"),
        tuple(rows),
        frozenset({1}),
    )


def _sweep_view(report: Report, pictures: dict[str, list[Picture]]) -> dict[str, Any] | None:
    result = report.sweep
    if result is None:
        return None
    from stability.analysis.sweep import regime_label

    cells = result.grid.size
    counts = [int((result.grid == k).sum()) for k in range(len(result.regimes))]
    undefined = (
        (("undefined (a payoff divides by zero or overflows)", _percent(result.undefined / cells)),)
        if result.undefined
        else ()
    )
    regimes = TableView(
        "Share of the map covered by each regime",
        ("pure equilibria of the joint game", "share of the map"),
        tuple(
            (regime_label(regime), _percent(count / cells))
            for regime, count in sorted(
                zip(result.regimes, counts, strict=True), key=lambda pair: -pair[1]
            )
        )
        + undefined,
        frozenset({1}),
    )
    axes = [result.x] + ([result.y] if result.y is not None else [])
    grid = " × ".join(str(len(axis.values)) for axis in axes)
    return {
        "parameters": list(report.sweep_parameters),
        "reason": report.sweep_reason,
        "grid": grid,
        "picture": pictures["sweep"][0],
        "regimes": regimes,
        "ranking": _influence_table(report),
    }


def _periods(periods: int | None, note: str) -> str:
    if periods is not None:
        return str(periods)
    return note or "–"


def race_facts(report: Report) -> list[str]:
    """The coalition along the timeline, in sentences (empty without a timeline race)."""
    race = report.race
    if race is None:
        return []
    unit = race.unit
    facts = []
    if race.end is not None:
        facts.append(
            f"On the timeline, the campaign ends ({race.end_condition}) at t = "
            f"{race.end.text()} {unit}."
        )
    if not race.holds_at_start:
        facts.append(f"{_quoted(race.outcome)} is not an equilibrium at the start of the timeline.")
    elif race.breaks is None:
        facts.append(f"{_quoted(race.outcome)} stays an equilibrium throughout the timeline.")
    else:
        facts.append(
            f"{_quoted(race.outcome)} stops being an equilibrium at t = {race.breaks.text()} "
            f"{unit}."
        )
    if race.margin is not None:
        sign = "+" if race.margin.value >= 0 else ""
        facts.append(
            f"Verdict: {race.verdict} (margin: breaks - end = {sign}{race.margin.text()} {unit})."
        )
    for entry in race.outcomes:
        spans = ", ".join(
            f"[{exact_string(i.low)}, {exact_string(i.high)}]" for i in entry.intervals
        )
        facts.append(f"{_quoted(entry.name)} is an equilibrium during: {spans or 'never'}.")
    return facts


def _durability_view(
    report: Report, pictures: dict[str, list[Picture]] | None = None
) -> dict[str, Any] | None:
    result = report.durability
    race = race_facts(report)
    drawn = (pictures or {}).get("race") or []
    picture = drawn[0] if drawn else None
    if result is None:
        if not race:
            return None
        return {"outcome": report.race.outcome if report.race else None, "threat": None,
                "facts": race, "sensitivity": None, "picture": picture}
    facts = []
    now = _fraction(result.baseline)
    if not result.holds:
        facts.append(
            f"{_quoted(result.outcome)} is not an equilibrium at the current {result.threat} "
            f"({now}), so there is no margin to measure."
        )
    elif result.threshold is None:
        facts.append(
            f"{_quoted(result.outcome)} stays an equilibrium however low {result.threat} falls "
            "within its range."
        )
    else:
        edge = "below" if result.holds_at_threshold else "to or below"
        facts.append(
            f"{_quoted(result.outcome)} stops being an equilibrium once {result.threat} falls "
            f"{edge} {_exact(result.threshold)} (now {now})."
        )
    pieces = ", ".join(
        ("(" if p.low_open or p.low == -sympy.oo else "[")
        + ("−∞" if p.low == -sympy.oo else exact_string(p.low))
        + ", "
        + ("∞" if p.high == sympy.oo else exact_string(p.high))
        + (")" if p.high_open or p.high == sympy.oo else "]")
        for p in result.pieces
    )
    if pieces:
        facts.append(f"Values of {result.threat} at which it holds: {pieces}.")
    sensitivity = None
    decay = result.decay
    if decay is not None:
        dynamics = report.scenario.dynamics
        assert dynamics is not None
        law = str(dynamics.threat_expression(sympy.Symbol("t")))
        facts.append(
            f"The threat decays ({decay.model}): {result.threat}(t) = {law}, "
            f"with {dynamics.rate} = {_exact(decay.rate)}."
        )
        if decay.time is not None and decay.periods is not None:
            facts.append(
                f"At that rate the outcome lasts {decay.periods} whole periods "
                f"(it ends at t = {_exact(decay.time)})."
            )
        elif decay.note:
            facts.append(f"Decay: {decay.note}.")
        if result.sensitivity:
            sensitivity = TableView(
                "Periods the outcome lasts with one other parameter at each end of its range",
                ("parameter", "low end", "periods", "high end", "periods"),
                tuple(
                    (
                        s.parameter,
                        _fraction(s.ends[0]),
                        _periods(s.periods[0], s.notes[0]),
                        _fraction(s.ends[1]),
                        _periods(s.periods[1], s.notes[1]),
                    )
                    for s in result.sensitivity
                ),
                frozenset({1, 2, 3, 4}),
            )
    return {"outcome": result.outcome, "threat": result.threat, "facts": race + facts,
            "sensitivity": sensitivity, "picture": picture}


#: Rows of a sensitivity table, and the smallest total index shown.
SENSITIVITY_ROWS = 6
SENSITIVITY_SHOWN = 0.01


def _robustness_view(report: Report) -> dict[str, Any] | None:
    result = report.robustness
    if result is None:
        return None
    from stability.analysis.sweep import regime_label

    outcomes = TableView(
        f"How often each outcome is a pure equilibrium ({result.samples:,} samples, seed "
        f"{result.seed})",
        ("outcome", "frequency", "95% interval (Wilson)", "samples"),
        tuple(
            (
                o.name,
                _percent(o.frequency),
                f"{_percent(o.ci[0])} – {_percent(o.ci[1])}",
                f"{o.count:,}",
            )
            for o in result.outcomes
        ),
        frozenset({1, 2, 3}),
    )
    regimes = TableView(
        "Most frequent regimes (sets of outcomes that are equilibria together)",
        ("pure equilibria of the joint game", "frequency"),
        tuple(
            (regime_label(names), _percent(count / result.samples))
            for names, count in result.regimes[:REGIMES_LISTED]
        ),
        frozenset({1}),
    )
    sampling = (
        f"Each parameter is drawn uniformly and independently over its declared range; "
        f"{result.samples:,} samples with seed {result.seed} (the same seed gives the same "
        "figures). Change them with --samples and --seed."
    )
    return {"outcomes": outcomes, "regimes": regimes, "sampling": sampling}


def _sensitivity_view(report: Report) -> dict[str, Any] | None:
    """One table per outcome: the parameters by total Sobol index, largest first."""
    if not report.sensitivity:
        return None
    first = report.sensitivity[0]
    tables = []
    for result in report.sensitivity:
        shown = [i for i in result.indices if i.total >= SENSITIVITY_SHOWN][:SENSITIVITY_ROWS]
        effects = {e.parameter: e for e in result.morris}
        tables.append(
            TableView(
                f"Which parameters decide whether {_quoted(result.outcome)} is a pure "
                f"equilibrium (it is in {_percent(result.mean)} of the draws)",
                ("parameter", "first-order index", "total index", "Morris μ*"),
                tuple(
                    (
                        i.parameter,
                        f"{i.first:.2f} [{i.first_ci[0]:.2f}, {i.first_ci[1]:.2f}]",
                        f"{i.total:.2f} [{i.total_ci[0]:.2f}, {i.total_ci[1]:.2f}]",
                        f"{effects[i.parameter].mu_star:.2f}",
                    )
                    for i in shown
                ),
                frozenset({1, 2, 3}),
            )
        )
    method = (
        f"Sobol indices of the indicator “the outcome is a pure equilibrium of the joint "
        f"game”, with parameters drawn from {first.sampling}: {first.samples:,} base samples, "
        f"{first.evaluations:,} model evaluations per outcome, seed {first.seed}; 95% "
        "bootstrap intervals in brackets. The first-order index is the share of the "
        "indicator's variance a parameter explains alone, the total index the share it has "
        f"any part in; parameters with a total index below {SENSITIVITY_SHOWN} are left out. "
        f"Morris μ* ({first.morris_evaluations:,} evaluations) is the mean absolute effect "
        "of moving a parameter, per unit of its range, a cheaper screening that should rank "
        "parameters alike. Reproduce with: stability sensitivity SCENARIO --outcome NAME."
    )
    return {"method": method, "tables": tables}


# -- the executive summary -----------------------------------------------------------------------


def summary(report: Report) -> list[str]:
    """A few sentences for the top of the report, in the scenario's words."""
    analysis = report.analysis
    scenario = report.scenario
    statuses = {s.name: s for s in analysis.outcomes}
    sentences: list[str] = []
    coalition = scenario.coalition_outcome
    if coalition is not None and coalition in statuses:
        status = statuses[coalition]
        if status.equilibrium:
            found = [e for e in analysis.equilibria if coalition in e.outcomes]
            concepts = [
                CONCEPT_NAMES[c]
                for c in ("strict", "strong", "coalition_proof")
                if found and found[0].stability.stable[c]
            ]
            kind = (_listing(concepts) + " ") if concepts else ""
            sentences.append(
                f"At the current values the coalition ({_quoted(coalition)}) holds: it is a "
                f"{kind}pure equilibrium of the joint game."
            )
        else:
            sentences.append(
                f"At the current values the coalition ({_quoted(coalition)}) does not hold: "
                f"{outcome_reason(status)}."
            )
    holding = [s.name for s in analysis.outcomes if s.equilibrium and s.name != coalition]
    if not analysis.equilibria:
        sentences.append("The joint game has no pure equilibrium at these values.")
    elif holding:
        sentences.append(
            "Also pure equilibria now: " + _listing([_quoted(n) for n in holding]) + "."
        )
    elif coalition is not None and statuses.get(coalition) and statuses[coalition].equilibrium:
        unnamed = [e for e in analysis.equilibria if not e.outcomes]
        if not unnamed:
            sentences.append("No other named outcome is an equilibrium.")
    for result in report.tipping:
        best = result.thresholds[0][1] if result.thresholds else None
        if best is None:
            sentences.append(
                f"No single parameter makes {_quoted(result.target)} an equilibrium."
            )
            continue
        where = "in range" if best.within_range else "outside the range"
        sentence = (
            f"{_quoted(result.target)} becomes an equilibrium once {best.parameter} "
            f"{_direction(best)} {_exact(best.value)} ({where}; now {_fraction(best.baseline)})"
        )
        shift = result.minimal_shift
        if shift is not None and len(shift.parameters) > 1:
            moved = ", ".join(
                f"{p.parameter} to "
                + (_fraction(p.exact) if p.exact is not None else f"{p.value:.4g}")
                for p in shift.parameters
            )
            sentence += f"; the smallest combined shift moves {moved}"
        elif shift is None:
            sentence += "; no combination of parameters within their ranges reaches it"
        sentences.append(sentence + ".")
    race = report.race
    if race is not None and race.end is not None and race.holds_at_start:
        when = (
            "stays an equilibrium until then"
            if race.breaks is None
            else f"stops being an equilibrium at t = {race.breaks.text()}"
        )
        sentences.append(
            f"Along the timeline ({race.unit}), the campaign ends at t = {race.end.text()} "
            f"({race.end_condition}) and {_quoted(race.outcome)} {when}: "
            f"it {race.verdict}."
        )
    lasting = report.durability
    if lasting is not None and lasting.holds and lasting.threshold is not None:
        sentence = (
            f"{_quoted(lasting.outcome)} stops being an equilibrium if {lasting.threat} falls "
            f"below {_exact(lasting.threshold)} (now {_fraction(lasting.baseline)})"
        )
        decay = lasting.decay
        if decay is not None and decay.periods is not None:
            sentence += f"; at the stated rate of decline that takes {decay.periods} periods"
        sentences.append(sentence + ".")
    sampled = report.robustness
    if sampled is not None and sampled.outcomes:
        shares = ", ".join(
            f"{_quoted(o.name)} {_percent(o.frequency)}" for o in sampled.outcomes
        )
        sentences.append(
            f"Over {sampled.samples:,} random draws of the parameters across their ranges "
            f"(seed {sampled.seed}), each outcome is an equilibrium this often: {shares}."
        )
    return sentences


# -- the whole view and rendering ---------------------------------------------------------------


def footer_text(report: Report) -> str:
    """Where the report comes from: the version, the command line, the date, the seeds."""
    parts = []
    made = report.provenance
    if made is not None:
        command = f" by the command: {made.command}" if made.command else ""
        parts.append(f"Produced by stability {made.version} on {made.date}{command}")
    if report.robustness is not None:
        parts.append(f"Monte Carlo: {report.samples:,} samples, seed {report.seed}")
    else:
        parts.append("no Monte Carlo figures (--samples 0)")
    return ". ".join(parts) + "."


def report_view(report: Report, pictures: dict[str, list[Picture]]) -> dict[str, Any]:
    """Everything the templates show, as text, tables and pictures."""
    scenario = report.scenario
    graphs = [
        {
            "outcome": panel.outcome,
            "equilibrium": panel.equilibrium,
            "balanced": panel.balance.balanced,
            "picture": picture,
        }
        for panel, picture in zip(report.graphs, pictures["graphs"], strict=True)
    ]
    return {
        "footer": footer_text(report),
        "title": scenario.title,
        "description": _words(scenario.description),
        "sources": [_words(s) for s in scenario.source],
        "warnings": list(report.warnings),
        "summary": summary(report),
        "answer": None if report.analysis.answer is None else report.analysis.answer.paragraph,
        "actors": _actors_table(report),
        "parameters": _parameters_table(report),
        "games": _games_view(report),
        "equilibria": _equilibria_table(report) if report.analysis.equilibria else None,
        "sentences": [stability_sentence(report.analysis, e) for e in report.analysis.equilibria],
        "profiles": _profiles_table(report),
        "profiles_total": report.profiles_total,
        "outcomes": _outcomes_table(report),
        "outcome_docs": [(o.name, _words(o.doc)) for o in scenario.outcomes],
        "graphs": [g for g in graphs if g["equilibrium"]],
        "other_graphs": [g for g in graphs if not g["equilibrium"]],
        "tipping": _tipping_view(report, pictures),
        "breaking": _breaking_view(report),
        "sweep": _sweep_view(report, pictures),
        "sweep_reason": report.sweep_reason,
        "durability": _durability_view(report, pictures),
        "durability_note": report.durability_note,
        "robustness": _robustness_view(report),
        "sensitivity": _sensitivity_view(report),
        "limits": list(report.limits),
    }


_MARKDOWN_SPECIAL = re.compile(r"([\\`*|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\[|\]\()")
_MARKDOWN_START = re.compile(r"^[-+#=](?=\s|$)")
_MARKDOWN_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def markdown_text(value: object) -> str:
    """Text made safe inside Markdown (and its tables): one line, specials escaped.

    Names such as ``w_assad`` and ranges such as ``[0, 4]`` stay readable; what
    could start emphasis, code, a link, an image, a table cell or raw HTML is escaped.

    >>> print(markdown_text("w_assad in [0, 4] | *x* <b> ![i](u)"))
    w_assad in \\[0, 4] \\| \\*x\\* &lt;b&gt; !\\[i\\](u)
    """
    text = " ".join(str(value).split())
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    text = _MARKDOWN_ORDERED.sub(r"\1\\\2", text)
    return _MARKDOWN_START.sub(lambda m: "\\" + m.group(0), text)


def markdown_code(value: object) -> str:
    """A code span that holds any text (backticks in it included)."""
    text = " ".join(str(value).split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _environment(markdown: bool) -> Environment:
    environment = Environment(
        loader=PackageLoader("stability.present", "templates"),
        autoescape=not markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    environment.filters["code"] = markdown_code
    return environment


def render_html(report: Report, pictures: dict[str, list[Picture]] | None = None) -> str:
    """The report as one self-contained HTML document (pictures as inline SVG)."""
    pictures = pictures if pictures is not None else draw_pictures(report)
    view = report_view(report, pictures)
    template = _environment(markdown=False).get_template("report.html.j2")

    def svg(picture: Picture) -> Markup:
        return Markup(inline_svg(picture.svg, picture.name))  # noqa: S704 - our own drawing

    return template.render(view=view, svg=svg, explorer=_explorer_download(report))


def _explorer_download(report: Report) -> dict[str, str] | None:
    """The interactive explorer (``stability explore``) as a download link inside the
    report: a ``data:`` URL, so the report stays one file without scripts. ``None``
    when the page cannot be built (a scenario read from text, say)."""
    from stability.present.explorer import render_explorer

    try:
        page = render_explorer(report.scenario)
    except InputError:
        return None
    stem = report.scenario.path.stem if report.scenario.path is not None else "scenario"
    encoded = base64.b64encode(page.encode("utf-8")).decode("ascii")
    href = f"data:text/html;charset=utf-8;base64,{encoded}"
    return {"href": href, "name": f"{stem}-explorer.html"}


def render_markdown(
    report: Report, folder: str, pictures: dict[str, list[Picture]] | None = None
) -> str:
    """The report as Markdown whose pictures are ``folder/NAME.svg`` (relative links)."""
    pictures = pictures if pictures is not None else draw_pictures(report)
    view = report_view(report, pictures)
    template = _environment(markdown=True).get_template("report.md.j2")

    def link(picture: Picture) -> str:
        return quote(f"{folder}/{picture.filename}")

    return template.render(view=view, link=link)


def report_format(out: Path) -> str:
    """``"html"`` or ``"md"`` from the file name; anything else is bad usage."""
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot tell the report format from {out.name!r}: expected a file ending "
            "in .html or .md",
            item="--out",
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}", source=str(out), item="--out")
    return kind


def _all(pictures: dict[str, list[Picture]]) -> Iterable[Picture]:
    for section in ("graphs", "tornado", "sweep", "race"):
        yield from pictures.get(section, [])


def write_report(report: Report, out: Path) -> list[Path]:
    """Write the report to ``out`` (``.html`` or ``.md``); returns every file written.

    Markdown pictures go to ``<stem>_files/`` beside ``out``, written before the
    report itself, which is written last through a temporary file.
    """
    kind = report_format(out)
    pictures = draw_pictures(report)
    if kind == "html":
        return [write_file(out, render_html(report, pictures), item="--out")]
    folder_name = f"{out.stem}_files"
    files = {picture.filename: picture.svg for picture in _all(pictures)}
    text = render_markdown(report, folder_name, pictures)
    return write_files(out, text, folder_name, files, item="--out")
