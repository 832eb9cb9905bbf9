"""The exact training error of h_ε against the existing engine theory.mixup_optimal, ties and underflow."""

import numpy as np
import pytest
import torch

from mixup_nb_utils.mixup.mixing import BetaMixing
from mixup_nb_utils.theory.beta_intervals import (TABLE_TOLERANCE, BetaIntervalTable, _table_mass_numpy,
                                                  _table_mass_torch, exact_mass_and_moment)
from mixup_nb_utils.theory.optimal_error import optimal_training_error
from mixup_nb_utils.theory import mixup_optimal

ALPHAS = [1.0, 2.5, 32.0, 1024.0, 0.7]          # closed form, table (two kinds), table with window, scipy


def _data(seed, n, m=22, k=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    y = rng.integers(0, k, m)
    y[:k] = np.arange(k)
    X[5], y[5] = X[3], (y[3] + 1) % k            # a duplicate with another label: a tie at small ε
    X[8] = X[7]                                  # a duplicate (same or other label)
    X[10] = X[11] + 1e-3                         # a near-duplicate (a very short segment)
    return X, y


@pytest.mark.parametrize("n", [1, 2, 10])
def test_agrees_with_the_exact_engine(n):
    X, y = _data(n, n)
    eps = [0.2, 0.6, 1.3] if n < 10 else [0.8, 2.0, 3.5]
    res = optimal_training_error(X, y, eps, ALPHAS, device="cpu")
    assert res.probabilities.shape == (len(ALPHAS), 3, len(X), 3)
    checked = 0
    for a, alpha in enumerate(ALPHAS):
        for e, radius in enumerate(res.eps):
            h = mixup_optimal(X, y, X, radius, alpha)
            np.testing.assert_allclose(res.probabilities[a, e], h, rtol=0, atol=1e-9)
            top = np.sort(h, axis=1)
            clear = top[:, -1] - top[:, -2] > 1e-9                       # no near-tie: argmax decides
            wrong = np.zeros(len(X), bool)
            wrong[res.misclassified[a][e]] = True
            np.testing.assert_array_equal(wrong[clear], (h.argmax(1) != y)[clear])
            checked += clear.sum()
            assert res.error_rate[a, e] == pytest.approx(wrong.mean())
    assert checked > 0.8 * len(ALPHAS) * 3 * len(X)


def test_beta_table_matches_scipy():
    rng = np.random.default_rng(0)
    lo = rng.uniform(0, 1, 4000)
    hi = np.clip(lo + rng.exponential(0.05, 4000), 0, 1)
    lo[:50], hi[-50:] = 0.0, 1.0                                            # intervals touching the ends
    alphas = np.array([1.0, 2.0, 5.0, 32.0, 128.0, 1024.0])
    table = BetaIntervalTable(alphas, torch.device("cpu"))
    assert table.max_error <= TABLE_TOLERANCE
    for i, a in enumerate(alphas):
        M0, M1 = table.mass_and_moment(i, torch.as_tensor(lo), torch.as_tensor(hi))
        m0, m1 = BetaMixing(a).mass_and_moment(lo, hi)
        np.testing.assert_allclose(M0.numpy(), m0, rtol=0, atol=1e-12)
        np.testing.assert_allclose(M1.numpy(), m1, rtol=0, atol=1e-12)
        if i in table.coef:                          # the torch path (used on a GPU) gives the same numbers
            T0, T1 = _table_mass_torch(table.coef[i], table.window[i], a, torch.as_tensor(lo), torch.as_tensor(hi))
            N0, N1 = _table_mass_numpy(table.coef_np[i], table.window[i], a, lo, hi)
            np.testing.assert_allclose(T0.numpy(), N0, rtol=0, atol=1e-15)
            np.testing.assert_allclose(T1.numpy(), N1, rtol=0, atol=1e-15)
    m0, m1 = exact_mass_and_moment(1024.0, np.array([0.70]), np.array([0.71]))  # far tail: relative accuracy
    ref0, ref1 = BetaMixing(1024.0).mass_and_moment(np.array([0.70]), np.array([0.71]))
    assert 0 < m0[0] < 1e-30 and ref0[0] == 0.0                                 # 1 - 1 cancels in the naive form
    assert 0.70 * m0[0] <= m1[0] <= 0.71 * m0[0]


def test_a_tie_for_the_top_class_is_an_error():
    # two coincident points with labels 0 and 1, the others of class 2: classes 0 and 1 tie exactly at both
    X = np.array([[0.0, 0.0], [0.0, 0.0], [5.0, 0.0], [5.0, 1.0]])
    y = np.array([0, 1, 2, 2])
    res = optimal_training_error(X, y, [0.5], [1.0, 1024.0], device="cpu")
    for a in range(2):
        assert list(res.misclassified[a][0]) == [0, 1] and res.ties[a, 0] == 2
        h = res.probabilities[a, 0, :2]
        np.testing.assert_allclose(h[:, 0], h[:, 1], rtol=0, atol=1e-15)
        assert np.all(h[:, 0] > h[:, 2])
    # symmetric copies on the segments too: classes 0 and 1 tie exactly although segment terms are large
    X = np.array([[0.0], [0.0], [-1.0], [1.0]])
    y = np.array([0, 1, 2, 2])
    res = optimal_training_error(X, y, [0.3], [1.0], device="cpu")
    assert {0, 1} <= set(res.misclassified[0][0]) and res.ties[0, 0] >= 2
    h = mixup_optimal(X, y, X, 0.3, 1.0)
    assert abs(h[0, 0] - h[0, 1]) < 1e-15 and h[0, 0] > h[0, 2]


def test_a_win_carried_by_tiny_masses_is_not_a_tie():
    # x_0 = x_1 = 0 with labels 0 and 1, x_2 = 1 with label 0. At x = 0 the coincident pairs tie
    # (2 : 2) and the segments give class 0 an extra 4 M1, M1 = ∫_0^0.3 λ dBeta(1024, 1024) ≈ 1e-75 > 0:
    # exactly, point 0 is fitted and point 1 is not, although float64 sums round both to 2.
    X = np.array([[0.0], [0.0], [1.0]])
    y = np.array([0, 1, 0])
    h = mixup_optimal(X, y, X, 0.3, 1024.0)
    assert h[0, 0] == h[0, 1] == 0.5                                 # invisible to the float64 engine
    res = optimal_training_error(X, y, [0.3], [1024.0], device="cpu")
    assert list(res.misclassified[0][0]) == [1] and res.ties[0, 0] == 0 and res.exact_decisions >= 2
    m0, m1 = exact_mass_and_moment(1024.0, np.array([0.0]), np.array([0.3]))
    assert 0 < m1[0] < 1e-60                                          # the deciding term


def test_grid_summary_points_subset_and_bad_input():
    X, y = _data(4, 2, m=30)
    eps = [0.02, 0.1, 0.3, 0.6, 0.9]
    res = optimal_training_error(X, y, eps, [1.0, 32.0], device="cpu")
    for a, alpha in enumerate([1.0, 32.0]):
        errs = [np.sum(mixup_optimal(X, y, X, e, alpha).argmax(1) != y) for e in eps]
        first = next(i for i, v in enumerate(errs) if v > 0)
        assert res.first_error_eps[a] == eps[first]
        assert (np.isnan(res.largest_fitting_eps[a]) if first == 0 else res.largest_fitting_eps[a] == eps[first - 1])
    sub = optimal_training_error(X, y, eps, [1.0, 32.0], points=[3, 17, 4], device="cpu")
    np.testing.assert_allclose(sub.probabilities, res.probabilities[:, :, [3, 4, 17]], rtol=0, atol=1e-12)
    assert list(sub.points) == [3, 4, 17]
    for kwargs, message in [(dict(eps=[0.0, 1.0]), "radii > 0"), (dict(eps=[np.nan]), "NaN"),
                            (dict(eps=[]), "non-empty"), (dict(alphas=[-1.0]), "alpha"),
                            (dict(points=[0, 99]), "index the training points"), (dict(points=[0.5]), "integer")]:
        args = dict(X=X, y=y, eps=[0.5], alphas=[1.0]) | kwargs
        with pytest.raises(ValueError, match=message):
            optimal_training_error(**args, device="cpu")
    with pytest.raises(ValueError, match="labels but there are"):
        optimal_training_error(X, y[:-1], [0.5], [1.0], device="cpu")
