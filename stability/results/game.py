"""Results of the game analyses: solve, states, dominance, repeated, gmcr, explain and
exercise."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from stability.model.result import AnalysisResult

if TYPE_CHECKING:
    from rich.console import RenderableType

    from stability.analysis.dominance import EliminationResult
    from stability.analysis.exercises import Exercise
    from stability.analysis.explain import Explanation
    from stability.analysis.gmcr import GMCRResult as GraphModelStability
    from stability.analysis.repeated import GrimTriggerResult
    from stability.analysis.states import ProfileStability
    from stability.model.game import Game
    from stability.solvers.result import Equilibrium, SolveResult

__all__ = [
    "DominanceResult",
    "EquilibriaResult",
    "ExerciseResult",
    "ExplainResult",
    "GMCRResult",
    "RepeatedResult",
    "StatesResult",
]



@dataclass(frozen=True, repr=False)
class EquilibriaResult(AnalysisResult):
    """The equilibria of one game (``stability solve``), exact where possible.

    ``solution`` holds the equilibria (each with ``profile``, ``exact``, ``payoffs``,
    ``exact_payoffs``, ``pure``, ``regret``), ``degenerate``, the maximal convex sets
    (``components``), the continua (``sets``), ``notes`` and ``complete``. The result
    is also the sequence of its equilibria: ``result[0].exact``, ``len(result)``,
    ``for e in result``.
    """

    game: Game
    solution: SolveResult

    @property
    def equilibria(self) -> tuple[Equilibrium, ...]:
        """The equilibria found, as in ``solve``'s table."""
        return tuple(self.solution.equilibria)

    @property
    def complete(self) -> bool:
        """False when the search stopped early (``time_limit``) or left a case unsettled."""
        return self.solution.complete

    def __len__(self) -> int:
        return len(self.solution.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.solution.equilibria)

    @overload
    def __getitem__(self, index: int) -> Equilibrium: ...

    @overload
    def __getitem__(self, index: slice) -> list[Equilibrium]: ...

    def __getitem__(self, index: int | slice) -> Equilibrium | list[Equilibrium]:
        return list(self.solution.equilibria)[index]

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.solve_document import solve_document

        return solve_document(self.solution)

    def rows(self) -> list[dict[str, Any]]:
        """One row per equilibrium and player: the player's strategy (a mixture in words),
        its payoff (and the exact payoff where known), whether the equilibrium is pure."""
        from stability.model.exact import format_fraction
        from stability.present.equilibria import describe_mixture

        rows = []
        for number, equilibrium in enumerate(self.solution.equilibria, start=1):
            source = equilibrium.exact if equilibrium.exact is not None else equilibrium.profile
            for i, player in enumerate(self.game.players):
                exact = equilibrium.exact_payoffs
                rows.append(
                    {
                        "equilibrium": number,
                        "player": player,
                        "strategy": describe_mixture(self.game.strategies[i], source[i]),
                        "payoff": equilibrium.payoffs[i],
                        "exact_payoff": None if exact is None else format_fraction(exact[i]),
                        "pure": equilibrium.pure,
                    }
                )
        return rows

    def renderable(self) -> RenderableType:
        """What ``stability solve`` prints: the game, the equilibria, the continua."""
        from rich.console import Group
        from rich.text import Text

        from stability.present.equilibria import (
            algebraic_lines,
            components_lines,
            equilibria_table,
            sets_lines,
        )

        result = self.solution
        parts: list[RenderableType] = [Text(self.game.describe())]
        if result.degenerate is not None:
            parts.append(Text("degenerate: " + ("yes" if result.degenerate else "no")))
        if not result.equilibria:
            parts.append(Text("No equilibrium of this kind exists." if result.complete
                              else "None found."))
        else:
            parts.append(equilibria_table(result))
        for heading, lines in (
            ("Maximal convex sets of equilibria (continua):",
             components_lines(self.game, result.components)),
            ("Continua of equilibria (one sample each in the table):", sets_lines(result)),
            ("Irrational probabilities, exactly:", algebraic_lines(result)),
        ):
            if lines:
                parts.append(Text(heading))
                parts.extend(Text("  " + line) for line in lines)
        parts.extend(Text(f"note: {note}") for note in result.notes)
        if not result.complete:
            parts.append(Text("incomplete: stopped before the search finished"))
        return Group(*parts)


@dataclass(frozen=True, repr=False)
class StatesResult(AnalysisResult):
    """Every pure profile's stability under each concept (``stability states``).

    ``states`` holds the profiles shown (those stable under every concept of ``only``).
    """

    game: Game
    states: tuple[ProfileStability, ...]
    only: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.states import states_json

        return states_json(self.game, list(self.states), list(self.only))

    def rows(self) -> list[dict[str, Any]]:
        """One row per profile: each player's strategy and payoff, then each concept."""
        from stability.analysis.states import CONCEPTS

        game = self.game
        rows = []
        for row in self.states:
            entry: dict[str, Any] = {
                player: game.strategies[i][s]
                for i, (player, s) in enumerate(zip(game.players, row.profile, strict=True))
            }
            entry.update(
                {f"payoff {p}": float(v) for p, v in zip(game.players, row.payoffs, strict=True)}
            )
            entry.update({c: row.stable[c] for c in CONCEPTS})
            rows.append(entry)
        return rows

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_states

        return render_states(self.game, self.states, self.only)


@dataclass(frozen=True, repr=False)
class DominanceResult(AnalysisResult):
    """Iterated elimination of dominated strategies (``stability dominance``)."""

    game: Game
    elimination: EliminationResult

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.dominance import dominance_json

        return dominance_json(self.elimination)

    def rows(self) -> list[dict[str, Any]]:
        """One row per eliminated strategy, in order."""
        return [
            {
                "round": step["round"],
                "player": step["player"],
                "eliminated": step["eliminated"],
                "dominated_by": step["text"],
                "mixed": step["mixed"],
            }
            for step in self.to_dict()["steps"]
        ]

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_dominance

        return render_dominance(self.elimination)


@dataclass(frozen=True, repr=False)
class RepeatedResult(AnalysisResult):
    """Grim-trigger discount thresholds for a cooperative profile (``stability repeated``)."""

    game: Game
    grim_trigger: GrimTriggerResult

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.repeated import repeated_json

        return repeated_json(self.grim_trigger)

    def rows(self) -> list[dict[str, Any]]:
        """One row per player: cooperative, deviation and punishment payoffs, critical δ."""
        return [
            {
                "player": p["player"],
                "cooperative": p["cooperative"],
                "deviation": p["deviation"]["strategy"],
                "deviation_payoff": p["deviation"]["payoff"],
                "punishment_payoff": p["punishment"]["payoff"],
                "critical_discount": p["exact"],
                "sustainable": p["sustainable"],
            }
            for p in self.to_dict()["players"]
        ]

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_repeated

        return render_repeated(self.grim_trigger)


@dataclass(frozen=True, repr=False)
class GMCRResult(AnalysisResult):
    """Stability of every state of a conflict in the Graph Model (``stability gmcr``)."""

    analysis: GraphModelStability

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.gmcr import gmcr_json

        return gmcr_json(self.analysis)

    def rows(self) -> list[dict[str, Any]]:
        """One row per feasible state: is it an equilibrium under each concept."""
        from stability.analysis.gmcr import CONCEPTS

        result = self.analysis
        equilibria = {c: set(result.equilibrium_codes(c)) for c in CONCEPTS}
        return [
            {"state": state, **{c: state in equilibria[c] for c in CONCEPTS}}
            for state in result.conflict.states
        ]

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_gmcr

        return render_gmcr(self.analysis)


@dataclass(frozen=True, repr=False)
class ExplainResult(AnalysisResult):
    """A step-by-step, exact explanation of a game's equilibria (``stability explain``).

    ``explain`` has no JSON document: ``to_dict()`` gives the explanation's text in
    the command's three formats (``text``, ``md``, ``latex``).
    """

    game: Game
    explanation: Explanation

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text(), "md": self.markdown(), "latex": self.latex()}

    def markdown(self) -> str:
        """The explanation as Markdown (``--format md``)."""
        from stability.present.explain import explanation_markdown

        return explanation_markdown(self.explanation)

    def latex(self) -> str:
        """The explanation as LaTeX (``--format latex``)."""
        from stability.present.explain import explanation_latex

        return explanation_latex(self.explanation)

    def text(self) -> str:
        """The explanation as plain text, 100 columns wide (``--format text --out``)."""
        from io import StringIO

        from rich.console import Console

        buffer = StringIO()
        Console(file=buffer, width=100, highlight=False, no_color=True).print(self.renderable())
        return buffer.getvalue()

    def renderable(self) -> RenderableType:
        from stability.present.explain import explanation_renderable

        return explanation_renderable(self.explanation)


@dataclass(frozen=True, repr=False)
class ExerciseResult(AnalysisResult):
    """Generated exercises with verified answer keys (``stability exercise``)."""

    seed: int
    exercises: tuple[Exercise, ...]

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.exercises import exercises_json

        return exercises_json(self.exercises, self.seed)

    def rows(self) -> list[dict[str, Any]]:
        """One row per exercise: its kind, level and question."""
        return [
            {"kind": e.kind, "level": e.level, "question": e.question} for e in self.exercises
        ]

    def markdown(self, *, answers: bool = False) -> str:
        """The exercises as Markdown, with worked answers when ``answers``."""
        from stability.present.explain import exercises_markdown

        return exercises_markdown(self.exercises, self.seed, answers=answers)

    def renderable(self) -> RenderableType:
        from rich.markdown import Markdown

        return Markdown(self.markdown(answers=True))
