"""The command line's surface: ``stability list``, every command readable at 80 columns,
the first failed concept in ``states``, ``repeated`` on a one-shot equilibrium, and
scenarios by bundled name from Python."""

from __future__ import annotations

import json
import re

import pytest

import stability
from stability.cli import common
from stability.cli.app import main
from stability.errors import InputError
from stability.io.bundled import bundled_names
from stability.io.catalogue import KINDS, bundled_catalogue

# Every command's human output at 80 columns (the arguments keep each run short).
COMMANDS_AT_80 = [
    ["analyze"],
    ["analyze", "us-turkey-ypg"],
    ["states", "mosul"],
    ["states", "prisoners-dilemma"],
    ["solve", "shapley"],
    ["solve", "jordan-matching-pennies"],
    ["dominance", "degenerate"],
    ["explain", "battle-of-the-sexes"],
    ["repeated", "prisoners-dilemma", "--cooperate", "Cooperate,Cooperate"],
    ["tipping", "mosul", "--target", "The Road to U.S. Defeat in Iraq"],
    ["sweep", "two-allies", "--x", "threat", "--points", "9"],
    ["robustness", "two-allies", "--samples", "2000"],
    ["durability", "two-allies"],
    ["durability", "mosul", "--no-sensitivity"],
    ["select", "two-allies", "--starts", "200"],
    ["path", "two-allies", "--target", "Split"],
    ["sensitivity", "two-allies", "--outcome", "Alliance", "--samples", "64"],
    ["gmcr", "elmira"],
    ["list"],
    ["exercise", "--count", "2", "--seed", "3"],
]

# A column squeezed to nothing shows as two rules side by side in a header or row.
_EMPTY_COLUMN = re.compile(r"[┃│][┃│]|┳┳|╇╇|┬┬|┼┼")
# A header cell cut short ends in "…" before its rule.
_CUT_HEADER = re.compile(r"…\s*┃")


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(common.console, "width", 80)


@pytest.mark.parametrize("args", COMMANDS_AT_80, ids=lambda a: " ".join(a[:2]))
def test_every_command_is_readable_at_80_columns(
    args: list[str], narrow: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.strip()
    for line in out.splitlines():
        assert len(line) <= 80, line
        assert not _EMPTY_COLUMN.search(line), f"a column squeezed to nothing: {line!r}"
        assert not _CUT_HEADER.search(line), f"a header cut short: {line!r}"


# -- stability list --------------------------------------------------------------------


def test_list_names_every_bundled_file_once_with_a_description() -> None:
    entries = bundled_catalogue()
    names = {e.name if e.kind != "conflicts" else e.name + ".gmcr" for e in entries}
    assert names == set(bundled_names())
    for entry in entries:
        assert entry.title, entry
        assert entry.kind in KINDS
        if entry.kind in ("games", "scenarios"):
            assert entry.source, entry
    assert {e.kind for e in bundled_catalogue("conflicts")} == {"conflicts"}


def test_list_json_equals_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--kind", "scenarios", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/list/v1"
    assert document["entries"] == [e.to_dict() for e in bundled_catalogue("scenarios")]
    assert "mosul" in [e["name"] for e in document["entries"]]


def test_list_cuts_citations_after_the_first_clause_not_at_initials() -> None:
    games = {e.name: e for e in bundled_catalogue("games")}
    assert games["prisoners-dilemma"].source.startswith("R. Axelrod (1984)")
    assert games["prisoners-dilemma"].source.endswith("chapter 1")
    assert "vol. 3" in games["degenerate"].source


def test_list_refuses_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--kind", "widgets"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown kind 'widgets'")


# -- states: the first concept a profile fails ------------------------------------------


def test_states_explains_a_weak_equilibrium_as_not_strict(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    # (Top, Left) is a Nash equilibrium but not strict (Row is indifferent to Bottom),
    # and not strong either: the explanation names the first concept it fails.
    game = Path(str(tmp_path)) / "weak.nfg"
    game.write_text(
        'NFG 1 R "weak" { "Row" "Column" } { { "Top" "Bottom" } { "Left" "Right" } }\n'
        "1 1 1 0 0 1 3 3\n",
        encoding="utf-8",
    )
    assert main(["states", str(game)]) == 0
    out = capsys.readouterr().out
    assert "(Top, Left) not strict" in out
    assert "(Top, Left) not strong" not in out


# -- repeated: a one-shot equilibrium needs no patience ---------------------------------


def test_repeated_on_a_one_shot_equilibrium_says_any_discount_factor_works(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["repeated", "prisoners-dilemma", "--cooperate", "Defect,Defect"]) == 0
    out = capsys.readouterr().out
    assert "any δ (no gain)" in out
    assert "any discount factor δ works" in out
    assert "δ ≥ 0" not in out


# -- Python: scenarios by bundled name --------------------------------------------------


def test_read_scenario_takes_bundled_names_and_sets() -> None:
    scenario = stability.read_scenario("two-allies", sets={"threat": "5/2"})
    assert scenario.title == "Two allies against a common threat"
    assert str(scenario.parameter("threat").value) == "5/2"
    assert stability.read_scenario("mosul").coalition_outcome


def test_read_scenario_warns_outside_the_range() -> None:
    with pytest.warns(UserWarning, match="threat"):
        stability.read_scenario("two-allies", sets={"threat": "1000"})


def test_read_scenario_refuses_unknown_names_listing_the_bundled_ones() -> None:
    with pytest.raises(InputError, match="bundled: .*mosul"):
        stability.read_scenario("no-such-scenario")


def test_errors_in_a_bundled_scenario_name_it_not_the_install_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["analyze", "two-allies", "--set", "nosuch=1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: two-allies")
    assert "site-packages" not in err and "/games/" not in err


# -- help texts ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["graph", "analyze", "robustness", "solve"])
def test_help_shows_metavars_without_type_tags(
    command: str, narrow: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "<bool>" not in out and "<str>" not in out
    assert "{SCENARIO}" not in out and "[[SCENARIO]]" not in out and "{GAME}" not in out
    if command == "graph":
        assert "<text>" in out


def test_reference_page_keeps_bars_inside_table_cells() -> None:
    from stability.cli.reference import reference

    assert "±F·\\|value\\|" in reference()


def test_the_product_never_cites_the_seed_file() -> None:
    # the article is cited by title and date; the seed file is not in the repository
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    word = "SEED" + ".md"
    for folder in ("stability", "games", "docs"):
        for path in (root / folder).rglob("*"):
            if path.suffix in {".py", ".md", ".toml", ".j2", ".js", ".nfg"}:
                assert word not in path.read_text(encoding="utf-8"), path
    assert word not in (root / "README.md").read_text(encoding="utf-8")


def test_every_package_is_installed() -> None:
    # pyproject lists the packages by hand: a new sub-package must be added there
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    settings = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(settings["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(root).parts)
        for init in (root / "stability").rglob("__init__.py")
    }
    assert found <= listed, found - listed
