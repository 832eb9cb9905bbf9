"""House rules a reader relies on, checked over the whole tree.

- No merge-conflict markers in any tracked text file.
- Every reference a reader can follow resolves: in the chapters' prose (outside code cells) and in
  the package's docstrings, each backticked ``mixup_nb_utils.x.y`` or package-relative dotted name
  (``data.synthetic.two_moons``, ``margin.train_decision_maps``) names a module or attribute that
  exists, and each backticked ``path/file.py`` names a file in the repository.

Each checker is a plain function of text, so the tests at the bottom also plant bad references and
show that the guard fails on them.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import pkgutil
import re
import subprocess

import pytest

import mixup_nb_utils

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mixup_nb_utils"

CONFLICT = re.compile(r"^(<{7}( .*)?|={7}|>{7}( .*)?)$", re.MULTILINE)
BACKTICKED = re.compile(r"(?<!`)(``?)(?!`)([^`\n]+?)(?<!`)\1(?!`)")
DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
PY_FILE = re.compile(r"^[\w./-]+\.py$")
CODE_BLOCK = re.compile(r"^(```|~~~)\{?(code-cell|code|python|ipython3)?\}?.*?^\1\s*$", re.MULTILINE | re.DOTALL)


def tracked_files() -> list[pathlib.Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / p for p in out.decode().split("\0") if p]


def conflict_markers(text: str) -> list[int]:
    """Line numbers (1-based) of lines that are merge-conflict markers."""
    return [text.count("\n", 0, m.start()) + 1 for m in CONFLICT.finditer(text)]


def package_modules() -> dict[str, list[str]]:
    """Every module of the package by each of its dotted suffixes: ``margin`` → [...experiments.margin, ...]."""
    names: dict[str, list[str]] = {}
    full = ["mixup_nb_utils"] + [m.name for m in pkgutil.walk_packages(mixup_nb_utils.__path__, "mixup_nb_utils.")]
    for module in full:
        parts = module.split(".")
        for i in range(len(parts)):
            names.setdefault(".".join(parts[i:]), []).append(module)
    return names


MODULES = package_modules()


def _resolves_from(module: str, rest: list[str]) -> bool:
    obj = importlib.import_module(module)
    for i, name in enumerate(rest):
        if hasattr(obj, name):
            obj = getattr(obj, name)
            continue
        sub = f"{obj.__name__}.{name}" if isinstance(obj, type(mixup_nb_utils)) else None
        if sub is None:
            return False
        try:
            obj = importlib.import_module(sub)
        except ImportError:
            return False
    return True


def dotted_reference_resolves(name: str, local_names: frozenset[str] = frozenset()) -> bool | None:
    """True/False for a dotted name that claims to be in the package; None when it is not a package name.

    A name is a package name when it starts with ``mixup_nb_utils``, or its first part is not a local
    variable (``settings.epochs``) and either one of its leading dotted parts is a package module's
    suffix or its first part looks like a module of ours (``..._experiments``, ``datasets``, a test file).
    """
    parts = name.split(".")
    if parts[0] in local_names:
        return None
    candidates = []
    for i in range(len(parts), 0, -1):
        for module in MODULES.get(".".join(parts[:i]), []):
            candidates.append((module, parts[i:]))
    if candidates:
        return any(_resolves_from(module, rest) for module, rest in candidates)
    if parts[0] == "mixup_nb_utils" or parts[0] in SUSPECT_FIRST_PARTS or parts[0].endswith("_experiments"):
        return False
    return None


# Names that always mean a variable in prose, never a module: a chapter's ``settings`` object (which shares its
# name with the modules config.settings and figures.settings), ``self`` and ``cls``.
VARIABLES = frozenset({"settings", "self", "cls"})

# First parts that look like modules of this package but are not: old names a reader might meet.
SUSPECT_FIRST_PARTS = frozenset({"datasets", "utils", "experiments_utils", "nb_utils", "helpers_nb"})


def file_reference_resolves(path: str) -> bool:
    """A ``file.py`` reference exists in the repository (as written, or as the tail of a tracked path)."""
    if (ROOT / path).exists() or (PACKAGE / path).exists():
        return True
    return any(str(p.relative_to(ROOT)).endswith("/" + path.lstrip("./")) for p in TRACKED_PY)


TRACKED_PY = [p for p in tracked_files() if p.suffix == ".py"]


def bad_references(text: str, local_names: frozenset[str] = frozenset()) -> list[str]:
    """Every backticked reference in ``text`` that does not resolve."""
    local_names = local_names | VARIABLES
    bad = []
    for m in BACKTICKED.finditer(text):
        ref = m.group(2).strip()
        for prefix in (":mod:", ":func:", ":class:", ":meth:", ":attr:", ":data:"):
            ref = ref.removeprefix(prefix)
        ref = ref.strip("~!").rstrip("()")
        if PY_FILE.match(ref) and ("/" in ref or ref.endswith(".py")):
            if not file_reference_resolves(ref):
                bad.append(ref)
        elif DOTTED.match(ref) and dotted_reference_resolves(ref, local_names) is False:
            bad.append(ref)
    return bad


def chapter_prose(md: str) -> tuple[str, frozenset[str]]:
    """The prose of a MyST chapter (code cells removed) and the names its code cells bind."""
    code = "\n".join(m.group(0) for m in CODE_BLOCK.finditer(md))
    local: set[str] = set()
    for line in code.splitlines():
        match = re.match(r"\s*([A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*)\s*=[^=]", line)
        if match:
            local.update(n.strip() for n in match.group(1).split(","))
        match = re.match(r"\s*(from\s+\S+\s+)?import\s+(.+)", line)
        if match:
            local.update(part.split(" as ")[-1].strip(" ()") for part in match.group(2).split(","))
    return CODE_BLOCK.sub("", md), frozenset(local)


def docstrings(source: str) -> list[tuple[str, frozenset[str]]]:
    """Each docstring of a module with the variables of its scope (parameters, names assigned there),
    whose attributes (``settings.epochs``, ``config.runs``) are not package references."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if not doc:
                continue
            scope = node.body if isinstance(node, ast.Module) else [node]
            local = {n.id for stmt in scope if not isinstance(stmt, (ast.FunctionDef, ast.ClassDef)) or stmt is node
                     for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            local |= {a.arg for n in ast.walk(node) if isinstance(n, ast.arguments)
                      for a in n.posonlyargs + n.args + n.kwonlyargs}
            local |= {n.target.id for n in ast.walk(node) if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
            found.append((doc, frozenset(local | VARIABLES)))
    return found


# ---------------------------------------------------------------------------------------------
# The tree
# ---------------------------------------------------------------------------------------------

def test_no_conflict_markers_in_tracked_files():
    found = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        found += [f"{path.relative_to(ROOT)}:{line}" for line in conflict_markers(text)]
    assert not found, f"merge-conflict markers left in: {found}"


@pytest.mark.parametrize("md", sorted((ROOT / "book").glob("*.md")), ids=lambda p: p.name)
def test_chapter_prose_references_resolve(md):
    prose, local = chapter_prose(md.read_text(encoding="utf-8"))
    assert not bad_references(prose, local), f"{md.name}: references to nothing: {bad_references(prose, local)}"


def test_readme_references_resolve():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not bad_references(text), f"README.md: references to nothing: {bad_references(text)}"


def test_docstring_references_resolve():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for doc, local in docstrings(path.read_text(encoding="utf-8")):
            found += [f"{path.relative_to(ROOT)}: {ref}" for ref in bad_references(doc, local)]
    assert not found, f"docstrings name what does not exist: {found}"


# ---------------------------------------------------------------------------------------------
# The guard can fail
# ---------------------------------------------------------------------------------------------

def test_guard_sees_planted_conflict_markers():
    text = 'x = 1\n<<<<<<< HEAD\ny = 2\n=======\ny = 3\n>>>>>>> other\n'
    assert conflict_markers(text) == [2, 4, 6]
    assert conflict_markers("a ======= b\n=== heading ===\n") == []


def test_guard_sees_planted_bad_references():
    prose = ("`datasets.two_moons` implements this; ``tests/test_datasets.py`` checks it; "
             "`margin_experiments.train_decision_maps` trains; `mixup_nb_utils.theory.nowhere`; "
             "`margin.no_such_function`.")
    assert bad_references(prose) == ["datasets.two_moons", "tests/test_datasets.py",
                                     "margin_experiments.train_decision_maps", "mixup_nb_utils.theory.nowhere",
                                     "margin.no_such_function"]


def test_guard_accepts_good_references():
    prose = ("`data.synthetic.two_moons`, `tests/data/test_synthetic.py`, `margin.train_decision_maps`, "
             "`mixup_nb_utils.claims.Claim`, :func:`mixup_nb_utils.theory.conflicts.conflict_distances`, "
             "`settings.epochs` (a variable), `ensemble.py`.")
    _, local = chapter_prose("```{code-cell} ipython3\nsettings = 1\n```\n")
    assert bad_references(prose, local) == []


# ---------------------------------------------------------------------------------------------
# One name per chapter on every floor
# ---------------------------------------------------------------------------------------------

# The chapter that draws only with the shared modules (figures.pictures, figures.style) has no figures module.
NO_FIGURES_MODULE = frozenset({"mixup_loss"})


def chapter_floors(name: str, root: pathlib.Path = ROOT) -> dict[str, bool]:
    """Whether each floor has the chapter ``name``: its .md, experiments module or package, figures module, tests."""
    pkg = root / "mixup_nb_utils"
    return {
        "book": (root / "book" / f"{name}.md").exists(),
        "experiments": (pkg / "experiments" / f"{name}.py").exists() or (pkg / "experiments" / name / "__init__.py").exists(),
        "figures": (pkg / "figures" / f"{name}.py").exists() or name in NO_FIGURES_MODULE,
        "tests": any((root / "tests").rglob(f"test_{name}*.py")),
    }


def test_one_name_per_chapter_on_every_floor():
    from mixup_nb_utils.config import CHAPTERS

    toc = re.findall(r"file: book/(\w+)\.ipynb", (ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert sorted(toc) == sorted(CHAPTERS), f"the toc's chapters {toc} and the settings keys {sorted(CHAPTERS)} differ"
    missing = {name: [floor for floor, ok in chapter_floors(name).items() if not ok] for name in CHAPTERS}
    assert not any(missing.values()), f"chapters missing a floor under their own name: {missing}"
    extra = {p.stem for p in (PACKAGE / "experiments").iterdir() if p.stem != "__init__" and not p.stem.startswith("_")}
    assert extra <= set(CHAPTERS), f"experiments modules that are not a chapter's name: {sorted(extra - set(CHAPTERS))}"


def test_names_check_sees_a_missing_floor(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "renamed.md").write_text("")
    (tmp_path / "mixup_nb_utils" / "experiments").mkdir(parents=True)
    (tmp_path / "mixup_nb_utils" / "experiments" / "renamed_runs.py").write_text("")
    (tmp_path / "tests").mkdir()
    assert chapter_floors("renamed", tmp_path) == {"book": True, "experiments": False, "figures": False, "tests": False}


# ---------------------------------------------------------------------------------------------
# The package map stays true
# ---------------------------------------------------------------------------------------------

def package_map_gaps(root: pathlib.Path = PACKAGE, readme: str | None = None) -> list[str]:
    """Modules the maps leave out: every module in the README's module table, and every module and
    subpackage of a package named (``name``) in that package's ``__init__`` docstring."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8") if readme is None else readme
    listed = set(re.findall(r"^\| `([\w/]+\.py)` \|", readme, re.MULTILINE))
    gaps = []
    for path in sorted(root.rglob("*.py")):
        rel = str(path.relative_to(root))
        if path.name not in ("__init__.py", "__main__.py") and rel not in listed:
            gaps.append(f"README module table: {rel}")
    gaps += [f"README module table lists {rel}, which does not exist" for rel in sorted(listed)
             if not (root / rel).exists()]
    for init in sorted(root.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        for child in sorted(init.parent.iterdir()):
            name = child.stem if child.suffix == ".py" else child.name
            is_module = child.suffix == ".py" and name not in ("__init__", "__main__")
            if (is_module or (child / "__init__.py").exists()) and f"``{name}``" not in doc \
                    and f"mixup_nb_utils.{name}`" not in doc:
                gaps.append(f"{init.relative_to(root.parent)} docstring: {name}")
    return gaps


def test_package_map_names_every_module():
    assert not package_map_gaps(), package_map_gaps()


def test_package_map_check_sees_a_new_module(tmp_path):
    pkg = tmp_path / "mixup_nb_utils"
    (pkg / "theory").mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""- :mod:`mixup_nb_utils.theory` exact results"""\n')
    (pkg / "theory" / "__init__.py").write_text('"""- ``optimal`` h_ε"""\n')
    (pkg / "theory" / "optimal.py").write_text("")
    (pkg / "theory" / "new.py").write_text("")
    readme = "| `theory/optimal.py` | h_ε |\n| `theory/gone.py` | nothing |\n"
    assert package_map_gaps(pkg, readme) == ["README module table: theory/new.py",
                                             "README module table lists theory/gone.py, which does not exist",
                                             "mixup_nb_utils/theory/__init__.py docstring: new"]
