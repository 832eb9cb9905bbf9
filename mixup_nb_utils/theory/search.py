"""Which (pair, query) combinations can meet: the search behind the exact h_ε engine (paper §2.2).

:mod:`mixup_nb_utils.theory.optimal` needs, for every query x and every pair (s, t), the λ-interval
where the segment [s, t] meets B_ε(x); almost all of these are empty. This module finds the
candidates, conservatively, so that the exact interval is computed on the hits only:

- :func:`segment_hits`: pairs of distinct points whose segment may come within ``radius`` of a query.
  Two stages (blocks of nearby queries first, then each query), distances from inner products, so
  both stages are matrix products, chunked so that at most ``max_elements`` entries are held at once;
- :func:`point_hits`: data points within ``radius`` of a query (the coincident, "self" pairs);
- :func:`coincident_expander`: every ordered pair of points at one location.

What runs where: the search runs with torch on the device of :func:`resolve_device` (the GPU for
problems of at least ``GPU_MIN_WORK`` combinations when one is present, else the CPU, with
``CPU_THREADS`` torch threads); problems of at most ``DENSE_MAX_WORK`` combinations skip it and
list every combination. The answers never depend on the device: the callers recompute every hit exactly.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import torch

from ..device import get_device, limited_cpu_threads
from ..notebook import progress_bar

#: Largest number of (pair, query) entries held at once by the chunked engine (about 8 bytes each).
DEFAULT_MAX_ELEMENTS = 2_000_000

#: Queries per spatial block in the first, coarse hit test.
BLOCK_SIZE = 64

#: torch threads for the hit search on the CPU (restored afterwards). One thread: on a small shared
#: machine torch's thread pool can spin and run many times slower than a single thread.
CPU_THREADS = 1

#: Problems with at most this many (pair, query) combinations skip the search: every combination is a
#: candidate and the exact interval decides (cheaper than the search for tiny problems).
DENSE_MAX_WORK = 4096

#: Problems with fewer (pair, query) combinations than this stay on the CPU even when CUDA is present.
GPU_MIN_WORK = 1_000_000


def resolve_device(device, work: int) -> torch.device:
    """``device`` if given; else CUDA for problems of at least ``GPU_MIN_WORK`` combinations (when present),
    else the CPU."""
    if device is not None:
        return get_device(device)
    if torch.cuda.is_available() and work >= GPU_MIN_WORK:
        return torch.device("cuda")
    return torch.device("cpu")


def _pair_chunks(m: int, max_pairs: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Unordered pairs (a, b), a < b, in chunks of at most about ``max_pairs``."""
    a0 = 0
    while a0 < m - 1:
        a1, count = a0, 0
        while a1 < m - 1 and (a1 == a0 or count + (m - 1 - a1) <= max_pairs):
            count += m - 1 - a1
            a1 += 1
        rows = np.arange(a0, a1)
        lens = m - 1 - rows
        starts = np.cumsum(lens) - lens
        a = np.repeat(rows, lens)
        b = np.arange(count) - np.repeat(starts, lens) + np.repeat(rows + 1, lens)
        yield a, b
        a0 = a1


def _query_blocks(Q: np.ndarray, size: int) -> list[np.ndarray]:
    """Split the queries into spatially compact blocks of at most ``size`` (median splits)."""
    blocks, stack = [], [np.arange(len(Q))]
    while stack:
        idx = stack.pop()
        if len(idx) <= size:
            blocks.append(idx)
            continue
        pts = Q[idx]
        dim = int(np.argmax(pts.max(axis=0) - pts.min(axis=0)))
        half = len(idx) // 2
        part = np.argpartition(pts[:, dim], half)
        stack += [idx[part[:half]], idx[part[half:]]]
    return blocks


def _dist2_to_segments(PT, PD, pt, dd, tt, cc):
    """Squared distances between points c and segments t + u d (u ∈ [0, 1]) from inner products.

    PT = c·t and PD = c·d (points × segments), pt = t·d, dd = |d|² > 0, tt = |t|² (per segment),
    cc = |c|² (per point): |c - t - u d|² = |c - t|² - 2u (c - t)·d + u² |d|², u the clamped projection.
    """
    rd = PD - pt
    rr = cc[:, None] - 2.0 * PT + tt
    u = (rd / dd).clamp(0.0, 1.0)
    return rr - u * (2.0 * rd - u * dd)


def segment_hits(X: np.ndarray, Q: np.ndarray, radius: float, dev: torch.device,
                  max_elements: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(a, b, query) triples, a < b with X[a] ≠ X[b], whose segment may come within ``radius`` of the query.

    Conservative (a slack of 1e-9 · scale² admits near misses and never drops a hit); the callers
    recompute every interval exactly. Two stages: each block of nearby queries (bounding ball of
    centre c, radius R) keeps the segments within R + radius of c; then each query of the block is
    tested against those. Distances come from inner products, so both stages are matrix products.
    """
    m = len(X)
    if m < 2 or len(Q) == 0:
        return
    if dev.type == "cpu" and len(Q) * m * (m - 1) // 2 <= DENSE_MAX_WORK:
        a, b = np.triu_indices(m, 1)
        distinct = np.any(X[a] != X[b], axis=1)
        a, b = a[distinct], b[distinct]
        q = len(Q)
        yield np.repeat(a, q), np.repeat(b, q), np.tile(np.arange(q), len(a))
        return
    with limited_cpu_threads(dev, CPU_THREADS or None):
        yield from _segment_hits_on(X, Q, radius, dev, max_elements)


def _segment_hits_on(X, Q, radius, dev, max_elements):
    m = len(X)
    scale = float(max(np.abs(X).max(), np.abs(Q).max(), radius))
    slack = 1e-9 * scale**2
    blocks = _query_blocks(Q, BLOCK_SIZE)
    lo = np.array([Q[b].min(0) for b in blocks])
    hi = np.array([Q[b].max(0) for b in blocks])
    centre = (lo + hi) / 2
    reach = np.array([np.sqrt(((Q[b] - c) ** 2).sum(1).max()) for b, c in zip(blocks, centre)]) + radius

    f64 = dict(dtype=torch.float64, device=dev)
    Xt, Ct = torch.as_tensor(X, **f64), torch.as_tensor(centre, **f64)
    cc = (Ct * Ct).sum(1)
    reach2 = torch.as_tensor(reach**2 + slack, **f64)[:, None]
    Qb = [torch.as_tensor(Q[b], **f64) for b in blocks]
    qq = [(x * x).sum(1) for x in Qb]
    limit = radius**2 + slack
    pair_budget = max(1, max_elements // max(len(blocks), BLOCK_SIZE))
    bar = progress_bar(m * (m - 1) // 2, desc="exact search, pairs")
    for a, b in _pair_chunks(m, pair_budget):
        bar.update(len(a))
        distinct = np.any(X[a] != X[b], axis=1)
        a, b = a[distinct], b[distinct]
        if len(a) == 0:
            continue
        at, bt = torch.as_tensor(a, device=dev), torch.as_tensor(b, device=dev)
        T = Xt[bt]
        D = Xt[at] - T
        pt, dd, tt = (T * D).sum(1), (D * D).sum(1), (T * T).sum(1)
        Tt, Dt = T.T.contiguous(), D.T.contiguous()
        near = _dist2_to_segments(Ct @ Tt, Ct @ Dt, pt, dd, tt, cc) <= reach2     # (blocks, pairs)
        out_p, out_q = [], []
        for j, idx in enumerate(blocks):
            sel = torch.nonzero(near[j]).reshape(-1)
            if len(sel) == 0:
                continue
            d2 = _dist2_to_segments(Qb[j] @ Tt[:, sel], Qb[j] @ Dt[:, sel], pt[sel], dd[sel], tt[sel], qq[j])
            qi, pi = torch.nonzero(d2 <= limit, as_tuple=True)
            out_p.append(sel[pi])
            out_q.append(torch.as_tensor(idx, device=dev)[qi])
        if out_p:
            pp = torch.cat(out_p).cpu().numpy()
            yield a[pp], b[pp], torch.cat(out_q).cpu().numpy()
    bar.close()


def point_hits(X: np.ndarray, Q: np.ndarray, radius: float,
                max_elements: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(point, query) pairs with |X[point] - query|² - radius² ≤ 0 (the test of segment_ball_interval)."""
    step = max(1, max_elements // max(1, len(X) * X.shape[1]))
    for q0 in range(0, len(Q), step):
        diff = Q[q0:q0 + step, None, :] - X[None, :, :]
        inside = np.sum(diff * diff, axis=-1) - radius**2 <= 0
        qi, pi = np.nonzero(inside)
        yield pi, qi + q0


def coincident_expander(X: np.ndarray):
    """A function mapping points p to all ordered pairs (a, b) at p's location with a = p (b = p included).

    Returns (a, b, rep) where rep[i] is the position in ``p`` that pair i came from.
    """
    _, inverse, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if np.all(counts == 1):                       # the usual case: no duplicated points
        return lambda p: (p, p, np.arange(len(p)))
    members = np.argsort(inverse, kind="stable")  # points grouped by location
    start = np.concatenate([[0], np.cumsum(counts)])[inverse]
    size = counts[inverse]

    def expand(p):
        n = size[p]
        rep = np.repeat(np.arange(len(p)), n)
        offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        return p[rep], members[start[p][rep] + offset], rep

    return expand
