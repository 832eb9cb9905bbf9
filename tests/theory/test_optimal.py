import numpy as np
import pytest
import sympy as sp

from mixup_nb_utils.data.synthetic import alternating_line, cross_dataset
from mixup_nb_utils.mixup.mixing import BetaMixing
from mixup_nb_utils.theory.geometry import xi_terms
from mixup_nb_utils.theory.optimal import (corollary_c1, lemma_2_3, mixup_optimal, mixup_optimal_limit,
                                           xi_limit, xi_matrices)


from tests.helpers import labelled_points as _data  # noqa: E402


# ---------------------------------------------------------------- Lemma 2.3 on given matrices

def test_lemma_2_3_by_hand_and_stacked():
    xi = np.array([[0.2, 0.1], [0.3, 0.4]])
    xi_lam = np.array([[0.1, 0.04], [0.1, 0.2]])
    # class 0: ξ00 + ξ01_λ + ξ10 - ξ10_λ = 0.2 + 0.04 + 0.3 - 0.1; class 1: 0.4 + 0.1 + 0.1 - 0.04
    expected = np.array([0.44, 0.56]) / 1.0
    assert lemma_2_3(xi, xi_lam) == pytest.approx(expected)
    stack = lemma_2_3(np.stack([xi, 2 * xi, np.zeros((2, 2))]), np.stack([xi_lam, 2 * xi_lam, np.zeros((2, 2))]))
    assert stack[:2] == pytest.approx(np.stack([expected, expected]))
    assert np.all(np.isnan(stack[2]))
    with pytest.raises(ValueError, match="square"):
        lemma_2_3(np.zeros((2, 3)), np.zeros((2, 3)))


def test_lagrange_solution_is_the_minimiser():
    # h_ε is the argmin of -Σ_i w_i log θ_i over the simplex; check against random simplex points
    rng = np.random.default_rng(1)
    X, y, _ = _data(1)
    xi, xi_lam = xi_matrices(X, y, rng.normal(size=(1, 2)) * 0.3, 1.0, 2.0, 0.7)
    h = lemma_2_3(xi[0], xi_lam[0])
    w = xi_lam[0].sum(1) + (xi[0] - xi_lam[0]).sum(0)
    loss = lambda th: -np.sum(w * np.log(th))  # noqa: E731
    others = rng.dirichlet(np.ones(3), size=2000)
    assert loss(h) < min(loss(th) for th in others)


# ---------------------------------------------------------------- building blocks


# ---------------------------------------------------------------- the engine against independent calculations

@pytest.mark.parametrize("a,b", [(1.0, None), (0.5, 2.0), (3.0, 3.0)])
def test_engine_matches_per_query_reference(a, b):
    X, y, rng = _data(4, m=30)
    X[5] = X[7]                      # a duplicated point with another label
    y[7] = (y[5] + 1) % 3
    Q = np.concatenate([rng.normal(size=(150, 2)), X[:4]])
    xi, xi_lam = xi_matrices(X, y, Q, 0.4, a, b, max_elements=3000)   # many small chunks
    dist = BetaMixing(a, b)
    for i in range(len(Q)):
        ref, ref_lam = xi_terms(X, y, Q[i], 0.4, dist, num_classes=3)
        assert xi[i] == pytest.approx(ref, abs=1e-14)
        assert xi_lam[i] == pytest.approx(ref_lam, abs=1e-14)
    big = xi_matrices(X, y, Q, 0.4, a, b, max_elements=10**8)
    assert np.allclose(big[0], xi, atol=1e-15) and np.allclose(big[1], xi_lam, atol=1e-15)


def test_engine_with_weights_matches_reference():
    X, y, rng = _data(5, m=12)
    w = rng.uniform(0.0, 1.0, size=12)
    w[3] = 0.0
    Q = rng.normal(size=(40, 2))
    xi, xi_lam = xi_matrices(X, y, Q, 0.6, 2.0, 0.5, weights=w)
    for i in range(len(Q)):
        ref, ref_lam = xi_terms(X, y, Q[i], 0.6, BetaMixing(2.0, 0.5), weights=w / w.sum(), num_classes=3)
        assert xi[i] == pytest.approx(ref, abs=1e-14) and xi_lam[i] == pytest.approx(ref_lam, abs=1e-14)


def test_engine_against_monte_carlo():
    X, y, rng = _data(6, m=8, k=2)
    x, eps, a, b = np.array([[0.1, -0.2]]), 0.7, 1.5, 0.8
    xi, xi_lam = xi_matrices(X, y, x, eps, a, b)
    N = 400_000
    i, j = rng.integers(0, 8, N), rng.integers(0, 8, N)
    lam = rng.beta(a, b, N)
    z = lam[:, None] * X[i] + (1 - lam[:, None]) * X[j]
    inside = np.linalg.norm(z - x, axis=1) <= eps
    for ci in range(2):
        for cj in range(2):
            sel = inside & (y[i] == ci) & (y[j] == cj)
            for est, exact in ((sel.mean(), xi[0, ci, cj]), ((sel * lam).mean(), xi_lam[0, ci, cj])):
                se = np.sqrt(max(exact, 1e-6) / N)
                assert abs(est - exact) < 5 * se


def test_engine_against_sympy_exact_values():
    # points on a plane with rational coordinates, Beta(2, 3) (density 12 λ (1 - λ)²): exact integrals
    pts = [(0, 0), (2, 1), (1, 2), (3, 0)]
    labels = [0, 1, 0, 1]
    x, eps = (sp.Rational(6, 5), sp.Rational(3, 5)), sp.Rational(1, 2)
    lam = sp.symbols("lam", real=True)
    dens = 12 * lam * (1 - lam) ** 2
    xi = sp.zeros(2, 2)
    xi_lam = sp.zeros(2, 2)
    for a_, s in enumerate(pts):
        for b_, t in enumerate(pts):
            z = [lam * s[c] + (1 - lam) * t[c] for c in range(2)]
            quad = sp.expand(sum((z[c] - x[c]) ** 2 for c in range(2)) - eps**2)
            if s == t:
                inside = quad.subs(lam, 0) <= 0
                lo, hi = (0, 1) if inside else (0, 0)
            else:
                roots = sorted(sp.solve(quad, lam), key=lambda r: float(sp.re(r)))
                if len(roots) < 2 or not all(r.is_real for r in roots):
                    continue
                lo, hi = sp.Max(roots[0], 0), sp.Min(roots[1], 1)
                if float(hi) <= float(lo):
                    continue
            w = sp.Rational(1, 16)
            xi[labels[a_], labels[b_]] += w * sp.integrate(dens, (lam, lo, hi))
            xi_lam[labels[a_], labels[b_]] += w * sp.integrate(lam * dens, (lam, lo, hi))
    got, got_lam = xi_matrices(np.array(pts, float), labels, np.array([[1.2, 0.6]]), 0.5, 2.0, 3.0)
    assert got[0] == pytest.approx(np.array(xi.evalf(30), dtype=float), abs=1e-13)
    assert got_lam[0] == pytest.approx(np.array(xi_lam.evalf(30), dtype=float), abs=1e-13)
    assert float(xi[0, 1]) > 0 and float(xi[1, 0]) > 0          # the case mixes both classes


# ---------------------------------------------------------------- the paper's statements

@pytest.mark.parametrize("eps", [0.5, 0.1, 1e-3, 1e-7])
def test_proposition_2_5_exact_xi_at_origin(eps):
    X, y = cross_dataset()
    xi, xi_lam = xi_matrices(X, y, np.zeros((1, 2)), eps, 1.0)
    # the segment between (0, 1) and (0, -1) has length 2, so the λ-interval is [1/2 - ε/2, 1/2 + ε/2]:
    # ξ^{1,1} = ξ^{2,2} = 2 ordered pairs · 1/16 · ε = ε/8 (the paper's sketch writes ε/4)
    assert xi[0] == pytest.approx(np.diag([eps / 8, eps / 8]), rel=1e-9, abs=1e-300)
    assert xi_lam[0] == pytest.approx(np.diag([eps / 16, eps / 16]), rel=1e-9, abs=1e-300)
    assert lemma_2_3(xi[0], xi_lam[0]) == pytest.approx([0.5, 0.5])


def test_proposition_2_5_discontinuity():
    X, y = cross_dataset()
    on_x1 = np.array([[0.0, 0.3], [0.0, -0.6]])
    for eps in (0.2, 0.01, 1e-5):
        assert mixup_optimal(X, y, on_x1, eps, 1.0) == pytest.approx(np.tile([1.0, 0.0], (2, 1)))
    assert mixup_optimal(X, y, [[0.0, 0.05]], 0.1, 1.0)[0, 0] < 1.0       # still sees the other segment
    limit = mixup_optimal_limit(X, y, np.array([[0.0, 0.0], [0.0, 0.3], [0.4, 0.0], [0.3, 0.3]]), 1.0)
    assert limit[:3] == pytest.approx(np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0]]))
    assert np.all(np.isnan(limit[3]))                                     # off every segment: not in X_mix


@pytest.mark.parametrize("a,b", [(1.0, 1.0), (0.3, 0.3), (8.0, 8.0)])
def test_corollary_c1_for_symmetric_mixing(a, b):
    X, y, rng = _data(7)
    Q = rng.normal(size=(60, 2)) * 0.5
    xi, xi_lam = xi_matrices(X, y, Q, 0.5, a, b)
    ok = xi.sum((1, 2)) > 0
    assert ok.sum() > 30
    assert xi_lam == pytest.approx(np.swapaxes(xi - xi_lam, 1, 2), abs=1e-14)
    # the engine builds the reversed pair from the symmetry; the reference computes it on its own
    ref = [xi_terms(X, y, q, 0.5, BetaMixing(a, b), num_classes=3) for q in Q[:20]]
    for r, r_lam in ref:
        assert r_lam == pytest.approx((r - r_lam).T, abs=1e-14)
    assert corollary_c1(xi, xi_lam)[ok] == pytest.approx(lemma_2_3(xi, xi_lam)[ok], abs=1e-12)


def test_corollary_c1_fails_for_asymmetric_mixing():
    X, y, rng = _data(7)
    Q = rng.normal(size=(60, 2)) * 0.5
    xi, xi_lam = xi_matrices(X, y, Q, 0.5, 3.0, 0.5)
    ok = xi.sum((1, 2)) > 0
    assert np.max(np.abs(corollary_c1(xi, xi_lam)[ok] - lemma_2_3(xi, xi_lam)[ok])) > 0.05


@pytest.mark.parametrize("eps", [0.2, 0.7])
def test_mirrored_beta_gives_the_same_classifier(eps):
    # (s, t) and (t, s) together weigh λ by f(λ) + f(1 - λ): h_ε sees only the symmetrised density
    X, y, rng = _data(11, m=15)
    Q = rng.normal(size=(200, 2))
    xi_ab, xl_ab = xi_matrices(X, y, Q, eps, 2.0, 0.5)
    xi_ba, xl_ba = xi_matrices(X, y, Q, eps, 0.5, 2.0)
    ok = xi_ab.sum((1, 2)) > 0
    h = lemma_2_3(xi_ab, xl_ab)[ok]
    assert ok.sum() > 50
    assert lemma_2_3(xi_ba, xl_ba)[ok] == pytest.approx(h, abs=1e-12)
    assert corollary_c1((xi_ab + xi_ba) / 2, (xl_ab + xl_ba) / 2)[ok] == pytest.approx(h, abs=1e-12)
    assert np.abs(xi_ab - xi_ba)[ok].max() > 1e-3          # the ξ terms themselves do differ


def test_rows_are_probabilities_and_outside_is_nan():
    X, y, rng = _data(8)
    h = mixup_optimal(X, y, np.concatenate([rng.normal(size=(50, 2)), [[40.0, 40.0]]]), 0.3, 0.5, 2.0)
    assert np.all(np.isnan(h[-1]))
    good = ~np.isnan(h[:, 0])
    assert good.sum() > 20
    assert h[good].sum(1) == pytest.approx(np.ones(good.sum()))
    assert np.all(h[good] >= 0)


# ---------------------------------------------------------------- the ε → 0 limit

def test_limit_at_data_points_is_their_class():
    # Proposition 2.8, also on the alternating line where h_ε itself can misclassify (Theorem 2.7)
    X, y = alternating_line(5, 3)
    order, _, _ = xi_limit(X, y, X[:, 0], 32.0)
    assert np.all(order == 0)
    assert mixup_optimal_limit(X, y, X[:, 0], 32.0) == pytest.approx(np.eye(3)[y])
    X3, y3 = alternating_line(3)
    assert mixup_optimal(X3, y3, [1.0], 0.1, 32.0)[0, 1] < 0.5          # the fixed-ε h_ε fails there
    assert mixup_optimal_limit(X3, y3, [1.0], 32.0)[0] == pytest.approx([0.0, 1.0])


@pytest.mark.parametrize("a,b", [(1.0, 1.0), (0.5, 2.0), (4.0, 4.0)])
def test_small_eps_converges_to_the_limit(a, b):
    X, y = alternating_line(4)
    Q = np.array([0.37, 1.5, 2.9, 1.0])
    lim = mixup_optimal_limit(X, y, Q, a, b)
    for eps in (1e-4, 1e-7):
        assert mixup_optimal(X, y, Q, eps, a, b) == pytest.approx(lim, abs=50 * eps)
    # two dimensions: (0.5, 0.5) is the midpoint of (1, 0)-(0, 1), (0.5, 1) that of (2, 2)-(-1, 0),
    # the origin the crossing of two same-class segments
    X2, y2 = cross_dataset()
    X2 = np.concatenate([X2, [[2.0, 2.0]]])
    y2 = np.append(y2, 0)
    q = np.array([[0.5, 0.5], [0.5, 1.0], [0.0, 0.0]])
    lim2 = mixup_optimal_limit(X2, y2, q, a, b)
    assert mixup_optimal(X2, y2, q, 1e-7, a, b) == pytest.approx(lim2, abs=1e-5)


def test_limit_formula_by_hand_on_a_line():
    # x = 0.37 on X = {0, 1, 2, 3}, labels 0 1 0 1, uniform P_f: only the segments through x count,
    # each with weight 2 f(λ*)/|s - t| = 2/|s - t| (f = 1) and λ* the weight of s at x
    X, y = alternating_line(4)
    order, A, A_lam = xi_limit(X, y, [0.37], 1.0)
    assert order[0] == 1
    manual, manual_lam = np.zeros((2, 2)), np.zeros((2, 2))
    for s in range(4):
        for t in range(4):
            if s != t and min(s, t) < 0.37 < max(s, t):
                lam = (0.37 - t) / (s - t)
                manual[y[s], y[t]] += 2 / 16 / abs(s - t)
                manual_lam[y[s], y[t]] += 2 / 16 / abs(s - t) * lam
    assert A[0] == pytest.approx(manual) and A_lam[0] == pytest.approx(manual_lam)


# ---------------------------------------------------------------- invariances

def test_invariant_under_permutation_translation_rotation():
    X, y, rng = _data(9, m=20, n=3)
    Q = rng.normal(size=(80, 3)) * 0.7
    h = mixup_optimal(X, y, Q, 0.5, 1.5, 0.6)
    perm = rng.permutation(20)
    assert np.allclose(mixup_optimal(X[perm], y[perm], Q, 0.5, 1.5, 0.6), h, atol=1e-12, equal_nan=True)
    R, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    shift = rng.normal(size=3) * 5
    moved = mixup_optimal(X @ R.T + shift, y, Q @ R.T + shift, 0.5, 1.5, 0.6)
    far = np.isnan(h[:, 0])
    assert np.array_equal(np.isnan(moved[:, 0]), far)
    assert np.allclose(moved[~far], h[~far], atol=1e-9)


def test_one_dimensional_inputs_and_num_classes():
    X, y = alternating_line(3)
    h1 = mixup_optimal(X[:, 0], y, [1.0, 0.5], 0.1, 2.0)
    h2 = mixup_optimal(X, y, np.array([[1.0], [0.5]]), 0.1, 2.0, num_classes=4)
    assert h2.shape == (2, 4) and np.all(h2[:, 2:] == 0)
    assert h1 == pytest.approx(h2[:, :2])


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("kwargs,match", [
    (dict(eps=0.0), "eps"),
    (dict(eps=-1.0), "eps"),
    (dict(alpha=0.0), "alpha"),
    (dict(beta=-2.0), "beta"),
    (dict(queries=np.zeros((3, 3))), "queries"),
    (dict(queries=np.zeros(2)), "queries"),
    (dict(y=np.array([0, 1])), "labels"),
    (dict(y=np.array([0, 1, 0, -1])), "negative"),
    (dict(X=np.array([[0.0, np.nan]] * 4)), "NaN"),
    (dict(weights=np.array([1.0, -1.0, 1.0, 1.0])), "weights"),
    (dict(weights=np.ones(3)), "weights"),
    (dict(num_classes=1), "num_classes"),
])
def test_bad_input_raises(kwargs, match):
    X, y = cross_dataset()
    args = dict(X=X, y=y, queries=np.zeros((2, 2)), eps=0.1, alpha=1.0, beta=None, num_classes=None)
    weights = kwargs.pop("weights", None)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        mixup_optimal(args["X"], args["y"], args["queries"], args["eps"], args["alpha"], args["beta"],
                      args["num_classes"], weights=weights)
