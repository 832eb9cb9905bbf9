"""Verdicts of the "Claims checked" tables are computed from checks; none can be typed in."""

import pathlib
import re

import numpy as np
import pytest

from mixup_nb_utils.claims import Check, Claim, decide
from mixup_nb_utils.figures.claims import claims_markdown

ROOT = pathlib.Path(__file__).resolve().parents[2]
VERDICT_LITERAL = re.compile(r"""["'](confirmed|refuted|partly|undecided)["']""")


def test_verdict_follows_the_checks():
    yes, no, open_ = Check("a", True), Check("b", False), Check("c", None)
    assert Claim("x", "p", "b", (yes, yes)).verdict == "confirmed"
    assert Claim("x", "p", "b", (no,)).verdict == "refuted"
    assert Claim("x", "p", "b", (yes, no)).verdict == "partly"
    assert Claim("x", "p", "b", (yes, open_)).verdict == "undecided"
    assert Claim("x", "p", "b", (no, open_)).verdict == "refuted"
    assert Claim("x", "p", "b", yes).checks == (yes,)


def test_numpy_booleans_are_accepted_and_strings_refused():
    assert Check("np", np.float64(1.0) > 0).holds is True
    with pytest.raises(ValueError, match="boolean result"):
        Check("typed", "confirmed")
    with pytest.raises(ValueError, match="boolean result"):
        Check("number", 1)
    with pytest.raises(ValueError, match="at least one Check"):
        Claim("x", "p", "b", ())
    with pytest.raises(ValueError, match="non-empty description"):
        Check("", True)


def test_decide_uses_the_spread():
    assert decide(1.0, 0.1, "d > 0").holds is True
    assert decide(-1.0, 0.1, "d > 0").holds is False
    assert decide(0.1, 0.1, "d > 0").holds is None
    assert decide(-1.0, 0.1, "d < 0", expect="negative").holds is True
    with pytest.raises(ValueError):
        decide(float("nan"), 0.1, "d")


def test_table_names_each_check_and_its_outcome():
    text = claims_markdown([Claim("a | b", "1", "2", (Check("|x| < 1", True), Check("y > 0", False)))])
    assert "a \\| b" in text and "\\|x\\| < 1: holds; y > 0: fails" in text and "**partly**" in text


def _code_cells(md: pathlib.Path) -> list[str]:
    return re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", md.read_text(), flags=re.S)


def _sources() -> list[tuple[str, str]]:
    found = [(f"{md.name} cell {i}", c) for md in sorted((ROOT / "book").glob("*.md")) for i, c in
             enumerate(_code_cells(md))]
    exp = ROOT / "mixup_nb_utils" / "experiments"
    found += [(str(p.relative_to(ROOT)), p.read_text()) for p in sorted(exp.rglob("*.py"))] if exp.exists() else []
    return found


def test_no_verdict_is_written_as_a_literal():
    hits = [(where, m.group(0)) for where, text in _sources() for m in VERDICT_LITERAL.finditer(text)]
    assert not hits, f"verdicts typed as literals (compute them with Check): {hits}"


def test_the_literal_scan_catches_a_typed_verdict(tmp_path):
    md = tmp_path / "x.md"
    md.write_text('text\n```{code-cell} ipython3\nClaim("a", "b", "c", verdict="partly")\n```\n')
    assert any(VERDICT_LITERAL.search(c) for c in _code_cells(md))
