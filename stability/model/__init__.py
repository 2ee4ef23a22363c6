"""The domain, the bottom layer: games, scenarios (with priors), conflicts, exact games
built from scenarios (:mod:`stability.model.joint`) and the package version.

``Game`` is imported on first use, so that reading the version needs no numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stability.model.game import Game

__all__ = ["Game"]


def __getattr__(name: str) -> object:
    """``stability.model.Game``, loaded from :mod:`stability.model.game` on first use."""
    if name == "Game":
        from stability.model.game import Game

        return Game
    raise AttributeError(f"module 'stability.model' has no attribute {name!r}")
