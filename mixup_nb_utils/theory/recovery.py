"""Points from their shuffled midpoints, in floating point (paper §2.5, Theorem 2.11).

- :func:`recover_multiset_1d`: every multiset of m numbers with a given multiset of pairwise sums;
- :func:`recover_points`: the m points of R^n from their shuffled C(m, 2) midpoints (no pairing given);
- :func:`match_points`: the order of recovered points that best matches the originals.

The exact algebra behind them (the Mixup matrix, Lemma C.2, Claim 2) is :mod:`mixup_nb_utils.theory.midpoints`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..validation import check_finite
from .midpoints import _m_from_count


# ----------------------------------------------------------------------------------------------
# Pairwise sums of numbers (the one-dimensional problem)
# ----------------------------------------------------------------------------------------------


def recover_multiset_1d(sums, rtol: float = 1e-9) -> list[np.ndarray]:
    """Every multiset of m numbers (sorted) whose C(m, 2) pairwise sums are ``sums`` (up to rtol).

    Sort the sums; for x_1 ≤ x_2 ≤ ... the two smallest are x_1 + x_2 and x_1 + x_3, and x_2 + x_3
    sits among the next m - 2 sums. For each candidate (distinct values only) solve the triangle for
    x_1, x_2, x_3, then peel: the smallest sum not yet explained is x_1 + x_next, and every sum
    x_next + x_known must be present and is removed. Cost: O(m² log m) per candidate, at most m - 2
    candidates, so O(m³ log m) in the worst case; a wrong candidate usually fails within a step."""
    s = np.sort(check_finite(sums, "sums").ravel())
    m = _m_from_count(len(s))
    if m < 3:
        raise ValueError(f"{len(s)} sum(s) come from m = {m} numbers, which their pairwise sums do not determine; "
                         f"give at least 3 numbers (3 sums).")
    tol = rtol * max(1.0, float(np.max(np.abs(s))))
    # the multiset as groups of equal values (consecutive gaps <= tol) with multiplicities
    starts = np.r_[0, np.flatnonzero(np.diff(s) > tol) + 1]
    counts = np.diff(np.r_[starts, len(s)])
    values = np.add.reduceat(s, starts) / counts
    group_of = np.repeat(np.arange(len(starts)), counts)
    solutions: list[np.ndarray] = []
    for gc in np.unique(group_of[2:min(m, len(s))]):
        sol = _peel(values, counts, (int(group_of[0]), int(group_of[1]), int(gc)), m, tol)
        if sol is not None and not any(np.allclose(sol, other, rtol=0, atol=10 * tol) for other in solutions):
            solutions.append(sol)
    return solutions


def _peel(values: np.ndarray, counts: np.ndarray, triangle: tuple[int, int, int], m: int,
          tol: float) -> np.ndarray | None:
    """Peel the grouped sums given the groups of x_1 + x_2, x_1 + x_3 and x_2 + x_3; None on failure.

    ``counts`` is decremented in place while peeling and restored before returning (an undo log),
    so a wrong candidate that fails early costs O(1) numpy calls, not a copy of all C(m, 2) sums."""
    log: list[np.ndarray] = []

    def take(groups: np.ndarray) -> bool:
        np.subtract.at(counts, groups, 1)
        log.append(groups)
        return bool(np.all(counts[groups] >= 0))

    def finish(result):
        np.add.at(counts, np.concatenate(log), 1)
        return result

    if not take(np.array(triangle)):
        return finish(None)
    s12, s13, s23 = (values[g] for g in triangle)
    known = np.empty(m)
    known[0] = (s12 + s13 - s23) / 2
    known[1], known[2] = s12 - known[0], s13 - known[0]
    lowest, n_groups = 0, len(values)
    for k in range(3, m):
        while lowest < n_groups and counts[lowest] <= 0:
            lowest += 1
        if lowest == n_groups:
            return finish(None)
        take(np.array([lowest]))
        new = values[lowest] - known[0]
        targets = new + known[1:k]
        if n_groups == 1:
            g = np.zeros(len(targets), dtype=np.int64)
        else:
            g = np.clip(np.searchsorted(values, targets), 1, n_groups - 1)
            g = np.where(np.abs(values[g - 1] - targets) <= np.abs(values[g] - targets), g - 1, g)
        if np.any(np.abs(values[g] - targets) > 2 * tol) or not take(g):
            return finish(None)
        known[k] = new
    if np.any(counts != 0):
        return finish(None)
    return finish(np.sort(known))


# ----------------------------------------------------------------------------------------------
# Recovering points in R^n
# ----------------------------------------------------------------------------------------------


class AmbiguousMidpointsError(ValueError):
    """The midpoints fit more than one set of points (always for m = 4; for special sets otherwise).
    ``solutions`` holds the different point sets found."""

    def __init__(self, message: str, solutions: list[np.ndarray]):
        super().__init__(message)
        self.solutions = solutions


@dataclass(frozen=True)
class RecoveryInfo:
    """Diagnostics of :func:`recover_points`: the directions tried, the 1-D candidates that
    survived peeling, and the largest distance between an input midpoint and its recomputed twin."""

    m: int
    directions_tried: int
    candidates_1d: int
    max_residual: float
    pairs: np.ndarray   # pairs[k] = (i, j): input midpoint k is the midpoint of recovered points i, j


def recover_points(midpoints, seed: int = 0, rtol: float = 1e-6, max_directions: int = 3,
                   return_info: bool = False):
    """The m points whose C(m, 2) midpoints are ``midpoints`` (any order, no pairing given).

    ``midpoints`` has shape (N,) or (N, ...) with N = C(m, 2); the result has shape (m,) or (m, ...),
    in sorted order of the points' projection on a random direction.

    Method: project on a random unit direction (from ``seed``), so that 2 × the projected midpoints
    are the pairwise sums of the projected points; recover those m numbers
    (:func:`recover_multiset_1d`); match the sorted observed sums with the sorted predicted sums
    x̂_i + x̂_j, which assigns every midpoint to its pair; then solve A x = 2 × midpoints by least
    squares in every coordinate, in closed form: with s_i = Σ_j 2 mid_ij and S = Σ_i s_i/(2m - 2),
    x_i = (s_i - S)/(m - 2). Every candidate is verified by recomputing the midpoints; a near-tie on
    the projection that spoils the matching is retried on a new direction (up to ``max_directions``).
    Cost: O(m² log m) for the sorts, O(m² n) for the solve, more only if many 1-D candidates survive.
    Limit: noise in the input must stay well below the spacing of the projected sums (float32
    midpoints work for m = 300 but not for m = 600 or 1000; float64 round-off is fine up to m = 1000 at
    least: the chapter "Midpoints" computes both, :func:`mixup_nb_utils.experiments.midpoints.precision_limits`).

    Raises ValueError when N is not C(m, 2) for some m ≥ 3, when no set of points reproduces the
    midpoints within ``rtol`` (relative to their largest magnitude), and
    :class:`AmbiguousMidpointsError` when several different sets do (m = 4 always: reflecting the
    points through their centroid keeps every midpoint)."""
    Y2, trailing, m = _checked_midpoints(midpoints, rtol, max_directions)
    tol = rtol * max(1.0, float(np.max(np.abs(Y2))))
    rng = np.random.default_rng(seed)
    best_residual = math.inf
    # 1-D tolerances from float64 round-off up to the caller's rtol, tightest first: the tighter the
    # tolerance that still explains every sum, the fewer projected near-ties need re-matching
    tolerances_1d = sorted({t for t in 10.0 ** np.arange(-11, 0) if t < rtol} | {rtol})
    for attempt in range(1, int(max_directions) + 1):
        u = rng.standard_normal(Y2.shape[1])
        u /= np.linalg.norm(u)
        z = 2 * (Y2 @ u)
        order = np.argsort(z, kind="stable")
        for rtol_1d in tolerances_1d:
            found, n_candidates, residual = _fits_on_direction(Y2, z, order, m, rtol_1d, tol)
            best_residual = min(best_residual, residual)
            if len(found) == 1:
                points, residual, pairs = found[0]
                out = points.reshape((m,) + trailing)
                if return_info:
                    return out, RecoveryInfo(m, attempt, n_candidates, residual, pairs)
                return out
            if len(found) > 1:
                sols = [p.reshape((m,) + trailing) for p, _, _ in found]
                raise AmbiguousMidpointsError(
                    f"these {len(Y2)} midpoints fit {len(found)} different sets of m = {m} points"
                    + (" (for m = 4 this always happens: reflecting the points through their centroid keeps "
                       "every midpoint)" if m == 4 else "") + "; the points are not determined. See .solutions.",
                    sols)
    raise ValueError(f"the {len(Y2)} inputs are not the midpoints of any {m} points within rtol={rtol:g}: the best "
                     f"candidate misses a midpoint by {best_residual:.3g} (tolerance {tol:.3g}). Check that every "
                     f"midpoint is present exactly once and unperturbed, or raise rtol for noisy data.")


def _checked_midpoints(midpoints, rtol: float, max_directions: int) -> tuple[np.ndarray, tuple[int, ...], int]:
    """The midpoints as an (N, n) float array, their trailing shape and m with C(m, 2) = N (m ≥ 3)."""
    Y = check_finite(midpoints, "midpoints")
    if Y.ndim == 0 or len(Y) == 0:
        raise ValueError("no midpoints given; give the C(m, 2) midpoints of m ≥ 3 points.")
    Y2 = Y.reshape(len(Y), -1)
    m = _m_from_count(len(Y2))
    if m < 3:
        raise ValueError(f"{len(Y2)} midpoint(s) come from m = {m} points, which midpoints cannot determine "
                         f"(one midpoint fits infinitely many pairs); give at least 3 points' midpoints.")
    if not isinstance(max_directions, (int, np.integer)) or max_directions < 1:
        raise ValueError(f"max_directions must be a positive integer, got {max_directions!r}.")
    if not rtol > 0:
        raise ValueError(f"rtol must be > 0, got {rtol!r}.")
    return Y2, Y.shape[1:], m


def _fits_on_direction(Y2: np.ndarray, z: np.ndarray, order: np.ndarray, m: int, rtol_1d: float,
                       tol: float) -> tuple[list[tuple[np.ndarray, float, np.ndarray]], int, float]:
    """Every distinct set of points that reproduces the midpoints within ``tol``, from the projected sums
    ``z`` recovered in 1-D at ``rtol_1d``; with the number of 1-D candidates and the smallest residual."""
    candidates = recover_multiset_1d(z, rtol=rtol_1d)
    tol_1d = rtol_1d * max(1.0, float(np.max(np.abs(z))))
    found: list[tuple[np.ndarray, float, np.ndarray]] = []
    best_residual = math.inf
    for xhat in candidates:
        pairs = _assign_pairs(Y2, z, order, xhat, m, tol_1d)
        points, residual = _solve_pairs(Y2, pairs, m)
        best_residual = min(best_residual, residual)
        if residual <= tol and not any(match_points(points, p)[1] <= 4 * tol for p, _, _ in found):
            found.append((points, residual, pairs))
    return found, len(candidates), best_residual


def _assign_pairs(Y2: np.ndarray, z: np.ndarray, order: np.ndarray, xhat: np.ndarray, m: int,
                  tol_1d: float, max_cluster: int = 400, refine: bool = True) -> np.ndarray:
    """Pair (i, j) of every input midpoint: sorted observed projected sums matched with the sorted
    predicted sums x̂_i + x̂_j. The 1-D values are first refined by least squares on that matching
    (peeling leaves errors up to the tolerance; the refit leaves about the input's noise). Runs of
    near-ties (gaps within 4 × the largest 1-D misfit, or 8 tol without refit) are re-matched in
    R^n (min-cost assignment) against provisional points solved from the midpoints outside them."""
    i, j = np.triu_indices(m, k=1)
    zs = z[order]

    def match(x):
        porder = np.argsort(x[i] + x[j], kind="stable")
        return porder, (x[i] + x[j])[porder]

    porder, pred_sorted = match(xhat)
    if refine:
        s1 = np.zeros(m)
        np.add.at(s1, i[porder], zs)
        np.add.at(s1, j[porder], zs)
        xhat = (s1 - s1.sum() / (2 * m - 2)) / (m - 2)
        porder, pred_sorted = match(xhat)
        gap = 4 * float(np.max(np.abs(zs - pred_sorted))) + 1e-14 * max(1.0, float(np.max(np.abs(zs))))
        gap = min(gap, 8 * tol_1d)
    else:
        gap = 8 * tol_1d
    pairs = np.empty((len(Y2), 2), dtype=np.int64)
    pairs[order, 0] = i[porder]
    pairs[order, 1] = j[porder]
    close = (np.diff(zs) <= gap) | (np.diff(pred_sorted) <= gap)
    if not close.any() or Y2.shape[1] == 1:
        return pairs          # no near-ties, or one dimension: tied midpoints are equal numbers
    uncertain = np.zeros(len(Y2), dtype=bool)
    uncertain[:-1] |= close
    uncertain[1:] |= close
    sure = order[~uncertain]
    if len(sure) == 0:
        return pairs
    a, b = pairs[sure, 0], pairs[sure, 1]
    rhs = np.zeros((m, Y2.shape[1]))
    np.add.at(rhs, a, 2 * Y2[sure])
    np.add.at(rhs, b, 2 * Y2[sure])
    provisional = _solve_without_rows(rhs, pairs[order[uncertain]], m)
    from scipy.optimize import linear_sum_assignment

    edges = np.diff(np.r_[0, close.astype(np.int8), 0])
    for k, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        run = slice(k, end + 1)            # sorted positions k..end are one run of near-ties
        if end + 1 - k <= max_cluster:
            obs = order[run]
            ci, cj = i[porder[run]], j[porder[run]]
            guess = (provisional[ci] + provisional[cj]) / 2
            cost = np.linalg.norm(Y2[obs][:, None, :] - guess[None, :, :], axis=2)
            r, c = linear_sum_assignment(cost)
            pairs[obs[r], 0], pairs[obs[r], 1] = ci[c], cj[c]
    return pairs


def _ginv(V: np.ndarray, m: int) -> np.ndarray:
    """(A^T A)^{-1} V with A^T A = (m - 2) I + J."""
    return (V - V.sum(axis=0, keepdims=True) / (2 * m - 2)) / (m - 2)


def _solve_without_rows(rhs: np.ndarray, dropped: np.ndarray, m: int) -> np.ndarray:
    """Least squares for the points from all rows of A but the ``dropped`` pairs:
    (A^T A - U U^T) x = rhs by the Woodbury identity (k dropped rows: O(m k² + k³))."""
    k = len(dropped)
    if k > 4 * m:   # many near-ties (very noisy input): a dense solve
        G = (m - 2) * np.eye(m) + np.ones((m, m))
        np.add.at(G, (dropped[:, 0], dropped[:, 0]), -1.0)
        np.add.at(G, (dropped[:, 1], dropped[:, 1]), -1.0)
        np.add.at(G, (dropped[:, 0], dropped[:, 1]), -1.0)
        np.add.at(G, (dropped[:, 1], dropped[:, 0]), -1.0)
        return np.linalg.lstsq(G, rhs, rcond=None)[0]
    U = np.zeros((m, k))
    U[dropped[:, 0], np.arange(k)] = 1.0
    U[dropped[:, 1], np.arange(k)] = 1.0
    y, GU = _ginv(rhs, m), _ginv(U, m)
    K = np.eye(k) - U.T @ GU
    return y + GU @ np.linalg.lstsq(K, U.T @ y, rcond=None)[0]


def _solve_pairs(Y2: np.ndarray, pairs: np.ndarray, m: int) -> tuple[np.ndarray, float]:
    s = np.zeros((m, Y2.shape[1]))
    np.add.at(s, pairs[:, 0], 2 * Y2)
    np.add.at(s, pairs[:, 1], 2 * Y2)
    total = s.sum(axis=0) / (2 * m - 2)
    points = (s - total) / (m - 2)
    residual = float(np.max(np.abs((points[pairs[:, 0]] + points[pairs[:, 1]]) / 2 - Y2)))
    return points, residual


def match_points(recovered, original) -> tuple[np.ndarray, float]:
    """The order of ``recovered`` that best matches ``original`` (min-cost assignment on the largest
    coordinate gap) and the largest coordinate error after matching."""
    from scipy.optimize import linear_sum_assignment

    R = check_finite(recovered, "recovered").reshape(len(recovered), -1)
    O = check_finite(original, "original").reshape(len(original), -1)
    if R.shape != O.shape:
        raise ValueError(f"recovered {R.shape} and original {O.shape} must have the same shape.")
    cost = np.max(np.abs(O[:, None, :] - R[None, :, :]), axis=2)
    r, c = linear_sum_assignment(cost)
    return c, float(np.max(cost[r, c]))
