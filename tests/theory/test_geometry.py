import numpy as np
import pytest

from mixup_nb_utils.data.synthetic import alternating_line, cross_dataset
from mixup_nb_utils.mixup.mixing import BetaMixing
from mixup_nb_utils.theory.geometry import (assumption_3_1, collinear_triples, pair_intervals,
                                            segment_ball_interval, xi_terms)


# ---------------------------------------------------------------- exact side


def test_interval_brute_force_in_three_dimensions():
    rng = np.random.default_rng(0)
    grid = np.linspace(0, 1, 20001)
    for _ in range(200):
        s, t, x = rng.normal(size=(3, 3))
        eps = rng.uniform(0.1, 1.5)
        lo, hi = segment_ball_interval(s, t, x, eps)
        inside = np.linalg.norm(grid[:, None] * s + (1 - grid[:, None]) * t - x, axis=1) <= eps
        if inside.any():
            assert lo == pytest.approx(grid[inside].min(), abs=1e-4)
            assert hi == pytest.approx(grid[inside].max(), abs=1e-4)
        else:
            assert lo == hi == 0.0


def test_degenerate_segment_is_all_or_nothing():
    s = np.array([1.0, 2.0])
    assert segment_ball_interval(s, s, np.array([1.0, 2.05]), 0.1) == (0.0, 1.0)
    assert segment_ball_interval(s, s, np.array([1.0, 2.5]), 0.1) == (0.0, 0.0)


def test_alternating_line_intervals_by_hand():
    X, y = alternating_line(3)
    lo, hi = pair_intervals(X, [1.0], 0.1)
    # z = 2(1 - λ) for s = 0, t = 2 lies in [0.9, 1.1] for λ in [0.45, 0.55]
    assert (lo[0, 2], hi[0, 2]) == pytest.approx((0.45, 0.55))
    assert (lo[1, 1], hi[1, 1]) == (0.0, 1.0)
    # z = λ for s = 1, t = 0: λ in [0.9, 1]
    assert (lo[1, 0], hi[1, 0]) == pytest.approx((0.9, 1.0))


def test_xi_terms_against_monte_carlo():
    X, y = cross_dataset()
    x, eps = np.array([0.1, 0.05]), 0.3
    dist = BetaMixing(2.0, 0.7)
    xi, xi_lam = xi_terms(X, y, x, eps, dist)
    rng = np.random.default_rng(1)
    n = 400_000
    i, j = rng.integers(0, 4, n), rng.integers(0, 4, n)
    lam = dist.sample(n, rng)
    z = lam[:, None] * X[i] + (1 - lam[:, None]) * X[j]
    hit = np.linalg.norm(z - x, axis=1) <= eps
    for a in range(2):
        for b in range(2):
            sel = hit & (y[i] == a) & (y[j] == b)
            for exact, samples in ((xi[a, b], sel), (xi_lam[a, b], sel * lam)):
                est = samples.mean()
                se = samples.std() / np.sqrt(n)
                assert abs(est - exact) < 5 * se + 1e-12


def test_collinear_triples():
    X, y = alternating_line(3)
    v = collinear_triples(X, y)
    # point 1 (class 2) lies between 0 and 2 (class 1) at λ = 1/2, both orders
    assert sorted((a, b, c) for a, b, c, _ in v) == [(1, 0, 2), (1, 2, 0)]
    assert all(lam == pytest.approx(0.5) for *_, lam in v)
    Xc, yc = cross_dataset()
    assert collinear_triples(Xc, yc) == []
    # the label-1 point (0.5, 0) is the midpoint of two label-0 points: v = (1, 0) is of another
    # class than x, so Assumption 2.9 fails there, once for each order of u and v
    Xb = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.0], [0.5, 1.0]])
    yb = np.array([0, 0, 1, 1])
    assert sorted((a, b, c) for a, b, c, _ in collinear_triples(Xb, yb)) == [(2, 0, 1), (2, 1, 0)]
    # moving it off the line restores the assumption
    Xb[2, 1] = 0.01
    assert collinear_triples(Xb, yb) == []


def test_assumption_3_1():
    X = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 1.0]])
    y = np.array([0, 1, 1])
    x = np.array([0.3, 0.0])            # 10% of the way from class 0 to class 1 on one segment
    ok = assumption_3_1(X, y, x, cls=0, eps=0.05, delta=0.2, mixing=1.0)
    assert ok.holds and ok.mass_low_lambda == 0.0 and ok.mass_other_classes == 0.0 and ok.xi_balanced
    bad = assumption_3_1(X, y, np.array([1.5, 0.0]), cls=0, eps=0.05, delta=0.2, mixing=1.0)
    # half-way along the segment from class 0 to class 1: λ = 1/2 < 1 - δ, a positive mass
    assert not bad.holds and bad.mass_low_lambda == pytest.approx(2 / 9 * 0.05 / 3, rel=1e-9)
    assert bad.mass_other_classes == 0.0 and bad.xi_balanced
    # a point on the segment between the two class-1 points has a pair with no class-0 end
    other = assumption_3_1(X, y, np.array([3.0, 0.5]), cls=0, eps=0.05, delta=0.2, mixing=1.0)
    assert not other.holds and other.mass_other_classes > 0
    with pytest.raises(ValueError, match="delta"):
        assumption_3_1(X, y, x, cls=0, eps=0.05, delta=0.7, mixing=1.0)


def test_bad_inputs():
    X, y = cross_dataset()
    with pytest.raises(ValueError, match="eps"):
        xi_terms(X, y, [0, 0], 0.0, 1.0)
    with pytest.raises(ValueError, match="coordinates"):
        pair_intervals(X, [0, 0, 0], 0.1)
    with pytest.raises(ValueError, match="labels but there are"):
        xi_terms(X, y[:2], [0, 0], 0.1, 1.0)


def test_intervals_keep_digits_for_small_eps():
    # on a line the interval is exact by hand: z = t + λ(s - t) ∈ [x - ε, x + ε]
    for e in (1e-3, 1e-8, 1e-11):
        lo, hi = segment_ball_interval(np.array([[3.0]]), np.array([[0.0]]), np.array([[1.37]]), e)
        assert lo[0] == pytest.approx((1.37 - e) / 3, rel=1e-12) and hi[0] == pytest.approx((1.37 + e) / 3, rel=1e-12)
        assert (hi[0] - lo[0]) == pytest.approx(2 * e / 3, rel=1e-4)
    # off the line in 3-D: the half-width is sqrt(ε² - ρ²)/|d| with ρ the distance to the line
    s, t = np.array([2.0, 0.0, 0.0]), np.array([0.0, 0.0, 0.0])
    x = np.array([0.5, 3e-9, 0.0])
    lo, hi = segment_ball_interval(s, t, x, 5e-9)
    assert (hi - lo) == pytest.approx(2 * np.sqrt(25e-18 - 9e-18) / 2, rel=1e-6)
