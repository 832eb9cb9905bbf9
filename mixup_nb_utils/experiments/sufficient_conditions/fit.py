"""The exact training error of h_ε on the chapter's images (Lemma 2.3; Proposition 2.8, Theorem 2.10).

:func:`optimal_error` is the training error of the Mixup-optimal h_ε on a grid of ε for every α;
:func:`error_onsets` refines, for each α, the radius at which h_ε first misclassifies a training
point, over ALL training points, to a given resolution; :func:`tiny_eps_check` is Proposition 2.8
at one small radius.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...device import make_generators
from ...theory.optimal_error import OptimalTrainingError, optimal_training_error
from .data import ImageData
from .small import SmallExamples


def _training_points(data: ImageData, settings) -> tuple[np.ndarray, np.ndarray]:
    X, y = data.flat("train")
    n = settings.optimal_error_points
    if n is not None and n < len(X):
        keep = np.sort(make_generators(settings.seed).numpy.choice(len(X), size=n, replace=False))
        X, y = X[keep], y[keep]
    return X, y


def optimal_error(data: ImageData, settings) -> OptimalTrainingError:
    """The exact training error of h_ε (Lemma 2.3, uniform P_X on the training points, Beta(α, α))
    at every ε of ``settings.eps_grid`` and every α of ``settings.alphas``."""
    X, y = _training_points(data, settings)
    return optimal_training_error(X, y, settings.eps_grid, settings.alphas, num_classes=data.num_classes)


@dataclass(frozen=True)
class ErrorOnsets:
    """Per α: every training point is fitted at ``eps_fit[a]`` and at every ε of the refinement grids
    below it, and ``misclassified[a]`` (training indices) err at ``eps_error[a]`` =
    ``eps_fit[a]`` + at most ``resolution``; ``curve[a]``: the last refinement grid and its error rate."""

    alphas: np.ndarray
    eps_fit: np.ndarray
    eps_error: np.ndarray
    misclassified: tuple
    curve: tuple
    resolution: float


def error_onsets(data: ImageData, settings, h_error: OptimalTrainingError, resolution: float = 1e-3,
                 nodes: int = 16) -> ErrorOnsets:
    """Refine, for each α, the interval (last fitting grid ε, first erring grid ε] of ``h_error``:
    each round evaluates h_ε exactly (Lemma 2.3) on ALL the training points at ``nodes`` radii
    splitting every α's interval (one call for every α, the pair geometry shared) and keeps the
    first cell where an error appears, until every interval is shorter than ``resolution``."""
    X, y = _training_points(data, settings)
    alphas = np.asarray(h_error.alphas)
    lo, hi = np.full(len(alphas), np.nan), np.full(len(alphas), np.nan)
    wrong: list = [np.zeros(0, dtype=int)] * len(alphas)
    curves: list = [None] * len(alphas)
    for a in range(len(alphas)):
        bad = np.flatnonzero(h_error.error_rate[a] > 0)
        if len(bad) and bad[0] > 0:
            lo[a], hi[a] = h_error.eps[bad[0] - 1], h_error.eps[bad[0]]
            wrong[a] = np.asarray(h_error.misclassified[a][bad[0]])
    todo = np.flatnonzero(hi - lo > resolution)
    while len(todo):
        # α that share an interval share one call (its cost grows with radii × α per hit)
        for key in sorted({(lo[a], hi[a]) for a in todo}):
            group = [a for a in todo if (lo[a], hi[a]) == key]
            grid = np.linspace(key[0], key[1], nodes + 1)[1:]
            res = optimal_training_error(X, y, grid, alphas[group], num_classes=data.num_classes)
            cols = np.searchsorted(res.eps, grid)
            for r, a in enumerate(group):
                j = int(np.flatnonzero(res.error_rate[r, cols] > 0)[0])
                lo[a], hi[a] = (lo[a] if j == 0 else grid[j - 1]), grid[j]
                wrong[a] = np.asarray(res.misclassified[r][cols[j]])
                curves[a] = (grid, res.error_rate[r, cols])
        todo = np.flatnonzero(hi - lo > resolution)
    return ErrorOnsets(alphas, lo, hi, tuple(wrong), tuple(curves), float(resolution))


@dataclass(frozen=True)
class TinyEpsCheck:
    """Proposition 2.8 at a small radius: the training error of h_ε at ``eps`` on each dataset, every α."""

    eps: float
    error_rate: dict

    @property
    def worst(self) -> float:
        return float(max(np.max(v) for v in self.error_rate.values()))


def tiny_eps_check(small: SmallExamples, data: ImageData, settings, eps: float = 1e-4) -> TinyEpsCheck:
    """The exact training error of h_ε at one small radius ``eps`` (an absolute radius, the same for
    every dataset: far below each one's smallest distance between two points) on the two small
    datasets and on ``data``, for every α of the chapter."""
    out = {}
    X, y = data.flat("train")
    for name, (Xd, yd) in {"violating": (small.X_bad, small.y), "satisfying": (small.X_good, small.y),
                           data.name: (X, y)}.items():
        res = optimal_training_error(Xd, yd, [eps], settings.alphas)
        out[name] = res.error_rate[:, 0]
    return TinyEpsCheck(float(eps), out)
