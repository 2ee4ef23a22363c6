"""The ``stability coalitions`` study: the analysis, the scenario's outcomes as structures,
the chain from the coalition to the target, sweeps along parameters or the timeline, and
its JSON document ``stability/coalitions/v1``.

>>> from stability.io.scenario import read_scenario
>>> study = coalition_study(read_scenario("games/two-allies.toml"))
>>> document = study.to_json()
>>> document["schema"], document["stable"]["core"]
('stability/coalitions/v1', ['{Alpha, Beta}'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from stability.analysis.coalitions.concepts import CONCEPT_NAMES, CONCEPTS
from stability.analysis.coalitions.evaluate import CoalitionAnalysis, coalition_analysis
from stability.analysis.coalitions.moves import ActorMove, GroupMove, Move, movers
from stability.analysis.coalitions.partitions import bell
from stability.analysis.coalitions.preferences import (
    NO_EQUILIBRIUM_TEXT,
    RULE_TEXT,
    RankingRule,
)
from stability.analysis.coalitions.scenario import (
    OutcomeStructure,
    default_source,
    default_target,
    outcome_structures,
    resolve_structure,
)
from stability.analysis.coalitions.shift import CombinedShift, combined_shifts
from stability.analysis.coalitions.thresholds import (
    VariableSweep,
    parameter_sweep,
    timeline_sweep,
)
from stability.errors import InputError
from stability.model.exact import exact_string, format_fraction
from stability.model.game import Game, game_header
from stability.model.joint import named_game
from stability.model.scenario import Scenario

SCHEMA = "stability/coalitions/v1"

EQUILIBRIUM_TEXT = {
    False: "a profile is an equilibrium of a structure when no coalition of the structure "
    "can change its members' strategies so that every member gains strictly (Hart and "
    "Kurz 1983; Ray and Vohra 1997)",
    True: "a profile is an equilibrium of a structure when no coalition of the structure "
    "can change its members' strategies so that their summed payoff rises (transferable "
    "utility)",
}

CONCEPT_TEXT = {
    "core": "no group gains, every member strictly, by forming a coalition of its own while "
    "the other coalitions stay as they are minus its members (Hart and Kurz 1983, delta model)",
    "nash": "no actor gains by moving to another coalition or going alone (Bogomolnaia and "
    "Jackson 2002)",
    "individual": "no actor gains by a move to which no member of the coalition it joins "
    "objects (Bogomolnaia and Jackson 2002)",
    "contractual": "no actor gains by a move to which neither the coalition it joins nor the "
    "one it leaves objects (Bogomolnaia and Jackson 2002)",
    "farsighted": "in Chwe's largest consistent set (1994): moves are judged by where the "
    "chain of moves that follows ends (groups regroup among themselves, Diamantoudi and Xue "
    "2003)",
}

SAMPLE_TEXT = (
    "only the structures drawn uniformly at random are listed; each one's core, Nash, "
    "individual and contractual verdicts are exact (every structure one move away was "
    "evaluated too); the farsighted verdict of the whole game needs every structure and is "
    "null (what the draw says about it is under sample.farsighted), and the outcomes' "
    "structures and the chain are not computed"
)


def sampled_farsighted_text(analysis: CoalitionAnalysis) -> str | None:
    """What the draw says about Chwe's largest consistent set, generated from the result
    (``None`` without a draw)."""
    if analysis.rows is None:
        return None
    drawn = len(analysis.rows)
    found = analysis.sampled_farsighted
    if found is None:
        return (f"Farsighted stability is not computed for the {drawn:,} drawn structures: "
                f"{analysis.sampled_farsighted_note}.")
    proven = int(found.proven.sum())
    restricted = int((found.restricted & ~found.proven).sum())
    return (
        f"Farsighted (Chwe's largest consistent set) from the draw: {proven} of the "
        f"{drawn:,} drawn structures are proven in the whole game's largest consistent set "
        "(they form a set consistent in the whole game: no move out of the draw, every move "
        "deterred within the set; the largest consistent set contains every consistent set); "
        f"{restricted} more are in the largest consistent set of the game restricted to the "
        "drawn structures (moves and chains among them only), which proves nothing about the "
        "whole game; no drawn structure is proven outside it. "
        f"{found.escaping:,} of the {drawn:,} have a regrouping (of {found.regroupings:,} "
        "each) that leads to a structure not drawn."
    )

COVERED_TEXT = (
    "one variable at a time (each parameter over its range, the others at their values; "
    "or time over the timeline), exactly; shifts of several parameters at once: "
    "combined_shift, the least range-normalised L1 shift, by exact linear programmes and a "
    "branch and bound whose claim (proven minimal or not) each answer states"
)


@dataclass(frozen=True, eq=False)
class CoalitionStudy:
    """Everything ``stability coalitions`` reports (see the module)."""

    analysis: CoalitionAnalysis
    scenario: Scenario | None = None
    outcomes: tuple[OutcomeStructure, ...] = ()
    source: int | None = None
    target: int | None = None
    source_label: str | None = None
    target_label: str | None = None
    chain: tuple[Move, ...] | None = None
    time: Fraction | None = None
    sweeps: tuple[VariableSweep, ...] = field(default=())
    combined: tuple[tuple[str, CombinedShift | None], ...] = ()

    @property
    def game(self) -> Game:
        return self.analysis.game

    def first_movers(self) -> tuple[str, ...]:
        """Who moves first on the chain (empty without a chain or when it is empty)."""
        if not self.chain:
            return ()
        return tuple(self.analysis.names[i] for i in movers(self.chain[0]))

    def smallest_shifts(self) -> dict[str, dict[str, Any] | None]:
        """Per concept, the one-parameter change nearest the baseline (relative to the
        parameter's range) that makes the target structure stable."""
        out: dict[str, dict[str, Any] | None] = {}
        if self.target is None:
            return out
        for concept in CONCEPTS:
            best: dict[str, Any] | None = None
            for sweep in self.sweeps:
                if sweep.variable == "t":
                    continue
                width = sweep.high - sweep.low
                for low, high, _, _ in sweep.stable_set(concept, self.target):
                    base = sympy.Rational(sweep.baseline.numerator, sweep.baseline.denominator)
                    if low <= base <= high:
                        nearest: sympy.Expr = base
                    else:
                        nearest = low if base < low else high
                    distance = abs(nearest - base) / (
                        sympy.Rational(width.numerator, width.denominator) if width else 1
                    )
                    if best is None or distance < best["_distance"]:
                        best = {
                            "parameter": sweep.variable,
                            "value": float(nearest),
                            "exact": exact_string(nearest),
                            "baseline": format_fraction(sweep.baseline),
                            "share_of_range": float(distance),
                            "already_stable": bool(distance == 0),
                            "_distance": distance,
                        }
            if best is not None:
                best.pop("_distance")
            out[concept] = best
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``stability/coalitions/v1`` document."""
        return study_json(self)


def _move_json(analysis: CoalitionAnalysis, move: Move) -> dict[str, Any]:
    names = analysis.names
    if isinstance(move, ActorMove):
        return {
            "kind": "actor",
            "movers": [names[move.actor]],
            "leaves": [names[j] for j in move.leaves],
            "joins": [names[j] for j in move.joins],
            "target": analysis.structure_text(move.target),
            "gains": [None if move.gain is None else float(move.gain)],
            "exact_gains": [None if move.gain is None else format_fraction(move.gain)],
            "welcome": move.welcome,
            "consent": move.consent,
            "text": move.describe(names),
        }
    assert isinstance(move, GroupMove)
    return {
        "kind": "group",
        "movers": [names[i] for i in move.group],
        "target": analysis.structure_text(move.target),
        "gains": [None if g is None else float(g) for g in move.gains],
        "exact_gains": [None if g is None else format_fraction(g) for g in move.gains],
        "text": move.describe(names),
    }


def _structure_json(analysis: CoalitionAnalysis, s: int) -> dict[str, Any]:
    game = analysis.game
    names = analysis.names
    equilibria = []
    for profile in analysis.equilibria(s):
        payoffs = analysis.payoffs(profile)
        equilibria.append(
            {
                "profile": list(profile),
                "strategies": [game.strategies[i][k] for i, k in enumerate(profile)],
                "payoffs": [float(v) for v in payoffs],
                "exact_payoffs": [format_fraction(v) for v in payoffs],
            }
        )
    values = {}
    for i, name in enumerate(names):
        worst, best = analysis.value(i, s)
        values[name] = {
            "worst": None if worst is None else format_fraction(worst),
            "best": None if best is None else format_fraction(best),
        }
    return {
        "index": s,
        "text": analysis.structure_text(s),
        "coalitions": [[names[i] for i in group] for group in analysis.structures.coalitions(s)],
        "equilibria": equilibria,
        "values": values,
        "stable": {c: analysis.stable(c, s) for c in CONCEPTS},
        "moves": [_move_json(analysis, m) for m in analysis.actor_moves[s]],
        "blocking_groups": [_move_json(analysis, m) for m in analysis.group_moves[s]],
    }


def _sweep_json(study: CoalitionStudy, sweep: VariableSweep) -> dict[str, Any]:
    analysis = study.analysis
    structures = []
    for s in analysis.shown():
        concepts = {}
        for concept in CONCEPTS:
            concepts[concept] = {
                "stable": [
                    {"low": exact_string(lo), "high": exact_string(hi),
                     "low_closed": lc, "high_closed": hc}
                    for lo, hi, lc, hc in sweep.stable_set(concept, s)
                ],
                "changes": [
                    {"at": float(x), "exact": exact_string(x),
                     "becomes": "stable" if now else "unstable"}
                    for x, now in sweep.changes(concept, s)
                ],
            }
        structures.append({"structure": analysis.structure_text(s), "concepts": concepts})
    names = analysis.names
    return {
        "first_movers": [
            {"low": exact_string(lo), "high": exact_string(hi), "low_closed": lc,
             "high_closed": hc, "movers": None if who is None else [names[i] for i in who]}
            for lo, hi, lc, hc, who in sweep.first_movers()
        ] if study.chain is not None or study.source is not None else None,
        "variable": sweep.variable,
        "range": [format_fraction(sweep.low), format_fraction(sweep.high)],
        "baseline": format_fraction(sweep.baseline),
        "pieces": len(sweep.pieces),
        "note": sweep.note or None,
        "structures": structures,
    }


def _sampled_farsighted_json(analysis: CoalitionAnalysis) -> dict[str, Any]:
    found = analysis.sampled_farsighted
    text = sampled_farsighted_text(analysis)
    if found is None:
        return {"computed": False, "proven": None, "restricted": None, "text": text}
    return {
        "computed": True,
        "proven": [analysis.structure_text(s) for s in analysis.shown() if found.proven[s]],
        "restricted": [analysis.structure_text(s) for s in analysis.shown()
                       if found.restricted[s]],
        "escaping": found.escaping,
        "regroupings": found.regroupings,
        "text": text,
    }


def study_json(study: CoalitionStudy) -> dict[str, Any]:
    """The ``stability/coalitions/v1`` document of a study."""
    analysis = study.analysis
    chain: dict[str, Any] | None = None
    if study.source is not None and study.target is not None:
        chain = {
            "source": {"structure": analysis.structure_text(study.source),
                       "label": study.source_label},
            "target": {"structure": analysis.structure_text(study.target),
                       "label": study.target_label},
            "found": study.chain is not None,
            "first_movers": list(study.first_movers()),
            "moves": [_move_json(analysis, m) for m in study.chain or ()],
        }
    return {
        "schema": SCHEMA,
        "game": game_header(analysis.game),
        "actors": list(analysis.names),
        "structures_count": bell(len(analysis.names)),
        "sample": None if analysis.rows is None else {
            "drawn": len(analysis.rows), "seed": analysis.seed,
            "note": SAMPLE_TEXT,
            "farsighted": _sampled_farsighted_json(analysis),
        },
        "rule": {"name": analysis.rule, "text": RULE_TEXT[analysis.rule],
                 "no_equilibrium": NO_EQUILIBRIUM_TEXT},
        "transferable": analysis.transferable,
        "equilibrium": EQUILIBRIUM_TEXT[analysis.transferable],
        "concepts": {c: {"name": CONCEPT_NAMES[c], "definition": CONCEPT_TEXT[c]}
                     for c in CONCEPTS},
        "time": None if study.time is None else format_fraction(study.time),
        "structures": [_structure_json(analysis, s) for s in analysis.shown()],
        "stable": {c: ([analysis.structure_text(s) for s in analysis.stable_structures(c)]
                       if c in analysis.verdicts else None)
                   for c in CONCEPTS},
        "outcomes": [
            {
                "outcome": item.outcome,
                "structure": analysis.structure_text(item.structure),
                "stable": {c: analysis.stable(c, item.structure) for c in CONCEPTS},
                "structures": [
                    {"structure": analysis.structure_text(s), "profiles": [list(p) for p in ps]}
                    for s, ps in item.by_structure
                ],
            }
            for item in study.outcomes
        ],
        "chain": chain,
        "sweeps": [_sweep_json(study, sweep) for sweep in study.sweeps],
        "smallest_shift": study.smallest_shifts() if study.sweeps else None,
        "combined_shift": (
            {c: (None if s is None else s.to_json(study.scenario)) for c, s in study.combined}
            if study.combined and study.scenario is not None else None
        ),
        "covered": COVERED_TEXT if study.sweeps else None,
    }


def coalition_study(
    subject: Scenario | Game,
    *,
    game: str | None = None,
    rule: RankingRule = "pessimistic",
    transferable: bool = False,
    time: Fraction | None = None,
    source_structure: str | None = None,
    target: str | None = None,
    timeline: bool = False,
    parameters: Sequence[str] = (),
    limit: int | None = None,
    seed: int = 0,
) -> CoalitionStudy:
    """Run the whole study on a scenario (its values as given) or a game.

    ``game`` picks a scenario's game (default: the joint one); ``time`` evaluates the
    scenario's timeline at ``t``; ``timeline`` sweeps it; ``parameters`` names
    parameters to sweep (``["all"]``: every one); ``source_structure`` and ``target``
    (an outcome's name or ``A+B|C``) are the chain's ends (defaults: the coalition
    outcome and the first other outcome); ``limit`` draws that many structures at
    random (``seed``) instead of all (see :func:`~.evaluate.coalition_analysis`).
    """
    scenario: Scenario | None = None
    if isinstance(subject, Game):
        the_game = subject
        if time is not None:
            raise InputError("--time needs a scenario with a timeline", item="--time")
    else:
        scenario = subject
        if time is not None:
            if scenario.timeline is None:
                raise InputError("this scenario has no timeline", item="--time")
            scenario = scenario.at_time(time, exact=False)
        the_game = named_game(scenario, game)
    analysis = coalition_analysis(
        the_game, rule=rule, transferable=transferable, limit=limit, seed=seed
    )
    joint = scenario is not None and (game is None or game == "joint")
    if analysis.sampled:
        for option, given in (("--timeline", timeline), ("--tipping", parameters),
                              ("--from", source_structure), ("--target", target)):
            if given:
                raise InputError(f"{option} needs every structure: not with a --limit below "
                                 "the number of structures", item=option)
        return CoalitionStudy(analysis, scenario, time=time)
    if not joint:
        if timeline or parameters:
            raise InputError("sweeps need a scenario's joint game", item="--timeline")
        return CoalitionStudy(analysis, time=time)
    assert scenario is not None
    outcomes = tuple(outcome_structures(scenario, analysis))
    source_label = source_structure or default_source(scenario)
    target_label = target or default_target(scenario)
    start = end = None
    chain: tuple[Move, ...] | None = None
    if source_label is not None and target_label is not None:
        start = resolve_structure(source_label, scenario, analysis, "--from")
        end = resolve_structure(target_label, scenario, analysis, "--target")
        found = analysis.chain(start, end)
        chain = None if found is None else tuple(found)
    sweeps: list[VariableSweep] = []
    ends = None if start is None or end is None else (start, end)
    if timeline:
        if time is not None:
            raise InputError("--time and --timeline: give one of them", item="--timeline")
        sweeps.append(timeline_sweep(scenario, rule=rule, transferable=transferable,
                                     chain=ends))
    names = [p.name for p in scenario.parameters] if list(parameters) == ["all"] else parameters
    for name in names:
        try:
            scenario.parameter(name)
        except KeyError:
            known = ", ".join(p.name for p in scenario.parameters)
            raise InputError(f"unknown parameter {name!r} (expected one of: {known})",
                             item="--tipping") from None
        sweeps.append(parameter_sweep(scenario, name, rule=rule, transferable=transferable,
                                      chain=ends))
    combined: list[tuple[str, CombinedShift | None]] = []
    if end is not None and any(sweep.variable != "t" for sweep in sweeps):
        unstable = [c for c in CONCEPTS if not analysis.verdicts[c][end]]
        shifts = combined_shifts(scenario, sweeps, end, unstable, rule=rule,
                                 transferable=transferable)
        combined = [(c, shifts[c]) for c in unstable]
    return CoalitionStudy(
        analysis, scenario, outcomes, start, end, source_label, target_label, chain, time,
        tuple(sweeps), tuple(combined),
    )
