"""Human output of ``states``, ``dominance``, ``repeated`` and ``gmcr``: rich renderables that the
commands print and the Python API's results show (``__rich__``, ``_repr_html_``).

Labels from files are Text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stability.analysis.dominance import EliminationResult, order_note
from stability.analysis.gmcr import COALITION_CONCEPTS, CONCEPTS, GMCRResult
from stability.analysis.repeated import GrimTriggerResult, PlayerThreshold
from stability.analysis.states import CONCEPTS as STATE_CONCEPTS
from stability.analysis.states import ProfileStability
from stability.model.exact import format_fraction
from stability.model.game import Game

_HEADINGS = {
    "nash": "Nash",
    "strict": "strict",
    "strong": "strong",
    "coalition_proof": "CPNE",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
}

# Short column headings, so that every column stays readable at 80 columns; the
# legend under the table spells them out.
_COLUMNS = {
    "nash": "Nash",
    "strict": "Str",
    "strong": "Sng",
    "coalition_proof": "CP",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
}

# Which failure to explain first: the first concept, in the table's column order,
# that the profile fails (a profile shown as not strict is explained as not strict).
_EXPLAIN_ORDER = STATE_CONCEPTS


GMCR_HEADINGS = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ", "sim": "SIM"}


def render_dominance(result: EliminationResult) -> RenderableType:
    """The steps of iterated elimination, what each player keeps, and the order note."""
    game = result.game
    parts: list[RenderableType] = [Text(game.describe())]
    if not result.steps:
        parts.append(Text("No strategy is " + ("weakly" if result.weak else "strictly")
                          + " dominated."))
    else:
        table = Table()
        for heading in ("round", "player", "drops", "dominated by"):
            table.add_column(heading)
        for step in result.steps:
            table.add_row(
                str(step.round),
                Text(game.players[step.player]),
                Text(game.strategies[step.player][step.strategy]),
                Text(step.dominator_text(game)),
            )
        parts.append(table)
    for i, keep in enumerate(result.surviving):
        names = ", ".join(game.strategies[i][k] for k in keep)
        parts.append(Text(f"{game.players[i]} keeps: {names}"))
    parts.append(Text(f"note: {order_note(result.weak)}"))
    return Group(*parts)


def _critical_cell(threshold: PlayerThreshold) -> str:
    """The critical δ of one player, or why there is none."""
    if threshold.critical is None:
        return "never (δ < 1)"
    if threshold.deviation_payoff <= threshold.cooperative:
        return "any δ (no gain)"
    return format_fraction(threshold.critical)


def render_repeated(result: GrimTriggerResult) -> RenderableType:
    """Each player's grim-trigger condition and the critical discount factor."""
    game = result.game
    table = Table()
    for heading in ("player", "cooperate c", "best deviation d", "punishment p", "critical δ"):
        table.add_column(heading)
    for t in result.thresholds:
        table.add_row(
            Text(game.players[t.player]),
            format_fraction(t.cooperative),
            Text(f"{game.strategies[t.player][t.deviation]}: "
                 f"{format_fraction(t.deviation_payoff)}"),
            Text(f"{t.punishment.describe(game)}: "
                 f"{format_fraction(t.punishment.payoffs[t.player])}"),
            _critical_cell(t),
        )
    if result.critical is None:
        verdict = "Grim trigger cannot sustain this profile at any discount factor below 1."
    elif all(t.deviation_payoff <= t.cooperative for t in result.thresholds):
        verdict = (
            "No player gains by deviating: the profile is already an equilibrium of the "
            "one-shot game, so any discount factor δ works."
        )
    else:
        verdict = (
            f"Cooperation is sustained by grim trigger for every discount factor δ ≥ "
            f"{format_fraction(result.critical)} (δ_i = (d - c) / (d - p))."
        )
    return Group(Text(game.describe()), table, Text(verdict))


def render_gmcr(result: GMCRResult) -> RenderableType:
    """Every state's stability for each decision maker, the equilibria, coalitions, paths."""
    conflict = result.conflict
    parts: list[RenderableType] = [
        Text(
            f"{conflict.title or 'conflict'}: {len(conflict.decision_makers)} decision makers, "
            f"{len(conflict.options)} options, {conflict.n_states} feasible states"
        )
    ]
    table = Table()
    table.add_column("state", justify="right")
    table.add_column("options taken")
    for name in conflict.decision_makers:
        table.add_column(Text(name))
    table.add_column("equilibrium")
    for index, code in enumerate(conflict.states):
        marks = []
        for i in range(len(conflict.decision_makers)):
            stable = [GMCR_HEADINGS[c] for c in CONCEPTS if result.stable[c][i][index]]
            marks.append(" ".join(stable) if stable else "·")
        equilibrium = [GMCR_HEADINGS[c] for c in CONCEPTS if result.equilibria(c)[index]]
        table.add_row(
            str(code), Text(conflict.describe_state(code)), *marks, " ".join(equilibrium) or "·"
        )
    parts.append(table)
    for concept in CONCEPTS:
        codes = result.equilibrium_codes(concept)
        parts.append(
            Text(f"{GMCR_HEADINGS[concept]} equilibria: " + (", ".join(map(str, codes)) or "none"))
        )
    if result.coalition_stable is not None:
        parts.append(Text("Coalition stability (Kilgour, Hipel, Fang & Peng 2001):"))
        for concept in COALITION_CONCEPTS:
            codes = result.coalition_equilibria(concept)
            parts.append(Text(f"  {concept}: " + (", ".join(map(str, codes)) or "none")))
        codes_all = set(result.equilibrium_codes("nash"))
        for members, coalition_stable in result.coalition_stable["coalition_nash"].items():
            if len(members) < 2:
                continue
            broken = [
                int(c) for c in result.model.codes[~coalition_stable] if int(c) in codes_all
            ]
            if broken:
                names = " + ".join(conflict.decision_makers[i] for i in members)
                parts.append(
                    Text(f"  {names} can jointly leave Nash equilibria "
                         f"{', '.join(map(str, broken))}")
                )
    if result.paths is not None:
        parts.append(Text(f"From the status quo {result.status_quo}:"))
        for path in result.paths:
            label = f"  to {path.target} ({' '.join(GMCR_HEADINGS[c] for c in path.concepts)})"
            if path.steps is None:
                parts.append(Text(label + ": not reachable"))
            elif not path.steps:
                parts.append(Text(label + ": it is the status quo"))
            else:
                moves = ", ".join(
                    f"{conflict.decision_makers[s.decision_maker]} {s.source}→{s.target}"
                    for s in path.steps
                )
                parts.append(Text(f"{label}: {moves}"))
    return Group(*parts)


#: Profiles shown in the terminal's states table (a 200x200 game has 40,000; laying
#: out a table that long takes minutes). ``--json`` lists them all.
MAX_STATE_ROWS = 500


def render_states(
    game: Game, rows: Sequence[ProfileStability], concepts: Sequence[str]
) -> RenderableType:
    """The profiles' stability table (short headings, a legend), what breaks each one.

    At most :data:`MAX_STATE_ROWS` profiles are shown; a line says how many more
    there are and how to see them.
    """
    parts: list[RenderableType] = []
    parts.append(Text(game.describe()))
    if not rows:
        parts.append(Text("No profile is stable under " + " and ".join(concepts) + "."))
        return Group(*parts)
    hidden = len(rows) - MAX_STATE_ROWS
    rows = rows[:MAX_STATE_ROWS]
    table = Table(show_lines=False)
    # Labels wrap (never truncated to "…"); the concept columns keep their width.
    table.add_column("profile", overflow="fold", ratio=3)
    table.add_column("payoffs", justify="right", overflow="fold", ratio=1)
    for concept in STATE_CONCEPTS:
        table.add_column(_COLUMNS[concept], justify="center", no_wrap=True, min_width=3)
    reasons = []
    for row in rows:
        profile = ", ".join(game.strategies[i][s] for i, s in enumerate(row.profile))
        payoffs = ", ".join(format_fraction(v) for v in row.payoffs)
        table.add_row(
            Text(profile), payoffs, *["✓" if row.stable[c] else "·" for c in STATE_CONCEPTS]
        )
        for concept in _EXPLAIN_ORDER:
            if concept in row.deviations:
                deviation = row.deviations[concept].describe(game)
                reasons.append(f"  ({profile}) not {_HEADINGS[concept]}: {deviation}")
                break
    parts.append(table)
    if hidden > 0:
        parts.append(Text(
            f"The first {len(rows):,} of {len(rows) + hidden:,} profiles are shown; "
            "--only CONCEPT keeps the profiles stable under CONCEPT, --json lists them all."
        ))  # fmt: skip
    if reasons:
        parts.append(Text("What breaks each profile (the first concept it fails):"))
        for line in reasons:
            parts.append(Padding(Text(line.lstrip()), (0, 0, 0, 2)))
    parts.append(Text(
        "✓ stable, · not. Str = strict Nash; Sng = strong Nash; "
        "CP = coalition-proof Nash (Bernheim, Peleg & Whinston 1987); "
        "GMR/SMR/SEQ = the Graph Model's general metarationality, symmetric "
        "metarationality and sequential stability for every player."
    ))
    return Group(*parts)
