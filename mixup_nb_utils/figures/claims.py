"""The "Claims checked" tables: rendering only. The model (Check, Claim, decide) is :mod:`mixup_nb_utils.claims`."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..claims import Claim


def claims_markdown(claims: Iterable[Claim]) -> str:
    """The claims as a Markdown table (pipes in cells escaped)."""
    rows = ["| claim | paper | this book | closed form | computed check (tolerance) | verdict |",
            "|---|---|---|---|---|---|"]
    for c in claims:
        cells = (c.claim, c.paper, c.book, c.closed_form, c.tests_text(), f"**{c.verdict}**")
        rows.append("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    return "\n".join(rows)


def claims_table(claims: Sequence[Claim]):
    """Display object for a notebook: the claims rendered as a Markdown table."""
    from IPython.display import Markdown

    return Markdown(claims_markdown(claims))
