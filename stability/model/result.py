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

    def summary(self) -> str:
        """A one-line summary: what the result is about and its size."""
        subject = next(
            (
                getattr(getattr(self, name), "title", "")
                for name in ("scenario", "game", "conflict")
                if getattr(self, name, None) is not None
            ),
            "",
        )
        try:
            rows = self.rows()
        except Exception:  # noqa: BLE001 - a summary never fails
            rows = None
        size = f"{len(rows)} rows" if rows is not None else "use to_dict()"
        return f"{subject}: {size}" if subject else size

    def __repr__(self) -> str:
        """One line under :data:`MAX_REPR` characters (the fields stay attributes)."""
        return one_line_repr(type(self).__name__, self.summary())

    def __rich__(self) -> RenderableType:
        folded: RenderableType = fold_tables(self.renderable())
        return folded

    def _repr_html_(self) -> str:
        """HTML for Jupyter: real tables (the rows, else the document), full text,
        every label escaped. Never pushes a display of its own, so it shows once."""
        heading = f"<p><b>{escape(type(self).__name__)}</b> {escape(self.summary())}</p>"
        rows = self.rows()
        if not rows:
            return heading + html_value(self.to_dict())
        return (
            heading
            + html_table(list(rows[0]), [list(r.values()) for r in rows])
            + "<details><summary>Everything (<code>to_dict()</code>)</summary>"
            + html_value(self.to_dict())
            + "</details>"
        )


def fold_tables(renderable: Any) -> Any:
    """``renderable`` with every table in it folding what does not fit rather than
    cutting it with "…", as the command line prints it."""
    for column in getattr(renderable, "columns", ()):
        if column.overflow == "ellipsis":
            column.overflow = "fold"
    for part in getattr(renderable, "renderables", ()):
        fold_tables(part)
    return renderable


#: The longest ``repr()`` of a result or model object.
MAX_REPR = 300


def one_line_repr(kind: str, summary: str) -> str:
    """``<Kind: summary>`` on one line, cut to :data:`MAX_REPR` characters.

    >>> one_line_repr("Game", "Chicken, 2 players")
    '<Game: Chicken, 2 players>'
    """
    text = " ".join(f"<{kind}: {summary}>".split())
    if len(text) > MAX_REPR:
        text = text[: MAX_REPR - 2] + "…>"
    return text


def escape(value: object) -> str:
    """Text safe inside HTML."""
    import html

    return html.escape(str(value), quote=True)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "✓" if value else "·"
    if value is None:
        return "–"
    if isinstance(value, dict | list | tuple):
        return html_value(value)
    return escape(value)


def html_table(headers: list[str], rows: list[list[Any]], caption: str = "") -> str:
    """A plain HTML table, every cell escaped and in full.

    >>> html_table(["a"], [["<b>"]])
    '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
    """
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers))
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def html_value(value: Any) -> str:
    """A JSON-like value as HTML: a dict as a two-column table, a list of dicts with the
    same keys as a table, other lists one item per line."""
    if isinstance(value, dict):
        return html_table(["", ""], [[k, v] for k, v in value.items()]).replace(
            "<thead><tr><th></th><th></th></tr></thead>", ""
        )
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) for v in value):
            keys = list(value[0])
            if all(list(v) == keys for v in value):
                return html_table(keys, [list(v.values()) for v in value])
        return "<br>".join(_cell(v) for v in value) if value else "–"
    return _cell(value)
