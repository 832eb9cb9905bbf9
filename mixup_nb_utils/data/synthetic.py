"""The paper's synthetic datasets (labels are 0-based: the paper's class 1 is label 0)."""

from __future__ import annotations

import numpy as np


def alternating_line(m: int, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """X_m^k (paper Definition 2.6 and App. D.1): the points 0, 1, ..., m-1 on a line, label = index mod k.

    Returns X of shape (m, 1) and y of shape (m,). X_3^2 is {0, 1, 2} with labels {0, 1, 0}.
    """
    if int(m) < 1 or int(k) < 1:
        raise ValueError(f"alternating_line needs m >= 1 points and k >= 1 classes, got m={m}, k={k}.")
    idx = np.arange(int(m))
    return idx.astype(float)[:, None], (idx % int(k)).astype(np.int64)


def cross_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The dataset of Proposition 2.5: X_1 = {(0, 1), (0, -1)} (label 0), X_2 = {(1, 0), (-1, 0)} (label 1)."""
    X = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 0.0], [-1.0, 0.0]])
    return X, np.array([0, 0, 1, 1])


def two_moons(seed: int, separation: float = 0.5, n: int = 300, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """The separated two moons of Pezeshki et al. (2020) used in the paper's §3.1 and App. F (Figures 3, 10-14).

    Built from scikit-learn's ``make_moons(n, noise=noise, random_state=seed)`` (label 0: the upper
    moon, label 1: the lower moon) in five steps:

    1. shift label 0 by (-0.5, +0.3) and label 1 by (-0.5, -0.3), which pulls the moons apart vertically;
    2. centre the second coordinate (subtract its mean over all points);
    3. reflect the second coordinate (x_2 → -x_2), so label 0 lies below 0 and label 1 above it;
    4. shift the second coordinate by -δ for label 0 and +δ for label 1 (δ = ``separation``);
    5. swap the two columns: the classes are then separated along the first coordinate.

    Properties (checked in tests/data/test_synthetic.py): n points, n/2 per class; the second coordinate
    is the make_moons first coordinate minus 0.5; changing δ moves label 0 by -Δδ and label 1 by
    +Δδ along the first coordinate only; for δ = 0.5 and seeds 0-9 every label-0 point has x_1 < 0
    and every label-1 point x_1 > 0. Deterministic in ``seed``.
    The sign convention of step 1 is the one under which step 3 can put the classes on opposite
    sides (the moons' vertical ranges are then disjoint up to the noise).
    """
    from sklearn.datasets import make_moons

    sep = float(separation)
    if not np.isfinite(sep) or sep < 0:
        raise ValueError(f"separation must be a finite number >= 0, got {separation}.")
    if int(n) < 2:
        raise ValueError(f"two_moons needs n >= 2 points, got n={n}.")
    X, y = make_moons(int(n), noise=float(noise), random_state=int(seed))
    sign = np.where(y == 0, 1.0, -1.0)                       # +1 for label 0, -1 for label 1
    X = X + np.stack([np.full(len(X), -0.5), 0.3 * sign], axis=1)
    X[:, 1] -= X[:, 1].mean()
    X[:, 1] = -X[:, 1]
    X[:, 1] -= sep * sign
    return X[:, ::-1].copy(), y.astype(np.int64)
