"""The interactive explorer: one self-contained HTML page per scenario.

Sliders move the parameters; the page recomputes, at every move, each outcome's
verdict, the joint game's pure equilibria, each game's payoff matrices and the
coalition graph, the coalition structures' stability (core, Nash, individual,
contractual individual, farsighted) with the shortest chain of moves, and marks on
each slider where a verdict changes. Everything
runs in the page, offline: the payoffs by JavaScript generated here from the
whitelist parser's trees (:func:`stability.io.expressions.to_javascript`, never
from text, and the page never calls ``eval``), the rest by a fixed script
(``templates/explorer.js``) that reads the scenario as JSON. What depends only on
the profile, not on the parameters (outcome membership, the coalition graph's
signs and balance), is computed here by the same functions the other commands use,
and so are the model check's findings at the scenario's values (listed, escaped, in
the page).

>>> from stability.io.scenario import read_scenario
>>> page = render_explorer(read_scenario("games/two-allies.toml"))
>>> page.startswith("<!DOCTYPE html>") and "stabilityGameTables" in page
True
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from stability.analysis.balance import interacting_pairs, profile_balance, signed_graph
from stability.analysis.ranking import parameter_ranking
from stability.errors import InputError
from stability.io.expressions import Node, Number, to_javascript
from stability.io.scenario_trees import (
    dynamics_rate_tree,
    payoff_trees,
    play_rate_trees,
    timeline_trees,
)
from stability.model.exact import format_fraction
from stability.model.scenario import TIME, Scenario
from stability.present.explorer_coalitions import coalition_data
from stability.present.text import words

#: Largest joint game the page handles (it precomputes a coalition graph per profile).
MAX_PROFILES = 4096


def _variable(index: dict[str, int]) -> Any:
    def variable(name: str) -> str:
        return f"v[{index[name]}]"

    return variable


def _is_zero(tree: Node) -> bool:
    return isinstance(tree, Number) and tree.value == 0


def generated_script(scenario: Scenario) -> str:
    """JavaScript ``stabilityGameTables(v, out)``: every game's payoff table (flat, in
    C order, the players' payoffs last) at parameter values ``v`` (an array in the
    scenario's parameter order), generated from the parse trees; with a timeline,
    also ``stabilityTimeValues`` and ``stabilityTimeEnd`` (see :func:`_time_functions`).
    """
    index = {p.name: k for k, p in enumerate(scenario.parameters)}
    variable = _variable(index)
    lines = ["function stabilityGameTables(v, out) {", "  let t;"]
    for g, trees in enumerate(payoff_trees(scenario)):
        lines.append(f"  t = out[{g}];")
        weights = []
        for k, weight in enumerate(trees.weights):
            lines.append(f"  const w{g}_{k} = {to_javascript(weight, variable)};")
            weights.append(f"w{g}_{k}")
        first = trees.cells[0]
        for flat, position in enumerate(np.ndindex(*first.shape)):
            terms = [
                f"{weights[k]}*({to_javascript(cells[position], variable)})"
                for k, cells in enumerate(trees.cells)
                if not _is_zero(cells[position]) and not _is_zero(trees.weights[k])
            ]
            lines.append(f"  t[{flat}] = {' + '.join(terms) or '0'};")
    lines.append("}")
    lines += _time_functions(scenario, index)
    return "\n".join(lines) + "\n"


def _time_functions(scenario: Scenario, index: dict[str, int]) -> list[str]:
    """``stabilityTimeValues(v, t, s, out)`` (the time-varying parameters at time
    ``t`` from the base values ``v``, with the play state at ``s``),
    ``stabilityTimeEnd(e, t, s)`` (``when - falls_to`` with the values ``e`` at time
    ``t``: the campaign has ended where it is <= 0) and, when the timeline follows
    play, ``stabilityPlayRates(v, out)`` (each rate of ``[timeline.play]``, in the
    order of :func:`~stability.io.scenario_trees.play_rate_trees`). The page follows
    play itself, as ``stability durability`` does (see ``playPath`` in the script)."""
    if scenario.timeline is None:
        return []
    found = timeline_trees(scenario)
    names = {**{name: f"v[{k}]" for name, k in index.items()}, TIME.name: "t"}
    timeline = scenario.timeline
    rates = play_rate_trees(scenario)
    if timeline.play is not None:
        names[timeline.play.state] = "s"
    lines = ["function stabilityTimeValues(v, t, s, out) {"]
    end_code = "Infinity"
    if found is not None:
        trees, end = found
        for name, tree in trees.items():
            lines.append(f"  out[{index[name]}] = {to_javascript(tree, names.__getitem__)};")
        if end is not None:
            at_t = {**names, **{name: f"e[{k}]" for name, k in index.items()}}
            when, falls_to = (to_javascript(tree, at_t.__getitem__) for tree in end)
            end_code = f"({when}) - ({falls_to})"
    else:
        # An old [dynamics] section: its fixed formula with the rate's tree.
        dynamics = scenario.dynamics
        rate = dynamics_rate_tree(scenario)
        assert dynamics is not None and rate is not None
        if dict(scenario.timeline.parameters) != {
            dynamics.threat: dynamics.threat_expression(TIME)
        }:
            raise InputError("the timeline is not the one its [dynamics] section describes")
        threat = index[dynamics.threat]
        rate_code = to_javascript(rate, names.__getitem__)
        if dynamics.model == "linear":
            formula = f"v[{threat}] - ({rate_code})*t"
        else:
            formula = f"v[{threat}]*Math.pow(1 - ({rate_code}), t)"
        lines.append(f"  out[{threat}] = {formula};")
    lines += ["}", "function stabilityTimeEnd(e, t, s) {", f"  return {end_code};", "}"]
    if rates is not None:
        lines.append("function stabilityPlayRates(v, out) {")
        variable = _variable(index)
        lines += [f"  out[{k}] = {to_javascript(tree, variable)};" for k, tree in enumerate(rates)]
        lines.append("}")
    return lines


def explorer_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the page's script reads it (plain JSON)."""
    if scenario.n_profiles > MAX_PROFILES:
        raise InputError(
            f"the joint game has {scenario.n_profiles:,} profiles; the explorer handles at "
            f"most {MAX_PROFILES:,}"
        )
    actor_index = {a.name: k for k, a in enumerate(scenario.actors)}
    pairs = interacting_pairs(scenario)
    profiles = []
    for position in np.ndindex(*scenario.shape):
        graph = signed_graph(scenario, position)
        balance = profile_balance(scenario, position)
        profiles.append(
            {
                "edges": [
                    [actor_index[a], actor_index[b], int(graph.edges[a, b]["sign"])]
                    for a, b in pairs
                ],
                "balanced": balance.balanced,
                "camps": None
                if balance.camps is None
                else [
                    [a.name for a in scenario.actors if a.name in camp] for camp in balance.camps
                ],
                "unbalanced_cycles": [list(cycle) for cycle in balance.unbalanced_cycles],
            }
        )
    flat = {position: k for k, position in enumerate(np.ndindex(*scenario.shape))}
    data: dict[str, Any] = {
        "title": scenario.title,
        "parameters": [
            {
                "name": p.name,
                "value": float(p.value),
                "exact": format_fraction(p.value),
                "low": float(p.range[0]),
                "high": float(p.range[1]),
                "low_exact": format_fraction(p.range[0]),
                "high_exact": format_fraction(p.range[1]),
                "doc": words(p.doc),
            }
            for p in scenario.parameters
        ],
        "actors": [
            {
                "name": a.name,
                "label": a.label,
                "strategies": list(a.strategies),
                "doc": words(a.doc),
            }
            for a in scenario.actors
        ],
        "games": [
            {
                "name": g.name,
                "players": [actor_index[p] for p in g.players],
                "shape": list(g.shape),
                "doc": words(g.doc),
            }
            for g in scenario.games
        ],
        "outcomes": [
            {
                "name": o.name,
                "doc": words(o.doc),
                "members": [
                    flat[tuple(int(i) for i in position)]
                    for position in zip(*scenario.outcome_mask(o.name).nonzero(), strict=True)
                ],
            }
            for o in scenario.outcomes
        ],
        "coalition_outcome": scenario.coalition_outcome,
        "source": _source(scenario),
        "profiles": profiles,
        "timeline": None,
        # the parameters that matter most, the same ranking as analyze and report
        "ranking": parameter_ranking(scenario).document(),
        # the coalition structures' section (issue 26): what does not move with the sliders
        "coalitions": coalition_data(scenario),
    }
    timeline = scenario.timeline
    if timeline is not None:
        data["timeline"] = {
            "unit": timeline.unit,
            "horizon": float(timeline.horizon),
            "horizon_exact": format_fraction(timeline.horizon),
            "vary": [k for k, p in enumerate(scenario.parameters) if p.name in timeline.parameters],
            "doc": "; ".join(f"{name}(t) = {e}" for name, e in timeline.parameters.items()),
            "end": None if timeline.end is None else timeline.end.describe(),
            "play": None,
        }
        play = timeline.play
        if play is not None:
            listed = [name for name, _ in play.rates]

            def rate_index(position: tuple[int, ...]) -> int:
                outcomes = scenario.outcomes_of(position)
                return next((k for k, name in enumerate(listed) if name in outcomes), len(listed))

            data["timeline"]["play"] = {
                "state": play.state,
                "doc": words(play.doc),
                # each profile's rate: an index into stabilityPlayRates' output
                "rate_index": [rate_index(position) for position in flat],
                "rates": len(listed) + 1,
            }
    return data


def _source(scenario: Scenario) -> str:
    """How a command names the scenario: its bundled name, else its path.

    A file with the same name and the same bytes as a bundled one (``games/mosul.toml``
    in a checkout, when the package is installed elsewhere) is that bundled scenario.
    """
    from stability.io.bundled import bundled_file

    if scenario.path is None:
        return "SCENARIO"
    bundled = bundled_file(scenario.path.stem)
    if bundled is not None:
        if Path(str(bundled)).resolve() == scenario.path.resolve():
            return scenario.path.stem
        try:
            if bundled.read_bytes() == scenario.path.read_bytes():
                return scenario.path.stem
        except OSError:
            pass
    return str(scenario.path)


def _resource(name: str) -> str:
    return resources.files("stability.present").joinpath("templates", name).read_text("utf-8")


def _json_for_script(document: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: no ``<`` (so no ``</script>``) and no U+2028/9."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_explorer(scenario: Scenario) -> str:
    """The whole page: one HTML file with its CSS, data and scripts inside."""
    from stability.model.version import __version__

    environment = Environment(
        loader=PackageLoader("stability.present", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    template = environment.get_template("explorer.html.j2")
    generated, script = generated_script(scenario), _resource("explorer.js")
    return template.render(
        title=scenario.title,
        description=words(scenario.description),
        version=__version__,
        css=Markup(_resource("explorer.css")),
        data=Markup(_json_for_script(explorer_data(scenario))),
        generated=Markup(generated),
        script=Markup(script),
        # the page's two scripts are allowed by their hashes, nothing else runs
        script_hashes=Markup(" ".join(script_hash(text) for text in (generated, script))),
        **_check(scenario),
    )


def _check(scenario: Scenario) -> dict[str, Any]:
    """What ``stability check`` finds at the scenario's values, for the page's list
    (rendered here, escaped by the template; the sliders do not change it)."""
    from stability.analysis.check import check_scenario
    from stability.errors import TooLargeError

    try:
        report = check_scenario(scenario, draws=1024, shifts=False)
    except TooLargeError as err:
        return {"findings": (), "check_note": f"Not checked: {err}"}
    note = "" if report.findings else "stability check finds nothing to report."
    return {"findings": report.findings, "check_note": note}


def script_hash(text: str) -> str:
    """A Content-Security-Policy source allowing the inline script ``text`` exactly.

    >>> script_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def write_explorer(scenario: Scenario, out: Path) -> int:
    """Write the page to ``out`` whole or not at all (through a temporary file beside
    it); returns its size in bytes."""
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"expected a file name ending in .html, got {out.name!r}", item="--out")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}", item="--out")
    page = render_explorer(scenario).encode("utf-8")
    from stability.io.files import write_file

    write_file(out, page, item="--out")
    return len(page)
