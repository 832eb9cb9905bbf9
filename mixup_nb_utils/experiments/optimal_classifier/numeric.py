"""The chapter "The Mixup-optimal classifier": the small dataset, Corollary C.1 and ξ numerically, Proposition 2.5.

Randomness comes from the numpy generator passed in (the chapter's ``make_generators(settings.seed).numpy``),
consumed in the order the chapter calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ...config import OptimalClassifierSettings
from ...data.grids import grid_points
from ...data.synthetic import cross_dataset
from ...mixup.mixing import BetaMixing
from ...theory.geometry import pair_intervals, xi_terms
from ...theory.optimal import corollary_c1, lemma_2_3, mixup_optimal_limit, xi_matrices


# ------------------------------------------------------------------ the small three-class dataset

@dataclass(frozen=True)
class SmallDataset:
    """Six points in three classes ((0, 0), of class 3, on the segment between (-1, 0) and (1, 0)), and the
    grid of the chapter's maps."""

    X: np.ndarray
    y: np.ndarray
    grid: np.ndarray
    shape: tuple
    extent: tuple


def small_dataset(settings: OptimalClassifierSettings) -> SmallDataset:
    X = np.array([[-1.0, 0.0], [0.0, 1.2], [1.0, 0.0], [0.2, -1.0], [0.0, 0.0], [1.2, 1.2]])
    y = np.array([0, 0, 1, 1, 2, 2])
    Q, shape, extent = grid_points((-1.5, 1.7), (-1.4, 1.6), settings.grid)
    return SmallDataset(X, y, Q, shape, extent)


@dataclass(frozen=True)
class CorollaryRow:
    """At the sampled queries for Beta(a, b): max |ξ_λ^T - (ξ - ξ_λ)| (the symmetry identity) and
    max |Corollary C.1 - Lemma 2.3|."""

    a: float
    b: float
    identity_gap: float
    formula_gap: float


@dataclass(frozen=True)
class CorollaryNumeric:
    queries: int
    rows: tuple[CorollaryRow, ...]
    shortest_interval: float

    @property
    def symmetric(self) -> tuple[CorollaryRow, ...]:
        return tuple(r for r in self.rows if r.a == r.b)

    @property
    def asymmetric(self) -> tuple[CorollaryRow, ...]:
        return tuple(r for r in self.rows if r.a != r.b)


def corollary_c1_numeric(data: SmallDataset, settings: OptimalClassifierSettings, rng: np.random.Generator, queries: int = 400,
                         betas: Sequence[tuple[float, float]] = ((1.0, 1.0), (0.3, 0.3), (8.0, 8.0))
                         ) -> CorollaryNumeric:
    """Corollary C.1 against Lemma 2.3 at random grid points, with ξ from the per-pair reference
    :func:`geometry.xi_terms` (the symmetry is not built in); ``settings.asymmetric`` is added as a control.
    Also the shortest positive λ-interval met (where accuracy near tangency matters)."""
    sample = rng.choice(len(data.grid), int(queries), replace=False)
    rows = []
    for a, b in [*betas, settings.asymmetric]:
        terms = [xi_terms(data.X, data.y, data.grid[i], settings.map_eps, BetaMixing(a, b), num_classes=3)
                 for i in sample]
        xi, xl = np.array([t[0] for t in terms]), np.array([t[1] for t in terms])
        ok = xi.sum((1, 2)) > 0
        identity_gap = float(np.abs(xl - np.swapaxes(xi - xl, 1, 2)).max())
        formula_gap = float(np.abs(corollary_c1(xi, xl)[ok] - lemma_2_3(xi, xl)[ok]).max())
        rows.append(CorollaryRow(float(a), float(b), identity_gap, formula_gap))
    lengths = np.array([np.diff(pair_intervals(data.X, data.grid[i], settings.map_eps), axis=0)[0]
                        for i in sample])
    return CorollaryNumeric(int(queries), tuple(rows), float(lengths[lengths > 0].min()))


@dataclass(frozen=True)
class XiMonteCarlo:
    """Exact ξ, ξ_λ at one query against Monte-Carlo draws of (s, t, λ); z: |difference| / binomial s.e."""

    x: np.ndarray
    eps: float
    a: float
    b: float
    samples: int
    exact_xi: np.ndarray
    exact_xi_lam: np.ndarray
    mc_xi: np.ndarray
    mc_xi_lam: np.ndarray
    max_z: float


def xi_monte_carlo(data: SmallDataset, settings: OptimalClassifierSettings, rng: np.random.Generator, x=(0.1, 0.2),
                   eps: float = 0.5) -> XiMonteCarlo:
    """The engine's ξ terms (:func:`theory.xi_matrices`, P_f = ``settings.asymmetric``) against sampling."""
    x0, (a, b), N = np.asarray(x, float)[None, :], settings.asymmetric, settings.mc_samples
    X, y = data.X, data.y
    xi0, xl0 = xi_matrices(X, y, x0, eps, a, b)
    i, j, lam = rng.integers(0, len(X), N), rng.integers(0, len(X), N), rng.beta(a, b, N)
    inside = np.linalg.norm(lam[:, None] * X[i] + (1 - lam[:, None]) * X[j] - x0, axis=1) <= eps
    onehot_i, onehot_j = np.eye(3)[y[i]] * inside[:, None], np.eye(3)[y[j]]
    mc_xi, mc_xl = onehot_i.T @ onehot_j / N, (onehot_i * lam[:, None]).T @ onehot_j / N
    z = np.abs(np.stack([mc_xi - xi0[0], mc_xl - xl0[0]])) / np.sqrt(np.maximum(xi0[0], 1e-6) / N)
    return XiMonteCarlo(x0[0], float(eps), float(a), float(b), N, xi0[0], xl0[0], mc_xi, mc_xl, float(z.max()))


# ------------------------------------------------------------------ Proposition 2.5

@dataclass(frozen=True)
class Proposition25:
    """The cross dataset at the origin for P_f uniform: ξ^{1,1}/ε, ξ^{2,2}/ε, ξ^{1,2} + ξ^{2,1}, h_ε(0) per ε;
    the ε → 0 limit at four probe points and along the class-1 segment x = (0, u)."""

    eps: tuple[float, ...]
    xi11_over_eps: np.ndarray
    xi22_over_eps: np.ndarray
    off_diagonal: np.ndarray
    h_eps: np.ndarray
    probes: np.ndarray
    limit_probes: np.ndarray
    segment_u: np.ndarray
    limit_segment: np.ndarray

    @property
    def equal_gap(self) -> float:
        """max over ε of |ξ^{1,1} - ξ^{2,2}| / ε."""
        return float(np.abs(self.xi11_over_eps - self.xi22_over_eps).max())


def proposition_2_5(settings: OptimalClassifierSettings, points: int = 801) -> Proposition25:
    """Proposition 2.5 exactly: the ξ terms at the origin and the limit h on and off the class-1 segment."""
    X, y = cross_dataset()
    xi11, xi22, off, h = [], [], [], []
    for e in settings.prop25_table_eps:
        xi, xl = xi_matrices(X, y, np.zeros((1, 2)), e, 1.0)
        xi11.append(xi[0, 0, 0] / e)
        xi22.append(xi[0, 1, 1] / e)
        off.append(xi[0, 0, 1] + xi[0, 1, 0])
        h.append(lemma_2_3(xi[0], xl[0]))
    probes = np.array([[0.0, 0.0], [0.0, 0.3], [0.0, 1e-3], [0.3, 0.3]])
    u = np.linspace(-1.0, 1.0, int(points))
    limit_segment = mixup_optimal_limit(X, y, np.column_stack([np.zeros_like(u), u]), 1.0)
    return Proposition25(settings.prop25_table_eps, np.array(xi11), np.array(xi22),
                         np.array(off), np.array(h), probes, mixup_optimal_limit(X, y, probes, 1.0), u,
                         limit_segment)
