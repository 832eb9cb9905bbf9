"""The exact training error of the Mixup-optimal classifier h_ε (Lemma 2.3) on a grid of ε and α.

Setting: uniform P_X on the m training points, P_f = Beta(α, α), queries = the training points.
Proposition 2.8 and Theorem 2.10 say that h_ε fits every training point as ε → 0 (continuously
under Assumption 2.9); this module measures for which finite ε it still does. Segments with both
ends in other classes reach B_ε(x) only beyond x's other-class conflict distance
(:func:`conflicts.conflict_distances`), segments from x's own class to another class only beyond
its own-class distance (:mod:`assumption_2_9`); segments with one end in x's class can still
outvote x, through their other end's share of the mass.
By Lemma 2.3 (see :mod:`mixup_nb_utils.theory.optimal`), h^c_ε(x) ∝ ξ^{c,c} + Σ_{j≠c}(ξ^{c,j}_λ + ξ^{j,c} - ξ^{j,c}_λ).
Writing M0(I) = P_f(I) and M1(I) = ∫_I λ dP_f for the λ-interval I_st = {λ : |λs + (1-λ)t - x| ≤ ε},
an ordered pair (s, t) adds M1 to class y_s and M0 - M1 to class y_t; with its reverse (t, s)
(interval 1 - I_st, and P_f symmetric) an unordered pair of distinct points adds

    2 M1(I_st) to class y_s,      2 (M0(I_st) - M1(I_st)) to class y_t,

and the coincident ordered pairs at a location g within ε of x (n_g points there, n_{g,c} of
class c; s = t included) add n_{g,c} n_g to class c, an exact integer. The common factor 1/m² cancels.

The interval: with λc = (x - t)·d/|d|² (d = s - t) and perp² the squared distance from x to the
line, I_st = [λc - w, λc + w] ∩ [0, 1], w = √(ε² - perp²)/|d|. λc and perp² come from the squared
distances R_s, R_t, L = |d|² between training points: λc = (R_t + L - R_s)/(2L),
perp² = R_t - (R_t + L - R_s) λc / 2. They are computed once per (pair, query) and reused for
every ε and α; pairs are found by a float32 search with the provable margin of
:mod:`mixup_nb_utils.theory.conflicts` (every pair within ε_max of x is kept). The squared distances are
formed directly from coordinate differences (O(m² n), like a Gram product, but without the Gram
form's cancellation, which for close pairs would spoil λc = .../L), with relative error ≤ (n+3) u64.

Beta masses (:class:`beta_intervals.BetaIntervalTable`): α = 1 in closed form; for α ≥ 2, F(x) = I_x(α, α) is
read from a table of quintic Hermite pieces on a uniform grid of [0, 1] (values, first and second
derivatives from scipy's incomplete Beta function and the density), checked at build time against
scipy between the nodes (absolute error below TABLE_TOLERANCE, else the grid is refined), and
M1 = ½[M0 - (g(h) - g(l))] with g(x) = x^α(1-x)^α/(α B(α, α)); ends where F is within 2^-70 of
0 or 1 (a sub-Gaussian tail bound) skip the table. Other α (in (0, 1) or (1, 2)), whose
densities have unbounded derivatives at 0 and 1, use scipy directly (slower).

Deciding fits and ties. A point x of class i is fitted when h^i_ε(x) > max_{j≠i} h^j_ε(x); a tie
for the top class counts as an error. The float64 sums decide every point whose margin exceeds
τ·(total mass), τ = 1e-9 + 32 (table error + u64) · (its number of hits), far above their
accumulated error; the rest are re-decided exactly: the integer parts are compared exactly and
the segment terms are recomputed with scipy's incomplete Beta in its accurate tail (betaincc
above 1/2, so masses of intervals far from 1/2 keep their relative accuracy instead of cancelling
to 0 as 1 - 1) and summed with math.fsum; a difference within 1e-12 of the sum of the terms'
sizes is a tie. Genuine wins
smaller than that, or carried only by masses below float64's range (~1e-308), read as ties.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from .conflicts import CPU_TILE_ELEMENTS, GPU_TILE_ELEMENTS, U32, U64, inverse_twice, segment_sq_float32, \
    tile_shape
from ..device import get_device, limited_cpu_threads
from ..notebook import progress
from ..validation import check_finite, check_labels, check_points, check_positive
from .beta_intervals import BetaIntervalTable, _tail_mass

#: Hits processed at once by the Beta-mass stage.
HIT_CHUNK = 1 << 19


@dataclass(frozen=True)
class OptimalTrainingError:
    """Training error of h_ε (Lemma 2.3, uniform P_X, P_f = Beta(α, α)) for each α (rows) and ε (columns).

    ``probabilities[a, e]`` is h_ε at the evaluated training points ``points``, shape (P, k);
    ``error_rate`` is the fraction of those misclassified; ``misclassified[a][e]`` the indices of
    the points whose label is not the unique top class (ties count as errors,
    ``ties`` counts them); ``first_error_eps[a]`` the smallest grid ε with an error and
    ``largest_fitting_eps[a]`` the largest grid ε up to which every grid ε fits every point (NaN
    when there is none); ``hits`` the (pair, query) combinations within max ε; ``exact_decisions``
    the (point, ε, α) decided by the exact tie path.
    """

    eps: np.ndarray
    alphas: np.ndarray
    points: np.ndarray
    error_rate: np.ndarray
    misclassified: tuple
    ties: np.ndarray
    probabilities: np.ndarray
    first_error_eps: np.ndarray
    largest_fitting_eps: np.ndarray
    hits: int
    exact_decisions: int


# --------------------------------------------------------------------------------------------
# The pairs near each training point
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Geometry:
    X: np.ndarray
    y: np.ndarray
    k: int
    L64: torch.Tensor          # squared distances between training points (float64)
    L32: torch.Tensor
    inv: torch.Tensor
    delta: torch.Tensor        # float32 search margin per query
    group: torch.Tensor        # coincident-location id per point
    yt: torch.Tensor           # labels on the device
    eta: float                 # bound on the error of L64


def squared_distances_direct(X: np.ndarray, dev: torch.device, rows: int = 1024) -> torch.Tensor:
    """|x_a - x_b|² in float64 from coordinate differences (no Gram cancellation), diagonal 0."""
    Xt = torch.as_tensor(X, dtype=torch.float64, device=dev)
    out = torch.empty((len(X), len(X)), dtype=torch.float64, device=dev)
    for r0 in range(0, len(X), rows):
        out[r0:r0 + rows] = torch.cdist(Xt[r0:r0 + rows], Xt, compute_mode="donot_use_mm_for_euclid_dist") ** 2
    out.fill_diagonal_(0.0)
    return out


def _geometry(X, y, k, dev) -> _Geometry:
    L64 = squared_distances_direct(X, dev)
    L32 = L64.float()
    eta = 1.01 * (X.shape[1] + 3) * U64 * float(L64.max())
    delta = 32.0 * U32 * (2.0 * L32.amax(1) + L32.max()) + 8.0 * eta
    _, inverse = np.unique(X, axis=0, return_inverse=True)
    return _Geometry(X=X, y=y, k=k, L64=L64, L32=L32, inv=inverse_twice(L32), delta=delta,
                     group=torch.as_tensor(inverse.reshape(-1), device=dev), yt=torch.as_tensor(y, device=dev),
                     eta=eta)


def _hits(g: _Geometry, queries: np.ndarray, radius: float, budget: int):
    """Chunks (q, s, t) of unordered pairs s < t of distinct points whose segment may come within
    ``radius`` of the training point q (float32 search, margin Δ: no pair within radius is missed)."""
    m = len(g.X)
    dev = g.L32.device
    qt = torch.as_tensor(queries, device=dev)
    bq, bu = tile_shape(len(queries), m, budget)
    for q0 in progress(range(0, len(queries), bq), desc="exact search, point blocks"):
        qb = qt[q0:q0 + bq]
        Rq = g.L32[qb]                                             # (bq, m): the queries are points
        thr = (radius**2 + g.delta[qb]).float()[:, None]
        out = []
        for u0 in range(0, m - 1, bu):
            u1 = min(m - 1, u0 + bu)
            V = segment_sq_float32(Rq[:, u0:u1, None], Rq[:, None, u0:], g.L32[None, u0:u1, u0:],
                                   g.inv[None, u0:u1, u0:])
            qi, ui, vi = torch.nonzero(V <= thr[:, :, None], as_tuple=True)
            out.append(torch.stack([qb[qi], ui + u0, vi + u0]))
        hits = torch.cat(out, dim=1)
        hits = hits[:, (hits[1] < hits[2]) & (g.group[hits[1]] != g.group[hits[2]])]   # s < t, distinct
        for c0 in range(0, hits.shape[1], HIT_CHUNK):
            yield hits[:, c0:c0 + HIT_CHUNK]


def _hit_geometry(g: _Geometry, hits: torch.Tensor):
    """λc, perp², 1/|d| and the squared segment distance of each hit (x = X[q], s = X[a], t = X[b])."""
    q, s, t = hits
    Rs, Rt, L = g.L64[q, s], g.L64[q, t], g.L64[s, t]
    N = Rt + L - Rs
    lam_c = N / (2.0 * L)
    perp2 = (Rt - N * lam_c / 2.0).clamp_(min=0.0)
    seg2 = torch.where(lam_c < 0, Rt, torch.where(lam_c > 1, Rs, perp2))
    return lam_c, perp2, L.rsqrt(), seg2


def _interval(lam_c, perp2, inv_d, eps: float):
    w = (eps**2 - perp2).clamp(min=0.0).sqrt() * inv_d
    return (lam_c - w).clamp(0.0, 1.0), (lam_c + w).clamp(0.0, 1.0)


# --------------------------------------------------------------------------------------------
# The training error
# --------------------------------------------------------------------------------------------

def _check_grid(eps, alphas) -> tuple[np.ndarray, np.ndarray]:
    e = check_finite(eps, "eps").reshape(-1)
    if e.size == 0 or np.any(e <= 0):
        raise ValueError(f"eps must be a non-empty list of radii > 0, got {eps!r}.")
    a = np.array([check_positive(v, "alpha") for v in np.atleast_1d(alphas)], dtype=float)
    if a.size == 0:
        raise ValueError("alphas must hold at least one Beta(α, α) parameter α > 0.")
    return np.unique(e), a


def optimal_training_error(X, y, eps, alphas, *, points=None, num_classes: int | None = None, device=None,
                           cpu_threads: int | None = 1, max_elements: int | None = None) -> OptimalTrainingError:
    """Fraction and indices of training points misclassified by the Mixup-optimal h_ε of Lemma 2.3.

    P_X uniform on the m points of ``X`` (labels ``y``), P_f = Beta(α, α) for each α in ``alphas``,
    every ε in ``eps`` (sorted, duplicates dropped). h_ε is exact (module docstring) and agrees
    with :func:`theory.mixup_optimal` ``(X, y, X, ε, α)``; a tie for the top class is an error.
    ``points``: indices of the training points at which h_ε is evaluated (default all; h_ε still
    comes from all m points). The pair geometry is computed once for the largest ε and reused for
    every ε and α. ``device``: torch device (None: CUDA when present); ``cpu_threads`` as in
    :func:`conflicts.conflict_distances`.
    """
    X = check_points(X)
    y, k = check_labels(y, len(X), num_classes)
    eps, alphas = _check_grid(eps, alphas)
    pts = _check_points_subset(points, len(X))
    dev = get_device(device)
    budget = max_elements or (GPU_TILE_ELEMENTS if dev.type == "cuda" else CPU_TILE_ELEMENTS)
    P, E, A = len(pts), len(eps), len(alphas)
    with limited_cpu_threads(dev, cpu_threads), torch.no_grad():
        g = _geometry(X, y, k, dev)
        table = BetaIntervalTable(alphas, dev)
        seg = torch.zeros((E, A, P * k), dtype=torch.float64, device=dev)       # segment terms
        n_hits = torch.zeros(P, dtype=torch.float64, device=dev)
        local = torch.full((len(X),), -1, dtype=torch.long, device=dev)
        local[torch.as_tensor(pts, device=dev)] = torch.arange(P, device=dev)
        for hits in _hits(g, pts, float(eps[-1]), budget):
            _accumulate(g, table, hits, local, eps, seg, n_hits)
        point = _point_terms(g, pts, eps)                                       # (E, P, k) exact integers
        seg = seg.reshape(E, A, P, k).permute(1, 0, 2, 3).cpu().numpy()         # (A, E, P, k)
        n_hits = n_hits.cpu().numpy()
    num = point[None] + seg
    yp = y[pts]
    own = np.take_along_axis(num, yp[None, None, :, None], -1)[..., 0]
    other = np.where(np.arange(k) == yp[:, None], -np.inf, num).max(-1)
    margin = (own - other) / num.sum(-1)
    tau = 1e-9 + 32.0 * (table.max_error + U64) * n_hits                 # ≫ the fast path's rounding
    fits = margin > tau
    unsure = np.argwhere(np.abs(margin) <= tau)
    tie = np.zeros_like(fits)
    for a, e, i in unsure:
        fits[a, e, i], tie[a, e, i] = _exact_decision(g, int(pts[i]), float(eps[e]), float(alphas[a]), point[e, i],
                                                      budget)
    return _summarise(eps, alphas, pts, ~fits, tie, num / num.sum(-1, keepdims=True), int(n_hits.sum()), len(unsure))


def _check_points_subset(points, m: int) -> np.ndarray:
    if points is None:
        return np.arange(m)
    p = np.asarray(points)
    if p.ndim != 1 or p.size == 0 or not np.issubdtype(p.dtype, np.integer):
        raise ValueError("points must be a non-empty 1-D array of integer indices into X.")
    if p.min() < 0 or p.max() >= m:
        raise ValueError(f"points must index the training points 0..{m - 1}, got values in [{p.min()}, {p.max()}].")
    return np.unique(p)


def _accumulate(g, table, hits, local, eps, seg, n_hits):
    """Add the segment terms of one chunk of hits to seg (E, A, P·k), for every ε and α."""
    lam_c, perp2, inv_d, seg2 = _hit_geometry(g, hits)
    order = torch.argsort(seg2)                                         # then each ε takes a prefix
    take = lambda v: torch.take(v, order)                               # noqa: E731 (fast random gather)
    lam_c, perp2, inv_d, seg2 = take(lam_c), take(perp2), take(inv_d), take(seg2)
    q, s, t = local[take(hits[0])], take(hits[1]), take(hits[2])
    k = g.k
    idx_s, idx_t = q * k + g.yt[s], q * k + g.yt[t]
    limit = torch.as_tensor(eps**2 * (1 + 1e-12) + 8.0 * g.eta, dtype=seg2.dtype, device=seg2.device)
    reach = torch.searchsorted(seg2, limit, right=True)                 # beyond: zero-length intervals
    n_max = int(reach[-1])
    n_hits.index_add_(0, q[:n_max], torch.ones(n_max, dtype=torch.float64, device=q.device))
    lo_max, hi_max = _interval(lam_c[:n_max], perp2[:n_max], inv_d[:n_max], float(eps[-1]))
    for i in range(len(table.alphas)):
        mask = table.relevant(i, lo_max, hi_max)
        if bool(mask.all()):
            ends, lc, p2, iv, js, jt = reach.cpu().numpy(), lam_c, perp2, inv_d, idx_s, idx_t
        else:
            rel = torch.nonzero(mask).reshape(-1)                       # sorted: index_select is fast
            ends = torch.searchsorted(rel, reach).cpu().numpy()
            lc, p2, iv, js, jt = (v.index_select(0, rel) for v in (lam_c, perp2, inv_d, idx_s, idx_t))
        for e, n in enumerate(ends):
            if n == 0:
                continue
            lo, hi = _interval(lc[:n], p2[:n], iv[:n], float(eps[e]))
            M0, M1 = table.mass_and_moment(i, lo, hi)
            seg[e, i].index_add_(0, js[:n], 2.0 * M1)
            seg[e, i].index_add_(0, jt[:n], 2.0 * (M0 - M1))


def _point_terms(g: _Geometry, pts: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """(E, P, k): Σ over points s with |x - s| ≤ ε of n_{g(s)} on class y_s (the coincident pairs), x = X[pts]."""
    X, y, k = g.X, g.y, g.k
    group = g.group.cpu().numpy()
    sizes = np.bincount(group)[group].astype(float)
    weight = torch.as_tensor(np.eye(k)[y] * sizes[:, None], device=g.L64.device)   # (m, k)
    out = np.zeros((len(eps), len(pts), k))
    d2 = g.L64[torch.as_tensor(pts, device=g.L64.device)]
    for e, r in enumerate(eps):
        inside = d2 <= r**2
        near = torch.nonzero((d2 - r**2).abs() <= 8.0 * g.eta).cpu().numpy()
        for q, s in near:                                                      # on the sphere: decide exactly
            diff = X[pts[q]] - X[s]
            inside[q, s] = bool(np.sum(diff * diff) - r**2 <= 0)
        out[e] = (inside.double() @ weight).cpu().numpy()
    return out


def _exact_decision(g, q: int, eps: float, alpha: float, point: np.ndarray, budget: int) -> tuple[bool, bool]:
    """(fits, tie) of training point q at (ε, α), with exact integer parts and tail-accurate masses."""
    terms = [[] for _ in range(g.k)]
    for hits in _hits(g, np.array([q]), eps, budget):
        lam_c, perp2, inv_d, _ = _hit_geometry(g, hits)
        lo, hi = (v.cpu().numpy() for v in _interval(lam_c, perp2, inv_d, eps))
        m0 = _tail_mass(alpha, alpha, lo, hi)
        to_s = _tail_mass(alpha + 1.0, alpha, lo, hi)                           # 2 M1
        to_t = _tail_mass(alpha, alpha + 1.0, lo, hi)                           # 2 (M0 - M1)
        keep = m0 > 0
        ys, yt_ = g.y[hits[1].cpu().numpy()[keep]], g.y[hits[2].cpu().numpy()[keep]]
        for c in range(g.k):
            terms[c].extend(to_s[keep][ys == c])
            terms[c].extend(to_t[keep][yt_ == c])
    i = int(g.y[q])
    best_gap = math.inf
    for j in range(g.k):
        if j == i:
            continue
        diff = math.fsum([float(point[i]), -float(point[j])] + list(terms[i]) + [-v for v in terms[j]])
        size = math.fsum(terms[i]) + math.fsum(terms[j])
        if abs(diff) <= 1e-12 * size:
            diff = 0.0
        best_gap = min(best_gap, diff)
    return best_gap > 0, best_gap == 0


def _summarise(eps, alphas, pts, errors, tie, probs, hits, exact) -> OptimalTrainingError:
    rate = errors.sum(-1) / errors.shape[-1]
    mis = tuple(tuple(pts[errors[a, e]] for e in range(len(eps))) for a in range(len(alphas)))
    first = np.full(len(alphas), np.nan)
    largest = np.full(len(alphas), np.nan)
    for a in range(len(alphas)):
        bad = np.flatnonzero(rate[a] > 0)
        if len(bad):
            first[a] = eps[bad[0]]
        ok = bad[0] if len(bad) else len(eps)
        if ok > 0:
            largest[a] = eps[ok - 1]
    return OptimalTrainingError(eps=eps, alphas=alphas, points=pts, error_rate=rate, misclassified=mis,
                                ties=(tie & errors).sum(-1), probabilities=probs, first_error_eps=first,
                                largest_fitting_eps=largest, hits=hits, exact_decisions=exact)
