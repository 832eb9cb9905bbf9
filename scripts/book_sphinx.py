"""The book's local Sphinx extension (``_config.yml``: ``sphinx.local_extensions``).

1. MathJax from the built book, not a CDN. The MathJax 3 files come from the pinned PyPI package
   ``sphinx-mathjax-offline`` (MathJax 3.2.2; version in constraints.txt). That package's own
   ``setup`` overwrites ``mathjax_path``, so it is not loaded as an extension: this module adds its
   ``static/`` folder (which holds ``mathjax/``) to ``html_static_path``, so the build copies it to
   ``_build/html/_static/mathjax/``; pages load it through ``mathjax_path`` (``_config.yml``,
   relative to ``_static/``) with the macros of ``mathjax3_config``.
2. Each inline script once. Under Sphinx 7.4 an inline script that an extension adds after the
   builder started (sphinx-thebe's ``const THEBE_JS_URL = ...``) is written twice into every page,
   and the second ``const`` throws "Identifier 'THEBE_JS_URL' has already been declared" in the
   browser; duplicates are dropped from each page's scripts.
"""

from __future__ import annotations

import importlib.metadata
import pathlib

DISTRIBUTION = "sphinx-mathjax-offline"


def mathjax_static_dir() -> pathlib.Path:
    """The installed package's folder that holds ``mathjax/tex-mml-chtml.js`` and the other files."""
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise FileNotFoundError(f"{DISTRIBUTION} is not installed: run `make install` "
                                f"(or `pip install -c constraints.txt -e \".[book]\"`)") from None
    static = pathlib.Path(str(dist.locate_file("sphinx-mathjax-offline/static")))
    if not (static / "mathjax" / "tex-mml-chtml.js").is_file():
        raise FileNotFoundError(f"{static}/mathjax/tex-mml-chtml.js is missing: reinstall {DISTRIBUTION}")
    return static


def _add_mathjax(app, config) -> None:
    path = config.mathjax_path
    if "://" in path or path.startswith("/"):
        raise ValueError(f"mathjax_path is {path!r}: set it in _config.yml to a path relative to _static/, "
                         "e.g. mathjax/tex-mml-chtml.js, so the book needs no network")
    static = mathjax_static_dir()
    if not (static / path).is_file():
        raise FileNotFoundError(f"mathjax_path {path!r} is not in {static}: pick one of its mathjax/*.js files")
    config.html_static_path = [*config.html_static_path, str(static)]


def _script_key(js) -> tuple:
    return (str(getattr(js, "filename", js) or ""), getattr(js, "priority", 0),
            tuple(sorted(getattr(js, "attributes", {}).items())))


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for js in scripts:
        key = _script_key(js)
        if key not in seen:
            seen.add(key)
            kept.append(js)
    context["script_files"] = kept


def setup(app) -> dict:
    app.connect("config-inited", _add_mathjax)
    app.connect("html-page-context", _drop_duplicate_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
