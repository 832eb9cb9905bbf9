"""The Mixup-optimal classifier h_ε of Lemma 2.3 (paper §2.2, equation 1).

For a query x, Lemma 2.3 gives

    h^i_ε(x) = [ξ^{i,i} + Σ_{j≠i} (ξ^{i,j}_λ + ξ^{j,i} - ξ^{j,i}_λ)] / Σ_q [same for q],

with all ξ taken at (x, ε). Since ξ^{i,i} = ξ^{i,i}_λ + (ξ^{i,i} - ξ^{i,i}_λ), the numerator is the
row sum of ξ_λ plus the column sum of ξ - ξ_λ, and the denominator is the total mass Σ_{j,q} ξ^{j,q}.

This first version evaluates one query at a time through :func:`geometry.xi_terms`.
"""

from __future__ import annotations

import numpy as np

from .geometry import xi_terms
from .mixing import BetaMixing
from .validation import check_points


def lemma_2_3(xi: np.ndarray, xi_lam: np.ndarray) -> np.ndarray:
    """h_ε(x) from the (k, k) matrices ξ^{i,j}_{x,ε} and ξ^{i,j}_{x,ε,λ} (NaN when ξ is all zero)."""
    xi = np.asarray(xi, dtype=float)
    xi_lam = np.asarray(xi_lam, dtype=float)
    if xi.shape != xi_lam.shape or xi.ndim != 2 or xi.shape[0] != xi.shape[1]:
        raise ValueError(f"xi and xi_lam must be square matrices of the same shape, got {xi.shape} and {xi_lam.shape}.")
    total = xi.sum()
    if total <= 0:
        return np.full(xi.shape[0], np.nan)
    return (xi_lam.sum(axis=1) + (xi - xi_lam).sum(axis=0)) / total


def mixup_optimal(X, y, queries, eps: float, alpha: float, beta: float | None = None,
                  num_classes: int | None = None) -> np.ndarray:
    """h_ε at each query for P_f = Beta(alpha, beta) (beta=None: Beta(alpha, alpha)), shape (q, k).

    A query that no segment reaches at this ε (outside X_mix) gets a row of NaN.
    """
    X = check_points(X)
    Q = np.asarray(queries, dtype=float)
    Q = Q[:, None] if Q.ndim == 1 else Q
    if Q.ndim != 2 or Q.shape[1] != X.shape[1]:
        raise ValueError(f"queries must have shape (q, {X.shape[1]}) to match X, got {np.shape(queries)}.")
    dist = BetaMixing(alpha, beta)
    rows = []
    for q in Q:
        xi, xi_lam = xi_terms(X, y, q, eps, dist, num_classes=num_classes)
        rows.append(lemma_2_3(xi, xi_lam))
    return np.array(rows)
