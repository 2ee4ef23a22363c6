"""The Python API (stability/api.py, stability/results.py): every analysis as a function
whose result's ``to_dict()`` IS the command's ``--json`` document, immutable, with a
DataFrame where the result is a table and HTML for notebooks."""

from __future__ import annotations

import builtins
import dataclasses
import json
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import games

import stability
from stability.cli.app import main
from stability.errors import InputError
from stability.io.json_game import write_json_game
from stability.model.result import AnalysisResult

# (id, the API call, the same analysis on the command line)
CASES: list[tuple[str, Callable[[], AnalysisResult], list[str]]] = [
    ("analyze", lambda: stability.analyze(), ["analyze"]),
    (
        "analyze-sets",
        lambda: stability.analyze("two-allies", sets={"threat": "3/2"}),
        ["analyze", "two-allies", "--set", "threat=3/2"],
    ),
    (
        "tipping",
        lambda: stability.tipping("two-allies", "Alliance", sets={"threat": "1/2"}),
        ["tipping", "two-allies", "--target", "Alliance", "--set", "threat=1/2"],
    ),
    (
        "tipping-unique",
        lambda: stability.tipping("two-allies", "Alliance", unique=True),
        ["tipping", "two-allies", "--target", "Alliance", "--unique"],
    ),
    (
        "sweep-1d",
        lambda: stability.sweep("two-allies", "threat=0:4", points=9),
        ["sweep", "two-allies", "--x", "threat=0:4", "--points", "9"],
    ),
    (
        "sweep-2d",
        lambda: stability.sweep("mosul", "threat", "alienation", points=7),
        ["sweep", "mosul", "--x", "threat", "--y", "alienation", "--points", "7"],
    ),
    (
        "robustness",
        lambda: stability.robustness("mosul", samples=2000, seed=3),
        ["robustness", "mosul", "--samples", "2000", "--seed", "3"],
    ),
    (
        "robustness-default-seed",
        lambda: stability.robustness("two-allies", samples=500, spread="1/2", noise=0.1),
        ["robustness", "two-allies", "--samples", "500", "--spread", "1/2", "--noise", "0.1"],
    ),
    ("durability", lambda: stability.durability("mosul"), ["durability", "mosul"]),
    (
        "durability-v1",
        lambda: stability.durability("mosul", v1=True),
        ["durability", "mosul", "--v1"],
    ),
    (
        "states",
        lambda: stability.states("prisoners-dilemma"),
        ["states", "prisoners-dilemma"],
    ),
    (
        "states-scenario",
        lambda: stability.states("mosul", only=["nash"], sets={"threat": "2"}),
        ["states", "mosul", "--only", "nash", "--set", "threat=2"],
    ),
    (
        "dominance",
        lambda: stability.dominance("prisoners-dilemma"),
        ["dominance", "prisoners-dilemma"],
    ),
    (
        "dominance-weak-pairwise",
        lambda: stability.dominance("two-allies", weak=True, game="Alpha-Beta"),
        ["dominance", "two-allies", "--weak", "--game", "Alpha-Beta"],
    ),
    (
        "repeated",
        lambda: stability.repeated("prisoners-dilemma", ["Cooperate", "Cooperate"]),
        ["repeated", "prisoners-dilemma", "--cooperate", "Cooperate,Cooperate"],
    ),
    ("gmcr", lambda: stability.gmcr("elmira"), ["gmcr", "elmira"]),
    (
        "select",
        lambda: stability.select("two-allies", starts=200, seed=2, dynamics=["logit"]),
        ["select", "two-allies", "--starts", "200", "--seed", "2", "--dynamic", "logit"],
    ),
    (
        "gmcr-coalitions-from",
        lambda: stability.gmcr("elmira", coalitions=True, status_quo=9),
        ["gmcr", "elmira", "--coalitions", "--from", "9"],
    ),
    (
        "exercise",
        lambda: stability.exercise(count=6, seed=4, level=2),
        ["exercise", "--count", "6", "--seed", "4", "--level", "2"],
    ),
    (
        "sensitivity",
        lambda: stability.sensitivity("two-allies", samples=64, seed=5, trajectories=4),
        ["sensitivity", "two-allies", "--samples", "64", "--seed", "5", "--trajectories", "4"],
    ),
    (
        "sensitivity-options",
        lambda: stability.sensitivity(
            "mosul", "The Road to U.S. Defeat in Iraq", samples=32, uniform=True,
            parameters=["threat", "alienation"], sets={"threat": "2"},
        ),
        ["sensitivity", "mosul", "--outcome", "The Road to U.S. Defeat in Iraq", "-n", "32",
         "--uniform", "-p", "threat", "-p", "alienation", "--set", "threat=2"],
    ),
    (
        "sensitivity-selected",
        lambda: stability.sensitivity(
            "two-allies", "Split", goal="selected", samples=4, trajectories=2, starts=10,
            dynamic="logit",
        ),
        ["sensitivity", "two-allies", "--outcome", "Split", "--goal", "selected", "-n", "4",
         "--trajectories", "2", "--starts", "10", "--dynamic", "logit"],
    ),
    (
        "path",
        lambda: stability.path("two-allies", "Split"),
        ["path", "two-allies", "--target", "Split"],
    ),
    (
        "path-from-sets",
        lambda: stability.path("mosul", "The Road to U.S. Defeat in Iraq", sets={"threat": "1"}),
        ["path", "mosul", "--target", "The Road to U.S. Defeat in Iraq", "--set", "threat=1"],
    ),
    (
        "path-start",
        lambda: stability.path("two-allies", "Alliance", start="Split"),
        ["path", "two-allies", "--target", "Alliance", "--from", "Split"],
    ),
    ("solve", lambda: stability.solve("battle-of-the-sexes"), ["solve", "battle-of-the-sexes"]),
    (
        "solve-degenerate-all",
        lambda: stability.solve("degenerate", "all"),
        ["solve", "degenerate", "--method", "all"],
    ),
    (
        "solve-scenario-game-sets",
        lambda: stability.solve("two-allies", method="enumerate", game="Alpha-Beta",
                                sets={"threat": "2"}),
        ["solve", "two-allies", "--method", "enumerate", "--game", "Alpha-Beta",
         "--set", "threat=2"],
    ),
    ("check", lambda: stability.check("two-allies"), ["check", "two-allies"]),
    (
        "coalitions",
        lambda: stability.coalitions("us-turkey-ypg", rule="all-must-agree",
                                     target="Kurdish corridor"),
        ["coalitions", "us-turkey-ypg", "--rule", "all-must-agree", "--target", "Kurdish corridor"],
    ),
    (
        "coalitions-game-transferable",
        lambda: stability.coalitions("prisoners-dilemma", transferable=True),
        ["coalitions", "prisoners-dilemma", "--transferable"],
    ),
    (
        "solve-three-players",
        lambda: stability.solve("mosul", method="pure", time_limit=60),
        ["solve", "mosul", "--method", "pure", "--time-limit", "60"],
    ),
]


def cli_json(capsys: pytest.CaptureFixture[str], args: list[str]) -> Any:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("call", "args"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_to_dict_is_the_cli_json(
    capsys: pytest.CaptureFixture[str], call: Callable[[], AnalysisResult], args: list[str]
) -> None:
    result = call()
    # through JSON, as the command prints it (tuples become lists, keys stay in order)
    assert json.loads(json.dumps(result.to_dict())) == cli_json(capsys, args)


def test_every_analysis_of_the_api_is_covered() -> None:
    covered = {case[2][0] for case in CASES} | {"explain", "explore"}
    assert covered == set(stability.ANALYSES)


@pytest.mark.parametrize("fmt", ["md", "latex", "text"])
def test_explain_is_the_cli_text(tmp_path: Path, fmt: str) -> None:
    """``explain`` has no JSON: its three formats are the command's files, byte for byte."""
    result = stability.explain("prisoners-dilemma")
    out = tmp_path / "explanation.txt"
    assert main(["explain", "prisoners-dilemma", "--format", fmt, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == result.to_dict()[fmt]


def test_explain_a_scenario_profile(capsys: pytest.CaptureFixture[str]) -> None:
    result = stability.explain("two-allies", profile="Cooperate,Cooperate", game="Alpha-Beta")
    args = ["explain", "two-allies", "--game", "Alpha-Beta", "--profile", "Cooperate,Cooperate"]
    assert main([*args, "--format", "md"]) == 0
    assert capsys.readouterr().out == result.markdown()
    assert "threat" in result.markdown()  # conditions in the scenario's parameters


def test_objects_and_names_give_the_same_result() -> None:
    scenario = stability.read_scenario("two-allies", sets={"threat": "3/2"})
    by_object = stability.analyze(scenario).to_dict()
    assert by_object == stability.analyze("two-allies", sets={"threat": "3/2"}).to_dict()
    game = stability.read_game("prisoners-dilemma")
    assert stability.states(game).to_dict() == stability.states("prisoners-dilemma").to_dict()


def test_sets_do_not_apply_to_a_game_object() -> None:
    game = stability.read_game("prisoners-dilemma")
    with pytest.raises(InputError, match="scenarios"):
        stability.dominance(game, sets={"threat": "1"})


def test_bad_input_is_an_input_error() -> None:
    with pytest.raises(InputError, match="Nonsense"):
        stability.repeated("prisoners-dilemma", "Nonsense,Cooperate")
    with pytest.raises(InputError, match="feasible"):
        stability.gmcr("elmira", status_quo=1000)
    with pytest.raises(InputError):
        stability.states("prisoners-dilemma", only=["bogus"])


def test_out_of_range_sets_warn() -> None:
    with pytest.warns(UserWarning, match="threat"):
        stability.analyze("two-allies", sets={"threat": "1000"})


def test_results_are_immutable() -> None:
    result = stability.dominance("prisoners-dilemma")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.game = result.game  # type: ignore[misc]
    assert dataclasses.is_dataclass(result)
    document = result.to_dict()
    document["steps"].clear()
    assert result.to_dict()["steps"]  # a fresh document each time


FRAMES: list[tuple[Callable[[], AnalysisResult], list[str], int]] = [
    (lambda: stability.analyze("two-allies"), ["outcome", "equilibrium", "balanced", "text"], 3),
    (
        lambda: stability.tipping("two-allies", "Alliance", sets={"threat": "1/2"}),
        ["parameter", "now", "threshold", "direction", "within_range", "holds_on"],
        2,
    ),
    (
        lambda: stability.sweep("two-allies", "threat=0:4", "dispute=0:1", points=3),
        ["threat", "dispute", "regime", "Alliance", "Split", "Betrayal"],
        9,
    ),
    (
        lambda: stability.robustness("two-allies", samples=100, seed=1),
        ["outcome", "count", "frequency", "ci_low", "ci_high"],
        3,
    ),
    (
        lambda: stability.durability("mosul"),
        ["outcome", "equilibrium_from", "equilibrium_until"],
        6,  # the scenario's six outcomes
    ),
    (
        lambda: stability.states("prisoners-dilemma"),
        ["Row", "Column", "payoff Row", "payoff Column", "nash", "strict", "strong",
         "coalition_proof", "gmr", "smr", "seq"],
        4,
    ),
    (
        lambda: stability.dominance("prisoners-dilemma"),
        ["round", "player", "eliminated", "dominated_by", "mixed"],
        2,
    ),
    (
        lambda: stability.repeated("prisoners-dilemma", "Cooperate,Cooperate"),
        ["player", "cooperative", "deviation", "deviation_payoff", "punishment_payoff",
         "critical_discount", "sustainable"],
        2,
    ),
    (
        lambda: stability.gmcr("elmira"),
        ["state", "nash", "gmr", "smr", "seq", "sim"],
        12,  # the bundled conflict's feasible states
    ),
    (lambda: stability.exercise(count=3), ["kind", "level", "question"], 3),
    (
        lambda: stability.sensitivity("two-allies", samples=32, trajectories=2),
        ["parameter", "index", "value", "ci_low", "ci_high"],
        6,  # two parameters vary (threat, dispute) x first, total, Morris mu*
    ),
    (
        lambda: stability.path("two-allies", "Split"),
        ["path", "step", "mover", "from", "to", "mover_gain", "improving", "outcomes",
         "equilibrium"],
        4,  # shortest and cheapest: Alpha defects (at a loss), then Beta (a gain)
    ),
    (
        lambda: stability.solve("battle-of-the-sexes", "all"),
        ["equilibrium", "player", "strategy", "payoff", "exact_payoff", "pure"],
        6,  # three equilibria x two players
    ),
]


@pytest.mark.parametrize(("call", "columns", "length"), FRAMES)
def test_to_frame_columns(
    call: Callable[[], AnalysisResult], columns: list[str], length: int
) -> None:
    frame = call().to_frame()
    assert list(frame.columns) == columns
    assert len(frame) == length


def test_to_frame_values_match_the_document() -> None:
    result = stability.robustness("two-allies", samples=300, seed=2)
    frame = result.to_frame()
    document = result.to_dict()
    assert list(frame["frequency"]) == [o["frequency"] for o in document["outcomes"]]
    states = stability.states("prisoners-dilemma").to_frame()
    nash = states[states["nash"]]
    assert list(zip(nash["Row"], nash["Column"], strict=True)) == [("Defect", "Defect")]


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    with pytest.raises(InputError, match=r"stability\[pandas\]"):
        stability.dominance("prisoners-dilemma").to_frame()


def test_to_frame_of_a_result_that_is_not_a_table() -> None:
    with pytest.raises(InputError, match="not a table"):
        stability.explain("prisoners-dilemma").to_frame()
    with pytest.raises(InputError, match="not a table"):
        stability.durability("mosul", v1=True).to_frame()


@pytest.mark.parametrize("call", [c[1] for c in CASES[:2]] + [lambda: stability.explain(
    "prisoners-dilemma")] + [c[1] for c in CASES[2:] if c[0] in (
    "tipping", "sweep-1d", "durability", "durability-v1", "states", "dominance", "repeated",
    "gmcr", "exercise", "sensitivity", "path", "solve", "solve-degenerate-all")])
def test_html_and_rich(call: Callable[[], AnalysisResult]) -> None:
    from io import StringIO

    from rich.console import Console

    result = call()
    html = result._repr_html_()
    assert html.startswith("<pre") and html.endswith("</pre>")
    assert "<span" in html or "&#" in html or len(html) > 100
    buffer = StringIO()
    Console(file=buffer, width=80).print(result)
    assert buffer.getvalue().strip()


def test_labels_are_escaped_in_html() -> None:
    """Labels from files are text: never markup, never raw HTML."""
    from stability.model.game import Game

    game = Game.from_payoffs(
        [[[1, 0], [0, 1]], [[1, 0], [0, 1]]],
        title="<b>bold</b> [red]x[/red]",
        players=["<i>P1</i>", "P2"],
        strategies=[["<script>", "B"], ["C", "D"]],
    )
    html = stability.states(game)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "[red]x[/red]" in html


def test_import_stability_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, stability; "
        "print(any(m in sys.modules for m in ('stability.api', 'pandas', 'sympy', 'scipy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert callable(stability.analyze)


# -- the same equality on inputs hypothesis draws -----------------------------------------------

fractions_in = st.builds(
    Fraction, st.integers(min_value=0, max_value=40), st.sampled_from([1, 2, 3, 4])
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(threat=fractions_in, dispute=fractions_in)
def test_analyze_and_states_equal_the_cli_at_any_values(
    capsys: pytest.CaptureFixture[str], threat: Fraction, dispute: Fraction
) -> None:
    sets = {"threat": str(threat), "dispute": str(dispute)}
    flags = [word for name, value in sets.items() for word in ("--set", f"{name}={value}")]
    with pytest.warns() if threat > 10 or dispute > 4 else _no_warning():
        analysed = stability.analyze("two-allies", sets=sets)
        profiles = stability.states("two-allies", sets=sets)
    assert analysed.to_dict() == cli_json(capsys, ["analyze", "two-allies", *flags])
    assert profiles.to_dict() == cli_json(capsys, ["states", "two-allies", *flags])


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(game=games(max_players=3, max_strategies=3))
def test_game_analyses_equal_the_cli_on_random_games(
    capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, game: Any
) -> None:
    path = tmp_path_factory.mktemp("games") / "game.json"
    path.write_text(write_json_game(game), encoding="utf-8")
    for weak in (False, True):
        flags = ["--weak"] if weak else []
        expected = cli_json(capsys, ["dominance", str(path), *flags])
        assert stability.dominance(game, weak=weak).to_dict() == expected
        assert stability.dominance(path, weak=weak).to_dict() == expected
    assert stability.states(game).to_dict() == cli_json(capsys, ["states", str(path)])


@contextmanager
def _no_warning() -> Iterator[None]:
    """A context in which a warning is an error (values inside their ranges warn nothing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_explore_is_the_page_the_command_writes(tmp_path: Path) -> None:
    """``explore`` writes a page: the API's page is the command's, byte for byte."""
    out = tmp_path / "explorer.html"
    assert main(["explore", "two-allies", "--set", "threat=2", "--out", str(out)]) == 0
    page = stability.explore("two-allies", sets={"threat": "2"})
    assert out.read_text(encoding="utf-8") == page.html()
    saved = tmp_path / "saved.html"
    assert page.save(saved) == len(page.html().encode("utf-8"))
    assert saved.read_text(encoding="utf-8") == page.html()
    assert page.to_dict()["parameters"][0]["name"] == "threat"
    frame = page._repr_html_()
    assert frame.startswith("<iframe") and "srcdoc=" in frame and "<script" not in frame
    with pytest.raises(InputError, match="html"):
        page.save(tmp_path / "page.txt")


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (lambda: stability.dominance("rock-paper-scissors"), ["dominance", "rock-paper-scissors"]),
        (lambda: stability.solve("battle-of-the-sexes"), ["solve", "battle-of-the-sexes"]),
        (lambda: stability.solve("degenerate", "all"), ["solve", "degenerate", "-m", "all"]),
        (lambda: stability.solve("mosul", "enumerate"), ["solve", "mosul", "-m", "enumerate"]),
        (
            lambda: stability.path("mosul", "The Road to U.S. Defeat in Iraq"),
            ["path", "mosul", "--target", "The Road to U.S. Defeat in Iraq"],
        ),
        (
            lambda: stability.sensitivity("two-allies", samples=64, trajectories=2),
            ["sensitivity", "two-allies", "-n", "64", "--trajectories", "2"],
        ),
        (
            lambda: stability.dominance("two-allies", weak=True, game="Alpha-Beta"),
            ["dominance", "two-allies", "--weak", "--game", "Alpha-Beta"],
        ),
        (
            lambda: stability.repeated("chicken", "Swerve,Swerve"),
            ["repeated", "chicken", "--cooperate", "Swerve,Swerve"],
        ),
        (
            lambda: stability.gmcr("elmira", coalitions=True, status_quo=9),
            ["gmcr", "elmira", "--coalitions", "--from", "9"],
        ),
        (lambda: stability.analyze("two-allies"), ["analyze", "two-allies"]),
        (lambda: stability.states("mosul"), ["states", "mosul"]),
        (
            lambda: stability.select("two-allies", starts=100),
            ["select", "two-allies", "--starts", "100"],
        ),
        (
            lambda: stability.states("chicken", only=["strong"]),
            ["states", "chicken", "--only", "strong"],
        ),
    ],
)
def test_rich_rendering_is_the_command_output(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    call: Callable[[], AnalysisResult],
    args: list[str],
) -> None:
    """Where a command draws its result with a shared renderer, a terminal shows the same."""
    from io import StringIO

    from rich.console import Console

    from stability.cli import common

    monkeypatch.setattr(common.console, "width", 90)
    capsys.readouterr()
    assert main(args) == 0
    expected = capsys.readouterr().out
    buffer = StringIO()
    Console(file=buffer, width=90, highlight=False).print(call())
    assert buffer.getvalue() == expected
