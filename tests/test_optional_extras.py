"""Every command of the README's table works on the core install (`pip install .`).

The optional extras (SALib, Dask, pandas, pygambit, selenium) are simulated missing
in a subprocess by setting ``sys.modules[name] = None``, which makes their import
fail as it does where they are not installed. Issue 25 item 2.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The optional extras, each blocked the way a missing install fails.
EXTRAS = ("SALib", "dask", "distributed", "pandas", "pygambit", "selenium")

#: One invocation per command of the README's table, on small bundled inputs.
COMMANDS = {
    "analyze": ["analyze", "two-allies"],
    "tipping": ["tipping", "two-allies", "--target", "Betrayal"],
    "path": ["path", "two-allies", "--target", "Alliance", "--from", "Split"],
    "sweep": ["sweep", "two-allies", "--x", "threat", "--points", "5"],
    "robustness": ["robustness", "two-allies", "--samples", "200"],
    "select": ["select", "two-allies", "--starts", "50"],
    "durability": ["durability", "two-allies"],
    "graph": ["graph", "two-allies", "--out", "{tmp}/graph.svg"],
    "report": ["report", "two-allies", "--out", "{tmp}/report.md", "--samples", "200"],
    "explore": ["explore", "two-allies", "--out", "{tmp}/explore.html"],
    "solve": ["solve", "battle-of-the-sexes"],
    "list": ["list"],
    "states": ["states", "prisoners-dilemma"],
    "gmcr": ["gmcr", "elmira"],
    "dominance": ["dominance", "prisoners-dilemma"],
    "repeated": ["repeated", "prisoners-dilemma", "--cooperate", "Cooperate,Cooperate"],
    "explain": ["explain", "battle-of-the-sexes"],
    "exercise": ["exercise", "--seed", "1"],
    "validate": ["validate", "games/chicken.nfg"],
    "convert": ["convert", "games/chicken.nfg", "{tmp}/chicken.json"],
    "check": ["check", "two-allies"],
    "coalitions": ["coalitions", "two-allies"],
}

DRIVER = """
import contextlib, io, json, sys
for name in {extras!r}:
    sys.modules[name] = None
from stability.cli.app import main
codes = {{}}
for key, argv in json.loads(sys.argv[1]).items():
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            codes[key] = [main(argv), err.getvalue()[-400:]]
        except SystemExit as stop:
            codes[key] = [stop.code, err.getvalue()[-400:]]
print(json.dumps(codes))
"""


def readme_commands() -> dict[str, str | None]:
    """Each command of the README's table, with the extra its row says it needs."""
    table = (ROOT / "README.md").read_text(encoding="utf-8")
    found: dict[str, str | None] = {"convert": None}
    for line in table.splitlines():
        row = re.match(r"\| `stability (\w+)", line)
        if row:
            needs = re.search(r"needs the `(\w+)` extra", line)
            found[row.group(1)] = needs.group(1) if needs else None
    return found


def run_blocked(commands: dict[str, list[str]]) -> dict[str, list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", DRIVER.format(extras=EXTRAS), json.dumps(commands)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    codes: dict[str, list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return codes


def test_the_list_covers_the_readme_table() -> None:
    needing = {name for name, extra in readme_commands().items() if extra}
    assert needing == {"sensitivity"}
    assert set(readme_commands()) - needing <= set(COMMANDS)


def test_every_readme_command_works_without_the_extras(tmp_path: Path) -> None:
    commands = {
        key: [word.format(tmp=tmp_path) for word in argv] for key, argv in COMMANDS.items()
    }
    codes = run_blocked(commands)
    failed = {key: value for key, value in codes.items() if value[0] != 0}
    assert not failed
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    section = report.split("## Global sensitivity", 1)[1].split("\n## ", 1)[0]
    assert "Left out" in section and "SALib" in section and "[sensitivity]" in section
    assert "SALib" in str(codes["report"][1])  # said on stderr too, before the work


def test_sensitivity_says_the_extra_is_missing_before_any_work() -> None:
    codes = run_blocked({"sensitivity": ["sensitivity", "no-such-scenario"]})
    code, err = codes["sensitivity"]
    # the extra is checked first: the missing scenario is not even looked at
    assert code == 2 and "needs SALib" in str(err) and "no-such-scenario" not in str(err)
    assert str(err).count("error:") == 1


GAMBIT_TESTS = (
    "tests/test_cli_convert_validate.py",
    "tests/test_nfg.py",
    "tests/test_enummixed.py",
    "tests/test_enumpoly_gambit.py",
    "tests/test_nplayer.py",
)


def test_gambit_cross_checks_skip_with_a_reason_without_pygambit() -> None:
    """`pip install ".[test]"` has no pygambit (issue 25 item 11): the cross-checks
    against Gambit skip, saying why, and nothing else in their files is lost."""
    script = (
        "import sys; sys.modules['pygambit'] = None; import pytest; "
        "sys.exit(pytest.main(['-q', '-n', '0', '-p', 'no:cacheprovider', '-rs', "
        "'-k', 'gambit', *sys.argv[1:]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *GAMBIT_TESTS], cwd=ROOT, capture_output=True,
        text=True, timeout=900, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout[-3000:]
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    # every cross-check file is reached (none fails to import) and skips with the reason
    for name in GAMBIT_TESTS[:4]:
        assert any(name in line for line in skips), name
    assert all("pygambit" in line for line in skips)


def test_the_test_extra_needs_no_compiler() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert not any(d.startswith("pygambit") for d in extras["test"])
    assert any(d.startswith("pygambit") for d in extras["gambit"])
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '".[test,gambit]"' in ci
