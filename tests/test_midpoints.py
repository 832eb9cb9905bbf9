from fractions import Fraction
from math import comb, factorial

import numpy as np
import pytest
import sympy

from mixup_nb_utils import midpoints as mp
from mixup_nb_utils.datasets import alternating_line

from mixup_nb_utils.midpoints import (AmbiguousMidpointsError, claim2_sweep, doubled_example, exact_rank,
                                      incidence_rank_formula, lemma_c2_search, match_points, midpoints_of,
                                      mixup_matrix, pair_list, pairwise_sums, recover_multiset_1d,
                                      recover_points, reflected_set, row_permutation_for, turan_margin)


# ---------------------------------------------------------------- exact side

def test_mixup_matrix_rows_and_rank_exact():
    for m in range(2, 9):
        A = mixup_matrix(m)
        assert A.shape == (comb(m, 2), m)
        assert np.all(A.sum(axis=1) == 2) and np.all(A.sum(axis=0) == m - 1)
        assert len({tuple(r) for r in A.tolist()}) == comb(m, 2)
        expected = 1 if m == 2 else m
        assert exact_rank(A) == expected == sympy.Matrix(A.tolist()).rank()


def test_exact_rank_agrees_with_sympy_on_random_integer_matrices():
    rng = np.random.default_rng(0)
    for _ in range(40):
        r, c = rng.integers(1, 7, size=2)
        M = rng.integers(-3, 4, size=(r, c))
        if rng.random() < 0.5 and r > 1:   # force a dependent row now and then
            M[-1] = 2 * M[0] - M[1 % r]
        assert exact_rank(M) == sympy.Matrix(M.tolist()).rank()


def test_exact_rank_rejects_non_integers():
    with pytest.raises(ValueError, match="integer"):
        exact_rank(np.array([[0.5, 1.0]]))


def test_incidence_rank_formula_matches_exact_rank():
    rng = np.random.default_rng(1)
    edges = pair_list(6)
    for _ in range(60):
        keep = [e for e in edges if rng.random() < 0.4]
        C = np.zeros((len(keep), 6), dtype=np.int64)
        for r, (a, b) in enumerate(keep):
            C[r, a] = C[r, b] = 1
        assert incidence_rank_formula(6, keep) == (exact_rank(C) if keep else 0)


def test_lemma_search_counts_every_solution():
    # symmetric and plain exhaustive searches agree; m! permutations always, plus 24 extra for m = 4
    for m in range(3, 7):
        fast, slow = lemma_c2_search(m), lemma_c2_search(m, use_symmetry=False)
        assert (fast.solutions, fast.permutations) == (slow.solutions, slow.permutations)
        assert fast.permutations == factorial(m)
        assert fast.solutions == (48 if m == 4 else factorial(m))
        assert fast.lemma_holds == (m != 4)


def test_lemma_fails_for_m4_with_exact_rank_m():
    res = lemma_c2_search(4)
    M = res.examples[0]
    # the counterexample is J/2 - Q for a permutation Q
    Q = np.full((4, 4), 0.5) - M
    assert np.all(np.isin(Q, [0, 1])) and np.all(Q.sum(0) == 1) and np.all(Q.sum(1) == 1)
    A = mixup_matrix(4)
    P = row_permutation_for(M)
    PA = P @ A
    assert exact_rank(np.hstack([A, PA])) == 4
    # PA is not a column permutation of A
    assert {tuple(c) for c in PA.T.tolist()} != {tuple(c) for c in A.T.tolist()}


def test_lemma_rank_exceeds_m_for_random_row_permutations():
    rng = np.random.default_rng(2)
    for m in (5, 6, 7):
        A = mixup_matrix(m)
        for _ in range(5):
            PA = A[rng.permutation(len(A))]
            assert exact_rank(np.hstack([A, PA])) > m


def test_claim2_counterexamples_below_6_and_none_from_6():
    assert claim2_sweep(3).subsets == 0                   # every 2-edge set of K_3 is a star
    for m, deficient in ((4, 16), (5, 10)):
        res = claim2_sweep(m)
        assert res.deficient == deficient and res.example is not None
    six = claim2_sweep(6)
    assert six.subsets == comb(15, 5) - 6 and six.deficient == 0
    assert claim2_sweep(6, exact=False) == claim2_sweep(6, exact=True).__class__(6, six.subsets, 0, None, False)
    assert [m for m in range(3, 12) if turan_margin(m) > 0] == list(range(6, 12))


def test_pairwise_sum_collisions_exact():
    x = [0, 2, 4, 8]
    y = reflected_set(x)
    assert sorted(y) != sorted(x) and pairwise_sums(x) == pairwise_sums(y)
    xf = [Fraction(1, 3), Fraction(2, 7), 5, -1]
    assert pairwise_sums(xf) == pairwise_sums(reflected_set(xf))
    a8, b8 = doubled_example(x, y, 100)
    assert sorted(a8) != sorted(b8) and pairwise_sums(a8) == pairwise_sums(b8)


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


# ---------------------------------------------------------------- recovery

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


def test_bad_arguments():
    Y = midpoints_of(np.random.default_rng(9).standard_normal((5, 2)))
    with pytest.raises(ValueError, match="rtol"):
        recover_points(Y, rtol=0)
    with pytest.raises(ValueError, match="max_directions"):
        recover_points(Y, max_directions=0)
    with pytest.raises(ValueError, match="m must be"):
        lemma_c2_search(2)
    with pytest.raises(ValueError, match="exactly 4"):
        reflected_set([1, 2, 3])


def test_least_squares_without_some_rows_matches_dense_solve():
    from mixup_nb_utils.midpoints import _solve_without_rows

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
    from mixup_nb_utils.midpoints import _assign_pairs

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


def test_conflict_distances_brute_force():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(9, 3))
    y = rng.integers(0, 3, size=9)
    got = mp.conflict_distances(X, y)
    for a in range(9):
        best = np.inf
        for i in range(9):
            for j in range(i + 1, 9):
                if y[i] != y[a] and y[j] != y[a]:
                    best = min(best, np.linalg.norm((X[i] + X[j]) / 2 - X[a]))
        assert got[a] == pytest.approx(best)
    # the alternating line: point 1 is the midpoint of 0 and 2, whose class differs from its own
    Xl, yl = alternating_line(3)
    assert mp.conflict_distances(Xl, yl)[1] == 0.0


def test_training_on_midpoints_fails_on_the_alternating_line():
    X, y = alternating_line(3)
    run = mp.train_on_midpoints(X, y, seeds=[0, 1], epochs=1500)
    assert np.all(run.erm_errors == 0)
    # the midpoint of 0 and 2 is point 1 with class 1's label: point 1 goes to class 1
    assert np.all(run.midpoint_probs[:, 1, 0] > 0.9) and np.all(run.midpoint_errors > 0.3)
    with pytest.raises(ValueError, match="at least 2"):
        mp.train_on_midpoints(X[:1], y[:1], seeds=[0], epochs=10)
