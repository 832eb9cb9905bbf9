"""The built book in a real browser: headless Chromium loads every page over 127.0.0.1, offline.

The page checker (scripts/book_pages.py) is first run on the whole book, at 1280 and 400 px, then
shown to fail on doctored copies of built pages (a figure output removed, a broken {prf:ref},
MathJax missing or on a CDN, a figure's number and alt text removed, a verdict changed on the
findings page) and on small hand-made pages (a broken image, console errors, unresolved references,
bad TeX, a chapter without its claims table or with wrong launch links, elements wider than the
column, a claims table that does not fit 720 px). Screenshots of every page of the book go to
_build/screenshots/ (``<page>.png`` at 1280 px, ``<page>_400.png`` at 400 px).
"""

import pathlib
import re
import shutil
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import book_pages  # noqa: E402
import book_sphinx  # noqa: E402
import chapters  # noqa: E402

SCREENSHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    with book_pages.open_browser() as b:
        yield b


@pytest.fixture(scope="module")
def built_html(book_build):
    if book_build.returncode != 0:
        pytest.fail("the book did not build (see test_book_builds_without_warnings):\n" + book_build.log)
    return book_build.html


@pytest.fixture(scope="module")
def book_reports(built_html, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return {r.path: r for r in book_pages.check_book(built_html, ROOT, SCREENSHOTS, browser=browser)}


def test_every_page_of_the_book_passes_in_the_browser(built_html, book_reports):
    pages = {p.relative_to(built_html).as_posix() for p in built_html.rglob("*.html")
             if not p.relative_to(built_html).as_posix().startswith("_")}
    assert set(book_reports) == pages
    bad = [r for r in book_reports.values() if r.problems]
    assert not bad, book_pages.format_report(list(book_reports.values()))
    for md in chapters.toc_chapters():
        report = book_reports[f"book/{md.stem}.html"]
        assert report.typeset == report.math_elements > 0, report
        assert report.figure_cells == book_pages.source_expectations(md)[0], report
    for report in book_reports.values():
        assert pathlib.Path(report.screenshot).stat().st_size > 10_000, report.screenshot
        assert pathlib.Path(report.screenshot).with_name(pathlib.Path(report.screenshot).stem + "_400.png").is_file()
        assert [lay["viewport"] for lay in report.layout] == list(book_pages.WIDTHS)


def test_findings_page_matches_the_chapters_tables(book_reports):
    findings = book_reports["book/findings.html"].findings
    rows = [row for md in chapters.toc_chapters() for row in book_reports[f"book/{md.stem}.html"].claims]
    assert len(findings) == len(rows) > 0
    assert sorted(f["verdict"] for f in findings) == sorted(r["verdict"] for r in rows)


def test_every_chapter_figure_is_numbered_and_claims_tables_fit(book_reports):
    for md in chapters.toc_chapters():
        report = book_reports[f"book/{md.stem}.html"]
        assert report.claims and all(r["verdict"] and r["checks"] for r in report.claims), md.stem
        for lay in report.layout:
            assert len(lay["claims"]) == 1 and lay["claims"][0]["scroll"] <= 1, (md.stem, lay)


# --- the checker fails when it should: doctored copies of built pages --------------------------------

def _replace_once(path: pathlib.Path, pattern: str, repl: str) -> str:
    text = path.read_text()
    match = re.search(pattern, text, flags=re.S)
    assert match, f"{pattern!r} not found in {path.name}: the doctoring no longer fits the build"
    path.write_text(text[:match.start()] + match.expand(repl) + text[match.end():])
    return match.group(0)


@pytest.fixture(scope="module")
def doctored_reports(built_html, book_reports, browser, tmp_path_factory):
    """Copies of built pages with one defect each, checked in one browser session."""
    html = tmp_path_factory.mktemp("doctored") / "html"
    shutil.copytree(built_html, html)
    expected = {p.path: p for p in book_pages.book_expectations(built_html, ROOT)}
    # 1. a figure removed: exactly what the build writes when a cell's image output is deleted from
    #    the .ipynb (the cell_output block disappears; the -W build and the pair check still pass)
    _replace_once(html / "book" / "mixup_loss.html",
                  r'</div>\n<div class="cell_output docutils container">\n<figure[^>]*>\n<img [^>]*/>\n'
                  r'<figcaption>.*?</figcaption>\n</figure>\n', "")
    # 2. a broken {prf:ref}: what Sphinx leaves when the label does not exist
    _replace_once(html / "book" / "linear_models.html",
                  r'<a class="reference internal" href="#(?:lem|thm|def|asm|cor)-[^"]*">([^<]*)</a>',
                  r'<code class="xref prf prf-ref docutils literal notranslate"><span class="pre">\1</span></code>')
    # 3. math with no MathJax: the page points at MathJax files the build does not have ...
    intro = (html / "book" / "intro.html").read_text()
    (html / "book" / "intro_missing_mathjax.html").write_text(intro.replace("_static/mathjax/", "_static/no-mathjax/"))
    # 4. ... or at the CDN that the default Sphinx configuration uses
    cdn = re.sub(r'src="\.\./_static/mathjax/[^"]*"', 'src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"', intro)
    assert cdn != intro
    (html / "book" / "intro_cdn_mathjax.html").write_text(cdn)
    # 5. a figure's number and alt text removed (what a figure cell without its mystnb metadata gives)
    _replace_once(html / "book" / "midpoints.html",
                  r'(<figure[^>]*>\n<img alt=")[^"]*("[^>]*>\n<figcaption>\n<p>)<span class="caption-number">[^<]*</span>',
                  r"\1../_images/figure.png\2")
    # 6. one verdict changed on the findings page (a page typed by hand that drifted from the chapters)
    _replace_once(html / "book" / "findings.html",
                  r'data-verdict="confirmed"><a class="verdict-badge verdict-confirmed"',
                  'data-verdict="refuted"><a class="verdict-badge verdict-refuted"')
    pages = [expected["book/mixup_loss.html"], expected["book/linear_models.html"],
             expected["book/midpoints.html"], expected["book/findings.html"],
             *[expected[f"book/{md.stem}.html"] for md in chapters.toc_chapters()
               if md.stem not in ("mixup_loss", "linear_models", "midpoints")],
             book_pages.PageExpectation("book/intro_missing_mathjax.html", source_has_math=True),
             book_pages.PageExpectation("book/intro_cdn_mathjax.html", source_has_math=True)]
    return {r.path: r for r in book_pages.check_book(html, ROOT, pages=pages, browser=browser)}


def test_checker_sees_a_figure_removed_from_a_notebook(book_reports, doctored_reports):
    assert not book_reports["book/mixup_loss.html"].problems
    report = doctored_reports["book/mixup_loss.html"]
    # the figure's number goes with it: the prose's reference to it now leads nowhere
    assert report.kinds() == {"figure", "link"}, report.problems
    assert any("#fig-mixup-loss-ball" in p.detail for p in report.problems if p.kind == "link")
    assert report.figure_cells == book_reports["book/mixup_loss.html"].figure_cells - 1
    assert any("calls plt.show() but shows no figure" in p.detail for p in report.problems)


def test_checker_sees_a_broken_prf_ref(book_reports, doctored_reports):
    assert not book_reports["book/linear_models.html"].problems
    report = doctored_reports["book/linear_models.html"]
    assert report.kinds() == {"xref"}, report.problems
    assert "prf-ref" in report.problems[0].detail


def test_checker_sees_a_figure_without_number_or_alt(book_reports, doctored_reports):
    assert not book_reports["book/midpoints.html"].problems
    report = doctored_reports["book/midpoints.html"]
    details = " | ".join(p.detail for p in report.problems)
    assert report.kinds() == {"figure"}, details
    assert "no numbered caption" in details and "no alt text" in details


def test_checker_sees_a_findings_page_that_drifted(book_reports, doctored_reports):
    assert not book_reports["book/findings.html"].problems
    report = doctored_reports["book/findings.html"]
    assert report.kinds() == {"findings"}, report.problems
    assert "the findings page says 'refuted'" in report.problems[0].detail


def test_checker_sees_math_without_mathjax(doctored_reports):
    report = doctored_reports["book/intro_missing_mathjax.html"]
    assert {"math", "network", "console"} <= report.kinds(), report.problems
    details = " | ".join(p.detail for p in report.problems)
    assert "MathJax did not load" in details and "raw TeX delimiters" in details
    assert "HTTP 404" in details and report.typeset == 0 < report.math_elements


def test_checker_refuses_a_cdn(doctored_reports):
    report = doctored_reports["book/intro_cdn_mathjax.html"]
    assert any(p.kind == "network" and "refused request off the machine: https://cdn.jsdelivr.net" in p.detail
               for p in report.problems), report.problems
    assert any(p.detail == "MathJax did not load" for p in report.problems)


# --- the checker fails when it should: small hand-made pages -----------------------------------------

HEAD = ('<!DOCTYPE html><html><head><meta charset="utf-8"><script>window.MathJax = {"tex": {"macros": '
        '{"R": "\\\\mathbb{R}"}}, "options": {"processHtmlClass": "math"}}</script>'
        '<script defer src="mathjax/tex-mml-chtml.js"></script></head><body class="tex2jax_ignore mathjax_ignore">')
LAUNCH = book_pages.launch_config(ROOT)


def _page(directory: pathlib.Path, name: str, body: str) -> None:
    (directory / name).write_text(HEAD + body + "</body></html>")


def _launch_links(notebook: str) -> str:
    owner_repo = LAUNCH.repository_url.split("://", 1)[1].split("/", 1)[1]
    return (f'<a href="{LAUNCH.binderhub_url}/v2/gh/{owner_repo}/{LAUNCH.branch}?urlpath=tree/{notebook}">B</a>'
            f'<a href="{LAUNCH.colab_url}/github/{owner_repo}/blob/{LAUNCH.branch}/{notebook}">C</a>')


CLAIMS = ('<section><h2>Claims checked</h2><table><thead><tr><th>claim</th><th>paper</th><th>verdict</th>'
          '</tr></thead><tbody><tr><td>a</td><td>b</td><td>confirmed</td></tr></tbody></table></section>')
FIGURE_CELL = ('<div class="cell"><div class="cell_input"><pre>plt.plot([0, 1])\nplt.show()</pre></div>'
               '<div class="cell_output">{}</div></div>')


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    from PIL import Image

    d = tmp_path_factory.mktemp("pages")
    (d / "mathjax").symlink_to(book_sphinx.mathjax_static_dir() / "mathjax", target_is_directory=True)
    Image.new("RGB", (8, 8), (200, 30, 30)).save(d / "dot.png")
    _page(d, "good.html", '<article><section><h1>A chapter</h1><p id="top">Math <span class="math">\\(\\R^n\\)</span>'
          '<a href="#top">up</a> <a href="good.html">here</a>.</p>' + FIGURE_CELL.format(
              '<figure id="fig-dot"><img src="dot.png" alt="A red square."><figcaption><p><span class="caption-number">'
              'Fig. 1 </span>A dot.</p></figcaption></figure>')
          + CLAIMS + '</section></article>' + _launch_links("book/x.ipynb"))
    _page(d, "broken.html", '<p>Missing image <img src="nowhere.png">, an unresolved '
          '<span class="xref std std-ref">sec-missing</span>, a citation <span class="bibtex-citation">[]</span>, '
          'a numbering ?? and a <a href="#nowhere">dead anchor</a> and <a href="gone.html">page</a>.</p>'
          '<script>console.error("boom"); throw new Error("kaboom");</script>')
    _page(d, "tex.html", '<p>Unknown macro <span class="math">\\(\\Jmix\\)</span>, an error '
          '<span class="math">\\(x^^2\\)</span>.</p><p>Math that MathJax never saw: $$ y $$</p>')
    _page(d, "chapter.html", '<article><section><h1>C</h1>' + FIGURE_CELL.format("")
          + '<section><h2>Claims checked</h2><p>no table</p></section></section></article>'
          + _launch_links("book/other.ipynb"))
    _page(d, "wide.html", '<article><div style="width: 900px">a block wider than a phone</div>'
          '<figure><img src="dot.png" alt="images/dot.png"><figcaption>Unnumbered.</figcaption></figure>'
          '<div class="claims-block"><table class="claims-table"><thead><tr><th>claim</th><th>verdict</th></tr>'
          '</thead><tbody><tr id="claim-1"><td>' + "x" * 150 + '</td><td><span class="verdict-badge '
          'verdict-confirmed">confirmed</span></td></tr></tbody></table><details id="claim-1-checks"></details>'
          '</div><pre style="width: 300px; overflow: auto">' + "code " * 100 + '</pre></article>')
    expectations = [book_pages.PageExpectation("good.html", notebook="book/x.ipynb", figure_cells=1,
                                               source_has_math=True),
                    book_pages.PageExpectation("broken.html"),
                    book_pages.PageExpectation("tex.html", source_has_math=True),
                    book_pages.PageExpectation("chapter.html", notebook="book/x.ipynb", figure_cells=1),
                    book_pages.PageExpectation("wide.html")]
    return d, expectations


@pytest.fixture(scope="module")
def hand_made_reports(hand_made, browser):
    d, expectations = hand_made
    with book_pages.serve(d) as base:
        return {e.path: book_pages.check_page(browser, base, e, LAUNCH)[0] for e in expectations}


def test_checker_passes_a_good_page(hand_made_reports):
    report = hand_made_reports["good.html"]
    assert report.problems == (), report.problems
    assert (report.typeset, report.math_elements, report.images, report.figure_cells) == (1, 1, 1, 1)


def test_checker_sees_broken_images_console_errors_and_references(hand_made_reports):
    report = hand_made_reports["broken.html"]
    details = " | ".join(f"[{p.kind}] {p.detail}" for p in report.problems)
    assert report.kinds() == {"image", "console", "network", "xref", "link", "figure"}, details
    for needle in ("image(s) did not load: ['nowhere.png']", "no numbered caption", "boom", "uncaught exception: kaboom",
                   "HTTP 404", "sec-missing", "empty citation", "'??' in the text", "#nowhere", "gone.html"):
        assert needle in details, needle


def test_checker_sees_bad_tex(hand_made_reports):
    details = " | ".join(p.detail for p in hand_made_reports["tex.html"].problems)
    assert hand_made_reports["tex.html"].kinds() == {"math"}
    assert "undefined TeX macros: ['\\\\Jmix']" in details
    assert "TeX errors" in details and "raw TeX delimiters" in details


def test_checker_sees_a_chapter_without_claims_table_figure_or_right_launch_links(hand_made_reports):
    report = hand_made_reports["chapter.html"]
    details = " | ".join(f"[{p.kind}] {p.detail}" for p in report.problems)
    assert report.kinds() == {"claims", "launch", "figure"}, details
    assert "no table with columns claim" in details
    assert details.count("[launch]") == 2 and "book/x.ipynb" in details


def test_checker_sees_elements_wider_than_the_column_and_a_claims_table_too_wide(hand_made_reports):
    report = hand_made_reports["wide.html"]
    details = " | ".join(f"[{p.kind}] {p.detail}" for p in report.problems)
    assert report.kinds() == {"layout", "figure"}, details
    assert "at 400 px, element(s) wider than" in details and "div" in details
    assert "wider than a 720 px column" in details and "no alt text" in details and "no numbered caption" in details
    assert not any("('pre" in p.detail for p in report.problems), "a code block may scroll inside itself"


def test_findings_check_compares_entries_with_rows():
    rows = {"u/a.html": [{"id": "claim-1", "verdict": "confirmed"}, {"id": "claim-2", "verdict": "partly"}]}
    good = [{"url": "u/a.html", "hash": "claim-1", "verdict": "confirmed", "badge": "verdict-confirmed"},
            {"url": "u/a.html", "hash": "claim-2", "verdict": "partly", "badge": "verdict-partly"}]
    assert book_pages.findings_problems(good, rows) == []
    bad = [dict(good[0], verdict="refuted", badge="verdict-refuted")]
    details = " | ".join(p.detail for p in book_pages.findings_problems(bad, rows))
    assert "lists 1 claims, the chapters' tables hold 2" in details and "says 'refuted'" in details
    assert "missing from the findings page" in details


def test_launch_links_need_the_repository_url():
    with pytest.raises(ValueError, match="repository.url"):
        book_pages._launch_problems([], "book/x.ipynb", book_pages.LaunchConfig(
            "https://github.com/only-owner", "main", "", LAUNCH.binderhub_url, LAUNCH.colab_url))
