"""What every command shares: consoles, JSON output and option types.

Only the CLI (and the report layer) prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stability.errors import InputError
from stability.present.terminal import TextConsole

if TYPE_CHECKING:
    from stability.model.game import Game
    from stability.model.scenario import Scenario
    from stability.solvers.budget import Budget

console = TextConsole()
error_console = TextConsole(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document for scripts.")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="NAME=VALUE",
        help="Run with a scenario parameter at another value (repeatable); "
        "VALUE is an integer, a decimal or a rational such as 3/2.",
    ),
]
ScenarioArgument = Annotated[
    str, typer.Argument(metavar="SCENARIO", help="A scenario .toml file or a bundled name.")
]
OptionalScenarioArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[SCENARIO]",
        help="A scenario .toml file or a bundled scenario name; default: mosul.",
    ),
]
GameArgument = Annotated[
    str, typer.Argument(metavar="GAME", help="A .nfg, .json or .toml file, or a bundled name.")
]
def _check_time_limit(value: float | None) -> float | None:
    from stability.model.checks import check_time_limit

    return check_time_limit(value)


TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        callback=_check_time_limit,
        help="Stop solving after SECONDS and report what was found so far, marked "
        'incomplete (in JSON: "complete": false).',
    ),
]


def _check_dpi(dpi: int | None) -> int | None:
    from stability.present.figures import check_dpi

    return None if dpi is None else check_dpi(dpi)


DpiOption = Annotated[
    int | None,
    typer.Option(
        "--dpi",
        metavar="N",
        callback=_check_dpi,
        help="Resolution of a PNG picture in dots per inch, 50 to 600 (its pixel size "
        "scales with N; default 110, or 150 for maps and timelines). Ignored for SVG and "
        "PDF, which are vector files.",
    ),
]


def picture_path(out: Path | None) -> Path | None:
    """Callback of a picture's ``--out``: refuse a suffix that names no picture format
    before any work is done (``.png``, ``.svg`` or ``.pdf``)."""
    if out is not None:
        from stability.present.figures import picture_format

        picture_format(out)
    return out


GameNameOption = Annotated[
    str | None,
    typer.Option(
        "--game",
        metavar="NAME",
        help="For a scenario file: the pairwise game to use, or 'joint' (the default).",
    ),
]


#: The file (or bundled name) the running command reads: messages name it.
_SUBJECT: list[str] = []


def note_subject(source: str | None) -> None:
    """Remember ``source`` as the file the command works on (for error messages);
    ``None`` forgets it (a new command starts)."""
    _SUBJECT[:] = [] if source is None else [source]


def locate(err: InputError) -> InputError:
    """``err`` naming the command's file when it names none.

    Errors raised deep in an analysis ("joint game too large", "--samples: too
    many for this joint game") say what is wrong; this adds which file.
    """
    about_an_option = (err.item or err.message).startswith("--")
    if err.source or not _SUBJECT or about_an_option:
        return err
    return err.located(_SUBJECT[0])


#: Characters of compact JSON beyond which a document is written on one line: the
#: indented form goes through Python's pure-Python encoder, which took 30 s on the
#: states of a 100x100 game (about 10 MB); the compact form is C-encoded.
COMPACT_JSON_CHARS = 1_000_000


def emit_json(document: dict[str, Any]) -> None:
    """Write one JSON document to standard output (indented, or compact when large)."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    if len(text) <= COMPACT_JSON_CHARS:
        text = json.dumps(document, indent=2, ensure_ascii=False)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def warn(message: str) -> None:
    """A warning on standard error (never on standard output, which may be JSON)."""
    error_console.print(f"warning: {message}", markup=False, soft_wrap=True)


def parse_sets(sets: list[str] | None) -> dict[str, str]:
    """``["threat=3/2"]`` → ``{"threat": "3/2"}``; a malformed item is bad usage."""
    parsed: dict[str, str] = {}
    for item in sets or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InputError(f"--set {item!r}: expected NAME=VALUE, for example --set threat=3/2")
        parsed[name.strip()] = value.strip()
    return parsed


def load_game(source: str, game_name: str | None, sets: list[str] | None) -> Game:
    """The game a command's GAME argument names (see ``stability.io.read_game``).

    For a scenario with ``--set``, out-of-range values are warned about on stderr.
    """
    from stability.io import read_game
    from stability.model.checks import check_source

    check_source(source, "game")
    note_subject(source)
    if sets and _names_scenario(source):
        from stability.analysis.joint import scenario_game

        scenario = load_scenario(source, sets)
        try:
            return scenario_game(scenario, game=game_name)
        except InputError as err:
            raise err.located(source) from None
    try:
        return read_game(source, game=game_name, sets=parse_sets(sets))
    except InputError as err:
        raise err.located(source) from None


def _names_scenario(source: str) -> bool:
    from pathlib import Path

    from stability.io.bundled import bundled_file

    path = Path(source)
    if path.is_file() or path.suffix or "/" in source:
        return path.suffix.lower() == ".toml" and not source.endswith(".gmcr.toml")
    entry = bundled_file(source)
    return entry is not None and entry.name.endswith(".toml") and ".gmcr." not in entry.name


@contextmanager
def progress_bar(what: str) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar on a terminal, else ``None``.

    The bar appears only for work that is long enough to need it.
    """
    if not error_console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=error_console,
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=None, visible=False)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None, visible=True)

        yield update


@contextmanager
def working(what: str) -> Iterator[None]:
    """A spinner with the elapsed time on standard error, on a terminal only."""
    if not error_console.is_terminal:
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn(what),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    ) as bar:
        bar.add_task(what, total=None)
        yield


@contextmanager
def solve_budget(time_limit: float | None, what: str) -> Iterator[Budget]:
    """A :class:`~stability.solvers.budget.Budget` for one command: ``--time-limit``
    and, on a terminal, a progress bar on standard error."""
    from stability.solvers.budget import Budget

    with progress_bar(what) as progress:
        yield Budget(seconds=time_limit, progress=progress)


def match_name(given: str, names: Sequence[str], *, item: str, what: str) -> str:
    """The one name of ``names`` that ``given`` stands for: itself, the same name in
    another case, or the only name it begins (ignoring case). A match that differs
    from what was typed is echoed on stderr; an ambiguous prefix is bad input listing
    the candidates; no match at all returns ``given`` (the analysis then says what
    was expected).

    >>> match_name("parallel", ["Parallel campaigns", "Partition"], item="--target",
    ...            what="outcome")
    'Parallel campaigns'
    """
    if given in names:
        return given
    folded = given.casefold()
    same = [n for n in names if n.casefold() == folded]
    found = same or ([n for n in names if n.casefold().startswith(folded)] if folded else [])
    if len(found) > 1:
        raise InputError(
            f"{given!r} begins more than one {what}: " + ", ".join(repr(n) for n in found)
            + "; type more of the name",
            item=item,
        )
    if not found:
        return given
    error_console.print(
        f"{item} {given!r}: the {what} {found[0]!r}", markup=False, highlight=False,
        soft_wrap=True,
    )
    return found[0]


def outcome_name(scenario: Scenario, given: str | None, item: str) -> str | None:
    """An outcome name as typed (any case, or a unique prefix), made the scenario's own."""
    if given is None:
        return None
    return match_name(given, [o.name for o in scenario.outcomes], item=item, what="outcome")


def actor_name(scenario: Scenario, given: str | None, item: str) -> str | None:
    """An actor name as typed (any case, or a unique prefix), made the scenario's own."""
    if given is None:
        return None
    return match_name(given, [a.name for a in scenario.actors], item=item, what="actor")


def load_scenario(source: str | None, sets: list[str] | None) -> Scenario:
    """The scenario a command names (a path or a bundled name; ``None``: Mosul).

    ``--set`` values are applied; out-of-range values are warned about on stderr.
    """
    from stability.io.scenario import apply_sets, open_scenario
    from stability.model.checks import check_source

    name = "mosul" if source is None else check_source(source, "scenario")
    note_subject(name)
    scenario = open_scenario(name)
    try:
        scenario, warnings = apply_sets(scenario, parse_sets(sets))
    except InputError as err:
        raise err.located(name) from None
    for message in warnings:
        warn(message)
    return scenario
