"""Tests of mixup_nb_utils.theory.recovery: points recovered from shuffled midpoints."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest

from mixup_nb_utils.theory.midpoints import (doubled_example, midpoints_of, mixup_matrix, pair_list,
                                             pairwise_sums, reflected_set)
from mixup_nb_utils.theory.recovery import (AmbiguousMidpointsError, match_points, recover_multiset_1d,
                                            recover_points)


# ---------------------------------------------------------------- exact side


def test_recover_multiset_1d():
    rng = np.random.default_rng(3)
    for m in (3, 5, 6, 7, 9, 12):
        x = rng.standard_normal(m)
        sols = recover_multiset_1d(pairwise_sums(x))
        assert len(sols) == 1 and np.allclose(sols[0], np.sort(x), atol=1e-12)
    x = rng.standard_normal(4)
    sols = recover_multiset_1d(pairwise_sums(x))
    assert len(sols) == 2 and any(np.allclose(s, np.sort(x)) for s in sols)
    a8, b8 = doubled_example([0, 2, 4, 8], reflected_set([0, 2, 4, 8]), 100)
    sols = recover_multiset_1d(pairwise_sums(a8))
    found = {tuple(np.round(s, 9)) for s in sols}
    assert {tuple(sorted(a8)), tuple(sorted(b8))} <= found
    # every set found (this one has a third) shares all pairwise sums exactly
    target = pairwise_sums([Fraction(v) for v in a8])
    for s in sols:
        assert pairwise_sums([Fraction(v).limit_denominator(4) for v in s]) == target


@pytest.mark.parametrize("m,n", [(3, 1), (5, 1), (6, 2), (9, 3), (17, 5), (40, 10), (60, 64)])
def test_recover_random_points_from_shuffled_midpoints(m, n):
    rng = np.random.default_rng(m * 100 + n)
    X = rng.normal(scale=3.0, size=(m, n)) + 5.0
    Y = midpoints_of(X)[rng.permutation(comb(m, 2))]
    R, info = recover_points(Y, return_info=True)
    _, err = match_points(R, X)
    assert err < 1e-10
    assert info.max_residual < 1e-10
    # the reported pairing explains every input midpoint
    assert np.allclose((R[info.pairs[:, 0]] + R[info.pairs[:, 1]]) / 2, Y, atol=1e-10)


def test_recover_keeps_shape_and_tolerates_float32():
    rng = np.random.default_rng(4)
    X = rng.random((30, 8, 8))
    Y = midpoints_of(X).astype(np.float32)
    R = recover_points(Y)
    assert R.shape == (30, 8, 8)
    _, err = match_points(R, X)
    assert err < 1e-6
    x1 = rng.standard_normal(7)
    assert recover_points(midpoints_of(x1)).shape == (7,)
    # denser projected sums: float32 noise must not break the matching of 44,850 midpoints
    X = rng.standard_normal((300, 2))
    _, err = match_points(recover_points(midpoints_of(X).astype(np.float32)), X)
    assert err < 1e-6


def test_recover_integer_points_exactly():
    rng = np.random.default_rng(5)
    X = rng.integers(-50, 50, size=(12, 3)).astype(float)
    Y = midpoints_of(X)[rng.permutation(66)]          # half-integers: exact in floating point
    R = recover_points(Y)
    assert np.array_equal(np.round(R), R.round(6))
    order, err = match_points(R, X)
    assert np.array_equal(np.round(R[order]), X)


def test_recover_with_duplicated_points():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((9, 4))
    X[3] = X[0]
    X[7] = X[0]
    Y = midpoints_of(X)[rng.permutation(36)]
    _, err = match_points(recover_points(Y), X)
    assert err < 1e-10


def test_recover_many_points_in_one_dimension_with_ties():
    x = np.arange(10, dtype=float) ** 1.0        # many equal pairwise sums
    _, err = match_points(recover_points(midpoints_of(x)), x)
    assert err < 1e-10


@pytest.mark.parametrize("count", [0, 2, 4, 5, 7, 44])
def test_wrong_count_is_rejected(count):
    with pytest.raises(ValueError):
        recover_points(np.ones((count, 2)))


def test_one_midpoint_is_not_enough():
    with pytest.raises(ValueError, match="at least 3"):
        recover_points(np.ones((1, 3)))


def test_perturbed_or_replaced_midpoint_is_rejected():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((8, 3))
    Y = midpoints_of(X)
    bad = Y.copy()
    bad[5, 1] += 1e-3
    with pytest.raises(ValueError, match="not the midpoints"):
        recover_points(bad)
    dup = Y.copy()
    dup[3] = dup[4]                               # a midpoint duplicated, another missing
    with pytest.raises(ValueError, match="not the midpoints"):
        recover_points(dup)
    with pytest.raises(ValueError, match="NaN"):
        nan = Y.copy()
        nan[0, 0] = np.nan
        recover_points(nan)


def test_m4_is_ambiguous_in_any_dimension():
    rng = np.random.default_rng(8)
    for n in (1, 2, 5):
        X = rng.standard_normal((4, n)).squeeze()
        with pytest.raises(AmbiguousMidpointsError) as e:
            recover_points(midpoints_of(X))
        sols = e.value.solutions
        assert len(sols) == 2
        reflected = X.sum(axis=0) / 2 - X
        assert min(match_points(s, X)[1] for s in sols) < 1e-10
        assert min(match_points(s, reflected)[1] for s in sols) < 1e-10


def test_m4_symmetric_set_is_unique():
    X = np.array([-3.0, -1.0, 1.0, 3.0])          # symmetric about its centroid: the reflection is itself
    _, err = match_points(recover_points(midpoints_of(X)), X)
    assert err < 1e-12


def test_m8_special_sets_are_ambiguous_in_the_plane():
    a = np.array([[0.0, 0.3], [2.0, 1.0], [4.0, -1.2], [8.0, 0.5]])
    b = a.sum(axis=0) / 2 - a
    X, Z = doubled_example(list(a), list(b), np.array([100.0, 7.0]))
    X, Z = np.array(X), np.array(Z)
    assert np.allclose(np.sort(midpoints_of(X), axis=0), np.sort(midpoints_of(Z), axis=0))
    with pytest.raises(AmbiguousMidpointsError) as e:
        recover_points(midpoints_of(X))
    sols = e.value.solutions
    assert len(sols) >= 2          # this family has a third set with the same midpoints
    assert min(match_points(s, X)[1] for s in sols) < 1e-9 and min(match_points(s, Z)[1] for s in sols) < 1e-9
    for s in sols:
        assert np.allclose(np.sort(midpoints_of(s), axis=0), np.sort(midpoints_of(X), axis=0), atol=1e-9)


def test_least_squares_without_some_rows_matches_dense_solve():
    from mixup_nb_utils.theory.recovery import _solve_without_rows

    rng = np.random.default_rng(10)
    m, n = 12, 3
    A = mixup_matrix(m).astype(float)
    pairs = np.array(pair_list(m))
    for k in (1, 5, 30, 60):                     # 60 > 4m: the dense branch
        drop = rng.choice(len(A), size=min(k, len(A) - m), replace=False)
        keep = np.setdiff1d(np.arange(len(A)), drop)
        b = rng.standard_normal((len(A), n))
        rhs = A[keep].T @ b[keep]
        expected = np.linalg.lstsq(A[keep], b[keep], rcond=None)[0]
        assert np.allclose(_solve_without_rows(rhs, pairs[drop], m), expected, atol=1e-9)


def test_near_ties_on_the_projection_are_resolved():
    # many points: near-equal projected sums occur, and must be re-matched in R^n
    rng = np.random.default_rng(11)
    X = rng.standard_normal((300, 2))
    Y = midpoints_of(X)[rng.permutation(comb(300, 2))]
    _, err = match_points(recover_points(Y), X)
    assert err < 1e-10


def test_identical_points_and_forced_near_tie_matching():
    from mixup_nb_utils.theory.recovery import _assign_pairs

    X = np.ones((5, 3))
    _, err = match_points(recover_points(midpoints_of(X)), X)
    assert err < 1e-12
    # a huge 1-D tolerance makes every projected sum a near-tie: the R^n re-matching must fix them
    rng = np.random.default_rng(12)
    m = 15
    X = rng.standard_normal((m, 3))
    Y = midpoints_of(X)[rng.permutation(comb(m, 2))]
    u = np.array([1.0, 0.0, 0.0])
    z = 2 * Y @ u
    order = np.argsort(z, kind="stable")
    xhat = np.sort(X[:, 0])
    pairs = _assign_pairs(Y, z, order, xhat, m, tol_1d=0.001, refine=False)
    close = np.diff(np.sort(z)) <= 8 * 0.001
    assert close.sum() >= 5                       # the test does exercise the re-matching
    recomputed = (X[np.argsort(X[:, 0])][pairs[:, 0]] + X[np.argsort(X[:, 0])][pairs[:, 1]]) / 2
    assert np.allclose(recomputed, Y, atol=1e-9)
