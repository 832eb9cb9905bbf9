"""The Mixup-optimal classifier h_ε of Lemma 2.3 (paper §2.2, equation 1) and its ε → 0 limit.

For a query x, Lemma 2.3 gives

    h^i_ε(x) = [ξ^{i,i} + Σ_{j≠i} (ξ^{i,j}_λ + ξ^{j,i} - ξ^{j,i}_λ)] / Σ_q [same for q],

with all ξ taken at (x, ε). Since ξ^{i,i} = ξ^{i,i}_λ + (ξ^{i,i} - ξ^{i,i}_λ), the numerator is the
row sum of ξ_λ plus the column sum of ξ - ξ_λ, and the denominator is the total mass Σ_{j,q} ξ^{j,q}.

The engine (:func:`xi_matrices`, :func:`mixup_optimal`) is exact for a finite dataset and
P_f = Beta(a, b). A pair (s, t) contributes w_s w_t P_f([lo, hi]) to ξ^{y_s,y_t} and
w_s w_t ∫_lo^hi λ dP_f to ξ^{y_s,y_t}_λ, where [lo, hi] is the λ-interval of
:func:`geometry.segment_ball_interval` (computed in a form that stays accurate for small ε). The reversed pair (t, s) has the interval [1 - hi, 1 - lo],
so every unordered pair's geometry is computed once. Both integrals are closed forms:

    P_f([l, h])     = I_h(a, b) - I_l(a, b)
    ∫_l^h λ dP_f    = a/(a+b) · P_f([l, h]) - [g(h) - g(l)] / (a + b),    g(x) = x^a (1-x)^b / B(a, b),

the second from I_x(a+1, b) = I_x(a, b) - x^a (1-x)^b / (a B(a, b)) (one incomplete Beta per
interval end instead of two: :meth:`BetaMixing.mass_and_moment`). A pair of coincident points (s = t, the "self" pairs) puts the whole
mass 1 and the mean a/(a+b) on its class pair when |s - x| ≤ ε.

What runs where: finding which (pair, query) combinations can meet (a conservative test of the
distance from each query to each segment, first for blocks of nearby queries, then per query:
:mod:`mixup_nb_utils.theory.search`) is done with torch on ``device`` (the GPU when one is present,
for large problems). The exact interval
ends (numpy, :func:`geometry.segment_ball_interval`), the incomplete Beta functions (scipy: torch has
no regularised incomplete Beta) and the sums run on the CPU in float64, on the hits only. The
results do not depend on the device. Tiny problems (at most DENSE_MAX_WORK combinations) skip the
search and evaluate every combination exactly.

Since (s, t) and (t, s) enter together, h_ε depends on P_f only through f(λ) + f(1 - λ):
Beta(a, b) and Beta(b, a) give the same h_ε (the ξ terms themselves differ).

The ε → 0 limit (:func:`xi_limit`, :func:`mixup_optimal_limit`) is the limit of Proposition 2.8
and of the proof of Theorem 3.2 for finite data: at a data point the O(1) self-pair terms win; at
any other point of X_mix only the segments through x remain and each contributes
w_s w_t · 2 f(λ*)/|s - t| · ε (Lebesgue differentiation at λ*, the position of x on the segment).
"""

from __future__ import annotations

import numpy as np

from ..mixup.mixing import BetaMixing
from ..validation import check_finite, check_labels, check_points, check_positive
from .geometry import segment_ball_interval
from .search import DEFAULT_MAX_ELEMENTS, coincident_expander, point_hits, resolve_device, segment_hits


# --------------------------------------------------------------------------------------------
# Lemma 2.3 and Corollary C.1 on given ξ matrices
# --------------------------------------------------------------------------------------------

def _check_xi(xi, xi_lam) -> tuple[np.ndarray, np.ndarray]:
    xi = np.asarray(xi, dtype=float)
    xi_lam = np.asarray(xi_lam, dtype=float)
    if xi.shape != xi_lam.shape or xi.ndim < 2 or xi.shape[-1] != xi.shape[-2]:
        raise ValueError(f"xi and xi_lam must be square matrices (or stacks of them, shape (..., k, k)) of "
                         f"the same shape, got {xi.shape} and {xi_lam.shape}.")
    return xi, xi_lam


def lemma_2_3(xi: np.ndarray, xi_lam: np.ndarray) -> np.ndarray:
    """h_ε(x) of equation (1) from ξ^{i,j}_{x,ε} and ξ^{i,j}_{x,ε,λ}, shape (k, k) → (k,).

    Stacks of shape (..., k, k) give (..., k). A query whose ξ is all zero (x outside X_mix at this
    ε) gets NaN.
    """
    xi, xi_lam = _check_xi(xi, xi_lam)
    total = xi.sum(axis=(-2, -1))
    numer = xi_lam.sum(axis=-1) + (xi - xi_lam).sum(axis=-2)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = numer / total[..., None]
    return np.where((total > 0)[..., None], out, np.nan)


def corollary_c1(xi: np.ndarray, xi_lam: np.ndarray) -> np.ndarray:
    """The symmetric form of Corollary C.1: h^i = (ξ^{i,i} + 2 Σ_{j≠i} ξ^{i,j}_λ) / Σ_q (same for q).

    Equal to :func:`lemma_2_3` when P_f is symmetric (then ξ^{j,i} - ξ^{j,i}_λ = ξ^{i,j}_λ); for an
    asymmetric P_f it is a different (wrong) number. Shapes as in :func:`lemma_2_3`.
    """
    xi, xi_lam = _check_xi(xi, xi_lam)
    diag = np.diagonal(xi, axis1=-2, axis2=-1)
    off = xi_lam.sum(axis=-1) - np.diagonal(xi_lam, axis1=-2, axis2=-1)
    numer = diag + 2.0 * off
    total = numer.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = numer / total[..., None]
    return np.where((total > 0)[..., None], out, np.nan)


# --------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------

def _as_beta(alpha, beta) -> BetaMixing:
    if isinstance(alpha, BetaMixing):
        if beta is not None:
            raise ValueError("pass either a BetaMixing as alpha or the numbers alpha and beta, not both.")
        return alpha
    return BetaMixing(alpha, beta)


def _check_queries(queries, n: int) -> np.ndarray:
    Q = check_finite(queries, "queries")
    if Q.ndim == 1 and n == 1:
        Q = Q[:, None]
    if Q.ndim != 2 or Q.shape[1] != n:
        hint = " (one query in n dimensions is queries[None, :])" if Q.ndim == 1 else ""
        raise ValueError(f"queries must have shape (q, {n}) to match X{hint}, got shape {np.shape(queries)}.")
    return Q


def _check_weights(weights, m: int) -> np.ndarray:
    if weights is None:
        return np.full(m, 1.0 / m)
    w = check_finite(weights, "weights")
    if w.shape != (m,):
        raise ValueError(f"weights must have one entry per point, shape ({m},), got shape {w.shape}.")
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be >= 0 with a positive sum (they are the probabilities P_X of the points).")
    return w / w.sum()


def _prepare(X, y, queries, num_classes, weights):
    X = check_points(X)
    m, n = X.shape
    y, k = check_labels(y, m, num_classes)
    Q = _check_queries(queries, n)
    w = _check_weights(weights, m)
    keep = w > 0                                   # points of P_X-measure zero add nothing
    return X[keep], y[keep], w[keep], Q, k


# --------------------------------------------------------------------------------------------
# The exact ξ terms
# --------------------------------------------------------------------------------------------

def xi_matrices(X, y, queries, eps: float, alpha, beta: float | None = None, num_classes: int | None = None,
                *, weights=None, device=None,
                max_elements: int = DEFAULT_MAX_ELEMENTS) -> tuple[np.ndarray, np.ndarray]:
    """ξ^{i,j}_{x,ε} and ξ^{i,j}_{x,ε,λ} at every query, exactly: two arrays of shape (q, k, k).

    ``X``: (m, n) or (m,) points; ``y``: labels 0..k-1; ``weights``: P_X (default uniform,
    normalised to sum 1); P_f = Beta(alpha, beta) (beta=None: Beta(alpha, alpha); ``alpha`` may
    also be a :class:`BetaMixing`). Chunked so that at most about ``max_elements`` (pair, query)
    entries are held at once; the hit search runs on ``device`` (None: CUDA for large problems
    when present, else the CPU).
    """
    eps = check_positive(eps, "eps")
    dist = _as_beta(alpha, beta)
    X, y, w, Q, k = _prepare(X, y, queries, num_classes, weights)
    q = len(Q)
    size = q * k * k
    xi = np.zeros(size)
    xi_lam = np.zeros(size)
    mean = dist.a / (dist.a + dist.b)

    # pairs of coincident points (s = t, self pairs included): all the mass, when the point is in the ball
    expand = coincident_expander(X)
    for pts, qi in point_hits(X, Q, eps, max_elements):
        a, b, rep = expand(pts)
        ww = w[a] * w[b]
        flat = (qi[rep] * k + y[a]) * k + y[b]
        xi += np.bincount(flat, weights=ww, minlength=size)
        xi_lam += np.bincount(flat, weights=ww * mean, minlength=size)

    # proper segments: geometry once per unordered pair, both orders from it
    dev = resolve_device(device, q * len(X) * (len(X) - 1) // 2)
    uniform = bool(np.all(w == w[0]))             # then w_s w_t = w_0² multiplies the sums once
    seg, seg_lam = np.zeros(size), np.zeros(size)
    for a, b, qi in segment_hits(X, Q, eps, dev, max_elements):
        lo, hi = segment_ball_interval(X[a], X[b], Q[qi], eps)    # λ for s = X[a], t = X[b]; misses give 0
        mass, mom = dist.mass_and_moment(lo, hi)
        if dist.symmetric:
            mass_r, mom_r = mass, mass - mom
        else:
            mass_r, mom_r = dist.mass_and_moment(1.0 - hi, 1.0 - lo)
        if not uniform:
            ww = w[a] * w[b]
            mass, mom, mass_r, mom_r = mass * ww, mom * ww, mass_r * ww, mom_r * ww
        base = qi * (k * k)
        ya, yb = y[a], y[b]
        fwd, rev = base + ya * k + yb, base + yb * k + ya
        seg += np.bincount(fwd, weights=mass, minlength=size) + np.bincount(rev, weights=mass_r, minlength=size)
        seg_lam += np.bincount(fwd, weights=mom, minlength=size) + np.bincount(rev, weights=mom_r, minlength=size)
    scale = w[0] ** 2 if uniform else 1.0
    xi += scale * seg
    xi_lam += scale * seg_lam
    return xi.reshape(q, k, k), xi_lam.reshape(q, k, k)


def mixup_optimal(X, y, queries, eps: float, alpha, beta: float | None = None,
                  num_classes: int | None = None, *, weights=None, device=None,
                  max_elements: int = DEFAULT_MAX_ELEMENTS) -> np.ndarray:
    """h_ε of Lemma 2.3 at each query for P_f = Beta(alpha, beta) (beta=None: Beta(alpha, alpha)).

    Returns class probabilities of shape (q, k). A query that no segment reaches at this ε (outside
    X_mix at radius ε: every ξ is zero) gets a row of NaN. Exact up to float64 rounding; for radii
    below about 1e-6 (relative to the data's scale) the interval ends lose digits, and
    :func:`mixup_optimal_limit` gives the ε → 0 value directly. Other arguments as in :func:`xi_matrices`.
    """
    xi, xi_lam = xi_matrices(X, y, queries, eps, alpha, beta, num_classes, weights=weights, device=device,
                             max_elements=max_elements)
    return lemma_2_3(xi, xi_lam)


# --------------------------------------------------------------------------------------------
# The ε → 0 limit (Proposition 2.8; the limit in the proof of Theorem 3.2)
# --------------------------------------------------------------------------------------------

def xi_limit(X, y, queries, alpha, beta: float | None = None, num_classes: int | None = None, *,
             weights=None, tol: float | None = None, device=None,
             max_elements: int = DEFAULT_MAX_ELEMENTS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Leading terms of ξ and ξ_λ as ε → 0: (order, A, A_λ) with ξ = ε^order A + o(ε^order).

    - order 0: the query is a data point; A[i, j] = Σ w_s w_t over coincident pairs at x (mass 1)
      and A_λ = E[λ] A (Proposition 2.8).
    - order 1: the query lies inside segments [s, t] of distinct points, at s-weight λ* ∈ (0, 1);
      each adds 2 w_s w_t f(λ*)/|s - t| to A[y_s, y_t] and λ* times that to A_λ (Lebesgue
      differentiation, as in the proof of Theorem 3.2).
    - order -1: no segment passes through the query (it is not in X_mix): A = A_λ = 0.

    "At a point" and "on a segment" are read with the absolute tolerance ``tol`` (default
    1e-9 · max(1, largest |coordinate|)), so that grid points computed in floating point count.
    """
    dist = _as_beta(alpha, beta)
    X, y, w, Q, k = _prepare(X, y, queries, num_classes, weights)
    q = len(Q)
    scale = max(1.0, float(np.abs(X).max()), float(np.abs(Q).max()) if q else 1.0)
    tol = 1e-9 * scale if tol is None else check_positive(tol, "tol")
    size = q * k * k
    A0, A0_lam = np.zeros(size), np.zeros(size)
    A1, A1_lam = np.zeros(size), np.zeros(size)
    mean = dist.a / (dist.a + dist.b)

    expand = coincident_expander(X)
    for pts, qi in point_hits(X, Q, tol, max_elements):
        a, b, rep = expand(pts)
        flat = (qi[rep] * k + y[a]) * k + y[b]
        A0 += np.bincount(flat, weights=w[a] * w[b], minlength=size)
        A0_lam += np.bincount(flat, weights=w[a] * w[b] * mean, minlength=size)

    dev = resolve_device(device, q * len(X) * (len(X) - 1) // 2)
    for a, b, qi in segment_hits(X, Q, tol, dev, max_elements):
        s, t, x = X[a], X[b], Q[qi]
        d = s - t
        dd = np.sum(d * d, axis=1)
        lam = np.sum((x - t) * d, axis=1) / dd
        on = (lam > 0) & (lam < 1) & (np.sum((t + lam[:, None] * d - x) ** 2, axis=1) <= tol**2)
        # a query within tol of an end point is that data point (order 0), not a segment interior
        on &= (np.sum((x - s) ** 2, axis=1) > tol**2) & (np.sum((x - t) ** 2, axis=1) > tol**2)
        a, b, qi, lam, dd = a[on], b[on], qi[on], lam[on], dd[on]
        coef = 2.0 * w[a] * w[b] / np.sqrt(dd)
        fwd, rev = coef * dist.pdf(lam), coef * dist.pdf(1.0 - lam)
        flat = np.concatenate([(qi * k + y[a]) * k + y[b], (qi * k + y[b]) * k + y[a]])
        A1 += np.bincount(flat, weights=np.concatenate([fwd, rev]), minlength=size)
        A1_lam += np.bincount(flat, weights=np.concatenate([fwd * lam, rev * (1.0 - lam)]), minlength=size)

    at_point = A0.reshape(q, k * k).sum(1) > 0
    on_segment = A1.reshape(q, k * k).sum(1) > 0
    order = np.where(at_point, 0, np.where(on_segment, 1, -1))
    A = np.where(at_point[:, None], A0.reshape(q, -1), A1.reshape(q, -1)).reshape(q, k, k)
    A_lam = np.where(at_point[:, None], A0_lam.reshape(q, -1), A1_lam.reshape(q, -1)).reshape(q, k, k)
    return order, A, A_lam


def mixup_optimal_limit(X, y, queries, alpha, beta: float | None = None, num_classes: int | None = None,
                        *, weights=None, tol: float | None = None, device=None,
                        max_elements: int = DEFAULT_MAX_ELEMENTS) -> np.ndarray:
    """lim_{ε→0} h_ε(x) (the Mixup-optimal h of Lemma 2.3 on X_mix), shape (q, k).

    Always exists for finite data (Remark 2.4): Lemma 2.3 applied to the leading terms of
    :func:`xi_limit`. At a data point of class i it is the i-th unit vector (Proposition 2.8,
    barring duplicated points with other labels); off the data it weighs every segment through x by
    f(λ*)/|s - t|. Queries on no segment (outside X_mix) get NaN.
    """
    _, A, A_lam = xi_limit(X, y, queries, alpha, beta, num_classes, weights=weights, tol=tol, device=device,
                           max_elements=max_elements)
    return lemma_2_3(A, A_lam)
