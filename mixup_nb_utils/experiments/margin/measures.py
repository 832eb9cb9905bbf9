"""The margin chapter's measures of each trained map, per seed (paper §3.1).

The grid margins m/r of the training points per class (as in :mod:`mixup_nb_utils.theory.margins`) and
the boundary spread of each seed's map; comparisons between methods are paired by seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...config import MarginSettings
from ...theory.margins import boundary_spread, grid_margins, half_distances
from ...training.methods import Method
from .maps import DecisionMaps, Grid, index_of


# --------------------------------------------------------------------------------------------
# Margins and boundary shapes, per seed
# --------------------------------------------------------------------------------------------

def margin_ratios(X, y, grid: Grid, predicted) -> np.ndarray:
    """m_g(x) / r(x) for every training point: grid margin over half-distance (:mod:`mixup_nb_utils.theory.margins`)."""
    return grid_margins(X, y, grid.points, predicted) / half_distances(X, y)


def _ratio_stats(ratios: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per class c = 0, 1: the median of m/r over class c's points and the fraction below 1/2."""
    med = np.array([np.median(ratios[y == c]) for c in (0, 1)])
    low = np.array([np.mean(ratios[y == c] < 0.5) for c in (0, 1)])
    return med, low


@dataclass(frozen=True)
class MarginTable:
    """Per seed: margins of the training points and the spread of the boundary.

    ``ratio_median[i, j, s, c]``: median over class c's training points of m_g(x)/r(x) for the network
    (separation i, method j, seed s); ``ratio_below_half``: the fraction of them with m/r < 1/2;
    ``spread[i, j, s]``: :func:`margins.boundary_spread` of that network's map; ``spread_of_mean[i, j]``:
    of the seed-averaged map (the drawn one); ``epochs``: the networks' training length.
    """

    separations: tuple[float, ...]
    methods: tuple[Method, ...]
    seeds: tuple[int, ...]
    ratio_median: np.ndarray
    ratio_below_half: np.ndarray
    spread: np.ndarray
    spread_of_mean: np.ndarray
    epochs: int

    def where(self, separation: float, method: Method) -> tuple[int, int]:
        return index_of(self.separations, separation, "separation"), index_of(self.methods, method, "method")

    def worst_class_median(self, separation: float, method: Method) -> np.ndarray:
        """Per seed, the smaller of the two class medians of m/r (seeds,)."""
        i, j = self.where(separation, method)
        return self.ratio_median[i, j].min(-1)

    def spreads(self, separation: float, method: Method) -> np.ndarray:
        """Per seed, the boundary spread (seeds,)."""
        i, j = self.where(separation, method)
        return self.spread[i, j]


def margin_table(maps: DecisionMaps, settings: MarginSettings) -> MarginTable:
    """Margins m/r per class and boundary spreads (rows |x_2| ≤ ``settings.spread_rows``) of every network."""
    n_sep, n_meth, n_seed = maps.labels.shape[:3]
    med = np.zeros((n_sep, n_meth, n_seed, 2))
    low = np.zeros_like(med)
    spread = np.zeros((n_sep, n_meth, n_seed))
    of_mean = np.zeros((n_sep, n_meth))
    rows = settings.spread_rows
    for i in range(n_sep):
        for j in range(n_meth):
            for s in range(n_seed):
                ratios = margin_ratios(maps.X[i, s], maps.y[i, s], maps.grid, maps.labels[i, j, s])
                med[i, j, s], low[i, j, s] = _ratio_stats(ratios, maps.y[i, s])
                spread[i, j, s] = boundary_spread(maps.labels[i, j, s], maps.grid.shape, maps.grid.extent, rows)
            of_mean[i, j] = boundary_spread(maps.labels[i, j].mean(0), maps.grid.shape, maps.grid.extent, rows)
    return MarginTable(maps.separations, maps.methods, maps.seeds, med, low, spread, of_mean, maps.epochs)
