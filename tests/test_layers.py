"""The package's shape (../shared/ARCHITECTURE.md): imports run down the floors, no circles, small pieces.

Floors, lowest first (a module imports only from its own floor or lower ones):

    0  config, device, validation, claims, notebook   (the ground floor)
    1  data
    2  mixup
    3  theory
    4  training
    5  experiments
    6  figures

Two more rules: ``figures`` never imports ``experiments`` at run time (figures draw the results they
are given; an import under ``if TYPE_CHECKING:`` for a type hint is allowed), and no two modules
import each other, directly or round a longer circle (a chapter's claims module imports its runs,
never the reverse). No module is longer than 400 lines and no function longer than 60.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mixup_nb_utils"

FLOORS = {"config": 0, "device": 0, "validation": 0, "claims": 0, "notebook": 0,
          "data": 1, "mixup": 2, "theory": 3, "training": 4, "experiments": 5, "figures": 6}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# TEMPORARY: files that other helpers are rewriting in this round; the lead empties this list at merge.
TEMPORARY_SIZE_ALLOW_LIST: frozenset[str] = frozenset()


def module_name(path: pathlib.Path, root: pathlib.Path = PACKAGE) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skip


def imports_of(source: str, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The package modules that module ``name`` imports at run time (the most specific one that exists)."""
    tree = ast.parse(source)
    skip = _type_checking_nodes(tree)
    base = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            prefix = ".".join(base[:len(base) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (prefix, node.module or "") if p)
            targets = [f"{module}.{a.name}" for a in node.names] + [module]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
                break
    return found


def import_graph(root: pathlib.Path = PACKAGE) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    return {name: imports_of(p.read_text(encoding="utf-8"), name, p.name == "__init__.py", set(files))
            for name, p in files.items()}


def floor(module: str) -> int | None:
    parts = module.split(".")
    return FLOORS.get(parts[1]) if len(parts) > 1 else None


def arrows_up(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for source, targets in graph.items():
        for target in targets:
            f_s, f_t = floor(source), floor(target)
            if f_s is None or f_t is None:
                continue
            if f_t > f_s or (source.split(".")[1] == "figures" and target.split(".")[1] == "experiments"):
                bad.append(f"{source} -> {target}")
    return sorted(bad)


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each once (Tarjan's strongly connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def oversized(root: pathlib.Path = PACKAGE, allow: frozenset[str] = frozenset()) -> list[str]:
    """Modules over MAX_MODULE_LINES lines and functions over MAX_FUNCTION_LINES, except those in ``allow``."""
    bad = []
    for path in sorted(root.rglob("*.py")):
        rel = str(path.relative_to(root.parent))
        if rel in allow:
            continue
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            bad.append(f"{rel}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and f"{rel}::{node.name}" not in allow:
                    bad.append(f"{rel}::{node.name}: {length} lines")
    return bad


# ---------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------

GRAPH = import_graph()


def test_every_subpackage_has_a_floor():
    tops = {m.split(".")[1] for m in GRAPH if "." in m}
    assert tops <= set(FLOORS), f"modules on no floor (add them to FLOORS): {sorted(tops - set(FLOORS))}"


def test_imports_run_down_the_floors():
    assert not arrows_up(GRAPH), f"imports that point up (or figures -> experiments): {arrows_up(GRAPH)}"


def test_no_import_circles():
    assert not circles(GRAPH), f"modules that import each other: {circles(GRAPH)}"


def claim_rows_imported_by_runs(graph: dict[str, set[str]]) -> list[str]:
    """Chapter modules other than their package ``__init__`` that import the chapter's claim rows."""
    return sorted(f"{source} -> {target}" for source, targets in graph.items() for target in targets
                  if target.endswith(".claim_rows") and source != target.rpartition(".")[0])


def test_a_chapters_runs_never_import_its_claims():
    assert not claim_rows_imported_by_runs(GRAPH), claim_rows_imported_by_runs(GRAPH)


def test_modules_and_functions_stay_small():
    bad = oversized(allow=TEMPORARY_SIZE_ALLOW_LIST)
    assert not bad, f"split by ideas (a chapter's runs, its claims, its tables): {bad}"


# ---------------------------------------------------------------------------------------------
# The checks can fail
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def planted(tmp_path):
    pkg = tmp_path / "mixup_nb_utils"
    for sub in ("theory", "experiments", "figures"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "theory" / "bad.py").write_text("from ..experiments.runs import x\n")
    (pkg / "experiments" / "runs.py").write_text("from .runs_claims import c\nx = 1\n")
    (pkg / "experiments" / "runs_claims.py").write_text("from .runs import x\nc = 2\n")
    (pkg / "figures" / "draw.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..experiments.runs import x\n"
        "from ..experiments import runs\n")
    body = "\n".join(f"    y{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (pkg / "experiments" / "long.py").write_text(f"def f():\n{body}\n" + "z = 0\n" * MAX_MODULE_LINES)
    return pkg


def test_checks_see_planted_arrows_circles_and_sizes(planted):
    graph = import_graph(planted)
    assert arrows_up(graph) == ["mixup_nb_utils.figures.draw -> mixup_nb_utils.experiments.runs",
                                "mixup_nb_utils.theory.bad -> mixup_nb_utils.experiments.runs"]
    assert circles(graph) == [["mixup_nb_utils.experiments.runs", "mixup_nb_utils.experiments.runs_claims"]]
    assert oversized(planted) == [f"mixup_nb_utils/experiments/long.py: {MAX_MODULE_LINES + MAX_FUNCTION_LINES + 1} lines",
                                  f"mixup_nb_utils/experiments/long.py::f: {MAX_FUNCTION_LINES + 1} lines"]
    assert oversized(planted, frozenset({"mixup_nb_utils/experiments/long.py"})) == []
    graph = {"p.experiments.runs": {"p.experiments.claim_rows"}, "p.experiments": {"p.experiments.claim_rows"}}
    assert claim_rows_imported_by_runs(graph) == ["p.experiments.runs -> p.experiments.claim_rows"]


def test_type_checking_imports_are_not_arrows(planted):
    (planted / "figures" / "draw.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..experiments.runs import x\n")
    assert arrows_up(import_graph(planted)) == ["mixup_nb_utils.theory.bad -> mixup_nb_utils.experiments.runs"]
