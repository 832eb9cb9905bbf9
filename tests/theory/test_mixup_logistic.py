"""Tests of mixup_nb_utils.theory.mixup_logistic against independent calculations (quad, Monte Carlo, BFGS,
finite differences, the package's general exact loss)."""

import numpy as np
import pytest
from scipy import integrate, optimize, stats

from mixup_nb_utils.mixup.mixing import BetaMixing, MixingDistribution
from mixup_nb_utils.theory import linear as L
from mixup_nb_utils.theory import mixup_logistic as ML
from mixup_nb_utils.theory.exact_loss import exact_mixup_loss


from tests.helpers import gaussian_data  # noqa: E402



def log_prob_linear(theta):
    """Two-class softmax with logits (θᵀx/2, -θᵀx/2): class 0 is y = +1, log p = -softplus(∓θᵀx)."""
    return lambda Z: np.stack([-np.logaddexp(0.0, -Z @ theta), -np.logaddexp(0.0, Z @ theta)], axis=1)


class SymmetrisedMixture(MixingDistribution):
    """½ P + ½ (1 - λ under P), by merging quadratures (for the symmetrisation test)."""

    def __init__(self, base):
        self.base = base

    def quadrature(self, n=64):
        lam, w = self.base.quadrature(n)
        return np.concatenate([lam, 1 - lam]), np.concatenate([w, w]) / 2

# ----------------------------------------------------------------------------- the Mixup logistic loss

@pytest.mark.parametrize("mixing", [1.0, 0.3, (2.0, 5.0)])
def test_loss_matches_package_exact_loss(mixing):
    X, y = gaussian_data(7, 5, 11)
    theta = np.random.default_rng(1).standard_normal(5)
    ours = ML.mixup_logistic_loss(theta, X, y, mixing)
    ref = exact_mixup_loss(log_prob_linear(theta), X, (y < 0).astype(int), mixing)
    assert ours == pytest.approx(ref, rel=1e-12)


def test_loss_matches_monte_carlo():
    X, y = gaussian_data(6, 4, 12)
    theta = np.random.default_rng(2).standard_normal(4)
    rng = np.random.default_rng(0)
    N = 400_000
    i, j = rng.integers(0, 6, N), rng.integers(0, 6, N)
    lam = rng.beta(0.5, 0.5, N)
    z = (lam[:, None] * X[i] + (1 - lam[:, None]) * X[j]) @ theta
    samples = lam * np.logaddexp(0, -y[i] * z) + (1 - lam) * np.logaddexp(0, -y[j] * z)
    exact = ML.mixup_logistic_loss(theta, X, y, 0.5)
    assert abs(samples.mean() - exact) < 4 * samples.std() / np.sqrt(N)


def test_quadrature_converged_against_adaptive_quad():
    x, z = np.array([1.3, -0.2]), np.array([0.4, 0.9])
    X, y = np.stack([x, z]), np.array([1.0, -1.0])
    theta = np.array([2.5, -3.0])
    a = 0.4
    def integrand(lam):
        s = theta @ (lam * x + (1 - lam) * z)
        pair = lam * np.logaddexp(0, -s) + (1 - lam) * np.logaddexp(0, s)
        return pair * stats.beta.pdf(lam, a, a)
    ref = integrate.quad(integrand, 0, 1, limit=200, epsabs=1e-13, epsrel=1e-13)[0]
    assert ML.mixup_logistic_loss(theta, X, y, a, pairs="cross") == pytest.approx(ref, rel=1e-9)
    assert ML.mixup_logistic_loss(theta, X, y, a, nodes=64) == pytest.approx(
        ML.mixup_logistic_loss(theta, X, y, a, nodes=400), rel=1e-10)


@pytest.mark.parametrize("pairs", ["all", "cross"])
def test_gradient_and_hessian_match_finite_differences(pairs):
    X, y = gaussian_data(6, 4, 13)
    theta = np.random.default_rng(3).standard_normal(4)
    f = lambda t: ML.mixup_logistic_loss(t, X, y, 1.5, pairs=pairs)
    g = ML.mixup_logistic_grad(theta, X, y, 1.5, pairs=pairs)
    H = ML.mixup_logistic_hessian(theta, X, y, 1.5, pairs=pairs)
    h = 1e-5
    E = np.eye(4)
    g_fd = np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in E])
    H_fd = np.array([(ML.mixup_logistic_grad(theta + h * e, X, y, 1.5, pairs=pairs)
                      - ML.mixup_logistic_grad(theta - h * e, X, y, 1.5, pairs=pairs)) / (2 * h) for e in E])
    assert np.allclose(g, g_fd, atol=1e-8)
    assert np.allclose(H, H_fd, atol=1e-7)
    assert np.allclose(H, H.T)


def test_asymmetric_mixing_enters_the_full_loss_only_through_its_symmetrisation():
    X, y = gaussian_data(6, 5, 14)
    theta = np.random.default_rng(4).standard_normal(5)
    base = BetaMixing(1.0, 4.0)
    sym = SymmetrisedMixture(base)
    assert ML.mixup_logistic_loss(theta, X, y, base) == pytest.approx(ML.mixup_logistic_loss(theta, X, y, sym), rel=1e-12)
    # the one-ordered term of the proof (pairs="cross") does see the asymmetry
    assert abs(ML.mixup_logistic_loss(theta, X, y, base, pairs="cross")
               - ML.mixup_logistic_loss(theta, X, y, sym, pairs="cross")) > 1e-3


# ----------------------------------------------------------------------------- the minimiser

def test_minimizer_matches_bfgs_on_the_package_loss():
    X, y = gaussian_data(6, 4, 15)          # d < n: rank 4, not interpolating
    theta = ML.mixup_logistic_minimizer(X, y, 2.0, nodes=24)
    lp_y = (y < 0).astype(int)
    obj = lambda t: exact_mixup_loss(log_prob_linear(t), X, lp_y, 2.0, nodes=24)
    ref = optimize.minimize(obj, np.zeros(4), method="BFGS", options={"gtol": 1e-9}).x
    assert np.allclose(theta, ref, atol=1e-5)
    assert obj(theta) <= obj(ref) + 1e-12


def test_minimizer_lies_in_span_and_is_stationary():
    X, y = gaussian_data(5, 12, 16)
    fit = ML.mixup_logistic_fit(X, y, 1.0)
    Q = L.span_basis(X)
    assert np.allclose(Q @ (Q.T @ fit.theta), fit.theta, atol=1e-12)
    assert np.linalg.norm(ML.mixup_logistic_grad(fit.theta, X, y, 1.0)) < 1e-9


@pytest.mark.parametrize("mixing", [1.0, 0.2, 8.0, (1.0, 4.0)])
def test_theorem_3_5_on_interpolating_balanced_data(mixing):
    X, y = gaussian_data(10, 400, 17)
    assert L.max_margin_interpolates(X, y)
    theta = ML.mixup_logistic_minimizer(X, y, mixing)
    assert L.is_interpolating(X, y, theta, rtol=1e-8)
    assert L.cosine(theta, L.max_margin(X, y)) > 1 - 1e-12
    a, b = ML.class_margins(mixing, 5, 5)
    assert a == pytest.approx(b, rel=1e-10)
    assert L.margins(X, y, theta) == pytest.approx(np.full(10, a), rel=1e-8)


def test_unbalanced_classes_break_interpolation():
    X, y = gaussian_data(10, 400, 18, n_pos=7)
    assert L.max_margin_interpolates(X, y)
    theta = ML.mixup_logistic_minimizer(X, y, 1.0)
    a, b = ML.class_margins(1.0, 7, 3)
    assert a > b + 0.1
    m = L.margins(X, y, theta)
    assert np.allclose(m[y > 0], a, rtol=1e-8) and np.allclose(m[y < 0], b, rtol=1e-8)
    assert not L.is_interpolating(X, y, theta)
    pred = ML.predicted_direction(X, y, a, b)
    assert L.cosine(theta, pred) > 1 - 1e-12
    assert L.cosine(theta, L.max_margin(X, y)) < 1 - 1e-5


# ----------------------------------------------------------------------------- Theorem 3.5, Part I

def expected_h(k, a):
    h = lambda lam: (lam * np.logaddexp(0, (1 - 2 * lam) * k) + (1 - lam) * np.logaddexp(0, (2 * lam - 1) * k))
    return integrate.quad(lambda lam: h(lam) * stats.beta.pdf(lam, a, a), 0, 1, epsabs=1e-12, epsrel=1e-12, limit=100)[0]


@pytest.mark.parametrize("a", [0.5, 1.0, 4.0])
def test_two_point_scale_against_quad_and_bounded_minimisation(a):
    k = ML.two_point_scale(a)
    ref = optimize.minimize_scalar(lambda t: expected_h(t, a), bounds=(0.0, 50.0), method="bounded",
                                   options={"xatol": 1e-8}).x
    assert k > 0
    assert k == pytest.approx(ref, rel=1e-5)
    u, v = ML.class_margins(a, 1, 1, pairs="cross")     # two-dimensional problem (u, v) of equation (2)
    assert u == pytest.approx(k, rel=1e-9) and v == pytest.approx(k, rel=1e-9)


@pytest.mark.parametrize("a", [0.5, 4.0])
def test_expected_two_point_loss_against_quad(a):
    ks = np.array([0.0, 0.7, 2.5, 6.0])
    got = ML.expected_two_point_loss(a, ks)
    assert got.shape == ks.shape
    assert got == pytest.approx([expected_h(k, a) for k in ks], rel=1e-9)
    assert got[0] == pytest.approx(np.log(2), rel=1e-12)
    k = ML.two_point_scale(a)
    near = ML.expected_two_point_loss(a, np.array([k - 1e-3, k, k + 1e-3]))
    assert near[1] < near[0] and near[1] < near[2]     # k(P_f) is the minimiser


def test_two_point_problem_is_asymmetric_for_asymmetric_mixing():
    u, v = ML.class_margins((1.0, 4.0), 1, 1, pairs="cross")
    assert abs(u - v) > 0.1


def test_cross_pairs_minimizer_has_margin_k():
    X, y = gaussian_data(8, 300, 19)
    theta = ML.mixup_logistic_minimizer(X, y, 1.0, pairs="cross")
    assert np.allclose(L.margins(X, y, theta), ML.two_point_scale(1.0), rtol=1e-8)


# ----------------------------------------------------------------------------- ERM

def erm_loss(theta, X, y):
    return np.mean(np.logaddexp(0, -y * (X @ theta)))


def test_erm_fit_on_non_separable_data():
    X, y = gaussian_data(40, 4, 21)
    fit = ML.logistic_erm_fit(X, y)
    g = optimize.approx_fprime(fit.theta, erm_loss, 1e-7, X, y)
    assert np.linalg.norm(g) < 1e-6
    Xs, ys = gaussian_data(4, 10, 22)
    with pytest.raises(ValueError, match="separable"):
        ML.logistic_erm_fit(Xs, ys)


# ----------------------------------------------------------------------------- Lemma E.1

@pytest.mark.parametrize("mixing", [1.0, 0.3, 16.0])
def test_lemma_e1_hessian_positive_definite_on_span(mixing):
    rng = np.random.default_rng(23)
    X = rng.standard_normal((2, 6))
    y = np.array([1.0, -1.0])
    Q = L.span_basis(X)
    for scale in (0.0, 1.0, 5.0):
        theta = Q @ rng.standard_normal(2) * scale
        H = ML.mixup_logistic_hessian(theta, X, y, mixing, pairs="cross")
        assert np.linalg.eigvalsh(Q.T @ H @ Q).min() > 0
        assert np.linalg.matrix_rank(H, tol=1e-10) == 2          # flat on the orthogonal complement


# ----------------------------------------------------------------------------- input errors

def test_bad_inputs():
    X, y = gaussian_data(4, 5, 0)
    with pytest.raises(ValueError, match=r"\+1 and -1"):
        L.max_margin(X, (y > 0).astype(int))
    with pytest.raises(ValueError, match="one label per point"):
        ML.mixup_logistic_minimizer(X, y[:3], 1.0)
    with pytest.raises(ValueError, match="NaN"):
        L.max_margin(np.where(np.eye(4, 5) > 0, np.nan, X), y)
    with pytest.raises(ValueError, match="positive"):
        ML.mixup_logistic_minimizer(X, y, -1.0)
    with pytest.raises(ValueError, match="both classes"):
        ML.mixup_logistic_minimizer(X, np.ones(4), 1.0)
    with pytest.raises(ValueError, match="pairs"):
        ML.mixup_logistic_loss(np.zeros(5), X, y, 1.0, pairs="some")
    with pytest.raises(ValueError, match="theta"):
        L.margins(X, y, np.zeros(3))
    with pytest.raises(ValueError, match="zero vector"):
        L.cosine(np.zeros(3), np.ones(3))


@pytest.mark.parametrize("mixing", [1.0, 0.3, (1.0, 4.0)])
def test_mixup_direction_is_min_norm_interpolator_for_independent_balanced_data(mixing):
    X, y = gaussian_data(12, 18, 25)              # d = 1.5 n: independent, max margin need not interpolate
    theta = ML.mixup_logistic_minimizer(X, y, mixing)
    assert L.cosine(theta, np.linalg.pinv(X) @ y) > 1 - 1e-12
