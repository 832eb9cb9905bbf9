"""Execute the book's chapters and check their jupytext pairs.

Each chapter is a MyST Markdown file ``book/<name>.md`` (the source of truth) paired with
``book/<name>.ipynb`` (committed with outputs). ``execute`` rebuilds the notebook from the
Markdown, runs it top to bottom in a fresh kernel started in ``book/``, and writes it with
stable cell ids and no timing metadata. ``pairing_problems`` lists what is wrong with a pair.

    python scripts/chapters.py execute [book/x.md ...]   # default: every chapter in _toc.yml
    python scripts/chapters.py check                     # exit 1 when any pair is out of date
    python scripts/chapters.py set-release               # install cells -> _config.yml's url@branch

``set-release`` rewrites the package spec of every chapter's hidden install cell, in the ``.md`` and in
its ``.ipynb`` (same cell source and id rule, outputs untouched), to ``git+<url>@<branch>`` of
``_config.yml`` (README: "Cutting a release").
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import re
import sys
import time

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
CELL_TIMEOUT_S = 1800


def toc_chapters() -> list[pathlib.Path]:
    """The chapters' Markdown sources, in the order of ``_toc.yml`` (its ``.ipynb`` entries: the findings
    page, ``book/findings``, is written by the build and is not a chapter)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in [toc] for entry in part.get("chapters", []) if entry["file"].endswith(".ipynb")]
    return [ROOT / pathlib.Path(f).with_suffix(".md") for f in files]


def _stable_ids(nb: nbformat.NotebookNode) -> None:
    seen: dict[str, int] = {}
    for cell in nb.cells:
        base = hashlib.sha1((cell.cell_type + cell.source).encode()).hexdigest()[:8]
        seen[base] = seen.get(base, 0) + 1
        cell["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"


def execute(md: pathlib.Path) -> float:
    """Rebuild ``md``'s notebook from the Markdown, execute it, write the .ipynb; return seconds taken."""
    md = pathlib.Path(md).resolve()
    os.environ["MIXUP_PROGRESS"] = "0"  # no progress bars in committed outputs (the kernel inherits it)
    nb = jupytext.read(md)
    _stable_ids(nb)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(md.parent)}}, record_timing=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    # A last cell, removed before writing, reads the kernel's peak resident memory (README: "Chapters").
    nb.cells.append(nbformat.v4.new_code_cell(
        "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"))
    client.execute()
    seconds = time.perf_counter() - start
    probe = nb.cells.pop()
    peak = float("".join(o.get("text", "") for o in probe.outputs).strip() or "nan")
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    jupytext.write(nb, md.with_suffix(".ipynb"), fmt="ipynb")
    print(f"{md.name}: peak kernel memory {peak:.0f} MB (max RSS)")
    return seconds


def install_spec() -> str:
    """The package spec every install cell installs: ``mixup-nb-utils @ git+<url>@<branch>`` of _config.yml."""
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return f"mixup-nb-utils @ git+{repo['url']}@{repo['branch']}"


def set_release(md: pathlib.Path) -> bool:
    """Point ``md``'s install cell (and its .ipynb twin's) at :func:`install_spec`; True when something changed."""
    spec = install_spec()
    pattern = re.compile(r'"mixup-nb-utils @ git\+[^"@]+(@[^"]*)?"')
    text = md.read_text()
    new_text, n = pattern.subn(f'"{spec}"', text, count=1)
    if n != 1:
        raise ValueError(f"{md.name}: no install cell with a 'mixup-nb-utils @ git+...' spec")
    changed = new_text != text
    md.write_text(new_text)
    ipynb = md.with_suffix(".ipynb")
    if ipynb.exists():
        nb = nbformat.read(ipynb, as_version=4)
        cell = next(c for c in nb.cells if c.cell_type == "code")
        source = pattern.sub(f'"{spec}"', cell.source, count=1)
        if source != cell.source:
            cell.source = source
            _stable_ids(nb)
            jupytext.write(nb, ipynb, fmt="ipynb")
            changed = True
    return changed


def _key(cell) -> tuple[str, str, tuple[str, ...]]:
    return cell.cell_type, cell.source.strip(), tuple(cell.metadata.get("tags", []))


def pairing_problems(md: pathlib.Path) -> list[str]:
    """What is wrong with the pair (md, ipynb): missing twin, differing cells, not run top to bottom, errors."""
    md = pathlib.Path(md)
    ipynb = md.with_suffix(".ipynb")
    if not ipynb.exists():
        where = md.relative_to(ROOT) if md.resolve().is_relative_to(ROOT) else md
        return [f"{ipynb.name} is missing: run `make execute CHAPTER={where}`"]
    text_nb = jupytext.read(md)
    run_nb = nbformat.read(ipynb, as_version=4)
    problems = []
    a, b = [_key(c) for c in text_nb.cells], [_key(c) for c in run_nb.cells]
    if len(a) != len(b):
        problems.append(f"{md.name} has {len(a)} cells but {ipynb.name} has {len(b)}")
    for i, (ca, cb) in enumerate(zip(a, b)):
        if ca != cb:
            la, lb = ca[1].splitlines(), cb[1].splitlines()
            line = next((j for j, (u, v) in enumerate(zip(la, lb)) if u != v), min(len(la), len(lb)))
            first = (la[line] if line < len(la) else "<end>", lb[line] if line < len(lb) else "<end>")
            what = "tags" if ca[:2] == cb[:2] else f"line {line + 1}: {first[0]!r} vs {first[1]!r}"
            problems.append(f"cell {i} differs between {md.name} and {ipynb.name} ({what}); "
                            f"run `make execute CHAPTER=book/{md.name}`")
            break
    code = [c for c in run_nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(f"{ipynb.name} was not executed top to bottom in one run (execution counts {counts})")
    for i, c in enumerate(code):
        for out in c.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{ipynb.name}: code cell {i} holds an error output ({out.get('ename')})")
    return problems


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("execute", "check", "set-release"):
        print(__doc__)
        return 2
    paths = [ROOT / p for p in argv[1:]] or toc_chapters()
    if argv[0] == "set-release":
        for md in paths:
            print(f"{md.relative_to(ROOT)}: {'updated' if set_release(md.with_suffix('.md')) else 'unchanged'}")
        return 0
    if argv[0] == "execute":
        for md in paths:
            md = md.with_suffix(".md")
            seconds = execute(md)
            print(f"executed {md.relative_to(ROOT)} in {seconds:.1f} s")
        return 0
    bad = 0
    for md in paths:
        for p in pairing_problems(md.with_suffix(".md")):
            print(p)
            bad += 1
    print("all pairs in sync" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
