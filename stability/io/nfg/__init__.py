"""Gambit's strategic-form format (``.nfg``): both variants, read and written.

:mod:`~stability.io.nfg.lexer` tokenises, :mod:`~stability.io.nfg.reader` reads,
:mod:`~stability.io.nfg.writer` writes.

A file starts with a header, ``NFG 1 R "title" { "P1" "P2" }``, then the
strategies (``{ 2 2 }`` or ``{ { "C" "D" } { "C" "D" } }``), an optional comment
string, and either

- the *payoff list*: for each pure profile, every player's payoff; or
- the *outcome list*: ``{ { "name" 3, 3 } ... }`` followed by one outcome number
  per profile (``0`` is the outcome in which everyone gets 0).

Profiles come in the order in which the first player's strategy changes fastest.
Payoffs are integers, decimals or rationals (``-3/2``) and are kept exact.

>>> game = parse_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1', "pd.nfg")
>>> game.describe(), game.payoff(0, (1, 0)), game.payoff(1, (1, 0))
('PD: 2 players, 2x2, 4 profiles', Fraction(5, 1), Fraction(0, 1))
>>> parse_nfg(write_nfg(game), "again.nfg") == game
True
"""

from stability.io.nfg.reader import MAX_EXACT_PAYOFFS, nfg_comment, parse_nfg, read_nfg
from stability.io.nfg.writer import Variant, gambit_label_problems, quote, write_nfg

__all__ = [
    "MAX_EXACT_PAYOFFS",
    "Variant",
    "gambit_label_problems",
    "nfg_comment",
    "parse_nfg",
    "quote",
    "read_nfg",
    "write_nfg",
]
