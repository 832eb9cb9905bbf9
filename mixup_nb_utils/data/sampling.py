"""Subsampling a dataset (uniformly, without replacement, from a seeded generator)."""

from __future__ import annotations

import numpy as np


def subsample(X, y, fraction: float, rng: np.random.Generator):
    """A uniformly random subset holding ``fraction`` of the points (at least one), without replacement."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}.")
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X has {n} rows but y has {len(y)} labels.")
    idx = np.sort(rng.choice(n, size=max(1, int(round(fraction * n))), replace=False))
    return X[idx], y[idx]
