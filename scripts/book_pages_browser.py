"""The browser side of the page checker (scripts/book_pages.py): a local server, Debian's Chromium
driven by ``playwright``, and one visit of a page that collects what it shows at each width."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import pathlib
import shutil
import threading
import urllib.parse
from collections.abc import Iterator

from book_pages_model import Problem

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Flags for a quiet, reproducible headless Chromium that talks to nothing but the local server.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
LOCAL_HOSTS = frozenset({"127.0.0.1"})
PAGE_TIMEOUT_MS = 30_000
MATHJAX_TIMEOUT_MS = 20_000
# The widths every page is checked at: a laptop and a phone. Claims tables are also re-laid at 720 px.
WIDTHS = (1280, 400)
CLAIMS_WIDTH = 720
# Blocks that may scroll inside themselves: code, math (display math always; inline math on a phone,
# see static/book_pages.css), tables' scroll containers.
SCROLLERS = ("pre, div.highlight, div.math, mjx-container, .pst-scrollable-table-container, .table-wrapper")


def _script(name: str) -> str:
    """A page script of this folder, without its leading ``//`` comment (playwright needs a bare function)."""
    lines = (HERE / name).read_text().splitlines()
    return "\n".join(line for i, line in enumerate(lines) if i >= next(
        j for j, x in enumerate(lines) if not x.startswith("//")))


PAGE_SCRIPT = _script("book_pages_page.js")
LAYOUT_SCRIPT = _script("book_pages_layout.js")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextlib.contextmanager
def serve(directory: pathlib.Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) while the block runs; yield its base URL."""
    directory = pathlib.Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} is not a folder: nothing to serve")
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium_path() -> str:
    """The Chromium to drive: ``$CHROMIUM`` when set, else Debian's ``/usr/bin/chromium``."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or DEFAULT_CHROMIUM
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(f"no Chromium at {path}: `make chromium` installs Debian's (as root: "
                                "apt-get install chromium), or set CHROMIUM=/path/to/chromium")
    return path


@contextlib.contextmanager
def open_browser() -> Iterator[object]:
    """A headless Chromium (``playwright`` Browser) on a fresh temporary profile, closed after the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_FLAGS),
                                     headless=True, timeout=PAGE_TIMEOUT_MS)
        try:
            yield browser
        finally:
            browser.close()


def visit(browser: object, url: str, redirect_to: str | None = None,
          screenshot: pathlib.Path | None = None) -> dict:
    """Load ``url`` in a fresh context (requests off the machine refused) and collect what it shows.

    Returns ``seen`` (the page script's report at the first width), ``layouts`` (the layout script's
    report at each of WIDTHS), ``problems`` (console errors, failed requests, a redirect that did not
    happen) and ``url`` (where the page ended up). ``screenshot`` saves a full-page PNG at each width
    (the first width under that name, the others with ``_<width>`` appended).
    """
    problems: list[Problem] = []
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, service_workers="block")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    blocked: list[str] = []

    def route(r):
        if urllib.parse.urlparse(r.request.url).hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort("blockedbyclient")

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and problems.append(
        Problem("console", f"{m.text} ({m.location.get('url', '')})")))
    page.on("pageerror", lambda e: problems.append(Problem("console", f"uncaught exception: {e}")))
    page.on("requestfailed", lambda r: r.url not in blocked and problems.append(
        Problem("network", f"request failed: {r.url} ({r.failure})")))
    page.on("response", lambda r: r.status >= 400 and problems.append(
        Problem("network", f"HTTP {r.status}: {r.url}")))
    try:
        page.goto(url, wait_until="load")
        if redirect_to:
            try:
                page.wait_for_url(redirect_to, timeout=10_000, wait_until="load")
            except Exception:  # playwright's TimeoutError
                problems.append(Problem("redirect", f"stayed at {page.url}; expected {redirect_to}"))
        seen = page.evaluate(PAGE_SCRIPT, [MATHJAX_TIMEOUT_MS])
        layouts = _layouts(page, screenshot)
        final_url = page.url
    finally:
        context.close()
    problems += [Problem("network", f"refused request off the machine: {u}") for u in dict.fromkeys(blocked)]
    return {"seen": seen, "layouts": layouts, "problems": problems, "url": final_url}


def _layouts(page, screenshot: pathlib.Path | None) -> list[dict]:
    layouts = []
    for width in WIDTHS:
        if width != page.viewport_size["width"]:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(150)
        layouts.append(page.evaluate(LAYOUT_SCRIPT, [SCROLLERS, CLAIMS_WIDTH]))
        if screenshot is not None:
            shot = screenshot if width == WIDTHS[0] else screenshot.with_name(f"{screenshot.stem}_{width}.png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
    return layouts
