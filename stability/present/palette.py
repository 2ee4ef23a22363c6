"""One colour per outcome in every figure of a scenario, from a colour-blind-safe palette,
and one meaning per colour across the figure families.

Bluish green means cooperation and vermillion conflict (the coalition graphs' ties),
so neither is ever an outcome's colour; the tipping and sensitivity charts, which
show no outcome, draw in greys. ``tests/test_pictures_legend.py`` checks that no
colour has two meanings.

The colours are Okabe and Ito's (2008, "Color Universal Design", J*FLY), chosen
to stay distinct under the common forms of colour blindness, followed by two of
Paul Tol's "muted" scheme (olive and rose) for scenarios with six or seven outcomes
(Mosul has six). An outcome's colour
depends only on its place in the scenario's list of outcomes, so the coalition has
the same colour in a sweep map, the report and any other figure of the scenario.

>>> outcome_colours(["Alliance", "Split"])
{'Alliance': '#0072B2', 'Split': '#E69F00'}
>>> colours = outcome_colours(["Alliance", "Split"])
>>> regime_style(("Alliance",), colours)
('#0072B2', None)
>>> regime_style(("Alliance", "Split"), colours)
('#0072B2', '#E69F00')
>>> regime_style((), colours)
('#E0E0E0', None)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: Okabe-Ito colours for outcomes, most distinct first (black is left for text and
#: lines; bluish green and vermillion are kept for cooperation and conflict).
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
#: Outcomes past the fifth: Tol's muted olive and rose, distinct from the above and
#: from the ties' green and vermillion.
TOL_MUTED = ("#999933", "#CC6677")
#: Every outcome colour, in the order outcomes take them (cycling past seven).
OUTCOME_COLOURS = OKABE_ITO + TOL_MUTED
#: Where no outcome is an equilibrium.
NONE_COLOUR = "#E0E0E0"
#: Where the model is undefined (a payoff divides by zero, overflows).
UNDEFINED_COLOUR = "#FFFFFF"
#: Ties in coalition graphs: cooperation, conflict, neutral (with distinct line styles).
TIE_COLOURS = {"cooperate": "#009E73", "conflict": "#D55E00", "neutral": "#999999"}
#: Tipping charts: the shift to a threshold (its direction is in the title), and the
#: band of the parameter's range behind it.
THRESHOLD_COLOUR = "#4D4D4D"
RANGE_COLOUR = "#E5E7E9"
#: Sensitivity charts: first-order and total indices.
FIRST_ORDER_COLOUR = "#4D4D4D"
TOTAL_COLOUR = "#B3B3B3"
#: Coalition graphs: the actors' nodes.
NODE_COLOUR = "#F2F2F2"
NODE_EDGE = "#37474F"

#: Coalition-structure maps: a core-stable structure's face, the ring of a structure
#: in the largest consistent set, and the shortest chain of moves (Tol's muted sand,
#: wine and indigo: no outcome's colour, since the map shows structures).
CORE_FACE = "#DDCC77"
FARSIGHTED_RING = "#882255"
CHAIN_COLOUR = "#332288"

#: Every colour with a meaning of its own, for the test that none has two.
MEANINGS = {
    **dict.fromkeys(OUTCOME_COLOURS, "an outcome"),
    TIE_COLOURS["cooperate"]: "cooperation",
    TIE_COLOURS["conflict"]: "conflict",
    TIE_COLOURS["neutral"]: "a neutral tie",
    NONE_COLOUR: "no outcome holds",
    THRESHOLD_COLOUR: "a shift to a threshold, or a first-order index",
    TOTAL_COLOUR: "a total index",
    RANGE_COLOUR: "a parameter's range",
    CORE_FACE: "a core-stable coalition structure",
    FARSIGHTED_RING: "a structure in the largest consistent set",
    CHAIN_COLOUR: "the shortest chain of moves between structures",
}


def outcome_colours(outcomes: Sequence[str]) -> dict[str, str]:
    """Each outcome's colour, by its place in the scenario (cycling past seven)."""
    return {name: OUTCOME_COLOURS[k % len(OUTCOME_COLOURS)] for k, name in enumerate(outcomes)}


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
