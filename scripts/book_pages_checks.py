"""What counts as a problem on a page (scripts/book_pages.py): each function turns what the browser
saw (the page script's ``seen``, the layout script's reports) into a list of :class:`Problem`."""

from __future__ import annotations

import re
import statistics
import urllib.error
import urllib.parse
import urllib.request

from book_pages_browser import CLAIMS_WIDTH, LOCAL_HOSTS, MATHJAX_TIMEOUT_MS
from book_pages_model import LaunchConfig, PageExpectation, Problem

# an alt text that is only a file name or path says nothing about the figure
_FILE_NAME = re.compile(r"(^|/)[\w.-]+\.(png|jpe?g|svg|gif|webp)$|^_build/|^\.\./", re.I)
MAX_TYPICAL_LINES = 3.0


def math_problems(seen: dict, expect: PageExpectation) -> list[Problem]:
    """MathJax loaded and finished; every math element typeset; no raw delimiters, TeX errors, unknown macros."""
    out = []
    if seen["mathElements"] or seen["mjxContainers"] or expect.source_has_math:
        if not seen["mathjaxLoaded"]:
            out.append(Problem("math", "MathJax did not load"))
        elif seen["mathjaxTimedOut"]:
            out.append(Problem("math", f"MathJax did not finish in {MATHJAX_TIMEOUT_MS / 1000:.0f} s"))
    if seen["untypeset"]:
        out.append(Problem("math", f"{len(seen['untypeset'])} of {seen['mathElements']} math elements "
                                   f"not typeset, e.g. {seen['untypeset'][:3]}"))
    if seen["rawMath"]:
        out.append(Problem("math", f"raw TeX delimiters in the text: {seen['rawMath']}"))
    if expect.source_has_math and seen["mjxContainers"] == 0:
        out.append(Problem("math", "the source has math but the page shows no typeset math"))
    if seen["texErrors"]:
        out.append(Problem("math", f"TeX errors: {seen['texErrors'][:5]}"))
    if seen["undefinedMacros"]:
        out.append(Problem("math", f"undefined TeX macros: {sorted(set(seen['undefinedMacros']))}"))
    return out


def image_problems(seen: dict, expect: PageExpectation) -> tuple[list[Problem], int]:
    """Images load; figure cells show a figure; every content image has a numbered caption and a real alt.

    Returns the problems and the number of figure cells that show a figure."""
    out = []
    broken = [i["src"] for i in seen["images"] if not i["ok"]]
    if broken:
        out.append(Problem("image", f"{len(broken)} image(s) did not load: {broken[:5]}"))
    for cell in seen["figureCells"]:
        if cell["loaded"] == 0:
            out.append(Problem("figure", f"the cell starting {cell['code']!r} calls plt.show() but shows "
                                         f"no figure ({cell['images']} image(s), none loaded)"))
    shown = sum(1 for c in seen["figureCells"] if c["loaded"] > 0)
    if shown < expect.figure_cells:
        out.append(Problem("figure", f"{expect.figure_cells} cell(s) of the source call plt.show(), "
                                     f"{shown} show a figure"))
    for img in seen["contentImages"]:
        if not img["number"] or not re.search(r"\d", img["number"]):
            out.append(Problem("figure", f"image {img['src'][-40:]!r} has no numbered caption "
                                         f"(caption: {img['caption']!r})"))
        if not img["alt"] or _FILE_NAME.search(img["alt"]):
            out.append(Problem("figure", f"image {img['src'][-40:]!r} has no alt text that says what it shows "
                                         f"(alt: {img['alt']!r})"))
    return out, shown


def reference_problems(seen: dict) -> list[Problem]:
    """Unresolved references, empty citations, '??', links to missing anchors or files on this page."""
    out = []
    if seen["xrefs"]:
        out.append(Problem("xref", f"unresolved cross-reference(s): {seen['xrefs'][:5]}"))
    if seen["emptyCitations"]:
        out.append(Problem("xref", f"{seen['emptyCitations']} empty citation(s) '[]'"))
    if seen["doubleQuestion"]:
        out.append(Problem("xref", f"'??' in the text: {seen['doubleQuestion']}"))
    ids = set(seen["ids"])
    bad_anchors = sorted({f"#{lk['hash']}" for lk in seen["links"] if lk.get("same") and lk["hash"]
                          and lk["hash"] not in ids})
    if bad_anchors:
        out.append(Problem("link", f"links to missing anchors on this page: {bad_anchors[:5]}"))
    targets = sorted({lk["url"] for lk in seen["links"] if lk.get("url") and not lk.get("same")})
    bad_targets = [u for u in targets if _status(u) != 200]
    if bad_targets:
        out.append(Problem("link", f"links to missing files: {bad_targets[:5]}"))
    if any("bad" in lk for lk in seen["links"]):
        out.append(Problem("link", f"malformed links: {[lk['bad'] for lk in seen['links'] if 'bad' in lk][:5]}"))
    return out


def chapter_problems(seen: dict, expect: PageExpectation, launch: LaunchConfig) -> list[Problem]:
    """A chapter ends with its claims table (rows with a verdict badge and checks) and has launch links."""
    out = []
    if seen["lastSection"] != "Claims checked":
        out.append(Problem("claims", f"the last section is {seen['lastSection']!r}, not 'Claims checked'"))
    elif seen["claimsRows"] < 1:
        out.append(Problem("claims", "the 'Claims checked' section has no table with columns claim … verdict"
                           if seen["claimsRows"] < 0 else "the 'Claims checked' table has no row"))
    elif not seen["claimsVisible"]:
        out.append(Problem("claims", "the 'Claims checked' table is not displayed"))
    for row in seen["claims"]:
        if not row["id"] or not row["verdict"] or not row["checks"]:
            out.append(Problem("claims", f"claims row {row['id'] or '(no anchor)'}: verdict badge {row['verdict']!r}, "
                                         f"checks below the table: {row['checks']}"))
    return out + launch_problems(seen["launch"], expect.notebook, launch)


def layout_problems(layouts: list[dict]) -> list[Problem]:
    """Nothing sticks out of the main column at any width; claims tables fit, also re-laid at 720 px,
    with a typical (median) row of at most three lines."""
    out = []
    for lay in layouts:
        w = lay["viewport"]
        if lay["overflow"]:
            out.append(Problem("layout", f"at {w} px, element(s) wider than the {lay['column']} px column: "
                                         f"{[(o['what'], o['over'], o['text']) for o in lay['overflow'][:4]]}"))
        if lay["pageScroll"] > 1:
            out.append(Problem("layout", f"at {w} px the page scrolls sideways by {lay['pageScroll']} px"))
        for i, t in enumerate(lay["claims"]):
            if t["scroll"] > 1:
                out.append(Problem("layout", f"at {w} px claims table {i + 1} needs {t['scroll']} px of horizontal scroll"))
            at = t["at720"]
            if w == layouts[0]["viewport"] and (at["overflow"] > 1 or at["scroll"] > 1):
                out.append(Problem("layout", f"claims table {i + 1} is wider than a {CLAIMS_WIDTH} px column "
                                             f"(by {max(at['overflow'], at['scroll'])} px)"))
            if w == layouts[0]["viewport"] and at["lines"] and statistics.median(at["lines"]) > MAX_TYPICAL_LINES + 0.3:
                out.append(Problem("layout", f"claims table {i + 1}: a typical row takes "
                                             f"{statistics.median(at['lines']):.1f} lines at {CLAIMS_WIDTH} px"))
    return out


def launch_problems(links: list[str], notebook: str, launch: LaunchConfig) -> list[Problem]:
    """The Binder and Colab links open ``notebook`` on ``_config.yml``'s repository and branch."""
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


def findings_problems(findings: list[dict], claims_by_url: dict[str, list[dict]]) -> list[Problem]:
    """The findings page lists exactly the chapters' claims rows, each with the verdict of its row."""
    out = []
    total = sum(len(rows) for rows in claims_by_url.values())
    if len(findings) != total:
        out.append(Problem("findings", f"the findings page lists {len(findings)} claims, the chapters' tables hold {total}"))
    rows = {(url, r["id"]): r["verdict"] for url, rows_ in claims_by_url.items() for r in rows_}
    linked = set()
    for f in findings:
        key = (f["url"], f["hash"])
        linked.add(key)
        if key not in rows:
            out.append(Problem("findings", f"entry links to {f['url']}#{f['hash']}, which is no claims row"))
        elif not (rows[key] == f["verdict"] == (f["badge"] or "").removeprefix("verdict-")):
            out.append(Problem("findings", f"{f['url']}#{f['hash']}: the findings page says {f['verdict']!r} "
                                           f"(badge {f['badge']!r}), the chapter's row {rows[key]!r}"))
    missing = sorted(set(rows) - linked)
    if missing:
        out.append(Problem("findings", f"claims rows missing from the findings page: {missing[:5]}"))
    return out
