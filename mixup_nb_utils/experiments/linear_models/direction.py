"""The chapter "Linear models" (paper §3.2, Theorem 3.5): the Mixup direction against the max-margin one.

Parts I and II on two points and on the chapter's dataset (the scale k(P_f) of each mixing law), the
directions across d/n for several laws, classes of unequal size, and a sampled-SGD cross-check of the
exact minimiser (:mod:`mixup_nb_utils.theory.mixup_logistic`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import stats

from ...config import LinearModelsSettings
from ...device import make_generators
from ...mixup.mixing import BetaMixing, MixingSpec, ScipyMixing
from ...theory.linear import (cosine, disagreement, is_interpolating, margins, max_margin,
                              max_margin_interpolates)
from ...theory.mixup_logistic import (Pairs, class_margins, erm_direction, expected_two_point_loss,
                                      mixup_logistic_minimizer, predicted_direction, two_point_scale)
from ...training.linear_sgd import mixup_sgd
from .lemmas import MaxMarginExample, balanced_labels


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
