"""What every analysis result of the Python API shares.

A result is an immutable dataclass with named fields. It offers

- ``to_dict()``: the document the command's ``--json`` prints (one implementation: the
  command calls it);
- ``to_frame()``: a pandas DataFrame where the result is a table (pandas is the
  optional ``pandas`` extra);
- ``__rich__`` and ``_repr_html_``: the result drawn in a terminal and in a notebook.

Subclasses define :meth:`to_dict`, :meth:`rows` (the table ``to_frame`` builds, or
``None``) and :meth:`renderable`.
"""

from __future__ import annotations

import importlib
from io import StringIO
from typing import TYPE_CHECKING, Any

from stability.errors import InputError

if TYPE_CHECKING:
    from rich.console import RenderableType

PANDAS_MISSING = (
    "to_frame() needs pandas, an optional extra: pip install \"stability[pandas]\" "
    "(or pip install pandas)"
)


class AnalysisResult:
    """The shared behaviour of the API's result objects (mixed into frozen dataclasses)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of the matching command's ``--json``."""
        raise NotImplementedError

    def rows(self) -> list[dict[str, Any]] | None:
        """The result as a table, one dict per row; ``None`` when it is not a table."""
        return None

    def renderable(self) -> RenderableType:
        """The result for a rich console (the command's human output where it has one)."""
        from rich.pretty import Pretty

        return Pretty(self.to_dict())

    def to_frame(self) -> Any:
        """A pandas DataFrame of :meth:`rows` (needs the ``pandas`` extra)."""
        rows = self.rows()
        if rows is None:
            raise InputError(f"{type(self).__name__} is not a table: use to_dict()")
        try:
            pandas = importlib.import_module("pandas")
        except ImportError:
            raise InputError(PANDAS_MISSING) from None
        return pandas.DataFrame.from_records(rows, columns=list(rows[0]) if rows else None)

    def __rich__(self) -> RenderableType:
        return self.renderable()

    def _repr_html_(self) -> str:
        """HTML for Jupyter: the rich rendering, exported with its colours."""
        from rich.console import Console

        console = Console(
            file=StringIO(), record=True, width=100, force_terminal=True, color_system="truecolor"
        )
        console.print(self.renderable())
        body = console.export_html(inline_styles=True, code_format="{code}")
        return (
            '<pre style="white-space: pre-wrap; font-family: monospace; line-height: 1.25">'
            + body
            + "</pre>"
        )
