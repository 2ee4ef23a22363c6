"""``stability coalitions SCENARIO|GAME``: every coalition structure and its stability."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    DpiOption,
    GameNameOption,
    JsonOption,
    SetOption,
    _names_scenario,
    console,
    emit_json,
    load_game,
    load_scenario,
    picture_path,
)
from stability.errors import InputError

SourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO|GAME",
        help="A scenario (.toml or a bundled name: its actors) or a game file (.nfg, .json: "
        "its players).",
    ),
]


@app.command("coalitions")
def coalitions_command(
    source: SourceArgument,
    rule: Annotated[
        str,
        typer.Option(
            "--rule",
            metavar="RULE",
            help="How an actor ranks a structure with several equilibria: pessimistic "
            "(its worst payoff over them, the default), optimistic (its best) or "
            "all-must-agree (it prefers one structure to another only when every "
            "equilibrium of the first pays it more than every one of the second).",
        ),
    ] = "pessimistic",
    transferable: Annotated[
        bool,
        typer.Option(
            "--transferable",
            help="Coalitions share gains: a coalition chooses to raise its members' summed "
            "payoff (default: every member must gain).",
        ),
    ] = False,
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            metavar="T",
            help="Evaluate the scenario's timeline at time T (an integer, decimal or "
            "rational).",
        ),
    ] = None,
    timeline: Annotated[
        bool,
        typer.Option(
            "--timeline",
            help="Also give, exactly, the times of the scenario's timeline at which each "
            "structure is stable under each concept, and who moves first on the chain.",
        ),
    ] = False,
    tipping: Annotated[
        list[str] | None,
        typer.Option(
            "--tipping",
            metavar="PARAMETER",
            help="Also give, exactly, the values of PARAMETER (the others at their values; "
            "repeatable; 'all' for every parameter) at which each structure becomes or "
            "stops being stable, who moves first along it, the smallest such change that "
            "makes the target structure stable, and the smallest combined change of every "
            "parameter (range-normalised L1, exact linear programmes; each answer says "
            "whether it is proven minimal).",
        ),
    ] = None,
    source_structure: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="OUTCOME|STRUCTURE",
            help="Where the chain of moves starts: an outcome's name or a structure written "
            "A+B|C (default: the scenario's coalition outcome).",
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="OUTCOME|STRUCTURE",
            help="Where the chain of moves ends (default: the first outcome other than the "
            "coalition outcome).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            metavar="N",
            help="Evaluate N structures drawn uniformly at random instead of all of them "
            "(for 7 to 10 actors, where all of them are refused; at most 500): each one's "
            "core, Nash, individual and contractual verdicts stay exact; for farsighted "
            "stability (up to 7 actors) the output says which drawn structures are proven "
            "in the largest consistent set and which are only in the drawn structures' own.",
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option("--seed", metavar="S", min=0, help="Seed of the draw of --limit."),
    ] = 0,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", callback=picture_path,
            help="Also draw the structures and the profitable moves between them: FILE.png, "
            "FILE.svg or FILE.pdf.",
        ),
    ] = None,
    game_name: GameNameOption = None,
    sets: SetOption = None,
    dpi: DpiOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every partition of the actors into coalitions: each structure's equilibria when
    coalitions choose jointly, and its stability (core, Nash, individual, contractual
    individual, farsighted), the moves that break it, and the shortest chain of
    profitable moves from the coalition to the target structure.

    Example: stability coalitions mosul --timeline --out structures.png
    """
    from fractions import Fraction

    from stability.analysis.coalitions.preferences import parse_rule
    from stability.analysis.coalitions.study import coalition_study
    from stability.model.exact import parse_number
    from stability.results.coalitions import CoalitionsResult

    ranking = parse_rule(rule)
    at: Fraction | None = None
    if time is not None:
        try:
            at = parse_number(time)
        except ValueError as err:
            raise InputError(str(err), item="--time") from None
    if _names_scenario(source):
        subject = load_scenario(source, sets)
    else:
        for option, given in (("--time", time), ("--timeline", timeline), ("--tipping", tipping),
                              ("--from", source_structure), ("--target", target)):
            if given:
                raise InputError(f"{option} needs a scenario (.toml), not a game file",
                                 item=option)
        subject = load_game(source, game_name, sets)  # type: ignore[assignment]
    try:
        study = coalition_study(
            subject,
            game=game_name,
            rule=ranking,
            transferable=transferable,
            time=at,
            source_structure=source_structure,
            target=target,
            timeline=timeline,
            parameters=tuple(tipping or ()),
            limit=limit,
            seed=seed,
        )
    except InputError as err:
        located = err.source or (err.item or "").startswith("--")
        raise (err if located else err.located(source)) from None
    result = CoalitionsResult(study)
    if out is not None and study.analysis.sampled:
        raise InputError("the picture needs every structure: not with a --limit below the "
                         "number of structures", item="--out")
    if out is not None:
        written = result.write_figure(out, dpi=dpi)
        if not as_json:
            console.print(f"wrote {written}", markup=False, soft_wrap=True)
    if as_json:
        emit_json(result.to_dict())
        return
    console.print(result.renderable())
