"""Gambit .nfg reading and writing: round trips, both variants, Gambit's own reader.

The format is Gambit's "strategic games" file format (payoff list and outcome list
variants), as documented in the Gambit manual, "Game representation formats", and
implemented by Gambit's reader (src/games/file.cc): profiles are listed with the
first player's strategy changing fastest.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.io.nfg import parse_nfg, read_nfg, write_nfg
from stability.model.game import Game

try:
    import pygambit as gbt
except ImportError:  # the optional gambit extra: its cross-checks skip without it
    gbt = None
needs_gambit = pytest.mark.skipif(
    gbt is None, reason='pygambit not installed (the gambit extra: pip install ".[gambit]")'
)

GAMES = Path(__file__).resolve().parent.parent / "games"

# Gambit 16.7 accepts labels of printable ASCII with single inner spaces only (and
# renames empty or duplicate ones); backslashes are left out (see quote()). Names start
# with a letter: Gambit relabels players one by one over its defaults "1", "2", ...,
# so a first player named "2" clashes with the second player's default name.
GAMBIT_NAME = st.from_regex(r"[A-Za-z][!-\[\]-~]{0,3}( [!-\[\]-~]{1,3})?", fullmatch=True)
NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\"),
    min_size=1,
    max_size=8,
)
NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=8,
)
PAYOFF = st.one_of(
    st.integers(-(10**6), 10**6),
    st.fractions(max_denominator=50).filter(lambda f: abs(f) < 10**6),
    st.integers(-(10**30), 10**30),  # beyond int64: kept exact as Python ints
)


@st.composite
def games(draw: st.DrawFn, exact: bool = True) -> Game:
    names = NAME if exact else GAMBIT_NAME
    n = draw(st.integers(1, 4))
    shape = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(names, min_size=k, max_size=k, unique=True)) for k in shape]
    values = st.integers(-50, 50) if not exact else PAYOFF
    tables = []
    for _ in range(n):
        cells = draw(st.lists(values, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
        table = np.empty(shape, dtype=object)
        table.ravel()[:] = [Fraction(v) for v in cells]
        tables.append(table)
    title = draw(names)
    return Game.from_payoffs(tables, players=players, strategies=strategies, title=title)


@settings(max_examples=150, deadline=None)
@given(games(), st.sampled_from(["payoff", "outcome"]))
def test_written_files_read_back_identically(game: Game, variant: str) -> None:
    text = write_nfg(game, variant=variant)  # type: ignore[arg-type]
    assert parse_nfg(text, "round-trip.nfg") == game


@needs_gambit
@settings(max_examples=40, deadline=None)
@given(games(exact=False))
def test_gambit_reads_our_files_the_same(game: Game) -> None:
    # Names without backslashes or control characters: Gambit's reader and ours agree.
    for variant in ("payoff", "outcome"):
        text = write_nfg(game, variant=variant)  # type: ignore[arg-type]
        other = gbt.read_nfg(io.StringIO(text))
        players = list(other.players)
        assert [p.label for p in players] == list(game.players)
        assert other.title == game.title
        assert [[s.label for s in p.strategies] for p in players] == [
            list(s) for s in game.strategies
        ]
        for profile in game.profiles():
            outcome = other[[int(k) for k in profile]]
            for i, player in enumerate(players):
                assert Fraction(str(outcome[player])) == game.payoff(i, profile)


@needs_gambit
def test_gambit_reads_rational_and_big_payoffs() -> None:
    game = Game.from_payoffs(
        [[["-3/2", "1/3"]], [[10**17, "0.25"]]], players=["A", "B"], title='say "hi"'
    )
    other = gbt.read_nfg(io.StringIO(write_nfg(game)))
    players = list(other.players)
    assert other.title == 'say "hi"'
    assert str(other[[0, 0]][players[0]]) == "-3/2"
    assert str(other[[0, 1]][players[1]]) == "1/4"
    assert str(other[[0, 0]][players[1]]) == str(10**17)


@needs_gambit
def test_gambit_catalogue_files_read_like_gambit_reads_them() -> None:
    # Shapley (1974), fig. 3, as shipped in Gambit's own catalogue (outcome-list variant)
    catalogue = Path(gbt.__file__).parent / "catalog_data/journals/other/shapley1974/fig3.nfg"
    if not catalogue.exists():
        pytest.skip("this pygambit has no catalogue files")
    ours = read_nfg(catalogue)
    theirs = gbt.read_nfg(str(catalogue))
    players = list(theirs.players)
    for profile in ours.profiles():
        for i, player in enumerate(players):
            value = theirs[[int(k) for k in profile]][player]
            assert Fraction(str(value)) == ours.payoff(i, profile)
    assert ours.same_payoffs(read_nfg(GAMES / "shapley-lemke-howson.nfg"))


def test_first_player_changes_fastest() -> None:
    # Gambit manual: "the strategy of player 1 changes most rapidly".
    text = 'NFG 1 R "" { "A" "B" "C" } { 2 3 2 }\n' + " ".join(str(k) for k in range(36))
    game = parse_nfg(text, "order.nfg")
    assert game.payoff(0, (1, 0, 0)) == 3  # the second profile
    assert game.payoff(2, (0, 1, 0)) == 8  # the third profile
    assert game.payoff(1, (1, 2, 1)) == 34  # the last profile


def test_both_variants_and_strategy_forms_agree() -> None:
    payoffs = 'NFG 1 R "PD" { "Row" "Col" } { { "C" "D" } { "C" "D" } }\n3 3 5 0 0 5 1 1\n'
    outcomes = (
        'NFG 1 R "PD" { "Row" "Col" } { { "C" "D" } { "C" "D" } } "a comment"\n'
        '{ { "CC" 3, 3 } { "DC" 5 0 } { "CD" 0, 5 } { "DD" 1, 1 } }\n1 2 3 4\n'
    )
    assert parse_nfg(payoffs, "a") == parse_nfg(outcomes, "b")
    numbered = parse_nfg('NFG 1 D "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1', "c")
    assert numbered.strategies == (("1", "2"), ("1", "2"))
    assert numbered.same_payoffs(parse_nfg(payoffs, "a"))


def test_outcome_zero_means_all_zero_payoffs() -> None:
    text = 'NFG 1 R "" { "A" "B" } { 2 1 }\n{ { "win" 1, -1 } }\n0 1\n'
    game = parse_nfg(text, "zero.nfg")
    assert game.payoff(0, (0, 0)) == 0 and game.payoff(1, (1, 0)) == -1


def test_decimal_rational_and_exponent_payoffs_are_exact() -> None:
    text = 'NFG 1 R "" { "A" "B" } { 1 3 } 0.1 -3/2 1e-3 +2.50 .5 7'
    game = parse_nfg(text, "exact.nfg")
    assert game.payoff(0, (0, 0)) == Fraction(1, 10)
    assert game.payoff(1, (0, 0)) == Fraction(-3, 2)
    assert game.payoff(0, (0, 1)) == Fraction(1, 1000)
    assert game.payoff(1, (0, 1)) == Fraction(5, 2)
    assert game.payoff(0, (0, 2)) == Fraction(1, 2)
    assert parse_nfg(write_nfg(game), "again.nfg") == game


def test_quoted_names_with_escapes() -> None:
    text = r'NFG 1 R "a \"quoted\" title" { "P \"1\"" "back\slash" } { 1 1 } 1 2'
    game = parse_nfg(text, "names.nfg")
    assert game.title == 'a "quoted" title'
    assert game.players == ('P "1"', "back\\slash")
    for name in ["ends with \\", 'a\\"b', "two \\\\ slashes", "line\nbreak", ""]:
        game = Game.from_integers([[1]], players=[name], strategies=[[name + "s"]], title=name)
        assert parse_nfg(write_nfg(game), "names.nfg") == game


def test_multiline_comment_and_windows_line_ends() -> None:
    text = 'NFG 1 R "t" { "A" "B" }\r\n{ 2 1 }\r\n"line one\r\nline two"\r\n\r\n1 2\r\n3 4\r\n'
    game = parse_nfg("\ufeff" + text, "crlf.nfg")
    assert game.payoff(1, (1, 0)) == 4


def test_bundled_games_all_read() -> None:
    files = sorted(GAMES.glob("*.nfg"))
    assert len(files) >= 10
    for path in files:
        game = read_nfg(path)
        assert game.title
        assert parse_nfg(write_nfg(game), path.name) == game


def test_large_integer_game_round_trip() -> None:
    rng = np.random.default_rng(7)
    tables = [rng.integers(-1000, 1000, size=(5,) * 7) for _ in range(7)]
    game = Game.from_integers(tables, title="seven players")
    text = write_nfg(game)
    assert len(text.split()) > 546_875
    read = parse_nfg(text, "big.nfg")
    assert read == game
    assert read.numerators[0].dtype == np.int64
