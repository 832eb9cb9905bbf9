"""The book builds from the committed notebooks with warnings treated as errors."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import chapters  # noqa: E402


def test_book_builds_without_warnings(tmp_path):
    exe = pathlib.Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(exe), "build", "--all", "-W", "-n", "--keep-going",
                           "--path-output", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    html = tmp_path / "_build" / "html"
    assert (html / "book" / "intro.html").exists() and (html / "index.html").exists()
    for md in chapters.toc_chapters():
        page = html / "book" / f"{md.stem}.html"
        assert page.exists(), page
        assert "Claims checked" in page.read_text()
    # only the table of contents is built: not the README, the tests or the package
    built = {p.name for p in html.rglob("*.html")}
    assert "README.html" not in built and not any(n.startswith("test_") for n in built)
