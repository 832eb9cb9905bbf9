"""Check the built book the way a reader sees it: every page in headless Chromium, at 1280 and 400 px.

Each page is served from the build folder on 127.0.0.1 and loaded in Debian's Chromium
(``/usr/bin/chromium``, driven by the ``playwright`` package; no browser is downloaded), with
every request that leaves the machine refused, so the pages must work offline. For each page:

- math is typeset: MathJax loaded (from the book), every ``.math`` element holds MathJax output,
  no raw ``\\(``, ``\\[`` or ``$$`` is left in the text outside code, no TeX error; a page whose
  source has math shows typeset math;
- every image loaded (``naturalWidth > 0``), every code cell that calls ``plt.show()`` shows a
  figure (as many as the chapter's source has such cells), and every image of the content sits in a
  figure with a numbered caption and an alt text that is not a file name;
- no console error, no uncaught exception, no failed request, no request off the machine;
- no unresolved cross-reference (what Sphinx, MyST and sphinxcontrib-bibtex leave: an element of
  class ``xref``, an empty citation ``[]``, ``??``), no internal link to a missing page or anchor;
- layout, at 1280 px and at 400 px: no element of the main column sticks out of it (code blocks,
  display math and tables' scroll containers may scroll inside themselves), the page does not scroll
  sideways; every claims table fits without horizontal scroll, also re-laid in a 720 px column,
  where a typical row takes at most three lines;
- chapters: the "Claims checked" table (columns claim … verdict; every row with an anchor, a verdict
  badge and its checks below) is the last section, and the Binder and Colab launch links open the
  chapter's ``.ipynb`` on ``_config.yml``'s repository and branch;
- the findings page lists exactly the chapters' claims rows, each with its row's verdict.

    python scripts/book_pages.py [_build/html] [--screenshots DIR] [--docs DIR]   # exit 1 on a problem

The modules: ``book_pages_model`` (expectations, reports), ``book_pages_browser`` (server, Chromium,
one visit), ``book_pages_checks`` (what counts as a problem), the page scripts ``book_pages_*.js``.
"""

from __future__ import annotations

import contextlib
import pathlib
import sys
import time
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from book_pages_browser import (CHROMIUM_FLAGS, CLAIMS_WIDTH, DEFAULT_CHROMIUM, LOCAL_HOSTS,  # noqa: E402,F401
                                MATHJAX_TIMEOUT_MS, PAGE_TIMEOUT_MS, WIDTHS, chromium_path, open_browser,
                                serve, visit)
from book_pages_checks import (chapter_problems, findings_problems, image_problems,  # noqa: E402
                               launch_problems as _launch_problems, layout_problems, math_problems,
                               reference_problems)
from book_pages_model import (PROBLEM_KINDS, ROOT, LaunchConfig, PageExpectation, PageReport,  # noqa: E402,F401
                              Problem, book_expectations, launch_config, source_expectations)


def check_page(browser: object, base_url: str, expect: PageExpectation, launch: LaunchConfig | None = None,
               screenshot: pathlib.Path | None = None) -> tuple[PageReport, dict]:
    """Load ``base_url + expect.path`` in a fresh browser context and check it (see the module docstring).

    Requests to any host but 127.0.0.1 are refused and reported. Returns the report and what the
    page showed (its element ids and same-site links, for the cross-page checks of ``check_book``).
    ``launch`` is needed for chapters (their launch links); ``screenshot`` saves full-page PNGs.
    """
    if expect.chapter and launch is None:
        raise ValueError(f"{expect.path} is a chapter: pass launch=launch_config() to check its launch links")
    start = time.perf_counter()
    target = urllib.parse.urljoin(base_url, expect.redirect_to) if expect.redirect_to else None
    found = visit(browser, urllib.parse.urljoin(base_url, expect.path), target, screenshot)
    seen = found["seen"]
    problems = list(found["problems"]) + math_problems(seen, expect)
    more, shown = image_problems(seen, expect)
    problems += more + reference_problems(seen) + layout_problems(found["layouts"])
    if expect.chapter:
        problems += chapter_problems(seen, expect, launch)
    report = PageReport(path=expect.path, problems=tuple(problems), math_elements=seen["mathElements"],
                        typeset=seen["typeset"], images=len(seen["images"]), figure_cells=shown,
                        seconds=time.perf_counter() - start,
                        screenshot=str(screenshot) if screenshot is not None else None,
                        layout=tuple(found["layouts"]), claims=tuple(seen["claims"]),
                        findings=tuple(seen["findings"]))
    return report, {"ids": set(seen["ids"]), "links": seen["links"], "url": found["url"]}


def screenshot_name(path: str) -> str:
    """The screenshot file of a page: ``book/mixup_loss.html`` -> ``book_mixup_loss.png``."""
    return path[: -len(".html")].replace("/", "_") + ".png" if path.endswith(".html") else path + ".png"


def _cross_page_problems(report: PageReport, found: dict, seen: dict, base: str,
                         claims_by_url: dict[str, list[dict]]) -> tuple[Problem, ...]:
    missing = sorted({f"{lk['url'][len(base):]}#{lk['hash']}" for lk in found["links"]
                      if not lk.get("same") and lk.get("hash") and lk["url"] in seen
                      and lk["hash"] not in seen[lk["url"]]["ids"]})
    extra = [Problem("link", f"links to missing anchors on other pages: {missing[:5]}")] if missing else []
    if report.findings or report.path.endswith("findings.html"):
        extra += findings_problems(list(report.findings), claims_by_url)
    return tuple(extra)


def check_book(html: pathlib.Path, root: pathlib.Path = ROOT, screenshots: pathlib.Path | None = None,
               pages: list[PageExpectation] | None = None, browser: object | None = None) -> list[PageReport]:
    """Serve the build ``html`` on 127.0.0.1 and check every page (``pages``, default all of
    ``book_expectations``) in one headless Chromium (``browser``, or one opened for the call);
    links between the checked pages must reach an existing anchor, and the findings page must list
    the chapters' claims rows with their verdicts. Screenshots go to ``screenshots``."""
    html = pathlib.Path(html)
    pages = book_expectations(html, root) if pages is None else pages
    launch = launch_config(root)
    reports, seen = [], {}
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(html))
        if browser is None:
            browser = stack.enter_context(open_browser())
        for expect in pages:
            shot = screenshots / screenshot_name(expect.path) if screenshots is not None else None
            report, found = check_page(browser, base, expect, launch, shot)
            reports.append(report)
            seen[urllib.parse.urljoin(base, expect.path)] = found
        claims_by_url = {urllib.parse.urljoin(base, r.path): list(r.claims) for r, e in zip(reports, pages)
                         if e.chapter}
        out = []
        for report in reports:
            found = seen[urllib.parse.urljoin(base, report.path)]
            extra = _cross_page_problems(report, found, seen, base, claims_by_url)
            out.append(PageReport(**{**report.__dict__, "problems": report.problems + extra}))
    return out


def format_report(reports: list[PageReport]) -> str:
    """A plain-text table of the reports (with the claims tables' heights per width), then every problem."""
    lines = [f"{'page':34} {'math':>11} {'images':>6} {'figures':>7} {'seconds':>7}  problems  "
             f"claims table height (px) at {' / '.join(str(w) for w in WIDTHS)} / {CLAIMS_WIDTH} column"]
    for r in reports:
        heights = ""
        if r.layout and r.layout[0]["claims"]:
            heights = " / ".join([str(lay["claims"][0]["height"]) for lay in r.layout]
                                 + [str(r.layout[0]["claims"][0]["at720"]["height"])])
        lines.append(f"{r.path:34} {r.typeset:>5}/{r.math_elements:<5} {r.images:>6} {r.figure_cells:>7} "
                     f"{r.seconds:>7.1f}  {len(r.problems):>8}  {heights}")
    for r in reports:
        lines += [f"{r.path}: [{p.kind}] {p.detail}" for p in r.problems]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = list(argv)
    options = {}
    for flag in ("--screenshots", "--docs"):
        if flag in args:
            i = args.index(flag)
            options[flag] = pathlib.Path(args[i + 1])
            del args[i:i + 2]
    html = pathlib.Path(args[0]) if args else ROOT / "_build" / "html"
    start = time.perf_counter()
    reports = check_book(html, ROOT, options.get("--screenshots"))
    print(format_report(reports))
    print(f"{len(reports)} pages checked in {time.perf_counter() - start:.1f} s")
    if "--docs" in options:
        from book_pages_docs import docs_screenshots
        for path in docs_screenshots(html, options["--docs"]):
            print("wrote", path)
    return 1 if any(r.problems for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
