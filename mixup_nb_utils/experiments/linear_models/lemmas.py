"""The chapter "Linear models" (paper §3.2, App. E): the max-margin example, Lemma 3.7 and Lemma E.1.

One interpolating dataset and its max-margin solution (Definitions 3.3, 3.4); the probability that
random data interpolate, against Lemma 3.7's threshold; the Hessian of the Mixup logistic loss
(Lemma E.1), symbolically and on a grid of |θ|. Each run draws from its own generator,
``make_generators(settings.seed + offset)``, so its numbers do not depend on which runs came before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import sympy as sp

from ...config import LinearModelsSettings
from ...device import make_generators
from ...mixup.mixing import BetaMixing
from ...theory.linear import (MaxMarginResult, interpolation_probability, is_interpolating,
                              lemma_3_7_threshold, max_margin_solution, span_basis)
from ...theory.mixup_logistic import mixup_logistic_hessian


def balanced_labels(n: int, n_pos: int | None = None) -> np.ndarray:
    """Labels +1 for the first ``n_pos`` points (default n // 2) and -1 for the rest."""
    n = int(n)
    n_pos = n // 2 if n_pos is None else int(n_pos)
    if not 0 < n_pos < n:
        raise ValueError(f"n_pos must lie in 1..{n - 1} so that both classes are present, got {n_pos}.")
    return np.where(np.arange(n) < n_pos, 1.0, -1.0)


# ----------------------------------------------------------------------------- one dataset (Definitions 3.3, 3.4)

@dataclass(frozen=True)
class MaxMarginExample:
    """One balanced Gaussian dataset (fit_n points in R^fit_d), its max-margin solution, and whether it interpolates."""

    X: np.ndarray
    y: np.ndarray
    solution: MaxMarginResult
    interpolates: bool


def max_margin_example(settings: LinearModelsSettings) -> MaxMarginExample:
    """The dataset of the chapter's first section: ``fit_n`` points from N(0, I_{fit_d}), balanced classes."""
    rng = make_generators(settings.seed).numpy
    X = rng.standard_normal((settings.fit_n, settings.fit_d))
    y = balanced_labels(settings.fit_n)
    sol = max_margin_solution(X, y)
    return MaxMarginExample(X, y, sol, is_interpolating(X, y, sol.direction))


# ----------------------------------------------------------------------------- Lemma 3.7

@dataclass(frozen=True)
class Lemma37Curve:
    """Monte-Carlo P[max margin interpolates] on a grid of d for one n (Lemma 3.7).

    ``threshold`` = 10 n ln n + n - 1, ``bound`` = 1 - 2/n; ``prob_at_threshold`` is P at the first grid d
    above the threshold; ``d_bound`` and ``d_99`` are the smallest grid d from which on every P is at
    least the bound, resp. 0.99.
    """

    n: int
    dims: np.ndarray
    prob: np.ndarray
    draws: int
    threshold: float
    bound: float
    prob_at_threshold: float
    d_bound: int
    d_99: int

    @property
    def failure(self) -> np.ndarray:
        """1 - P, the probability that the max margin does not interpolate."""
        return 1.0 - self.prob

    @property
    def failure_upper_95(self) -> float:
        """A 95% upper bound on 1 - P where no draw failed: -ln(0.05)/draws ≈ 3/draws ("rule of three")."""
        return -math.log(0.05) / self.draws


@dataclass(frozen=True)
class Lemma37Scan:
    """One :class:`Lemma37Curve` per dataset size n."""

    curves: tuple[Lemma37Curve, ...]

    def curve(self, n: int) -> Lemma37Curve:
        """The curve of size ``n``."""
        for c in self.curves:
            if c.n == int(n):
                return c
        raise ValueError(f"no curve for n = {n}; the scan has n = {[c.n for c in self.curves]}.")

    @property
    def conservatism(self) -> np.ndarray:
        """threshold / d_bound per n: by how much the lemma's dimension exceeds the one where P ≥ 1 - 2/n."""
        return np.array([c.threshold / c.d_bound for c in self.curves])


def lemma_3_7_scan(ns: Sequence[int], grid: int, draws: int, rng: np.random.Generator,
                   stretch: float = 1.25) -> Lemma37Scan:
    """P[max margin interpolates] (:func:`~mixup_nb_utils.theory.linear.interpolation_probability`) on a
    geometric grid of ``grid`` dimensions d in [n, stretch × threshold] (plus the first integer above the
    threshold) for each n of ``ns``, ``draws`` Wishart draws per (n, d)."""
    if int(grid) < 2 or int(draws) < 1 or not stretch > 1:
        raise ValueError(f"need grid >= 2, draws >= 1 and stretch > 1, got {grid}, {draws}, {stretch}.")
    curves = []
    for n in ns:
        n = int(n)
        thr = lemma_3_7_threshold(n)
        dims = np.unique(np.geomspace(n, stretch * thr, int(grid)).astype(int))
        dims = np.union1d(dims, [int(math.floor(thr)) + 1])
        prob = np.array([interpolation_probability(n, d, draws, rng) for d in dims])
        bound = 1.0 - 2.0 / n

        def first_from(level: float) -> int:
            below = np.flatnonzero(prob < level)
            return int(dims[below[-1] + 1]) if below.size else int(dims[0])

        curves.append(Lemma37Curve(n, dims, prob, int(draws), thr, bound, float(prob[dims > thr][0]),
                                   first_from(bound), first_from(0.99)))
    return Lemma37Scan(tuple(curves))


def lemma_3_7(settings: LinearModelsSettings) -> Lemma37Scan:
    """:func:`lemma_3_7_scan` at the chapter's ``lemma37_ns``, ``lemma37_grid`` and ``lemma37_draws``."""
    return lemma_3_7_scan(settings.lemma37_ns, settings.lemma37_grid, settings.lemma37_draws,
                          make_generators(settings.seed + 1).numpy)


# ----------------------------------------------------------------------------- Lemma E.1

@dataclass(frozen=True)
class SymbolicChecks:
    """Sympy's simplifications behind Lemma E.1 and Part I of Theorem 3.5 (each should print as 0).

    ``eq2_minus_eq10_slope`` and ``eq2_minus_eq10_at_0``: (2) and (10) differ by a constant that is 0;
    ``hessian_minus_eq11``: the Hessian of (10) is (11); ``h_slope_at_0`` = h'_λ(0) (equation 6);
    ``eq5_minus_closed_form``: equation 5; ``h_near_half``: h_λ(k) expanded in c = 1 - 2λ.
    """

    eq2_minus_eq10_slope: sp.Expr
    eq2_minus_eq10_at_0: sp.Expr
    hessian_minus_eq11: sp.Matrix
    h_slope_at_0: sp.Expr
    eq5_minus_closed_form: sp.Expr
    h_near_half: sp.Expr

    @property
    def identities_hold(self) -> bool:
        """Whether sympy reduced every identity of (2), (5), (10), (11) to zero."""
        return bool(self.eq2_minus_eq10_slope == 0 and self.eq2_minus_eq10_at_0 == 0
                    and self.hessian_minus_eq11.is_zero_matrix and self.eq5_minus_closed_form == 0)


def symbolic_checks() -> SymbolicChecks:
    """The algebra of Lemma E.1 (equations 2, 10, 11) and of Part I (equations 4 to 6), by sympy."""
    lam, s, k, c = sp.symbols("lambda s k c", real=True)
    t1, t2, f1, f2 = sp.symbols("theta1 theta2 f1 f2", real=True)
    eq2 = lam * sp.log(1 + sp.exp(-s)) + (1 - lam) * sp.log(1 + sp.exp(s))
    eq10 = sp.log(1 + sp.exp(-s)) + (1 - lam) * s
    u = t1 * f1 + t2 * f2
    F = sp.log(1 + sp.exp(-u)) + (1 - lam) * u
    sigma_prime = sp.exp(-u) / (1 + sp.exp(-u)) ** 2
    f = sp.Matrix([f1, f2])
    hess = sp.simplify(sp.hessian(F, (t1, t2)) - sigma_prime * f * f.T)
    h = lam * sp.log(1 + sp.exp((1 - 2 * lam) * k)) + (1 - lam) * sp.log(1 + sp.exp((2 * lam - 1) * k))
    rhs5 = (1 - 2 * lam) * sp.log((1 + sp.exp((1 - 2 * lam) * k)) / (1 + sp.exp((2 * lam - 1) * k)))
    h_c = ((1 - c) / 2) * sp.log(1 + sp.exp(c * k)) + ((1 + c) / 2) * sp.log(1 + sp.exp(-c * k))
    return SymbolicChecks(
        eq2_minus_eq10_slope=sp.simplify(sp.diff(eq2 - eq10, s)),
        eq2_minus_eq10_at_0=sp.simplify((eq2 - eq10).subs(s, 0)),
        hessian_minus_eq11=hess,
        h_slope_at_0=sp.factor(sp.simplify(sp.diff(h, k).subs(k, 0))),
        eq5_minus_closed_form=sp.simplify(sp.expand_log(h.subs(k, -k) - h - rhs5, force=True)),
        h_near_half=sp.series(h_c, c, 0, 4),
    )


@dataclass(frozen=True)
class HessianScan:
    """Lemma E.1 on two random points of R^dimension, one per class, cross-class term only.

    ``min_eigenvalue[a, t]``: the smallest eigenvalue of the Hessian restricted to the span, for law
    ``laws[a]`` at θ = ``norms[t]`` × a fixed unit direction of the span; ``rank[a, t]``: its rank on R^dimension.
    """

    laws: tuple[str, ...]
    norms: tuple[float, ...]
    dimension: int
    min_eigenvalue: np.ndarray
    rank: np.ndarray


def lemma_e1_hessians(settings: LinearModelsSettings) -> HessianScan:
    """The Hessian (equation 11) of the cross-class Mixup loss of two points, Beta(α, α) for α in ``e1_alphas``."""
    rng = make_generators(settings.seed + 2).numpy
    two = rng.standard_normal((2, settings.e1_d))
    y_two = np.array([1.0, -1.0])
    Q = span_basis(two)
    direction = Q @ rng.standard_normal(2)
    direction /= np.linalg.norm(direction)
    eig = np.zeros((len(settings.e1_alphas), len(settings.e1_norms)))
    rank = np.zeros(eig.shape, dtype=int)
    for a, alpha in enumerate(settings.e1_alphas):
        for t, norm in enumerate(settings.e1_norms):
            H = mixup_logistic_hessian(norm * direction, two, y_two, alpha, nodes=settings.nodes, pairs="cross")
            eig[a, t] = np.linalg.eigvalsh(Q.T @ H @ Q).min()
            rank[a, t] = np.linalg.matrix_rank(H, tol=1e-9)
    return HessianScan(tuple(BetaMixing(a).name for a in settings.e1_alphas), settings.e1_norms,
                       settings.e1_d, eig, rank)
