import numpy as np
import pytest
from scipy import integrate, stats

from mixup_nb_utils.theory.exact_loss import (exact_mixup_loss, pair_loss_matrix, pair_probabilities,
                                              plain_cross_entropy)

from tests.helpers import small_network_problem  # noqa: E402


@pytest.fixture(scope="module")
def problem():
    return small_network_problem()


def test_pair_loss_matches_scipy_quad(problem):
    X, y, _, f = problem
    a, b = 2.0, 3.0
    L = pair_loss_matrix(f, X, y, (a, b), nodes=32)
    for i, j in [(0, 1), (2, 2), (4, 3)]:
        def integrand(lam):
            z = lam * X[i] + (1 - lam) * X[j]
            lp = f(z[None])[0]
            return -(lam * lp[y[i]] + (1 - lam) * lp[y[j]]) * stats.beta.pdf(lam, a, b)
        assert L[i, j] == pytest.approx(integrate.quad(integrand, 0, 1)[0], rel=1e-9)


def test_exact_loss_for_constant_classifier_is_closed_form():
    # g ≡ θ: ℓ_mix = -(λ log θ_{y_i} + (1-λ) log θ_{y_j}); E over i.i.d. pairs = -Σ_c p_c log θ_c
    X = np.array([[0.0], [1.0], [2.0], [5.0]])
    y = np.array([0, 1, 1, 2])
    theta = np.array([0.2, 0.5, 0.3])
    f = lambda z: np.tile(np.log(theta), (len(z), 1))
    p = np.bincount(y, minlength=3) / 4
    assert exact_mixup_loss(f, X, y, (0.5, 3.0)) == pytest.approx(-(p * np.log(theta)).sum(), rel=1e-12)


def test_pair_probabilities():
    assert pair_probabilities(4).sum() == pytest.approx(1.0)
    r = pair_probabilities(4, "roll")
    assert np.all(np.diag(r) == 0) and r.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(pair_probabilities(4, "permutation"), pair_probabilities(4))
    w = np.array([0.1, 0.2, 0.3, 0.4])
    np.testing.assert_allclose(pair_probabilities(4, weights=w), np.outer(w, w))
    with pytest.raises(ValueError, match="summing to 1"):
        pair_probabilities(4, weights=np.ones(4))
    with pytest.raises(ValueError, match="uniform"):
        pair_probabilities(4, "roll", weights=w)


def test_roll_scheme_changes_the_expected_loss(problem):
    X, y, _, f = problem
    L = pair_loss_matrix(f, X, y, 1.0)
    m = len(X)
    roll = exact_mixup_loss(f, X, y, 1.0, scheme="roll")
    iid = exact_mixup_loss(f, X, y, 1.0)
    assert roll == pytest.approx((m * m * iid - np.trace(L)) / (m * (m - 1)))
    # the self-pairs (x_i with itself: plain cross-entropy at x_i) are what 'roll' leaves out
    assert np.trace(L) / m != pytest.approx(iid)


def test_bad_inputs(problem):
    X, y, _, f = problem
    with pytest.raises(ValueError, match="labels but there are"):
        exact_mixup_loss(f, X, y[:3], 1.0)
    with pytest.raises(ValueError, match="NaN"):
        exact_mixup_loss(f, np.where(X > 0, np.nan, X), y, 1.0)
    with pytest.raises(ValueError, match="> 0"):
        exact_mixup_loss(f, X, y, -1.0)
    with pytest.raises(ValueError, match="classes"):
        exact_mixup_loss(lambda z: np.zeros((len(z), 2)), X, y, 1.0)


def test_plain_cross_entropy(problem):
    X, y, _, f = problem
    # independent route: the self-pairs of the Mixup matrix are the plain cross-entropy at each point
    L = pair_loss_matrix(f, X, y, 1.0, nodes=8)
    assert plain_cross_entropy(f, X, y) == pytest.approx(np.trace(L) / len(X), rel=1e-12)
    w = np.array([0.5, 0.5, 0.0, 0.0, 0.0])
    assert plain_cross_entropy(f, X, y, weights=w) == pytest.approx((L[0, 0] + L[1, 1]) / 2, rel=1e-12)
    # its minimum 0 is reached by a classifier with probability 1 on the right class at every point
    onehot = lambda z: np.log(np.eye(3)[y[[int(np.argmin(np.abs(X - p).sum(1))) for p in z]]])
    with np.errstate(divide="ignore"):
        assert plain_cross_entropy(onehot, X, y) == 0.0
    assert plain_cross_entropy(f, X, y) > 0
    with pytest.raises(ValueError, match="summing to 1"):
        plain_cross_entropy(f, X, y, weights=np.ones(5))
    with pytest.raises(ValueError, match="log-probabilities"):
        plain_cross_entropy(lambda z: np.zeros((len(z), 2)), X, y)
