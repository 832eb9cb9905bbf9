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
class), and no classifier correct on x and z has margins at x and z summing to more than |x - z|.
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


def boundary_spread(frac, shape: tuple[int, int], extent: tuple[float, float, float, float],
                    rows_within: float = 1.5) -> float:
    """How far a 2-D decision boundary is from a vertical line (paper §3.1, Figure 3).

    ``frac`` holds a map on a grid of ``shape`` (rows along x_2) over ``extent`` = (x1_lo, x1_hi,
    x2_lo, x2_hi), e.g. the fraction of seeds predicting class 1. For each grid row with |x_2| ≤
    ``rows_within``, take the first x_1 where the map crosses 1/2; return the standard deviation of
    those positions (0 for a vertical boundary, NaN when no row crosses).
    """
    img = np.asarray(frac, dtype=float).reshape(shape)
    xs = np.linspace(extent[0], extent[1], shape[1])
    ys = np.linspace(extent[2], extent[3], shape[0])
    pos = []
    for r in np.flatnonzero(np.abs(ys) <= rows_within):
        cross = np.flatnonzero(np.diff(np.sign(img[r] - 0.5)) != 0)
        if len(cross):
            pos.append(xs[cross[0]])
    return float(np.std(pos)) if pos else float("nan")
