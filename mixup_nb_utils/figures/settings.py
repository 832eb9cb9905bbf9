"""A chapter's settings shown compactly: the ones that differ from the paper's scale, then the rest by name."""

from __future__ import annotations

from ..config import settings_rows


def settings_markdown(settings) -> str:
    """Markdown: a table of the settings whose value differs from the paper's scale, and a line naming the others."""
    rows = settings_rows(settings)
    differ = [r for r in rows if r.differs]
    same = [r.name for r in rows if not r.differs]
    head = f"**Scale: `{settings.scale}`.** "
    if not differ:
        return head + f"All {len(rows)} settings are the paper's: " + ", ".join(f"`{n}`" for n in same) + "."
    lines = [head + "Settings that differ from the paper's scale (`MIXUP_SCALE=paper`):", "",
             "| setting | this run | paper scale |", "|---|---|---|"]
    lines += [f"| `{r.name}` | {_cell(r.value)} | {_cell(r.paper_value)} |" for r in differ]
    if same:
        lines += ["", "The same at both scales: " + ", ".join(f"`{n}`" for n in same) + "."]
    return "\n".join(lines)


def _cell(value) -> str:
    return repr(value).replace("|", "\\|")


def settings_table(settings):
    """Display object for a chapter's parameters cell (see :func:`settings_markdown`)."""
    from IPython.display import Markdown

    return Markdown(settings_markdown(settings))
