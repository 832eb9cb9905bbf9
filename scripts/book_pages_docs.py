"""Screenshots for reviewers (``docs/``): one claims table and one two-panel figure, at 1280 and 400 px.

    python scripts/book_pages.py _build/html --docs docs
"""

from __future__ import annotations

import pathlib
import urllib.parse

from book_pages_browser import MATHJAX_TIMEOUT_MS, PAGE_SCRIPT, WIDTHS, open_browser, serve

# (page, CSS selector of the element, file stem): the linear-models chapter's claims table (the
# longest texts) and the paper's Figure 3 redrawn two panels to a row.
SHOTS = (("book/linear_models.html", "div.claims-block", "claims_table"),
         ("book/margin.html", "figure#fig-margin-figure-3", "figure_two_panels"))


def docs_screenshots(html: pathlib.Path, out: pathlib.Path) -> list[pathlib.Path]:
    """Write ``<stem>_<width>.png`` for each of SHOTS at each of WIDTHS; return the files written."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(pathlib.Path(html)) as base, open_browser() as browser:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if urllib.parse.urlparse(r.request.url).hostname
                       == "127.0.0.1" else r.abort("blockedbyclient"))
            for path, selector, stem in SHOTS:
                page.goto(urllib.parse.urljoin(base, path), wait_until="load")
                page.evaluate(PAGE_SCRIPT, [MATHJAX_TIMEOUT_MS])   # MathJax done, images loaded
                # the sticky header and the skip link would be painted over a tall element's screenshot
                page.add_style_tag(content=".skip-link { display: none !important; } header, .bd-header-article "
                                           "{ position: static !important; }")
                element = page.locator(selector).first
                element.scroll_into_view_if_needed()
                shot = out / f"{stem}_{width}.png"
                element.screenshot(path=str(shot))
                written.append(shot)
            context.close()
    return written
