"""The findings page, written at every build from the executed chapters (``_config.yml``: local extension).

Each chapter's "Claims checked" cell displays ``claims_table(...)``, whose output holds the rows as
data under the MIME type ``application/vnd.mixup.claims+json``. At ``config-inited`` (before Sphinx
looks for source files) this extension reads that payload from every executed ``.ipynb`` of
``_toc.yml`` and writes ``book/findings.md``: the counts per verdict and per chapter, then every claim
with its verdict badge, linking to its row (``<chapter>.html#claim-<n>``). Nothing on the page is
typed by hand; the file is build output (git ignores it). A chapter whose notebook has no payload
stops the build with the command that refreshes it. The payload is dropped from each notebook as
Sphinx reads it (``source-read``), so MyST-NB renders only the table. The extension also adds ``static/book_pages.css``
(the claims tables' layout and badges, printed output that wraps at the column) to every page.

    python scripts/book_findings.py            # write book/findings.md (what the build does)
"""

from __future__ import annotations

import html
import json
import pathlib
import sys
from dataclasses import dataclass

import nbformat
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from mixup_nb_utils.claims import VERDICTS  # noqa: E402
from mixup_nb_utils.figures.claims import CLAIMS_MIME, inline_html, verdict_badge  # noqa: E402

PAGE = "book/findings.md"
TITLE = "What the book found"


@dataclass(frozen=True)
class ChapterClaims:
    """The claims of one executed chapter: its page (``book/x``), its title and the payload's rows."""

    page: str
    title: str
    rows: tuple[dict, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r["verdict"] == verdict)


def toc_pages(root: pathlib.Path = ROOT) -> list[str]:
    """The chapters (the ``.ipynb`` entries of ``_toc.yml``) as pages without suffix (``book/mixup_loss``), in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    return [pathlib.Path(e["file"]).with_suffix("").as_posix() for e in toc.get("chapters", [])
            if e["file"].endswith(".ipynb")]


def read_chapter(root: pathlib.Path, page: str) -> ChapterClaims:
    """The claims payload and title of ``page``'s executed notebook (raises when it has no payload)."""
    nb = nbformat.read(root / f"{page}.ipynb", as_version=4)
    title = next((line[2:].strip() for c in nb.cells if c.cell_type == "markdown"
                  for line in c.source.splitlines() if line.startswith("# ")), page)
    payloads = [o["data"][CLAIMS_MIME] for c in nb.cells if c.cell_type == "code"
                for o in c.get("outputs", []) if CLAIMS_MIME in o.get("data", {})]
    if len(payloads) != 1:
        raise ValueError(f"{page}.ipynb holds {len(payloads)} claims tables ({CLAIMS_MIME} outputs), expected "
                         f"one: run `make execute CHAPTER={page}.md` so its claims_table(...) output is current")
    rows = tuple(payloads[0]["claims"])
    bad = [r["verdict"] for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        raise ValueError(f"{page}.ipynb: unknown verdicts {bad}")
    return ChapterClaims(page, title, rows)


def _counts_html(chapters: list[ChapterClaims]) -> str:
    head = "".join(f"<th>{verdict_badge(v)}</th>" for v in VERDICTS)
    rows = []
    for ch in chapters:
        cells = "".join(f"<td>{ch.count(v)}</td>" for v in VERDICTS)
        name = pathlib.Path(ch.page).name
        rows.append(f'<tr><td><a href="{name}.html">{html.escape(ch.title)}</a></td><td>{len(ch.rows)}</td>{cells}</tr>')
    total = "".join(f"<td>{sum(ch.count(v) for ch in chapters)}</td>" for v in VERDICTS)
    rows.append(f"<tr><th>all chapters</th><td>{sum(len(ch.rows) for ch in chapters)}</td>{total}</tr>")
    return (f'<div class="table-wrapper"><table class="findings-counts"><thead><tr><th>chapter</th><th>claims</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _chapter_html(ch: ChapterClaims) -> str:
    name = pathlib.Path(ch.page).name
    items = []
    for r in ch.rows:
        badge = verdict_badge(r["verdict"], f"{name}.html#{r['anchor']}")
        items.append(f'<li class="finding" data-verdict="{r["verdict"]}">{badge} {inline_html(r["claim"])}</li>')
    items = "".join(items)
    return f'<ul class="findings-list" data-chapter="{name}">{items}</ul>'


def findings_markdown(chapters: list[ChapterClaims]) -> str:
    """The page: what it is, the counts, then each chapter's claims with their badges."""
    total = sum(len(ch.rows) for ch in chapters)
    parts = [f"# {TITLE}", "",
             f"Every claim that the chapters check, {total} in all, with the verdict its computed checks give. "
             "This page is written by the book's build from the executed chapters (the data behind each "
             "chapter's \"Claims checked\" table); a badge leads to the claim's row, and the row's badge to "
             "the checks behind the verdict.", "",
             "A claim is *confirmed* when every check holds, *refuted* when none does, *partly* confirmed "
             "when some hold and some fail, and *undecided* when none fails but the evidence cannot decide "
             "one of them.", "", "## Counts", "", "```{raw} html", _counts_html(chapters), "```", ""]
    for ch in chapters:
        parts += [f"## {ch.title}", "", "```{raw} html", _chapter_html(ch), "```", ""]
    return "\n".join(parts)


def write_findings(root: pathlib.Path = ROOT) -> pathlib.Path:
    """Read every chapter of ``root``'s ``_toc.yml`` and write the findings page; return its path."""
    root = pathlib.Path(root)
    chapters = [read_chapter(root, page) for page in toc_pages(root)]
    out = root / PAGE
    text = findings_markdown(chapters)
    if not out.exists() or out.read_text() != text:
        out.write_text(text)
    return out


def _drop_payload(app, docname: str, source: list[str]) -> None:
    """``source-read``: remove the claims payload from a notebook before MyST-NB renders it (the HTML
    output is what the page shows; MyST-NB has no renderer for the payload's MIME type)."""
    if CLAIMS_MIME not in source[0]:
        return
    nb = json.loads(source[0])
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            out.get("data", {}).pop(CLAIMS_MIME, None)
    source[0] = json.dumps(nb)


def _on_config_inited(app, config) -> None:
    write_findings(pathlib.Path(app.srcdir))


STATIC = pathlib.Path(__file__).resolve().parent / "static"


def _add_static(app, config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app) -> dict:
    app.connect("config-inited", _on_config_inited)
    app.connect("config-inited", _add_static)
    app.connect("source-read", _drop_payload)
    # the page layout: compact claims tables, verdict badges, printed output that wraps
    app.add_css_file("book_pages.css")
    # MathJax on every page: the findings page's math lives in raw HTML, which Sphinx does not count.
    app.set_html_assets_policy("always")
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    print(write_findings())
