"""Tests of mixup_nb_utils.experiments.linear_models on tiny settings: each result against a direct computation."""

import dataclasses

import numpy as np
import pytest
import sympy as sp

from mixup_nb_utils.config import chapter_settings
from mixup_nb_utils.experiments import linear_models as ex
from mixup_nb_utils.experiments.linear_models.claim_rows import _convexity_rows
from mixup_nb_utils.theory import linear as L
from mixup_nb_utils.theory import mixup_logistic as ML


@pytest.fixture(scope="module")
def tiny():
    return dataclasses.replace(
        chapter_settings("linear_models", "default"), nodes=24, lemma37_ns=(4, 6), lemma37_grid=6,
        lemma37_draws=200, scale_alphas=(0.5, 1.0, 8.0), fit_n=6, fit_d=120, e1_d=6, e1_norms=(0.0, 2.0),
        sweep_n=6, sweep_ratios=(0.5, 1.0, 20.0), sweep_draws=2, unbalanced_n_pos=(3, 5), unbalanced_d_ratio=40.0,
        gd_d_ratios=(40.0, 1.5), gd_steps=300, gd_unbalanced_n_pos=5, sgd_steps=400)


def test_balanced_labels():
    assert ex.balanced_labels(5, 2).tolist() == [1, 1, -1, -1, -1]
    with pytest.raises(ValueError, match="both classes"):
        ex.balanced_labels(4, 4)


def test_max_margin_example_matches_the_solver(tiny):
    e = ex.max_margin_example(tiny)
    assert e.X.shape == (6, 120) and e.y.sum() == 0
    assert L.cosine(e.solution.direction, L.max_margin(e.X, e.y)) > 1 - 1e-12
    assert e.interpolates == L.max_margin_interpolates(e.X, e.y)


def test_lemma_3_7_scan_fields_agree_with_its_probabilities():
    scan = ex.lemma_3_7_scan((4, 6), 6, 300, np.random.default_rng(0))
    assert [c.n for c in scan.curves] == [4, 6] and scan.curve(6).n == 6
    for c in scan.curves:
        assert c.threshold == pytest.approx(10 * c.n * np.log(c.n) + c.n - 1) and c.bound == 1 - 2 / c.n
        assert c.prob_at_threshold == c.prob[c.dims > c.threshold][0]
        assert np.all(c.prob[c.dims >= c.d_bound] >= c.bound)
        before = c.dims[c.dims < c.d_bound]
        assert before.size == 0 or c.prob[c.dims < c.d_bound][-1] < c.bound
        assert np.allclose(c.failure, 1 - c.prob) and c.failure_upper_95 == pytest.approx(3 / 300, rel=0.01)
        assert c.prob[0] < c.prob[-1]                       # more dimensions, more interpolation
    assert np.allclose(scan.conservatism, [c.threshold / c.d_bound for c in scan.curves])
    # the same generator state gives the same probabilities as a direct call
    rng = np.random.default_rng(0)
    c0 = scan.curves[0]
    assert [L.interpolation_probability(4, d, 300, rng) for d in c0.dims] == c0.prob.tolist()
    with pytest.raises(ValueError, match="no curve"):
        scan.curve(5)
    with pytest.raises(ValueError, match="grid"):
        ex.lemma_3_7_scan((4,), 1, 10, np.random.default_rng(0))


def test_symbolic_checks():
    sym = ex.symbolic_checks()
    lam = sp.Symbol("lambda", real=True)
    assert sym.identities_hold
    assert sp.simplify(sym.h_slope_at_0 + (2 * lam - 1) ** 2 / 2) == 0
    assert "k**2/8 - k/2" in str(sym.h_near_half)


def test_lemma_e1_hessians(tiny):
    h = ex.lemma_e1_hessians(tiny)
    assert h.min_eigenvalue.shape == (3, 2) == h.rank.shape and h.laws[1] == "Beta(1, 1)"
    assert (h.min_eigenvalue > 0).all() and (h.rank == 2).all()
    assert (h.min_eigenvalue[:, 1] < h.min_eigenvalue[:, 0]).all()     # flatter away from θ = 0


def test_two_point_scales_and_part_two(tiny):
    scales = ex.two_point_scales(tiny)
    assert scales.laws == ("Beta(0.5, 0.5)", "Beta(8, 8)", ex.UNIFORM, ex.TRUNCATED_NORMAL)
    assert scales.of(ex.UNIFORM) == pytest.approx(ML.two_point_scale(1.0, nodes=24), rel=1e-12)
    assert np.allclose(scales.k, scales.k_fine, rtol=1e-8)
    curves = ex.two_point_curves(tiny, scales, points=50)
    assert curves.laws == (ex.UNIFORM, ex.TRUNCATED_NORMAL) and curves.values.shape == (2, 50)
    for values, k in zip(curves.values, curves.k):       # the grid minimum sits next to k(P_f)
        assert abs(curves.ks[np.argmin(values)] - k) <= curves.ks[1] - curves.ks[0]
    example = ex.max_margin_example(tiny)
    fits = ex.part_two_fits(tiny, example, scales)
    assert [f.law for f in fits] == list(scales.laws)
    for f in fits:
        assert f.cross_deviation < 1e-8 and f.full_deviation_from_collapse < 1e-8
        assert f.full_deviation_from_k > 0.1 and f.a == pytest.approx(f.b, rel=1e-9)


def test_dimension_sweep_against_direct_fits():
    laws = (ex.SweepLaw("Beta(1, 1)", 1.0), ex.SweepLaw("Beta(1, 4), term (7) only", (1.0, 4.0), "cross"))
    sweep = ex.dimension_sweep(6, [2, 60], 2, laws, np.random.default_rng(3), nodes=24)
    assert sweep.separable.shape == (2, 2) and sweep.cos_max_margin.shape == (2, 2, 2)
    rng = np.random.default_rng(3)
    y = ex.balanced_labels(6)
    for a, d in enumerate((2, 60)):
        for r in range(2):
            X = rng.standard_normal((6, d))
            erm, sep = ML.erm_direction(X, y)
            assert sweep.separable[a, r] == sep
            theta = ML.mixup_logistic_minimizer(X, y, 1.0, nodes=24)
            assert sweep.erm_cosines("Beta(1, 1)")[a, r] == pytest.approx(L.cosine(theta, erm), abs=1e-12)
            if sep:
                assert sweep.gap("Beta(1, 1)")[a, r] == pytest.approx(1 - L.cosine(theta, L.max_margin(X, y)), abs=1e-9)
            else:
                assert np.isnan(sweep.gap("Beta(1, 1)")[a, r])
    assert sweep.interpolates[1].all()                      # d = 10 n: the max margin interpolates
    assert sweep.worst_interpolating_gap("Beta(1, 1)") < 1e-10
    assert sweep.best_interpolating_gap("Beta(1, 4), term (7) only") > 1e-5
    med = sweep.median_gap("Beta(1, 1)")
    assert np.isnan(med[0]) == (not sweep.separable[0].any())
    rows = ex.premise_table(sweep)
    assert [r.ratio for r in rows] == pytest.approx([2 / 6, 10.0])
    assert rows[1].separable == 1.0 and rows[1].median_disagreement < 1e-5


def test_unbalanced_classes_and_sgd(tiny):
    ub = ex.unbalanced_classes(tiny)
    assert (ub.n, ub.d) == (6, 240) and [r.n_pos for r in ub.rows] == [3, 5]
    bal, uneven = ub.row(3), ub.row(5)
    assert ub.balanced == (bal,) and ub.unbalanced == (uneven,) and ub.worst is uneven
    assert bal.gap_fit < 1e-10 and bal.minimiser_interpolates and bal.a == pytest.approx(bal.b)
    assert uneven.gap_fit > 1e-5 and not uneven.minimiser_interpolates and uneven.a > uneven.b
    assert uneven.gap_cross < 1e-10 and uneven.cos_predicted > 1 - 1e-10
    assert uneven.disagreement == pytest.approx(np.arccos(1 - uneven.gap_fit) / np.pi, rel=1e-6)
    with pytest.raises(ValueError, match="no row"):
        ub.row(4)
    sgd = ex.sgd_checks(tiny, ub)
    assert [(c.n_pos, c.n_neg) for c in sgd] == [(3, 3), (5, 1)]
    assert all(0 <= c.to_exact < 0.05 for c in sgd)


def test_gradient_descent_runs(tiny):
    runs = ex.gradient_descent_runs(tiny)
    assert [(r.d_ratio, r.n_pos) for r in runs] == [(40.0, 3), (1.5, 3), (40.0, 5)]
    hi, _, uneven = runs
    assert hi.at(10) == int(np.flatnonzero(hi.steps == 10)[0])
    assert hi.mixup_vs_max_margin < 1e-10 and np.allclose(hi.gap_mixup, hi.gap_max_margin, atol=1e-9)
    assert hi.gap_max_margin[-1] < hi.gap_max_margin[hi.at(10)]
    assert uneven.mixup_vs_max_margin > 1e-5 and uneven.gap_mixup[-1] > uneven.gap_max_margin[-1]
    X = ex.unbalanced_data(tiny)
    path = L.logistic_gd(X, ex.balanced_labels(6, 5), 300)
    assert uneven.gap_max_margin[-1] == pytest.approx(1 - L.cosine(path.thetas[-1], L.max_margin(X, ex.balanced_labels(6, 5))))
    with pytest.raises(ValueError, match="not recorded"):
        hi.at(299)


def test_claims_follow_the_evidence(tiny):
    scales = ex.two_point_scales(tiny)
    example = ex.max_margin_example(tiny)
    sweep = ex.direction_sweep(dataclasses.replace(tiny, sweep_ratios=(1.0, 20.0)))
    ub = ex.unbalanced_classes(tiny)
    kwargs = dict(scan=ex.lemma_3_7(tiny), symbolic=ex.symbolic_checks(), hessians=ex.lemma_e1_hessians(tiny),
                  scales=scales, fits=ex.part_two_fits(tiny, example, scales), sweep=sweep, unbalanced=ub,
                  sgd=ex.sgd_checks(tiny, ub), gd=ex.gradient_descent_runs(tiny), premise=ex.premise_table(sweep))
    rows = {c.claim: c for c in ex.claims(tiny, **kwargs)}
    part2 = next(c for name, c in rows.items() if name.startswith("Theorem 3.5, Part II"))
    assert part2.verdict == "partly"
    unequal = next(c for name, c in rows.items() if name.startswith("Theorem 3.5 with classes of unequal size"))
    assert unequal.verdict == "refuted"
    # were the unequal-class minimiser the max margin, the same row would be confirmed
    fake = dataclasses.replace(ub, rows=tuple(dataclasses.replace(r, gap_fit=0.0) for r in ub.rows))
    rows2 = {c.claim: c for c in ex.claims(tiny, **{**kwargs, "unbalanced": fake})}
    assert rows2[unequal.claim].verdict == "confirmed"
    # without a single interpolating dataset the balanced-class row cannot be decided
    none = dataclasses.replace(sweep, interpolates=np.zeros_like(sweep.interpolates))
    rows3 = {c.claim: c for c in ex.claims(tiny, **{**kwargs, "sweep": none})}
    balanced = next(name for name in rows3 if name.startswith("Theorem 3.5, balanced"))
    assert rows3[balanced].verdict == "undecided"


def test_part_one_row_checks_the_loss_at_k_and_can_fail(tiny):
    scales = ex.two_point_scales(tiny)
    example = ex.max_margin_example(tiny)
    fits = ex.part_two_fits(tiny, example, scales)
    args = (tiny, ex.symbolic_checks(), ex.lemma_e1_hessians(tiny))

    def part_one(sc):
        return next(r for r in _convexity_rows(*args, sc, fits) if "Part I" in r.claim)

    row = part_one(scales)
    assert row.checks[0].holds and row.checks[1].holds and "log 2" in row.checks[0].test
    # k(P_f) is positive by construction; a wrong positive k must still fail the minimum check
    half = dataclasses.replace(scales, k=scales.k / 2)
    assert part_one(half).checks[1].holds is False
    # and k = 0 (the loss at log 2) fails the first
    zero = dataclasses.replace(scales, k=np.zeros_like(scales.k))
    assert part_one(zero).checks[0].holds is False
