"""Printed tables as rendered tables: a chapter passes the header and the formatted cells, the book shows
a table that fits the column (Markdown, rendered by MyST) instead of a fixed-width printout."""

from __future__ import annotations

from typing import Iterable, Sequence


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None) -> str:
    """A Markdown table: ``header`` names the columns, each row gives one cell per column (already
    formatted: numbers are written with ``str``); ``align`` is one letter per column, ``l`` or ``r``
    (default: the first column left, the others right). Pipes in cells are escaped."""
    header = [str(h) for h in header]
    align = align or "l" + "r" * (len(header) - 1)
    if len(align) != len(header) or set(align) - {"l", "r"}:
        raise ValueError(f"align needs one of 'l' or 'r' per column ({len(header)}), got {align!r}")
    lines = ["| " + " | ".join(h.replace("|", "\\|") for h in header) + " |",
             "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|"]
    for i, row in enumerate(rows):
        cells = [str(c).replace("|", "\\|") for c in row]
        if len(cells) != len(header):
            raise ValueError(f"row {i} has {len(cells)} cells, the header {len(header)}: {cells}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None):
    """Display object for a notebook: :func:`markdown_table` rendered (IPython's ``Markdown``)."""
    from IPython.display import Markdown

    return Markdown(markdown_table(header, rows, align))
