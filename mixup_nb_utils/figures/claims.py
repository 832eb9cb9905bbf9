"""The "Claims checked" tables: rendering only. The model (Check, Claim, decide) is :mod:`mixup_nb_utils.claims`.

``claims_table(claims)`` is what a chapter displays. Its output carries three representations:

- ``text/html``: a compact table (claim, paper, this book, closed form, verdict badge), one row per
  claim with the anchor ``claim-<n>``, and below it one collapsible ``<details>`` entry per row
  (anchor ``claim-<n>-checks``) listing the checks behind the verdict;
- ``application/vnd.mixup.claims+json`` (:data:`CLAIMS_MIME`): the same rows as data, which the
  book's build reads from the executed notebooks to write the findings page;
- ``text/plain``: one line with the counts per verdict.

Math written between single dollars (``$X_3^2$``) is typeset by MathJax in the book: it is emitted
as ``<span class="math">\\(...\\)</span>``, the form Sphinx itself writes for inline math.
Each verdict has its own badge colour and symbol, and its word is part of the badge's text, so it
does not depend on colour (or on seeing the symbol) to be read.
"""

from __future__ import annotations

import html
import re
from typing import Iterable, Sequence

from ..claims import VERDICTS, Claim

CLAIMS_MIME = "application/vnd.mixup.claims+json"
# verdict -> (symbol, background colour); white text on each colour has a contrast ratio above 4.5.
VERDICT_BADGES: dict[str, tuple[str, str]] = {
    "confirmed": ("✓", "#1a7f37"),
    "refuted": ("✗", "#c62828"),
    "partly": ("◐", "#8a5a00"),
    "undecided": ("?", "#57606a"),
}
_OUTCOME = {True: ("✓", "holds"), False: ("✗", "fails"), None: ("?", "undecided")}
_MATH = re.compile(r"(?<!\\)\$([^$\n]+?)(?<!\\)\$")
_COLUMNS = ("claim", "paper", "this book", "closed form", "verdict")
# A value cell longer than this is shortened in the table (so that a row stays within about three
# lines of a 720 px column); its full text is in the row's entry below the table.
CELL_LIMIT = 80


def shorten(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` cut at the last "; ", " / " or ", " before ``limit`` characters (never inside
    ``$...$``), with " …" appended; unchanged when it is short enough or has no place to cut."""
    text = str(text)
    if len(text) <= limit:
        return text
    for sep in ("; ", " / ", ", "):
        cut = text.rfind(sep, 0, limit)
        while cut > 0 and text[:cut].count("$") % 2:
            cut = text.rfind(sep, 0, cut)
        if cut > limit // 3:
            return text[:cut] + " …"
    cut = limit
    while cut > 0 and (text[:cut].count("$") % 2 or text[cut - 1] != " "):
        cut -= 1
    return text[:cut].rstrip() + " …" if cut > limit // 3 else text


def inline_html(text: str) -> str:
    """``text`` as HTML: escaped, with each ``$...$`` turned into an inline math span for MathJax."""
    out, last = [], 0
    for m in _MATH.finditer(str(text)):
        out.append(html.escape(text[last:m.start()]))
        out.append(f'<span class="math notranslate nohighlight">\\({html.escape(m.group(1))}\\)</span>')
        last = m.end()
    out.append(html.escape(str(text)[last:]))
    return "".join(out)


def verdict_badge(verdict: str, href: str | None = None) -> str:
    """The badge of a verdict: its symbol (hidden from screen readers) and its word, in its colour."""
    if verdict not in VERDICT_BADGES:
        raise ValueError(f"unknown verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    symbol, colour = VERDICT_BADGES[verdict]
    tag, attr = ("a", f' href="{href}"') if href else ("span", "")
    return (f'<{tag} class="verdict-badge verdict-{verdict}"{attr} style="background:{colour};color:#fff;'
            f'border-radius:0.8em;padding:0 0.5em;white-space:nowrap;text-decoration:none;font-weight:600">'
            f'<span aria-hidden="true">{symbol}</span> {verdict}</{tag}>')


def claims_payload(claims: Iterable[Claim]) -> dict:
    """The rows as data (what the findings page is built from): anchor, cells, verdict and checks."""
    rows = []
    for i, c in enumerate(claims, start=1):
        rows.append({"anchor": f"claim-{i}", "claim": c.claim, "paper": c.paper, "book": c.book,
                     "closed_form": c.closed_form, "verdict": c.verdict,
                     "checks": [{"test": k.test, "holds": k.holds} for k in c.checks]})
    return {"version": 1, "verdicts": list(VERDICTS), "claims": rows}


def _row_html(row: dict) -> str:
    n = row["anchor"].split("-")[-1]
    cells = [f'<td data-label="claim"><span class="claim-number">{n}.</span> {inline_html(row["claim"])}</td>',
             f'<td data-label="paper">{inline_html(shorten(row["paper"]))}</td>',
             f'<td data-label="this book">{inline_html(shorten(row["book"]))}</td>',
             f'<td data-label="closed form">{inline_html(shorten(row["closed_form"]))}</td>',
             f'<td data-label="verdict">{verdict_badge(row["verdict"], "#" + row["anchor"] + "-checks")}</td>']
    return f'<tr id="{row["anchor"]}">' + "".join(cells) + "</tr>"


def _checks_html(row: dict) -> str:
    n = row["anchor"].split("-")[-1]
    items = []
    for k in row["checks"]:
        symbol, word = _OUTCOME[k["holds"]]
        items.append(f'<li><span aria-hidden="true">{symbol}</span> <strong>{word}</strong>: '
                     f'{inline_html(k["test"])}</li>')
    full = "".join(f"<li>{name} (in full): {inline_html(row[key])}</li>" for name, key in
                   (("paper", "paper"), ("this book", "book"), ("closed form", "closed_form"))
                   if shorten(row[key]) != str(row[key]))
    return (f'<details class="claim-checks" id="{row["anchor"]}-checks"><summary>{n}. '
            f'{inline_html(row["claim"])} {verdict_badge(row["verdict"])}</summary>'
            f'<ul>{"".join(items)}{full}</ul></details>')


def claims_html(claims: Iterable[Claim]) -> str:
    """The compact table, then the checks behind each verdict (one ``<details>`` per row)."""
    payload = claims_payload(claims)
    head = "".join(f'<th class="col-{c.replace(" ", "-")}">{c}</th>' for c in _COLUMNS)
    body = "".join(_row_html(r) for r in payload["claims"])
    checks = "".join(_checks_html(r) for r in payload["claims"])
    return (f'<div class="claims-block"><table class="claims-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table><p class="claims-checks-title">The checks behind each verdict '
            f'(the tolerance is part of each check):</p>{checks}</div>')


def claims_summary(claims: Iterable[Claim]) -> str:
    """One line: the number of claims per verdict."""
    verdicts = [c.verdict for c in claims]
    counts = ", ".join(f"{verdicts.count(v)} {v}" for v in VERDICTS if v in verdicts)
    return f"Claims checked: {len(verdicts)} ({counts})"


def claims_markdown(claims: Iterable[Claim]) -> str:
    """The claims as a plain Markdown table (pipes in cells escaped), for text-only readers."""
    rows = ["| claim | paper | this book | closed form | computed check (tolerance) | verdict |",
            "|---|---|---|---|---|---|"]
    for c in claims:
        cells = (c.claim, c.paper, c.book, c.closed_form, c.tests_text(), f"**{c.verdict}**")
        rows.append("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    return "\n".join(rows)


class ClaimsTable:
    """What a notebook displays for a claims table: HTML, the JSON payload and a one-line summary."""

    def __init__(self, claims: Sequence[Claim]):
        claims = tuple(claims)
        if not claims or not all(isinstance(c, Claim) for c in claims):
            raise ValueError("claims_table needs a non-empty sequence of Claim objects (mixup_nb_utils.claims).")
        self.claims = claims

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": claims_summary(self.claims), "text/html": claims_html(self.claims),
                CLAIMS_MIME: claims_payload(self.claims)}


def claims_table(claims: Sequence[Claim]) -> ClaimsTable:
    """Display object for a notebook: the compact claims table with its checks and its data payload."""
    return ClaimsTable(claims)
