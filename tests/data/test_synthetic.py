"""Tests of mixup_nb_utils.data.synthetic: the alternating line, the cross, the two moons."""

import numpy as np
import pytest

from mixup_nb_utils.data.synthetic import alternating_line, cross_dataset


def test_datasets():
    X, y = alternating_line(3)
    assert X[:, 0].tolist() == [0.0, 1.0, 2.0] and y.tolist() == [0, 1, 0]
    X, y = alternating_line(10, 10)
    assert y.tolist() == list(range(10))
    Xc, yc = cross_dataset()
    assert Xc.shape == (4, 2) and yc.tolist() == [0, 0, 1, 1]
    with pytest.raises(ValueError):
        alternating_line(0)


def test_two_moons_construction_sides_shift_and_determinism():
    from sklearn.datasets import make_moons

    from mixup_nb_utils.data.synthetic import two_moons

    for seed in range(10):
        X, y = two_moons(seed, 0.5)
        assert X.shape == (300, 2) and np.bincount(y).tolist() == [150, 150]
        assert X[y == 0, 0].max() < 0 < X[y == 1, 0].min()            # classes on opposite sides
        assert np.abs(X).max() < 2.0                                   # inside the [-2, 2]² maps
        raw, raw_y = make_moons(300, noise=0.1, random_state=seed)
        np.testing.assert_array_equal(y, raw_y)
        np.testing.assert_allclose(X[:, 1], raw[:, 0] - 0.5)           # second column: shifted make_moons x
        # the first column: the reflected, centred make_moons y after the per-class ±0.3 shift, then ∓δ
        shifted = raw[:, 1] + np.where(raw_y == 0, 0.3, -0.3)
        expect = -(shifted - shifted.mean()) + np.where(raw_y == 0, -0.5, 0.5)
        np.testing.assert_allclose(X[:, 0], expect)
    X1, _ = two_moons(3, 0.1)
    X5, y5 = two_moons(3, 0.5)
    np.testing.assert_allclose(X5[:, 0] - X1[:, 0], np.where(y5 == 0, -0.4, 0.4))   # δ moves the classes apart
    np.testing.assert_allclose(X5[:, 1], X1[:, 1])
    np.testing.assert_array_equal(two_moons(3, 0.5)[0], X5)            # deterministic in the seed
    assert not np.allclose(two_moons(4, 0.5)[0], X5)


def test_two_moons_rejects_bad_input():
    from mixup_nb_utils.data.synthetic import two_moons

    with pytest.raises(ValueError, match="separation"):
        two_moons(0, -0.1)
    with pytest.raises(ValueError, match="separation"):
        two_moons(0, float("nan"))
    with pytest.raises(ValueError, match="n >= 2"):
        two_moons(0, 0.5, n=1)
