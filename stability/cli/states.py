"""``stability states GAME``: every pure profile's stability under each solution concept."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

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

# Which failure to explain first: the most elementary concept the profile fails.
_EXPLAIN_ORDER = ("nash", "strong", "coalition_proof", "seq", "smr", "gmr", "strict")


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
    table.add_column("profile", no_wrap=True)
    table.add_column("payoffs", justify="right", no_wrap=True)
    for concept in CONCEPTS:
        table.add_column(_HEADINGS[concept], justify="center")
    reasons = []
    for row in rows:
        profile = ", ".join(game.strategies[i][s] for i, s in enumerate(row.profile))
        payoffs = ", ".join(format_fraction(v) for v in row.payoffs)
        table.add_row(profile, payoffs, *["✓" if row.stable[c] else "·" for c in CONCEPTS])
        for concept in _EXPLAIN_ORDER:
            if concept in row.deviations:
                deviation = row.deviations[concept].describe(game)
                reasons.append(f"  ({profile}) not {_HEADINGS[concept]}: {deviation}")
                break
    console.print(table)
    if reasons:
        console.print("What breaks each profile (the first concept it fails):")
        for line in reasons:
            console.print(line, markup=False, soft_wrap=True)
    console.print(
        "✓ stable, · not. CPNE = coalition-proof Nash (Bernheim, Peleg & Whinston 1987); "
        "GMR/SMR/SEQ = the Graph Model's general metarationality, symmetric "
        "metarationality and sequential stability for every player.",
        markup=False,
    )
