"""Small data makers shared by several test files (import them: ``from tests.helpers import ...``)."""

from __future__ import annotations

import numpy as np


def gaussian_data(n: int, d: int, seed: int, n_pos: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """n standard normal points in R^d; the first ``n_pos`` (default n/2) have label +1, the rest -1."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    n_pos = n // 2 if n_pos is None else n_pos
    return X, np.where(np.arange(n) < n_pos, 1.0, -1.0)


def labelled_points(seed: int = 0, m: int = 25, n: int = 2, k: int = 3):
    """m normal points in R^n with random labels 0..k-1 (every class present), and the generator."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    y = rng.integers(0, k, m)
    y[:k] = np.arange(k)
    return X, y, rng


def small_network_problem():
    """Five points in the plane, three classes, a fixed MLP 2-8-3 and its log-probability function."""
    from mixup_nb_utils.training.models import fixed_mlp, numpy_log_prob

    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 2))
    y = np.array([0, 1, 2, 0, 1])
    net = fixed_mlp(2, 8, 3, seed=1)
    return X, y, net, numpy_log_prob(net)
