"""Generated game-theory exercises with answer keys that are computed and then verified.

Each exercise is generated from numpy's ``default_rng(seed)``, so the same seed,
kind, level and count give the same exercises. Its answer is computed with the
project's solvers and checked independently before it is returned:

- ``pure``: every pure equilibrium from ``solve(game, "pure")``, checked by a
  brute-force best-response test of every profile;
- ``mixed``: every extreme equilibrium from ``solve(game, "all")``, each checked
  to have exact regret 0, the pure ones compared with the brute-force check and,
  for nondegenerate games, the whole set compared with an independent exact
  support enumeration;
- ``dominance``: iterated strict dominance, each elimination re-checked against
  the reduced game and the survivors checked to contain every pure equilibrium;
- ``tipping``: the exact threshold of a payoff parameter, checked by solving the
  game just past it (the target profile is an equilibrium) and just short of it
  (it is not);
- ``repeated``: the critical discount factor of grim trigger in a repeated
  prisoner's dilemma, checked just past and just short;
- ``coalitions``: is a coalition structure of three actors core-stable, which
  groups block it and which actors would move, checked against a plain
  recomputation of every structure's equilibria and moves.

Levels: 1 small games with small integers; 2 larger games (3x3) and several
equilibria; 3 degenerate games (ties) and several equilibria.

One module per kind (``mixed`` holds pure and mixed, then ``dominance``,
``tipping``, ``repeated``, ``gmcr``), what they share in ``common`` and the
generator over all of them in ``generate``.

>>> exercises = generate_exercises(kind="pure", level=1, seed=7, count=2)
>>> again = generate_exercises(kind="pure", level=1, seed=7, count=2)
>>> [e.kind for e in exercises], exercises == again
(['pure', 'pure'], True)
"""

from __future__ import annotations

from stability.analysis.exercises.coalitions import coalitions_exercise
from stability.analysis.exercises.common import (
    CHECK_STEP,
    KINDS,
    LEVELS,
    MAX_ATTEMPTS,
    Exercise,
    Rng,
    VerificationError,
    brute_force_pure_equilibria,
)
from stability.analysis.exercises.dominance import (
    dominance_exercise,
)
from stability.analysis.exercises.generate import (
    GENERATORS,
    exercise_json,
    exercises_json,
    generate_exercises,
)
from stability.analysis.exercises.gmcr import (
    GMCR_CONCEPTS,
    BruteForceGraph,
    brute_force_gmcr,
    brute_force_graph,
    conflict_toml,
    gmcr_exercise,
)
from stability.analysis.exercises.mixed import (
    mixed_exercise,
    pure_exercise,
    support_enumeration_exact,
)
from stability.analysis.exercises.repeated import (
    critical_discount,
    repeated_exercise,
)
from stability.analysis.exercises.tipping import (
    LinearGame,
    tipping_exercise,
)

__all__ = [
    "coalitions_exercise",
    "BruteForceGraph",
    "CHECK_STEP",
    "Exercise",
    "GENERATORS",
    "GMCR_CONCEPTS",
    "KINDS",
    "LEVELS",
    "LinearGame",
    "MAX_ATTEMPTS",
    "Rng",
    "VerificationError",
    "brute_force_gmcr",
    "brute_force_graph",
    "brute_force_pure_equilibria",
    "conflict_toml",
    "critical_discount",
    "dominance_exercise",
    "exercise_json",
    "exercises_json",
    "generate_exercises",
    "gmcr_exercise",
    "mixed_exercise",
    "pure_exercise",
    "repeated_exercise",
    "support_enumeration_exact",
    "tipping_exercise",
]
