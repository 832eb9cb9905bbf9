from fractions import Fraction
from math import comb, factorial

import numpy as np
import pytest
import sympy

from mixup_nb_utils.theory.midpoints import (claim2_sweep, doubled_example, exact_rank,
                                             incidence_rank_formula, lemma_c2_search, midpoints_of,
                                             mixup_matrix, pair_list, pairwise_sums, reflected_set,
                                             row_permutation_for, turan_margin)
from mixup_nb_utils.theory.recovery import recover_points


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


# ---------------------------------------------------------------- recovery


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


