"""The chapter "A failure case" (paper §2.3, Figure 1, Table 1, App. D.1): the trained networks.

Figure 1 and Table 1 with the authors' protocol and independent runs, what the error curves do,
trained networks across α against h_ε (one ε fitted to all α), and App. D.1's X_10^2 and X_10^10,
each trained with the trainer config the chapter's settings hand over.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ...config import FailureCaseSettings
from ...data.synthetic import alternating_line
from ...theory.alternating import EpsFit, critical_alpha, fit_single_eps, h_curve, matching_eps
from ...theory.optimal import mixup_optimal
from ...training.runs import RunsResult, train_runs
from ...training.samplers import ERM, Mixup


#: The three training protocols of Figure 1 and Table 1, in the order of :meth:`X32Training.point1`.
PROTOCOLS: tuple[str, ...] = ("authors'", "independent, λ per batch", "independent, λ per pair")


# ---------------------------------------------------------------- training on X_3^2


@dataclass(frozen=True)
class X32Training:
    """Networks trained on X_3^2: ``authors`` (experiments [ERM, Mixup(α) for α in alphas_table], the
    authors' protocol) and ``independent`` ([ERM, Mixup(α) per batch for alphas_table, Mixup(α) per
    pair for alphas_sweep], independent runs), with the seconds each took."""

    authors: RunsResult
    independent: RunsResult
    alphas_table: tuple[float, ...]
    alphas_sweep: tuple[float, ...]
    seconds_authors: float
    seconds_independent: float

    def sweep_index(self, alpha: float) -> int:
        """The experiment of ``independent`` that trained Mixup(α) with one λ per pair."""
        if alpha not in self.alphas_sweep:
            raise ValueError(f"α = {alpha} is not in the sweep {self.alphas_sweep}; add it to alphas_sweep.")
        return 1 + len(self.alphas_table) + self.alphas_sweep.index(alpha)

    def point1(self, protocol: str) -> np.ndarray:
        """Class-1 probability at point 1, shape (len(alphas_table), runs), for one of :data:`PROTOCOLS`."""
        n = len(self.alphas_table)
        if protocol == PROTOCOLS[0]:
            return self.authors.probs[1:1 + n, :, 1, 0]
        if protocol == PROTOCOLS[1]:
            return self.independent.probs[1:1 + n, :, 1, 0]
        if protocol == PROTOCOLS[2]:
            return self.independent.probs[[self.sweep_index(a) for a in self.alphas_table], :, 1, 0]
        raise ValueError(f"protocol must be one of {PROTOCOLS}, got {protocol!r}.")

    def table_probs(self, alpha: float) -> np.ndarray:
        """Class-1 probabilities at the points 0, 1, 2 under the authors' protocol, shape (runs, 3) (Table 1)."""
        return self.authors.probs[1 + self.alphas_table.index(alpha), :, :, 0]

    def sweep(self) -> np.ndarray:
        """Class-1 probability at point 1 across the sweep (one λ per pair), shape (len(alphas_sweep), runs)."""
        return self.independent.probs[[self.sweep_index(a) for a in self.alphas_sweep], :, 1, 0]

    @property
    def erm_fits(self) -> bool:
        """ERM ends with training error 0 in every run of both protocols."""
        return bool(self.authors.errors[0, :, -1].max() == 0 and self.independent.errors[0, :, -1].max() == 0)


def train_x32(settings: FailureCaseSettings, device=None) -> X32Training:
    """Figure 1 and Table 1 (paper §2.3): the MLP 1-hidden-2 trained with full-batch Adam on X_3^2 by
    ERM and Mixup with Beta(α, α), ``settings.runs`` runs each, as in :func:`~mixup_nb_utils.training.runs.train_runs`.
    ``settings``: the chapter's (seed, runs, epochs, hidden, lr, record_every, alphas_table, alphas_sweep)."""
    X, y = alternating_line(3)
    config = settings.train_config(device)
    table, sweep = settings.alphas_table, settings.alphas_sweep
    t0 = time.perf_counter()
    authors = train_runs(X, y, [ERM()] + [Mixup(a) for a in table], runs=settings.runs, seed=settings.seed,
                         protocol="authors", config=config)
    t1 = time.perf_counter()
    samplers = [ERM()] + [Mixup(a) for a in table] + [Mixup(a, lam_per="sample") for a in sweep]
    indep = train_runs(X, y, samplers, runs=settings.runs, seed=settings.seed + 1, protocol="independent",
                       config=config)
    return X32Training(authors, indep, table, sweep, t1 - t0, time.perf_counter() - t1)


@dataclass(frozen=True)
class ErrorCurve:
    """One experiment's training-error curve over runs (``errors``: runs × records, in misclassified
    points): the fraction of runs ending with exactly one point misclassified, and the last recorded
    step at which the mean error is below 1/m' (some run then has no error at all; None if never)."""

    label: str
    final_counts: np.ndarray
    ends_with_one_error: float
    last_step_below_one: int | None


def error_curves(res: RunsResult, experiments: Sequence[int], num_points: int) -> tuple[ErrorCurve, ...]:
    """:class:`ErrorCurve` of each experiment of ``res`` (Figure 1's curves, counted in points)."""
    out = []
    for e in experiments:
        counts = np.rint(np.asarray(res.errors[e], dtype=float) * num_points).astype(int)   # (runs, records)
        below = res.record_steps[counts.mean(0) < 1]
        out.append(ErrorCurve(res.labels[e], counts[:, -1], float(np.mean(counts[:, -1] == 1)),
                              int(below.max()) if below.size else None))
    return tuple(out)


@dataclass(frozen=True)
class SweepFit:
    """Trained h^1(1) across the α sweep (``trained``: α × runs) against h_ε (Lemma 2.3).

    ``fit``: the single ε that explains all α best; ``eps_each``: the ε matching each α alone;
    ``last_correct`` / ``first_misclassified``: the largest α with mean h^1(1) ≤ 1/2 and the smallest
    with mean > 1/2 (NaN when there is none); ``alpha_star_fit``: α* at the fitted ε; ``closed_form``:
    h^1_ε(1) at the fitted ε
    on the sweep; ``curve_alphas``, ``curves`` (one row per ε of ``curve_eps``) and ``fit_curve``: the
    closed form on a fine grid of α, for the figure.
    """

    alphas: np.ndarray
    trained: np.ndarray
    fit: EpsFit
    eps_each: np.ndarray
    last_correct: float
    first_misclassified: float
    alpha_star_fit: float
    closed_form: np.ndarray
    curve_alphas: np.ndarray
    curve_eps: tuple[float, ...]
    curves: np.ndarray
    fit_curve: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        return self.trained.mean(1)

    @property
    def sd(self) -> np.ndarray:
        return self.trained.std(1)


def fit_sweep(training: X32Training, curve_eps: Sequence[float], curve_points: int = 60) -> SweepFit:
    """The α sweep of ``training`` (one λ per pair) against h_ε: one ε fitted by least squares over α
    (:func:`~mixup_nb_utils.theory.alternating.fit_single_eps`), the ε matching each α alone, and α* there."""
    alphas = np.array(training.alphas_sweep)
    trained = training.sweep()
    mean = trained.mean(1)
    fit = fit_single_eps(alphas, mean)
    fine = np.geomspace(alphas.min() / 2, alphas.max() * 2, int(curve_points))
    return SweepFit(alphas=alphas, trained=trained, fit=fit,
                    eps_each=np.array([matching_eps(a, p) for a, p in zip(alphas, mean)]),
                    last_correct=float(alphas[mean <= 0.5].max()) if (mean <= 0.5).any() else math.nan,
                    first_misclassified=float(alphas[mean > 0.5].min()) if (mean > 0.5).any() else math.nan,
                    alpha_star_fit=critical_alpha(fit.eps), closed_form=h_curve(alphas, fit.eps), curve_alphas=fine,
                    curve_eps=tuple(float(e) for e in curve_eps),
                    curves=np.stack([h_curve(fine, e) for e in curve_eps]), fit_curve=h_curve(fine, fit.eps))


# ---------------------------------------------------------------- App. D.1: ten points


@dataclass(frozen=True)
class LineRuns:
    """X_m^k trained ([ERM] + [Mixup(α) for α in alphas], independent runs) and the closed-form
    training error of h_ε at each α."""

    k: int
    runs: RunsResult
    alphas: tuple[float, ...]
    closed_errors: np.ndarray

    def final_error(self, experiment: int) -> np.ndarray:
        """Final training error of each run of one experiment (0: ERM, 1 + i: Mixup(alphas[i]))."""
        return self.runs.errors[experiment, :, -1]


@dataclass(frozen=True)
class Figure8:
    """App. D.1's Figure 8: one :class:`LineRuns` per number of classes, at the radius ``eps``."""

    eps: float
    lines: tuple[LineRuns, ...]
    seconds: float

    def line(self, k: int) -> LineRuns:
        for ln in self.lines:
            if ln.k == k:
                return ln
        raise ValueError(f"no X_10^{k} in this result (classes: {[ln.k for ln in self.lines]}).")


def training_error_of_h(m: int, k: int, eps: float, alpha: float) -> float:
    """The fraction of the points of X_m^k that h_ε (Lemma 2.3, Beta(α, α)) misclassifies."""
    X, y = alternating_line(m, k)
    return float(np.mean(mixup_optimal(X, y, X, eps, alpha, num_classes=k).argmax(1) != y))


def figure_8(settings: FailureCaseSettings, eps: float, device=None, classes: Sequence[int] = (2, 10), m: int = 10) -> Figure8:
    """App. D.1: X_m^k for each k of ``classes``, trained as in :func:`train_x32` (independent runs,
    one λ per batch, seed ``settings.seed + 2``) with ERM and Mixup(α) for α in ``settings.alphas_fig8``,
    and the closed-form error of h_ε at ``eps``."""
    alphas, config = settings.alphas_fig8, settings.train_config(device)
    t0 = time.perf_counter()
    lines = []
    for k in classes:
        X, y = alternating_line(m, k)
        runs = train_runs(X, y, [ERM()] + [Mixup(a) for a in alphas], runs=settings.runs, seed=settings.seed + 2,
                          protocol="independent", config=config)
        lines.append(LineRuns(int(k), runs, alphas, np.array([training_error_of_h(m, k, eps, a) for a in alphas])))
    return Figure8(float(eps), tuple(lines), time.perf_counter() - t0)
