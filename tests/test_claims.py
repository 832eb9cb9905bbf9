"""Seed summaries of mixup_nb_utils.claims: mean ± s.e. (ddof = 1), paired and independent differences."""

import numpy as np
import pytest

from mixup_nb_utils.claims import difference_se, paired_difference, summarise


def test_mean_sd_and_standard_error_with_n_minus_one():
    s = summarise([1.0, 3.0, np.nan])
    assert (s.mean, s.n) == (2.0, 2) and s.sd == pytest.approx(np.sqrt(2)) and str(s) == "2.00 ± 1.41"
    assert s.se == pytest.approx(1.0)
    assert summarise([2.0]).n == 1 and np.isnan(summarise([2.0]).sd)
    assert summarise([]).n == 0 and np.isnan(summarise([]).se)


def test_paired_difference_is_the_summary_of_per_seed_differences():
    d = paired_difference([1.0, 2.0, 4.0], [0.5, 1.0, 1.5])
    assert d.mean == pytest.approx(4 / 3) and d.sd == pytest.approx(np.std([0.5, 1, 2.5], ddof=1))
    assert d.se == pytest.approx(d.sd / np.sqrt(3))
    with pytest.raises(ValueError, match="paired"):
        paired_difference([1.0], [1.0, 2.0])


def test_difference_se_of_independent_means():
    a, b = np.array([1.0, 2.0, 4.0]), np.array([0.0, 2.0])
    expected = np.sqrt(a.var(ddof=1) / 3 + b.var(ddof=1) / 2)
    assert difference_se(a, b) == pytest.approx(expected)
