"""Timelines that follow play ([timeline.play]): the equilibrium path, piece by piece,
on small hand-built scenarios with known piecewise answers.

tests/data/play-race.toml (two allies; progress grows at 1 while the alliance holds,
at split_effort = 1/4 once it has split; threat = max(0, 3 - progress)):
the alliance holds while threat >= 1 + dispute = 2, i.e. until progress 1, t = 1;
Alpha then defects and Beta follows; the threat reaches 0 (progress 3) at
t = 1 + (3 - 1)/(1/4) = 9. Ignoring play (progress = t) the end would be t = 3.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.durability import durability_v2_document, timeline_durability
from stability.analysis.play_path import Move, played_path
from stability.cli.app import main
from stability.errors import InputError
from stability.io.scenario import parse_scenario, read_scenario

DATA = Path(__file__).parent / "data"
RACE = read_scenario(DATA / "play-race.toml")
CYCLE = read_scenario(DATA / "play-cycle.toml")


def test_the_race_follows_the_path_played() -> None:
    assert RACE.timeline is not None and RACE.timeline.follows_play
    path = played_path(RACE, "Alliance")
    assert path.settled
    first, second = path.pieces
    assert (first.start, first.stop, first.outcomes, first.rate) == (0, 1, ("Alliance",), 1)
    assert (second.start, second.stop, second.outcomes) == (1, 24, ("Split",))
    assert second.rate == sympy.Rational(1, 4) and second.state_at_start == 1
    assert second.moves == (
        Move("Alpha", "Cooperate", "Defect"),
        Move("Beta", "Cooperate", "Defect"),
    )
    assert second.state_at(sympy.Integer(9)) == 3  # the enemy's strength is gone
    result = timeline_durability(RACE, sensitivity=False)
    assert result.end is not None and result.end.value == 9
    assert result.breaks is not None and result.breaks.value == 1 and result.holds_at_break
    assert (result.verdict, result.margin and result.margin.value) == ("breaks first", -8)


@pytest.mark.parametrize(
    ("split_effort", "end"),
    [("1/2", 5), ("1", 3), ("1/8", 17)],
)
def test_the_end_depends_on_how_the_broken_coalition_fights(split_effort: str, end: int) -> None:
    """end = 1 + 2 / split_effort: the slower the split allies, the later the end."""
    scenario = RACE.with_values({"split_effort": Fraction(split_effort)})
    result = timeline_durability(scenario, sensitivity=False)
    assert result.end is not None and result.end.value == end
    assert result.breaks is not None and result.breaks.value == 1


def test_a_play_state_that_never_ends_the_campaign() -> None:
    """split_effort 0: progress stops at 1 when the alliance breaks, the threat stays
    at 2, and the campaign never ends: breaks first, margin 1 - 24 at most."""
    result = timeline_durability(RACE.with_values({"split_effort": 0}), sensitivity=False)
    assert result.end is None and result.verdict == "breaks first"
    assert result.margin is not None and result.margin.value == -23 and result.margin_at_most


@settings(max_examples=25, deadline=None)
@given(threat=st.integers(3, 10), dispute=st.integers(0, 2), effort=st.integers(1, 8))
def test_race_matches_the_hand_formula(threat: int, dispute: int, effort: int) -> None:
    """Alliance until progress threat - 1 - dispute (t the same); then progress at
    effort/8 until it reaches threat: end = b + (threat - b)/(effort/8) with
    b = threat - 1 - dispute (when that is within the horizon)."""
    values = {"threat": threat, "dispute": dispute, "split_effort": Fraction(effort, 8)}
    result = timeline_durability(RACE.with_values(values), sensitivity=False)
    breaks = threat - 1 - dispute
    end = breaks + (threat - breaks) / Fraction(effort, 8)
    assert result.breaks is not None and result.breaks.value == breaks
    if end <= 24:
        assert result.end is not None and result.end.value == sympy.Rational(end)
        assert result.margin is not None and result.margin.value == breaks - sympy.Rational(end)
    else:
        assert result.end is None


def test_a_path_that_reaches_no_equilibrium_stops() -> None:
    """tests/data/play-cycle.toml: calm until t = 1/3, then matching pennies."""
    assert CYCLE.timeline is not None and CYCLE.timeline.play is not None
    assert not CYCLE.timeline.follows_play  # the same rate whatever is played
    path = played_path(CYCLE, "Calm")
    assert not path.settled
    [piece] = path.pieces
    assert (piece.start, piece.stop) == (0, sympy.Rational(1, 3))
    result = timeline_durability(CYCLE, sensitivity=False)
    assert result.breaks is not None and result.breaks.value == sympy.Rational(1, 3)
    document = durability_v2_document(result)
    assert document["path"] == json.loads(json.dumps(document["path"]))
    assert document["follows_play"] is False
    assert document["path"]["settled"] is False  # type: ignore[index]


def test_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["durability", str(DATA / "play-race.toml"), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["follows_play"] is True
    pieces = document["path"]["pieces"]
    assert [(p["from_exact"], p["to_exact"], p["rate_exact"]) for p in pieces] == [
        ("0", "1", "1"),
        ("1", "24", "1/4"),
    ]
    assert pieces[1]["profile"] == {"Alpha": "Defect", "Beta": "Defect"}
    assert pieces[1]["state_from_exact"] == "1" and pieces[1]["state_to_exact"] == "27/4"
    assert [m["actor"] for m in pieces[1]["moves"]] == ["Alpha", "Beta"]
    assert document["end"]["exact"] == "9" and document["margin_exact"] == "-8"
    assert main(["durability", str(DATA / "play-race.toml"), "--no-sensitivity"]) == 0
    text = " ".join(capsys.readouterr().out.split())  # unwrapped
    assert "t in [1, 24] periods: Split (progress rate 0.25)" in text
    assert "under the path played: t = 9 periods" in text


def test_old_timelines_have_no_path() -> None:
    two = read_scenario(Path(__file__).parent.parent / "games" / "two-allies.toml")
    assert two.timeline is not None and two.timeline.play is None
    assert not two.timeline.follows_play
    result = timeline_durability(two, sensitivity=False)
    assert result.path is None and durability_v2_document(result)["path"] is None


def test_at_time_defaults_to_the_coalition_played() -> None:
    """Without a state, at_time takes the state as if the coalition were played."""
    assert RACE.at_time(2).values["threat"] == 1  # progress 2 at rate 1
    assert RACE.at_time(2, state=Fraction(1, 2)).values["threat"] == Fraction(5, 2)


BAD = [
    ('state = "t"', "timeline.play.state"),
    ('state = "threat"', "timeline.play.state"),
    ('state = "progress"\ndefault = "t"', "timeline.play.default"),
    ('state = "progress"\ndefault = 1\nrates = {Nowhere = 1}', "timeline.play.rates.Nowhere"),
    ('state = "progress"\ndefault = "progress"', "timeline.play.default"),
]


@pytest.mark.parametrize(("play", "where"), BAD)
def test_bad_play_sections_are_refused(play: str, where: str) -> None:
    text = (DATA / "play-race.toml").read_text(encoding="utf-8")
    start = text.index("\n[timeline.play]\n") + 1
    stop = text.index("\n[timeline.parameters]") + 1
    if "state =" in play and "default" not in play:
        play += "\ndefault = 1"
    broken = text[:start] + "[timeline.play]\n" + play + "\n\n" + text[stop:]
    with pytest.raises(InputError) as caught:
        parse_scenario(broken)
    assert where in str(caught.value), str(caught.value)


def test_lever_is_read() -> None:
    text = (DATA / "play-race.toml").read_text(encoding="utf-8")
    text = text.replace(
        'doc = "Strength of the common enemy."', 'doc = "x"\nlever = "the allies\' campaign"'
    )
    assert parse_scenario(text).parameter("threat").lever == "the allies' campaign"
    assert RACE.parameter("threat").lever is None
    with pytest.raises(InputError, match="lever"):
        parse_scenario(text.replace('lever = "the allies\' campaign"', "lever = 3"))


@settings(max_examples=25, deadline=None)
@given(
    a=st.integers(-8, 8),
    b=st.integers(-8, 8),
    c=st.integers(-8, 8),
    d=st.integers(1, 8),
    e=st.integers(-8, 8),
)
def test_the_fast_piecewise_route_agrees_with_the_general_solver(
    a: int, b: int, c: int, d: int, e: int
) -> None:
    """max/min/abs of linear terms: the same exact set either way."""
    from stability.analysis.piecewise_time import PiecewiseLinearSolver
    from stability.analysis.time_sets import TimeSolver
    from stability.model.scenario import TIME

    expression = (
        a * sympy.Max(0, b - TIME / d) / 4 + c * sympy.Min(1, TIME - e) - sympy.Abs(TIME - d) / 2
    )
    fast = PiecewiseLinearSolver(Fraction(12)).nonnegative(expression)
    general = TimeSolver(Fraction(12)).nonnegative(expression)
    assert fast == general
