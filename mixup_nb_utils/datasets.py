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
