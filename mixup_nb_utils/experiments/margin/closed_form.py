"""The margin chapter's exact side (paper Lemma 2.3, Assumption 3.1, Theorem 3.2).

The exact h_ε of Lemma 2.3 on the maps' grid for one dataset per γ (and the same measures as the
trained maps), the ε → 0 limit h^0 = λ on random class-0/class-1 segment points, and Assumption 3.1
and Theorem 3.2 checked exactly in the band between the classes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ...config import MarginSettings
from ...data.grids import grid_points
from ...data.synthetic import two_moons
from ...device import make_generators
from ...mixup.mixing import BetaMixing
from ...theory.geometry import assumption_3_1
from ...theory.margins import boundary_crossings, boundary_spread
from ...theory.optimal import mixup_optimal, mixup_optimal_limit
from .maps import Grid, index_of, map_grid, moons
from .measures import _ratio_stats, margin_ratios


# --------------------------------------------------------------------------------------------
# The closed form
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClosedFormMaps:
    """h_ε of Lemma 2.3 on the grid for seed ``seed``'s dataset at each separation and α.

    ``prob1[i, a]``: h_ε^1 at each grid point (NaN where no segment passes within ε: outside X_mix at
    this radius); ``ratio_median``, ``ratio_below_half`` (separations, alphas, 2) and ``spread``
    (separations, alphas) as in :class:`MarginTable`, with undefined grid points skipped;
    ``crossing_rows``: how many grid rows cross 1/2 (between defined values).
    """

    separations: tuple[float, ...]
    alphas: tuple[float, ...]
    seed: int
    eps: float
    grid: Grid
    X: np.ndarray
    y: np.ndarray
    prob1: np.ndarray
    ratio_median: np.ndarray
    ratio_below_half: np.ndarray
    spread: np.ndarray
    crossing_rows: np.ndarray
    seconds: float

    def where(self, separation: float, alpha: float) -> tuple[int, int]:
        return index_of(self.separations, separation, "separation"), index_of(self.alphas, alpha, "alpha")


def closed_form_maps(settings: MarginSettings) -> ClosedFormMaps:
    """The exact h_ε (``theory.mixup_optimal``, ε = ``settings.eps``) for ``settings.closed_form_alphas``.

    The predicted class is argmax h_ε where h_ε is defined and "undefined" (skipped by the margins,
    never a crossing) where it is not.
    """
    seps, alphas = settings.separations, settings.closed_form_alphas
    grid, seed, eps = map_grid(settings), settings.seed, settings.eps
    X, y = moons(seps, (seed,))
    X, y = X[:, 0], y[:, 0]
    prob1 = np.zeros((len(seps), len(alphas), len(grid.points)))
    med, low = np.zeros((len(seps), len(alphas), 2)), np.zeros((len(seps), len(alphas), 2))
    spread, rows = np.zeros((len(seps), len(alphas))), np.zeros((len(seps), len(alphas)), dtype=int)
    start = time.perf_counter()
    for i in range(len(seps)):
        for a, alpha in enumerate(alphas):
            h = mixup_optimal(X[i], y[i], grid.points, eps, alpha)
            prob1[i, a] = h[:, 1]
            label = np.where(np.isnan(h[:, 0]), -1, h.argmax(-1))
            med[i, a], low[i, a] = _ratio_stats(margin_ratios(X[i], y[i], grid, label), y[i])
            pos = boundary_crossings(h[:, 1], grid.shape, grid.extent, settings.spread_rows)
            rows[i, a] = int(np.isfinite(pos).sum())
            spread[i, a] = boundary_spread(h[:, 1], grid.shape, grid.extent, settings.spread_rows)
    return ClosedFormMaps(seps, alphas, seed, eps, grid, X, y, prob1, med, low, spread, rows,
                          time.perf_counter() - start)


@dataclass(frozen=True)
class LimitCheck:
    """The ε → 0 limit on random points x = λ s + (1 - λ) t of random segments (seed ``seed``, separation γ).

    ``cross``: the segments from a class-0 point s to a class-1 point t; on such a segment, when no
    other segment passes through x, Lemma 2.3's limit is h^0(x) = λ for every symmetric Beta.
    ``prob0[a]``: the limit's h^0 at every point for ``alphas[a]``. Over the cross points, split by the
    float64 value of the density f(λ): ``undefined[a]`` where it underflows to 0 (the engine returns
    NaN), ``subnormal[a]`` where it is below the smallest normal float64 (digits are lost),
    ``max_deviation[a]``: the largest |h^0 - λ| where it is a normal float64, ``max_deviation_subnormal[a]``
    the largest where it is subnormal (0 when there is none).
    """

    separation: float
    seed: int
    alphas: tuple[float, ...]
    points: np.ndarray
    lam: np.ndarray
    cross: np.ndarray
    prob0: np.ndarray
    max_deviation: np.ndarray
    max_deviation_subnormal: np.ndarray
    undefined: np.ndarray
    subnormal: np.ndarray


def limit_check(settings: MarginSettings) -> LimitCheck:
    """h^0 = λ on class-0/class-1 segments (Lemma 2.3 as ε → 0; the distance scale min_j d(X_i, X_j)/2)."""
    sep, seed = settings.separations[0], settings.seed
    alphas = settings.closed_form_alphas
    X, y = two_moons(seed, sep)
    rng = make_generators(seed).numpy
    n = settings.limit_points
    a_idx, b_idx, lam = rng.integers(0, len(X), n), rng.integers(0, len(X), n), rng.uniform(size=n)
    P = lam[:, None] * X[a_idx] + (1 - lam[:, None]) * X[b_idx]
    cross = (y[a_idx] == 0) & (y[b_idx] == 1)
    prob0 = np.array([mixup_optimal_limit(X, y, P, a)[:, 0] for a in alphas])
    dev = np.abs(prob0[:, cross] - lam[cross])
    dens = np.array([BetaMixing(a).pdf(lam[cross]) for a in alphas])
    normal, tiny = dens >= np.finfo(float).tiny, (dens > 0) & (dens < np.finfo(float).tiny)
    worst = np.array([d[ok].max() if ok.any() else 0.0 for d, ok in zip(dev, normal)])
    worst_tiny = np.array([d[ok].max() if ok.any() else 0.0 for d, ok in zip(dev, tiny)])
    return LimitCheck(sep, seed, alphas, P, lam, cross, prob0, worst, worst_tiny, (dens == 0).sum(1), tiny.sum(1))


def log10_beta_density(alpha: float, lam: float) -> float:
    """log10 of the Beta(α, α) density at λ, computed in log space (it underflows float64 for large α)."""
    return float(stats.beta.logpdf(float(lam), float(alpha), float(alpha)) / np.log(10.0))


# --------------------------------------------------------------------------------------------
# Assumption 3.1 in the band between the classes
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AssumptionScan:
    """Assumption 3.1 and h_ε at grid points of the empty band (seed ``seed``, separation γ).

    Each point is assigned the class of its side of the band's midline; ``holds``: Assumption 3.1
    holds there for that class (exactly, ``geometry.assumption_3_1``); ``in_mix``: some segment passes
    within ε; ``agree``: argmax h_ε is the point's side.
    """

    separation: float
    seed: int
    eps: float
    delta: float
    points: np.ndarray
    side: np.ndarray
    holds: np.ndarray
    in_mix: np.ndarray
    agree: np.ndarray

    @property
    def n_hold(self) -> int:
        return int(np.sum(self.holds & self.in_mix))

    @property
    def n_agree_where_holds(self) -> int:
        return int(np.sum(self.agree & self.holds & self.in_mix))

    @property
    def n_fail(self) -> int:
        return int(np.sum(self.in_mix & ~self.holds))

    @property
    def n_agree_where_fails(self) -> int:
        return int(np.sum(self.agree & self.in_mix & ~self.holds))


def assumption_scan(settings: MarginSettings) -> AssumptionScan:
    """Check Assumption 3.1 (ε = ``check_eps``, δ = ``check_delta``, α = 1) and Theorem 3.2's conclusion."""
    sep, seed = settings.separations[0], settings.seed
    eps, delta = settings.check_eps, settings.check_delta
    X, y = two_moons(seed, sep)
    lo, hi = X[y == 0, 0].max(), X[y == 1, 0].min()
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    if half <= 0:
        raise ValueError(f"at separation {sep} the classes of seed {seed} overlap along x_1; scan a separated dataset.")
    C, _, _ = grid_points((mid - 0.9 * half, mid + 0.9 * half), (-1.5, 1.5), settings.check_points)
    side = (C[:, 0] > mid).astype(int)
    holds = np.array([assumption_3_1(X, y, c, int(k), eps, delta, 1.0).holds for c, k in zip(C, side)])
    h = mixup_optimal(X, y, C, eps, 1.0)
    return AssumptionScan(sep, seed, eps, delta, C, side, holds, ~np.isnan(h[:, 0]), h.argmax(-1) == side)
