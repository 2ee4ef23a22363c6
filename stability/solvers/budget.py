"""A time limit and a progress callback for long solves, passed down to the enumerations.

A :class:`Budget` is created by the caller (the CLI, from ``--time-limit`` and a
progress bar) and handed to a solver, which calls :meth:`Budget.tick` as it
works. ``tick`` reports progress and returns ``True`` once the deadline has
passed; the solver then stops cleanly and returns what it has found, and the
budget remembers that it stopped early (:attr:`Budget.stopped`), so the result
can be marked incomplete (``"complete": false`` in JSON).

>>> budget = Budget(seconds=None)
>>> budget.tick(1, 10), budget.stopped
(False, False)
>>> late = Budget(seconds=0)
>>> late.tick(), late.stopped, late.complete
(True, True, False)
>>> Budget.unlimited().remaining() is None
True
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: ``progress(done, total)``: ``total`` is 0 when it is not known.
Progress = Callable[[int, int], None]

#: Progress is passed on at most this often (seconds), so that ticking is cheap.
REPORT_INTERVAL = 0.1


@dataclass
class Budget:
    """How long a solve may take, and where it reports progress.

    ``seconds`` is the time limit from now (``None``: no limit). Solvers call
    :meth:`tick` often (it is cheap) and stop when it returns ``True``.
    """

    seconds: float | None = None
    progress: Progress | None = None
    #: Set once a solver has been told to stop (the answer is then incomplete).
    stopped: bool = field(default=False, init=False)
    deadline: float | None = field(default=None, init=False)
    _last_report: float = field(default=0.0, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.seconds is not None:
            if self.seconds < 0:
                raise ValueError("a time limit cannot be negative")
            self.deadline = time.monotonic() + self.seconds

    @classmethod
    def unlimited(cls) -> Budget:
        """No time limit, no progress."""
        return cls()

    @property
    def complete(self) -> bool:
        """False once a solver was stopped by the deadline."""
        return not self.stopped

    def remaining(self) -> float | None:
        """Seconds left (``None`` without a limit; never negative)."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        """True once the deadline has passed (and then :attr:`stopped` is set)."""
        if self.stopped:
            return True
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.stopped = True
        return self.stopped

    def tick(self, done: int = 0, total: int = 0) -> bool:
        """Report progress (throttled); ``True`` means: stop now."""
        if self.progress is not None:
            now = time.monotonic()
            if now - self._last_report >= REPORT_INTERVAL or (total and done >= total):
                self._last_report = now
                self.progress(done, total)
        return self.expired()
