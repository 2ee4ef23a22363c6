"""``stability states GAME``: every pure profile's stability under each solution concept."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stability.analysis.states import (
    CONCEPTS,
    ProfileStability,
    all_profile_stability,
)
from stability.cli.app import app
from stability.cli.common import (
    GameNameOption,
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_game,
)
from stability.errors import InputError
from stability.model.exact import format_fraction
from stability.model.game import Game
from stability.present.equilibria import game_header

SCHEMA = "stability/states/v1"

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
_EXPLAIN_ORDER = CONCEPTS


def states_json(game: Game, rows: list[ProfileStability], only: list[str]) -> dict[str, Any]:
    """The ``stability/states/v1`` document for the rows of :func:`all_profile_stability`."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "game": game_header(game),
        "states": [],
    }
    if only:
        document["only"] = only
    for row in rows:
        entry: dict[str, Any] = {
            "profile": list(row.profile),
            "payoffs": [float(v) for v in row.payoffs],
            "exact_payoffs": [format_fraction(v) for v in row.payoffs],
        }
        entry.update({c: row.stable[c] for c in CONCEPTS})
        entry["deviations"] = {c: d.to_json(game) for c, d in row.deviations.items()}
        document["states"].append(entry)
    return document


def _parse_only(only: list[str] | None) -> list[str]:
    concepts = []
    for item in only or []:
        for name in item.split(","):
            name = name.strip().lower().replace("-", "_")
            if name == "cpne":
                name = "coalition_proof"
            if name not in CONCEPTS:
                raise InputError(
                    f"--only {item!r}: unknown concept (expected one of {', '.join(CONCEPTS)})"
                )
            concepts.append(name)
    return concepts


@app.command("states")
def states_command(
    game_source: Annotated[
        str, typer.Argument(metavar="GAME", help="A .nfg, .json or .toml file, or a bundled name.")
    ],
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="CONCEPT",
            help="Show only profiles stable under CONCEPT (repeatable): "
            + ", ".join(CONCEPTS) + ".",
        ),
    ] = None,
    game_name: GameNameOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every pure profile's stability: Nash, strict, strong, coalition-proof, GMR, SMR, SEQ."""
    concepts = _parse_only(only)
    game = load_game(game_source, game_name, sets)
    rows = [r for r in all_profile_stability(game) if all(r.stable[c] for c in concepts)]
    if as_json:
        emit_json(states_json(game, rows, concepts))
        return
    console.print(game.describe(), markup=False)
    if not rows:
        console.print("No profile is stable under " + " and ".join(concepts) + ".")
        return
    table = Table(show_lines=False)
    # Labels wrap (never truncated to "…"); the concept columns keep their width.
    table.add_column("profile", overflow="fold", ratio=3)
    table.add_column("payoffs", justify="right", overflow="fold", ratio=1)
    for concept in CONCEPTS:
        table.add_column(_COLUMNS[concept], justify="center", no_wrap=True, min_width=3)
    reasons = []
    for row in rows:
        profile = ", ".join(game.strategies[i][s] for i, s in enumerate(row.profile))
        payoffs = ", ".join(format_fraction(v) for v in row.payoffs)
        table.add_row(
            Text(profile), payoffs, *["✓" if row.stable[c] else "·" for c in CONCEPTS]
        )
        for concept in _EXPLAIN_ORDER:
            if concept in row.deviations:
                deviation = row.deviations[concept].describe(game)
                reasons.append(f"  ({profile}) not {_HEADINGS[concept]}: {deviation}")
                break
    console.print(table)
    if reasons:
        console.print("What breaks each profile (the first concept it fails):")
        for line in reasons:
            console.print(Padding(Text(line.lstrip()), (0, 0, 0, 2)))
    console.print(
        "✓ stable, · not. Str = strict Nash; Sng = strong Nash; "
        "CP = coalition-proof Nash (Bernheim, Peleg & Whinston 1987); "
        "GMR/SMR/SEQ = the Graph Model's general metarationality, symmetric "
        "metarationality and sequential stability for every player.",
        markup=False,
    )
