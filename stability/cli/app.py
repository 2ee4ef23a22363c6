"""The ``stability`` command: one Typer app, one module per command.

Errors never escape as tracebacks: bad usage and bad input print one ``error:``
line and exit 2, anything else prints ``error:`` and exits 1.
"""

from __future__ import annotations

import errno
import importlib
import inspect
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from stability.analysis import allocator
from stability.cli.common import error_console, locate, note_subject
from stability.errors import InputError, OutputClosed, StabilityError, one_line, shown_path


def _plain_help_names() -> None:
    """Show arguments and flags in help as their metavars say, without type tags.

    Recent Typer versions write a required argument as ``{SCENARIO}`` in the usage
    line, an optional one declared ``[SCENARIO]`` as ``[[SCENARIO]]``, and tag every
    argument and flag with its Python type (``<str>``, ``<bool>``); our metavars
    already say what is expected, so those tags are dropped. Older Typers lack these
    hooks and are left alone.
    """
    core = typer.core
    argument = getattr(core, "TyperArgument", None)
    option = getattr(core, "TyperOption", None)
    if argument is not None and hasattr(argument, "_usage_display_name"):

        def usage_name(self: Any) -> str:
            name = str(self.metavar or self.name.upper())
            return name + ("..." if self.nargs != 1 else "")

        argument._usage_display_name = usage_name
    if argument is not None and hasattr(argument, "display_type_rich"):
        argument.display_type_rich = lambda self, ctx: None
    if option is not None and hasattr(option, "display_type_rich"):
        original = option.display_type_rich

        def option_type(self: Any, ctx: Any) -> str | None:
            if getattr(self, "is_flag", False) and self.metavar is None:
                return None
            result: str | None = original(self, ctx)
            return result

        option.display_type_rich = option_type


_plain_help_names()

#: Every command, each in the module of the same name, which adds it to ``app``.
COMMANDS = (
    "analyze",
    "check",
    "coalitions",
    "convert",
    "dominance",
    "durability",
    "exercise",
    "explain",
    "explore",
    "gmcr",
    "graph",
    "list",
    "path",
    "repeated",
    "report",
    "robustness",
    "select",
    "sensitivity",
    "solve",
    "states",
    "sweep",
    "tipping",
    "validate",
)

#: Each command's one-line help as ``stability --help`` lists it (the first paragraph
#: of its docstring), so that the list needs none of the command modules;
#: ``tests/test_startup.py`` checks it against the commands themselves.
SUMMARIES = {
    "analyze": "The whole analysis of a scenario: the verdicts and the plain answer first, "
    "then games, equilibria, stability, outcomes.",
    "check": "Find what makes a scenario's conclusions fragile or empty.",
    "coalitions": "Every partition of the actors into coalitions: each structure's equilibria "
    "when coalitions choose jointly, and its stability (core, Nash, individual, contractual "
    "individual, farsighted), the moves that break it, and the shortest chain of profitable "
    "moves from the coalition to the target structure.",
    "convert": "Convert a game between Gambit .nfg, JSON (stability/game/v1) and scenario TOML.",
    "dominance": "Iterated elimination of strictly (or weakly) dominated strategies, pure or "
    "mixed.",
    "durability": "Along the scenario's [timeline]: when the campaign ends, when the coalition "
    "outcome stops being a pure equilibrium of the joint game, when each outcome is one, and "
    "the verdict (the coalition outlasts the campaign, or breaks first) with its margin, and "
    "the same verdict with each parameter at each end of its range. Times are exact where "
    "the roots are rational or square roots; any other is a rational within horizon/2**48 "
    "of the true time (exact root isolation, then halving on the exact sign), marked ≈ and "
    "said so.",
    "exercise": "Generate exercises whose answers are computed by the solvers and checked "
    "independently.",
    "explain": "Explain a game step by step: best responses, dominance, pure and mixed "
    "equilibria.",
    "explore": "Write an interactive page to explore a scenario in a web browser: a slider and "
    "a number box (fractions such as 3/4 accepted) for every parameter, a time slider when "
    "the scenario says how the threat fades; at every move, each outcome's verdict (and who "
    "would deviate, and what they gain), the pure equilibria of the joint game, each game's "
    "payoff matrices, the coalition graph and its balance, and marks on each slider where a "
    "verdict changes with the others held. The page needs no network; its address records "
    "the current values, so a view can be shared. --set starts the sliders elsewhere.",
    "gmcr": "Nash, GMR, SMR, SEQ and SIM stability of every state for every decision maker.",
    "graph": "Draw the coalition graph: actors as nodes, cooperation (solid green), conflict "
    "(dashed vermillion) or neutral (dotted grey) ties between interacting actors.",
    "list": "Every bundled file, usable by name: what it is and where it comes from.",
    "path": "Sequences of unilateral moves from one outcome to another in the joint game.",
    "repeated": "The exact discount factor above which grim trigger sustains a cooperative "
    "profile.",
    "report": "Write a report of a whole scenario, to hand to a colleague: the situation and "
    "every parameter; each pairwise game with its layers, payoff tables and equilibria; the "
    "joint game's equilibria and their stability (strict, strong, coalition-proof, GMCR); "
    "coalition graphs; tipping thresholds with tornado charts and the smallest combined "
    "shift; a sweep map over the two most influential parameters; durability; robustness; "
    "the model's limits.",
    "robustness": "How often each outcome is a pure equilibrium of the joint game when the "
    "parameters are uncertain: drawn from their priors (uniform over the range where a "
    "parameter declares none), uniformly over their ranges with --uniform, or within a "
    "relative spread of their values, optionally with payoff noise. Frequencies come with "
    "95% Wilson intervals; the same seed gives the same result whatever --batch is.",
    "select": "Equilibrium selection in the joint game: payoff dominance, risk dominance (Nash "
    "product of deviation losses, exact) for each pair game and the joint game, and the "
    "basins of attraction of replicator and logit dynamics from random starting beliefs, "
    "with 95% Wilson intervals. Says plainly where the criteria disagree.",
    "sensitivity": "Global sensitivity of whether OUTCOME is a pure equilibrium of the joint "
    "game (or, with --goal selected, of its basin share): Sobol first-order and total "
    "indices with bootstrap intervals, and Morris elementary-effects screening, with the "
    "number of model evaluations.",
    "solve": "Equilibria of one game, exact where possible.",
    "states": "Every pure profile's stability: Nash, strict, strong, coalition-proof, GMR, "
    "SMR, SEQ.",
    "sweep": "Which outcomes are pure equilibria of the joint game over a grid of one or two "
    "parameters (the others at their values). Every grid point is evaluated at once with "
    "numpy; --out draws the map with the regimes named, the current point marked and the "
    "exact thresholds through it drawn as lines.",
    "tipping": "Which parameter shifts meet a goal for OUTCOME in the joint game.",
    "validate": "Check a game or scenario file: prints 'ok' and a summary, or the error "
    "(exit 2).",
}


def summary(help_text: str | None) -> str:
    """The one line of a command's help that ``stability --help`` lists.

    >>> summary("First line\\nstill first.\\n\\nSecond paragraph.")
    'First line still first.'
    """
    paragraphs = inspect.cleandoc(help_text or "").split("\n\n")
    return paragraphs[0].replace("\n", " ").strip()


class _Summary(TyperCommand):
    """A command that is listed but not loaded yet: its name and one-line help."""


class LazyGroup(TyperGroup):
    """The root group: lists every command of :data:`COMMANDS` without importing it.

    A command's module is imported when the command runs (``main`` imports it before
    parsing) or when it is looked up for any other purpose than the list in
    ``stability --help``, which shows :data:`SUMMARIES` instead.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False
        loaded = dict(self.commands)
        ordered: dict[str, Any] = {}
        for name in COMMANDS:
            ordered[name] = loaded.pop(name, None) or _Summary(
                name=name, help=SUMMARIES.get(name) or summary(_load(name).help)
            )
        ordered.update(loaded)
        self.commands = ordered

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if isinstance(command, _Summary) and not self._listing:
            command = self.commands[cmd_name] = _load(cmd_name)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _load(name: str) -> Any:
    """Import the module of command ``name`` and build its click command."""
    importlib.import_module(f"stability.cli.{name}")
    for info in app.registered_commands:
        callback = info.callback
        if (info.name or typer.main.get_command_name(getattr(callback, "__name__", ""))) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    raise LookupError(f"stability.cli.{name} adds no command {name!r}")


app = typer.Typer(
    name="stability",
    help="Game-theoretic coalition stability analyzer: equilibria, stability, tipping points.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    cls=LazyGroup,
)


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    """Game-theoretic coalition stability analyzer: equilibria, stability, tipping points."""
    if version:
        from stability import __version__

        typer.echo(f"stability {__version__}")
        raise typer.Exit(0)


def _register(args: Sequence[str] = ()) -> None:
    """Import the module of the command named in ``args``, if any.

    Loading only that command keeps start-up fast (``solve`` need not import sympy
    or matplotlib); ``stability --help`` lists the commands from :data:`SUMMARIES`
    and loads none (:class:`LazyGroup`).
    """
    wanted = next((a for a in args if not a.startswith("-")), None)
    if wanted in COMMANDS:
        importlib.import_module(f"stability.cli.{wanted}")


#: Options that stand for a value of another: given together, they conflict.
ALIASES = {("tipping", "--unique"): "--goal"}


def check_repeats(args: Sequence[str]) -> None:
    """Refuse an option given twice (unless it may repeat, as ``--set``) and an
    alias given with the option it stands for (``tipping --unique --goal breaks``).

    Click would silently keep the last value: the analysis would not be the one asked.
    """
    words = list(args)
    if "--" in words:
        words = words[: words.index("--")]
    name = next((a for a in words if not a.startswith("-")), None)
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})  # click's, or the copy typer vendors
    command = commands.get(name) if name else None
    if command is None:
        return
    given: dict[str, str] = {}
    for parameter in command.params:
        if parameter.param_type_name != "option" or parameter.multiple:
            continue
        if getattr(parameter, "count", False):
            continue
        names = [*parameter.opts, *parameter.secondary_opts]
        used = [w.split("=", 1)[0] for w in words if w.split("=", 1)[0] in names]
        if len(used) > 1:
            shown = used[0] if len(set(used)) == 1 else " and ".join(dict.fromkeys(used))
            raise InputError(
                f"{shown} given {len(used)} times: give it once (only options documented "
                f"as repeatable, such as --set, may be repeated)"
            )
        if used:
            given[parameter.opts[0]] = used[0]
    for (where, alias), option in ALIASES.items():
        if where == name and alias in given and option in given:
            raise InputError(
                f"{alias} and {option} conflict ({alias} stands for {option} "
                f"{alias.lstrip('-')}): give one of them"
            )


def _fail(message: str, code: int) -> int:
    try:
        error_console.print(
            f"error: {one_line(message)}", markup=False, highlight=False, soft_wrap=True
        )
    except (OSError, ValueError, AttributeError):  # no standard error to write to
        pass
    return code


def _quiet_stdout() -> None:
    """Point standard output at /dev/null (it was closed, or its reader went away).

    Then nothing more is written, and the interpreter's final flush cannot fail.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def _os_error(err: OSError) -> int:
    """An operating-system error that escaped the readers and writers: name its file."""
    name = err.filename if isinstance(err.filename, str) else None
    where = f"{shown_path(name)}: " if name else ""
    return _fail(f"{where}{err.strerror or err}", 2 if name else 1)


def _interrupted() -> int:
    """Ctrl-C: one line, exit code 130 (128 + SIGINT), no traceback."""
    error_console.print("interrupted", markup=False, highlight=False)
    return 130


def _kinds(err: BaseException) -> set[str]:
    """Class names in the exception's hierarchy.

    Typer vendors its own copy of click in some versions and uses click in
    others; matching by name handles both.
    """
    return {cls.__name__ for cls in type(err).__mro__}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by ``python -m stability``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    note_subject(None)
    allocator.tune()  # the kernels' arrays reuse freed memory (docs/performance.md)
    if sys.stdout is None or sys.stdout.closed:  # started with standard output closed (>&-)
        _quiet_stdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        _register(args)
        check_repeats(args)
        result = app(args=args, prog_name="stability", standalone_mode=False)
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except SystemExit as exit:
        # click turns a broken pipe into exit 1 after wrapping the streams
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _quiet_stdout()
            return 0
        return exit.code if isinstance(exit.code, int) else 1
    except OutputClosed:
        _quiet_stdout()
        return 0
    except InputError as err:
        return _fail(str(locate(err)), 2)
    except StabilityError as err:
        return _fail(str(err), 1)
    except KeyboardInterrupt:
        return _interrupted()
    except MemoryError:
        return _fail("out of memory", 1)
    except OSError as err:
        if err.errno == errno.EPIPE:
            _quiet_stdout()
            return 0
        return _os_error(err)
    except Exception as err:  # noqa: BLE001 - the CLI's last line of defence
        kinds = _kinds(err)
        context = getattr(err, "ctx", None)
        if "NoArgsIsHelpError" in kinds:
            sys.stdout.write((context.get_help() if context else "") + "\n")
            return 0
        if "UsageError" in kinds:
            command = getattr(context, "command_path", None) or "stability"
            return _fail(f"{err.format_message()} (see '{command} --help')", 2)  # type: ignore[attr-defined]
        if "Exit" in kinds:
            return int(getattr(err, "exit_code", 0))
        if "Abort" in kinds:
            return _interrupted()
        if "ClickException" in kinds:
            return _fail(err.format_message(), 2)  # type: ignore[attr-defined]
        return _fail(f"{type(err).__name__}: {err}", 1)
    if result == 130:  # Typer turns Ctrl-C into exit code 130, silently
        return _interrupted()
    if isinstance(result, int):
        return result
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
