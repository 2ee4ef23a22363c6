"""One colour per outcome in every figure of a scenario, from a colour-blind-safe palette.

The colours are Okabe and Ito's (2008, "Color Universal Design", J*FLY), chosen
to stay distinct under the common forms of colour blindness. An outcome's colour
depends only on its place in the scenario's list of outcomes, so the coalition has
the same colour in a sweep map, the report and any other figure of the scenario.

>>> outcome_colours(["Alliance", "Split"])
{'Alliance': '#0072B2', 'Split': '#D55E00'}
>>> colours = outcome_colours(["Alliance", "Split"])
>>> regime_style(("Alliance",), colours)
('#0072B2', None)
>>> regime_style(("Alliance", "Split"), colours)
('#0072B2', '#D55E00')
>>> regime_style((), colours)
('#E0E0E0', None)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: Okabe-Ito colours, most distinct first (black is left for text and lines).
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
#: Where no outcome is an equilibrium.
NONE_COLOUR = "#E0E0E0"
#: Where the model is undefined (a payoff divides by zero, overflows).
UNDEFINED_COLOUR = "#FFFFFF"
#: Ties in coalition graphs: cooperation, conflict, neutral (with distinct line styles).
TIE_COLOURS = {"cooperate": "#009E73", "conflict": "#D55E00", "neutral": "#999999"}
#: Tipping charts: a shift that makes the target an equilibrium, one that ends it.
BECOMES_COLOUR = "#D55E00"
STOPS_COLOUR = "#0072B2"


def outcome_colours(outcomes: Sequence[str]) -> dict[str, str]:
    """Each outcome's colour, by its place in the scenario (cycling past seven)."""
    return {name: OKABE_ITO[k % len(OKABE_ITO)] for k, name in enumerate(outcomes)}


def regime_style(regime: Sequence[str], colours: Mapping[str, str]) -> tuple[str, str | None]:
    """How to fill the cells where a set of outcomes hold together: the face colour and,
    where more than one outcome holds, the colour of the stripes drawn over it.

    One outcome: its own colour, no stripes. Several: the first one's colour with
    stripes of the second's (in the scenario's order), so both stay recognisable.
    """
    if not regime:
        return NONE_COLOUR, None
    names = sorted(regime, key=list(colours).index)
    return colours[names[0]], (colours[names[1]] if len(names) > 1 else None)
