"""The command reference (``docs/reference/cli.md``), generated from the CLI itself.

``python -m stability.cli.reference > docs/reference/cli.md`` rewrites the page; a
test checks that the page in the repository is up to date.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer


def _first_paragraph(text: str | None) -> str:
    paragraphs = [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]
    return paragraphs[0] if paragraphs else ""


def _rest(text: str | None) -> list[str]:
    paragraphs = [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]
    return paragraphs[1:]


def _option_row(param: Any) -> str:
    names = ", ".join(f"`{o}`" for o in [*param.opts, *getattr(param, "secondary_opts", [])])
    if param.param_type_name == "argument":
        names = f"`{(param.metavar or param.name).upper()}`"
    text = " ".join((getattr(param, "help", None) or "").split())
    default = param.default
    if param.param_type_name == "option" and default not in (None, False, (), []):
        text += f" Default: `{default}`."
    if param.required:
        text += " Required."
    cell = text.replace("|", "\\|")  # a literal bar inside a Markdown table cell
    return f"| {names} | {cell} |"


def reference() -> str:
    """The whole reference page as Markdown."""
    from stability.cli.app import COMMANDS, app

    for name in COMMANDS:
        importlib.import_module(f"stability.cli.{name}")
    group = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the program itself (`python -m stability.cli.reference`);",
        "`stability COMMAND --help` shows the same. Every command that reads a",
        "scenario takes `--set NAME=VALUE`; `--json` prints one JSON document",
        "(see [JSON documents](json.md)). Exit codes: 0 success, 2 bad usage or",
        "input (one `error:` line), 1 anything else, 130 when interrupted (Ctrl-C).",
        "",
        "An option may be given once: given twice (`--points 5 --points 7`) it is",
        "refused, since only one value could be used. `--set` (and any option whose",
        "help says it may be repeated) is the exception. An alias given with the",
        "option it stands for is refused too: `tipping --unique --goal breaks`",
        "(`--unique` is `--goal unique`). An empty SCENARIO or GAME argument is",
        "refused; only a missing one means the default.",
        "",
    ]
    commands = group.commands  # type: ignore[attr-defined]
    for name in sorted(commands):
        command = commands[name]
        lines += [f"## `stability {name}`", "", _first_paragraph(command.help), ""]
        for paragraph in _rest(command.help):
            lines += [paragraph, ""]
        params = [p for p in command.params if p.name != "help"]
        if params:
            lines += ["| argument or option | meaning |", "| --- | --- |"]
            lines += [_option_row(p) for p in params]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference())
