"""mixup_nb_utils.notebook: glue writes MyST-NB's glue output (checked against myst_nb itself, in a real
kernel), works outside IPython, and the progress bars are off when MIXUP_PROGRESS=0."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from mixup_nb_utils import notebook

ROOT = pathlib.Path(__file__).resolve().parents[1]

# Each value glued twice, once by myst_nb.glue and once by mixup_nb_utils.notebook.glue (numpy scalars:
# the package converts them, so myst_nb gets the Python number it would need).
VALUES = {
    "a_float": ("0.125", "np.float64(0.125)"),
    "an_int": ("7", "np.int64(7)"),
    "a_string": ("'ε = 0.1'", "'ε = 0.1'"),
    "markdown": ("Markdown('| a |\\n|---|\\n| 1 |')", "Markdown('| a |\\n|---|\\n| 1 |')"),
    "figure": ("fig", "fig"),
}
if importlib.util.find_spec("pandas") is not None:
    VALUES["frame"] = ("pd.DataFrame({'a': [1.5, 2.0]})", "pd.DataFrame({'a': [1.5, 2.0]})")

SETUP = """
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown
from myst_nb import glue as myst_glue
from mixup_nb_utils.notebook import glue
fig, ax = plt.subplots(figsize=(2, 2)); ax.plot([0, 1], [1, 0])
""" + ("import pandas as pd\n" if "frame" in VALUES else "")


@pytest.fixture(scope="module")
def glued() -> nbformat.NotebookNode:
    """One kernel run: for each value and display in (False, True), a myst_nb cell and a package cell."""
    pytest.importorskip("myst_nb")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP)]
    for name, (theirs, ours) in VALUES.items():
        for display in (False, True):
            nb.cells.append(nbformat.v4.new_code_cell(f"myst_glue({name!r}, {theirs}, display={display})"))
            nb.cells.append(nbformat.v4.new_code_cell(f"glue({name!r}, {ours}, display={display})"))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb


def test_glue_writes_what_myst_nb_writes(glued):
    pairs = glued.cells[1:]
    assert len(pairs) == 4 * len(VALUES)
    for theirs, ours in zip(pairs[0::2], pairs[1::2]):
        assert len(theirs.outputs) == 1 and theirs.outputs[0].output_type == "display_data", theirs.source
        assert ours.outputs == theirs.outputs, f"{ours.source} differs from {theirs.source}"


def test_glue_output_has_the_prefix_and_the_key(glued):
    hidden = glued.cells[2].outputs[0]      # glue('a_float', np.float64(0.125), display=False)
    assert hidden.data == {notebook.GLUE_PREFIX + "text/plain": "0.125"}
    assert hidden.metadata["scrapbook"] == {"name": "a_float", "mime_prefix": notebook.GLUE_PREFIX}
    shown = glued.cells[4].outputs[0]       # display=True: the plain bundle
    assert shown.data == {"text/plain": "0.125"} and shown.metadata["scrapbook"]["mime_prefix"] == ""


def test_glue_output_converts_numpy_scalars():
    pytest.importorskip("IPython")
    bundle, meta = notebook.glue_output("x", np.float32(0.5))
    assert bundle == {notebook.GLUE_PREFIX + "text/plain": "0.5"}
    assert meta == {"scrapbook": {"name": "x", "mime_prefix": notebook.GLUE_PREFIX}}
    with pytest.raises(ValueError, match="non-empty string name"):
        notebook.glue_output("", 1.0)


def test_glue_outside_ipython_prints_only_when_displayed():
    code = ("from mixup_nb_utils.notebook import glue\nimport numpy as np\n"
            "glue('hidden', np.float64(0.25))\nglue('shown', np.float64(0.75), display=True)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout == "0.75\n" and out.stderr == ""


def test_progress_off_when_the_environment_says_so(monkeypatch, capsys):
    monkeypatch.setenv(notebook.PROGRESS_ENV, "0")
    assert not notebook.progress_enabled()
    assert list(notebook.progress(range(3), desc="x")) == [0, 1, 2]
    with notebook.progress_bar(5) as bar:
        bar.update(5)
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


def test_progress_shows_a_bar_when_on(monkeypatch, capsys):
    monkeypatch.setenv(notebook.PROGRESS_ENV, "1")
    assert notebook.progress_enabled()
    assert list(notebook.progress(range(4), desc="epochs", delay=0)) == [0, 1, 2, 3]
    with notebook.progress_bar(3, desc="runs", delay=0) as bar:
        bar.update(3)
    err = capsys.readouterr().err
    assert "epochs:" in err and "0/4" in err and "runs:" in err and "0/3" in err  # shown, then removed (leave=False)


def test_committed_notebooks_hold_no_progress_bar():
    """No tqdm output (widget or text) in any committed chapter."""
    for ipynb in sorted((ROOT / "book").glob("*.ipynb")):
        text = json.dumps(nbformat.read(ipynb, as_version=4)["cells"])
        assert "application/vnd.jupyter.widget-view+json" not in text, ipynb.name
        assert "it/s]" not in text and "s/it]" not in text, ipynb.name


def test_short_loops_show_no_bar(monkeypatch, capsys):
    """Bars appear only after PROGRESS_DELAY_S: the many short searches of a cell leave nothing."""
    monkeypatch.setenv(notebook.PROGRESS_ENV, "1")
    assert notebook.PROGRESS_DELAY_S >= 1
    assert sum(notebook.progress(range(100))) == 4950
    with notebook.progress_bar(10) as bar:
        bar.update(10)
    assert capsys.readouterr().err == ""
