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
    """Refine, for each α, the interval (last fitting grid ε, first erring grid ε] of ``h_error`` by
    grids of ``nodes`` radii evaluated on all the training points (exact, Lemma 2.3), keeping the
    first cell where an error appears, until it is shorter than ``resolution``."""
    X, y = _training_points(data, settings)
    fit, err, mis, curves = [], [], [], []
    for a, alpha in enumerate(h_error.alphas):
        bad = np.flatnonzero(h_error.error_rate[a] > 0)
        if not len(bad) or bad[0] == 0:
            fit.append(np.nan), err.append(np.nan), mis.append(np.zeros(0, dtype=int)), curves.append(None)
            continue
        lo, hi = float(h_error.eps[bad[0] - 1]), float(h_error.eps[bad[0]])
        wrong = h_error.misclassified[a][bad[0]]
        while hi - lo > resolution:
            grid = np.linspace(lo, hi, nodes + 1)[1:]
            res = optimal_training_error(X, y, grid, [alpha], num_classes=data.num_classes)
            j = int(np.flatnonzero(res.error_rate[0] > 0)[0])
            lo, hi = (lo if j == 0 else float(res.eps[j - 1])), float(res.eps[j])
            wrong, last = res.misclassified[0][j], (res.eps, res.error_rate[0])
        fit.append(lo), err.append(hi), mis.append(np.asarray(wrong)), curves.append(last)
    return ErrorOnsets(np.asarray(h_error.alphas), np.array(fit), np.array(err), tuple(mis), tuple(curves),
                       float(resolution))


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
