"""Printed tables rendered as Markdown tables."""

import pytest

from mixup_nb_utils.figures.tables import markdown_table, table


def test_markdown_table_aligns_and_escapes():
    text = markdown_table(["a", "b|c"], [("x", 1.5), ("|y|", 2)])
    assert text.splitlines() == ["| a | b\\|c |", "|:---|---:|", "| x | 1.5 |", "| \\|y\\| | 2 |"]
    assert table(["a"], [["1"]]).data == "| a |\n|:---|\n| 1 |"


def test_markdown_table_refuses_ragged_rows_and_bad_alignment():
    with pytest.raises(ValueError, match="row 0 has 1 cells"):
        markdown_table(["a", "b"], [("x",)])
    with pytest.raises(ValueError, match="align"):
        markdown_table(["a", "b"], [], align="lc")
