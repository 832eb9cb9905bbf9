"""Assumption 2.9 of the paper (§2.4) exactly: both halves and the distance to its whole set.

The assumption: for x ∈ X_i there are no u ∈ X and v ∈ X_j (j ≠ i) with x = λu + (1 - λ)v,
λ ∈ (0, 1) (read as in the book's chapter on the Mixup loss; u = x is the trivial λ → 1 case and
is excluded). Its forbidden set splits by the class of u:

- the other-class half, u and v both outside X_i: :func:`conflicts.conflict_distances` in
  segment mode (what Table 2 samples);
- the own-class half, u ∈ X_i with u ≠ x and v outside X_i: :func:`own_class_conflict_distances`.

Each is the exact distance min_{u, v, λ ∈ [0, 1]} |x - λu - (1 - λ)v| over its pairs (the infimum
over the open λ-interval is the minimum over the closed segment), from R_u = |x - u|²,
R_v = |x - v|², L = |u - v|² in float64 from centred Gram matrices, a float32 search over all
ordered pairs with the provable margin of :mod:`mixup_nb_utils.theory.conflicts`, and a float64
recomputation from the coordinates of every pair within the margin of the float32 minimum.
Assumption 2.9 holds at x exactly when :func:`assumption_2_9_distances` is positive there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..device import get_device, limited_cpu_threads
from .conflicts import (CPU_TILE_ELEMENTS, GPU_TILE_ELEMENTS, U32, ConflictDistances, _Best, _exact_values,
                        _prepare, centred_distances, conflict_distances, inverse_twice, segment_sq_float32,
                        tile_shape)


def own_class_conflict_distances(X, y, queries=None, query_labels=None, *, num_classes: int | None = None,
                                 device=None, cpu_threads: int | None = 1,
                                 max_elements: int | None = None) -> ConflictDistances:
    """Exact distance from each query x (label c) to the segments between a point u of its own class,
    u ≠ x as a point, and a point v of another class (the own-class half of Assumption 2.9):

        min_{u ∈ X_c, u ≠ x; v ∈ X, y_v ≠ c; λ ∈ [0, 1]} |x - λu - (1 - λ)v|.

    The infimum over the assumption's open λ ∈ (0, 1) is this minimum over the closed segment; it is
    at most x's distance to its nearest own-class point (λ = 1, a configuration that is no conflict
    at all) and to its nearest other-class point (λ = 0). ``u[i]``: the own-class point, ``v[i]``
    the other-class point, ``lam[i]`` the weight of u. Same engine, float64 guarantee and arguments
    as :func:`conflict_distances` (module docstring); inf where the query's class has no other point.
    """
    X, y, Q, qy, k = _prepare(X, y, queries, query_labels, num_classes)
    dev = get_device(device)
    budget = max_elements or (GPU_TILE_ELEMENTS if dev.type == "cuda" else CPU_TILE_ELEMENTS)
    _, where = np.unique(np.vstack([X, Q]), axis=0, return_inverse=True)
    where = where.reshape(-1)
    at_x, at_q = where[:len(X)], where[len(X):]                      # location ids: u ≠ x as points
    best = _Best(len(Q))
    with limited_cpu_threads(dev, cpu_threads), torch.no_grad():
        geo = centred_distances(X, Q, dev)
        for c in np.unique(qy):
            qi, U, A = np.flatnonzero(qy == c), np.flatnonzero(y == c), np.flatnonzero(y != c)
            if len(U) == 0:
                continue
            qt, ut, vt = (torch.as_tensor(a, device=dev) for a in (qi, U, A))
            same = torch.as_tensor(at_q[qi][:, None] == at_x[U][None, :], device=dev)
            cq, cu, cv = _search_own(geo.R[qt][:, ut], geo.R[qt][:, vt], geo.L[ut][:, vt], same, geo.eta, budget)
            cu, cv = U[cu], A[cv]
            best.update(qi, cq, cu, cv, *_exact_values(Q[qi[cq]], X[cu], X[cv], "segment"))
    return best.result("own-class segment", qy, k)


def _search_own(Ru64, Rv64, L64, same, eta: float, budget: int):
    """Float32 search over the ordered pairs (u, v), u in the queries' class (not where ``same``), v
    outside it; returns local (query, u, v) of every pair within Δ of its query's float32 minimum."""
    nq, nU = Ru64.shape
    Ru, Rv, L = Ru64.float(), Rv64.float(), L64.float()
    Rmax = torch.maximum(Ru.masked_fill(same, 0.0).amax(1), Rv.amax(1))
    delta = 32.0 * U32 * (2.0 * Rmax + L.max()) + 8.0 * eta
    inv = inverse_twice(L)
    thr = torch.full((nq,), float("inf"), device=Ru.device)
    best = thr.clone()
    found = []
    bq, bu = tile_shape(nq, L.shape[1], budget)
    for q0 in range(0, nq, bq):
        q1 = min(nq, q0 + bq)
        for u0 in range(0, nU, bu):
            u1 = min(nU, u0 + bu)
            T = segment_sq_float32(Ru[q0:q1, u0:u1, None], Rv[q0:q1, None, :], L[None, u0:u1], inv[None, u0:u1])
            inner = T.amin(-1).masked_fill_(same[q0:q1, u0:u1], float("inf"))    # u = x: never a candidate
            tmin = inner.amin(-1)
            best[q0:q1] = torch.minimum(best[q0:q1], tmin)
            thr[q0:q1] = torch.minimum(thr[q0:q1], tmin + delta[q0:q1])
            fq, fu = torch.nonzero((inner <= thr[q0:q1, None]) & torch.isfinite(inner), as_tuple=True)
            rows = T[fq, fu]
            hit_r, hit_v = torch.nonzero(rows <= thr[q0:q1][fq][:, None], as_tuple=True)
            found.append(torch.stack([fq[hit_r] + q0, fu[hit_r] + u0, hit_v]).cpu())
            found.append(rows[hit_r, hit_v].double().cpu()[None])
    idx = torch.cat(found[0::2], dim=1).numpy()
    val = torch.cat(found[1::2], dim=1).numpy()[0]
    keep = val <= (best + delta).double().cpu().numpy()[idx[0]]
    return idx[0][keep], idx[1][keep], idx[2][keep]


@dataclass(frozen=True)
class Assumption29Distances:
    """Both halves of Assumption 2.9 for each query and the distance to the assumption's whole set.

    ``other``: u and v both of other classes (:func:`conflict_distances`, segment mode; Table 2's
    half); ``own``: u of the query's class (:func:`own_class_conflict_distances`); ``distance`` the
    smaller of the two per query, ``from_own`` where the own-class half is the smaller; ``minimum``
    over the queries and ``nearest`` the index of a query that attains it.
    """

    other: ConflictDistances
    own: ConflictDistances
    distance: np.ndarray
    from_own: np.ndarray
    minimum: float
    nearest: int

    def configuration(self) -> tuple[int, int, float, str]:
        """(u, v, λ, half) of the nearest query's closest mixed point λ X[u] + (1 - λ) X[v]."""
        i = self.nearest
        half = self.own if self.from_own[i] else self.other
        return int(half.u[i]), int(half.v[i]), float(half.lam[i]), "own" if self.from_own[i] else "other"


def assumption_2_9_distances(X, y, queries=None, query_labels=None, *, num_classes: int | None = None,
                             device=None, cpu_threads: int | None = 1) -> Assumption29Distances:
    """Exact distance from each query to the set that Assumption 2.9 forbids (paper §2.4): the mixed
    points λu + (1 - λ)v, λ ∈ (0, 1), v of another class and u anywhere in X but the query itself."""
    kw = dict(num_classes=num_classes, device=device, cpu_threads=cpu_threads)
    other = conflict_distances(X, y, queries, query_labels, "segment", **kw)
    own = own_class_conflict_distances(X, y, queries, query_labels, **kw)
    from_own = own.distance < other.distance
    dist = np.minimum(own.distance, other.distance)
    i = int(np.argmin(dist))
    return Assumption29Distances(other=other, own=own, distance=dist, from_own=from_own,
                                 minimum=float(dist[i]), nearest=i)
