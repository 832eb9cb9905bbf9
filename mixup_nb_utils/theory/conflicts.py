"""Conflict distances: how close Mixup points of other classes come to a point (paper §2.4, Table 2).

Assumption 2.9 asks that no point x of class i lies on a segment λu + (1 - λ)v with v of another
class; Table 2 estimates, by sampling, how far x stays from such mixed points. Here a *conflict*
of a query x with label c is a mixed point λu + (1 - λ)v of an ordered pair (u, v) of data points
whose labels BOTH differ from c (u = v allowed: the paper's i.i.d. partner sampling can pair a
point with itself, and that "mixed point" is u). :func:`conflict_distances` computes exactly

    midpoint:  min_{u, v}            |x - (u + v)/2|            (λ = 1/2, the Beta(1024, 1024) limit)
    segment:   min_{u, v, λ ∈ [0,1]} |x - λu - (1 - λ)v|        (every λ)

and :func:`sampled_conflict_distances` is the paper's sampled procedure (one epoch of Mixup points).

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
largest centred norm, n the dimension). The search over pairs runs in float32 (twice the speed):
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

from ..data.sampling import subsample
from ..device import get_device, limited_cpu_threads, make_generators
from ..notebook import progress
from ..mixup.mixing import BetaMixing
from ..mixup.pairing import sample_partners
from ..validation import check_finite, check_labels, check_points

LamMode = Literal["midpoint", "segment"]
LAM_MODES: tuple[str, ...] = ("midpoint", "segment")
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
                       num_classes: int | None = None, device=None, cpu_threads: int | None = 1,
                       max_elements: int | None = None) -> ConflictDistances:
    """Exact distance from each query to the nearest mixed point of two points of other classes.

    For a query x with label c and the admissible set A_c = {u ∈ X : y_u ≠ c}:
    ``lam="midpoint"`` gives min_{u,v ∈ A_c} |x - (u + v)/2|, ``lam="segment"`` gives
    min_{u,v ∈ A_c, λ ∈ [0,1]} |x - λu - (1 - λ)v| (Assumption 2.9 without the restriction
    λ > 0 on the class of u; Table 2's quantity with λ = 1/2 or any λ). Pairs u = v count.
    Default queries: the points of X with their own labels. ``device``: torch device for the
    search (None: CUDA when present, else the CPU); ``cpu_threads`` limits torch's CPU threads
    meanwhile (default 1: on a small shared CPU torch's thread pool is several times slower).
    The method and the float64-exactness argument are in the module docstring.
    """
    mode = _check_mode(lam)
    X, y, Q, qy, k = _prepare(X, y, queries, query_labels, num_classes)
    dev = get_device(device)
    budget = max_elements or (GPU_TILE_ELEMENTS if dev.type == "cuda" else CPU_TILE_ELEMENTS)
    q = len(Q)
    dist2 = np.full(q, np.inf)
    best_u = np.zeros(q, dtype=np.int64)
    best_v = np.zeros(q, dtype=np.int64)
    best_lam = np.full(q, 0.5)
    n_cand = 0
    with limited_cpu_threads(dev, cpu_threads), torch.no_grad():
        geo = centred_distances(X, Q, dev)
        for c in progress(np.unique(qy), desc="exact conflict search, classes"):
            qi = np.flatnonzero(qy == c)
            A = np.flatnonzero(y != c)
            at = torch.as_tensor(A, device=dev)
            R = geo.R[torch.as_tensor(qi, device=dev)][:, at]
            L = geo.L[at][:, at]
            cq, cu, cv = _search_class(R, L, mode, geo.eta, budget)
            n_cand += len(cq)
            cu, cv = A[np.minimum(cu, cv)], A[np.maximum(cu, cv)]        # one orientation per pair
            d2, lam_c = _exact_values(Q[qi[cq]], X[cu], X[cv], mode)
            first = _first_per_group(cq, d2, cu, cv)
            rows = qi[cq[first]]
            dist2[rows], best_u[rows], best_v[rows], best_lam[rows] = d2[first], cu[first], cv[first], lam_c[first]
    dist = np.sqrt(dist2)
    class_min = np.array([dist[qy == c].min() if np.any(qy == c) else np.nan for c in range(k)])
    return ConflictDistances(mode=mode, distance=dist, u=best_u, v=best_v, lam=best_lam, query_labels=qy,
                             minimum=float(dist.min()), mean=float(dist.mean()), median=float(np.median(dist)),
                             class_minimum=class_min, candidates=int(n_cand))


def _search_class(R64: torch.Tensor, L64: torch.Tensor, mode: str, eta: float, budget: int):
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
            flag = inner <= thr[q0:q1, None]
            fq, fu = torch.nonzero(flag, as_tuple=True)
            if len(fq) == 0:
                continue
            rows = T[fq, fu]
            if shift is not None:
                rows = rows + shift[fq, fu][:, None]
            hit_r, hit_v = torch.nonzero(rows <= thr[q0:q1][fq][:, None], as_tuple=True)
            found.append(torch.stack([fq[hit_r] + q0, fu[hit_r] + u0, hit_v + u0]).cpu())
            found.append(rows[hit_r, hit_v].double().cpu()[None])
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


# --------------------------------------------------------------------------------------------
# The paper's sampled procedure (Table 2)
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MixupEpoch:
    """One epoch of Mixup points: point k is lam[k] X[first[k]] + (1 - lam[k]) X[second[k]].

    ``first`` is a shuffled order of the points, ``second`` a partner drawn uniformly from all
    points with replacement (itself allowed), and ``lam`` is drawn once per batch of
    ``batch_size`` consecutive entries.
    """

    first: np.ndarray
    second: np.ndarray
    lam: np.ndarray
    batch_size: int


def sample_mixup_epoch(m: int, alpha: float, batch_size: int, rng: np.random.Generator) -> MixupEpoch:
    """One epoch of Mixup pairs for m points (paper §2.4, Table 2).

    Shuffle, i.i.d. partners (uniform over all m points, itself allowed), λ ~ Beta(α, α) per batch.

    Draws, in this order from ``rng``: the permutation, the m partners, then one λ per batch.
    """
    if isinstance(batch_size, bool) or int(batch_size) != batch_size or int(batch_size) < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy Generator (e.g. mixup_nb_utils.device.make_generators(seed).numpy), "
                         f"got {type(rng).__name__}.")
    dist = BetaMixing(alpha)
    m = int(m)
    order = rng.permutation(m) if m > 0 else np.zeros(0, dtype=np.int64)
    partners = sample_partners(m, rng, "iid")
    n_batches = -(-m // int(batch_size))
    lam = np.repeat(dist.sample(n_batches, rng), int(batch_size))[:m]
    return MixupEpoch(first=order, second=partners, lam=lam, batch_size=int(batch_size))


@dataclass(frozen=True)
class SampledConflictDistances:
    """Per query: the distance to the nearest sampled Mixup point whose two source labels both
    differ from the query's (inf where the epoch has none), the index k of that Mixup point in
    ``epoch`` (-1: none), and min / mean over the queries."""

    distance: np.ndarray
    mixup_index: np.ndarray
    query_labels: np.ndarray
    minimum: float
    mean: float
    epoch: MixupEpoch


def mixup_point_distances(X, y, epoch: MixupEpoch, queries, query_labels, *, num_classes: int | None = None,
                          device=None, cpu_threads: int | None = 1,
                          max_elements: int = 1 << 24) -> SampledConflictDistances:
    """Distances from queries to the conflicting points of a given Mixup epoch (Table 2's statistic).

    Mixed points z_k = λ_k x_{first_k} + (1 - λ_k) x_{second_k}; a query of label c is compared
    with the z_k whose labels y_first, y_second both differ from c. Squared distances come from
    the centred Gram matrix in float64 (chunks of about ``max_elements`` entries); every z within
    the error bound 8η of the smallest is recomputed from the coordinates in float64.
    ``device`` and ``cpu_threads`` as in :func:`conflict_distances`.
    """
    X = _flat_points(X, "X")
    y, k = check_labels(y, len(X), num_classes)
    Q, qy = check_queries(X, k, queries, query_labels)
    first, second, lam = (np.asarray(a) for a in (epoch.first, epoch.second, epoch.lam))
    if not (first.shape == second.shape == lam.shape) or first.ndim != 1:
        raise ValueError("epoch.first, epoch.second and epoch.lam must be 1-D arrays of the same length.")
    if len(first) and (min(first.min(), second.min()) < 0 or max(first.max(), second.max()) >= len(X)):
        raise ValueError(f"the epoch indexes points outside 0..{len(X) - 1}; it was drawn for another dataset.")
    Z = lam[:, None] * X[first] + (1.0 - lam[:, None]) * X[second]
    ya, yb = y[first], y[second]
    dev = get_device(device)
    dist = np.full(len(Q), np.inf)
    index = np.full(len(Q), -1, dtype=np.int64)
    with limited_cpu_threads(dev, cpu_threads), torch.no_grad():
        for c in np.unique(qy):
            qi = np.flatnonzero(qy == c)
            zi = np.flatnonzero((ya != c) & (yb != c))
            if len(zi) == 0:
                continue
            step = max(1, max_elements // len(zi))
            for s in range(0, len(qi), step):
                rows = qi[s:s + step]
                geo = centred_distances(Z[zi], Q[rows], dev, with_L=False)
                best = geo.R.amin(1, keepdim=True)
                cq, cz = (t.cpu().numpy() for t in torch.nonzero(geo.R <= best + 8.0 * geo.eta, as_tuple=True))
                diff = Q[rows[cq]] - Z[zi[cz]]
                d2 = np.einsum("ij,ij->i", diff, diff)
                pick = _first_per_group(cq, d2, cz)
                dist[rows[cq[pick]]] = np.sqrt(d2[pick])
                index[rows[cq[pick]]] = zi[cz[pick]]
    return SampledConflictDistances(distance=dist, mixup_index=index, query_labels=qy,
                                    minimum=float(dist.min()) if len(dist) else np.nan,
                                    mean=float(dist.mean()) if len(dist) else np.nan, epoch=epoch)


def sampled_conflict_distances(X_train, y_train, queries, query_labels, alpha: float = 1024.0,
                               batch_size: int = 128, rng: np.random.Generator | None = None, *,
                               num_classes: int | None = None, device=None,
                               cpu_threads: int | None = 1) -> SampledConflictDistances:
    """The paper's Table 2 estimate on (already subsampled) training data: one epoch of Mixup points
    (:func:`sample_mixup_epoch`, λ ~ Beta(α, α) per batch) and :func:`mixup_point_distances`.

    Each sampled distance is ≥ the exact segment-mode :func:`conflict_distances` (every Mixup point
    is λu + (1 - λ)v of an admissible pair), and ≥ the midpoint-mode one when every λ is 1/2.
    """
    if rng is None:
        raise ValueError("pass rng, a seeded numpy Generator (mixup_nb_utils.device.make_generators(seed).numpy).")
    X = _flat_points(X_train, "X_train")
    epoch = sample_mixup_epoch(len(X), alpha, batch_size, rng)
    return mixup_point_distances(X, y_train, epoch, queries, query_labels, num_classes=num_classes, device=device,
                                 cpu_threads=cpu_threads)


def subsample_indices(n: int, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Sorted indices of a uniformly random subset of ``fraction`` of n points (at least one), without replacement."""
    idx = np.arange(int(n))
    return subsample(idx, idx, fraction, rng)[0]


@dataclass(frozen=True)
class Table2Estimate:
    """The paper's Table 2 procedure on one dataset: sampled distances of the train and test subsamples."""

    train: SampledConflictDistances
    test: SampledConflictDistances
    train_indices: np.ndarray
    test_indices: np.ndarray
    alpha: float
    fraction: float
    seed: int


def table2_estimate(X_train, y_train, X_test, y_test, *, fraction: float = 0.2, alpha: float = 1024.0,
                    batch_size: int = 128, seed: int = 0, device=None) -> Table2Estimate:
    """Table 2 (paper §2.4): subsample ``fraction`` of train and of test, draw one epoch of Mixup
    points from the train subsample, and measure train and test subsample points against it.

    Images may be given as (N, C, H, W); distances are Euclidean in the given (normalised) space.
    Randomness: ``make_generators(seed).numpy`` draws the train subsample, the test subsample,
    then the epoch.
    """
    rng = make_generators(seed).numpy
    Xtr, Xte = _flat_points(X_train, "X_train"), _flat_points(X_test, "X_test")
    ytr, k = check_labels(y_train, len(Xtr))
    yte, _ = check_labels(y_test, len(Xte))
    tr = subsample_indices(len(Xtr), fraction, rng)
    te = subsample_indices(len(Xte), fraction, rng)
    epoch = sample_mixup_epoch(len(tr), alpha, batch_size, rng)
    kk = max(k, int(yte.max()) + 1)
    train = mixup_point_distances(Xtr[tr], ytr[tr], epoch, Xtr[tr], ytr[tr], num_classes=kk, device=device)
    test = mixup_point_distances(Xtr[tr], ytr[tr], epoch, Xte[te], yte[te], num_classes=kk, device=device)
    return Table2Estimate(train=train, test=test, train_indices=tr, test_indices=te, alpha=float(alpha),
                          fraction=float(fraction), seed=int(seed))
