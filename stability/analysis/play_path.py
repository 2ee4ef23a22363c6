"""The equilibrium path of a timeline that follows play (``[timeline.play]``).

With a play state (say ``progress``) whose rate depends on the outcome played, what
the actors play changes the timeline itself: a coalition that breaks fights less
well, so IS falls more slowly. :func:`played_path` follows play piece by piece,
exactly:

1. At ``t = 0`` the state is 0 and play starts from the followed outcome (the
   coalition): its first profile that is a pure equilibrium *just after* 0 (on some
   ``[0, h)``, at the rate it sets); when none is, play moves as in step 3.
2. A profile ``P`` is played from ``t0`` while it stays a pure equilibrium; the
   state grows at ``P``'s rate, so every timeline expression is a function of
   ``t`` alone on the piece, and the piece ends at ``t1``, the end of the first
   interval (from ``t0``) on which every deviation margin of ``P`` is ``>= 0``.
3. At ``t1`` play moves by *best-response dynamics just after* ``t1``: the actors
   are taken in the scenario's order; the first actor whose payoff would rise by
   moving (on some ``(t1, t1 + h)``, the state growing at the current profile's
   rate) switches to its best reply there (ties: the first strategy), and this
   repeats until no actor gains by moving. The profile reached is played from
   ``t1`` at its own rate. If the moves cycle (or pass every profile) no pure
   equilibrium is reached: the path stops there (``settled`` is false).

Signs "just after" ``t`` are decided exactly from the solution sets of
:class:`~stability.analysis.time_sets.TimeSolver` (a margin is positive just
after ``t`` when one of its intervals ``>= 0`` starts at or before ``t`` and ends
after it, and it is not ``<= 0`` there too). The cost is bounded: at most
:data:`MAX_PIECES` pieces, and each move's search at most one step per profile.

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("tests/data/play-race.toml")
>>> path = played_path(scenario, "Alliance")
>>> [(str(p.start), str(p.stop), p.outcomes, str(p.rate)) for p in path.pieces]
[('0', '1', ('Alliance',), '1'), ('1', '24', ('Split',), '1/4')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from stability.analysis.piecewise_time import PiecewiseLinearSolver
from stability.analysis.time_sets import TimeSolver, compare, exact_sign, intersect
from stability.analysis.tipping import Deviation, Interval, deviations
from stability.model.scenario import TIME, Scenario

Profile = tuple[int, ...]
#: The most pieces a path may have (each piece costs a few exact root-findings).
MAX_PIECES = 64


@dataclass(frozen=True)
class Move:
    """One best-response move at a change of play: who moved, from what to what."""

    actor: str
    from_strategy: str
    to_strategy: str


@dataclass(frozen=True)
class PathPiece:
    """An interval of time on which one profile is played.

    ``state_at_start`` is the play state at ``start``; it grows at ``rate`` (per
    unit of time) until ``stop``. ``moves`` are the best-response moves that led to
    this profile at ``start`` (none for the first piece when the followed outcome
    holds at 0); ``stop_closed`` whether the profile is still an equilibrium at
    ``stop`` itself.
    """

    start: sympy.Expr
    stop: sympy.Expr
    profile: Profile
    strategies: Mapping[str, str]
    outcomes: tuple[str, ...]
    rate: sympy.Expr
    state_at_start: sympy.Expr
    moves: tuple[Move, ...]
    stop_closed: bool = True

    def state_at(self, t: sympy.Expr) -> sympy.Expr:
        """The play state at time ``t`` within the piece."""
        return self.state_at_start + self.rate * (t - self.start)


@dataclass(frozen=True)
class PlayedPath:
    """The pieces of play from 0 to ``stop`` (the horizon, unless play stopped).

    ``settled`` is false when, at the end of the last piece, the moves found no
    pure equilibrium (a cycle) or the path reached :data:`MAX_PIECES`.
    """

    state: str
    pieces: tuple[PathPiece, ...]
    settled: bool

    @property
    def stop(self) -> sympy.Expr:
        """Where the path ends (the horizon when it settled all the way)."""
        return self.pieces[-1].stop if self.pieces else sympy.Integer(0)

    def piece_at(self, t: sympy.Expr) -> PathPiece | None:
        """The piece played just after ``t`` (the last one at its stop)."""
        for piece in self.pieces:
            if compare(piece.start, t) <= 0 and compare(t, piece.stop) < 0:
                return piece
        if self.pieces and compare(t, self.pieces[-1].stop) == 0:
            return self.pieces[-1]
        return None


class _Play:
    """The exact machinery shared by one path's pieces."""

    def __init__(
        self, scenario: Scenario, values: Mapping[str, Fraction], solver: TimeSolver
    ) -> None:
        timeline = scenario.timeline
        assert timeline is not None and timeline.play is not None
        self.scenario = scenario
        self.play = timeline.play
        self.solver = solver
        self.constants = scenario.substitution(values)
        self.values = values
        self.table = deviations(scenario)
        self._rates: dict[Profile, sympy.Expr] = {}

    def rate(self, profile: Profile) -> sympy.Expr:
        if profile not in self._rates:
            rate = self.play.rate_for(self.scenario.outcomes_of(profile))
            self._rates[profile] = rate.xreplace(self.constants)
        return self._rates[profile]

    def substitution(
        self, start: sympy.Expr, state: sympy.Expr, rate: sympy.Expr
    ) -> dict[sympy.Symbol, sympy.Expr]:
        """Every parameter as an expression in ``t`` on a piece from ``start``."""
        return self.scenario.time_substitution(self.values, state + rate * (TIME - start))

    def margins(
        self, profile: Profile, substitution: Mapping[sympy.Symbol, sympy.Expr]
    ) -> list[tuple[Deviation, sympy.Expr]]:
        return [(d, d.margin.xreplace(dict(substitution))) for d in self.table[profile]]

    def region(
        self, profile: Profile, substitution: Mapping[sympy.Symbol, sympy.Expr]
    ) -> tuple[Interval, ...]:
        """Where ``profile`` is a pure equilibrium (with this piece's substitution)."""
        region: tuple[Interval, ...] = (self.solver.window,)
        for _, margin in self.margins(profile, substitution):
            region = intersect(region, self.solver.nonnegative(margin))
            if not region:
                break
        return region

    def sign_after(self, expression: sympy.Expr, t: sympy.Expr) -> int:
        """The sign of ``expression`` on some ``(t, t + h)``, exactly."""
        if compare(t, self.solver.horizon) >= 0:
            return exact_sign(expression, t)

        def reaches(pieces: Sequence[Interval]) -> bool:
            return any(compare(i.low, t) <= 0 < compare(i.high, t) for i in pieces)

        above = reaches(self.solver.nonnegative(expression))
        below = reaches(self.solver.nonnegative(-expression))
        if above and below:
            return 0
        return 1 if above else -1

    def best_response(
        self, profile: Profile, t: sympy.Expr, state: sympy.Expr
    ) -> tuple[Profile | None, tuple[Move, ...]]:
        """Best-response moves just after ``t`` from ``profile`` (see the module doc);
        ``None`` when they cycle."""
        actors = self.scenario.actors
        moves: list[Move] = []
        seen = {profile}
        for _ in range(self.scenario.n_profiles):
            substitution = self.substitution(t, state, self.rate(profile))
            mover: tuple[int, int] | None = None
            for actor in range(len(actors)):
                gains = [
                    (d.to, -margin)
                    for d, margin in self.margins(profile, substitution)
                    if d.actor == actor
                ]
                best: tuple[int, sympy.Expr] | None = None
                for to, gain in gains:
                    if self.sign_after(gain, t) <= 0:
                        continue
                    if best is None or self.sign_after(gain - best[1], t) > 0:
                        best = (to, gain)
                if best is not None:
                    mover = (actor, best[0])
                    break
            if mover is None:
                return profile, tuple(moves)
            actor, to = mover
            moves.append(
                Move(
                    actors[actor].name,
                    actors[actor].strategies[profile[actor]],
                    actors[actor].strategies[to],
                )
            )
            profile = profile[:actor] + (to,) + profile[actor + 1 :]
            if profile in seen:
                return None, tuple(moves)
            seen.add(profile)
        return None, tuple(moves)

    def holds_from(self, profile: Profile, t: sympy.Expr, state: sympy.Expr) -> Interval | None:
        """The interval of the equilibrium region that starts at or contains ``t`` and
        goes beyond it (``None``: ``profile`` is not an equilibrium just after ``t``)."""
        region = self.region(profile, self.substitution(t, state, self.rate(profile)))
        for interval in region:
            if compare(interval.low, t) <= 0 < compare(interval.high, t):
                return interval
        return None


def _profiles(scenario: Scenario, outcome: str) -> list[Profile]:
    mask = scenario.outcome_mask(outcome)
    return [tuple(int(i) for i in index) for index in zip(*np.nonzero(mask), strict=True)]


def played_path(
    scenario: Scenario,
    outcome: str,
    values: Mapping[str, Fraction] | None = None,
    solver: TimeSolver | None = None,
) -> PlayedPath:
    """Follow play from ``outcome`` at ``t = 0`` to the horizon (see the module doc).

    ``values`` override parameter values; ``solver`` (shared to reuse its cache)
    defaults to a new one over the timeline's horizon.
    """
    timeline = scenario.timeline
    if timeline is None or timeline.play is None:
        raise ValueError("played_path needs a timeline with [timeline.play]")
    solver = solver or PiecewiseLinearSolver(timeline.horizon)
    play = _Play(scenario, dict(values or {}), solver)
    horizon = solver.horizon
    zero = sympy.Integer(0)
    start_profiles = _profiles(scenario, outcome)
    current: Profile | None = None
    moves: tuple[Move, ...] = ()
    for profile in start_profiles:
        if play.holds_from(profile, zero, zero) is not None:
            current = profile
            break
    if current is None and start_profiles:
        current, moves = play.best_response(start_profiles[0], zero, zero)
    pieces: list[PathPiece] = []
    t, state = zero, zero
    settled = True
    while current is not None:
        if len(pieces) >= MAX_PIECES:
            settled = False
            break
        held = play.holds_from(current, t, state)
        rate = play.rate(current)
        if held is None:  # the moves ended on a profile that fails at once (a kink)
            settled = False
            break
        stop = held.high if compare(held.high, horizon) < 0 else horizon
        pieces.append(
            PathPiece(
                start=t,
                stop=stop,
                profile=current,
                strategies=scenario.profile_names(current),
                outcomes=tuple(scenario.outcomes_of(current)),
                rate=rate,
                state_at_start=state,
                moves=moves,
                stop_closed=held.high_closed or compare(held.high, horizon) > 0,
            )
        )
        if compare(stop, horizon) >= 0:
            break
        state = sympy.expand(state + rate * (stop - t))
        t = stop
        current, moves = play.best_response(current, t, state)
        if current is None:
            settled = False
    return PlayedPath(play.play.state, tuple(pieces), settled)
