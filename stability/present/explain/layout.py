"""Laying out an :class:`~stability.analysis.explain.Explanation` as blocks, in reading
order: best responses, dominance, pure and mixed equilibria, one profile, the
conditions in terms of the parameters."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy as sp

from stability.analysis.explain import (
    BestResponses,
    Condition,
    Explanation,
    IndifferenceStep,
    MixedExplanation,
    SymbolicProfile,
    Term,
)
from stability.model.game import Game
from stability.model.symbolic import as_sympy
from stability.present.equilibria import components_lines, describe_mixture
from stability.present.explain.blocks import (
    Block,
    Cell,
    Formula,
    Heading,
    Sentence,
    expression_text,
    latex_math,
    latex_number,
    payoff_grid,
    profile_names,
)
from stability.present.text import fraction_text
from stability.present.text import number_text as _number_text


def number_text(value: Fraction) -> str:
    """An exact value in worked algebra: the fraction, with a decimal beside it when it
    is not a short decimal (``1/4``, ``2/3 ≈ 0.667``)."""
    return _number_text(value, fractions=True)


def _against(game: Game, response: BestResponses) -> str:
    others = [k for k in range(game.n_players) if k != response.player]
    names = [game.strategies[k][s] for k, s in zip(others, response.against, strict=True)]
    if len(names) == 1:
        return names[0]
    return "(" + ", ".join(names) + ")"


def _names(game: Game, player: int, strategies: Sequence[int]) -> str:
    names = [game.strategies[player][s] for s in strategies]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def explanation_blocks(explanation: Explanation) -> list[Block]:
    """The explanation as neutral blocks, in reading order."""
    game = explanation.game
    blocks: list[Block] = [Heading(f"Explanation: {game.title or 'a game'}", 1)]
    blocks.append(Sentence(game.describe() + "."))
    if explanation.parameters:
        values = ", ".join(f"{k} = {fraction_text(v)}" for k, v in explanation.parameters.items())
        blocks.append(Sentence(f"Parameters: {values}."))
    blocks.extend(_best_response_blocks(explanation))
    blocks.extend(_dominance_blocks(explanation))
    blocks.extend(_pure_blocks(explanation))
    if game.n_players == 2 and explanation.mixed is not None:
        blocks.extend(_mixed_blocks(explanation))
    if explanation.symbolic:
        blocks.extend(_symbolic_blocks(explanation))
    if explanation.profile is not None:
        blocks.extend(_profile_blocks(explanation))
    for note in explanation.notes:
        blocks.append(Sentence(f"Note: {note}"))
    return blocks


def _section(title: str, opening: str) -> list[Block]:
    """A section's heading and its opening sentence."""
    return [Heading(title), Sentence(opening)]


def _best_response_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks = _section(
        "1. Best responses",
        "For each choice of the others, a player's best response is the strategy "
        "that pays it most; best-response payoffs are marked with *.",
    )
    best = {(r.player, r.against): set(r.best) for r in explanation.best_responses}

    def cell(profile: tuple[int, ...]) -> Cell:
        values = []
        marked = []
        for i in range(game.n_players):
            against = tuple(profile[k] for k in range(game.n_players) if k != i)
            values.append(fraction_text(game.payoff(i, profile)))
            marked.append(profile[i] in best[(i, against)])
        return Cell(tuple(values), tuple(marked))

    blocks.append(payoff_grid(game, cell))
    for response in explanation.best_responses:
        player = game.players[response.player]
        chosen = _names(game, response.player, response.best)
        value = fraction_text(response.payoffs[response.best[0]])
        rest = [
            f"{game.strategies[response.player][s]} gives {fraction_text(v)}"
            for s, v in enumerate(response.payoffs)
            if s not in response.best
        ]
        verb = "is" if len(response.best) == 1 else "are (a tie)"
        plural = "s" if len(response.best) > 1 else ""
        detail = f"payoff {value}" + (f"; {', '.join(rest)}" if rest else "")
        blocks.append(
            Sentence(
                f"Against {_against(game, response)}, {player}'s best response{plural} "
                f"{verb} {chosen} ({detail})."
            )
        )
    return blocks


def _dominance_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks: list[Block] = [Heading("2. Iterated elimination of strictly dominated strategies")]
    if not explanation.dominance:
        blocks.append(
            Sentence(
                "No strategy is strictly dominated, by another pure strategy or by a "
                "mixture: nothing is eliminated."
            )
        )
        return blocks
    for number, step in enumerate(explanation.dominance, start=1):
        player = game.players[step.player]
        dominated = game.strategies[step.player][step.dominated]
        dominating = describe_mixture(
            game.strategies[step.player],
            [dict(step.dominator).get(k, Fraction(0)) for k in range(game.shape[step.player])],
        )
        if step.by_mixture:
            dominating = f"the mixture {dominating}"
        remaining = "; ".join(
            f"{game.players[i]}: {', '.join(game.strategies[i][s] for s in r)}"
            for i, r in enumerate(step.remaining)
        )
        blocks.append(
            Sentence(
                f"Step {number}: for {player}, {dominated} is strictly dominated by {dominating} "
                f"({dominating} pays at least {fraction_text(step.margin)} more against every "
                f"remaining choice of the others). Remove {dominated}. Left: {remaining}."
            )
        )
    if all(len(r) == 1 for r in explanation.surviving):
        profile = tuple(r[0] for r in explanation.surviving)
        blocks.append(
            Sentence(
                f"The game is dominance solvable: only {profile_names(game, profile)} survives, "
                "so it is the unique equilibrium."
            )
        )
    else:
        blocks.append(Sentence("No strictly dominated strategy is left."))
    return blocks


def _pure_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks = _section(
        "3. Pure equilibria",
        "A profile in which every player's strategy is a best response to the others' "
        "(every payoff in its cell marked) is a pure Nash equilibrium.",
    )
    if not explanation.pure_equilibria:
        blocks.append(Sentence("No cell has every payoff marked: there is no pure equilibrium."))
    for profile in explanation.pure_equilibria:
        payoffs = ", ".join(fraction_text(game.payoff(i, profile)) for i in range(game.n_players))
        blocks.append(Sentence(f"{profile_names(game, profile)} with payoffs ({payoffs})."))
    return blocks


def _term(term: Term, single: bool, *, latex: bool = False) -> str:
    """One ``probability·payoff`` term of an expected payoff, as text or as LaTeX."""
    payoff = latex_number(term.payoff) if latex else fraction_text(term.payoff)
    if term.payoff < 0:
        payoff = f"({payoff})"
    if single:
        return payoff
    probability = (latex_math if latex else expression_text)(term.probability)
    if not isinstance(term.probability, sp.Symbol):
        probability = f"({probability})"
    return f"{probability} \\cdot {payoff}" if latex else f"{probability}·{payoff}"


def _mixed_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks: list[Block] = [Heading("4. Mixed equilibria")]
    if explanation.degenerate:
        blocks.append(
            Sentence(
                "The game is degenerate: some mixed strategy has more best responses than "
                "the strategies it uses, so equilibria may come in continua; the extreme ones "
                "are shown."
            )
        )
    if not explanation.mixed:
        blocks.append(Sentence("There is no equilibrium in which a player mixes."))
        return blocks
    blocks.append(
        Sentence(
            "A player mixes only between strategies that pay it the same, so the other "
            "player's probabilities must make it indifferent between them."
        )
    )
    for number, mixed in enumerate(explanation.mixed, start=1):
        blocks.extend(_one_mixed(game, number, mixed))
    blocks.extend(_components_blocks(explanation))
    return blocks


def _one_mixed(game: Game, number: int, mixed: MixedExplanation) -> list[Block]:
    plays = "; ".join(
        f"{game.players[i]} plays {describe_mixture(game.strategies[i], mixed.mixtures[i])}"
        for i in range(2)
    )
    blocks: list[Block] = [Heading(f"Mixed equilibrium {number}", 3), Sentence(plays + ".")]
    for step in mixed.steps:
        blocks.extend(_indifference_blocks(game, step))
    if mixed.component is not None:
        blocks.append(Sentence(_continuum_sentence(game, mixed)))
    return blocks


def _continuum_sentence(game: Game, mixed: MixedExplanation) -> str:
    """Why a value found above is only one end of a range of equilibria."""
    parts = []
    for player, strategy, low, high in mixed.ranges:
        names = game.strategies[player]
        if (
            len(names) == 2
            and strategy == 1
            and any(p == player and k == 0 for p, k, _, _ in mixed.ranges)
        ):
            continue  # with two strategies the second's range is the first's complement
        rest = f" ({names[1]} with the rest)" if len(names) == 2 else ""
        parts.append(
            f"{game.players[player]} may play {names[strategy]} with any "
            f"probability from {fraction_text(low)} to {fraction_text(high)}{rest}"
        )
    spans = "; ".join(parts) if parts else "the players' mixtures vary"
    return (
        f"This equilibrium is an end point of a continuum (set {mixed.component} below): "
        f"{spans}, the other player's strategy held, and every such profile is an "
        "equilibrium too. A value solved above is where an indifference starts to hold, "
        "not the only value that works."
    )


def _components_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    lines = components_lines(game, explanation.components)
    if not lines:
        return []
    blocks: list[Block] = [
        Sentence(
            "Maximal convex sets of equilibria (continua): every mixture of the listed "
            "strategies of one player with every mixture of those of the other is an "
            "equilibrium."
        )
    ]
    blocks.extend(Sentence(line.strip()) for line in lines)
    return blocks


def _indifference_blocks(game: Game, step: IndifferenceStep) -> list[Block]:
    blocks: list[Block] = []
    mixer = game.players[step.mixing]
    chooser = game.players[step.indifferent]
    names = game.strategies[step.mixing]
    single = len(step.support) == 1
    if single:
        blocks.append(Sentence(f"{mixer} plays {names[step.support[0]]} for sure."))
    else:
        parts = [
            f"{names[k]} with probability {expression_text(p)}"
            for k, p in zip(step.support, step.probabilities, strict=True)
        ]
        blocks.append(Sentence(f"{mixer} plays " + ", ".join(parts) + "."))
    if len(step.strategies) == 1:
        strategy = game.strategies[step.indifferent][step.strategies[0]]
        blocks.append(
            Sentence(
                f"{chooser}'s only best response is {strategy} "
                f"(payoff {number_text(step.value)})."
            )
        )
    else:
        blocks.append(
            Sentence(
                f"{chooser} must be indifferent between "
                f"{_names(game, step.indifferent, step.strategies)}:"
            )
        )
        sides = [" + ".join(_term(t, single) for t in terms) for terms in step.expected]
        latex_sides = [
            " + ".join(_term(t, single, latex=True) for t in terms) for terms in step.expected
        ]
        solved = [
            f"{name} = {number_text(step.solution[name])}"
            for name in step.symbols
            if name not in step.free
        ]
        solved_latex = [
            f"{latex_math(sp.Symbol(name))} = {latex_number(step.solution[name])}"
            for name in step.symbols
            if name not in step.free
        ]
        text = " = ".join(sides)
        latex = " = ".join(latex_sides)
        if solved:
            text += " ⇒ " + ", ".join(solved)
            latex += " \\Rightarrow " + ", ".join(solved_latex)
        blocks.append(Formula(text, latex))
        if step.free:
            values = ", ".join(f"{n} = {number_text(step.solution[n])}" for n in step.free)
            blocks.append(
                Sentence(
                    f"These equations leave {', '.join(step.free)} free (the game is "
                    f"degenerate); this extreme equilibrium has {values}."
                )
            )
    if step.others:
        rest = ", ".join(
            f"{game.strategies[step.indifferent][s]} gives {number_text(v)}"
            for s, v in step.others
        )
        blocks.append(
            Sentence(
                f"{chooser}'s other strategies pay less ({rest}, against "
                f"{number_text(step.value)}), so it has no reason to use them."
            )
        )
    blocks.append(Sentence(f"{chooser}'s expected payoff: {number_text(step.value)}."))
    return blocks


def _profile_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    check = explanation.profile
    assert check is not None
    name = profile_names(game, check.profile)
    blocks: list[Block] = [Heading(f"Is {name} an equilibrium?")]
    for i, deviation in enumerate(check.best):
        here = fraction_text(check.payoffs[i])
        if deviation is None:
            blocks.append(Sentence(f"{game.players[i]} has no other strategy."))
            continue
        there = fraction_text(deviation.payoff)
        alternative = game.strategies[i][deviation.strategy]
        if deviation.payoff > check.payoffs[i]:
            verdict = f"it gains {number_text(deviation.payoff - check.payoffs[i])} by switching"
        else:
            verdict = "no switch pays more"
        blocks.append(
            Sentence(
                f"{game.players[i]} gets {here}; its best alternative, {alternative}, "
                f"gives {there}: {verdict}."
            )
        )
    if check.is_equilibrium:
        blocks.append(Sentence(f"So {name} is a pure Nash equilibrium."))
    else:
        who = " and ".join(game.players[d.player] for d in check.profitable)
        blocks.append(Sentence(f"So {name} is not an equilibrium: {who} would deviate."))
    return blocks


def condition_text(game: Game, condition: Condition) -> tuple[str, str]:
    """``"partition_value ≥ 2·threat - alienation"`` (text and LaTeX) for one condition."""
    difference = sp.expand(as_sympy(condition.difference))
    if not difference.free_symbols:
        truth = "always" if difference >= 0 else "never"
        return truth, f"\\text{{{truth}}}"
    positive = sp.Integer(0)
    negative = sp.Integer(0)
    for term in sp.Add.make_args(difference):
        coefficient, _ = term.as_coeff_Mul()
        if coefficient < 0:
            negative -= term
        else:
            positive += term
    return (
        f"{expression_text(positive)} ≥ {expression_text(negative)}",
        f"{latex_math(positive)} \\geq {latex_math(negative)}",
    )


def keeps_phrase(game: Game, condition: Condition) -> str:
    """``"Row keeps Top rather than switch to Bottom"`` for one condition."""
    player = game.players[condition.player]
    stays = game.strategies[condition.player][condition.strategy]
    alternative = game.strategies[condition.player][condition.alternative]
    return f"{player} keeps {stays} rather than switch to {alternative}"


def _symbolic_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks = _section(
        "In terms of the parameters",
        "Each pure profile is an equilibrium exactly when no player gains by switching; "
        "in the scenario's parameters:",
    )
    for symbolic in explanation.symbolic:
        blocks.extend(_symbolic_profile(game, symbolic))
    return blocks


def _symbolic_profile(game: Game, symbolic: SymbolicProfile) -> list[Block]:
    name = profile_names(game, symbolic.profile)
    now = "an equilibrium now" if symbolic.is_equilibrium else "not an equilibrium now"
    blocks: list[Block] = [Heading(f"{name}: {now}", 3)]
    for condition in symbolic.conditions:
        text, latex = condition_text(game, condition)
        holds = "holds" if condition.holds else "fails"
        if text == "always":
            blocks.append(
                Sentence(f"{keeps_phrase(game, condition)}, whatever the parameters ({holds} now).")
            )
            continue
        if text == "never":
            player = game.players[condition.player]
            stays = game.strategies[condition.player][condition.strategy]
            alternative = game.strategies[condition.player][condition.alternative]
            blocks.append(
                Sentence(
                    f"{player} always gains by switching from {stays} to {alternative} "
                    f"({holds} now)."
                )
            )
            continue
        blocks.append(Sentence(f"{keeps_phrase(game, condition)} when ({holds} now):"))
        blocks.append(Formula(text, latex))
    return blocks
