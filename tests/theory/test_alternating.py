"""Tests of the alternating-line theory (mixup_nb_utils.theory.alternating)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.mixup.mixing import BetaMixing
from mixup_nb_utils.theory.alternating import (EpsFit, Theorem27Steps, X32Xi, beta_variance, critical_alpha,
                                               fit_single_eps, h_curve, matching_eps, paper_alpha_bound,
                                               point_margin, theorem_2_7_steps, x32_xi)
from mixup_nb_utils.theory.geometry import xi_terms


@pytest.mark.parametrize("eps,alpha", [(0.1, 32.0), (0.37, 1.0), (0.8, 4.0), (0.95, 0.5)])
def test_hand_derived_xi_match_the_engine(eps, alpha):
    X, y = alternating_line(3)
    xi, xi_lam = xi_terms(X, y, [1.0], eps, BetaMixing(alpha))
    hand = x32_xi(eps, alpha)
    assert isinstance(hand, X32Xi)
    np.testing.assert_allclose(xi, [[hand.xi11, hand.xi12], [hand.xi21, hand.xi22]], atol=1e-14)
    np.testing.assert_allclose(xi_lam[0, 1], hand.xi12_lam, atol=1e-14)
    np.testing.assert_allclose(xi_lam[1, 0], hand.xi21_lam, atol=1e-14)
    xi_hand, xi_lam_hand = hand.matrices()
    np.testing.assert_allclose(xi_hand, xi, atol=1e-14)
    np.testing.assert_allclose(xi_lam_hand[[0, 1], [1, 0]], xi_lam[[0, 1], [1, 0]], atol=1e-14)


def test_xi_by_monte_carlo():
    """ξ^{1,1} and ξ^{1,2}_λ by sampling (s, t, λ) directly: an estimate that shares no code."""
    rng = np.random.default_rng(0)
    n, eps, alpha = 400_000, 0.3, 2.0
    X = np.array([0.0, 1.0, 2.0])
    s, t = rng.integers(0, 3, n), rng.integers(0, 3, n)
    lam = rng.beta(alpha, alpha, n)
    inside = np.abs(lam * X[s] + (1 - lam) * X[t] - 1.0) <= eps
    cls = np.array([0, 1, 0])
    xi11 = np.mean(inside & (cls[s] == 0) & (cls[t] == 0))
    xi12_lam = np.mean(np.where(inside & (cls[s] == 0) & (cls[t] == 1), lam, 0.0))
    hand = x32_xi(eps, alpha)
    assert xi11 == pytest.approx(hand.xi11, abs=5 * math.sqrt(hand.xi11 / n))
    assert xi12_lam == pytest.approx(hand.xi12_lam, abs=5 * math.sqrt(hand.xi12 / n))


def test_proof_quantities():
    st = theorem_2_7_steps(0.2, 10.0)
    assert isinstance(st, Theorem27Steps)
    mc = np.random.default_rng(1).beta(10, 10, 400_000)
    assert st.var_beta == pytest.approx(mc.var(), rel=0.01)                 # sampled, not a formula
    assert st.var_proof == pytest.approx(1 / 42)
    assert st.p_within_eps == pytest.approx(stats.beta(10, 10).cdf(0.7) - stats.beta(10, 10).cdf(0.3))
    assert st.p_within_half_eps == pytest.approx(stats.beta(10, 10).cdf(0.6) - stats.beta(10, 10).cdf(0.4))
    assert st.subgauss_bound_paper_var <= st.subgauss_bound_true_var <= st.p_within_eps
    # the general engine sees the ε/2 event, not the proof's ε
    assert st.xi11_engine == pytest.approx(2 / 9 * st.p_within_half_eps, abs=1e-13)
    assert st.xi11_proof_event == pytest.approx(2 / 9 * st.p_within_eps)
    assert st.xi11_engine < st.xi11_proof_event - 0.01
    # Corollary C.1 is exact; the margin criterion decides the sign of h - 1/2
    assert st.h1_corollary_c1 == pytest.approx(st.h1_exact, abs=1e-12)
    for eps, alpha in [(0.2, 10.0), (0.7, 0.9146), (0.5, 3.0)]:
        st = theorem_2_7_steps(eps, alpha)
        assert (st.h1_exact > 0.5) == (st.margin > st.dropped_term)
    # the proof's step-4 formula is not h: at ε = 0.7 it says > 1/2, the engine says < 1/2
    st = theorem_2_7_steps(0.7, float(paper_alpha_bound(0.7)))
    assert st.h1_proof_formula > 0.5 > st.h1_exact
    # ξ^{2,1}_λ = E[λ; λ ≥ 1-ε] by quadrature
    d = stats.beta(3, 3)
    q, _ = integrate.quad(lambda u: u * d.pdf(u), 0.6, 1.0)
    assert theorem_2_7_steps(0.4, 3.0).xi.xi21_lam == pytest.approx(2 / 9 * q, rel=1e-8)


def test_beta_variance_against_the_proof():
    v = beta_variance([1.0, 32.0])
    assert v.symbolic == "1/(4(2α + 1))" and v.ratio_to_proof == "1/2" and not v.equals_proof
    np.testing.assert_allclose(v.quadrature, [1 / 12, 1 / (4 * 65)], rtol=1e-10)   # uniform: 1/12
    np.testing.assert_allclose(v.proof, [1 / 6, 1 / 130])
    with pytest.raises(ValueError, match="alpha"):
        beta_variance([0.0])


def test_critical_alpha_is_where_h_crosses_one_half():
    X, y = alternating_line(3)
    for eps in (0.1, 0.5, 0.9):
        a = critical_alpha(eps)
        assert point_margin(X, y, 1, eps, a * 0.99) > 0 > point_margin(X, y, 1, eps, a * 1.01)
    # smaller ε needs larger α
    assert critical_alpha(0.05) > critical_alpha(0.1) > critical_alpha(0.3)
    # ε >= 1: the ball holds the whole dataset and h^1(1) = 2/3 for every α
    assert critical_alpha(1.0) == 0.0
    assert h_curve([0.5, 5.0], 1.0)[0] == pytest.approx(2 / 3)


def test_paper_bound_formula_and_its_failure():
    assert paper_alpha_bound(0.5) == pytest.approx((math.log(4) / 0.25 - 1) / 2)
    # sufficient for small ε, not for ε = 0.7: at the bound, h misclassifies nothing
    assert theorem_2_7_steps(0.1, float(paper_alpha_bound(0.1))).h1_exact > 0.5
    assert theorem_2_7_steps(0.7, float(paper_alpha_bound(0.7))).h1_exact < 0.5
    with pytest.raises(ValueError):
        paper_alpha_bound(0.0)


def test_matching_and_fitting_eps():
    target = float(h_curve([8.0], 0.2)[0])
    assert matching_eps(8.0, target) == pytest.approx(0.2, abs=1e-6)
    alphas = np.array([1.0, 8.0, 64.0])
    fit = fit_single_eps(alphas, h_curve(alphas, 0.15), eps_grid=np.array([0.05, 0.1, 0.15, 0.3]))
    assert isinstance(fit, EpsFit) and fit.eps == 0.15 and fit.rmse < 1e-12
    assert fit.rmse_grid.shape == (4,) and np.argmin(fit.rmse_grid) == 2
    with pytest.raises(ValueError):
        fit_single_eps(alphas, [0.1, 0.2])
    with pytest.raises(ValueError):
        x32_xi(1.2, 1.0)
