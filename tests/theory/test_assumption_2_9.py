"""Both halves of Assumption 2.9 and its whole set, exactly, against an independent brute force."""

import numpy as np
import pytest

from mixup_nb_utils.theory.assumption_2_9 import assumption_2_9_distances, own_class_conflict_distances
from mixup_nb_utils.theory.conflicts import conflict_distances


def _segment(x, u, v):
    """Distance from x to the closed segment [v, u] by a dense λ grid refined around its best node
    (independent of the engine's closed form)."""
    lam = np.linspace(0.0, 1.0, 2001)
    d = np.linalg.norm(x - lam[:, None] * u - (1 - lam[:, None]) * v, axis=1)
    j = int(np.argmin(d))
    fine = np.clip(np.linspace(lam[max(j - 1, 0)], lam[min(j + 1, 2000)], 4001), 0, 1)
    return np.linalg.norm(x - fine[:, None] * u - (1 - fine[:, None]) * v, axis=1).min()


def _brute(X, y, Q, qy, half):
    out = []
    for x, c in zip(Q, qy):
        first = [a for a in range(len(X)) if (y[a] == c and not np.array_equal(X[a], x))] if half == "own" \
            else list(np.flatnonzero(y != c))
        best = np.inf
        for a in first:
            for b in np.flatnonzero(y != c):
                best = min(best, _segment(x, X[a], X[b]))
        out.append(best)
    return np.array(out)


@pytest.mark.parametrize("n", [2, 6])
def test_both_halves_match_brute_force_on_train_and_test_queries(n):
    rng = np.random.default_rng(10 + n)
    X, y = rng.normal(size=(18, n)), rng.integers(0, 3, 18)
    X[4] = X[1]                                       # a duplicate of the same class: u = x as a point
    y[4] = y[1]
    Q = np.vstack([rng.normal(size=(6, n)), X[:2]])  # test queries, two of them on training points
    qy = np.concatenate([rng.integers(0, 3, 6), y[:2]])
    for queries, labels in ((None, None), (Q, qy)):
        qq, ll = (X, y) if queries is None else (Q, qy)
        res = assumption_2_9_distances(X, y, queries, labels, device="cpu")
        own, other = _brute(X, y, qq, ll, "own"), _brute(X, y, qq, ll, "other")
        # the grid brute force is within 1e-7 of a true minimum and never below it
        assert np.all(res.own.distance <= own + 1e-12) and np.all(res.own.distance >= own - 1e-6)
        assert np.all(res.other.distance <= other + 1e-12) and np.all(res.other.distance >= other - 1e-6)
        np.testing.assert_allclose(res.distance, np.minimum(res.own.distance, res.other.distance))
        assert res.minimum == res.distance.min() and res.distance[res.nearest] == res.minimum
        # the witness reproduces the distance, with admissible labels and u ≠ x
        z = res.own.lam[:, None] * X[res.own.u] + (1 - res.own.lam[:, None]) * X[res.own.v]
        np.testing.assert_allclose(np.linalg.norm(qq - z, axis=1), res.own.distance, atol=1e-12)
        assert np.all(y[res.own.u] == ll) and np.all(y[res.own.v] != ll)
        assert not np.any(np.all(X[res.own.u] == qq, axis=1))


def test_own_half_finds_a_violation_that_the_other_half_misses():
    # x (class 0) is the midpoint of u (class 0) and v (class 1): Assumption 2.9 is broken
    X = np.array([[0.0, 0.0], [-1.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    y = np.array([0, 0, 1, 1])
    res = assumption_2_9_distances(X, y, device="cpu")
    assert res.own.distance[0] == pytest.approx(0.0, abs=1e-15)
    assert res.other.distance[0] == pytest.approx(1.0)           # v itself: the other half sees no conflict
    assert res.minimum == pytest.approx(0.0, abs=1e-15) and res.nearest == 0
    u, v, lam, half = res.configuration()
    assert (u, v, half) == (1, 2, "own") and lam == pytest.approx(0.5)


def test_small_tiles_agree_and_a_lone_class_gives_inf():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(30, 4)), rng.integers(0, 3, 30)
    ref = own_class_conflict_distances(X, y, device="cpu")
    tiny = own_class_conflict_distances(X, y, device="cpu", max_elements=5)
    np.testing.assert_array_equal(tiny.distance, ref.distance)
    lone = own_class_conflict_distances(np.array([[0.0], [1.0], [3.0]]), [0, 1, 1], device="cpu")
    assert np.isinf(lone.distance[0]) and lone.distance[1] == pytest.approx(0.0, abs=1e-15)
    assert lone.lam[1] == pytest.approx(1 / 3)                       # 1 = (1/3)·3 + (2/3)·0: a violation


def test_distinct_midpoints_drop_self_pairs():
    X = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0], [-1.0, -1.0]])
    y = np.array([0, 1, 0, 1])
    every = conflict_distances(X, y, lam="midpoint", device="cpu")
    distinct = conflict_distances(X, y, lam="midpoint", pairs="distinct", device="cpu")
    assert every.distance[0] == pytest.approx(np.sqrt(2))                 # the point (-1, -1) itself
    assert distinct.distance[0] == pytest.approx(np.hypot(1.0, 1.5))      # the midpoint (1, 1.5)
    assert np.all(distinct.u != distinct.v)
    lone = conflict_distances(np.array([[0.0], [1.0], [2.0]]), [0, 1, 0], lam="midpoint", pairs="distinct",
                              device="cpu")
    assert np.isinf(lone.distance[0])
    with pytest.raises(ValueError, match="pairs must be"):
        conflict_distances(X, y, lam="segment", pairs="distinct")
