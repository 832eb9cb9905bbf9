"""Run a chapter the way Binder and Colab would, in fresh virtual environments (``make binder-check``,
``make colab-check``).

binder  A fresh venv gets ``binder/requirements.txt`` then ``binder/postBuild`` (run in a copy of the
        repository's tracked files, as Binder runs them in its clone); the chapter's committed
        ``.ipynb`` is executed top to bottom in a kernel of that venv, started in the copy's ``book/``.
        Differences from mybinder.org: Python is this machine's ``python3`` (Binder picks its own
        3.x), the kernel is driven by nbclient from the book's ``.venv`` (Binder's Jupyter server
        lives in the same environment), and pip runs with ``--retries 0 --timeout 10`` so that an
        index that cannot be reached (``--extra-index-url https://download.pytorch.org/whl/cpu`` where
        only PyPI is reachable) is skipped at once instead of retried for every package; pip then
        takes torch from the indexes it can reach (PyPI's build, with its CUDA libraries, instead of
        the ``+cpu`` build). The check prints which torch it got.
colab   A fresh venv that already has torch and torchvision (as a Colab runtime does) and ipykernel;
        the chapter's hidden install cell (its first code cell) runs in a kernel of that venv with
        the repository URL replaced by ``git+file://localhost/<checkout path>`` (so pip installs the committed
        HEAD of this checkout, the way Colab installs the repository's default branch), then the
        chapter's setup cells (the code cells that follow, up to the next Markdown cell: parameters
        and imports). torch and torchvision must have the same version and the same files before and
        after, and ``mixup_nb_utils`` must be imported from the venv, not from the checkout.

    python scripts/launch_checks.py binder|colab [book/<chapter>.md] [--python python3] [--keep]

The executed notebooks are written to ``_build/launch-checks/``; the committed ``.ipynb`` is not touched.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "launch-checks"
DEFAULT_CHAPTER = "book/mixup_loss.md"
PIP_OPTIONS = ("--retries", "0", "--timeout", "10", "--disable-pip-version-check")
CELL_TIMEOUT_S = 1800
# What a Colab runtime already has before the install cell runs (a matched pair, as on Colab).
COLAB_PREINSTALLED = ("torch==2.14.1", "torchvision==0.29.1")
_PROBE = ("import json, sys, torch, torchvision\n"
          "print(json.dumps({m.__name__: [m.__version__, m.__file__] for m in (torch, torchvision)}))")


@dataclass(frozen=True)
class CheckResult:
    """What one launch check did: the chapter, the notebook it wrote, seconds taken (setup, run)."""

    kind: str
    chapter: str
    notebook: pathlib.Path
    setup_seconds: float
    run_seconds: float
    torch: str


def _run(cmd: list[str], **kw) -> str:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def _fresh_venv(where: pathlib.Path, python: str) -> pathlib.Path:
    _run([python, "-m", "venv", where])
    return where / "bin" / "python"


def _kernel(env_python: pathlib.Path, jupyter_path: pathlib.Path, name: str) -> str:
    """A kernelspec (under ``jupyter_path``) that starts an IPython kernel with ``env_python``."""
    spec = jupyter_path / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(env_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name, "language": "python"}))
    os.environ["JUPYTER_PATH"] = str(jupyter_path) + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    return name


def _execute(nb: nbformat.NotebookNode, kernel: str, cwd: pathlib.Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name=kernel, resources={"metadata": {"path": str(cwd)}},
                   extra_arguments=["--IPKernelApp.log_level=ERROR"]).execute()
    return time.perf_counter() - start


def _errors(nb: nbformat.NotebookNode) -> list[str]:
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def _probe_cell() -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(
        "import json, sys, mixup_nb_utils, torch\n"
        "print(json.dumps({'python': sys.executable, 'package': mixup_nb_utils.__file__, "
        "'torch': torch.__version__, 'torch_file': torch.__file__}))")


def _probe_output(nb: nbformat.NotebookNode) -> dict:
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return json.loads(text.strip().splitlines()[-1])


def _tracked_copy(dest: pathlib.Path) -> None:
    files = _run(["git", "-C", ROOT, "ls-files", "-z"]).split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def binder_check(chapter: pathlib.Path, python: str, work: pathlib.Path) -> CheckResult:
    """Binder: fresh venv from binder/requirements.txt, then binder/postBuild; run ``chapter`` top to bottom."""
    start = time.perf_counter()
    repo = work / "repo"
    _tracked_copy(repo)
    env_python = _fresh_venv(work / "env", python)
    env = {**os.environ, "PATH": f"{env_python.parent}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(work / "env")}
    _run([env_python, "-m", "pip", "install", "-q", *PIP_OPTIONS, "-r", "binder/requirements.txt"], cwd=repo, env=env)
    _run(["bash", "binder/postBuild"], cwd=repo, env={**env, "PIP_RETRIES": "0", "PIP_TIMEOUT": "10"})
    _run([env_python, "-m", "pip", "check"], env=env)
    setup = time.perf_counter() - start
    kernel = _kernel(env_python, work / "jupyter", "binder-check")
    nb = nbformat.read(repo / chapter.with_suffix(".ipynb").relative_to(ROOT), as_version=4)
    nb.cells.append(_probe_cell())
    run = _execute(nb, kernel, repo / "book")
    probe = _probe_output(nb)
    if not pathlib.Path(probe["package"]).resolve().is_relative_to(repo.resolve()):
        raise RuntimeError(f"the kernel imported mixup_nb_utils from {probe['package']}, not from the Binder "
                           f"checkout {repo} (postBuild's editable install)")
    if pathlib.Path(probe["python"]).parent.resolve() != env_python.parent.resolve():
        raise RuntimeError(f"the kernel ran {probe['python']}, not the Binder environment's Python {env_python}")
    first = next(c for c in nb.cells if c.cell_type == "code")
    if first.outputs:
        raise RuntimeError(f"the install cell printed something (did it pip install?): {first.outputs}")
    return CheckResult("binder", chapter.name, _save(nb, "binder", chapter), setup, run, probe["torch"])


def colab_check(chapter: pathlib.Path, python: str, work: pathlib.Path) -> CheckResult:
    """Colab: a venv with torch; the install cell (URL -> this checkout) and the setup cells; torch kept."""
    start = time.perf_counter()
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    env_python = _fresh_venv(work / "env", python)
    constraints = ROOT / "constraints.txt"
    _run([env_python, "-m", "pip", "install", "-q", *PIP_OPTIONS, "-c", constraints, *COLAB_PREINSTALLED, "ipykernel"])
    before = json.loads(_run([env_python, "-c", _PROBE]))
    setup = time.perf_counter() - start
    src = nbformat.read(chapter.with_suffix(".ipynb"), as_version=4)
    cells = src.cells
    first = next(i for i, c in enumerate(cells) if c.cell_type == "code")
    end = next((i for i in range(first + 1, len(cells)) if cells[i].cell_type == "markdown"), len(cells))
    install = cells[first].source
    if f"git+{url}" not in install:
        raise ValueError(f"the first code cell of {chapter.name} does not install git+{url} (_config.yml's "
                         "repository.url): it is not the Colab install cell")
    nb = nbformat.v4.new_notebook(metadata=src.metadata)
    nb.cells = [nbformat.v4.new_code_cell(install.replace(f"git+{url}", f"git+file://localhost{ROOT}"))]
    nb.cells += [nbformat.v4.new_code_cell(c.source) for c in cells[first + 1:end] if c.cell_type == "code"]
    nb.cells.append(_probe_cell())
    kernel = _kernel(env_python, work / "jupyter", "colab-check")
    content = work / "content"  # Colab's working folder: not the checkout, so nothing is imported from it
    content.mkdir()
    run = _execute(nb, kernel, content)
    after = json.loads(_run([env_python, "-c", _PROBE]))
    if after != before:
        raise RuntimeError(f"installing the package replaced torch/torchvision: before {before}, after {after}")
    probe = _probe_output(nb)
    site = (work / "env").resolve()
    if not pathlib.Path(probe["package"]).resolve().is_relative_to(site):
        raise RuntimeError(f"mixup_nb_utils was imported from {probe['package']}, not from the Colab venv {site}")
    return CheckResult("colab", chapter.name, _save(nb, "colab", chapter), setup, run,
                       f"{after['torch'][0]} (kept: {after['torch'][1]})")


def _save(nb: nbformat.NotebookNode, kind: str, chapter: pathlib.Path) -> pathlib.Path:
    problems = _errors(nb)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{kind}-{chapter.stem}.ipynb"
    nbformat.write(nb, path)
    if problems:
        raise RuntimeError(f"errors in {path}: {problems}")
    return path


def main(argv: list[str]) -> int:
    args = list(argv)
    if not args or args[0] not in ("binder", "colab"):
        print(__doc__)
        return 2
    kind = args.pop(0)
    keep = "--keep" in args
    if keep:
        args.remove("--keep")
    python = "python3"
    if "--python" in args:
        i = args.index("--python")
        python = args[i + 1]
        del args[i:i + 2]
    chapter = (ROOT / (args[0] if args else DEFAULT_CHAPTER)).with_suffix(".md")
    if not chapter.with_suffix(".ipynb").is_file():
        raise FileNotFoundError(f"{chapter.with_suffix('.ipynb')} is missing: name a chapter, e.g. {DEFAULT_CHAPTER}")
    work = pathlib.Path(tempfile.mkdtemp(prefix=f"{kind}-check-"))
    start = time.perf_counter()
    try:
        result = (binder_check if kind == "binder" else colab_check)(chapter, python, work)
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{kind}-check passed: {result.chapter}; environment {result.setup_seconds:.0f} s, "
          f"notebook {result.run_seconds:.0f} s, total {time.perf_counter() - start:.0f} s; "
          f"torch {result.torch}; executed notebook: {result.notebook}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
