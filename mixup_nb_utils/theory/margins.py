"""Margins of classifiers drawn on a grid (paper §3.1: "the distance one can move from a class support X_i
while still being classified as class i").

For a training point x of class i and a classifier g known at grid points q_1, …, q_G, the *grid
margin* of x is

    m_g(x) = min { |q - x| : q a grid point with g(q) ≠ i }   (grid points where g is undefined are skipped),

the distance from x to the nearest grid point given another class: the distance from x to the decision
boundary, up to the grid spacing. The reference is the *half-distance* r(x) = d(x, X_{≠i}) / 2, the
distance scale of Theorem 3.2 (on the segment from x to its nearest point z of another class, the
points within |x - z| / 2 of x are the ones closer to x). The 1-nearest-neighbour rule has margin at
least r(x) at every x (a point q with |q - x| < r(x) is closer to x than to any point of another
class), and no classifier correct on x and z has margins at x and z summing to more than |x - z|
(up to the grid spacing). For *mutual* nearest neighbours (z is x's nearest point of the other class
and x is z's), r(x) = r(z) = |x - z| / 2, so their two ratios m/r sum to at most 2 (up to the grid);
for other points the ratios are not tied to each other.

The shape of a boundary (paper §3.1: ERM "differentiates the two classes essentially based on the
x-coordinate alone", Mixup's boundaries are "highly nonlinear") is measured by
:func:`boundary_crossings` (where each grid row crosses 1/2, only between defined values) and
:func:`boundary_spread` (their standard deviation: 0 for a vertical line).
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from ..validation import check_labels, check_points


def grid_margins(X, y, queries, predicted) -> np.ndarray:
    """m_g(x) for every training point (shape (m,)): distance to the nearest query with another predicted class.

    ``predicted``: the class at each query (q,), negative where the classifier is undefined (skipped).
    A point with no query of another class gets +inf.
    """
    X = check_points(X)
    y, _ = check_labels(y, len(X))
    Q = check_points(queries, "queries")
    pred = np.asarray(predicted)
    if pred.shape != (len(Q),):
        raise ValueError(f"predicted must have one class per query, shape ({len(Q)},), got {pred.shape}.")
    if Q.shape[1] != X.shape[1]:
        raise ValueError(f"queries have {Q.shape[1]} coordinates but X has {X.shape[1]}.")
    out = np.full(len(X), np.inf)
    for c in np.unique(y):
        other = Q[(pred >= 0) & (pred != c)]
        if len(other):
            out[y == c] = cKDTree(other).query(X[y == c])[0]
    return out


def half_distances(X, y) -> np.ndarray:
    """r(x) = d(x, X_{≠ y(x)}) / 2 for every training point (shape (m,)); a lower bound on the 1-NN margin."""
    X = check_points(X)
    y, _ = check_labels(y, len(X))
    out = np.full(len(X), np.inf)
    for c in np.unique(y):
        if np.any(y != c):
            out[y == c] = cKDTree(X[y != c]).query(X[y == c])[0] / 2.0
    return out


def boundary_crossings(frac, shape: tuple[int, int], extent: tuple[float, float, float, float],
                       rows_within: float = 1.5) -> np.ndarray:
    """Where each grid row's map first crosses 1/2 along x_1 (paper §3.1, Figure 3): one value per row.

    ``frac`` holds a map on a grid of ``shape`` = (rows along x_2, columns along x_1) over ``extent``
    = (x1_lo, x1_hi, x2_lo, x2_hi), e.g. the fraction of seeds predicting class 1, or h_ε^1 with NaN
    where it is undefined. In the rows with |x_2| ≤ ``rows_within``, a crossing lies between two
    defined columns j < j' on strictly opposite sides of 1/2 with only defined values equal to 1/2
    (or none) between them; its position is the linear interpolation
    x_j + (1/2 - v_j) / (v_j' - v_j) · (x_j' - x_j). A NaN interrupts a row, so the edge of the
    undefined region is never a crossing. Returns the x_1 of each row's first (smallest-x_1)
    crossing, NaN for a row without one; rows outside |x_2| ≤ ``rows_within`` are left out.
    """
    img = np.asarray(frac, dtype=float)
    if img.size != int(np.prod(shape)) or len(shape) != 2:
        raise ValueError(f"frac has {img.size} values but the grid shape {tuple(shape)} needs {int(np.prod(shape))}.")
    img = img.reshape(shape)
    if not (extent[1] > extent[0] and extent[3] >= extent[2]):
        raise ValueError(f"extent must be (x1_lo, x1_hi, x2_lo, x2_hi) with x1_lo < x1_hi and x2_lo <= x2_hi, got {tuple(extent)}.")
    xs = np.linspace(extent[0], extent[1], shape[1])
    ys = np.linspace(extent[2], extent[3], shape[0])
    out = []
    for r in np.flatnonzero(np.abs(ys) <= rows_within):
        v = img[r]
        side = np.sign(v - 0.5)                       # NaN where undefined, 0 exactly on 1/2
        cols = np.flatnonzero(np.isfinite(v) & (side != 0))
        pos = float("nan")
        for j, k in zip(cols[:-1], cols[1:]):         # consecutive off-1/2 defined columns
            if side[j] * side[k] < 0 and np.all(np.isfinite(v[j:k + 1])):
                pos = xs[j] + (0.5 - v[j]) / (v[k] - v[j]) * (xs[k] - xs[j])
                break
        out.append(pos)
    return np.array(out)


def boundary_spread(frac, shape: tuple[int, int], extent: tuple[float, float, float, float],
                    rows_within: float = 1.5) -> float:
    """How far a 2-D decision boundary is from a vertical line (paper §3.1, Figure 3).

    The standard deviation over grid rows of :func:`boundary_crossings` (the x_1 where each row first
    crosses 1/2 between two defined neighbours; rows without a crossing are left out): 0 for a
    vertical boundary, about (width of its x_1 range)/√12 for a straight tilted one; NaN when no
    row crosses.
    """
    pos = boundary_crossings(frac, shape, extent, rows_within)
    pos = pos[np.isfinite(pos)]
    return float(np.std(pos)) if len(pos) else float("nan")
