"""The domain, the bottom layer: games, scenarios (with priors), conflicts, exact games
built from scenarios (:mod:`stability.model.joint`) and the package version."""

from stability.model.game import Game

__all__ = ["Game"]
