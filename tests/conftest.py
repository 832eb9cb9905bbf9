import os
import pathlib
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

# The tests run at the default scale and on the CPU unless the caller says otherwise.
os.environ.setdefault("MIXUP_SCALE", "default")

ROOT = pathlib.Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BookBuild:
    """One `jupyter-book build --all -W -n --keep-going` of the committed notebooks."""

    returncode: int
    log: str
    html: pathlib.Path
    seconds: float


@pytest.fixture(scope="session")
def book_build(tmp_path_factory) -> BookBuild:
    """The book built once per test session (warnings are errors), shared by the build and browser tests."""
    out = tmp_path_factory.mktemp("book")
    exe = pathlib.Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "build", "--all", "-W", "-n", "--keep-going",
                           "--path-output", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=900)
    return BookBuild(proc.returncode, proc.stdout[-4000:] + proc.stderr[-4000:], out / "_build" / "html",
                     time.perf_counter() - start)
