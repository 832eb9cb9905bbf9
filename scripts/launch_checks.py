"""Run the chapters the way Colab and Binder run them, in their runtimes (``make colab-check``,
``make binder-check``); write a table of seconds, peak memory and pass/fail per chapter.

colab   A venv from a Python 3.13 interpreter (``--python``, default pyenv's 3.13.0) holding the versions
        of Colab's runtime, ``launch/colab-runtime.txt`` (a dated excerpt of Colab's pip freeze), and
        ipykernel. For each chapter: the package is uninstalled, the chapter's hidden install cell runs
        with its ``git+<url>@<tag>`` replaced by ``git+file://localhost/<this checkout>`` (pip installs
        the committed HEAD), then every cell of the chapter at the default scale, in Colab's working
        folder (not the checkout). torch and torchvision must keep their version and files, and
        ``mixup_nb_utils`` must come from the venv.
binder  A venv made only from ``binder/``: the Python that ``binder/runtime.txt`` names (pyenv's), then
        ``binder/requirements.txt``, then ``binder/postBuild`` in a copy of the repository's tracked
        files (as Binder runs it in its clone). Each chapter runs top to bottom
        in a kernel of that venv started in the copy's ``book/`` (cells from the ``.md``, which
        ``make check`` keeps equal to the ``.ipynb``'s); its install cell must install nothing.

Peak memory is the kernel's maximum resident set size (``getrusage``'s ``ru_maxrss``, read by a cell
appended at the end; pip, run by the install cell, is a child process and not counted). Progress
bars are on (the reader's view); the executed notebooks go to ``_build/launch-checks/`` and the
committed ``.ipynb`` are not touched. pip runs with ``--retries 0 --timeout 10`` so that an index that
cannot be reached (PyTorch's CPU index where only PyPI is reachable) is skipped at once; pip then
takes torch from PyPI (its CUDA build), which the check reports.

    python scripts/launch_checks.py colab|binder [book/<chapter>.md ...] [--python PY] [--env DIR]

The venv is kept in ``--env`` (default ``_build/launch-envs/<kind>``) and reused while the file it was
made from is unchanged. The table is printed and written to ``_build/launch-checks/<kind>.md``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from chapters import toc_chapters  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "launch-checks"
COLAB_RUNTIME = ROOT / "launch" / "colab-runtime.txt"
COLAB_PYTHON = "/root/.pyenv/versions/3.13.0/bin/python3"
PYENV = pathlib.Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
PIP_OPTIONS = ("--retries", "0", "--timeout", "10", "--disable-pip-version-check")
CELL_TIMEOUT_S = 1800
SLOW_CELL_S = 10.0
_PROBE = ("import json, sys, torch, torchvision\n"
          "print(json.dumps({m.__name__: [m.__version__, m.__file__] for m in (torch, torchvision)}))")
_END_CELL = ("import json, resource, sys, mixup_nb_utils, torch\n"
             "print(json.dumps({'python': sys.executable, 'version': sys.version.split()[0], "
             "'package': mixup_nb_utils.__file__, 'torch': torch.__version__, "
             "'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")


@dataclass(frozen=True)
class ChapterRun:
    """One chapter in one runtime: seconds for all its cells, the kernel's peak RSS, what failed."""

    chapter: str
    seconds: float
    peak_mb: float
    error: str
    slow_cells: tuple[tuple[int, float], ...]
    python: str = ""
    torch: str = ""

    @property
    def passed(self) -> bool:
        return not self.error


def install_spec() -> tuple[str, str]:
    """(url, revision) of ``_config.yml``'s ``repository``: the install cell installs ``git+url@revision``."""
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return repo["url"], str(repo["branch"])


def _run(cmd: list, **kw) -> str:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def binder_python() -> str:
    """pyenv's interpreter for the version that ``binder/runtime.txt`` names (``python-3.11``)."""
    text = (ROOT / "binder" / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", text)
    if not match:
        raise ValueError(f"binder/runtime.txt says {text!r}; Binder expects e.g. 'python-3.11'.")
    found = sorted(PYENV.glob(f"{match.group(1)}.*/bin/python3"))
    if not found:
        raise FileNotFoundError(f"no Python {match.group(1)} under {PYENV} (binder/runtime.txt); "
                                f"install it with `pyenv install {match.group(1)}`.")
    return str(found[-1])


def _env(env_dir: pathlib.Path, python: str, stamp_text: str, build) -> pathlib.Path:
    """The venv in ``env_dir``, made by ``build(python_of_venv)`` unless its stamp matches ``stamp_text``."""
    stamp = env_dir / ".launch-stamp"
    digest = hashlib.sha1((python + stamp_text).encode()).hexdigest()
    env_python = env_dir / "bin" / "python"
    if stamp.is_file() and stamp.read_text() == digest and env_python.is_file():
        print(f"reusing {env_dir}")
        return env_python
    shutil.rmtree(env_dir, ignore_errors=True)
    _run([python, "-m", "venv", env_dir])
    build(env_python)
    stamp.write_text(digest)
    return env_python


def _kernel(env_python: pathlib.Path, name: str) -> str:
    """A kernelspec, under ``_build/launch-envs/jupyter``, that starts an IPython kernel with ``env_python``."""
    jupyter_path = ROOT / "_build" / "launch-envs" / "jupyter"
    spec = jupyter_path / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(env_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name, "language": "python"}))
    os.environ["JUPYTER_PATH"] = str(jupyter_path) + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    return name


def _kernel_env() -> dict:
    """The kernel's environment: this one at the default scale, progress bars on (the reader's view)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MIXUP_PROGRESS", "VIRTUAL_ENV", "PYTHONPATH")}
    env["MIXUP_SCALE"] = "default"
    return env


def _execute(nb: nbformat.NotebookNode, kernel: str, cwd: pathlib.Path, env: dict) -> tuple[float, str]:
    """Run ``nb`` in place; (seconds, the first error or '')."""
    start = time.perf_counter()
    error = ""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name=kernel, record_timing=True,
                       resources={"metadata": {"path": str(cwd)}},
                       extra_arguments=["--IPKernelApp.log_level=ERROR"]).execute()
    except Exception as exc:  # noqa: BLE001 - a failing cell is a result of the check, recorded in the table
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return time.perf_counter() - start, error


def _cell_seconds(cell) -> float:
    from datetime import datetime

    t = cell.get("metadata", {}).get("execution", {})
    if "iopub.execute_input" not in t or "shell.execute_reply" not in t:
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(t["shell.execute_reply"]) - parse(t["iopub.execute_input"])).total_seconds()


def _finish(nb, kind: str, chapter: pathlib.Path, seconds: float, error: str, check=None) -> ChapterRun:
    OUT.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, OUT / f"{kind}-{chapter.stem}.ipynb")
    probe: dict = {}
    if not error:
        text = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []) if o.get("output_type") == "stream")
        probe = json.loads(text.strip().splitlines()[-1])
        try:
            if check is not None:
                check(probe)
        except RuntimeError as exc:
            error = str(exc)
    slow = tuple((i, round(s, 1)) for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"
                 for s in [_cell_seconds(c)] if s > SLOW_CELL_S)
    return ChapterRun(chapter.stem, seconds, probe.get("peak_rss_mb", float("nan")), error,
                      slow, probe.get("version", ""), probe.get("torch", ""))


def colab_env(python: str, env_dir: pathlib.Path) -> pathlib.Path:
    """The Colab venv: Colab's versions (launch/colab-runtime.txt) and ipykernel."""
    def build(env_python):
        _run([env_python, "-m", "pip", "install", "-q", *PIP_OPTIONS, "-r", COLAB_RUNTIME, "ipykernel"])
    return _env(env_dir, python, COLAB_RUNTIME.read_text(), build)


def colab_chapter(chapter: pathlib.Path, env_python: pathlib.Path, kernel: str, work: pathlib.Path) -> ChapterRun:
    """Colab: the install cell from this checkout, then every cell of ``chapter``; torch must be kept."""
    url, rev = install_spec()
    _run([env_python, "-m", "pip", "uninstall", "-y", "-q", "mixup-nb-utils"])
    before = json.loads(_run([env_python, "-c", _PROBE]))
    src = jupytext.read(chapter.with_suffix(".md"))  # the source of truth (the .ipynb may be older)
    first = next(i for i, c in enumerate(src.cells) if c.cell_type == "code")
    install = src.cells[first].source
    if f"git+{url}@{rev}" not in install:
        raise ValueError(f"the first code cell of {chapter.name} does not install git+{url}@{rev} "
                         "(_config.yml's repository url and branch): it is not the Colab install cell")
    nb = nbformat.v4.new_notebook(metadata=src.metadata)
    nb.cells = [nbformat.v4.new_code_cell(install.replace(f"git+{url}@{rev}", f"git+file://localhost{ROOT}"))]
    nb.cells += [nbformat.v4.new_code_cell(c.source) for c in src.cells[first + 1:] if c.cell_type == "code"]
    nb.cells.append(nbformat.v4.new_code_cell(_END_CELL))
    content = work / "content"  # Colab's working folder: not the checkout, so nothing is imported from it
    content.mkdir(parents=True, exist_ok=True)
    env = _kernel_env()
    seconds, error = _execute(nb, kernel, content, env)

    def check(probe: dict) -> None:
        after = json.loads(_run([env_python, "-c", _PROBE]))
        if after != before:
            raise RuntimeError(f"installing the package replaced torch/torchvision: {before} -> {after}")
        if not pathlib.Path(probe["package"]).resolve().is_relative_to(env_python.parent.parent.resolve()):
            raise RuntimeError(f"mixup_nb_utils was imported from {probe['package']}, not from the Colab venv")
    return _finish(nb, "colab", chapter, seconds, error, check)


def binder_env(python: str, env_dir: pathlib.Path, repo: pathlib.Path) -> pathlib.Path:
    """Binder's venv: binder/requirements.txt, then binder/postBuild run in ``repo`` (a copy of the checkout)."""
    def build(env_python):
        env = {**os.environ, "PATH": f"{env_python.parent}{os.pathsep}{os.environ['PATH']}",
               "VIRTUAL_ENV": str(env_dir), "PIP_RETRIES": "0", "PIP_TIMEOUT": "10"}
        _run([env_python, "-m", "pip", "install", "-q", *PIP_OPTIONS, "-r", "binder/requirements.txt"], cwd=repo, env=env)
        _run(["bash", "binder/postBuild"], cwd=repo, env=env)
        _run([env_python, "-m", "pip", "check"], env=env)
    files = "".join(p.read_text() for p in sorted((ROOT / "binder").iterdir()) if p.is_file())
    return _env(env_dir, python, files + str(repo), build)


def _tracked_copy(dest: pathlib.Path) -> None:
    for rel in filter(None, _run(["git", "-C", ROOT, "ls-files", "-z"]).split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def binder_chapter(chapter: pathlib.Path, env_python: pathlib.Path, kernel: str, repo: pathlib.Path) -> ChapterRun:
    """Binder: the chapter top to bottom in the Binder venv, started in the copy's book/ (its cells from
    the .md, the source of truth: the committed .ipynb has the same cells, ``make check``)."""
    nb = jupytext.read(repo / "book" / chapter.with_suffix(".md").name)
    nb.cells.append(nbformat.v4.new_code_cell(_END_CELL))
    env = _kernel_env()
    seconds, error = _execute(nb, kernel, repo / "book", env)

    def check(probe: dict) -> None:
        if not pathlib.Path(probe["package"]).resolve().is_relative_to(repo.resolve()):
            raise RuntimeError(f"mixup_nb_utils came from {probe['package']}, not postBuild's install in {repo}")
        first = next(c for c in nb.cells if c.cell_type == "code")
        if first.outputs:
            raise RuntimeError(f"the install cell printed something (did it pip install?): {first.outputs}")
    return _finish(nb, "binder", chapter, seconds, error, check)


def table(kind: str, runs: list[ChapterRun], python: str) -> str:
    """The Markdown table of one check: chapter, seconds, peak memory, pass/fail, cells over 10 s."""
    lines = [f"{kind} check, {time.strftime('%Y-%m-%d', time.gmtime())}, Python {runs[0].python if runs else '?'} "
             f"({python}), torch {runs[0].torch if runs else '?'}:", "",
             "| chapter | seconds | peak memory (MB) | result | cells over 10 s (index: s) |", "|---|---:|---:|---|---|"]
    for r in runs:
        slow = ", ".join(f"{i}: {s:.0f}" for i, s in r.slow_cells) or "none"
        lines.append(f"| {r.chapter} | {r.seconds:.0f} | {r.peak_mb:.0f} | {'pass' if r.passed else 'FAIL: ' + r.error[:200]} "
                     f"| {slow} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    args = list(argv)
    if not args or args[0] not in ("binder", "colab"):
        print(__doc__)
        return 2
    kind = args.pop(0)
    options = {}
    for opt in ("--python", "--env"):
        if opt in args:
            i = args.index(opt)
            options[opt] = args[i + 1]
            del args[i:i + 2]
    chapters = [(ROOT / a).with_suffix(".md") for a in args] or toc_chapters()
    env_dir = pathlib.Path(options.get("--env", ROOT / "_build" / "launch-envs" / kind)).resolve()
    python = options.get("--python") or (COLAB_PYTHON if kind == "colab" else binder_python())
    work = ROOT / "_build" / "launch-envs" / f"{kind}-work"
    start = time.perf_counter()
    if kind == "colab":
        env_python = colab_env(python, env_dir)
        run_one = lambda ch: colab_chapter(ch, env_python, kernel, work)  # noqa: E731
    else:
        shutil.rmtree(work, ignore_errors=True)
        _tracked_copy(work)
        env_python = binder_env(python, env_dir, work)
        run_one = lambda ch: binder_chapter(ch, env_python, kernel, work)  # noqa: E731
    print(f"{kind} environment ready in {time.perf_counter() - start:.0f} s", flush=True)
    kernel = _kernel(env_python, f"{kind}-check")
    runs = []
    for chapter in chapters:
        runs.append(run_one(chapter))
        r = runs[-1]
        print(f"{r.chapter}: {r.seconds:.0f} s, peak {r.peak_mb:.0f} MB, {'pass' if r.passed else 'FAIL ' + r.error}",
              flush=True)
    text = table(kind, runs, python)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{kind}.md").write_text(text)
    print(text)
    return 0 if all(r.passed for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
