"""Grid margins against brute force."""

import numpy as np
import pytest

from mixup_nb_utils.data.grids import grid_points
from mixup_nb_utils.theory.margins import boundary_crossings, boundary_spread, grid_margins, half_distances


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
    Q, shape, extent = grid_points((-2.0, 2.0), (-2.0, 2.0), 101)
    vertical = (Q[:, 0] > 0.3).astype(float)
    assert boundary_spread(vertical, shape, extent) < 1e-12
    np.testing.assert_allclose(boundary_crossings(vertical, shape, extent), 0.3, atol=1e-12)  # interpolated
    # boundary x_1 = x_2 / 2: crossings over |x_2| <= 1.5 are uniform on [-0.75, 0.75] (up to the grid)
    tilted = (Q[:, 0] > Q[:, 1] / 2).astype(float)
    assert abs(boundary_spread(tilted, shape, extent) - 1.5 / np.sqrt(12)) < 0.02
    assert np.isnan(boundary_spread(np.zeros(len(Q)), shape, extent))


def test_boundary_spread_of_a_step_boundary_is_known_exactly():
    Q, shape, extent = grid_points((-2.0, 2.0), (-2.0, 2.0), 101)
    at = np.where(Q[:, 1] < 0, -0.5, 0.5)                   # boundary at x_1 = -0.5 below the axis, +0.5 above
    step = (Q[:, 0] > at).astype(float)
    ys = np.linspace(-2, 2, 101)
    rows = ys[np.abs(ys) <= 1.5]
    expected = np.std(np.where(rows < 0, -0.5, 0.5))         # 37 rows at -0.5, 38 at +0.5
    assert abs(boundary_spread(step, shape, extent) - expected) < 1e-12
    assert 0.49 < expected < 0.5


def test_undefined_values_are_never_crossings():
    """NaN (e.g. h_ε outside X_mix) interrupts a row: its edge is no crossing, whatever fills it."""
    Q, shape, extent = grid_points((-2.0, 2.0), (-2.0, 2.0), 101)
    vertical = (Q[:, 0] > 0.3).astype(float)
    undefined = Q[:, 0] < -1.0 + 0.5 * Q[:, 1]              # a tilted undefined region left of the boundary
    m = np.where(undefined, np.nan, vertical)
    assert boundary_spread(m, shape, extent) < 1e-12
    # the old measure (NaN read as 1/2, a 1/2 counted as a crossing) gives the spread of the region's edge
    old = np.nan_to_num(m, nan=0.5).reshape(shape)
    xs = np.linspace(-2, 2, 101)
    ys = np.linspace(-2, 2, 101)
    first = [xs[np.flatnonzero(np.diff(np.sign(old[r] - 0.5)) != 0)[0]] for r in np.flatnonzero(np.abs(ys) <= 1.5)]
    assert np.std(first) > 0.3
    # an undefined gap around the boundary in the upper rows: those rows have no crossing
    gap = np.where((Q[:, 1] > 0) & (np.abs(Q[:, 0] - 0.3) < 0.1), np.nan, vertical)
    pos = boundary_crossings(gap, shape, extent)
    rows = ys[np.abs(ys) <= 1.5]
    assert np.all(np.isnan(pos[rows > 0])) and np.allclose(pos[rows <= 0], 0.3)
    assert np.isnan(boundary_spread(np.full(len(Q), np.nan), shape, extent))


def test_values_on_one_half_lie_between_the_two_sides():
    shape, extent = (1, 5), (0.0, 4.0, 0.0, 0.0)
    row = np.array([0.2, 0.5, 0.5, 0.8, 0.9])               # a tie run between opposite sides
    np.testing.assert_allclose(boundary_crossings(row, shape, extent, rows_within=1.0), [1.5])
    assert np.isnan(boundary_crossings(np.array([0.2, 0.5, 0.5, 0.4, 0.1]), shape, extent, 1.0)[0])
    assert np.isnan(boundary_crossings(np.array([0.2, np.nan, 0.8, 0.9, 0.9]), shape, extent, 1.0)[0])
    with pytest.raises(ValueError, match="grid shape"):
        boundary_crossings(row[:4], shape, extent)
