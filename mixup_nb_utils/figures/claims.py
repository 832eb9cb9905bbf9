"""The "Claims checked" table that closes every chapter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

VERDICTS: tuple[str, ...] = ("confirmed", "refuted", "partly", "not checked")


@dataclass(frozen=True)
class Claim:
    """One row: the claim, the paper's number, this book's number, the closed form's, the verdict."""

    claim: str
    paper: str
    book: str
    closed_form: str = "–"
    verdict: str = "confirmed"

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}.")


def claims_markdown(claims: Iterable[Claim]) -> str:
    """The claims as a Markdown table (pipes in cells escaped)."""
    rows = ["| claim | paper | this book | closed form | verdict |", "|---|---|---|---|---|"]
    for c in claims:
        cells = (c.claim, c.paper, c.book, c.closed_form, f"**{c.verdict}**")
        rows.append("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    return "\n".join(rows)


def claims_table(claims: Iterable[Claim]):
    """Display object for a notebook: the claims rendered as a Markdown table."""
    from IPython.display import Markdown

    return Markdown(claims_markdown(claims))


def verdict(ok: bool) -> str:
    """'confirmed' when a computed check holds, else 'refuted'."""
    return "confirmed" if ok else "refuted"
