"""``stability coalitions`` along the timeline and the combined shift: the fast exact
sweep pinned on Mosul and checked against the scenario's own evaluation, and the
branch and bound's minimum checked against an exhaustive grid."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from stability import read_scenario
from stability.analysis.coalitions import CONCEPTS, coalition_analysis
from stability.analysis.coalitions.shift import combined_shifts
from stability.analysis.coalitions.study import coalition_study
from stability.analysis.coalitions.thresholds import parameter_sweep, timeline_sweep
from stability.analysis.tipping.lp import distance
from stability.model.joint import joint_game

# Mosul's timeline as the exact sweep found it before it was made fast (19.6 s then):
# per structure, per concept, where it is stable (every other one: never).
MOSUL_TIMELINE = {
    "{United States, Iran, Militias} {Islamic State}": {"contractual": "(12, 44/3)"},
    "{United States, Iran} {Militias} {Islamic State}": {
        "contractual": "(12, 44/3) (24, 48]", "core": "(24, 48]", "farsighted": "(24, 48]",
        "individual": "(24, 48]", "nash": "(24, 48]"},
    "{United States} {Iran, Islamic State} {Militias}": dict.fromkeys(CONCEPTS, "[39/2, 39/2]"),
    "{United States} {Iran} {Militias} {Islamic State}": {
        "contractual": "[0, 48]", "core": "[0, 48]", "farsighted": "[0, 48]",
        "individual": "[0, 48]", "nash": "[0, 12] [44/3, 48]"},
}


def _stretches(document: dict) -> dict[str, dict[str, str]]:
    out = {}
    for item in document["structures"]:
        found = {
            concept: " ".join(
                ("[" if i["low_closed"] else "(") + i["low"] + ", " + i["high"]
                + ("]" if i["high_closed"] else ")")
                for i in value["stable"]
            )
            for concept, value in item["concepts"].items() if value["stable"]
        }
        if found:
            out[item["structure"]] = found
    return out


def test_mosul_timeline_is_pinned() -> None:
    study = coalition_study(read_scenario("mosul"), timeline=True)
    sweep = study.to_json()["sweeps"][0]
    assert sweep["pieces"] == 399
    assert _stretches(sweep) == MOSUL_TIMELINE
    # who moves first from the coalition to "The Road to U.S. Defeat in Iraq"
    movers = [(("[" if i["low_closed"] else "(") + i["low"] + ", " + i["high"]
               + ("]" if i["high_closed"] else ")"), i["movers"]) for i in sweep["first_movers"]]
    assert movers == [("[0, 24]", None), ("(24, 48)", ["Militias"]), ("[48, 48]", None)]


@pytest.mark.parametrize("name", ["mosul", "us-turkey-ypg"])
def test_fast_sweep_equals_the_scenarios_own_evaluation(name: str) -> None:
    # every twelfth piece's verdicts against the analysis of the scenario at that time
    scenario = read_scenario(name)
    study = coalition_study(scenario)
    assert study.source is not None and study.target is not None
    ends = (study.source, study.target)
    sweeps = [timeline_sweep(scenario, rule="pessimistic", transferable=False, chain=ends)]
    sweeps.append(parameter_sweep(scenario, scenario.parameters[0].name, rule="optimistic",
                                  transferable=True))
    for k, sweep in enumerate(sweeps):
        rule = "pessimistic" if k == 0 else "optimistic"
        for piece in sweep.pieces[::12]:
            assert piece.point is not None and piece.verdicts is not None
            if sweep.variable == "t":
                game = joint_game(scenario.at_time(piece.point, exact=False))
            else:
                game = joint_game(scenario, {sweep.variable: piece.point})
            slow = coalition_analysis(game, rule=rule, transferable=k == 1)
            for concept in CONCEPTS:
                assert piece.verdicts[concept].tolist() == slow.verdicts[concept].tolist(), (
                    name, sweep.variable, piece.point, concept)
            if k == 0:
                chain = slow.chain(*ends)
                marks = piece.verdicts["first_movers"].tolist()
                if chain is None:
                    assert marks == [-1] * len(marks)
                else:
                    first = [0] * len(marks)
                    for i in (chain[0].group if hasattr(chain[0], "group")
                              else (chain[0].actor,)):
                        first[i] = 1
                    assert marks == first, (name, piece.point)


def test_a_proven_combined_shift_beats_every_grid_point() -> None:
    # two-allies: the split {Alpha} {Beta} at the defaults is unstable; the proven least
    # shift must be no farther than any point of an exact grid where it is stable
    scenario = read_scenario("two-allies")
    study = coalition_study(scenario, parameters=["all"], target="Alpha|Beta")
    assert study.target is not None
    concepts = [c for c, _ in study.combined]
    assert concepts, "the split is unstable at the defaults"
    found = combined_shifts(scenario, study.sweeps, study.target, concepts,
                            rule="pessimistic", transferable=False)
    names = [p.name for p in scenario.parameters]
    grids = []
    for p in scenario.parameters:
        low, high = p.range
        grids.append([low + (high - low) * Fraction(k, 8) for k in range(9)])
    for concept in concepts:
        shift = found[concept]
        assert shift is not None and shift.proven
        # the point given is stable, exactly, at the distance stated
        check = coalition_analysis(joint_game(scenario, shift.values))
        assert check.verdicts[concept][study.target]
        assert distance(scenario, shift.values) == shift.point_distance >= shift.distance
        for point in itertools.product(*grids):
            values = dict(zip(names, point, strict=True))
            if distance(scenario, values) >= shift.distance:
                continue
            analysis = coalition_analysis(joint_game(scenario, values))
            assert not analysis.verdicts[concept][study.target], (concept, values)
