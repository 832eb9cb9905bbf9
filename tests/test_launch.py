"""Every chapter starts where readers launch it (Colab, Binder): what the launch checks of
``scripts/launch_checks.py`` do with the real runtimes, done here quickly and offline.

- The launch test: for every chapter, its hidden install cell (pointed at a wheel of this checkout, pip
  with no index and no dependencies, installing into a folder of its own), its setup cells (up to the
  first Markdown cell after the cell that imports ``glue``) and one call of the ``glue`` those cells
  imported, in a kernel where ``myst_nb`` cannot be imported (a meta-path blocker loaded by
  ``sitecustomize``) and ``mixup_nb_utils`` only from what the install cell installed. On the main of
  before this test (chapters importing ``myst_nb``, margin installing it) all seven chapters fail.
- Every install cell installs ``git+<url>@<branch>`` of ``_config.yml``, and the branch is the release tag
  ``v<version>`` of ``pyproject.toml`` (the pages and the package a reader installs come from one revision).
- ``binder/requirements.txt`` provides every module that a chapter or the package imports, and
  ``binder/runtime.txt`` names a Python that ``requires-python`` allows.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import pathlib
import re
import subprocess
import sys
import tomllib

import jupytext
import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import chapters  # noqa: E402

CHAPTERS = chapters.toc_chapters()
REPO = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
INSTALL_LINE = f'"mixup-nb-utils @ git+{REPO["url"]}@{REPO["branch"]}"'
# The install cell's package spec, with or without a revision (old chapters had none).
INSTALL_RE = re.compile(r'"mixup-nb-utils @ git\+' + re.escape(REPO["url"]) + r'(@[^"]*)?"')

# A kernel's sitecustomize: myst_nb cannot be imported, and mixup_nb_utils only from LAUNCH_TARGET.
BLOCKER = '''
import importlib.machinery, os, sys

class _LaunchBlocker:
    """Colab and Binder have no MyST-NB, and no package until the install cell installs it."""
    target = os.environ["LAUNCH_TARGET"]

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top == "myst_nb":
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: not in a reader's kernel)", name=name)
        if name == "mixup_nb_utils":
            sys.path_importer_cache.pop(self.target, None)  # see what pip has just installed
            spec = importlib.machinery.PathFinder.find_spec(name, [self.target])
            if spec is None:
                raise ModuleNotFoundError("No module named 'mixup_nb_utils' (not installed yet)", name=name)
            return spec
        return None

sys.meta_path.insert(0, _LaunchBlocker())
'''


def code_cells_md(md_path: pathlib.Path) -> list[str]:
    """The sources of a chapter's code cells (from the .md, the source of truth)."""
    return [c.source for c in jupytext.read(md_path).cells if c.cell_type == "code"]


def setup_cells(md_path: pathlib.Path) -> tuple[str, list[str]]:
    """(install cell, setup cells): the code cells after the install cell up to the first Markdown cell
    after the cell that imports ``glue`` (the parameters and import cells)."""
    cells = jupytext.read(md_path).cells
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    first = code[0]
    glue_at = next((i for i in code if re.search(r"^from \S+ import .*\bglue\b", cells[i].source, re.M)), code[1])
    end = next((i for i in range(glue_at, len(cells)) if cells[i].cell_type == "markdown"), len(cells))
    return cells[first].source, [cells[i].source for i in range(first + 1, end) if cells[i].cell_type == "code"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> pathlib.Path:
    """A wheel of this checkout (no network: the build backend comes from the test environment)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("mixup_nb_utils-*.whl"))


@pytest.fixture(scope="module")
def launch_kernel(tmp_path_factory):
    """A kernelspec of this Python whose kernels load the blocker (PYTHONPATH) and run pip offline."""
    base = tmp_path_factory.mktemp("launch")
    (base / "site").mkdir()
    (base / "site" / "sitecustomize.py").write_text(BLOCKER)
    spec = base / "jupyter" / "kernels" / "launch"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "launch", "language": "python"}))
    return base


def run_launch(md_path: pathlib.Path, wheel: pathlib.Path, base: pathlib.Path, monkeypatch) -> nbformat.NotebookNode:
    install, setup = setup_cells(md_path)
    assert INSTALL_RE.search(install), f"{md_path.name}: the install cell does not install git+{REPO['url']}"
    target = base / f"target-{md_path.stem}"
    target.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import myst_nb")]  # must fail: the blocker is active
    nb.cells.append(nbformat.v4.new_code_cell(INSTALL_RE.sub(f'"mixup-nb-utils @ {wheel.as_uri()}"', install)))
    nb.cells += [nbformat.v4.new_code_cell(s) for s in setup]
    nb.cells.append(nbformat.v4.new_code_cell(  # the chapter's own glue, imported by its setup cells
        "glue('launch_check', 0.5)\nimport mixup_nb_utils\nprint(mixup_nb_utils.__file__)"))
    monkeypatch.setenv("JUPYTER_PATH", str(base / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", str(base / "site"))
    monkeypatch.setenv("LAUNCH_TARGET", str(target))
    monkeypatch.setenv("MIXUP_SCALE", "default")
    for key, value in {"TARGET": str(target), "NO_INDEX": "1", "NO_DEPS": "1"}.items():
        monkeypatch.setenv(f"PIP_{key}", value)
    NotebookClient(nb, timeout=300, kernel_name="launch", allow_errors=True,
                   resources={"metadata": {"path": str(md_path.parent)}}).execute()
    return nb


@pytest.mark.parametrize("md_path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_starts_without_myst_nb(md_path, wheel, launch_kernel, monkeypatch):
    nb = run_launch(md_path, wheel, launch_kernel, monkeypatch)
    blocked = [o for o in nb.cells[0].outputs if o.output_type == "error"]
    assert blocked and blocked[0].ename == "ModuleNotFoundError", "the myst_nb blocker is not active"
    errors = [f"cell {i}: {o.ename}: {o.evalue}" for i, c in enumerate(nb.cells[1:], 1) for o in c.outputs
              if o.output_type == "error"]
    assert errors == [], f"{md_path.name} does not start in a reader's kernel: {errors}"
    last = nb.cells[-1].outputs
    glued = [o for o in last if o.output_type == "display_data"]
    assert glued and glued[0].metadata["scrapbook"]["name"] == "launch_check"
    printed = "".join(o.get("text", "") for o in last if o.output_type == "stream").strip()
    assert printed.startswith(str(launch_kernel / f"target-{md_path.stem}")), \
        f"mixup_nb_utils came from {printed}, not from what the install cell installed"


@pytest.mark.parametrize("md_path", CHAPTERS, ids=lambda p: p.stem)
def test_install_cell_installs_the_release(md_path):
    install = code_cells_md(md_path)[0]
    assert INSTALL_LINE in install, f"{md_path.name}: the install cell must install {INSTALL_LINE}"
    assert len(INSTALL_RE.findall(install)) == 1 and "pip" in install
    assert "myst" not in install, "a chapter installs nothing but the package"


def test_config_branch_is_the_release_tag():
    assert REPO["branch"] == f"v{PYPROJECT['version']}", \
        "_config.yml's repository.branch must be the release tag v<pyproject version> (README: cutting a release)"
    import mixup_nb_utils
    assert mixup_nb_utils.__version__ == PYPROJECT["version"]


def test_set_release_rewrites_both_twins(tmp_path):
    """`scripts/chapters.py set-release` points an old install cell (no tag) at the release, in both twins."""
    md_path = tmp_path / "mixup_loss.md"
    untagged = f'"mixup-nb-utils @ git+{REPO["url"]}"'
    md_path.write_text(INSTALL_RE.sub(untagged, (ROOT / "book" / "mixup_loss.md").read_text()))
    nb = nbformat.read(ROOT / "book" / "mixup_loss.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = INSTALL_RE.sub(untagged, first.source)
    nbformat.write(nb, md_path.with_suffix(".ipynb"))
    assert INSTALL_LINE not in md_path.read_text()
    assert chapters.set_release(md_path)
    twin = nbformat.read(md_path.with_suffix(".ipynb"), as_version=4)
    assert INSTALL_LINE in md_path.read_text() and INSTALL_LINE in next(c for c in twin.cells if c.cell_type == "code").source
    assert chapters.pairing_problems(md_path) == []
    assert not chapters.set_release(md_path)  # already at the release


def test_no_chapter_or_module_imports_myst_nb():
    sources = [(p.name, s) for p in CHAPTERS for s in code_cells_md(p)]
    sources += [(str(p.relative_to(ROOT)), p.read_text()) for p in (ROOT / "mixup_nb_utils").rglob("*.py")]
    assert [w for w, s in sources if "myst_nb" in top_modules(s) or "sphinx" in top_modules(s)] == []


def top_modules(source: str) -> set[str]:
    """The top-level names of every module imported anywhere in ``source`` (absolute imports only)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    names = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            names |= {a.name.partition(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def requirements(path: pathlib.Path) -> list[Requirement]:
    lines = [ln.split("#")[0].strip() for ln in path.read_text().splitlines()]
    return [Requirement(ln) for ln in lines if ln and not ln.startswith("-")]


def closure(names: set[str]) -> set[str]:
    """``names`` and every distribution they require (no extras), from this environment's metadata."""
    seen, todo = set(), [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in md.requires(name) or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return seen


def test_binder_requirements_provide_every_import():
    imported = set()
    for p in CHAPTERS:
        for s in code_cells_md(p):
            imported |= top_modules(s)
    for p in (ROOT / "mixup_nb_utils").rglob("*.py"):
        imported |= top_modules(p.read_text())
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "mixup_nb_utils"}
    assert {"numpy", "torch", "sklearn", "IPython"} <= third_party  # the scan sees the real imports
    dists = md.packages_distributions()
    provided = closure({r.name for r in requirements(ROOT / "binder" / "requirements.txt")})
    missing = {m: dists.get(m, ["(not installed here)"]) for m in third_party
               if not {canonicalize_name(d) for d in dists.get(m, [])} & provided}
    assert missing == {}, f"binder/requirements.txt provides no distribution of {missing}"


def test_binder_requirements_hold_the_package_dependencies():
    pinned = {canonicalize_name(r.name) for r in requirements(ROOT / "binder" / "requirements.txt")}
    needed = {canonicalize_name(Requirement(d).name) for d in PYPROJECT["dependencies"]}
    assert needed <= pinned, f"postBuild installs the package with --no-deps: pin {needed - pinned} too"


def test_binder_runtime_is_allowed_and_pins_match_the_lock():
    version = re.fullmatch(r"python-(3\.\d+)", (ROOT / "binder" / "runtime.txt").read_text().strip())
    assert version, "binder/runtime.txt must read e.g. python-3.11"
    assert SpecifierSet(PYPROJECT["requires-python"]).contains(f"{version.group(1)}.0")
    lock = {canonicalize_name(r.name): r.specifier for r in requirements(ROOT / "constraints.txt")}
    for r in requirements(ROOT / "binder" / "requirements.txt"):
        assert lock.get(canonicalize_name(r.name)) == r.specifier, f"{r} differs from constraints.txt"
