"""Tests of mixup_nb_utils.training.linear_sgd: sampled Mixup training of the linear model."""

import numpy as np
import pytest

from mixup_nb_utils.theory.mixup_logistic import mixup_logistic_minimizer
from mixup_nb_utils.training.linear_sgd import mixup_sgd


from tests.helpers import gaussian_data  # noqa: E402


def test_mixup_sgd_approaches_the_exact_minimiser():
    X, y = gaussian_data(6, 8, 24, n_pos=4)
    exact = mixup_logistic_minimizer(X, y, 1.0)
    trained = mixup_sgd(X, y, 1.0, 20_000, np.random.default_rng(0))
    assert np.linalg.norm(trained - exact) < 0.05 * np.linalg.norm(exact)
    with pytest.raises(ValueError, match="steps"):
        mixup_sgd(X, y, 1.0, 1, np.random.default_rng(0))
