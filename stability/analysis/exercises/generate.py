"""The exercise generator over every kind, and the ``stability/exercise/v1`` document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from stability.analysis.exercises.coalitions import coalitions_exercise
from stability.analysis.exercises.common import KINDS, LEVELS, Exercise, Rng
from stability.analysis.exercises.dominance import dominance_exercise
from stability.analysis.exercises.gmcr import gmcr_exercise
from stability.analysis.exercises.mixed import mixed_exercise, pure_exercise
from stability.analysis.exercises.repeated import repeated_exercise
from stability.analysis.exercises.tipping import tipping_exercise
from stability.errors import InputError

# -- the generator ---------------------------------------------------------------------------------

GENERATORS: dict[str, Callable[[Rng, int], Exercise]] = {
    "pure": pure_exercise,
    "mixed": mixed_exercise,
    "dominance": dominance_exercise,
    "tipping": tipping_exercise,
    "repeated": repeated_exercise,
    "gmcr": gmcr_exercise,
    "coalitions": coalitions_exercise,
}


def generate_exercises(
    *, kind: str | None = None, level: int = 1, seed: int = 0, count: int = 1
) -> list[Exercise]:
    """``count`` exercises of ``kind`` (every kind in turn when ``None``) at ``level``.

    The same arguments always give the same exercises.
    """
    if kind is not None and kind not in GENERATORS:
        raise InputError(
            f"unknown exercise kind {kind!r} (expected one of {', '.join(GENERATORS)})",
            item="--kind",
        )
    if level not in LEVELS:
        raise InputError(f"level must be 1, 2 or 3, got {level}", item="--level")
    if count < 1 or count > 100:
        raise InputError(f"count must be between 1 and 100, got {count}", item="--count")
    if seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed}", item="--seed")
    rng = np.random.default_rng(seed)
    kinds = [kind] * count if kind is not None else [KINDS[i % len(KINDS)] for i in range(count)]
    return [GENERATORS[k](rng, level) for k in kinds]


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    """One exercise as in ``stability/exercise/v1``."""
    from stability.io.json_game import game_to_json

    document: dict[str, Any] = {
        "kind": exercise.kind,
        "level": exercise.level,
        "question": exercise.question,
        "game": None if exercise.game is None else game_to_json(exercise.game),
        "answer": exercise.answer,
        "checks": list(exercise.checks),
    }
    if exercise.parameter is not None:
        document["parameter"] = exercise.parameter
    if exercise.conflict is not None:
        document["conflict"] = exercise.conflict
    return document


def exercises_json(exercises: Sequence[Exercise], seed: int) -> dict[str, Any]:
    """The whole ``stability/exercise/v1`` document."""
    return {
        "schema": "stability/exercise/v1",
        "seed": seed,
        "exercises": [exercise_json(e) for e in exercises],
    }
