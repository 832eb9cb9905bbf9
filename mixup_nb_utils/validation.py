"""Input checks shared by the package. Each raises ``ValueError`` naming the problem and the fix."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def check_positive(value: Any, name: str) -> float:
    """Return ``value`` as a float after checking that it is a finite number > 0."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}.") from None
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}; "
                         f"Beta(a, b) and radii are only defined for positive parameters.")
    return v


def check_finite(array: Any, name: str) -> np.ndarray:
    """Return ``array`` as a float numpy array after checking it holds no NaN or infinity."""
    a = np.asarray(_to_numpy(array), dtype=float)
    if not np.all(np.isfinite(a)):
        bad = int(np.size(a) - np.count_nonzero(np.isfinite(a)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); clean or drop them first.")
    return a


def check_nonempty(array: np.ndarray, name: str) -> None:
    """Raise when ``array`` has no rows."""
    if np.ndim(array) == 0 or len(array) == 0:
        raise ValueError(f"{name} is empty; the Mixup loss needs at least one data point.")


def check_points(X: Any, name: str = "X") -> np.ndarray:
    """Return data points as a float array of shape (m, n); a 1-D array is read as m points on a line."""
    a = check_finite(X, name)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2:
        raise ValueError(f"{name} must have shape (m,) or (m, n), got shape {a.shape}.")
    check_nonempty(a, name)
    return a


def check_labels(y: Any, m: int, num_classes: int | None = None, name: str = "y") -> tuple[np.ndarray, int]:
    """Return integer labels of length ``m`` and the number of classes, after range checks."""
    a = np.asarray(_to_numpy(y))
    if a.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integer class labels, got shape {a.shape}.")
    if len(a) != m:
        raise ValueError(f"{name} has {len(a)} labels but there are {m} points; give one label per point.")
    if a.size and not np.issubdtype(a.dtype, np.integer):
        if not np.all(np.isfinite(a.astype(float))) or np.any(a != np.round(a)):
            raise ValueError(f"{name} must hold integer class labels 0..k-1, got non-integer values.")
        a = a.astype(np.int64)
    a = a.astype(np.int64)
    if a.size and a.min() < 0:
        raise ValueError(f"{name} holds a negative label ({a.min()}); labels must be 0..k-1.")
    k = int(a.max()) + 1 if a.size else 0
    if num_classes is not None:
        if int(num_classes) < 1:
            raise ValueError(f"num_classes must be >= 1, got {num_classes}.")
        if k > int(num_classes):
            raise ValueError(f"{name} holds label {k - 1} but num_classes={num_classes}; "
                             f"labels must be 0..num_classes-1.")
        k = int(num_classes)
    return a, k


def _to_numpy(x: Any) -> Any:
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        return x.detach().cpu().numpy()
    return x
