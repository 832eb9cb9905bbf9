"""Points from their unordered midpoints (paper §2.5, Theorem 2.11, Appendix C.2).

Notation of the paper's Appendix C.2: ``A`` is the C(m, 2) × m *Mixup matrix*, one row
``e_i + e_j`` per unordered pair i < j, so ``A x = 2 × (the midpoints)`` for points ``x``.

Exact side (integer arithmetic only):

- :func:`mixup_matrix`, :func:`exact_rank` (fraction-free Gaussian elimination on Python ints);
- :func:`lemma_c2_search`: an exhaustive search for the matrices ``M`` with ``P A = A M`` for some
  row permutation ``P`` (Lemma C.2 holds for m exactly when every such ``M`` is a permutation);
- :func:`claim2_sweep`: Claim 2 checked over every way of removing m - 1 rows.

Numerical side:

- :func:`recover_multiset_1d`: every multiset of m numbers with a given multiset of pairwise sums;
- :func:`recover_points`: the m points of R^n from their shuffled C(m, 2) midpoints.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from .validation import check_finite, check_labels, check_points

# ----------------------------------------------------------------------------------------------
# The Mixup matrix and exact ranks
# ----------------------------------------------------------------------------------------------


def pair_list(m: int) -> list[tuple[int, int]]:
    """The C(m, 2) unordered pairs (i, j), i < j, in lexicographic order: the rows of A."""
    m = _check_m(m, minimum=1)
    return list(itertools.combinations(range(m), 2))


def mixup_matrix(m: int) -> np.ndarray:
    """The Mixup matrix A of Appendix C.2: C(m, 2) × m integers, row (i, j) equal to e_i + e_j."""
    pairs = pair_list(m)
    A = np.zeros((len(pairs), m), dtype=np.int64)
    for r, (i, j) in enumerate(pairs):
        A[r, i] = A[r, j] = 1
    return A


def midpoints_of(points) -> np.ndarray:
    """All C(m, 2) midpoints (x_i + x_j)/2, i < j, in the order of :func:`pair_list`.

    ``points`` has shape (m,) or (m, ...); the midpoints keep the trailing shape."""
    X = check_finite(points, "points")
    if X.ndim == 0 or len(X) < 2:
        raise ValueError("give at least two points to form a midpoint.")
    i, j = np.triu_indices(len(X), k=1)
    return (X[i] + X[j]) / 2


def exact_rank(matrix: Sequence[Sequence[int]] | np.ndarray) -> int:
    """Rank of an integer matrix over the rationals, by fraction-free (Bareiss) elimination.

    Every intermediate is an exact Python integer, so no round-off can change the answer."""
    a = np.asarray(matrix)
    if a.ndim != 2:
        raise ValueError(f"exact_rank needs a 2-D matrix, got shape {a.shape}.")
    if a.size == 0:
        return 0
    if a.dtype.kind == "f" and not np.all(np.isfinite(a) & (a == np.round(a))):
        raise ValueError("exact_rank needs an integer matrix; scale rational entries to integers first.")
    if a.dtype.kind not in "biuf" and not all(isinstance(v, int) for v in a.ravel().tolist()):
        raise ValueError("exact_rank needs an integer matrix; scale rational entries to integers first.")
    rows = [[int(v) for v in row] for row in a.tolist()]
    n_cols = len(rows[0])
    rank, prev = 0, 1
    for col in range(n_cols):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        p = rows[rank][col]
        for r in range(rank + 1, len(rows)):
            # Bareiss step: the division by the previous pivot is exact.
            rows[r] = [(p * rows[r][c] - rows[r][col] * rows[rank][c]) // prev for c in range(n_cols)]
        prev = p
        rank += 1
        if rank == len(rows):
            break
    return rank


def incidence_rank_formula(m: int, edges: Iterable[tuple[int, int]]) -> int:
    """Rank of the unsigned vertex-edge incidence matrix of a graph on m vertices:
    m minus the number of bipartite connected components (isolated vertices count as bipartite)."""
    adj: list[list[int]] = [[] for _ in range(m)]
    for a, b in edges:
        adj[a].append(b)
        adj[b].append(a)
    colour = [-1] * m
    bipartite_components = 0
    for start in range(m):
        if colour[start] >= 0:
            continue
        colour[start], stack, ok = 0, [start], True
        while stack:
            v = stack.pop()
            for w in adj[v]:
                if colour[w] < 0:
                    colour[w] = 1 - colour[v]
                    stack.append(w)
                elif colour[w] == colour[v]:
                    ok = False
        bipartite_components += ok
    return m - bipartite_components


# ----------------------------------------------------------------------------------------------
# Lemma C.2 by exhaustive search
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LemmaSearch:
    """What :func:`lemma_c2_search` found for one m.

    ``solutions``: the number of m × m matrices M with P A = A M for some row permutation P
    (each such M fixes P); ``permutations``: how many of them are permutation matrices (m!);
    ``examples``: up to a few non-permutation M (entries are multiples of 1/2, stored as floats);
    ``nodes``: search nodes visited (a measure of the work)."""

    m: int
    solutions: int
    permutations: int
    examples: tuple[np.ndarray, ...] = field(default=())
    nodes: int = 0

    @property
    def lemma_holds(self) -> bool:
        """Lemma C.2 for this m: every P with rank [A, PA] = m permutes the columns of A."""
        return self.solutions == self.permutations


def lemma_c2_search(m: int, max_examples: int = 3, use_symmetry: bool = True) -> LemmaSearch:
    """All M with P A = A M (P a row permutation), found by an exhaustive backtracking search.

    Why this is exhaustive: for m ≥ 3, A has full column rank m, so rank [A, PA] = m exactly when
    PA = A M for a unique M. Row (i, j) of A M is r_i + r_j (r_i the rows of M), and row (i, j) of
    PA is an edge indicator e_a + e_b, the map {i, j} → {a, b} being a bijection of the edges of K_m.
    The images f_12, f_13, f_23 of one triangle fix r_1 = (f_12 + f_13 - f_23)/2, r_2, r_3, and then
    the image f_1k of each edge {1, k} fixes r_k = f_1k - r_1. The search tries every choice and
    keeps those for which every r_i + r_j is an edge and all C(m, 2) edges are distinct.

    With ``use_symmetry`` the search fixes f_12 = {0, 1} and f_13 to one representative of each of
    its two orbits under relabelling the target vertices (sharing a vertex with f_12 or not), and
    multiplies the counts by the orbit sizes; without it, every ordered choice is tried."""
    m = _check_m(m, minimum=3)
    edges = list(itertools.combinations(range(m), 2))
    vec = [tuple(1 if c in e else 0 for c in range(m)) for e in edges]
    doubled_index = {tuple(2 * v for v in vec[e]): e for e in range(len(edges))}
    E = len(edges)
    counts = {"solutions": 0, "perms": 0, "nodes": 0}
    examples: list[np.ndarray] = []

    def add(u, v, s=1):
        return tuple(a + s * b for a, b in zip(u, v))

    def is_perm(rows) -> bool:
        return all(sorted(r) == [0] * (m - 1) + [2] for r in rows) and len({r.index(2) for r in rows}) == m

    def extend(rows: list[tuple[int, ...]], used: set[int]) -> int:
        """Depth-first: choose f_1k for the next k; returns the number of completions found."""
        counts["nodes"] += 1
        k = len(rows)
        if k == m:
            counts["solutions"] += 1
            if is_perm(rows):
                counts["perms"] += 1
            elif len(examples) < max_examples:
                examples.append(np.array(rows, dtype=float) / 2)
            return 1
        found = 0
        d1 = rows[0]
        for f in range(E):
            if f in used:
                continue
            dk = add(tuple(2 * v for v in vec[f]), d1, -1)   # 2 r_k = 2 f_1k - 2 r_1
            new_used = {f}
            ok = True
            for j in range(1, k):
                g = doubled_index.get(add(rows[j], dk))
                if g is None or g in used or g in new_used:
                    ok = False
                    break
                new_used.add(g)
            if ok:
                found += extend(rows + [dk], used | new_used)
        return found

    def start(f12: int, f13: int) -> int:
        total = 0
        for f23 in range(E):
            if f23 in (f12, f13):
                continue
            a, b, c = vec[f12], vec[f13], vec[f23]
            d1 = tuple(x + y - z for x, y, z in zip(a, b, c))
            d2 = tuple(x + z - y for x, y, z in zip(a, b, c))
            d3 = tuple(y + z - x for x, y, z in zip(a, b, c))
            total += extend([d1, d2, d3], {f12, f13, f23})
        return total

    if use_symmetry:
        f12 = edges.index((0, 1))
        orbits = [(edges.index((0, 2)), 2 * (m - 2))]
        if m >= 4:
            orbits.append((edges.index((2, 3)), (m - 2) * (m - 3) // 2))
        solutions = perms = 0
        for f13, size in orbits:
            before = dict(counts)
            start(f12, f13)
            solutions += E * size * (counts["solutions"] - before["solutions"])
            perms += E * size * (counts["perms"] - before["perms"])
    else:
        for f12 in range(E):
            for f13 in range(E):
                if f13 != f12:
                    start(f12, f13)
        solutions, perms = counts["solutions"], counts["perms"]
    return LemmaSearch(m=m, solutions=solutions, permutations=perms, examples=tuple(examples),
                       nodes=counts["nodes"])


def row_permutation_for(M: np.ndarray) -> np.ndarray:
    """The row permutation P (as a 0/1 matrix) with P A = A M, for an M found by :func:`lemma_c2_search`."""
    M = np.asarray(M, dtype=float)
    m = M.shape[0]
    A = mixup_matrix(m)
    AM = A @ M
    rows = {tuple(r): k for k, r in enumerate(A.astype(float).tolist())}
    P = np.zeros((len(A), len(A)), dtype=np.int64)
    for k, r in enumerate(AM.tolist()):
        target = rows.get(tuple(float(v) for v in r))
        if target is None:
            raise ValueError(f"row {k} of A M is not a row of A: M does not come from a row permutation.")
        P[k, target] = 1
    if not np.array_equal(P.sum(axis=0), np.ones(len(A), dtype=np.int64)):
        raise ValueError("A M repeats a row of A: M does not come from a row permutation.")
    return P


# ----------------------------------------------------------------------------------------------
# Claim 2 over every choice of the deleted rows
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim2Sweep:
    """Claim 2 for one m: over every set D of m - 1 edges of K_m that is not a star (C_1 with no
    all-one column), the rank of C_2 (the incidence matrix of K_m minus D)."""

    m: int
    subsets: int          # non-star (m - 1)-edge subsets checked
    deficient: int        # how many leave rank(C_2) < m
    example: tuple[tuple[int, int], ...] | None   # one deleted set D with rank(C_2) < m
    exact: bool           # ranks computed by exact elimination (else by the bipartite formula)


def claim2_sweep(m: int, exact: bool = True) -> Claim2Sweep:
    """Check Claim 2 of Appendix C.2 for every admissible C_1 (exhaustive over (m-1)-edge subsets).

    Rank of C_2 by :func:`exact_rank` (``exact=True``) or by :func:`incidence_rank_formula`."""
    m = _check_m(m, minimum=3)
    edges = list(itertools.combinations(range(m), 2))
    stars = {frozenset(e for e in edges if v in e) for v in range(m)}
    subsets = deficient = 0
    example = None
    for D in itertools.combinations(edges, m - 1):
        if frozenset(D) in stars:
            continue
        subsets += 1
        kept = [e for e in edges if e not in D]
        if exact:
            C2 = np.zeros((len(kept), m), dtype=np.int64)
            for r, (a, b) in enumerate(kept):
                C2[r, a] = C2[r, b] = 1
            rank = exact_rank(C2)
        else:
            rank = incidence_rank_formula(m, kept)
        if rank < m:
            deficient += 1
            example = example or tuple(D)
    return Claim2Sweep(m=m, subsets=subsets, deficient=deficient, example=example, exact=exact)


def turan_margin(m: int) -> int:
    """C(m, 2) - (m - 1) - m²/4, times 4 (an integer): positive exactly when Claim 2's Turán step applies."""
    return 4 * (m * (m - 1) // 2 - (m - 1)) - m * m


# ----------------------------------------------------------------------------------------------
# Pairwise sums of numbers (the one-dimensional problem)
# ----------------------------------------------------------------------------------------------


def pairwise_sums(x) -> list:
    """The sorted multiset {x_i + x_j : i < j}; exact for Python ints and Fractions."""
    vals = list(x)
    return sorted(a + b for a, b in itertools.combinations(vals, 2))


def reflected_set(x) -> list:
    """For m = 4 numbers (or points): x ↦ (x_1 + x_2 + x_3 + x_4)/2 - x, which has the same pairwise
    sums because (S/2 - x_i) + (S/2 - x_j) = x_k + x_l for {k, l} = the complement of {i, j}."""
    vals = list(x)
    if len(vals) != 4:
        raise ValueError(f"the reflection trick needs exactly 4 values, got {len(vals)}.")
    total = sum(vals[1:], vals[0])
    return [total / 2 - v if not isinstance(v, int) else _half(total) - v for v in vals]


def doubled_example(a, b, t) -> tuple[list, list]:
    """From two different 4-sets a, b with equal pairwise sums and a shift t: the 8-sets
    a ∪ (b + t) and b ∪ (a + t), which again share all their pairwise sums."""
    a, b = list(a), list(b)
    return a + [v + t for v in b], b + [v + t for v in a]


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
    midpoints work for m = 300 but not for m = 1000; float64 round-off is fine up to m = 1000 at least).

    Raises ValueError when N is not C(m, 2) for some m ≥ 3, when no set of points reproduces the
    midpoints within ``rtol`` (relative to their largest magnitude), and
    :class:`AmbiguousMidpointsError` when several different sets do (m = 4 always: reflecting the
    points through their centroid keeps every midpoint)."""
    Y = check_finite(midpoints, "midpoints")
    if Y.ndim == 0 or len(Y) == 0:
        raise ValueError("no midpoints given; give the C(m, 2) midpoints of m ≥ 3 points.")
    trailing = Y.shape[1:]
    Y2 = Y.reshape(len(Y), -1)
    m = _m_from_count(len(Y2))
    if m < 3:
        raise ValueError(f"{len(Y2)} midpoint(s) come from m = {m} points, which midpoints cannot determine "
                         f"(one midpoint fits infinitely many pairs); give at least 3 points' midpoints.")
    if not isinstance(max_directions, (int, np.integer)) or max_directions < 1:
        raise ValueError(f"max_directions must be a positive integer, got {max_directions!r}.")
    if not rtol > 0:
        raise ValueError(f"rtol must be > 0, got {rtol!r}.")
    scale = max(1.0, float(np.max(np.abs(Y2))))
    tol = rtol * scale
    n = Y2.shape[1]
    rng = np.random.default_rng(seed)
    best_residual = math.inf
    # 1-D tolerances from float64 round-off up to the caller's rtol, tightest first: the tighter the
    # tolerance that still explains every sum, the fewer projected near-ties need re-matching
    tolerances_1d = sorted({t for t in 10.0 ** np.arange(-11, 0) if t < rtol} | {rtol})
    for attempt in range(1, int(max_directions) + 1):
        u = rng.standard_normal(n)
        u /= np.linalg.norm(u)
        z = 2 * (Y2 @ u)
        order = np.argsort(z, kind="stable")
        for rtol_1d in tolerances_1d:
            candidates = recover_multiset_1d(z, rtol=rtol_1d)
            tol_1d = rtol_1d * max(1.0, float(np.max(np.abs(z))))
            found: list[tuple[np.ndarray, float, np.ndarray]] = []
            for xhat in candidates:
                pairs = _assign_pairs(Y2, z, order, xhat, m, tol_1d)
                points, residual = _solve_pairs(Y2, pairs, m)
                best_residual = min(best_residual, residual)
                if residual <= tol and not any(_same_set(points, p, tol) for p, _, _ in found):
                    found.append((points, residual, pairs))
            if len(found) == 1:
                points, residual, pairs = found[0]
                out = points.reshape((m,) + trailing)
                if return_info:
                    return out, RecoveryInfo(m, attempt, len(candidates), residual, pairs)
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


def _same_set(p: np.ndarray, q: np.ndarray, tol: float) -> bool:
    from scipy.optimize import linear_sum_assignment

    cost = np.max(np.abs(p[:, None, :] - q[None, :, :]), axis=2)
    r, c = linear_sum_assignment(cost)
    return bool(np.max(cost[r, c]) <= 4 * tol)


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


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------


def _check_m(m, minimum: int) -> int:
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < minimum:
        raise ValueError(f"m must be an integer >= {minimum}, got {m!r}.")
    return int(m)


def _m_from_count(count: int) -> int:
    m = int(round((1 + math.sqrt(1 + 8 * count)) / 2))
    if m * (m - 1) // 2 != count:
        raise ValueError(f"{count} values is not C(m, 2) for any m: the midpoints (pairwise sums) of m points "
                         f"number m(m-1)/2 (3, 6, 10, 15, ...); check for missing or duplicated entries.")
    return m


def _half(total):
    from fractions import Fraction

    return Fraction(total, 2) if total % 2 else total // 2


# ----------------------------------------------------------------------------- training on midpoints only

@dataclass(frozen=True)
class MidpointTraining:
    """Final training errors on the original points (one per seed) and softmax outputs (seeds, m, k)."""

    erm_errors: np.ndarray
    midpoint_errors: np.ndarray
    erm_probs: np.ndarray
    midpoint_probs: np.ndarray


def train_on_midpoints(X, y, seeds: Sequence[int], epochs: int, hidden: int = 512, lr: float = 1e-3,
                       device=None) -> MidpointTraining:
    """ERM against training on the λ = 1/2 midpoints of distinct pairs only (the α → ∞ limit of Mixup
    without self-pairs), as two vectorised ensembles with one member per seed. A seed gives the same
    initial weights in both ensembles, so each seed is a paired comparison. Full-batch Adam.
    """
    from .training import ERM, FixedMixtures, Member, train_ensemble

    m = len(X)
    if m < 2:
        raise ValueError("training on midpoints needs at least 2 points.")
    common = dict(hidden=hidden, epochs=int(epochs), lr=lr, record_every=int(epochs), device=device)
    erm = train_ensemble(X, y, [Member(ERM(), seed=int(s)) for s in seeds], **common)
    mid = train_ensemble(X, y, [Member(FixedMixtures.midpoints(m), seed=int(s)) for s in seeds], **common)
    return MidpointTraining(erm.errors[:, -1], mid.errors[:, -1], erm.probs, mid.probs)


def conflict_distances(X, y) -> np.ndarray:
    """For each point x_a: the distance to the nearest midpoint (x_i + x_j)/2, i < j, whose two source
    classes both differ from y_a (a mixed point that carries none of x_a's label)."""
    X = check_points(X)
    m = len(X)
    y, _ = check_labels(y, m)
    i, j = np.triu_indices(m, k=1)
    mids = (X[i] + X[j]) / 2
    out = np.full(m, np.inf)
    for a in range(m):
        ok = (y[i] != y[a]) & (y[j] != y[a])
        if ok.any():
            out[a] = np.sqrt(((mids[ok] - X[a]) ** 2).sum(axis=1)).min()
    return out
