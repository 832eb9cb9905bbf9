"""Conflict distances: how close Mixup points of other classes come to a point (paper §2.4, Table 2).

Assumption 2.9 asks that no point x of class i lies on a segment λu + (1 - λ)v with v of another
class; Table 2 estimates, by sampling, how far x stays from such mixed points. Here a *conflict*
of a query x with label c is a mixed point λu + (1 - λ)v of an ordered pair (u, v) of data points
whose labels BOTH differ from c (u = v allowed: the paper's i.i.d. partner sampling can pair a
point with itself, and that "mixed point" is u). :func:`conflict_distances` computes exactly

    midpoint:  min_{u, v}            |x - (u + v)/2|            (λ = 1/2, the Beta(1024, 1024) limit)
    segment:   min_{u, v, λ ∈ [0,1]} |x - λu - (1 - λ)v|        (every λ)

(``pairs="distinct"`` drops u = v: midpoints of two distinct points, the quantity of the midpoints
chapter). That is the *other-class half* of Assumption 2.9, the half Table 2 samples. The paper's
assumption lets u range over all of X: for x of class i there are no u ∈ X, v ∈ X_j (j ≠ i) and
λ ∈ (0, 1) with x = λu + (1 - λ)v. Its *own-class half* (u of x's class, u ≠ x as a point) is
:func:`assumption_2_9.own_class_conflict_distances`,

    own:       min_{u ∈ X_i, u ≠ x; v ∉ X_i; λ ∈ [0,1]} |x - λu - (1 - λ)v|

(the infimum over the open λ ∈ (0, 1) of the assumption equals the minimum over the closed
segment), and :func:`assumption_2_9.assumption_2_9_distances` gives both halves and the distance to the
assumption's whole set, the smaller of the two. The paper's sampled procedure (one epoch of Mixup
points) is :mod:`mixup_nb_utils.theory.sampled_conflicts`.

Everything comes from three squared distances, R_u = |x - u|², R_v = |x - v|², L = |u - v|², by

    |x - λu - (1 - λ)v|² = λ R_u + (1 - λ) R_v - λ(1 - λ) L          (for every λ)

so the midpoint value is (R_u + R_v)/2 - L/4 and the segment minimiser is
λ* = clip((R_v - R_u + L) / (2L), 0, 1) (the position of the foot of the perpendicular). R and L come
from inner products (the Gram matrices of the centred data), so after those two products the cost
is O(q · |A|²) whatever the dimension, |A| the number of admissible points of the query's class.
Queries are grouped by label (the admissible set depends only on it) and pairs are taken once
((u, v) and (v, u) give the same values: tiles only visit v ≥ the tile's first u).

Precision. Squared distances from a Gram matrix, |a|² + |b|² - 2a·b, cancel when |a|² ≫ |a - b|²
(a common offset): here the data are first centred (translation changes no distance), and R, L
are formed in float64, with an absolute error η ≤ 1.01 (n + 3) u64 · 4ρ² (u64 = 2^-53, ρ the
largest centred norm, n the dimension). The own-class half searches the ordered pairs (u, v) ∈ X_i × (X \\ X_i) the same way (no
symmetry to halve), with the same margin. The search over pairs runs in float32 (twice the speed):
for every pair the float32 value V32 differs from the exact value by at most 12.5 u32 S + 2η
(u32 = 2^-24, S = R_u + R_v + L: u32 S + 2η from rounding the inputs, 10 u32 S from the six
roundings of the formula, and for the segment 1.5 u32 S from the error δ of λ*, which costs at
most min(L, L δ²) because the value is quadratic in λ around λ*; the midpoint needs less).
Hence every pair whose exact value is the minimum has V32 ≤ min V32 + Δ with
Δ = 2 (12.5 u32 Smax + 2η); the code uses Δ = 32 u32 Smax + 8η (Smax = 2 max R + max L, per
query). All pairs within Δ of the float32 minimum are kept and
recomputed in float64 directly from the coordinates, and the smallest of those is returned:
the distance is the float64 value at an exact minimiser (to float64 rounding, ≈ 1e-16 times the
coordinates' magnitude). ``candidates`` reports how many pairs were recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch

from ..device import get_device, limited_cpu_threads
from ..notebook import progress
from ..validation import check_finite, check_labels, check_points

LamMode = Literal["midpoint", "segment"]
LAM_MODES: tuple[str, ...] = ("midpoint", "segment")
PairsMode = Literal["all", "distinct"]
U32 = 2.0 ** -24
U64 = 2.0 ** -53
#: Float32 entries of one tile of the pair search (about 4 bytes each, a few temporaries).
CPU_TILE_ELEMENTS = 1 << 19
GPU_TILE_ELEMENTS = 1 << 25
#: Nearest admissible points per query whose pairs give the first upper bound of the search.
UPPER_BOUND_NEIGHBOURS = 16


@dataclass(frozen=True)
class ConflictDistances:
    """Exact conflict distance of each query (see the module docstring).

    ``distance[i]`` = |x_i - (lam[i] X[u[i]] + (1 - lam[i]) X[v[i]])| at an exact minimiser, with
    u[i] ≤ v[i] (indices into X, labels both ≠ query_labels[i]); lam is 1/2 in midpoint mode.
    ``class_minimum[c]`` is the smallest distance among queries of label c (NaN: no such query).
    """

    mode: str
    distance: np.ndarray
    u: np.ndarray
    v: np.ndarray
    lam: np.ndarray
    query_labels: np.ndarray
    minimum: float
    mean: float
    median: float
    class_minimum: np.ndarray
    candidates: int


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------

def _flat_points(X, name: str) -> np.ndarray:
    a = check_finite(X, name)
    if a.ndim > 2:                                  # images (N, C, H, W) → rows of pixels
        a = a.reshape(len(a), -1)
    return check_points(a, name)


def check_queries(X: np.ndarray, k: int, queries, query_labels, name: str = "queries") -> tuple[np.ndarray, np.ndarray]:
    """Queries as a float array (q, n) matching X and their labels in 0..k-1 (ValueError otherwise)."""
    if query_labels is None:
        raise ValueError(f"{name} were given without query_labels; pass one label per query "
                         f"(the label decides which pairs conflict with it).")
    Q = check_finite(queries, name)
    if Q.ndim > 2:
        Q = Q.reshape(len(Q), -1)
    if Q.ndim == 1 and X.shape[1] == 1:
        Q = Q[:, None]
    if Q.ndim != 2 or Q.shape[1] != X.shape[1]:
        raise ValueError(f"{name} must have shape (q, {X.shape[1]}) to match X (same dimension), "
                         f"got shape {np.shape(queries)}.")
    qy, _ = check_labels(query_labels, len(Q), None, name="query_labels")
    if qy.size and qy.max() >= k:
        raise ValueError(f"query_labels holds label {qy.max()} but X's labels are 0..{k - 1}; "
                         f"use the same label numbering for the queries (or pass num_classes).")
    return Q, qy


def _prepare(X, y, queries, query_labels, num_classes):
    X = _flat_points(X, "X")
    y, k = check_labels(y, len(X), num_classes)
    if queries is None:
        if query_labels is not None:
            raise ValueError("query_labels were given without queries; pass both, or neither "
                             "(then the queries are the points of X with their own labels).")
        Q, qy = X, y
    else:
        Q, qy = check_queries(X, k, queries, query_labels)
    counts = np.bincount(y, minlength=k)
    for c in np.unique(qy):
        if counts.sum() - counts[c] == 0:
            raise ValueError(f"no point of X has a label other than {c}, so queries of label {c} "
                             f"have nothing to conflict with; give X points of at least two classes.")
    return X, y, Q, qy, k


def _check_mode(lam) -> str:
    if not isinstance(lam, str) or lam not in LAM_MODES:
        raise ValueError(f"lam must be one of {LAM_MODES} ('midpoint': λ = 1/2; 'segment': every "
                         f"λ in [0, 1]), got {lam!r}.")
    return lam


# --------------------------------------------------------------------------------------------
# Squared distances from inner products, with their float64 error bound
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CentredDistances:
    """Squared distances R = |Q_a - X_b|² (queries × points) and L = |X_a - X_b|² in float64 on a
    device, from the Gram matrices of the data centred at X's mean; ``eta`` bounds their error."""

    R: torch.Tensor
    L: torch.Tensor
    eta: float


def centred_distances(X: np.ndarray, Q: np.ndarray, dev: torch.device, with_L: bool = True) -> CentredDistances:
    """R and L (float64, clamped at 0, L's diagonal exactly 0) and the bound η of the module doc."""
    mu = X.mean(axis=0)
    f64 = dict(dtype=torch.float64, device=dev)
    Xc = torch.as_tensor(X - mu, **f64)
    Qc = torch.as_tensor(Q - mu, **f64)
    xx = (Xc * Xc).sum(1)
    qq = (Qc * Qc).sum(1)
    R = (qq[:, None] + xx[None, :] - 2.0 * (Qc @ Xc.T)).clamp_(min=0.0)
    L = torch.empty(0, **f64)
    if with_L:
        L = (xx[:, None] + xx[None, :] - 2.0 * (Xc @ Xc.T)).clamp_(min=0.0)
        L.fill_diagonal_(0.0)
    rho2 = float(max(xx.max(), qq.max()))
    eta = 1.01 * (X.shape[1] + 3) * U64 * 4.0 * rho2
    return CentredDistances(R=R, L=L, eta=eta)


def segment_sq_float32(Ru: torch.Tensor, Rv: torch.Tensor, L: torch.Tensor, inv2L: torch.Tensor) -> torch.Tensor:
    """Squared distance to the segment [v, u] from R_u, R_v, L (broadcast), in the tensors' dtype.

    λ* = clip((R_v - R_u + L) · inv2L, 0, 1) with inv2L = 1/(2L) (0 for L ≈ 0: then the pair is a
    point) and value R_v + λ*(λ* L - (R_v - R_u + L)) = λ* R_u + (1 - λ*) R_v - λ*(1 - λ*) L.
    """
    N = Rv + L
    N.sub_(Ru)
    lam = N * inv2L
    lam.clamp_(0.0, 1.0)
    out = lam * L
    out.sub_(N)
    out.mul_(lam)
    out.add_(Rv)
    return out


def inverse_twice(L32: torch.Tensor) -> torch.Tensor:
    """1/(2L) in float32, 0 where L ≤ u32 max L (such a pair is a point to float32 accuracy)."""
    tiny = U32 * float(L32.max()) if L32.numel() else 0.0
    return torch.where(L32 > tiny, 0.5 / L32.clamp(min=tiny if tiny > 0 else 1.0), torch.zeros_like(L32))


def tile_shape(nq: int, nv: int, max_elements: int) -> tuple[int, int]:
    """(queries, first points) per tile so that a tile holds about ``max_elements`` entries."""
    bq = max(1, min(nq, 4))
    bu = max(1, min(nv, max_elements // max(1, bq * nv)))
    return bq, bu


# --------------------------------------------------------------------------------------------
# Exact conflict distances
# --------------------------------------------------------------------------------------------

def conflict_distances(X, y, queries=None, query_labels=None, lam: LamMode = "midpoint", *,
                       pairs: PairsMode = "all", num_classes: int | None = None, device=None,
                       cpu_threads: int | None = 1, max_elements: int | None = None) -> ConflictDistances:
    """Exact distance from each query to the nearest mixed point of two points of other classes.

    For a query x with label c and the admissible set A_c = {u ∈ X : y_u ≠ c}:
    ``lam="midpoint"`` gives min_{u,v ∈ A_c} |x - (u + v)/2|, ``lam="segment"`` gives
    min_{u,v ∈ A_c, λ ∈ [0,1]} |x - λu - (1 - λ)v| (the other-class half of Assumption 2.9; Table
    2's quantity with λ = 1/2 or any λ). ``pairs="all"``: pairs u = v count (the paper's i.i.d.
    partners); ``pairs="distinct"`` (midpoint mode only): u ≠ v as indices, inf where A_c has one
    point. Default queries: the points of X with their own labels. ``device``: torch device for the
    search (None: CUDA when present, else the CPU); ``cpu_threads`` limits torch's CPU threads
    meanwhile (default 1: on a small shared CPU torch's thread pool is several times slower).
    The method and the float64-exactness argument are in the module docstring.
    """
    mode = _check_mode(lam)
    if pairs not in ("all", "distinct") or (pairs == "distinct" and mode != "midpoint"):
        raise ValueError(f"pairs must be 'all' or, with lam='midpoint', 'distinct' (a segment of two distinct "
                         f"points contains both points, so 'distinct' changes nothing there), got {pairs!r}.")
    X, y, Q, qy, k = _prepare(X, y, queries, query_labels, num_classes)
    dev = get_device(device)
    budget = max_elements or (GPU_TILE_ELEMENTS if dev.type == "cuda" else CPU_TILE_ELEMENTS)
    best = _Best(len(Q))
    with limited_cpu_threads(dev, cpu_threads), torch.no_grad():
        geo = centred_distances(X, Q, dev)
        for c in progress(np.unique(qy), desc="exact conflict search, classes"):
            qi = np.flatnonzero(qy == c)
            A = np.flatnonzero(y != c)
            at = torch.as_tensor(A, device=dev)
            R = geo.R[torch.as_tensor(qi, device=dev)][:, at]
            L = geo.L[at][:, at]
            cq, cu, cv = _search_class(R, L, mode, geo.eta, budget, distinct=pairs == "distinct")
            cu, cv = A[np.minimum(cu, cv)], A[np.maximum(cu, cv)]        # one orientation per pair
            best.update(qi, cq, cu, cv, *_exact_values(Q[qi[cq]], X[cu], X[cv], mode))
    return best.result(mode, qy, k)


class _Best:
    """The exact minimiser of each query among its recomputed candidate pairs (float64)."""

    def __init__(self, q: int):
        self.dist2, self.lam = np.full(q, np.inf), np.full(q, 0.5)
        self.u, self.v = np.zeros(q, dtype=np.int64), np.zeros(q, dtype=np.int64)
        self.candidates = 0

    def update(self, qi, cq, cu, cv, d2, lam) -> None:
        self.candidates += len(cq)
        if len(cq) == 0:
            return
        first = _first_per_group(cq, d2, cu, cv)
        rows = qi[cq[first]]
        self.dist2[rows], self.u[rows], self.v[rows], self.lam[rows] = d2[first], cu[first], cv[first], lam[first]

    def result(self, mode: str, qy: np.ndarray, k: int) -> "ConflictDistances":
        dist = np.sqrt(self.dist2)
        class_min = np.array([dist[qy == c].min() if np.any(qy == c) else np.nan for c in range(k)])
        return ConflictDistances(mode=mode, distance=dist, u=self.u, v=self.v, lam=self.lam, query_labels=qy,
                                 minimum=float(dist.min()), mean=float(dist.mean()), median=float(np.median(dist)),
                                 class_minimum=class_min, candidates=int(self.candidates))


def _search_class(R64: torch.Tensor, L64: torch.Tensor, mode: str, eta: float, budget: int,
                  distinct: bool = False):
    """Float32 search of one label's queries (rows of R64) over pairs of the admissible points.

    Returns local indices (query, u, v) of every pair within Δ of its query's float32 minimum
    (module docstring), found in one pass: a running threshold min(upper bound, best so far) + Δ.
    """
    nq, nA = R64.shape
    R32, L32 = R64.float(), L64.float()
    delta = 32.0 * U32 * (2.0 * R32.amax(1) + L32.max()) + 8.0 * eta           # (nq,)
    if mode == "midpoint":
        Ra, La = (R64 / 2).float(), (-L64 / 4).float()                          # exact halving, one rounding
        inv = None
        if distinct:
            La.fill_diagonal_(float("inf"))                                     # u = v never a candidate
    else:
        Ra, La, inv = R32, L32, inverse_twice(L32)
    thr = _upper_bound(Ra, La, inv, mode) + 1.25 * delta
    best = torch.full((nq,), float("inf"), device=R64.device)
    found = []
    bq, bu = tile_shape(nq, nA, budget)
    for q0 in range(0, nq, bq):
        q1 = min(nq, q0 + bq)
        for u0 in range(0, nA, bu):
            u1 = min(nA, u0 + bu)
            if mode == "midpoint":
                T = Ra[q0:q1, None, u0:] + La[None, u0:u1, u0:]
                shift = Ra[q0:q1, u0:u1]
                inner = T.amin(-1) + shift
            else:
                T = segment_sq_float32(Ra[q0:q1, u0:u1, None], Ra[q0:q1, None, u0:], La[None, u0:u1, u0:],
                                       inv[None, u0:u1, u0:])
                shift = None
                inner = T.amin(-1)
            tmin = inner.amin(-1)
            best[q0:q1] = torch.minimum(best[q0:q1], tmin)
            thr[q0:q1] = torch.minimum(thr[q0:q1], tmin + delta[q0:q1])
            flag = (inner <= thr[q0:q1, None]) & torch.isfinite(inner)
            fq, fu = torch.nonzero(flag, as_tuple=True)
            if len(fq) == 0:
                continue
            rows = T[fq, fu]
            if shift is not None:
                rows = rows + shift[fq, fu][:, None]
            hit_r, hit_v = torch.nonzero((rows <= thr[q0:q1][fq][:, None]) & torch.isfinite(rows), as_tuple=True)
            found.append(torch.stack([fq[hit_r] + q0, fu[hit_r] + u0, hit_v + u0]).cpu())
            found.append(rows[hit_r, hit_v].double().cpu()[None])
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    idx = torch.cat(found[0::2], dim=1).numpy()
    val = torch.cat(found[1::2], dim=1).numpy()[0]
    keep = val <= (best + delta).double().cpu().numpy()[idx[0]]
    return idx[0][keep], idx[1][keep], idx[2][keep]


def _upper_bound(Ra, La, inv, mode) -> torch.Tensor:
    """Float32 value of the best pair among each query's nearest admissible points (≥ the minimum)."""
    K = min(UPPER_BOUND_NEIGHBOURS, Ra.shape[1])
    nn = torch.topk(Ra, K, dim=1, largest=False).indices                      # (nq, K)
    Rn = torch.gather(Ra, 1, nn)
    Ln = La[nn[:, :, None], nn[:, None, :]]                                     # (nq, K, K)
    if mode == "midpoint":
        V = (Rn[:, None, :] + Ln) + Rn[:, :, None]
    else:
        V = segment_sq_float32(Rn[:, :, None], Rn[:, None, :], Ln, inv[nn[:, :, None], nn[:, None, :]])
    return V.amin((1, 2))


def _exact_values(x: np.ndarray, u: np.ndarray, v: np.ndarray, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Squared distance from x to λu + (1 - λ)v in float64 from the coordinates, and λ (row-wise)."""
    if mode == "midpoint":
        lam = np.full(len(x), 0.5)
    else:
        d = u - v
        dd = np.einsum("ij,ij->i", d, d)
        with np.errstate(divide="ignore", invalid="ignore"):
            lam = np.where(dd > 0, np.clip(np.einsum("ij,ij->i", x - v, d) / np.where(dd > 0, dd, 1.0), 0, 1), 1.0)
    diff = x - (lam[:, None] * u + (1.0 - lam[:, None]) * v)
    return np.einsum("ij,ij->i", diff, diff), lam


def _first_per_group(group: np.ndarray, value: np.ndarray, *tiebreak: np.ndarray) -> np.ndarray:
    """Position of the smallest value in each group (ties: smallest tiebreak keys, in order)."""
    order = np.lexsort(tuple(reversed(tiebreak)) + (value, group))
    g = group[order]
    return order[np.concatenate([[True], g[1:] != g[:-1]])]
