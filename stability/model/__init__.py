"""The immutable domain types: games (and, later, scenarios)."""

from stability.model.game import Game

__all__ = ["Game"]
