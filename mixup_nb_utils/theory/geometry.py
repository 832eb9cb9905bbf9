"""Geometry of Mixup: where segments between data points meet a ball (paper §2.2).

For points s, t and a query x, the mixed point z_st(λ) = λ s + (1 - λ) t lies in the closed ball
B_ε(x) exactly when the quadratic

    |d|² λ² + 2 (d·r) λ + |r|² - ε² ≤ 0,      d = s - t,  r = t - x,

holds, so the admissible λ form one interval [λ_lo, λ_hi] ∩ [0, 1] (a line meets a ball in a
segment). The set A^{i,j}_{x,ε} of the paper is the union over s ∈ X_i, t ∈ X_j of {s}×{t}×that
interval, and for a finite dataset

    ξ^{i,j}_{x,ε}   = Σ_{s∈X_i, t∈X_j} w_s w_t P_f([λ_lo, λ_hi]),
    ξ^{i,j}_{x,ε,λ} = Σ_{s∈X_i, t∈X_j} w_s w_t ∫_{λ_lo}^{λ_hi} λ dP_f(λ).

Conflicts: :func:`collinear_triples` lists the violations of Assumption 2.9 (a point inside a segment
that carries another class) and :func:`assumption_3_1` checks Assumption 3.1 exactly; the distances
from points to the mixed points of other classes are :func:`conflicts.conflict_distances`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..mixup.mixing import MixingSpec, as_mixing
from ..validation import check_labels, check_points, check_positive


def segment_ball_interval(s, t, x, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """The λ-interval [lo, hi] ⊂ [0, 1] with λ s + (1 - λ) t ∈ B_ε(x), broadcast over leading axes.

    ``s``, ``t`` and ``x`` are arrays whose last axis is the coordinate. Where the segment misses
    the ball the interval is empty and returned as lo = hi = 0 (zero length, zero mass).

    Computed from the foot of the perpendicular rather than the quadratic's discriminant, which
    subtracts two numbers of size |d|²|r|² and loses every digit once ε ≈ 1e-8 · scale: with
    c = (x - t)·d / |d|² the closest λ and ρ the distance from x to the line, the interval is
    c ± √(ε² - ρ²) / |d|, accurate to about 1e-16 · scale / ε.
    """
    eps = check_positive(eps, "eps")
    s, t, x = (np.asarray(a, dtype=float) for a in (s, t, x))
    d = s - t
    r = x - t
    dd = np.sum(d * d, axis=-1)
    moving = dd > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(moving, np.sum(r * d, axis=-1) / np.where(moving, dd, 1.0), 0.0)
        e = r - c[..., None] * d
        gap = eps**2 - np.sum(e * e, axis=-1)
        half = np.where(moving, np.sqrt(np.maximum(gap, 0.0) / np.where(moving, dd, 1.0)), 0.0)
    lo = np.where(moving, np.clip(c - half, 0.0, 1.0), 0.0)
    hi = np.where(moving, np.clip(c + half, 0.0, 1.0), 1.0)
    hit = np.where(moving, (gap > 0) & (hi > lo), np.sum(r * r, axis=-1) <= eps**2)
    return np.where(hit, lo, 0.0), np.where(hit, hi, 0.0)


def pair_intervals(X, x, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """λ-intervals for every ordered pair (s, t) = (X[a], X[b]) of a dataset: two (m, m) arrays."""
    X = check_points(X)
    x = np.asarray(x, dtype=float).reshape(-1)
    if x.shape[0] != X.shape[1]:
        raise ValueError(f"the query has {x.shape[0]} coordinates but the points have {X.shape[1]}.")
    return segment_ball_interval(X[:, None, :], X[None, :, :], x, eps)


def xi_terms(X, y, x, eps: float, mixing: MixingSpec, weights=None,
             num_classes: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """ξ^{i,j}_{x,ε} and ξ^{i,j}_{x,ε,λ} for one query x as two (k, k) arrays (closed form, no sampling)."""
    X = check_points(X)
    m = len(X)
    y, k = check_labels(y, m, num_classes)
    w = np.full(m, 1.0 / m) if weights is None else np.asarray(weights, dtype=float)
    lo, hi = pair_intervals(X, x, eps)
    dist = as_mixing(mixing)
    ww = np.outer(w, w)
    onehot = np.eye(k)[y]
    xi = onehot.T @ (ww * dist.mass(lo, hi)) @ onehot
    xi_lam = onehot.T @ (ww * dist.first_moment(lo, hi)) @ onehot
    return xi, xi_lam


def collinear_triples(X, y, tol: float = 1e-9) -> list[tuple[int, int, int, float]]:
    """Violations of Assumption 2.9: (a, b, c, λ) with x_a = λ x_b + (1 - λ) x_c, 0 < λ < 1, y_c ≠ y_a.

    The assumption asks λ > 0; λ = 1 would mean x_a = x_b, which is always possible (take u = x),
    so the check reads the assumption with λ in the open interval (0, 1). ``tol`` bounds the
    distance of x_a from the line through x_b and x_c. O(m³) time: meant for small datasets.
    """
    X = check_points(X)
    m = len(X)
    y, _ = check_labels(y, m)
    out = []
    for c in range(m):
        u = X - X[c]                      # x_b - x_c for every b
        uu = np.sum(u * u, axis=1)
        for a in range(m):
            if y[a] == y[c]:
                continue
            v = X[a] - X[c]
            with np.errstate(divide="ignore", invalid="ignore"):
                lam = (u @ v) / uu
            resid = np.linalg.norm(v[None, :] - lam[:, None] * u, axis=1)
            ok = (uu > 0) & (lam > tol) & (lam < 1 - tol) & (resid <= tol * max(1.0, np.linalg.norm(v)))
            out.extend((a, int(b), c, float(lam[b])) for b in np.flatnonzero(ok))
    return out


@dataclass(frozen=True)
class Assumption31Check:
    """Assumption 3.1 at one point x for one class i, with the measures behind its three conditions.

    ``mass_low_lambda``: the measure of A^{i,j}_{x,ε,δ} summed over j ≠ i (pairs from class i to another
    class whose λ-interval reaches below 1 - δ); ``mass_other_classes``: the measure of A^{j,q}_{x,ε}
    summed over j, q ≠ i (pairs with no class-i end); ``xi_balanced``: ξ^{i,j}_{x,ε} ≥ ξ^{j,i}_{x,ε}
    for every j ≠ i. The assumption holds when both masses are zero and the ξ are balanced.
    """

    mass_low_lambda: float
    mass_other_classes: float
    xi_balanced: bool

    @property
    def holds(self) -> bool:
        return self.mass_low_lambda == 0.0 and self.mass_other_classes == 0.0 and self.xi_balanced


def assumption_3_1(X, y, x, cls: int, eps: float, delta: float, mixing: MixingSpec,
                   num_classes: int | None = None) -> Assumption31Check:
    """Check Assumption 3.1 (paper §3.1) for the point x and class i = ``cls`` at radius ε, exactly.

    The assumption asks, for all ε' ≤ ε, that A^{i,j}_{x,ε',δ} (λ ≤ 1 - δ on the class-i end) and
    A^{j,q}_{x,ε'} (no class-i end) have measure zero, and that ξ^{i,j}_{x,ε} ≥ ξ^{j,i}_{x,ε}.
    The sets shrink as ε' decreases (B_ε' ⊂ B_ε), so measure zero at ε implies it for every ε' ≤ ε:
    checking at ε is exact. Returns the three conditions and the measures behind them.
    """
    if not 0 < delta < 0.5:
        raise ValueError(f"Assumption 3.1 takes 0 < delta < 1/2, got {delta}.")
    X = check_points(X)
    m = len(X)
    y, k = check_labels(y, m, num_classes)
    if not 0 <= cls < k:
        raise ValueError(f"cls must be a class label in 0..{k - 1}, got {cls}.")
    dist = as_mixing(mixing)
    lo, hi = pair_intervals(X, x, eps)
    w = np.full((m, m), 1.0 / m**2)
    first_i = (y == cls)[:, None] & (y != cls)[None, :]           # s in X_i, t in X_j
    neither = (y != cls)[:, None] & (y != cls)[None, :]           # s, t outside X_i
    mass_low_lambda = float((w * dist.mass(lo, np.minimum(hi, 1.0 - delta)))[first_i].sum())
    mass_other = float((w * dist.mass(lo, hi))[neither].sum())
    xi, _ = xi_terms(X, y, x, eps, dist, num_classes=k)
    others = [j for j in range(k) if j != cls]
    balanced = all(xi[cls, j] >= xi[j, cls] - 1e-15 for j in others)
    return Assumption31Check(mass_low_lambda=mass_low_lambda, mass_other_classes=mass_other,
                             xi_balanced=bool(balanced))
