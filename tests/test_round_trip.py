"""Every file the product writes loads back: each format pair, any labels, any payoffs.

A game written as ``.nfg``, ``.json`` or ``.toml`` (through ``stability convert``'s
writer) reads back as the same game; converting through every pair of formats
keeps players, strategies and exact payoffs. A game a format cannot hold is
refused before anything is written.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stability.cli.app import main
from stability.errors import InputError
from stability.io import game_text, read_game, write_game
from stability.model.game import Game

FORMATS = (".nfg", ".json", ".toml")

# Any text a person could type as a name: no lone surrogates (not text), no NUL.
LABELS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=12,
)
PAYOFFS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**9),
)


@st.composite
def labelled_games(draw: st.DrawFn) -> Game:
    players = draw(st.lists(LABELS, min_size=2, max_size=3, unique=True))
    strategies = [
        draw(st.lists(LABELS, min_size=1, max_size=3, unique=True)) for _ in players
    ]
    shape = tuple(len(s) for s in strategies)
    size = int(np.prod(shape))
    tables = []
    for _ in players:
        values = draw(st.lists(PAYOFFS, min_size=size, max_size=size))
        table = np.empty(size, dtype=object)
        table[:] = [Fraction(v) for v in values]
        tables.append(table.reshape(shape))
    title = draw(st.one_of(st.just(""), LABELS))
    return Game.from_payoffs(tables, players=players, strategies=strategies, title=title)


def _same(a: Game, b: Game) -> None:
    assert a.players == b.players
    assert a.strategies == b.strategies
    for i in range(a.n_players):
        assert (a.exact_payoffs(i) == b.exact_payoffs(i)).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=labelled_games(), first=st.sampled_from(FORMATS), second=st.sampled_from(FORMATS))
def test_every_format_pair_round_trips(
    game: Game, first: str, second: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("trip")
    try:
        write_game(game, folder / f"a{first}")
    except InputError:
        # a format that cannot hold the game says so before writing anything
        assert not (folder / f"a{first}").exists()
        return
    once = read_game(folder / f"a{first}")
    _same(game, once)
    try:
        write_game(once, folder / f"b{second}")
    except InputError:
        assert not (folder / f"b{second}").exists()
        return
    _same(game, read_game(folder / f"b{second}"))


@pytest.mark.parametrize(("first", "second"), list(itertools.product(FORMATS, repeat=2)))
def test_convert_round_trips_an_untitled_game(first: str, second: str, tmp_path: Path) -> None:
    """``title = ""`` written for an untitled game used to make the TOML unreadable."""
    game = Game.from_payoffs([[[1, 0], [0, 1]], [[0, 1], [1, 0]]])
    assert game.title == ""
    (tmp_path / f"a{first}").write_text(game_text(game, first), encoding="utf-8")
    assert main(["convert", str(tmp_path / f"a{first}"), str(tmp_path / f"b{second}")]) == 0
    assert main(["validate", str(tmp_path / f"b{second}")]) == 0
    _same(game, read_game(tmp_path / f"b{second}"))


@pytest.mark.parametrize("suffix", FORMATS)
def test_bundled_games_round_trip(suffix: str, tmp_path: Path) -> None:
    for name in ("prisoners-dilemma", "two-allies", "mosul"):
        game = read_game(name)
        write_game(game, tmp_path / f"{name}{suffix}")
        _same(game, read_game(tmp_path / f"{name}{suffix}"))


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_blank_title_round_trips(suffix: str, tmp_path: Path) -> None:
    """A title of spaces was written as the TOML game's name, which the reader refuses."""
    game = Game.from_payoffs([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], title=" ")
    write_game(game, tmp_path / f"a{suffix}")
    _same(game, read_game(tmp_path / f"a{suffix}"))
