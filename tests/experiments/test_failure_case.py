"""Tests of mixup_nb_utils.experiments.failure_case (chapter "A failure case") on tiny settings."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from mixup_nb_utils.config import chapter_settings
from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.experiments import failure_case as fc
from mixup_nb_utils.claims import VERDICTS
from mixup_nb_utils.theory.alternating import beta_variance, critical_alpha, paper_alpha_bound, point_margin
from mixup_nb_utils.training.runs import RunsResult
from mixup_nb_utils.training.samplers import ERM, Mixup

TINY = dataclasses.replace(chapter_settings("failure_case", "default"), runs=2, epochs=150, hidden=16,
                           record_every=50, alphas_sweep=(1.0, 32.0, 128.0), alphas_fig8=(1.0,))


@pytest.fixture(scope="module")
def tiny_results():
    training = fc.train_x32(TINY)
    sweep = fc.fit_sweep(training, (0.1, 0.3), curve_points=5)
    fig8 = fc.figure_8(TINY, sweep.fit.eps)
    return training, sweep, fig8


# ---------------------------------------------------------------- exact side


def test_xi_agreement_and_proof_steps():
    assert fc.xi_agreement((0.3, 0.7), (1.0, 32.0)) < 1e-13
    steps = fc.proof_steps((0.1, 0.7))
    assert [s.alpha for s in steps] == pytest.approx([float(paper_alpha_bound(0.1)), float(paper_alpha_bound(0.7))])
    assert steps[0].h1_exact > 0.5 > steps[1].h1_exact


def test_bound_vs_critical_crosses_where_the_bound_equals_alpha_star():
    bound = fc.bound_vs_critical(8)
    assert 0.3 < bound.eps_cross < 0.5
    assert float(paper_alpha_bound(bound.eps_cross)) == pytest.approx(critical_alpha(bound.eps_cross), rel=1e-6)
    lo, hi = bound.small_ratio_range
    assert 2 < lo <= hi < 4                                    # the bound is conservative for small ε
    assert bound.normal_constant == pytest.approx(0.2275, abs=1e-4)
    assert bound.eps2_alpha_star == pytest.approx(bound.normal_constant, rel=0.01)
    assert np.all(bound.h1_large_alpha > 0.5)
    with pytest.raises(ValueError, match="at least 2"):
        fc.bound_vs_critical(1)
    with pytest.raises(ValueError, match="widen"):
        fc.bound_vs_critical(4, eps_min=0.02, eps_max=0.2)


def test_closed_form_scan_margins_match_the_per_point_margin():
    scan = fc.closed_form_scan((0.4, 0.6), (32.0,), classes=(10,))
    np.testing.assert_allclose(scan.errors[0, 0], [0.8, 0.0])   # the non-monotone row of the chapter
    X, y = alternating_line(10, 10)
    for l, e in enumerate(scan.eps):
        for i in (0, 3, 7):
            assert scan.margins[0, 0, l, i] == pytest.approx(point_margin(X, y, i, e, 32.0), abs=1e-12)
    rng = scan.margin_range(10, 32.0)
    assert rng.shape == (2, 2) and rng[0, 1] < 0 < rng[1, 0]
    assert fc.training_error_of_h(10, 10, 0.4, 32.0) == pytest.approx(0.8)


def test_error_curves_count_points():
    steps = np.array([50, 100, 150])
    errors = np.array([[[0, 0, 0], [0, 0, 0]],
                       [[1 / 3, 0, 1 / 3], [1 / 3, 1 / 3, 1 / 3]],
                       [[2 / 3, 1 / 3, 1 / 3], [0, 1 / 3, 0]]], dtype=np.float32)
    res = RunsResult([ERM(), Mixup(32.0), Mixup(1.0)], "independent", steps, errors, np.zeros((3, 2, 3, 2)))
    erm, mix, other = fc.error_curves(res, [0, 1, 2], num_points=3)
    assert erm.last_step_below_one == 150 and erm.ends_with_one_error == 0.0
    assert mix.last_step_below_one == 100 and mix.ends_with_one_error == 1.0
    assert other.ends_with_one_error == 0.5 and list(other.final_counts) == [1, 0]
    assert other.last_step_below_one == 150


# ---------------------------------------------------------------- training side (tiny)


def test_training_shapes_and_protocols(tiny_results):
    training, sweep, fig8 = tiny_results
    assert training.point1(fc.PROTOCOLS[0]).shape == (3, 2)
    np.testing.assert_array_equal(training.point1(fc.PROTOCOLS[2])[0], training.sweep()[0])   # α = 1 per pair
    assert training.table_probs(32.0).shape == (2, 3)
    assert np.all((training.sweep() >= 0) & (training.sweep() <= 1))
    with pytest.raises(ValueError, match="protocol"):
        training.point1("mine")
    with pytest.raises(ValueError, match="not in the sweep"):
        training.sweep_index(7.0)
    assert sweep.trained.shape == (3, 2) and sweep.curves.shape == (2, 5)
    assert sweep.fit.eps in sweep.fit.eps_grid
    assert math.isnan(sweep.last_correct) or sweep.last_correct in sweep.alphas
    assert [ln.k for ln in fig8.lines] == [2, 10] and fig8.line(10).runs.errors.shape[:2] == (2, 2)
    with pytest.raises(ValueError, match="no X_10"):
        fig8.line(3)


def test_claims_are_computed(tiny_results):
    training, sweep, fig8 = tiny_results
    steps = fc.proof_steps()
    rows = fc.claims(fc.bound_vs_critical(8), steps, beta_variance([1.0, 32.0]), training, sweep, fig8)
    verdicts = {c.claim: c.verdict for c in rows}
    assert all(v in VERDICTS for v in verdicts.values())
    assert verdicts["Proof of Thm 2.7, step 1: Var Beta(α, α) = 1/(4α + 2)"] == VERDICTS[1]          # refuted
    assert verdicts["Proof of Thm 2.7: α > ½(log 4/ε² − 1) suffices"] == VERDICTS[2]                 # partly
    assert verdicts["Proof, step 4: $h^1_\\epsilon(1) = (\\xi^{11} + 2\\xi^{12}_\\lambda)/(\\xi^{11} + 4\\xi^{12}_\\lambda + \\xi^{22})$"] == VERDICTS[1]
    assert verdicts["Proof, step 3: P(|Y−½| ≤ ε) > ½ gives ξ¹¹ > ξ²²"] == VERDICTS[2]
    assert verdicts["Theorem 2.7: for every ε some α makes $h_\\epsilon$ misclassify a point of $\\mathcal{X}_3^2$"] == VERDICTS[0]
    table = [c for c in rows if c.claim.startswith("Table 1")]
    assert len(table) == 3 and all(len(c.checks) == 3 for c in table)
    with pytest.raises(ValueError, match="alphas_table"):
        fc.claims(fc.bound_vs_critical(8), steps, beta_variance([1.0]),
                  dataclasses.replace(training, alphas_sweep=(1.0,)), sweep, fig8)
