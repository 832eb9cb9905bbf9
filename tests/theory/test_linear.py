"""Tests of mixup_nb_utils.theory.linear against independent calculations (SLSQP, loops, Monte Carlo)."""

import numpy as np
import pytest
from scipy import optimize

from mixup_nb_utils.theory import linear as L


from tests.helpers import gaussian_data  # noqa: E402



def slsqp_max_margin(X, y):
    """Independent solver: the primal hard-margin QP in the full space R^d."""
    G = y[:, None] * X
    res = optimize.minimize(lambda w: 0.5 * w @ w, np.linalg.lstsq(G, np.ones(len(G)), rcond=None)[0] * 2,
                            jac=lambda w: w, method="SLSQP",
                            constraints=[{"type": "ineq", "fun": lambda w: G @ w - 1.0, "jac": lambda w: G}],
                            options={"ftol": 1e-14, "maxiter": 2000})
    assert (G @ res.x).min() > 1 - 1e-7          # feasible (SLSQP may stop with status 8 at the optimum)
    return res.x / np.linalg.norm(res.x), 1.0 / np.linalg.norm(res.x)



# ----------------------------------------------------------------------------- max margin

@pytest.mark.parametrize("n,d,seed", [(10, 300, 0), (12, 40, 1), (20, 15, 2), (30, 25, 3)])
def test_max_margin_matches_independent_qp(n, d, seed):
    X, y = gaussian_data(n, d, seed)
    res = L.max_margin_solution(X, y)
    ref_dir, ref_margin = slsqp_max_margin(X, y)
    assert np.isclose(np.linalg.norm(res.direction), 1.0)
    assert L.cosine(res.direction, ref_dir) > 1 - 1e-8
    assert res.margin == pytest.approx(ref_margin, rel=1e-6)
    assert L.margins(X, y, res.direction).min() == pytest.approx(res.margin, rel=1e-9)
    assert res.kkt.largest < 1e-8
    # support vectors sit exactly on the margin, the others strictly outside it
    m = L.margins(X, y, res.direction)
    assert np.allclose(m[res.support], res.margin, rtol=1e-8)


def test_kkt_residuals_recomputed_from_the_solution():
    X, y = gaussian_data(12, 40, 1)
    res = L.max_margin_solution(X, y)
    kkt = res.kkt
    assert isinstance(kkt, L.KKTResiduals)
    assert kkt.largest == max(kkt.primal, kkt.dual, kkt.complementarity, kkt.stationarity)
    # independent route: w = θ̃/margin in R^d must equal Σ α_i y_i x_i, with margins >= 1 and α >= 0
    w = res.direction / res.margin
    G = y[:, None] * X
    assert np.linalg.norm(w - G.T @ res.dual) / np.linalg.norm(w) < 1e-8
    assert (G @ w).min() > 1 - 1e-8 and res.dual.min() >= -1e-12
    off = np.setdiff1d(np.arange(12), res.support)
    assert np.all((G @ w)[off] > 1 + 1e-9)          # non-support points strictly outside the margin
    assert np.all(res.dual[off] <= 1e-8 * max(1.0, res.dual.max()))


def test_max_margin_beats_random_directions():
    X, y = gaussian_data(8, 12, 5)
    theta = L.max_margin(X, y)
    best = L.margins(X, y, theta).min()
    rng = np.random.default_rng(0)
    for _ in range(2000):
        v = theta + 0.3 * rng.standard_normal(12)
        assert L.margins(X, y, v / np.linalg.norm(v)).min() <= best + 1e-12


def test_max_margin_not_separable_raises():
    X, y = gaussian_data(40, 3, 0)
    with pytest.raises(ValueError, match="not linearly separable"):
        L.max_margin(X, y)


def test_interpolation_criteria_agree():
    for seed in range(30):
        X, y = gaussian_data(8, 12, 100 + seed)
        theta = L.max_margin(X, y)
        assert L.max_margin_interpolates(X, y) == L.is_interpolating(X, y, theta)
    X, y = gaussian_data(6, 400, 7)
    assert L.max_margin_interpolates(X, y)
    assert L.is_interpolating(X, y, L.max_margin(X, y))


def test_is_interpolating_definition():
    X = np.eye(3)
    y = np.array([1.0, -1.0, 1.0])
    assert L.is_interpolating(X, y, np.array([2.0, -2.0, 2.0]))
    assert not L.is_interpolating(X, y, np.array([2.0, -2.0, 2.1]))
    assert not L.is_interpolating(X, y, np.array([-2.0, 2.0, -2.0]))   # k < 0


def test_interpolation_probability_matches_loop_with_qp():
    n, d, draws = 4, 7, 150
    p = L.interpolation_probability(n, d, draws, np.random.default_rng(3), method="gaussian", chunk=32)
    rng = np.random.default_rng(3)
    y = np.array([1.0, 1.0, -1.0, -1.0])
    hits = 0
    for _ in range(draws):
        G = rng.standard_normal((n, d))
        X = y[:, None] * G                         # signed points y_i x_i = G_i
        hits += L.is_interpolating(X, y, L.max_margin(X, y))
    assert p == hits / draws
    assert 0 < p < 1
    assert L.interpolation_probability(10, 9, 10, np.random.default_rng(0)) == 0.0


def test_lemma_3_7_threshold():
    assert L.lemma_3_7_threshold(10) == pytest.approx(10 * 10 * np.log(10) + 9)


# ----------------------------------------------------------------------------- ERM

def erm_loss(theta, X, y):
    return np.mean(np.logaddexp(0, -y * (X @ theta)))


def test_gradient_descent_steps_and_direction():
    X, y = gaussian_data(6, 50, 20)
    path = L.logistic_gd(X, y, 3000, record=np.array([0, 1, 2, 100, 3000]))
    G = y[:, None] * X
    eta = path.lr
    manual = np.zeros(50)
    for _ in range(2):
        manual = manual + eta / 6 * G.T @ (1 / (1 + np.exp(G @ manual)))
    assert np.allclose(path.thetas[2], manual)
    losses = [erm_loss(t, X, y) for t in path.thetas]
    assert all(b < a for a, b in zip(losses, losses[1:]))
    mm = L.max_margin(X, y)
    assert L.cosine(path.thetas[-1], mm) > L.cosine(path.thetas[3], mm) > 0.9


def test_wishart_sampler_matches_gaussian_points():
    for n, d in [(5, 9), (12, 40)]:
        pw = L.interpolation_probability(n, d, 20_000, np.random.default_rng(0))
        pg = L.interpolation_probability(n, d, 20_000, np.random.default_rng(1), method="gaussian")
        se = np.sqrt(pw * (1 - pw) / 20_000 + pg * (1 - pg) / 20_000)
        assert 0.05 < pw < 0.95
        assert abs(pw - pg) < 4 * se


