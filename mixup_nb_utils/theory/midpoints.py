"""Points from their unordered midpoints, the exact side (paper §2.5, Theorem 2.11, Appendix C.2).

Notation of the paper's Appendix C.2: ``A`` is the C(m, 2) × m *Mixup matrix*, one row
``e_i + e_j`` per unordered pair i < j, so ``A x = 2 × (the midpoints)`` for points ``x``.
Integer arithmetic only:

- :func:`mixup_matrix`, :func:`exact_rank` (fraction-free Gaussian elimination on Python ints);
- :func:`lemma_c2_search`: an exhaustive search for the matrices ``M`` with ``P A = A M`` for some
  row permutation ``P`` (Lemma C.2 holds for m exactly when every such ``M`` is a permutation);
- :func:`claim2_sweep`: Claim 2 checked over every way of removing m - 1 rows;
- :func:`pairwise_sums`, :func:`reflected_set`, :func:`doubled_example`: sets of numbers that share
  their pairwise sums (exact for ints and Fractions).

The numerical side (recovering points from shuffled midpoints in floating point) is
:mod:`mixup_nb_utils.theory.recovery`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from ..validation import check_finite

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
    search = _EdgeMapSearch(m, max_examples)
    E, edges = len(search.edges), search.edges
    if use_symmetry:
        f12 = edges.index((0, 1))
        orbits = [(edges.index((0, 2)), 2 * (m - 2))]
        if m >= 4:
            orbits.append((edges.index((2, 3)), (m - 2) * (m - 3) // 2))
        solutions = perms = 0
        for f13, size in orbits:
            before_solutions, before_perms = search.solutions, search.perms
            search.start(f12, f13)
            solutions += E * size * (search.solutions - before_solutions)
            perms += E * size * (search.perms - before_perms)
    else:
        for f12 in range(E):
            for f13 in range(E):
                if f13 != f12:
                    search.start(f12, f13)
        solutions, perms = search.solutions, search.perms
    return LemmaSearch(m=m, solutions=solutions, permutations=perms, examples=tuple(search.examples),
                       nodes=search.nodes)


class _EdgeMapSearch:
    """The backtracking of :func:`lemma_c2_search`: rows kept doubled (2 r_i) so that they stay integers.

    ``start(f12, f13)`` tries every image f_23 of the third edge of the triangle {1, 2, 3}, which fixes
    r_1, r_2, r_3; ``extend`` then chooses f_1k for each further k. Counts of solutions, of those that
    are permutation matrices, and of visited nodes accumulate on the object.
    """

    def __init__(self, m: int, max_examples: int) -> None:
        self.m, self.max_examples = m, max_examples
        self.edges = list(itertools.combinations(range(m), 2))
        self.vec = [tuple(1 if c in e else 0 for c in range(m)) for e in self.edges]
        self.doubled_index = {tuple(2 * v for v in self.vec[e]): e for e in range(len(self.edges))}
        self.solutions = self.perms = self.nodes = 0
        self.examples: list[np.ndarray] = []

    def is_perm(self, rows) -> bool:
        m = self.m
        return all(sorted(r) == [0] * (m - 1) + [2] for r in rows) and len({r.index(2) for r in rows}) == m

    def extend(self, rows: list[tuple[int, ...]], used: set[int]) -> int:
        """Depth-first: choose f_1k for the next k; returns the number of completions found."""
        self.nodes += 1
        k = len(rows)
        if k == self.m:
            self.solutions += 1
            if self.is_perm(rows):
                self.perms += 1
            elif len(self.examples) < self.max_examples:
                self.examples.append(np.array(rows, dtype=float) / 2)
            return 1
        found = 0
        for f in range(len(self.edges)):
            if f in used:
                continue
            dk = tuple(2 * v - d for v, d in zip(self.vec[f], rows[0]))   # 2 r_k = 2 f_1k - 2 r_1
            new_used = {f}
            for j in range(1, k):
                g = self.doubled_index.get(tuple(a + b for a, b in zip(rows[j], dk)))
                if g is None or g in used or g in new_used:
                    break
                new_used.add(g)
            else:
                found += self.extend(rows + [dk], used | new_used)
        return found

    def start(self, f12: int, f13: int) -> int:
        total = 0
        for f23 in range(len(self.edges)):
            if f23 in (f12, f13):
                continue
            a, b, c = self.vec[f12], self.vec[f13], self.vec[f23]
            d1 = tuple(x + y - z for x, y, z in zip(a, b, c))
            d2 = tuple(x + z - y for x, y, z in zip(a, b, c))
            d3 = tuple(y + z - x for x, y, z in zip(a, b, c))
            total += self.extend([d1, d2, d3], {f12, f13, f23})
        return total


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
