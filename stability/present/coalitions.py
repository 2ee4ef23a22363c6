"""``stability coalitions`` for people: the structures table, moves, chain and sweeps,
and the picture of structures joined by profitable moves."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import sympy
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stability.analysis.coalitions.concepts import CONCEPT_NAMES, CONCEPTS
from stability.analysis.coalitions.moves import value_text
from stability.analysis.coalitions.partitions import bell
from stability.analysis.coalitions.preferences import NO_EQUILIBRIUM_TEXT, RULE_TEXT
from stability.analysis.coalitions.study import (
    COVERED_TEXT,
    EQUILIBRIUM_TEXT,
    SAMPLE_TEXT,
    CoalitionStudy,
    sampled_farsighted_text,
)
from stability.model.exact import exact_string, format_fraction

if TYPE_CHECKING:
    from stability.analysis.coalitions.thresholds import VariableSweep
    from stability.model.scenario import Scenario

_HEADINGS = {"core": "Core", "nash": "Nash", "individual": "IS", "contractual": "CIS",
             "farsighted": "LCS"}


def _exact(value: sympy.Expr) -> str:
    text = exact_string(value)
    if not isinstance(value, sympy.Integer):
        text += f" ≈ {float(sympy.N(value, 20)):.4g}"
    return text


def _mark(verdict: bool | None) -> str:
    return "–" if verdict is None else ("✓" if verdict else "·")


def _stretch(low: sympy.Expr, high: sympy.Expr, low_closed: bool, high_closed: bool) -> str:
    if sympy.Eq(low, high) is sympy.true:
        return f"at {_exact(low)}"
    left = "[" if low_closed else "("
    right = "]" if high_closed else ")"
    return f"{left}{_exact(low)}, {_exact(high)}{right}"


def _profile_text(study: CoalitionStudy, profile: tuple[int, ...]) -> str:
    game = study.game
    return ", ".join(game.strategies[i][k] for i, k in enumerate(profile))


def render_coalitions(study: CoalitionStudy) -> RenderableType:
    """The whole study as rich renderables (labels are text, never markup)."""
    analysis = study.analysis
    names = analysis.names
    parts: list[RenderableType] = []
    when = "" if study.time is None else f" at t = {_exact(sympy.Rational(study.time))}"
    total = bell(len(names))
    if analysis.rows is None:
        size = f"{total:,} coalition structures."
    else:
        size = (f"{total:,} coalition structures, of which {len(analysis.rows):,} drawn at "
                f"random (seed {analysis.seed}): " + SAMPLE_TEXT + ".")
    parts.append(Text(f"{study.game.title or 'Game'}{when}: {len(names)} actors, {size}"))
    parts.append(Text(
        "Within a structure: " + EQUILIBRIUM_TEXT[analysis.transferable] + ". "
        f"Ranking rule {analysis.rule}: " + RULE_TEXT[analysis.rule] + "; "
        + NO_EQUILIBRIUM_TEXT + "."
    ))
    table = Table(show_lines=False)
    table.add_column("structure", overflow="fold", ratio=3)
    table.add_column("equilibria", overflow="fold", ratio=3)
    for concept in CONCEPTS:
        table.add_column(_HEADINGS[concept], justify="center", no_wrap=True, min_width=3)
    outcome_of: dict[int, list[str]] = {}
    for item in study.outcomes:
        outcome_of.setdefault(item.structure, []).append(item.outcome)
    for s in analysis.shown():
        profiles = analysis.equilibria(s)
        if not profiles:
            equilibria = "none"
        elif len(profiles) <= 3:
            equilibria = "; ".join(_profile_text(study, p) for p in profiles)
        else:
            equilibria = f"{len(profiles)} profiles"
        structure = analysis.structure_text(s)
        if s in outcome_of:
            structure += " = " + ", ".join(outcome_of[s])
        marks = [_mark(analysis.stable(c, s)) for c in CONCEPTS]
        sampled = analysis.sampled_farsighted
        if sampled is not None:
            marks[-1] = "✓" if sampled.proven[s] else ("~" if sampled.restricted[s] else "·")
        table.add_row(Text(structure), Text(equilibria), *marks)
    parts.append(table)
    lcs_key = ("" if analysis.sampled_farsighted is None else
               " LCS of drawn structures: ✓ proven in the whole game's largest consistent set, "
               "~ only in the drawn structures' own, · in neither (see below).")
    parts.append(Text(
        "✓ stable, · not, – not computed." + lcs_key + " Core: no group gains by leaving "
        "together; Nash: no "
        "actor gains by moving; IS: individual stability (the coalition joined does not "
        "object); CIS: contractual individual stability (nor the one left); LCS: Chwe's largest "
        "consistent set (farsighted)."
    ))
    parts.append(Text("Stable structures:" if analysis.rows is None
                      else "Stable structures (among those drawn):"))
    for concept in analysis.concepts_computed:
        stable = [analysis.structure_text(s) for s in analysis.stable_structures(concept)]
        parts.append(Padding(Text(
            f"{CONCEPT_NAMES[concept]}: " + ("; ".join(stable) if stable else "none")
        ), (0, 0, 0, 2)))
    sampled_text = sampled_farsighted_text(analysis)
    if sampled_text is not None:
        parts.append(Text(sampled_text))
    parts.extend(_moves_part(study))
    parts.extend(_outcomes_part(study))
    parts.extend(_chain_part(study))
    for sweep in study.sweeps:
        parts.extend(_sweep_part(study, sweep))
    if study.sweeps:
        parts.extend(_shift_part(study))
    return Group(*parts)


def _moves_part(study: CoalitionStudy) -> list[RenderableType]:
    analysis = study.analysis
    names = analysis.names
    parts: list[RenderableType] = [Text("Who would move (profitable moves out of each structure):")]
    for s in analysis.shown():
        moves = analysis.actor_moves[s]
        groups = analysis.group_moves[s]
        if not moves and not groups:
            continue
        parts.append(Padding(Text(analysis.structure_text(s) + ":"), (0, 0, 0, 2)))
        for move in moves:
            parts.append(Padding(Text(move.describe(names)), (0, 0, 0, 4)))
        for group in groups:
            if len(group.group) > 1:
                parts.append(Padding(Text("core: " + group.describe(names)), (0, 0, 0, 4)))
    return parts


def _outcomes_part(study: CoalitionStudy) -> list[RenderableType]:
    if not study.outcomes:
        return []
    analysis = study.analysis
    parts: list[RenderableType] = [
        Text("The scenario's outcomes as structures (components of their cooperation ties):")
    ]
    for item in study.outcomes:
        concepts = [CONCEPT_NAMES[c] for c in analysis.concepts(item.structure)]
        verdict = "stable: " + ", ".join(concepts) if concepts else "stable under no concept"
        line = f"{item.outcome}: {analysis.structure_text(item.structure)} ({verdict})"
        if len(item.by_structure) > 1:
            line += f"; its other profiles give {len(item.by_structure) - 1} other structure(s)"
        parts.append(Padding(Text(line), (0, 0, 0, 2)))
    return parts


def _chain_part(study: CoalitionStudy) -> list[RenderableType]:
    if study.source is None or study.target is None:
        return []
    analysis = study.analysis
    source = analysis.structure_text(study.source)
    target = analysis.structure_text(study.target)
    head = (f"From {study.source_label} ({source}) to {study.target_label} ({target}): ")
    if study.chain is None:
        return [Text(head + "no chain of profitable moves leads there.")]
    if not study.chain:
        return [Text(head + "they are the same structure.")]
    parts: list[RenderableType] = [Text(
        head + f"{len(study.chain)} profitable move(s); "
        f"{' and '.join(study.first_movers())} move(s) first."
    )]
    for k, move in enumerate(study.chain, start=1):
        parts.append(Padding(Text(
            f"{k}. {move.describe(analysis.names)} → {analysis.structure_text(move.target)}"
        ), (0, 0, 0, 2)))
    return parts


def _sweep_part(study: CoalitionStudy, sweep: VariableSweep) -> list[RenderableType]:
    analysis = study.analysis
    what = "time t" if sweep.variable == "t" else sweep.variable
    parts: list[RenderableType] = [Text(
        f"Along {what} from {_exact(sympy.Rational(sweep.low))} to "
        f"{_exact(sympy.Rational(sweep.high))} (exact, {len(sweep.pieces)} pieces): "
        "where each structure is stable" + (f"; {sweep.note}" if sweep.note else "")
    )]
    movers = sweep.first_movers()
    if movers and study.source is not None and study.target is not None:
        shown = []
        for low, high, low_closed, high_closed, who in movers:
            names = ("no chain" if who is None else "same structure" if not who
                     else " and ".join(analysis.names[i] for i in who))
            shown.append(f"{_stretch(low, high, low_closed, high_closed)} {names}")
        parts.append(Padding(Text(
            f"Who moves first from {analysis.structure_text(study.source)} to "
            f"{analysis.structure_text(study.target)}: " + "; ".join(shown)
        ), (0, 0, 0, 2)))
    interesting = set(range(len(analysis.structures)))
    for s in sorted(interesting):
        lines = []
        for concept in CONCEPTS:
            stretches = sweep.stable_set(concept, s)
            if stretches:
                lines.append(f"{_HEADINGS[concept]} " + " ∪ ".join(_stretch(*x) for x in stretches))
        if lines:
            parts.append(Padding(Text(
                analysis.structure_text(s) + ": " + "; ".join(lines)
            ), (0, 0, 0, 2)))
    return parts


def _shift_part(study: CoalitionStudy) -> list[RenderableType]:
    if study.target is None:
        return []
    shifts = study.smallest_shifts()
    if not any(shifts.values()) and not any(s.variable != "t" for s in study.sweeps):
        return []
    target = study.analysis.structure_text(study.target)
    parts: list[RenderableType] = [Text(
        f"Smallest one-parameter change that makes {target} stable ({COVERED_TEXT}):"
    )]
    for concept, shift in shifts.items():
        if shift is not None and shift["already_stable"]:
            text = "already stable at the scenario's values (no change needed)"
        elif shift is None:
            swept = ", ".join(s.variable for s in study.sweeps if s.variable != "t")
            text = f"none along the parameters swept ({swept})"
        else:
            text = (f"{shift['parameter']} from {shift['baseline']} to {shift['exact']}"
                    f" ({shift['share_of_range']:.1%} of its range)")
        parts.append(Padding(Text(f"{CONCEPT_NAMES[concept]}: {text}"), (0, 0, 0, 2)))
    if study.combined:
        from stability.analysis.coalitions.shift import METHOD_TEXT

        parts.append(Text(f"Smallest combined shift of several parameters ({METHOD_TEXT}):"))
        for concept, found in study.combined:
            if found is None:
                from stability.analysis.coalitions.shift import SAMPLES, linear_payoffs

                assert study.scenario is not None
                if linear_payoffs(study.scenario) is None:
                    text = "not searched: a payoff is not linear in the parameters"
                else:
                    text = ("none found: the target is stable at none of the sweeps' answers "
                            f"nor at {SAMPLES} points drawn at random in the ranges, so there "
                            "is no region to start from (this is not a proof that none exists)")
            else:
                assert study.scenario is not None
                moved = [
                    f"{name} {format_fraction(study.scenario.parameter(name).value)} → "
                    f"{value_text(value)}"
                    for name, value in found.values.items()
                    if value != study.scenario.parameter(name).value
                ]
                text = ", ".join(moved) + f" ({found.sentence()})"
            parts.append(Padding(Text(f"{CONCEPT_NAMES[concept]}: {text}"), (0, 0, 0, 2)))
    return parts


def stretches_text(sweep: VariableSweep, concept: str, structure: int) -> str:
    """Where ``structure`` is stable under ``concept`` along a sweep, exactly, or ``never``."""
    found = sweep.stable_set(concept, structure)
    return " ∪ ".join(_stretch(*x) for x in found) if found else "never"


def coalition_facts(study: CoalitionStudy) -> list[str]:
    """Short sentences for reports and ``analyze``: the outcomes' structures and their
    verdicts, who moves first towards the target, and (with a timeline sweep) when the
    coalition's and the target's structures are stable."""
    analysis = study.analysis
    facts = []
    for item in study.outcomes:
        concepts = [CONCEPT_NAMES[c] for c in analysis.concepts(item.structure)]
        verdict = "stable under " + (", ".join(concepts) if concepts else "no concept")
        facts.append(f"“{item.outcome}” is the structure "
                     f"{analysis.structure_text(item.structure)}: {verdict}.")
    if study.source is not None and study.target is not None:
        source = analysis.structure_text(study.source)
        target = analysis.structure_text(study.target)
        out = [m.describe(analysis.names) for m in analysis.profitable_moves(study.source)]
        if out:
            facts.append(f"Out of {source} ({study.source_label}) the profitable moves are: "
                         + "; ".join(out) + ".")
        else:
            facts.append(f"No actor or group gains by leaving {source} ({study.source_label}).")
        if study.chain is None:
            facts.append(f"No chain of profitable moves leads from {source} to {target}.")
        elif study.chain:
            first = study.chain[0].describe(analysis.names)
            facts.append(
                f"From {source} to {target}: {len(study.chain)} profitable move(s); the first: "
                f"{first}."
            )
    for sweep in study.sweeps:
        if sweep.variable != "t":
            continue
        movers = sweep.first_movers()
        if movers and study.source is not None and study.target is not None:
            shown = [
                f"{_stretch(lo, hi, lc, hc)} " + ("no chain" if who is None else
                                                  "same structure" if not who else
                                                  " and ".join(analysis.names[i] for i in who))
                for lo, hi, lc, hc, who in movers
            ]
            facts.append(f"Along the timeline, who moves first from "
                         f"{analysis.structure_text(study.source)} to "
                         f"{analysis.structure_text(study.target)}: " + "; ".join(shown) + ".")
        for label, structure in ((study.source_label, study.source),
                                 (study.target_label, study.target)):
            if structure is None:
                continue
            parts = [f"{_HEADINGS[c]} {stretches_text(sweep, c, structure)}" for c in CONCEPTS]
            facts.append(f"Along the timeline, {analysis.structure_text(structure)} ({label}) is "
                         "stable for t in: " + "; ".join(parts) + "."
                         + (f" ({sweep.note[0].upper() + sweep.note[1:]}.)" if sweep.note else ""))
    return facts


def coalitions_brief(scenario: Scenario) -> RenderableType:
    """``analyze``'s short section: the stable structures, the outcomes' structures and
    who moves first (``stability coalitions`` gives the whole of it)."""
    from stability.analysis.coalitions import MAX_ACTORS
    from stability.analysis.coalitions.study import coalition_study
    from stability.errors import StabilityError

    heading = Text("Coalition structures", style="bold")
    if len(scenario.actors) > MAX_ACTORS:
        return Group(heading, Text(
            f"Not computed: {len(scenario.actors)} actors (at most {MAX_ACTORS})."
        ))
    try:
        study = coalition_study(scenario)
    except StabilityError as err:
        return Group(heading, Text(f"Not computed: {err}"))
    analysis = study.analysis
    lines: list[RenderableType] = [heading]
    for concept in CONCEPTS:
        stable = [analysis.structure_text(s) for s in analysis.stable_structures(concept)]
        lines.append(Text(f"• stable ({CONCEPT_NAMES[concept]}): "
                          + ("; ".join(stable) if stable else "none")))
    lines.extend(Text("• " + fact) for fact in coalition_facts(study))
    lines.append(Text("Every structure, the moves and the timeline: stability coalitions "
                      "SCENARIO --timeline.", style="dim"))
    return Group(*lines)


def coalition_figure(study: CoalitionStudy) -> Any:
    """Structures as numbered nodes on a circle, arrows for profitable moves, stable ones
    marked, and a key naming each structure in the scenario's words."""
    import math

    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from stability.present.palette import CHAIN_COLOUR, CORE_FACE, FARSIGHTED_RING

    analysis = study.analysis
    count = len(analysis.structures)
    rows = count + 2
    figure = Figure(figsize=(13, max(6.5, 0.3 * rows + 1.5)))
    ax = figure.add_axes((0.0, 0.1, 0.45, 0.82))
    key = figure.add_axes((0.46, 0.1, 0.54, 0.82))
    for axis in (ax, key):
        axis.set_axis_off()
    ax.set_aspect("equal")
    positions = [
        (math.cos(2 * math.pi * s / count + math.pi / 2),
         math.sin(2 * math.pi * s / count + math.pi / 2))
        for s in range(count)
    ]
    chain_edges = {(m.start, m.target) for m in study.chain or ()}
    drawn: set[tuple[int, int]] = set()
    for s in range(count):
        for move in analysis.profitable_moves(s):
            edge = (s, move.target)
            if edge in drawn or move.target == s or edge in chain_edges:
                continue
            drawn.add(edge)
            (x0, y0), (x1, y1) = positions[s], positions[move.target]
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                        arrowprops={"arrowstyle": "->", "color": "#999999", "lw": 0.7,
                                    "shrinkA": 11, "shrinkB": 11, "alpha": 0.7})
    for start, end in chain_edges:
        (x0, y0), (x1, y1) = positions[start], positions[end]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": CHAIN_COLOUR, "lw": 2.2,
                                "shrinkA": 11, "shrinkB": 11})
    core = analysis.verdicts["core"]
    farsighted = analysis.verdicts["farsighted"]
    nash = analysis.verdicts["nash"]
    for s, (x, y) in enumerate(positions):
        ax.scatter([x], [y], s=420, c=CORE_FACE if core[s] else "#FFFFFF",
                   edgecolors=FARSIGHTED_RING if farsighted[s] else "#333333",
                   linewidths=3 if farsighted[s] else 1,
                   marker="s" if nash[s] else "o", zorder=3)
        ax.text(x, y, str(s + 1), ha="center", va="center", fontsize=8, zorder=4)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    key.set_xlim(0, 1)
    key.set_ylim(0, rows)
    outcome_of: dict[int, list[str]] = {}
    for item in study.outcomes:
        outcome_of.setdefault(item.structure, []).append(item.outcome)
    for s in range(count):
        text = f"{s + 1}. {analysis.structure_text(s)}"
        if s in outcome_of:
            text += "  = " + ", ".join(outcome_of[s])
        stable = [_HEADINGS[c] for c in CONCEPTS if analysis.verdicts[c][s]]
        if stable:
            text += "  [" + ", ".join(stable) + "]"
        key.text(0, rows - 1 - s, text, fontsize=8, va="center", ha="left")
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=CORE_FACE,
               markeredgecolor="#333333", label="core-stable (filled)"),
        Line2D([], [], marker="s", linestyle="", markersize=9, markerfacecolor="#FFFFFF",
               markeredgecolor="#333333", label="Nash-stable (square)"),
        Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor="#FFFFFF",
               markeredgecolor=FARSIGHTED_RING, markeredgewidth=3,
               label="in the largest consistent set (thick rim)"),
        Line2D([], [], color="#999999", label="profitable move"),
        Line2D([], [], color=CHAIN_COLOUR, lw=2.2, label="shortest chain to the target"),
    ]
    figure.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False)
    title = study.game.title or "Coalition structures"
    figure.suptitle(f"{title}: coalition structures and profitable moves", fontsize=10)
    return figure


def write_coalition_figure(
    study: CoalitionStudy, path: str | Path, *, dpi: int | None = None
) -> Path:
    """Draw :func:`coalition_figure` to ``path`` (PNG, SVG or PDF)."""
    from stability.present.figures import save_figure

    return save_figure(coalition_figure(study), path, dpi=dpi)
