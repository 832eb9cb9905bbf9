"""Grid margins against brute force."""

import numpy as np
import pytest

from mixup_nb_utils.data.grids import grid_points
from mixup_nb_utils.theory.margins import grid_margins, half_distances


def test_grid_margin_of_a_linear_rule_matches_brute_force_and_the_exact_distance():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(40, 2))
    y = (X[:, 0] + 0.3 * X[:, 1] > 0).astype(int)
    Q, _, _ = grid_points((-2, 2), (-2, 2), 161)
    pred = (Q[:, 0] + 0.3 * Q[:, 1] > 0).astype(int)
    pred[::7] = -1                                          # undefined queries are skipped
    got = grid_margins(X, y, Q, pred)
    keep = pred >= 0
    brute = np.array([np.min(np.linalg.norm(Q[keep & (pred != c)] - x, axis=1)) for x, c in zip(X, y)])
    np.testing.assert_allclose(got, brute)
    exact = np.abs(X[:, 0] + 0.3 * X[:, 1]) / np.hypot(1, 0.3)  # distance to the line
    assert np.all(got >= exact - 1e-12) and np.all(got <= exact + 2 * 4 / 160)


def test_half_distance_is_the_one_nearest_neighbour_margin():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    y = rng.integers(0, 2, 30)
    r = half_distances(X, y)
    brute = np.array([np.min(np.linalg.norm(X[y != c] - x, axis=1)) / 2 for x, c in zip(X, y)])
    np.testing.assert_allclose(r, brute)
    Q, _, _ = grid_points((-4, 4), (-4, 4), 201)
    d = np.linalg.norm(Q[:, None] - X[None], axis=2)
    nn = y[d.argmin(1)]
    m = grid_margins(X, y, Q, nn)
    assert np.all(m >= r - 1e-12)                           # 1-NN boundary is never closer than r(x)
    assert np.any(m > r + 0.05)                             # ... and only a lower bound in general
    X2 = np.array([[-0.5, 0.2], [0.7, -0.1]])                # two points: the bisector is the boundary
    y2 = np.array([0, 1])
    nn2 = y2[np.linalg.norm(Q[:, None] - X2[None], axis=2).argmin(1)]
    m2, r2 = grid_margins(X2, y2, Q, nn2), half_distances(X2, y2)
    assert np.all(m2 >= r2 - 1e-12) and np.all(m2 <= r2 + 8 / 200)


def test_grid_margins_reject_bad_input():
    X = np.zeros((3, 2)); y = np.array([0, 1, 0])
    with pytest.raises(ValueError, match="predicted"):
        grid_margins(X, y, np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="coordinates"):
        grid_margins(X, y, np.zeros((4, 3)), np.zeros(4))


def test_boundary_spread_of_straight_and_tilted_boundaries():
    from mixup_nb_utils.theory.margins import boundary_spread
    from mixup_nb_utils.data.grids import grid_points

    Q, shape, extent = grid_points((-2.0, 2.0), (-2.0, 2.0), 101)
    vertical = (Q[:, 0] > 0.3).astype(float)
    assert boundary_spread(vertical, shape, extent) < 1e-12
    # boundary x_1 = x_2 / 2: crossings over |x_2| <= 1.5 are uniform on [-0.75, 0.75] (up to the grid)
    tilted = (Q[:, 0] > Q[:, 1] / 2).astype(float)
    assert abs(boundary_spread(tilted, shape, extent) - 1.5 / np.sqrt(12)) < 0.02
    assert np.isnan(boundary_spread(np.zeros(len(Q)), shape, extent))
