"""The chapter "Linear models" (paper §3.2, App. E): every run the chapter shows, as functions of its settings.

The solvers are :mod:`mixup_nb_utils.theory.linear` (max margin, interpolation, Lemma 3.7, ERM gradient
descent) and :mod:`mixup_nb_utils.theory.mixup_logistic` (the exact Mixup logistic minimiser); this module
draws the chapter's datasets from its seeds, loops over its laws, dimensions and class splits, and
returns the results as dataclasses. :func:`claims` builds the chapter's "Claims checked" rows from them.

Each run draws from its own generator, ``make_generators(settings.seed + offset)``, so a run's
numbers do not depend on which other runs were made before it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import sympy as sp
from scipy import stats

from ..config import LinearModelsSettings
from ..device import make_generators
from ..mixup.mixing import BetaMixing, MixingSpec, ScipyMixing
from ..theory.linear import (MaxMarginResult, cosine, disagreement, interpolation_probability,
                             is_interpolating, lemma_3_7_threshold, logistic_gd, margins, max_margin,
                             max_margin_interpolates, max_margin_solution, span_basis)
from ..theory.mixup_logistic import (Pairs, class_margins, erm_direction, expected_two_point_loss,
                                     mixup_logistic_hessian, mixup_logistic_minimizer, predicted_direction,
                                     two_point_scale)
from ..training.linear_sgd import mixup_sgd
from .linear_models_claims import claims, fmt_gap


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


# ----------------------------------------------------------------------------- Theorem 3.5, Parts I and II

UNIFORM = "Beta(1, 1) = uniform"
TRUNCATED_NORMAL = "truncated normal"


def part_one_laws(settings: LinearModelsSettings) -> dict[str, MixingSpec]:
    """The symmetric laws of Part I: Beta(α, α) for α in ``scale_alphas`` (Beta(1, 1) named as the uniform law,
    listed after them) and a normal law of mean 1/2 and scale 0.2 truncated to [0, 1]."""
    laws: dict[str, MixingSpec] = {BetaMixing(a).name: BetaMixing(a) for a in settings.scale_alphas}
    if "Beta(1, 1)" in laws:
        laws[UNIFORM] = laws.pop("Beta(1, 1)")
    laws[TRUNCATED_NORMAL] = ScipyMixing(stats.truncnorm(-2.5, 2.5, loc=0.5, scale=0.2), TRUNCATED_NORMAL)
    return laws


@dataclass(frozen=True)
class TwoPointScales:
    """k(P_f) of Part I per law, at ``nodes`` and at ``fine_nodes`` quadrature nodes."""

    laws: tuple[str, ...]
    k: np.ndarray
    k_fine: np.ndarray
    nodes: int
    fine_nodes: int

    def of(self, law: str) -> float:
        """k(P_f) of the law named ``law``."""
        return float(self.k[self.laws.index(law)])


def two_point_scales(settings: LinearModelsSettings, fine_factor: int = 4) -> TwoPointScales:
    """:func:`~mixup_nb_utils.theory.mixup_logistic.two_point_scale` for every law of :func:`part_one_laws`."""
    laws = part_one_laws(settings)
    fine = fine_factor * settings.nodes
    return TwoPointScales(tuple(laws), np.array([two_point_scale(m, nodes=settings.nodes) for m in laws.values()]),
                          np.array([two_point_scale(m, nodes=fine) for m in laws.values()]), settings.nodes, fine)


@dataclass(frozen=True)
class TwoPointCurves:
    """E_λ h_λ(k) (equation 4) on a grid ``ks`` for a few laws (``values[l]`` for ``laws[l]``) and their minimisers k."""

    ks: np.ndarray
    laws: tuple[str, ...]
    values: np.ndarray
    k: np.ndarray


PLOTTED_LAWS: tuple[str, ...] = ("Beta(0.1, 0.1)", UNIFORM, "Beta(16, 16)", TRUNCATED_NORMAL)


def two_point_curves(settings: LinearModelsSettings, scales: TwoPointScales, laws: Sequence[str] = PLOTTED_LAWS, k_max: float = 8.0,
                     points: int = 400) -> TwoPointCurves:
    """:func:`~mixup_nb_utils.theory.mixup_logistic.expected_two_point_loss` on [0, k_max] for the named laws of
    :func:`part_one_laws` (those present), beside their k(P_f) from ``scales``."""
    specs = part_one_laws(settings)
    names = tuple(n for n in laws if n in specs)
    ks = np.linspace(0.0, float(k_max), int(points))
    values = np.array([expected_two_point_loss(specs[n], ks, nodes=settings.nodes) for n in names])
    return TwoPointCurves(ks, names, values, np.array([scales.of(n) for n in names]))


@dataclass(frozen=True)
class PartTwoFit:
    """Margins of the fitted minimiser for one law: term (7) alone and the full J_mix, beside the collapse (a, b)."""

    law: str
    k: float
    margins_cross: np.ndarray
    margins_all: np.ndarray
    a: float
    b: float

    @property
    def cross_deviation(self) -> float:
        """max_i |margin_i / k - 1| for term (7)."""
        return float(np.max(np.abs(self.margins_cross / self.k - 1)))

    @property
    def full_deviation_from_k(self) -> float:
        """max_i |margin_i / k - 1| for the full J_mix."""
        return float(np.max(np.abs(self.margins_all / self.k - 1)))

    @property
    def full_deviation_from_collapse(self) -> float:
        """max_i |margin_i / a - 1| for the full J_mix (a = b here: balanced classes)."""
        return float(np.max(np.abs(self.margins_all / self.a - 1)))


def part_two_fits(settings: LinearModelsSettings, example: MaxMarginExample, scales: TwoPointScales) -> tuple[PartTwoFit, ...]:
    """The Mixup minimiser on the example dataset for every law of Part I, both for term (7) and for J_mix."""
    X, y = example.X, example.y
    n_pos, n_neg = int(np.sum(y > 0)), int(np.sum(y < 0))
    out = []
    for name, law in part_one_laws(settings).items():
        m_cross = margins(X, y, mixup_logistic_minimizer(X, y, law, nodes=settings.nodes, pairs="cross"))
        m_all = margins(X, y, mixup_logistic_minimizer(X, y, law, nodes=settings.nodes))
        a, b = class_margins(law, n_pos, n_neg, nodes=settings.nodes)
        out.append(PartTwoFit(name, scales.of(name), m_cross, m_all, a, b))
    return tuple(out)


# ----------------------------------------------------------------------------- the direction across d/n

@dataclass(frozen=True)
class SweepLaw:
    """A mixing law of the d/n sweep and the pairs its loss sums over ("all": J_mix, "cross": term (7))."""

    name: str
    mixing: MixingSpec
    pairs: Pairs = "all"


SWEEP_LAWS: tuple[SweepLaw, ...] = (
    SweepLaw("Beta(1, 1)", 1.0), SweepLaw("Beta(0.2, 0.2)", 0.2), SweepLaw("Beta(1, 4)", (1.0, 4.0)),
    SweepLaw("Beta(1, 4), term (7) only", (1.0, 4.0), "cross"),
)


@dataclass(frozen=True)
class DimensionSweep:
    """Gaussian datasets of n points (n_pos in class +1), ``draws`` per dimension d of ``dims``.

    ``separable``, ``interpolates``: (dims, draws) booleans; ``cos_max_margin[l]``: (dims, draws) cosines
    between the Mixup minimiser of ``laws[l]`` and the max margin (NaN where not separable);
    ``cos_erm[l]``: the same against the ERM direction (the finite ERM minimiser where not separable).
    """

    n: int
    n_pos: int
    dims: np.ndarray
    laws: tuple[str, ...]
    separable: np.ndarray
    interpolates: np.ndarray
    cos_max_margin: np.ndarray
    cos_erm: np.ndarray

    def gap(self, law: str) -> np.ndarray:
        """1 - cos(Mixup minimiser, max margin), shape (dims, draws), NaN where not separable."""
        return 1.0 - self.cos_max_margin[self.laws.index(law)]

    def erm_cosines(self, law: str) -> np.ndarray:
        """cos(Mixup minimiser, ERM direction), shape (dims, draws)."""
        return self.cos_erm[self.laws.index(law)]

    def median_gap(self, law: str) -> np.ndarray:
        """Median over the separable datasets of :meth:`gap` per d (NaN where none is separable)."""
        g = self.gap(law)
        return np.array([np.median(r[np.isfinite(r)]) if np.isfinite(r).any() else np.nan for r in g])

    def worst_interpolating_gap(self, law: str) -> float:
        """The largest gap over the datasets whose max margin interpolates (NaN when there are none)."""
        g = self.gap(law)[self.interpolates]
        return float(np.max(g)) if g.size else math.nan

    def best_interpolating_gap(self, law: str) -> float:
        """The smallest gap over the datasets whose max margin interpolates (NaN when there are none)."""
        g = self.gap(law)[self.interpolates]
        return float(np.min(g)) if g.size else math.nan


def dimension_sweep(n: int, dims, draws: int, laws: Sequence[SweepLaw], rng: np.random.Generator,
                    n_pos: int | None = None, nodes: int = 64) -> DimensionSweep:
    """For each d in ``dims`` and each of ``draws`` datasets (n points from N(0, I_d), the first n_pos labelled
    +1): separability, interpolation of the max margin (Lemma 3.7's event), and the cosines between the
    Mixup minimiser of each law (Theorem 3.5) and the max-margin and ERM directions."""
    dims = np.asarray(dims, dtype=int)
    y = balanced_labels(n, n_pos)
    shape = (len(dims), int(draws))
    sep, interp = np.zeros(shape, bool), np.zeros(shape, bool)
    cos_mm = np.full((len(laws),) + shape, np.nan)
    cos_erm = np.full((len(laws),) + shape, np.nan)
    for a, d in enumerate(dims):
        for r in range(int(draws)):
            X = rng.standard_normal((int(n), int(d)))
            erm, sep[a, r] = erm_direction(X, y)
            interp[a, r] = sep[a, r] and max_margin_interpolates(X, y)
            for li, law in enumerate(laws):
                theta = mixup_logistic_minimizer(X, y, law.mixing, nodes=nodes, pairs=law.pairs)
                cos_erm[li, a, r] = cosine(theta, erm)
                if sep[a, r]:                     # then the ERM direction is the max margin
                    cos_mm[li, a, r] = cos_erm[li, a, r]
    return DimensionSweep(int(n), int(np.sum(y > 0)), dims, tuple(law.name for law in laws), sep, interp,
                          cos_mm, cos_erm)


def direction_sweep(settings: LinearModelsSettings) -> DimensionSweep:
    """:func:`dimension_sweep` with ``sweep_n`` balanced points at the ratios ``sweep_ratios``, for :data:`SWEEP_LAWS`."""
    n = settings.sweep_n
    dims = np.unique(np.round(np.array(settings.sweep_ratios) * n).astype(int))
    return dimension_sweep(n, dims, settings.sweep_draws, SWEEP_LAWS, make_generators(settings.seed + 3).numpy,
                           nodes=settings.nodes)


# ----------------------------------------------------------------------------- classes of unequal size

@dataclass(frozen=True)
class UnbalancedRow:
    """One class split (n_pos, n_neg) on the high-dimensional dataset, Beta(1, 1).

    ``gap_fit``: 1 - cos(J_mix minimiser, max margin); ``gap_formula``: the large-d limit
    1 - (n_pos a + n_neg b)/√(n(n_pos a² + n_neg b²)); ``cos_predicted``: cos(minimiser, min-norm θ with
    margins a, b); ``gap_cross``: 1 - cos(term (7) minimiser, max margin); ``disagreement``: the
    probability that the minimiser and the max margin disagree on a fresh Gaussian point.
    """

    n_pos: int
    n_neg: int
    a: float
    b: float
    minimiser_interpolates: bool
    max_margin_interpolates: bool
    gap_fit: float
    gap_formula: float
    cos_predicted: float
    gap_cross: float
    disagreement: float


@dataclass(frozen=True)
class UnbalancedClasses:
    """:class:`UnbalancedRow` per class split of ``unbalanced_n_pos``, on n points in R^d."""

    n: int
    d: int
    rows: tuple[UnbalancedRow, ...]

    def row(self, n_pos: int) -> UnbalancedRow:
        """The row with ``n_pos`` points in class +1."""
        for r in self.rows:
            if r.n_pos == int(n_pos):
                return r
        raise ValueError(f"no row with n_pos = {n_pos}; the splits are {[r.n_pos for r in self.rows]}.")

    @property
    def worst(self) -> UnbalancedRow:
        """The split where the Mixup minimiser is farthest from the max margin."""
        return max(self.rows, key=lambda r: r.gap_fit)

    @property
    def balanced(self) -> tuple[UnbalancedRow, ...]:
        return tuple(r for r in self.rows if r.n_pos == r.n_neg)

    @property
    def unbalanced(self) -> tuple[UnbalancedRow, ...]:
        return tuple(r for r in self.rows if r.n_pos != r.n_neg)


def unbalanced_data(settings: LinearModelsSettings) -> np.ndarray:
    """The dataset of the unequal-class section: ``sweep_n`` points from N(0, I_d), d = unbalanced_d_ratio × n."""
    n = settings.sweep_n
    return make_generators(settings.seed + 4).numpy.standard_normal((n, int(settings.unbalanced_d_ratio * n)))


def unbalanced_classes(settings: LinearModelsSettings) -> UnbalancedClasses:
    """The J_mix minimiser (Beta(1, 1)) against the max margin for every class split of ``unbalanced_n_pos``."""
    X = unbalanced_data(settings)
    n = len(X)
    rows = []
    for n_pos in settings.unbalanced_n_pos:
        y = balanced_labels(n, n_pos)
        n_neg = n - int(n_pos)
        a, b = class_margins(1.0, n_pos, n_neg, nodes=settings.nodes)
        theta = mixup_logistic_minimizer(X, y, 1.0, nodes=settings.nodes)
        theta_cross = mixup_logistic_minimizer(X, y, 1.0, nodes=settings.nodes, pairs="cross")
        mm = max_margin(X, y)
        limit = (n_pos * a + n_neg * b) / np.sqrt(n * (n_pos * a**2 + n_neg * b**2))
        rows.append(UnbalancedRow(int(n_pos), n_neg, a, b, is_interpolating(X, y, theta),
                                  max_margin_interpolates(X, y), 1 - cosine(theta, mm), float(1 - limit),
                                  cosine(theta, predicted_direction(X, y, a, b)), 1 - cosine(theta_cross, mm),
                                  disagreement(theta, mm)))
    return UnbalancedClasses(n, X.shape[1], tuple(rows))


@dataclass(frozen=True)
class SGDCheck:
    """Sampled Mixup training (Beta(1, 1)) against the exact minimiser and the max margin at one split."""

    n_pos: int
    n_neg: int
    steps: int
    to_exact: float          # 1 - cos(trained, exact J_mix minimiser)
    to_max_margin: float     # 1 - cos(trained, max margin)


def sgd_checks(settings: LinearModelsSettings, unbalanced: UnbalancedClasses) -> tuple[SGDCheck, ...]:
    """:func:`~mixup_nb_utils.training.linear_sgd.mixup_sgd` for ``sgd_steps`` steps at the balanced split and
    at the split of ``unbalanced.worst``, on the dataset of :func:`unbalanced_data`."""
    X = unbalanced_data(settings)
    n = len(X)
    out = []
    for n_pos in dict.fromkeys((n // 2, unbalanced.worst.n_pos)):
        y = balanced_labels(n, n_pos)
        exact = mixup_logistic_minimizer(X, y, 1.0, nodes=settings.nodes)
        trained = mixup_sgd(X, y, 1.0, settings.sgd_steps, make_generators(settings.seed + 6).numpy)
        out.append(SGDCheck(int(n_pos), n - int(n_pos), settings.sgd_steps, 1 - cosine(trained, exact),
                            1 - cosine(trained, max_margin(X, y))))
    return tuple(out)


# ----------------------------------------------------------------------------- Corollary 3.8: ERM gradient descent

@dataclass(frozen=True)
class GDRun:
    """ERM gradient descent from θ_0 = 0 on one dataset (n points in R^d, n_pos in class +1).

    ``gap_max_margin[t]``, ``gap_mixup[t]``: 1 - cos(θ_t, max margin) and 1 - cos(θ_t, Mixup minimiser of
    Beta(1, 1)) at the recorded ``steps``; ``mixup_vs_max_margin``: 1 - cos between those two directions.
    """

    d: int
    n_pos: int
    n_neg: int
    steps: np.ndarray
    interpolates: bool
    gap_max_margin: np.ndarray
    gap_mixup: np.ndarray
    mixup_vs_max_margin: float

    def at(self, t: int) -> int:
        """The index of step ``t`` among the recorded steps."""
        hit = np.flatnonzero(self.steps == int(t))
        if not hit.size:
            raise ValueError(f"step {t} was not recorded; recorded steps run {self.steps[0]}..{self.steps[-1]}.")
        return int(hit[0])

    @property
    def d_ratio(self) -> float:
        return self.d / (self.n_pos + self.n_neg)


def gd_run(X: np.ndarray, y: np.ndarray, steps: int, nodes: int = 64) -> GDRun:
    """:func:`~mixup_nb_utils.theory.linear.logistic_gd` on (X, y), measured against the max margin and the
    Mixup minimiser (Beta(1, 1)) along the path (Corollary 3.8)."""
    path = logistic_gd(X, y, steps)
    mm = max_margin(X, y)
    mix = mixup_logistic_minimizer(X, y, 1.0, nodes=nodes)
    return GDRun(X.shape[1], int(np.sum(y > 0)), int(np.sum(y < 0)), path.steps, max_margin_interpolates(X, y),
                 np.array([1 - cosine(t, mm) for t in path.thetas]),
                 np.array([1 - cosine(t, mix) for t in path.thetas]), 1 - cosine(mix, mm))


def gradient_descent_runs(settings: LinearModelsSettings) -> tuple[GDRun, ...]:
    """``gd_steps`` steps of ERM gradient descent on balanced data for each ratio of ``gd_d_ratios``, then on the
    dataset of :func:`unbalanced_data` with ``gd_unbalanced_n_pos`` points in class +1."""
    n = settings.sweep_n
    rng = make_generators(settings.seed + 5).numpy
    runs = [gd_run(rng.standard_normal((n, int(r * n))), balanced_labels(n), settings.gd_steps, settings.nodes)
            for r in settings.gd_d_ratios]
    runs.append(gd_run(unbalanced_data(settings), balanced_labels(n, settings.gd_unbalanced_n_pos),
                       settings.gd_steps, settings.nodes))
    return tuple(runs)


# ----------------------------------------------------------------------------- where the premise fails

@dataclass(frozen=True)
class PremiseRow:
    """Per d/n of the sweep: the premise's frequencies and the agreement of Mixup (Beta(1, 1)) with ERM."""

    ratio: float
    separable: float
    interpolates: float
    median_cos: float
    min_cos: float
    median_disagreement: float


def premise_table(sweep: DimensionSweep, law: str = "Beta(1, 1)") -> tuple[PremiseRow, ...]:
    """One :class:`PremiseRow` per dimension of ``sweep``."""
    cos = sweep.erm_cosines(law)
    rows = []
    for i, d in enumerate(sweep.dims):
        dis = np.arccos(np.clip(cos[i], -1, 1)) / np.pi
        rows.append(PremiseRow(d / sweep.n, float(sweep.separable[i].mean()), float(sweep.interpolates[i].mean()),
                               float(np.median(cos[i])), float(cos[i].min()), float(np.median(dis))))
    return tuple(rows)


__all__ = [
    "balanced_labels", "MaxMarginExample", "max_margin_example", "Lemma37Curve", "Lemma37Scan", "lemma_3_7_scan",
    "lemma_3_7", "SymbolicChecks", "symbolic_checks", "HessianScan", "lemma_e1_hessians", "UNIFORM",
    "TRUNCATED_NORMAL", "part_one_laws", "TwoPointScales", "two_point_scales", "TwoPointCurves",
    "PLOTTED_LAWS", "two_point_curves", "PartTwoFit", "part_two_fits",
    "SweepLaw", "SWEEP_LAWS", "DimensionSweep", "dimension_sweep", "direction_sweep", "UnbalancedRow",
    "UnbalancedClasses", "unbalanced_data", "unbalanced_classes", "SGDCheck", "sgd_checks", "GDRun", "gd_run",
    "gradient_descent_runs", "PremiseRow", "premise_table", "claims", "fmt_gap",
]
