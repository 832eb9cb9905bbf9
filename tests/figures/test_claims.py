"""Tests of mixup_nb_utils.figures.claims: the "Claims checked" table."""

import pytest

from mixup_nb_utils.figures.claims import Claim, claims_markdown, verdict


def test_claims_table():
    md = claims_markdown([Claim("a | b", "1", "2", verdict=verdict(False))])
    assert "a \\| b" in md and "**refuted**" in md
    with pytest.raises(ValueError, match="verdict"):
        Claim("x", "1", "1", verdict="maybe")
