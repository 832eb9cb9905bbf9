"""What the page checker expects of each built page, and what it reports (scripts/book_pages.py)."""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass, field

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
PROBLEM_KINDS = ("math", "image", "figure", "console", "network", "xref", "link", "claims", "launch",
                 "redirect", "layout", "findings")
FINDINGS_PAGE = "book/findings"


@dataclass(frozen=True)
class LaunchConfig:
    """Where the launch buttons must point: ``_config.yml``'s repository and launch services."""

    repository_url: str
    branch: str
    path_to_book: str
    binderhub_url: str
    colab_url: str


@dataclass(frozen=True)
class PageExpectation:
    """What one built page must show.

    ``path`` is relative to the HTML folder; ``notebook`` is the chapter's ``.ipynb`` relative to
    the book root (None for pages that are not chapters); ``figure_cells`` is the number of code
    cells in the source that call ``plt.show()``; ``source_has_math`` says whether its Markdown
    holds math; ``redirect_to`` is set for a page that only redirects (``index.html``); ``findings``
    marks the findings page (its entries are checked against the chapters' claims tables).
    """

    path: str
    notebook: str | None = None
    figure_cells: int = 0
    source_has_math: bool = False
    redirect_to: str | None = None
    findings: bool = False

    @property
    def chapter(self) -> bool:
        return self.notebook is not None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page: ``kind`` is one of PROBLEM_KINDS."""

    kind: str
    detail: str


@dataclass(frozen=True)
class PageReport:
    """What the browser found on one page.

    ``layout`` holds, per viewport width, what the layout script measured (elements sticking out of
    the column, the claims tables' heights there and re-laid at 720 px); ``claims`` the page's claims
    rows (anchor, verdict); ``findings`` the findings page's entries (link, verdict).
    """

    path: str
    problems: tuple[Problem, ...]
    math_elements: int
    typeset: int
    images: int
    figure_cells: int
    seconds: float
    screenshot: str | None
    layout: tuple = field(default=())
    claims: tuple = field(default=())
    findings: tuple = field(default=())

    def kinds(self) -> set[str]:
        """The kinds of the problems found."""
        return {p.kind for p in self.problems}


def launch_config(root: pathlib.Path = ROOT) -> LaunchConfig:
    """The repository and launch settings of the book at ``root`` (from its ``_config.yml``)."""
    config = yaml.safe_load((pathlib.Path(root) / "_config.yml").read_text())
    repo, buttons = config.get("repository", {}), config.get("launch_buttons", {})
    missing = [k for k, v in (("repository.url", repo.get("url")), ("launch_buttons.binderhub_url",
               buttons.get("binderhub_url")), ("launch_buttons.colab_url", buttons.get("colab_url"))) if not v]
    if missing:
        raise ValueError(f"_config.yml lacks {', '.join(missing)}: the launch links need them")
    return LaunchConfig(repository_url=repo["url"].rstrip("/"), branch=repo.get("branch", "main"),
                        path_to_book=(repo.get("path_to_book") or "").strip("/"),
                        binderhub_url=buttons["binderhub_url"].rstrip("/"),
                        colab_url=buttons["colab_url"].rstrip("/"))


_MATH_IN_MARKDOWN = re.compile(r"\$[^$\n]+\$|\$\$|\\begin\{|\{math\}")


def source_expectations(md: pathlib.Path) -> tuple[int, bool]:
    """(code cells calling ``plt.show()`` that are not removed, whether the Markdown has math) of a source."""
    import jupytext

    nb = jupytext.read(md)
    figures = sum(1 for c in nb.cells if c.cell_type == "code" and "plt.show()" in c.source
                  and not {"remove-cell", "remove-output"} & set(c.metadata.get("tags", [])))
    math = any(_MATH_IN_MARKDOWN.search(c.source) for c in nb.cells if c.cell_type == "markdown")
    return figures, math


def book_expectations(html: pathlib.Path, root: pathlib.Path = ROOT) -> list[PageExpectation]:
    """One expectation per HTML page of the build ``html`` of the book at ``root``.

    Chapters (the ``.ipynb`` entries of ``_toc.yml``) get their notebook, figure count and math flag from their ``.md`` source;
    the root page gets its math flag; the findings page is marked; ``index.html`` must redirect to the root page; every other page
    (index of proofs, general index, search) gets the checks that apply to any page.
    """
    html, root = pathlib.Path(html), pathlib.Path(root)
    if not (html / "index.html").is_file():
        raise FileNotFoundError(f"{html}/index.html is missing: build the book first (`make html`)")
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    chapters = {pathlib.Path(e["file"]).with_suffix("").as_posix(): e["file"] for e in toc.get("chapters", [])
                if e["file"].endswith(".ipynb")}
    root_page = pathlib.Path(toc["root"]).with_suffix("").as_posix()
    out = []
    for page in sorted(html.rglob("*.html")):
        rel = page.relative_to(html).as_posix()
        if rel.startswith("_"):
            continue
        stem = rel[: -len(".html")]
        if stem in chapters:
            figures, math = source_expectations(root / f"{stem}.md")
            notebook = pathlib.Path(chapters[stem]).with_suffix(".ipynb").as_posix()
            out.append(PageExpectation(rel, notebook=notebook, figure_cells=figures, source_has_math=math))
        elif stem == FINDINGS_PAGE:
            out.append(PageExpectation(rel, findings=True))
        elif stem == root_page:
            out.append(PageExpectation(rel, source_has_math=source_expectations(root / f"{stem}.md")[1]))
        elif rel == "index.html":
            out.append(PageExpectation(rel, redirect_to=f"{root_page}.html"))
        else:
            out.append(PageExpectation(rel))
    return out
