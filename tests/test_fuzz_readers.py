"""Fuzzing every reader: random bytes and random mutations of the bundled files.

Whatever the bytes, a reader either returns a game (scenario, conflict) or raises
:class:`InputError`, whose message is one line naming the file; never another
exception, never a hang (each example is small, so each read is fast).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stability.errors import InputError, one_line
from stability.io import game_text, read_game
from stability.io.conflict import read_conflict
from stability.io.scenario import read_scenario

GAMES = Path(__file__).resolve().parents[1] / "games"
SEEDS: dict[str, list[bytes]] = {
    ".nfg": [p.read_bytes() for p in sorted(GAMES.glob("*.nfg"))],
    # no JSON game is bundled: the JSON documents of the bundled .nfg games
    ".json": [game_text(read_game(p), ".json").encode() for p in sorted(GAMES.glob("*.nfg"))],
    ".toml": [
        p.read_bytes()
        for p in sorted(GAMES.glob("*.toml"))
        if not p.name.endswith(".gmcr.toml")
    ],
    ".gmcr.toml": [p.read_bytes() for p in sorted(GAMES.glob("*.gmcr.toml"))],
}
READERS: dict[str, Callable[[Path], Any]] = {
    ".nfg": read_game,
    ".json": read_game,
    ".toml": read_scenario,
    ".gmcr.toml": read_conflict,
}
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def mutations(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few random edits: bytes replaced, inserted, deleted, repeated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not data:
            data += draw(st.binary(min_size=1, max_size=8))
            continue
        where = draw(st.integers(min_value=0, max_value=len(data) - 1))
        kind = draw(st.sampled_from(["replace", "insert", "delete", "repeat", "bracket"]))
        if kind == "replace":
            data[where] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[where : where + draw(st.integers(min_value=1, max_value=40))]
        elif kind == "repeat":
            chunk = data[where : where + draw(st.integers(min_value=1, max_value=20))]
            data[where:where] = chunk * draw(st.integers(min_value=1, max_value=50))
        else:  # nesting an attacker would try
            data[where:where] = draw(st.sampled_from([b"[", b"{", b"(", b"-", b"**"])) * 200
    return bytes(data)


def _check(reader: Callable[[Path], Any], path: Path) -> None:
    try:
        reader(path)
    except InputError as err:
        message = one_line(str(err))
        assert "\n" not in message
        assert str(err).startswith(str(path)) or path.name in str(err), str(err)


@pytest.mark.parametrize("suffix", list(READERS))
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(suffix: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _check(READERS[suffix], path)


@pytest.mark.parametrize("suffix", list(READERS))
@FUZZ
@given(data=st.data())
def test_mutated_bundled_files(suffix: str, data: st.DataObject, tmp_path: Path) -> None:
    seed = data.draw(st.sampled_from(SEEDS[suffix]))
    mutated = data.draw(mutations(seed))
    path = tmp_path / f"mutant{suffix}"
    path.write_bytes(mutated)
    _check(READERS[suffix], path)
