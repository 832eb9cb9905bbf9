"""Tests of mixup_nb_utils.training.linear_sgd: sampled Mixup training of the linear model."""

import numpy as np
import pytest

from mixup_nb_utils.theory.mixup_logistic import mixup_logistic_minimizer
from mixup_nb_utils.training.linear_sgd import mixup_sgd


def gaussian_data(n, d, seed, n_pos=None):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    n_pos = n // 2 if n_pos is None else n_pos
    y = np.where(np.arange(n) < n_pos, 1.0, -1.0)
    return X, y


def test_mixup_sgd_approaches_the_exact_minimiser():
    X, y = gaussian_data(6, 8, 24, n_pos=4)
    exact = mixup_logistic_minimizer(X, y, 1.0)
    trained = mixup_sgd(X, y, 1.0, 20_000, np.random.default_rng(0))
    assert np.linalg.norm(trained - exact) < 0.05 * np.linalg.norm(exact)
    with pytest.raises(ValueError, match="steps"):
        mixup_sgd(X, y, 1.0, 1, np.random.default_rng(0))
