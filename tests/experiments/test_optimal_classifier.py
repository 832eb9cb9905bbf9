"""Tests of mixup_nb_utils.experiments.optimal_classifier on tiny settings (seconds)."""

import dataclasses

import numpy as np
import pytest

from mixup_nb_utils.config import chapter_settings
from mixup_nb_utils.device import make_generators
from mixup_nb_utils.experiments import optimal_classifier as oc


@pytest.fixture(scope="module")
def tiny():
    s = chapter_settings("optimal_classifier", "default")
    return dataclasses.replace(s, sympy_classes=2, grid=21, mc_samples=20_000, moons_points=40, moons_grid=12,
                               prop25_table_eps=(0.5, 1e-4))


@pytest.fixture(scope="module")
def run(tiny):
    rng = make_generators(tiny.seed).numpy
    lemma = oc.restricted_loss(tiny.sympy_classes)
    minimiser = oc.simplex_minimiser(tiny.sympy_classes)
    symmetric = oc.corollary_c1_symbolic(lemma)
    data = oc.small_dataset(tiny)
    corollary = oc.corollary_c1_numeric(data, tiny, rng, queries=60)
    mc = oc.xi_monte_carlo(data, tiny, rng)
    return lemma, minimiser, symmetric, data, corollary, mc, oc.symmetrisation(data, tiny), \
        oc.proposition_2_5(tiny, points=41), oc.limit_checks(data, tiny)


def test_symbolic_lemma_and_corollary(run):
    lemma, minimiser, symmetric, *_ = run
    assert lemma.k == 2 and lemma.coefficients_match
    assert minimiser.unique and minimiser.is_ratio and minimiser.hessian_pd
    assert symmetric.numerators_match and symmetric.denominators_match
    with pytest.raises(ValueError, match="at least 2 classes"):
        oc.restricted_loss(1)


def test_symbolic_check_can_fail(run):
    # a wrong numerator (without the ξ^{j,i} - ξ^{j,i}_λ terms) does not match what sympy collects
    lemma = run[0]
    wrong = tuple(lemma.xi[i, i] + sum(lemma.xi_lam[i, j] for j in range(2) if j != i) for i in range(2))
    import sympy as sp
    assert not all(sp.simplify(a - b) == 0 for a, b in zip(lemma.w_collected, wrong))


def test_corollary_numeric_and_monte_carlo(run):
    corollary, mc = run[4], run[5]
    assert corollary.queries == 60 and len(corollary.symmetric) == 3 and len(corollary.asymmetric) == 1
    assert all(r.identity_gap < oc.IDENTITY_TOL and r.formula_gap < oc.FORMULA_TOL for r in corollary.symmetric)
    assert corollary.asymmetric[0].formula_gap > oc.ASYMMETRIC_GAP
    assert 0 < corollary.shortest_interval <= 1.0
    assert mc.max_z < oc.MC_Z and mc.exact_xi.sum() > 0
    # the ξ_λ terms weigh λ in [0, 1]: never more than the ξ terms
    assert np.all(mc.exact_xi_lam <= mc.exact_xi + 1e-15)


def test_proposition_2_5(run):
    prop = run[7]
    assert prop.equal_gap < oc.IDENTITY_TOL
    np.testing.assert_allclose(prop.xi11_over_eps, 1 / 8, atol=oc.VALUE_TOL)   # not the paper's 1/4
    np.testing.assert_allclose(prop.limit_probes[:3], [[0.5, 0.5], [1.0, 0.0], [1.0, 0.0]])
    assert np.isnan(prop.limit_probes[3]).all()
    np.testing.assert_allclose(prop.limit_segment[prop.segment_u != 0], [[1.0, 0.0]] * 40)


def test_symmetrisation_and_limits(run):
    sym, limits = run[6], run[8]
    assert sym.mirror_gap < oc.FORMULA_TOL and sym.mixture_gap < oc.FORMULA_TOL and sym.tangency_at_worst >= 0
    assert limits.lone_gap < oc.LONE_TOL and limits.limit_gap < oc.LIMIT_TOL
    assert limits.line_limit_gap < oc.VALUE_TOL and limits.x32_h_mid[0] > 0.5
    np.testing.assert_allclose(limits.x32_limit_mid, [0.0, 1.0])


def test_maps_and_profiles(tiny, run):
    data = run[3]
    maps = oc.mixing_maps(data, tiny)
    assert maps.h.shape == (len(tiny.alphas) + 1, 21 * 21, 3) and maps.betas[-1] == tiny.asymmetric
    np.testing.assert_allclose(np.nansum(maps.at_probe, axis=1), 1.0)
    # larger α puts more weight on the mixed label of the segment through (0, 0): class 3 loses
    assert np.all(np.diff(maps.at_probe[:-1, 2]) < 0)
    cross = oc.cross_maps(tiny)
    assert cross.h.shape == (len(tiny.prop25_eps), 21 * 21, 2)
    line = oc.line_profile(tiny, points=31)
    assert line.h1.shape == (len(tiny.line_eps), 31) and line.X.shape == (4, 1)
    pts, lim = oc.segment_limit(data, per_segment=5)
    assert pts.shape == (15 * 5, 2) and lim.shape == (75, 3)
    moons = oc.moons_map(tiny)
    assert moons.maps.h.shape == (1, 144, 2) and moons.seconds > 0


def test_claims_follow_the_results(run):
    lemma, minimiser, symmetric, data, corollary, _, sym, prop, limits = run
    rows = oc.claims(lemma, minimiser, symmetric, corollary, sym, prop, limits, data=data)
    verdicts = {r.claim: r.verdict for r in rows}
    assert verdicts["Prop. 2.5 (proof): $\\xi^{1,1} = \\xi^{2,2}$ at the origin"] == "confirmed"
    assert verdicts["Prop. 2.5 (proof): their value is ε/4"] == "refuted"
    assert sum(v == "confirmed" for v in verdicts.values()) == len(rows) - 1
    # had the paper's value been right, its row would be confirmed and the book's refuted
    quarter = dataclasses.replace(prop, xi11_over_eps=np.full_like(prop.xi11_over_eps, 0.25),
                                  xi22_over_eps=np.full_like(prop.xi22_over_eps, 0.25))
    rows = {r.claim: r.verdict for r in oc.claims(lemma, minimiser, symmetric, corollary, sym, quarter, limits,
                                                      data=data)}
    assert rows["Prop. 2.5 (proof): their value is ε/4"] == "confirmed"
    assert rows["this book: $\\xi^{1,1} = \\xi^{2,2} = \\epsilon/8$ at the origin (λ-interval of P_f-measure ε)"] == "refuted"


def _row(rows, start):
    return next(r for r in rows if r.claim.startswith(start))


def test_limit_rows_are_checked_with_the_finite_eps_engine_and_can_fail(run):
    lemma, minimiser, symmetric, data, corollary, _, sym, prop, limits = run
    args = (lemma, minimiser, symmetric, corollary, sym, prop, limits)
    rows = oc.claims(*args, data=data)
    lone, points = _row(rows, "Thm 3.2, simplest case"), _row(rows, "Prop. 2.8")
    assert lone.verdict == points.verdict == "confirmed"
    assert "finite-ε engine" in lone.checks[0].test and "finite-ε engine" in points.checks[0].test
    # the lone segment joins data points 0 and 3: give them one class and h_ε is no longer λ*
    y = data.y.copy()
    y[3] = y[0]
    rows = oc.claims(*args, data=dataclasses.replace(data, y=y))
    assert _row(rows, "Thm 3.2, simplest case").verdict == "refuted"
    # two points of different classes at one place: h_ε there is no longer their one-hot label
    X = data.X.copy()
    X[2] = X[0]                     # classes 0 and 1
    rows = oc.claims(*args, data=dataclasses.replace(data, X=X))
    assert _row(rows, "Prop. 2.8").verdict == "refuted"


def test_discontinuity_row_says_which_check_is_a_definition(run):
    lemma, minimiser, symmetric, data, corollary, _, sym, prop, limits = run
    row = _row(oc.claims(lemma, minimiser, symmetric, corollary, sym, prop, limits, data=data),
               "Prop. 2.5: h is discontinuous")
    assert "a definition" in row.checks[0].test and row.verdict == "confirmed"
    moved = dataclasses.replace(prop, limit_segment=np.full_like(prop.limit_segment, 0.5))
    row = _row(oc.claims(lemma, minimiser, symmetric, corollary, sym, moved, limits, data=data),
               "Prop. 2.5: h is discontinuous")
    assert row.checks[0].holds is False
