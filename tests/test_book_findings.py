"""The findings page is written from the executed chapters' claims payloads, not typed."""

import pathlib
import shutil
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import book_findings  # noqa: E402
import chapters  # noqa: E402

from mixup_nb_utils.figures.claims import CLAIMS_MIME  # noqa: E402


def test_findings_page_lists_every_claim_of_every_chapter_with_its_verdict():
    pages = book_findings.toc_pages(ROOT)
    assert pages == [f"book/{md.stem}" for md in chapters.toc_chapters()]
    found = [book_findings.read_chapter(ROOT, p) for p in pages]
    text = book_findings.findings_markdown(found)
    total = sum(len(ch.rows) for ch in found)
    assert total > 0 and text.count('<li class="finding"') == total
    for ch in found:
        for row in ch.rows:
            assert f'href="{pathlib.Path(ch.page).name}.html#{row["anchor"]}"' in text
    # the counts row: every verdict counted once
    assert sum(ch.count(v) for ch in found for v in book_findings.VERDICTS) == total


def test_findings_page_is_placed_after_the_introduction():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    assert toc["chapters"][0]["file"] == book_findings.PAGE.removesuffix(".md")


def test_a_chapter_without_payload_stops_the_build(tmp_path):
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    page = book_findings.toc_pages(ROOT)[0]
    nb = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            out.get("data", {}).pop(CLAIMS_MIME, None)
    nbformat.write(nb, tmp_path / f"{page}.ipynb")
    with pytest.raises(ValueError, match="make execute CHAPTER="):
        book_findings.read_chapter(tmp_path, page)
