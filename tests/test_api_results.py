"""The API's results for solve, path and sensitivity beyond ``to_dict()`` (which
tests/test_api.py compares with ``--json``): solve's result is the sequence of its
equilibria (the contract's ``eqs[0].profile``), ``client=`` reaches the cluster,
labels from files stay text in HTML, the terminal drawing is the command's output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import stability
from stability.model.game import Game
from stability.model.scenario import Scenario

ROOT = Path(__file__).parent.parent
HOSTILE = "<script>x</script> [red]y[/red]"


def test_solve_is_the_sequence_of_its_equilibria() -> None:
    game = stability.read_game("prisoners-dilemma")
    eqs = stability.solve(game, method="all")
    assert len(eqs) == 1 and eqs[0].pure and eqs[0].profile == ((0.0, 1.0), (0.0, 1.0))
    assert [e.exact for e in eqs] == [e.exact for e in eqs.equilibria]
    assert eqs[:1] == [eqs[0]] and eqs.complete
    assert eqs.solution == stability.solve_game(game, "all")
    pennies = stability.solve("matching-pennies")
    assert [[str(p) for p in m] for m in pennies[0].exact] == [["1/2", "1/2"], ["1/2", "1/2"]]


def test_solve_options_reach_the_solver() -> None:
    with pytest.raises(stability.InputError, match="method"):
        stability.solve("prisoners-dilemma", method="no-such-method")
    pure = stability.solve("battle-of-the-sexes", "pure")
    assert [e.pure for e in pure] == [True, True]
    assert stability.solve("mosul", "pure", time_limit=60).to_dict()["complete"] is True


def test_sensitivity_repeats_with_the_default_seed() -> None:
    """The bootstrap intervals too (SALib draws from the global state for seed 0)."""
    first = stability.sensitivity("two-allies", samples=64, trajectories=2)
    second = stability.sensitivity("two-allies", samples=64, trajectories=2)
    assert first.to_dict() == second.to_dict()


def test_sensitivity_sends_its_work_to_the_client() -> None:
    pytest.importorskip("distributed")

    class Cluster:
        submitted = 0

        def scheduler_info(self) -> dict[str, Any]:
            return {"workers": {}}

        def cancel(self, futures: Any) -> None:
            pass

        def submit(self, *args: Any, **kwargs: Any) -> Any:
            Cluster.submitted += 1
            raise RuntimeError("on the cluster")

    with pytest.raises(RuntimeError, match="on the cluster"):
        stability.sensitivity("two-allies", samples=8, trajectories=2, client=Cluster())
    assert Cluster.submitted == 1


def test_sensitivity_needs_an_outcome() -> None:
    with pytest.raises(stability.InputError, match="--outcome"):
        stability.sensitivity(read_hostile(coalition=False), samples=8)


def read_hostile(*, coalition: bool = True) -> Scenario:
    """Two allies with a title, an actor label and an outcome name that are markup."""
    text = (ROOT / "games" / "two-allies.toml").read_text(encoding="utf-8")
    text = text.replace('title = "Two allies against a common threat"', f'title = "{HOSTILE}"')
    text = text.replace('label = "A"', f'label = "{HOSTILE} A"')
    text = text.replace('"Split"', '"<b>Split</b> [bold]z[/bold]"')
    if not coalition:
        text = text.replace('coalition_outcome = "Alliance"\n', "")
    from stability.io.scenario import parse_scenario

    return parse_scenario(text, "hostile.toml")


def escaped(html: str) -> None:
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "[red]y[/red]" in html


def test_labels_are_text_in_html() -> None:
    game = Game.from_payoffs(
        [[[1, 0], [0, 1]], [[1, 0], [0, 1]]],
        title=HOSTILE,
        players=["<i>P1</i>", "[b]P2[/b]"],
        strategies=[["<script>", "B"], ["C", "D"]],
    )
    html = stability.solve(game, "all")._repr_html_()
    escaped(html)
    assert "&lt;i&gt;P1&lt;/i&gt;" in html and "[b]P2[/b]" in html
    scenario = read_hostile()
    paths = stability.path(scenario, "<b>Split</b> [bold]z[/bold]")
    escaped(paths._repr_html_())
    assert "&lt;b&gt;Split&lt;/b&gt; [bold]z[/bold]" in paths._repr_html_()
    escaped(stability.sensitivity(scenario, samples=8, trajectories=2)._repr_html_())
