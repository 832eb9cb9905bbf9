"""The chapter "Linear models" (paper Corollary 3.8): ERM gradient descent, and where its premise fails.

Logistic gradient descent on data where the premise (interpolation) holds and where it does not, and
the table of the d/n sweep that shows where the premise fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...config import LinearModelsSettings
from ...device import make_generators
from ...theory.linear import cosine, logistic_gd, max_margin, max_margin_interpolates
from ...theory.mixup_logistic import mixup_logistic_minimizer
from .direction import DimensionSweep, unbalanced_data
from .lemmas import balanced_labels


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
