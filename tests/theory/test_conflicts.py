"""Exact conflict distances (midpoint and segment) and the sampled Table 2 procedure, against brute force."""

import numpy as np
import pytest
import torch

from mixup_nb_utils.theory.conflicts import conflict_distances
from mixup_nb_utils.theory.sampled_conflicts import (MixupEpoch, mixup_point_distances, sample_mixup_epoch,
                                                     sampled_conflict_distances, subsample_indices, table2_estimate)


def _brute(X, y, Q, qy, mode, grid=None):
    """Explicit loop over all ordered pairs (u, v) with both labels ≠ the query's (u = v included)."""
    out = []
    for x, c in zip(Q, qy):
        best = np.inf
        for a in np.flatnonzero(y != c):
            for b in np.flatnonzero(y != c):
                u, v = X[a], X[b]
                if mode == "midpoint":
                    best = min(best, np.linalg.norm(x - (u + v) / 2))
                    continue
                d = u - v
                lam = 1.0 if d @ d == 0 else np.clip((x - v) @ d / (d @ d), 0, 1)     # analytic minimiser
                best = min(best, np.linalg.norm(x - lam * u - (1 - lam) * v))
                if grid is not None:                                                 # never below the minimiser
                    dense = np.linalg.norm(x - grid[:, None] * u - (1 - grid[:, None]) * v, axis=1).min()
                    assert dense >= np.linalg.norm(x - lam * u - (1 - lam) * v) - 1e-12
        out.append(best)
    return np.array(out)


def _check_witness(res, X, y, Q):
    """The reported pair and λ reproduce the distance, have admissible labels, and u ≤ v."""
    z = res.lam[:, None] * X[res.u] + (1 - res.lam[:, None]) * X[res.v]
    np.testing.assert_allclose(np.linalg.norm(Q - z, axis=1), res.distance, rtol=0, atol=1e-12)
    assert np.all(y[res.u] != res.query_labels) and np.all(y[res.v] != res.query_labels)
    assert np.all(res.u <= res.v) and np.all((res.lam >= 0) & (res.lam <= 1))


@pytest.mark.parametrize("n", [1, 2, 10])
@pytest.mark.parametrize("mode", ["midpoint", "segment"])
def test_exact_distances_match_brute_force(n, mode):
    rng = np.random.default_rng(n)
    X = rng.normal(size=(24, n))
    y = rng.integers(0, 3, 24)
    X[5] = X[2]                                      # duplicated points (one with another label)
    y[5] = (y[2] + 1) % 3
    X[9] = X[8]
    Q = np.vstack([rng.normal(size=(9, n)), X[:3]])
    qy = np.concatenate([rng.integers(0, 3, 9), y[:3]])
    grid = np.linspace(0, 1, 401) if n == 2 else None
    res = conflict_distances(X, y, Q, qy, mode, device="cpu")
    np.testing.assert_allclose(res.distance, _brute(X, y, Q, qy, mode, grid), rtol=0, atol=1e-12)
    _check_witness(res, X, y, Q)
    assert res.minimum == pytest.approx(res.distance.min()) and res.mean == pytest.approx(res.distance.mean())
    own = conflict_distances(X, y, lam=mode, device="cpu")          # default queries: X with its labels
    np.testing.assert_allclose(own.distance, _brute(X, y, X, y, mode), rtol=0, atol=1e-12)
    for c in range(3):
        assert own.class_minimum[c] == pytest.approx(own.distance[y == c].min())


def test_distinct_pair_midpoints_match_brute_force_and_find_the_alternating_line_conflict():
    from mixup_nb_utils.data.synthetic import alternating_line

    rng = np.random.default_rng(7)
    X = rng.normal(size=(9, 3))
    y = rng.integers(0, 3, size=9)
    got = conflict_distances(X, y, lam="midpoint", pairs="distinct", device="cpu").distance
    for a in range(9):
        best = np.inf
        for i in range(9):
            for j in range(i + 1, 9):
                if y[i] != y[a] and y[j] != y[a]:
                    best = min(best, np.linalg.norm((X[i] + X[j]) / 2 - X[a]))
        assert got[a] == pytest.approx(best, abs=1e-12)
    # the alternating line: point 1 is the midpoint of 0 and 2, whose class differs from its own
    Xl, yl = alternating_line(3)
    assert conflict_distances(Xl, yl, lam="midpoint", pairs="distinct", device="cpu").distance[1] == 0.0


def test_segment_is_never_farther_than_midpoint_and_small_tiles_agree():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(40, 5)), rng.integers(0, 4, 40)
    mid = conflict_distances(X, y, lam="midpoint", device="cpu")
    seg = conflict_distances(X, y, lam="segment", device="cpu")
    assert np.all(seg.distance <= mid.distance + 1e-12)
    assert np.any(seg.distance < mid.distance - 1e-3)
    tiny = conflict_distances(X, y, lam="segment", device="cpu", max_elements=7)   # one pair row per tile
    np.testing.assert_array_equal(tiny.distance, seg.distance)


def test_self_pairs_count_and_the_nearest_conflict_can_be_a_midpoint():
    # class 1 has a single point: the only conflicting "mixed point" of a class-0 query is that point (u = v)
    X = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 4.0]])
    y = np.array([0, 0, 1])
    for mode in ("midpoint", "segment"):
        res = conflict_distances(X, y, X[:2], y[:2], lam=mode, device="cpu")
        np.testing.assert_allclose(res.distance, [5.0, np.hypot(2, 4)])
        assert np.all(res.u == 2) and np.all(res.v == 2)
    # two points of class 1 on either side of the query: the midpoint (distance 0) beats both points
    X = np.array([[0.0, 0.0], [-1.0, 0.1], [1.0, -0.1]])
    y = np.array([0, 1, 1])
    res = conflict_distances(X, y, lam="midpoint", device="cpu")
    assert res.distance[0] == pytest.approx(0.0, abs=1e-15) and (res.u[0], res.v[0]) == (1, 2)


def test_exact_under_a_large_common_offset_where_float32_gram_fails():
    rng = np.random.default_rng(4)
    X, y = rng.uniform(0, 1, size=(30, 8)), rng.integers(0, 3, 30)
    Q, qy = rng.uniform(0, 1, size=(10, 8)), rng.integers(0, 3, 10)
    offset = 1e5
    for mode in ("midpoint", "segment"):
        ref = _brute(X, y, Q, qy, mode)
        res = conflict_distances(X + offset, y, Q + offset, qy, mode, device="cpu")
        np.testing.assert_allclose(res.distance, ref, rtol=0, atol=1e-9)
    # the naive float32 Gram form of the same midpoint distances is off by far more than 1e-9
    Xs, Qs = (X + offset).astype(np.float32), (Q + offset).astype(np.float32)
    u, v, x = Xs[0], Xs[1], Qs[0]
    naive = (4 * x @ x + u @ u + v @ v + 2 * u @ v - 4 * x @ u - 4 * x @ v) / 4
    assert abs(float(naive) - np.linalg.norm(Q[0] - (X[0] + X[1]) / 2) ** 2) > 1e-2


def test_bad_input_is_rejected_with_a_fix():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    X[1] = 1
    cases = [
        (dict(X=X, y=y[:3]), "3 labels but there are 4 points"),
        (dict(X=X, y=np.array([0, -1, 0, 1])), "negative label"),
        (dict(X=X, y=np.array([0, 0.5, 0, 1])), "integer"),
        (dict(X=np.where(X == 1, np.nan, X), y=y), "NaN or infinite"),
        (dict(X=X, y=y, queries=np.zeros((2, 3)), query_labels=[0, 1]), r"shape \(q, 2\)"),
        (dict(X=X, y=y, queries=np.array([[0.0, np.inf]]), query_labels=[0]), "NaN or infinite"),
        (dict(X=X, y=y, queries=np.zeros((1, 2)), query_labels=[2]), "label 2"),
        (dict(X=X, y=y, queries=np.zeros((1, 2))), "without query_labels"),
        (dict(X=X, y=y, query_labels=[0]), "without queries"),
        (dict(X=X, y=np.zeros(4, dtype=int)), "at least two classes"),
        (dict(X=X, y=y, lam="linear"), "lam must be one of"),
        (dict(X=X, y=y, lam=0.3), "lam must be one of"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValueError, match=message):
            conflict_distances(**kwargs)
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            conflict_distances(X, y, device="cuda")


# ------------------------------------------------------------------ the sampled procedure (Table 2)

def test_epoch_sampling_follows_the_protocol_and_is_seeded():
    rng = np.random.default_rng(0)
    ep = sample_mixup_epoch(300, 8.0, 128, rng)
    assert np.array_equal(np.sort(ep.first), np.arange(300))
    assert ep.second.min() >= 0 and ep.second.max() < 300 and len(np.unique(ep.second)) < 300   # with replacement
    for b in range(3):                                              # one λ per batch of 128 consecutive points
        assert len(np.unique(ep.lam[128 * b:128 * (b + 1)])) == 1
    assert len(np.unique(ep.lam)) == 3 and np.all((ep.lam > 0) & (ep.lam < 1))
    again = sample_mixup_epoch(300, 8.0, 128, np.random.default_rng(0))
    assert np.array_equal(again.second, ep.second) and np.array_equal(again.lam, ep.lam)
    with pytest.raises(ValueError, match="batch_size"):
        sample_mixup_epoch(10, 1.0, 0, rng)
    with pytest.raises(ValueError, match="Generator"):
        sample_mixup_epoch(10, 1.0, 4, 0)
    with pytest.raises(ValueError, match="rng"):
        sampled_conflict_distances(np.zeros((3, 1)), [0, 1, 1], np.zeros((1, 1)), [0])


def test_sampled_statistics_on_a_tiny_case_by_hand():
    X = np.array([[0.0], [1.0], [3.0], [10.0]])
    y = np.array([0, 1, 1, 2])
    # mixed points: 0.5*1 + 0.5*3 = 2 (labels 1, 1); 0.25*0 + 0.75*10 = 7.5 (0, 2);
    #               1*3 = 3 (1, 1, λ = 1); 0.5*10 + 0.5*1 = 5.5 (2, 1)
    ep = MixupEpoch(first=np.array([1, 0, 2, 3]), second=np.array([2, 3, 1, 1]),
                    lam=np.array([0.5, 0.25, 1.0, 0.5]), batch_size=2)
    Q = np.array([[2.5], [4.0], [0.0]])
    qy = np.array([0, 2, 1])
    res = mixup_point_distances(X, y, ep, Q, qy, device="cpu")
    # query 2.5 (label 0): admissible 2, 3, 5.5 -> 0.5; query 4 (label 2): admissible 2, 3 -> 1;
    # query 0 (label 1): admissible 7.5 -> 7.5
    np.testing.assert_allclose(res.distance, [0.5, 1.0, 7.5])
    assert list(res.mixup_index) == [0, 2, 1]
    assert res.minimum == 0.5 and res.mean == pytest.approx(9.0 / 3)
    none = mixup_point_distances(X, y, MixupEpoch(np.array([1]), np.array([0]), np.array([0.5]), 1),
                                 Q[:1], [0], device="cpu")
    assert np.isinf(none.distance[0]) and none.mixup_index[0] == -1          # no admissible Mixup point


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sampled_distance_is_at_least_the_exact_one(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(60, 6)), rng.integers(0, 3, 60)
    Q, qy = rng.normal(size=(25, 6)), rng.integers(0, 3, 25)
    seg = conflict_distances(X, y, Q, qy, "segment", device="cpu")
    mid = conflict_distances(X, y, Q, qy, "midpoint", device="cpu")
    res = sampled_conflict_distances(X, y, Q, qy, alpha=1.0, batch_size=8, rng=rng, device="cpu")
    assert np.all(res.distance >= seg.distance - 1e-12)
    ep = res.epoch
    k = res.mixup_index
    z = ep.lam[k, None] * X[ep.first[k]] + (1 - ep.lam[k, None]) * X[ep.second[k]]
    np.testing.assert_allclose(np.linalg.norm(Q - z, axis=1), res.distance, atol=1e-12)
    assert np.all(y[ep.first[k]] != qy) and np.all(y[ep.second[k]] != qy)
    half = MixupEpoch(ep.first, ep.second, np.full(len(X), 0.5), ep.batch_size)      # λ = 1/2: midpoint mode
    res_half = mixup_point_distances(X, y, half, Q, qy, device="cpu")
    assert np.all(res_half.distance >= mid.distance - 1e-12)
    every = np.repeat(np.arange(60), 60), np.tile(np.arange(60), 60)                  # all pairs, λ = 1/2
    full = mixup_point_distances(X, y, MixupEpoch(*every, np.full(3600, 0.5), 1), Q, qy, device="cpu")
    np.testing.assert_allclose(full.distance, mid.distance, atol=1e-12)


def test_table2_estimate_subsamples_and_accepts_images():
    rng = np.random.default_rng(5)
    Xtr, ytr = rng.normal(size=(200, 1, 4, 4)), rng.integers(0, 3, 200)
    Xte, yte = rng.normal(size=(100, 1, 4, 4)), rng.integers(0, 3, 100)
    est = table2_estimate(Xtr, ytr, Xte, yte, fraction=0.2, alpha=1024, batch_size=16, seed=3, device="cpu")
    assert len(est.train_indices) == 40 and len(est.test_indices) == 20
    assert len(est.train.distance) == 40 and len(est.test.distance) == 20
    assert est.train.minimum == est.train.distance.min()
    again = table2_estimate(Xtr, ytr, Xte, yte, fraction=0.2, alpha=1024, batch_size=16, seed=3, device="cpu")
    assert np.array_equal(again.test.distance, est.test.distance)
    exact = conflict_distances(Xtr[est.train_indices].reshape(40, -1), ytr[est.train_indices], lam="segment",
                               device="cpu")
    assert np.all(est.train.distance >= exact.distance - 1e-12)
    idx = subsample_indices(50, 0.2, np.random.default_rng(0))
    assert len(idx) == 10 and np.all(np.diff(idx) > 0)
