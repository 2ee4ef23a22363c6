"""The one game type: an immutable, labelled strategic-form game with exact payoffs.

Every input format produces a :class:`Game`; every solver and analysis takes one.

>>> pd = Game.from_payoffs(
...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
...     players=["Row", "Column"],
...     strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
...     title="Prisoner's Dilemma",
... )
>>> pd.shape, pd.payoff(0, (1, 0)), pd.payoffs[1][0, 1]
((2, 2), Fraction(5, 1), np.float64(5.0))
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, reduce
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError, TooLargeError
from stability.model.exact import MAX_MAGNITUDE, parse_number

#: Largest number of pure profiles a game may have: beyond it one payoff array
#: alone would take gigabytes, so such games are refused before allocating.
MAX_PROFILES = 20_000_000

#: Most players a game (or actors a scenario) may have: a payoff table has one
#: dimension per player, and the joint game's einsum and the solvers' index
#: arrays handle at most 32 dimensions (numpy's einsum limit; 33 actors crashed
#: ``analyze``, 64 players crashed ``solve``).
MAX_PLAYERS = 32

_INT64_SAFE = 2**62

IntArray = npt.NDArray[Any]  # int64 or object (Python ints) arrays
FloatArray = npt.NDArray[np.float64]


def check_size(shape: Sequence[int], *, what: str = "game") -> None:
    """Refuse a game whose payoff tables would not fit in memory.

    >>> check_size((10, 10))
    >>> check_size((100,) * 5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stability.errors.TooLargeError: game too large: 10,000,000,000 pure profiles (...)
    """
    if len(shape) > MAX_PLAYERS:
        raise TooLargeError(
            f"{what} too large: {len(shape):,} players (the limit is {MAX_PLAYERS}: a payoff "
            "table has one dimension per player, and the solvers and the joint game's "
            f"einsum index at most {MAX_PLAYERS} dimensions)"
        )
    profiles = math.prod(shape)
    if profiles > MAX_PROFILES:
        raise TooLargeError(
            f"{what} too large: {profiles:,} pure profiles (the limit is {MAX_PROFILES:,})"
        )


class FloatPayoffWarning(UserWarning):
    """Payoffs given as floats: each is taken as the exact decimal it prints as."""


def check_label(label: str, *, what: str = "label") -> None:
    """Refuse a label that cannot be written as UTF-8 (a lone surrogate such as ``\\ud800``).

    >>> check_label("Iran")
    >>> check_label("\\ud800")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stability.errors.InputError: label '\\ud800': a lone surrogate (U+D800) is not text; ...
    """
    if label.isprintable() or label.isascii():
        return
    try:
        label.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(
            f"a lone surrogate (U+{ord(label[err.start]):04X}) is not text; "
            "expected a name in valid Unicode",
            item=f"{what} {ascii(label)}",
        ) from None


def _freeze(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


def integers_from_fractions(values: npt.NDArray[Any]) -> tuple[IntArray, int]:
    """Scale an array of Fractions to integers over one common denominator.

    Returns ``(numerators, denominator)``; numerators are int64 when they fit,
    Python ints in an object array otherwise.
    """
    flat = values.ravel()
    denominator = reduce(math.lcm, (v.denominator for v in flat), 1)
    numerators = [v.numerator * (denominator // v.denominator) for v in flat]
    return _integer_array(numerators, values.shape), denominator


def _integer_array(numerators: Sequence[int], shape: tuple[int, ...]) -> IntArray:
    if all(-_INT64_SAFE < n < _INT64_SAFE for n in numerators):
        return np.array(numerators, dtype=np.int64).reshape(shape)
    array = np.empty(len(numerators), dtype=object)
    array[:] = list(numerators)
    return array.reshape(shape)


#: Most pure profiles a game's HTML display lists.
HTML_PROFILES = 500


@dataclass(frozen=True, eq=False)
class Game:
    """A strategic-form game with named players and strategies and exact payoffs.

    Player ``i``'s payoff at the pure profile ``(s1, ..., sN)`` is
    ``numerators[i][s1, ..., sN] / denominators[i]`` exactly; :attr:`payoffs` holds
    the same values as floats. All arrays are read-only.
    """

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    numerators: tuple[IntArray, ...] = field(repr=False)
    denominators: tuple[int, ...] = field(repr=False)

    def __post_init__(self) -> None:
        n = len(self.players)
        if n < 1:
            raise InputError("a game needs at least one player")
        if len(set(self.players)) != n:
            raise InputError(f"duplicate player names in {list(self.players)}")
        if len(self.strategies) != n:
            raise InputError(f"expected strategies for {n} players, got {len(self.strategies)}")
        for player, names in zip(self.players, self.strategies, strict=True):
            if not names:
                raise InputError(f"player {player!r} has no strategies")
            if len(set(names)) != len(names):
                raise InputError(f"player {player!r} has duplicate strategy names")
        for label in (self.title, *self.players, *(s for names in self.strategies for s in names)):
            check_label(label)
        shape = self.shape
        check_size(shape)
        if len(self.numerators) != n or len(self.denominators) != n:
            raise InputError(f"expected one payoff table per player ({n})")
        for player, table, denominator in zip(
            self.players, self.numerators, self.denominators, strict=True
        ):
            if table.shape != shape:
                raise InputError(
                    f"payoffs of {player!r} have shape {table.shape}, expected {shape}"
                )
            if denominator <= 0:
                raise InputError(f"payoff denominator of {player!r} must be positive")
            if table.dtype == object and table.size:
                # Python ints beyond int64: make sure floats can still hold them
                largest = max(abs(int(v)) for v in table.ravel())
                if largest > MAX_MAGNITUDE * denominator:
                    raise InputError(
                        f"payoffs of {player!r} reach {largest / denominator:.3g}, "
                        "beyond 1e300, which floating point cannot hold"
                    )
            _freeze(table)

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_tables(cls, tables: Any) -> Game:
        """:meth:`from_payoffs` of a sequence of tables (or an array of them); anything
        else is bad input saying what a game can be given as."""
        if isinstance(tables, Sequence) or hasattr(tables, "__array__"):
            return cls.from_payoffs(tables)
        raise InputError(
            f"expected a Game, a scenario, a file or bundled name, or payoff tables "
            f"(A, B); got {type(tables).__name__}"
        )

    @classmethod
    def from_payoffs(
        cls,
        payoffs: Sequence[Any] | npt.NDArray[Any],
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> Game:
        """A game from one payoff table per player, nashpy style: ``(A, B)`` for two
        players, ``A`` the row player's and ``B`` the column player's payoffs, each an
        ``m x n`` array (for N players, N arrays of N dimensions, one axis per player).

        Tables are numpy arrays or nested lists of integers, ``Fraction``s or text
        (``"3/2"``): these stay exact. Floats are taken as the decimal each prints as
        (``0.1`` is ``1/10``) and a ``stability.FloatPayoffWarning`` says so.
        Players default to ``Player 1``…, strategies to ``1``, ``2``… per player.

        >>> import numpy as np
        >>> from stability import Game
        >>> A = np.array([[3, 0], [5, 1]])
        >>> game = Game.from_payoffs((A, A.T))
        >>> game.shape, game.payoff(1, (0, 1))
        ((2, 2), Fraction(5, 1))
        """
        tables = []
        floats = []
        for i, given in enumerate(payoffs):
            kind = np.asarray(given).dtype.kind if not isinstance(given, str) else "U"
            if kind in "bc":
                raise InputError(
                    f"expected numbers, got {'booleans' if kind == 'b' else 'complex numbers'}",
                    item=f"payoffs of player {i + 1}",
                )
            table = np.array(given, dtype=object)
            if kind == "f" or any(isinstance(v, float) for v in table.ravel()):
                floats.append(i)
            tables.append(table)
        if not tables:
            raise InputError("a game needs at least one player")
        if floats:
            import warnings

            names = ", ".join(
                players[i] if players is not None and i < len(players) else f"player {i + 1}"
                for i in floats
            )
            warnings.warn(
                f"payoffs of {names} are floating-point numbers: each is taken as the exact "
                "decimal it prints as (0.1 as 1/10, 1/3 as 3333333333333333/10**16); give "
                "integers, Fractions or text such as '1/3' for exact values",
                FloatPayoffWarning,
                stacklevel=2,
            )
        shape = tables[0].shape
        if players is None:
            players = [f"Player {i + 1}" for i in range(len(tables))]
        if strategies is None:
            strategies = [[str(k + 1) for k in range(size)] for size in shape]
        numerators = []
        denominators = []
        for i, table in enumerate(tables):
            if table.shape != shape or table.ndim != len(tables):
                raise InputError(
                    f"payoff table {i + 1} has shape {table.shape}; expected one axis per "
                    f"player ({len(tables)}) and the same shape {shape} for every player"
                )
            try:
                exact = np.vectorize(parse_number, otypes=[object])(table)
            except ValueError as err:
                raise InputError(str(err), item=f"payoffs of player {i + 1}") from err
            ints, denominator = integers_from_fractions(exact)
            numerators.append(ints)
            denominators.append(denominator)
        return cls(
            title=title,
            players=tuple(players),
            strategies=tuple(tuple(s) for s in strategies),
            numerators=tuple(numerators),
            denominators=tuple(denominators),
        )

    @classmethod
    def from_integers(
        cls,
        numerators: Sequence[npt.ArrayLike],
        *,
        denominators: Sequence[int] | None = None,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> Game:
        """A game from integer arrays (fast path for parsers and generators).

        >>> Game.from_integers([[[1, 0], [0, 1]], [[0, 1], [1, 0]]]).shape
        (2, 2)
        """
        tables = []
        for table in numerators:
            array = np.asarray(table)
            if array.dtype != object:
                array = array.astype(np.int64, copy=True)
            else:
                array = array.copy()
            tables.append(array)
        shape = tables[0].shape
        if players is None:
            players = [f"Player {i + 1}" for i in range(len(tables))]
        if strategies is None:
            strategies = [[str(k + 1) for k in range(size)] for size in shape]
        return cls(
            title=title,
            players=tuple(players),
            strategies=tuple(tuple(s) for s in strategies),
            numerators=tuple(tables),
            denominators=tuple(denominators or [1] * len(tables)),
        )

    def with_payoffs(self, payoffs: Sequence[npt.NDArray[Any]]) -> Game:
        """The same players and strategies with other exact payoffs (Fraction arrays)."""
        pairs = [integers_from_fractions(np.asarray(p, dtype=object)) for p in payoffs]
        return Game(
            title=self.title,
            players=self.players,
            strategies=self.strategies,
            numerators=tuple(n for n, _ in pairs),
            denominators=tuple(d for _, d in pairs),
        )

    # -- views ---------------------------------------------------------------------

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.strategies)

    @property
    def n_profiles(self) -> int:
        return math.prod(self.shape)

    @cached_property
    def payoffs(self) -> tuple[FloatArray, ...]:
        """One read-only float array per player, indexed by pure profile."""
        return tuple(
            _freeze(np.asarray(table, dtype=np.float64) / denominator)
            for table, denominator in zip(self.numerators, self.denominators, strict=True)
        )

    def exact_payoffs(self, player: int) -> npt.NDArray[Any]:
        """Player ``player``'s payoffs as an object array of Fractions."""
        denominator = self.denominators[player]
        table = self.numerators[player]
        out = np.empty(table.shape, dtype=object)
        for index, value in np.ndenumerate(table):
            out[index] = Fraction(int(value), denominator)
        return out

    def __repr__(self) -> str:
        from stability.model.result import one_line_repr

        shape = "x".join(str(n) for n in self.shape)
        return one_line_repr("Game", f"{self.title or 'untitled'}, {len(self.players)} "
                             f"players ({', '.join(self.players)}), {shape}")

    def _repr_html_(self) -> str:
        """The payoff table for Jupyter: a bimatrix for two players, one row per pure
        profile otherwise (at most :data:`HTML_PROFILES`), exact values, labels escaped."""
        from stability.model.exact import format_fraction
        from stability.model.result import escape, html_table

        heading = f"<p><b>Game</b> {escape(self.title)}</p>"
        if len(self.players) == 2:
            rows = [
                [f"{self.players[0]}: {row}"] + [
                    ", ".join(format_fraction(self.payoff(i, (r, c))) for i in range(2))
                    for c in range(self.shape[1])
                ]
                for r, row in enumerate(self.strategies[0])
            ]
            headers = [f"payoffs ({self.players[0]}, {self.players[1]})"] + [
                f"{self.players[1]}: {column}" for column in self.strategies[1]
            ]
            return heading + html_table(headers, rows)
        rows = []
        for k, profile in enumerate(self.profiles()):
            if k >= HTML_PROFILES:
                break
            rows.append(
                [self.strategies[i][s] for i, s in enumerate(profile)]
                + [format_fraction(self.payoff(i, profile)) for i in range(len(self.players))]
            )
        more = self.n_profiles - len(rows)
        caption = f"the first {len(rows)} of {self.n_profiles} profiles" if more > 0 else ""
        headers = list(self.players) + [f"payoff of {p}" for p in self.players]
        return heading + html_table(headers, rows, caption)

    def payoff(self, player: int, profile: Sequence[int]) -> Fraction:
        """Player ``player``'s exact payoff at a pure profile."""
        return Fraction(int(self.numerators[player][tuple(profile)]), self.denominators[player])

    def profiles(self) -> Iterable[tuple[int, ...]]:
        """Every pure profile, in lexicographic order (first player slowest)."""
        return np.ndindex(*self.shape)

    def strategy_index(self, player: int, name: str) -> int:
        """The index of a strategy given by name (or by its 1-based number)."""
        names = self.strategies[player]
        if name in names:
            return names.index(name)
        if name.isdigit() and 1 <= int(name) <= len(names):
            return int(name) - 1
        raise InputError(
            f"player {self.players[player]!r} has no strategy {name!r} "
            f"(expected one of {', '.join(names)})"
        )

    def describe(self) -> str:
        """A one-line summary: ``"Prisoner's Dilemma: 2 players, 2x2, 4 profiles"``."""
        size = "x".join(str(n) for n in self.shape)
        name = self.title or "untitled game"
        return f"{name}: {self.n_players} players, {size}, {self.n_profiles:,} profiles"

    # -- identity ------------------------------------------------------------------

    def _key(self) -> tuple[Any, ...]:
        canonical = []
        for table, denominator in zip(self.numerators, self.denominators, strict=True):
            values = [int(v) for v in table.ravel()]
            common = reduce(math.gcd, values, denominator)
            canonical.append((denominator // common, tuple(v // common for v in values)))
        return (self.title, self.players, self.strategies, tuple(canonical))

    def same_payoffs(self, other: Game) -> bool:
        """True when both games have the same shape and exact payoffs (names aside)."""
        if self.shape != other.shape or self.n_players != other.n_players:
            return False
        for i in range(self.n_players):
            left = self.numerators[i].astype(object) * other.denominators[i]
            right = other.numerators[i].astype(object) * self.denominators[i]
            if not np.array_equal(left, right):
                return False
        return True

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.title == other.title
            and self.players == other.players
            and self.strategies == other.strategies
            and self.same_payoffs(other)
        )

    def __hash__(self) -> int:
        return hash(self._key())


def game_header(game: Game) -> dict[str, Any]:
    """The ``game`` object of JSON documents: title, players and strategies."""
    return {
        "title": game.title,
        "players": list(game.players),
        "strategies": [list(s) for s in game.strategies],
    }
