"""The conflict type of the Graph Model for Conflict Resolution, in option form.

A conflict lists decision makers with their options, its feasible states and each
decision maker's preference levels over them. A state's code is the sum of
``2**k`` over the options ``k`` taken, options numbered in file order. Reading and
writing conflicts lives in :mod:`stability.io.conflict`; the stability analysis in
:mod:`stability.analysis.gmcr`.

>>> import numpy as np
>>> conflict = Conflict(
...     title="Talks",
...     decision_makers=("A", "B"),
...     options=("Talk", "Fight"),
...     controls=((0,), (1,)),
...     states=(0, 1, 2, 3),
...     ranks=(np.array([1, 3, 0, 2]), np.array([2, 1, 3, 2])),
...     irreversible={},
... )
>>> conflict.option_mask(1), conflict.describe_state(3), conflict.state_index(2)
(2, 'Talk, Fight', 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stability.errors import InputError

#: The directions in which an option can be irreversible.
IRREVERSIBILITY = ("forward", "backward", "both")

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Conflict:
    """A conflict in option form with its feasible states and preferences.

    ``states`` are the feasible state codes in increasing order; ``ranks[i][k]``
    is decision maker ``i``'s preference level of ``states[k]`` (higher is more
    preferred, equal values are equally preferred). ``irreversible`` maps an option
    index to ``"forward"`` (taken, it cannot be withdrawn), ``"backward"`` (not
    taken, it cannot be taken) or ``"both"``.
    """

    title: str
    decision_makers: tuple[str, ...]
    options: tuple[str, ...]
    controls: tuple[tuple[int, ...], ...]
    states: tuple[int, ...]
    ranks: tuple[IntArray, ...]
    irreversible: dict[int, str]
    source: str = ""

    def __repr__(self) -> str:
        from stability.model.display import conflict_repr

        return conflict_repr(self)

    def _repr_html_(self) -> str:
        from stability.model.display import conflict_html

        return conflict_html(self)

    @property
    def n_states(self) -> int:
        return len(self.states)

    def option_mask(self, decision_maker: int) -> int:
        """The bits of the options ``decision_maker`` controls."""
        return sum(1 << k for k in self.controls[decision_maker])

    def state_index(self, code: int) -> int:
        """The position of a feasible state code in :attr:`states`."""
        try:
            return self.states.index(code)
        except ValueError:
            raise InputError(
                f"{code} is not a feasible state (feasible: {short_list(self.states)})",
                source=self.source or None,
            ) from None

    def describe_state(self, code: int) -> str:
        """The options a state takes, in words: ``"Release, Attack"`` or ``"(no option)"``."""
        taken = [name for k, name in enumerate(self.options) if code >> k & 1]
        return ", ".join(taken) if taken else "(no option)"


def short_list(codes: Sequence[int], limit: int = 12) -> str:
    """State codes for a message, the first ``limit`` of them.

    >>> short_list(range(20), limit=3)
    '0, 1, 2, …'
    """
    shown = ", ".join(str(c) for c in codes[:limit])
    return shown + (", …" if len(codes) > limit else "")
