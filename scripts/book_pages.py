"""Check the built book the way a reader sees it: every page in headless Chromium.

Each page is served from the build folder on 127.0.0.1 and loaded in Debian's Chromium
(``/usr/bin/chromium``, driven by the ``playwright`` package; no browser is downloaded), with
every request that leaves the machine refused, so the pages must work offline. For each page:

- math is typeset: MathJax loaded (from the book), every ``.math`` element holds MathJax output,
  no raw ``\\(``, ``\\[`` or ``$$`` is left in the text outside code, no TeX error; a page whose
  source has math shows typeset math;
- every image loaded (``naturalWidth > 0``), and every code cell that calls ``plt.show()`` shows a
  figure (as many as the chapter's source has such cells);
- no console error, no uncaught exception, no failed request, no request off the machine;
- no unresolved cross-reference (what Sphinx, MyST and sphinxcontrib-bibtex leave: an element of
  class ``xref``, an empty citation ``[]``, ``??``), no internal link to a missing page or anchor;
- chapters: the "Claims checked" table (columns claim … verdict) is the last section, and the
  Binder and Colab launch links open the chapter's ``.ipynb`` on ``_config.yml``'s repository and
  branch.

    python scripts/book_pages.py [_build/html] [--screenshots DIR]   # exit 1 when a page has a problem
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import pathlib
import re
import shutil
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Flags for a quiet, reproducible headless Chromium that talks to nothing but the local server.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
LOCAL_HOSTS = frozenset({"127.0.0.1"})
PAGE_TIMEOUT_MS = 30_000
MATHJAX_TIMEOUT_MS = 20_000
PROBLEM_KINDS = ("math", "image", "figure", "console", "network", "xref", "link", "claims", "launch",
                 "redirect")


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
    holds math; ``redirect_to`` is set for a page that only redirects (``index.html``).
    """

    path: str
    notebook: str | None = None
    figure_cells: int = 0
    source_has_math: bool = False
    redirect_to: str | None = None

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
    """What the browser found on one page."""

    path: str
    problems: tuple[Problem, ...]
    math_elements: int
    typeset: int
    images: int
    figure_cells: int
    seconds: float
    screenshot: str | None

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

    Chapters (``_toc.yml``) get their notebook, figure count and math flag from their ``.md`` source;
    the root page gets its math flag; ``index.html`` must redirect to the root page; every other page
    (index of proofs, general index, search) gets the checks that apply to any page.
    """
    html, root = pathlib.Path(html), pathlib.Path(root)
    if not (html / "index.html").is_file():
        raise FileNotFoundError(f"{html}/index.html is missing: build the book first (`make html`)")
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    chapters = {pathlib.Path(e["file"]).with_suffix("").as_posix(): e["file"] for e in toc.get("chapters", [])}
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
        elif stem == root_page:
            out.append(PageExpectation(rel, source_has_math=source_expectations(root / f"{stem}.md")[1]))
        elif rel == "index.html":
            out.append(PageExpectation(rel, redirect_to=f"{root_page}.html"))
        else:
            out.append(PageExpectation(rel))
    return out


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


# Runs in the page once it has loaded: waits for MathJax and the images, then reports what it sees.
_PAGE_SCRIPT = r"""
async ([mathjaxTimeout]) => {
  const out = {};
  const mj = window.MathJax;
  out.mathjaxLoaded = !!(mj && mj.startup && mj.startup.promise);
  out.mathjaxTimedOut = false;
  if (out.mathjaxLoaded) {
    const timer = new Promise(r => setTimeout(() => r("timeout"), mathjaxTimeout));
    out.mathjaxTimedOut = (await Promise.race([mj.startup.promise.then(() => "done"), timer])) === "timeout";
    out.mathjaxVersion = mj.version || null;
  }
  const imgs = [...document.images];
  imgs.forEach(i => { if (i.loading === "lazy") i.loading = "eager"; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener("load", r); i.addEventListener("error", r); setTimeout(r, 10000); })));
  out.images = imgs.map(i => ({src: i.getAttribute("src") || "", ok: i.complete && i.naturalWidth > 0}));

  const skip = new Set(["PRE", "CODE", "SCRIPT", "STYLE", "TEXTAREA", "NOSCRIPT", "MJX-CONTAINER"]);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode(n) {
    for (let e = n.parentElement; e; e = e.parentElement) if (skip.has(e.tagName)) return NodeFilter.FILTER_REJECT;
    return NodeFilter.FILTER_ACCEPT; }});
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
  const text = texts.join(" ");
  out.rawMath = [];
  for (const m of text.matchAll(/\\\(|\\\[|\$\$/g)) {
    if (out.rawMath.length < 5) out.rawMath.push(text.slice(Math.max(0, m.index - 30), m.index + 50).replace(/\s+/g, " "));
  }
  out.doubleQuestion = [];
  for (const m of text.matchAll(/\?\?/g)) {
    if (out.doubleQuestion.length < 5) out.doubleQuestion.push(text.slice(Math.max(0, m.index - 40), m.index + 10).replace(/\s+/g, " "));
  }
  const math = [...document.querySelectorAll(".math")];
  out.mathElements = math.length;
  out.untypeset = math.filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.trim().slice(0, 60));
  out.typeset = math.length - out.untypeset.length;
  out.mjxContainers = document.querySelectorAll("mjx-container").length;
  out.texErrors = [...new Set([...document.querySelectorAll("mjx-merror")].map(
    e => (e.getAttribute("data-mjx-error") || e.textContent).slice(0, 80)))];
  // MathJax's noundefined: an unknown macro is typeset as its name in red (mathcolor in the MathML)
  out.undefinedMacros = [...document.querySelectorAll("mjx-container")].filter(
    c => c.querySelector('mjx-mtext[style*="color: red"]')).map(c => {
      const m = c.querySelector('mjx-assistive-mml mtext[mathcolor="red"]');
      return m ? m.textContent.trim() : "(a red unknown macro)"; });

  // a resolved reference is a link (domain indices keep class xref inside it); an unresolved one is
  // plain text of class xref, or MyST's link to nowhere (<a><span class="xref myst">)
  out.xrefs = [...document.querySelectorAll(".xref")].filter(e => !e.closest("a[href]") || e.matches(".xref.myst"))
    .map(e => e.className + ": " + e.textContent.trim().slice(0, 60));
  out.emptyCitations = [...document.querySelectorAll(".bibtex-citation")].filter(e => /^\[\s*\]$/.test(e.textContent.trim())).length;

  const here = location.href.split("#")[0];
  out.ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  out.links = [];
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (!href || href.startsWith("javascript:") || href.startsWith("mailto:")) continue;
    let u; try { u = new URL(href, location.href); } catch (e) { out.links.push({bad: href}); continue; }
    if (u.origin !== location.origin) continue;
    out.links.push({url: u.href.split("#")[0], hash: decodeURIComponent(u.hash.slice(1)), same: u.href.split("#")[0] === here});
  }

  out.launch = [...document.querySelectorAll("a[href]")].map(a => a.href).filter(h => /^https?:/.test(h) && !h.startsWith(location.origin));
  const sections = [...document.querySelectorAll("article section")].filter(s => s.querySelector(":scope > h2"));
  const last = sections[sections.length - 1];
  out.lastSection = last ? last.querySelector(":scope > h2").textContent.replace(/#$/, "").trim() : null;
  out.claimsRows = -1; out.claimsVisible = false;
  if (last) {
    const t = [...last.querySelectorAll("table")].find(t => {
      const heads = [...t.querySelectorAll("thead th")].map(th => th.textContent.trim().toLowerCase());
      return heads[0] === "claim" && heads.includes("verdict"); });
    if (t) { out.claimsRows = t.querySelectorAll("tbody tr").length; out.claimsVisible = t.getBoundingClientRect().height > 0; }
  }
  out.figureCells = [];
  for (const cell of document.querySelectorAll("div.cell")) {
    const input = cell.querySelector(".cell_input");
    if (!input || !input.textContent.includes("plt.show()")) continue;
    const shown = [...cell.querySelectorAll(".cell_output img")];
    out.figureCells.push({code: input.textContent.trim().split("\n")[0].slice(0, 70),
                          images: shown.length, loaded: shown.filter(i => i.complete && i.naturalWidth > 0).length});
  }
  return out;
}
"""


def _launch_problems(links: list[str], notebook: str, launch: LaunchConfig) -> list[Problem]:
    parts = urllib.parse.urlparse(launch.repository_url).path.strip("/").split("/")
    if len(parts) != 2:
        raise ValueError(f"repository.url {launch.repository_url!r} is not https://<host>/<owner>/<repo>")
    owner, repo = parts
    nb_path = "/".join(p for p in (launch.path_to_book, notebook) if p)
    want = {"Binder": f"{launch.binderhub_url}/v2/gh/{owner}/{repo}/{launch.branch}?urlpath=tree/{nb_path}",
            "Colab": f"{launch.colab_url}/github/{owner}/{repo}/blob/{launch.branch}/{nb_path}"}
    problems = []
    for name, prefix in (("Binder", launch.binderhub_url), ("Colab", launch.colab_url)):
        found = sorted({h for h in links if h.startswith(prefix + "/")})
        if found != [want[name]]:
            problems.append(Problem("launch", f"{name} link {found or 'missing'}; expected {want[name]}"))
    return problems


def _status(url: str) -> int:
    """HTTP status of a HEAD request to a local URL (0 when it cannot be reached)."""
    if urllib.parse.urlparse(url).hostname not in LOCAL_HOSTS:
        raise ValueError(f"{url} is not on this machine: only local pages are checked")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def check_page(browser: object, base_url: str, expect: PageExpectation, launch: LaunchConfig | None = None,
               screenshot: pathlib.Path | None = None) -> tuple[PageReport, dict]:
    """Load ``base_url + expect.path`` in a fresh browser context and check it (see the module docstring).

    Requests to any host but 127.0.0.1 are refused and reported. Returns the report and what the
    page showed (its element ids and same-site links, for the cross-page checks of ``check_book``).
    ``launch`` is needed for chapters (their launch links); ``screenshot`` saves a full-page PNG.
    """
    if expect.chapter and launch is None:
        raise ValueError(f"{expect.path} is a chapter: pass launch=launch_config() to check its launch links")
    start = time.perf_counter()
    problems: list[Problem] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if urllib.parse.urlparse(url).hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            blocked.append(url)
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
        page.goto(urllib.parse.urljoin(base_url, expect.path), wait_until="load")
        if expect.redirect_to:
            target = urllib.parse.urljoin(base_url, expect.redirect_to)
            try:
                page.wait_for_url(target, timeout=10_000, wait_until="load")
            except Exception:  # playwright's TimeoutError
                problems.append(Problem("redirect", f"stayed at {page.url}; expected {target}"))
        seen = page.evaluate(_PAGE_SCRIPT, [MATHJAX_TIMEOUT_MS])
        final_url = page.url
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        context.close()
    problems += [Problem("network", f"refused request off the machine: {u}") for u in dict.fromkeys(blocked)]

    # math
    if seen["mathElements"] or seen["mjxContainers"] or expect.source_has_math:
        if not seen["mathjaxLoaded"]:
            problems.append(Problem("math", "MathJax did not load"))
        elif seen["mathjaxTimedOut"]:
            problems.append(Problem("math", f"MathJax did not finish in {MATHJAX_TIMEOUT_MS / 1000:.0f} s"))
    if seen["untypeset"]:
        problems.append(Problem("math", f"{len(seen['untypeset'])} of {seen['mathElements']} math elements "
                                        f"not typeset, e.g. {seen['untypeset'][:3]}"))
    if seen["rawMath"]:
        problems.append(Problem("math", f"raw TeX delimiters in the text: {seen['rawMath']}"))
    if expect.source_has_math and seen["mjxContainers"] == 0:
        problems.append(Problem("math", "the source has math but the page shows no typeset math"))
    if seen["texErrors"]:
        problems.append(Problem("math", f"TeX errors: {seen['texErrors'][:5]}"))
    if seen["undefinedMacros"]:
        problems.append(Problem("math", f"undefined TeX macros: {sorted(set(seen['undefinedMacros']))}"))
    # images and figures
    broken = [i["src"] for i in seen["images"] if not i["ok"]]
    if broken:
        problems.append(Problem("image", f"{len(broken)} image(s) did not load: {broken[:5]}"))
    for cell in seen["figureCells"]:
        if cell["loaded"] == 0:
            problems.append(Problem("figure", f"the cell starting {cell['code']!r} calls plt.show() but shows "
                                              f"no figure ({cell['images']} image(s), none loaded)"))
    shown = sum(1 for c in seen["figureCells"] if c["loaded"] > 0)
    if shown < expect.figure_cells:
        problems.append(Problem("figure", f"{expect.figure_cells} cell(s) of the source call plt.show(), "
                                          f"{shown} show a figure"))
    # references and links
    if seen["xrefs"]:
        problems.append(Problem("xref", f"unresolved cross-reference(s): {seen['xrefs'][:5]}"))
    if seen["emptyCitations"]:
        problems.append(Problem("xref", f"{seen['emptyCitations']} empty citation(s) '[]'"))
    if seen["doubleQuestion"]:
        problems.append(Problem("xref", f"'??' in the text: {seen['doubleQuestion']}"))
    ids = set(seen["ids"])
    bad_anchors = sorted({f"#{lk['hash']}" for lk in seen["links"] if lk.get("same") and lk["hash"]
                          and lk["hash"] not in ids})
    if bad_anchors:
        problems.append(Problem("link", f"links to missing anchors on this page: {bad_anchors[:5]}"))
    targets = sorted({lk["url"] for lk in seen["links"] if lk.get("url") and not lk.get("same")})
    bad_targets = [u for u in targets if _status(u) != 200]
    if bad_targets:
        problems.append(Problem("link", f"links to missing files: {bad_targets[:5]}"))
    if any("bad" in lk for lk in seen["links"]):
        problems.append(Problem("link", f"malformed links: {[lk['bad'] for lk in seen['links'] if 'bad' in lk][:5]}"))
    # chapters
    if expect.chapter:
        if seen["lastSection"] != "Claims checked":
            problems.append(Problem("claims", f"the last section is {seen['lastSection']!r}, not 'Claims checked'"))
        elif seen["claimsRows"] < 1:
            problems.append(Problem("claims", "the 'Claims checked' section has no table with columns claim … verdict"
                                    if seen["claimsRows"] < 0 else "the 'Claims checked' table has no row"))
        elif not seen["claimsVisible"]:
            problems.append(Problem("claims", "the 'Claims checked' table is not displayed"))
        problems += _launch_problems(seen["launch"], expect.notebook, launch)

    report = PageReport(path=expect.path, problems=tuple(problems), math_elements=seen["mathElements"],
                        typeset=seen["typeset"], images=len(seen["images"]),
                        figure_cells=shown, seconds=time.perf_counter() - start,
                        screenshot=str(screenshot) if screenshot is not None else None)
    return report, {"ids": ids, "links": seen["links"], "url": final_url}


def screenshot_name(path: str) -> str:
    """The screenshot file of a page: ``book/mixup_loss.html`` -> ``book_mixup_loss.png``."""
    return path[: -len(".html")].replace("/", "_") + ".png" if path.endswith(".html") else path + ".png"


def check_book(html: pathlib.Path, root: pathlib.Path = ROOT, screenshots: pathlib.Path | None = None,
               pages: list[PageExpectation] | None = None, browser: object | None = None) -> list[PageReport]:
    """Serve the build ``html`` on 127.0.0.1 and check every page (``pages``, default all of
    ``book_expectations``) in one headless Chromium (``browser``, or one opened for the call);
    links between the checked pages must reach an existing anchor. Screenshots go to ``screenshots``."""
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
        out = []
        for report in reports:
            found = seen[urllib.parse.urljoin(base, report.path)]
            missing = sorted({f"{lk['url'][len(base):]}#{lk['hash']}" for lk in found["links"]
                              if not lk.get("same") and lk.get("hash") and lk["url"] in seen
                              and lk["hash"] not in seen[lk["url"]]["ids"]})
            extra = (Problem("link", f"links to missing anchors on other pages: {missing[:5]}"),) if missing else ()
            out.append(PageReport(**{**report.__dict__, "problems": report.problems + extra}))
    return out


def format_report(reports: list[PageReport]) -> str:
    """A plain-text table of the reports, then every problem."""
    lines = [f"{'page':34} {'math':>11} {'images':>6} {'figures':>7} {'seconds':>7}  problems"]
    for r in reports:
        lines.append(f"{r.path:34} {r.typeset:>5}/{r.math_elements:<5} {r.images:>6} {r.figure_cells:>7} "
                     f"{r.seconds:>7.1f}  {len(r.problems)}")
    for r in reports:
        lines += [f"{r.path}: [{p.kind}] {p.detail}" for p in r.problems]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = list(argv)
    screenshots = None
    if "--screenshots" in args:
        i = args.index("--screenshots")
        screenshots = pathlib.Path(args[i + 1])
        del args[i:i + 2]
    html = pathlib.Path(args[0]) if args else ROOT / "_build" / "html"
    reports = check_book(html, ROOT, screenshots)
    print(format_report(reports))
    return 1 if any(r.problems for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
