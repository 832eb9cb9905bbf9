"""Query points: regular grids over a rectangle and points spread along the segments of X_mix.

They are where the chapters evaluate classifiers (the exact h_ε, trained networks, margins).
"""

from __future__ import annotations

import numpy as np


def grid_points(xlim: tuple[float, float], ylim: tuple[float, float], size: int) -> tuple[np.ndarray, tuple, tuple]:
    """A size×size grid over xlim × ylim: the points (size², 2), the image shape, the imshow extent."""
    if int(size) < 2:
        raise ValueError(f"a grid needs at least 2 points per axis, got size={size}.")
    gx = np.linspace(xlim[0], xlim[1], int(size))
    gy = np.linspace(ylim[0], ylim[1], int(size))
    Q = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
    return Q, (int(size), int(size)), (xlim[0], xlim[1], ylim[0], ylim[1])


def segment_samples(X, per_segment: int = 101) -> np.ndarray:
    """Points spread evenly along every segment between two data points (X_mix of a finite dataset)."""
    X = np.asarray(X, dtype=float)
    a, b = np.triu_indices(len(X), 1)
    lam = np.linspace(0.0, 1.0, int(per_segment))[None, :, None]
    return (lam * X[a][:, None, :] + (1.0 - lam) * X[b][:, None, :]).reshape(-1, X.shape[1])
