"""The book builds from the committed notebooks with warnings treated as errors."""

import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import chapters  # noqa: E402


def test_book_builds_without_warnings(book_build):
    assert book_build.returncode == 0, book_build.log
    html = book_build.html
    assert (html / "book" / "intro.html").exists() and (html / "index.html").exists()
    for md in chapters.toc_chapters():
        page = html / "book" / f"{md.stem}.html"
        assert page.exists(), page
        assert "Claims checked" in page.read_text()
    # only the table of contents is built: not the README, the tests or the package
    built = {p.name for p in html.rglob("*.html")}
    assert "README.html" not in built and not any(n.startswith("test_") for n in built)


def test_mathjax_comes_from_the_build_folder(book_build):
    """Every page loads MathJax by a relative path into _static/mathjax/, and the files are there."""
    assert book_build.returncode == 0, book_build.log
    html = book_build.html
    mathjax_path = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]["mathjax_path"]
    assert "://" not in mathjax_path and (html / "_static" / mathjax_path).is_file()
    assert (html / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    for page in [html / "book" / "intro.html"] + [html / "book" / f"{md.stem}.html" for md in chapters.toc_chapters()]:
        text = page.read_text()
        srcs = [s.split("?")[0] for s in re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', text, flags=re.I)]
        assert srcs == [f"../_static/{mathjax_path}"], (page.name, srcs)
        # the macros of _config.yml's mathjax3_config reach the page
        assert '"Jmix": "J_{\\\\mathrm{mix}}"' in text, page.name
    # each inline script once (sphinx-thebe's const declarations would throw the second time)
    assert (html / "book" / "intro.html").read_text().count("const THEBE_JS_URL") <= 1
