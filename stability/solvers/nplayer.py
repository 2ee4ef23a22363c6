"""Equilibria of N-player games too large for method ``enumerate``: every pure one,
and some mixed ones (this part needs the optional Gambit extra).

Pure equilibria come from :mod:`stability.solvers.pure` (complete and exact).
Mixed equilibria are searched with Gambit's solvers (pygambit): enumpoly (every
support's polynomial system) on tiny games, the logit quantal-response homotopy,
simplicial subdivision on small games, then the global Newton method (Govindan
and Wilson's homotopy) from its default and from random perturbations. Gambit's
answers are only candidates: each is refined on its support (Newton's method on
the indifference equations), an exact rational value is sought (rounding plus
exact verification, then the support's polynomial system solved by sympy for
small supports), and nothing is reported unless its regret is within a tiny
tolerance of zero relative to the payoff range; exact values are reported only
after exact verification.

Each Gambit solver runs in a child process with a share of a time budget, so that
a path-following run that does not end (it happens on degenerate games) is cut
off, and Ctrl-C stops everything cleanly.

>>> import numpy as np
>>> from stability.model.game import Game
>>> s = np.indices((2, 2, 2))
>>> jordan = Game.from_integers([
...     np.where(s[0] == s[1], 1, -1),   # player 1 wants to match player 2
...     np.where(s[1] == s[2], 1, -1),   # player 2 wants to match player 3
...     np.where(s[2] != s[0], 1, -1),   # player 3 wants to mismatch player 1
... ])
>>> solve_pure_and_mixed(jordan, time_budget=1).notes[0]
'pure equilibria: all 0 (exhaustive, exact)'
"""

from __future__ import annotations

import math
import multiprocessing
import queue
import time
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.model.game import Game
from stability.solvers.budget import Budget
from stability.solvers.pure import pure_equilibria_gen
from stability.solvers.regret import float_regrets, is_exact_equilibrium, payoff_scale
from stability.solvers.result import Equilibrium, SolveResult

#: A mixed profile is reported only if every regret is at most this times the payoff range.
RELATIVE_TOLERANCE = 1e-9
#: Seconds Gambit may spend looking for mixed equilibria.
DEFAULT_TIME_BUDGET = 5.0
#: Mixed equilibria reported at most.
DEFAULT_MAX_MIXED = 5
#: Further runs of the global Newton method from random perturbations (for variety).
RANDOM_RAYS = 8
#: Gambit's enumpoly (every support's polynomial system) is run up to this many profiles.
MAX_ENUMPOLY_PROFILES = 32
#: Simplicial subdivision (exact rational arithmetic, slow on big games) up to this many.
MAX_SIMPDIV_PROFILES = 1_000
#: Stop once this many solver runs in a row found nothing new (after a first find).
STALE_RUNS = 3
#: Largest share of the time budget one Gambit solver may take.
ENGINE_SHARE = 0.4
#: Games with more profiles than this get no mixed search (pure equilibria only).
MAX_MIXED_PROFILES = 200_000
#: Exact verification (Python integers) is attempted up to this many profiles.
MAX_EXACT_PROFILES = 20_000
#: The sympy polynomial system is tried when the support has at most this many unknowns.
MAX_SYMPY_UNKNOWNS = 4
#: Seconds sympy may spend on one support's polynomial system, and on all of them.
SYMPY_TIME_BUDGET = 2.0
SYMPY_TOTAL_BUDGET = 4.0

FloatProfile = list[npt.NDArray[np.float64]]
ExactProfile = tuple[tuple[Fraction, ...], ...]


# -- Gambit, in a child process ------------------------------------------------------


def _context() -> Any:
    """The multiprocessing context for time-limited child processes (fork where it exists)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


ENGINE_NAMES = {
    "enumpoly": "support enumeration with polynomial systems",
    "logit": "the logit homotopy",
    "simpdiv": "simplicial subdivision",
    "gnm": "the global Newton method",
}


def _gambit_engine(
    tables: Sequence[npt.NDArray[Any]], engine: str, ray: int, out: Any
) -> None:  # pragma: no cover - runs in a child process
    """Run one of Gambit's solvers, putting each candidate (lists of floats) on ``out``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    import pygambit as gbt

    game = gbt.Game.from_arrays(*[np.asarray(t, dtype=object) for t in tables])
    if engine == "enumpoly":
        result = gbt.nash.enumpoly_solve(game)
    elif engine == "logit":
        result = gbt.nash.logit_solve(game)
    elif engine == "simpdiv":
        result = gbt.nash.simpdiv_solve(game.mixed_strategy_profile(rational=True))
    elif ray == 0:
        result = gbt.nash.gnm_solve(game)
    else:
        # another ray of the global Newton method, from a random perturbation
        rng = np.random.default_rng(ray)
        data = [list(rng.random(len(p.strategies)) + 0.01) for p in game.players]
        result = gbt.nash.gnm_solve(game.mixed_strategy_profile(data=data))
    for profile in result.equilibria:
        out.put([[float(profile[s]) for s in p.strategies] for p in game.players])
    out.put(None)


def _engine_plan(profiles: int) -> list[tuple[str, int]]:
    plan: list[tuple[str, int]] = []
    if profiles <= MAX_ENUMPOLY_PROFILES:
        plan.append(("enumpoly", 0))
    plan.append(("logit", 0))
    if profiles <= MAX_SIMPDIV_PROFILES:
        plan.append(("simpdiv", 0))
    plan.extend(("gnm", ray) for ray in range(RANDOM_RAYS + 1))
    return plan


def _run_gambit(
    tables: Sequence[npt.NDArray[Any]], budget: float, enough: int
) -> list[tuple[str, FloatProfile]]:
    """Distinct mixed candidates from Gambit's solvers, found within ``budget`` seconds.

    Each solver runs in its own child process, stopped when its share of the
    budget runs out (a path-following run may not terminate on degenerate games).
    """
    import pygambit  # noqa: F401  (imported once here, inherited by forked children)

    context = _context()
    candidates: list[tuple[str, FloatProfile]] = []
    deadline = time.monotonic() + budget
    fruitless = 0  # solver runs in a row that found nothing new
    for engine, ray in _engine_plan(int(tables[0].size)):
        if len(candidates) >= enough or time.monotonic() >= deadline:
            break
        if candidates and fruitless >= STALE_RUNS:
            break
        before = len(candidates)
        out: Any = context.Queue()
        worker = context.Process(
            target=_gambit_engine, args=(list(tables), engine, ray, out), daemon=True
        )
        worker.start()
        engine_deadline = min(deadline, time.monotonic() + ENGINE_SHARE * budget)
        try:
            while len(candidates) < enough:
                remaining = engine_deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    profile = out.get(timeout=min(remaining, 0.05))
                except queue.Empty:
                    if not worker.is_alive() and out.empty():
                        break
                    continue
                if profile is None:
                    break
                mixed = [np.asarray(p, dtype=np.float64) for p in profile]
                if _is_pure(mixed) or any(_same(mixed, seen) for _, seen in candidates):
                    continue
                candidates.append((ENGINE_NAMES[engine], mixed))
        finally:
            if worker.is_alive():
                worker.terminate()
            worker.join(timeout=5)
            out.close()
        fruitless = 0 if len(candidates) > before else fruitless + 1
    return candidates


# -- refinement ------------------------------------------------------------------------


def _strategy_values(game: Game, profile: FloatProfile, player: int) -> npt.NDArray[np.float64]:
    """Player ``player``'s float payoff from each pure strategy against the others' mixtures."""
    values = game.payoffs[player]
    for axis in reversed(range(game.n_players)):
        if axis != player:
            values = np.tensordot(values, profile[axis], axes=([axis], [0]))
    return np.asarray(values, dtype=np.float64)


def _max_regret(game: Game, profile: FloatProfile) -> float:
    return float(np.max(float_regrets(game, [p.tolist() for p in profile])))


def _support(profile: FloatProfile) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(k) for k in np.flatnonzero(p > 1e-7)) for p in profile)


def _on_support(
    game: Game, support: Sequence[Sequence[int]], x: npt.NDArray[np.float64]
) -> FloatProfile:
    profile = []
    position = 0
    for player, size in enumerate(game.shape):
        mixture = np.zeros(size)
        chosen = list(support[player])
        mixture[chosen] = x[position : position + len(chosen)]
        position += len(chosen)
        profile.append(mixture)
    return profile


def _polish(game: Game, profile: FloatProfile) -> FloatProfile:
    """Newton's method on the support's indifference equations (the input if it fails)."""
    from scipy.optimize import root

    support = _support(profile)
    x0 = np.concatenate(
        [profile[i][list(s)] / profile[i][list(s)].sum() for i, s in enumerate(support)]
    )
    scale = payoff_scale(game)

    def equations(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        current = _on_support(game, support, x)
        residuals = []
        for player, chosen in enumerate(support):
            values = _strategy_values(game, current, player)[list(chosen)] / scale
            residuals.extend(values[1:] - values[0])
            residuals.append(current[player].sum() - 1.0)
        return np.asarray(residuals)

    try:
        solution = root(equations, x0, method="hybr", options={"xtol": 1e-15})
    except (ValueError, np.linalg.LinAlgError):
        return profile
    if not np.all(np.isfinite(solution.x)) or np.any(solution.x < -1e-12):
        return profile
    polished = _on_support(game, support, np.clip(solution.x, 0.0, None))
    polished = [p / p.sum() for p in polished]
    if _max_regret(game, polished) <= _max_regret(game, profile):
        return polished
    return profile


def _rounded(profile: FloatProfile, bound: int) -> ExactProfile:
    """Each mixture rounded to fractions with denominators up to ``bound``, summing to one."""
    exact = []
    for mixture in profile:
        values = [Fraction(float(p)).limit_denominator(bound) for p in mixture]
        largest = max(range(len(values)), key=lambda k: values[k])
        values[largest] = 1 - (sum(values) - values[largest])
        exact.append(tuple(values))
    return tuple(exact)


def _exact_by_rounding(game: Game, profile: FloatProfile) -> ExactProfile | None:
    for bound in (10, 100, 1_000, 10_000, 1_000_000):
        candidate = _rounded(profile, bound)
        if is_exact_equilibrium(game, candidate):
            return candidate
    return None


def _sympy_support_solutions(
    numerators: Sequence[npt.NDArray[Any]],
    shape: tuple[int, ...],
    support: tuple[tuple[int, ...], ...],
    out: Any,
) -> None:  # pragma: no cover - runs in a child process
    """Rational solutions of the support's indifference equations, put on ``out``."""
    import signal

    import sympy

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C

    symbols: list[list[Any]] = []
    for player, chosen in enumerate(support):
        names = [sympy.Symbol(f"p{player}_{k}") for k in chosen]
        symbols.append(names[:-1] + [1 - sum(names[:-1], sympy.Integer(0))])
    unknowns = [s for player in symbols for s in player[:-1]]
    equations: list[Any] = []
    for player, chosen in enumerate(support):
        table = numerators[player]
        values = []
        for k in chosen:
            total = sympy.Integer(0)
            for index in np.ndindex(*shape):
                if index[player] != k or any(
                    index[j] not in support[j] for j in range(len(shape)) if j != player
                ):
                    continue
                term = sympy.Integer(int(table[index]))
                for j in range(len(shape)):
                    if j != player:
                        term *= symbols[j][support[j].index(index[j])]
                total += term
            values.append(sympy.expand(total))
        equations.extend(v - values[0] for v in values[1:])
    equations = [e for e in equations if e != 0]
    if not unknowns:
        out.put([])
        return
    found = sympy.solve(equations, unknowns, dict=True) if equations else []
    rational = []
    for solution in found:
        if len(solution) != len(unknowns) or not all(solution[u].is_Rational for u in unknowns):
            continue
        rational.append(
            [[str(sympy.Rational(p.subs(solution))) for p in mixture] for mixture in symbols]
        )
    out.put(rational)


def _exact_by_sympy(
    game: Game, profile: FloatProfile, budget: float = SYMPY_TIME_BUDGET
) -> ExactProfile | None:
    """The support's polynomial system solved exactly (small supports, time-limited)."""
    support = _support(profile)
    if budget <= 0 or sum(len(s) - 1 for s in support) > MAX_SYMPY_UNKNOWNS:
        return None
    context = _context()
    out: Any = context.Queue()
    worker = context.Process(
        target=_sympy_support_solutions,
        args=(list(game.numerators), game.shape, support, out),
        daemon=True,
    )
    worker.start()
    try:
        solutions = out.get(timeout=budget)
    except queue.Empty:
        solutions = []
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(timeout=5)
        out.close()
    best: ExactProfile | None = None
    best_distance = math.inf
    for solution in solutions:
        exact: list[tuple[Fraction, ...]] = []
        for player, chosen in enumerate(support):
            mixture = [Fraction(0)] * game.shape[player]
            for k, value in zip(chosen, solution[player], strict=True):
                mixture[k] = Fraction(value)
            exact.append(tuple(mixture))
        candidate = tuple(exact)
        distance = max(
            abs(float(p) - float(q))
            for mixture, floats in zip(candidate, profile, strict=True)
            for p, q in zip(mixture, floats, strict=True)
        )
        if distance < best_distance and is_exact_equilibrium(game, candidate):
            best, best_distance = candidate, distance
    return best


# -- the solver ----------------------------------------------------------------------


def _is_pure(profile: FloatProfile) -> bool:
    return all(len(s) == 1 for s in _support(profile))


def _same(left: FloatProfile, right: FloatProfile) -> bool:
    return all(np.max(np.abs(a - b)) < 1e-6 for a, b in zip(left, right, strict=True))


def mixed_equilibria(
    game: Game,
    *,
    time_budget: float = DEFAULT_TIME_BUDGET,
    max_mixed: int = DEFAULT_MAX_MIXED,
) -> tuple[list[Equilibrium], list[str]]:
    """Some properly mixed equilibria of ``game``, refined and verified, with notes.

    Never exhaustive. Each returned equilibrium has exact values (verified exactly)
    or ``exact=None`` and a float regret within :data:`RELATIVE_TOLERANCE` of the
    payoff range.
    """
    if not gambit_available():
        return [], [
            "mixed equilibria: not searched: this game is too large for method 'enumerate', "
            f"and the search for some mixed equilibria needs Gambit: {GAMBIT_HINT}"
        ]
    if game.n_profiles > MAX_MIXED_PROFILES:
        return [], [
            f"mixed equilibria: not searched ({game.n_profiles:,} profiles is more than "
            f"{MAX_MIXED_PROFILES:,})"
        ]
    tolerance = RELATIVE_TOLERANCE * payoff_scale(game)
    found: list[FloatProfile] = []
    equilibria: list[Equilibrium] = []
    engines: set[str] = set()
    seen_exact: set[tuple[tuple[Fraction, ...], ...]] = set()
    rejected = 0
    sympy_deadline = time.monotonic() + SYMPY_TOTAL_BUDGET
    for engine, candidate in _run_gambit(game.numerators, time_budget, max_mixed):
        if len(equilibria) >= max_mixed:
            break
        if _is_pure(candidate) or any(_same(candidate, seen) for seen in found):
            continue
        polished = _polish(game, candidate)
        if _is_pure(polished) or any(_same(polished, seen) for seen in found):
            continue
        found.append(polished)
        exact = None
        if game.n_profiles <= MAX_EXACT_PROFILES:
            exact = _exact_by_rounding(game, polished)
            if exact is None:
                budget = min(SYMPY_TIME_BUDGET, sympy_deadline - time.monotonic())
                exact = _exact_by_sympy(game, polished, budget)
        if exact is not None:
            if all(sum(1 for p in mixture if p) == 1 for mixture in exact):
                continue  # a pure equilibrium, already listed
            key = tuple(tuple(mixture) for mixture in exact)
            if key in seen_exact:
                continue  # two float candidates that round to the same equilibrium
            seen_exact.add(key)
            equilibria.append(Equilibrium.from_exact(game, exact))
            engines.add(engine)
            continue
        regret = _max_regret(game, polished)
        if regret > tolerance:
            rejected += 1
            continue
        engines.add(engine)
        payoffs = tuple(
            float(polished[i] @ _strategy_values(game, polished, i)) for i in range(game.n_players)
        )
        equilibria.append(
            Equilibrium(
                profile=tuple(tuple(float(p) for p in mixture) for mixture in polished),
                payoffs=payoffs,
                pure=False,
                exact=None,
                regret=regret,
            )
        )
    notes = []
    if equilibria:
        notes.append(
            f"mixed equilibria: {len(equilibria)} found by "
            f"{' and '.join(sorted(engines))} (Gambit), refined and verified; "
            "the list is not exhaustive"
        )
        if any(e.exact is None for e in equilibria):
            notes.append(
                "mixed equilibria without exact values are numerical: each regret is at most "
                f"{RELATIVE_TOLERANCE:g} times the payoff range"
            )
    else:
        notes.append(
            "mixed equilibria: none found other than pure ones (the search is not exhaustive)"
        )
    if rejected:
        notes.append(f"{rejected} candidate(s) from Gambit rejected: regret above tolerance")
    return equilibria, notes


def solve_pure_and_mixed(
    game: Game,
    *,
    time_budget: float = DEFAULT_TIME_BUDGET,
    max_mixed: int = DEFAULT_MAX_MIXED,
    budget: Budget | None = None,
) -> SolveResult:
    """Every pure equilibrium of ``game`` plus some verified mixed ones (method ``auto``
    for games too large for ``enumerate``).

    Pure equilibria come first, in lexicographic order; ``degenerate`` is ``None``
    (not determined for more than two players). A ``budget`` with a time limit
    bounds the whole search; when it runs out during the pure pass the result is
    marked incomplete.
    """
    budget = budget or Budget()
    pure: list[Equilibrium] = []
    stopped = False

    def tick(done: int, total: int) -> None:
        budget.tick(done, total)

    for profile in pure_equilibria_gen(game, progress=tick):
        pure.append(Equilibrium.from_pure(game, profile))
        if budget.expired():
            stopped = True
            break
    if budget.expired():
        stopped = True
    if stopped:
        return SolveResult(
            game=game,
            method="auto",
            equilibria=tuple(pure),
            notes=("stopped by the time limit during the search for pure equilibria",),
            complete=False,
        )
    remaining = budget.remaining()
    if remaining is not None:
        time_budget = min(time_budget, remaining)
    mixed, notes = mixed_equilibria(game, time_budget=time_budget, max_mixed=max_mixed)
    return SolveResult(
        game=game,
        method="auto",
        equilibria=tuple(pure + mixed),
        degenerate=None,
        notes=(f"pure equilibria: all {len(pure)} (exhaustive, exact)", *notes),
    )


#: What to do when pygambit is missing.
GAMBIT_HINT = 'install the gambit extra (pip install ".[gambit]")'


def gambit_available() -> bool:
    """Whether pygambit can be imported (it is an optional extra)."""
    import importlib.util

    return importlib.util.find_spec("pygambit") is not None
