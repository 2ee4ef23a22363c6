"""Explanations agree with the solvers: best responses, dominance, pure and mixed equilibria.

Known answers: matching pennies and the battle of the sexes (Osborne, *An
Introduction to Game Theory*, 2004, §4.1 p. 107 and §4.7 p. 121-122); the
prisoner's dilemma is dominance solvable (Osborne 2004, §2.9 p. 45).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import two_player_games as bimatrix_games

from stability.analysis.explain import (
    check_profile,
    explain_game,
    explain_scenario_game,
    iterated_strict_dominance,
    parse_profile,
)
from stability.cli.app import main
from stability.errors import InputError
from stability.model.game import Game
from stability.present.explain import (
    explanation_latex,
    explanation_markdown,
    explanation_renderable,
)
from stability.solvers import solve
from stability.solvers.pure import pure_equilibria

ROOT = Path(__file__).resolve().parent.parent

PENNIES = Game.from_payoffs(
    [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
    players=["Row", "Column"],
    strategies=[["Heads", "Tails"], ["Heads", "Tails"]],
    title="Matching pennies",
)
SEXES = Game.from_payoffs(
    [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    players=["Her", "Him"],
    strategies=[["Bach", "Stravinsky"], ["Bach", "Stravinsky"]],
    title="Battle of the sexes",
)
PD = Game.from_payoffs(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    players=["Row", "Column"],
    strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
    title="Prisoner's dilemma",
)
ASYMMETRIC = Game.from_payoffs(
    [[[3, 0], [0, 1]], [[0, 1], [1, 0]]],
    players=["Row", "Column"],
    strategies=[["Top", "Bottom"], ["Left", "Right"]],
)


def test_matching_pennies_mixes_half_half() -> None:
    explanation = explain_game(PENNIES)
    assert explanation.pure_equilibria == ()
    (mixed,) = explanation.mixed
    assert mixed.mixtures == ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2)
    assert all(step.free == () for step in mixed.steps)


def test_battle_of_the_sexes_indifference() -> None:
    # Osborne (2004) p. 121: she plays Bach with 2/3, he with 1/3
    explanation = explain_game(SEXES)
    assert explanation.pure_equilibria == ((0, 0), (1, 1))
    (mixed,) = explanation.mixed
    assert mixed.mixtures == (
        (Fraction(2, 3), Fraction(1, 3)),
        (Fraction(1, 3), Fraction(2, 3)),
    )
    text = explanation_markdown(explanation)
    assert "q·2 + (1 - q)·0 = q·0 + (1 - q)·1 ⇒ q = 1/3" in text
    assert "p·1 + (1 - p)·0 = p·0 + (1 - p)·2 ⇒ p = 2/3" in text


def test_written_example_of_the_brief() -> None:
    text = explanation_markdown(explain_game(ASYMMETRIC))
    assert "q·3 + (1 - q)·0 = q·0 + (1 - q)·1 ⇒ q = 1/4" in text


def test_prisoners_dilemma_dominance() -> None:
    steps, surviving = iterated_strict_dominance(PD)
    assert [(s.player, s.dominated, s.dominating) for s in steps] == [(0, 0, 1), (1, 0, 1)]
    assert surviving == ((1,), (1,))
    text = explanation_markdown(explain_game(PD))
    assert "Cooperate is strictly dominated by Defect" in text
    assert "dominance solvable" in text


def test_profile_check() -> None:
    check = check_profile(PD, parse_profile(PD, "Cooperate,Cooperate"))
    assert not check.is_equilibrium
    assert {d.player for d in check.profitable} == {0, 1}
    assert check_profile(PD, (1, 1)).is_equilibrium
    with pytest.raises(InputError, match="expected 2 comma-separated"):
        parse_profile(PD, "Cooperate")
    with pytest.raises(InputError, match="no strategy 'Maybe'"):
        parse_profile(PD, "Cooperate,Maybe")


def test_three_players_best_responses_per_opponents_profile() -> None:
    game = Game.from_payoffs(
        [
            [[[1, 0], [0, 0]], [[0, 0], [0, 1]]],
            [[[1, 0], [0, 0]], [[0, 0], [0, 1]]],
            [[[1, 0], [0, 0]], [[0, 0], [0, 1]]],
        ]
    )
    explanation = explain_game(game)
    assert len(explanation.best_responses) == 3 * 4
    assert explanation.pure_equilibria == tuple(pure_equilibria(game))
    assert explanation.mixed == ()
    explanation_markdown(explanation)


payoff = st.integers(min_value=-3, max_value=3)


@st.composite
def two_player_games(draw: st.DrawFn) -> Game:
    rows = draw(st.integers(min_value=2, max_value=3))
    columns = draw(st.integers(min_value=2, max_value=3))
    tables = [[[draw(payoff) for _ in range(columns)] for _ in range(rows)] for _ in range(2)]
    return Game.from_payoffs(tables)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_player_games())
def test_explanation_agrees_with_solvers(game: Game) -> None:
    explanation = explain_game(game)
    assert explanation.pure_equilibria == tuple(pure_equilibria(game))
    result = solve(game, "all")
    mixed = [e for e in result.equilibria if not e.pure]
    assert [m.equilibrium for m in explanation.mixed] == mixed
    for item in explanation.mixed:
        # the probabilities the indifference equations give are the solver's
        assert item.equilibrium.exact == item.mixtures
        if result.degenerate is False:
            assert all(step.free == () for step in item.steps)
    # dominance never removes a pure equilibrium
    for profile in explanation.pure_equilibria:
        assert all(s in r for s, r in zip(profile, explanation.surviving, strict=True))
    explanation_markdown(explanation)
    explanation_latex(explanation)


def test_renderers_produce_all_formats() -> None:
    explanation = explain_game(SEXES, profile=(0, 1))
    latex = explanation_latex(explanation)
    assert latex.startswith("\\documentclass") and "\\frac{1}{3}" in latex
    assert "\\end{document}" in latex
    from rich.console import Console

    console = Console(width=100, record=True)
    console.print(explanation_renderable(explanation))
    assert "is not an equilibrium" in console.export_text()


def test_scenario_conditions_in_parameters() -> None:
    # games/two-allies.toml: the alliance holds exactly when threat - dispute >= 1
    from stability.io.scenario import read_scenario

    scenario = read_scenario(ROOT / "games" / "two-allies.toml")
    explanation = explain_scenario_game(scenario)
    alliance = explanation.symbolic[0]
    assert alliance.profile == (0, 0) and alliance.is_equilibrium
    text = explanation_markdown(explanation)
    assert "threat ≥ dispute + 1" in text or "threat ≥ 1 + dispute" in text
    for symbolic in explanation.symbolic:
        assert symbolic.is_equilibrium == (symbolic.profile in explanation.pure_equilibria)


def test_cli_explain_text_md_latex(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    nfg = ROOT / "games" / "prisoners-dilemma.nfg"
    source = str(nfg) if nfg.exists() else "prisoners-dilemma"
    assert main(["explain", source]) == 0
    assert "Best responses" in capsys.readouterr().out
    out = tmp_path / "pd.md"
    assert main(["explain", source, "--format", "md", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Explanation")
    assert main(["explain", source, "--format", "latex"]) == 0
    assert "\\begin{document}" in capsys.readouterr().out


def test_cli_explain_profile_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = str(ROOT / "games" / "two-allies.toml")
    assert main(["explain", scenario, "--profile", "Cooperate,Cooperate", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "is a pure Nash equilibrium" in out
    assert main(["explain", scenario, "--set", "threat=1", "--profile", "Cooperate,Cooperate"]) == 0
    assert "is not an equilibrium" in capsys.readouterr().out
    assert main(["explain", scenario, "--profile", "Cooperate"]) == 2
    assert capsys.readouterr().err.startswith("error:")
    assert main(["explain", scenario, "--format", "pdf"]) == 2
    assert "error:" in capsys.readouterr().err
    assert main(["explain", scenario, "--game", "nonsense"]) == 2
    assert "error:" in capsys.readouterr().err


# -- one elimination for explain and dominance (issue: explain missed mixed dominance) --


MIXED_DOMINANCE = Game.from_payoffs(
    # Row's Bottom pays 1 against both columns; 1/2 Top + 1/2 Middle pays 3/2 against
    # both, so Bottom is strictly dominated by that mixture but by no pure strategy.
    [[[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [1, 1]]],
    players=["Row", "Column"],
    strategies=[["Top", "Middle", "Bottom"], ["Left", "Right"]],
)


def test_explain_removes_a_strategy_dominated_only_by_a_mixture() -> None:
    steps, surviving = iterated_strict_dominance(MIXED_DOMINANCE)
    assert [(s.player, s.dominated) for s in steps] == [(0, 2)]
    assert steps[0].by_mixture
    assert dict(steps[0].dominator) == {0: Fraction(1, 2), 1: Fraction(1, 2)}
    assert steps[0].margin == Fraction(1, 2)
    assert surviving == ((0, 1), (0, 1))
    text = explanation_markdown(explain_game(MIXED_DOMINANCE))
    assert "Bottom is strictly dominated by the mixture 1/2 Top + 1/2 Middle" in text
    assert "nothing is eliminated" not in text


def test_pure_only_elimination_keeps_what_only_a_mixture_dominates() -> None:
    steps, surviving = iterated_strict_dominance(MIXED_DOMINANCE, mixed=False)
    assert steps == ()
    assert surviving == ((0, 1, 2), (0, 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix_games(max_strategies=4))
def test_explain_and_dominance_agree(game: Game) -> None:
    from stability.analysis.dominance import eliminate

    steps, surviving = iterated_strict_dominance(game)
    result = eliminate(game)
    assert surviving == result.surviving
    assert [(s.player, s.dominated) for s in steps] == [
        (s.player, s.strategy) for s in result.steps
    ]
    # every step's margin is the exact smallest gain against the round's profiles
    assert all(s.margin > 0 for s in steps)


# -- degenerate games: continua are shown, not hidden behind one solved value ----------


def test_explain_degenerate_game_shows_the_continuum() -> None:
    from stability.io import read_game

    game = read_game("degenerate")  # von Stengel (2002), sec. 2.6
    explanation = explain_game(game)
    assert len(explanation.components) == 1
    ends = [m for m in explanation.mixed if m.component is not None]
    assert len(ends) == 1
    assert (1, 0, Fraction(2, 3), Fraction(1)) in ends[0].ranges
    text = " ".join(explanation_markdown(explanation).split())
    assert "end point of a continuum" in text
    assert "Left with any probability from 2/3 to 1" in text
    assert "Maximal convex sets of equilibria" in text


def test_explain_nondegenerate_game_claims_no_continuum() -> None:
    explanation = explain_game(PENNIES)
    assert explanation.components == ()
    assert all(m.component is None for m in explanation.mixed)
    assert "continuum" not in explanation_markdown(explanation)
