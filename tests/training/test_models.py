"""Tests of mixup_nb_utils.training.models: the frozen MLP used to illustrate losses."""

import numpy as np

from mixup_nb_utils.training.models import fixed_mlp, numpy_log_prob


def test_fixed_model_is_deterministic_and_normalised():
    f = numpy_log_prob(fixed_mlp(2, 8, 3, seed=3))
    g = numpy_log_prob(fixed_mlp(2, 8, 3, seed=3))
    pts = np.random.default_rng(0).normal(size=(10, 2))
    np.testing.assert_array_equal(f(pts), g(pts))
    np.testing.assert_allclose(np.exp(f(pts)).sum(axis=1), 1.0)
