"""Every chapter pair is in sync, executed top to bottom, and follows the book's conventions."""

import json
import pathlib
import shutil
import sys

import nbformat
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import chapters  # noqa: E402

CHAPTERS = chapters.toc_chapters()
CHECK_TAG = "nbval-check-output"  # nbval compares the output of the cells with this tag
REPO_URL = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def test_toc_lists_chapters_with_their_ipynb():
    assert CHAPTERS, "_toc.yml lists no chapter"
    for md in CHAPTERS:
        assert md.exists() and md.with_suffix(".ipynb").exists(), md


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_pair_in_sync_and_executed(md):
    assert chapters.pairing_problems(md) == []


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_conventions(md):
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    install, params = code[0], code[1]
    assert "remove-cell" in install.metadata.get("tags", []), "first code cell: the hidden Colab install cell"
    assert f"git+{REPO_URL}" in install.source, "the install cell must use _config.yml's repository URL"
    assert "parameters" in params.metadata.get("tags", []), "second code cell: the parameters cell"
    assert "chapter_settings(" in params.source
    checked = [c for c in code if CHECK_TAG in c.metadata.get("tags", [])]
    assert checked, f"no cell is checked by nbval (cell tag {CHECK_TAG})"
    assert not any("NBVAL_CHECK_OUTPUT" in c.source for c in code), f"use the cell tag {CHECK_TAG}, not a comment"
    assert "Claims checked" in "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for c in checked:
        kinds = {o.get("output_type") for o in c.outputs}
        data = {k for o in c.outputs for k in o.get("data", {})}
        assert "image/png" not in data, "a checked cell must not hold a figure"
        assert kinds, "a checked cell must print something"


@pytest.fixture()
def pair_copy(tmp_path):
    md = CHAPTERS[0]
    shutil.copy(md, tmp_path / md.name)
    shutil.copy(md.with_suffix(".ipynb"), tmp_path / md.with_suffix(".ipynb").name)
    return tmp_path / md.name


def test_checker_sees_an_edited_markdown(pair_copy):
    assert chapters.pairing_problems(pair_copy) == []
    pair_copy.write_text(pair_copy.read_text() + "\n```{code-cell} ipython3\nprint('new')\n```\n")
    assert any("cells" in p for p in chapters.pairing_problems(pair_copy))


def test_checker_sees_a_changed_cell(pair_copy):
    text = pair_copy.read_text()
    i = text.index("settings = chapter_settings(")
    pair_copy.write_text(text[:i] + "settings  =  chapter_settings(" + text[i + len("settings = chapter_settings("):])
    assert any("differs" in p for p in chapters.pairing_problems(pair_copy))


def test_checker_sees_out_of_order_runs_and_errors(pair_copy):
    ipynb = pair_copy.with_suffix(".ipynb")
    nb = json.loads(ipynb.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    code[1]["execution_count"], code[2]["execution_count"] = code[2]["execution_count"], code[1]["execution_count"]
    code[-1]["outputs"].append({"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []})
    ipynb.write_text(json.dumps(nb))
    problems = chapters.pairing_problems(pair_copy)
    assert any("top to bottom" in p for p in problems)
    assert any("error output" in p for p in problems)


def test_checker_sees_a_missing_notebook(pair_copy):
    pair_copy.with_suffix(".ipynb").unlink()
    assert any("missing" in p for p in chapters.pairing_problems(pair_copy))
