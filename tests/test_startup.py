"""Start-up stays light: ``import stability``, ``stability --help`` and ``--version``
import no heavy library, and the help that lists the commands without loading them
says what the commands themselves say.

Each check starts a fresh interpreter and looks at ``sys.modules`` (no timing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stability.cli.app import COMMANDS, SUMMARIES, _load, summary

ROOT = Path(__file__).resolve().parent.parent

#: Libraries that take tenths of a second to import each; none is needed to start.
HEAVY = ("matplotlib", "scipy.stats", "SALib", "dask", "pandas", "pygambit", "sympy")

#: Prints the heavy modules loaded after running ``CODE`` (set by the caller).
PROBE = """
import json, sys
{code}
sys.stdout.flush()
heavy = {heavy!r}
print("\\nLOADED " + json.dumps(sorted(m for m in sys.modules if m in heavy)))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="80", TERM="dumb")
    env.pop("FORCE_COLOR", None)
    return env


def _loaded(code: str) -> list[str]:
    script = PROBE.format(code=code, heavy=HEAVY)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=_env(), check=True
    ).stdout
    line = out.rstrip().rsplit("\n", 1)[-1]
    assert line.startswith("LOADED "), out
    return list(json.loads(line.removeprefix("LOADED ")))


RUN = "from stability.cli.app import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass"


@pytest.mark.parametrize(
    "code",
    [
        "import stability",
        "import stability.cli.app",
        RUN.format(args=["--help"]),
        RUN.format(args=["--version"]),
        RUN.format(args=[]),
    ],
    ids=["import", "import-cli", "help", "version", "no-args"],
)
def test_start_up_imports_no_heavy_library(code: str) -> None:
    assert _loaded(code) == []


def test_solving_a_two_player_game_needs_no_algebra_or_plots() -> None:
    loaded = _loaded(RUN.format(args=["solve", "prisoners-dilemma"]))
    assert loaded == []


def test_summaries_cover_the_commands() -> None:
    assert set(SUMMARIES) == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_summary_is_the_commands_first_paragraph(name: str) -> None:
    """``stability --help`` lists SUMMARIES: each must be what the command says."""
    assert SUMMARIES[name] == summary(_load(name).help), (
        f"SUMMARIES[{name!r}] in stability/cli/app.py differs from the first paragraph "
        f"of the docstring of stability.cli.{name}: copy it over"
    )


def test_help_without_the_modules_is_the_help_with_them() -> None:
    """The root help of a fresh process (no command loaded) is the same text as with
    every command module loaded."""
    fresh = subprocess.run(
        [sys.executable, "-m", "stability", "--help"],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout
    loads = "".join(f"import stability.cli.{name}\n" for name in COMMANDS)
    loaded = subprocess.run(
        [sys.executable, "-c", loads + RUN.format(args=["--help"])],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout
    assert fresh == loaded
    assert all(len(line) <= 80 for line in fresh.splitlines())
    for name in COMMANDS:
        assert f"│ {name} " in fresh


def test_a_command_is_loaded_when_its_help_is_asked(capsys: pytest.CaptureFixture[str]) -> None:
    from stability.cli.app import main

    assert main(["repeated", "--help"]) == 0
    assert "grim trigger" in capsys.readouterr().out
