"""The chapter "A failure case" (paper §2.3, Theorem 2.7): the theorem's quantities, exactly.

The hand-derived ξ terms of X_3^2 against the general engine, every quantity of the proof at the
proof's own α, the proof's bound on α against the exact critical α*(ε), and the closed-form training
error of h_ε on X_10^k over ε with its margins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import optimize, stats

from ...data.synthetic import alternating_line
from ...mixup.mixing import BetaMixing
from ...theory.alternating import (Theorem27Steps, critical_alpha, h_curve, paper_alpha_bound,
                                   theorem_2_7_steps, x32_xi)
from ...theory.geometry import xi_terms
from ...theory.optimal import mixup_optimal


#: The radii at which the chapter follows the proof of Theorem 2.7 step by step.
PROOF_EPS: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)
#: α large enough that Beta(α, α) is a point mass at 1/2 for h_ε on X_3^2 (to 1e-8).
LARGE_ALPHA = 1e8


# ---------------------------------------------------------------- the theorem and its proof


def xi_agreement(eps_values: Sequence[float], alphas: Sequence[float]) -> float:
    """The largest absolute difference, over all (ε, α), between the hand-derived ξ terms of X_3^2 at
    x = 1 (:func:`~mixup_nb_utils.theory.alternating.x32_xi`) and the general engine's
    (:func:`~mixup_nb_utils.theory.geometry.xi_terms`, Lemma 2.3's ξ^{i,j}_{x,ε} and ξ^{i,j}_{x,ε,λ})."""
    X, y = alternating_line(3)
    worst = 0.0
    for eps in eps_values:
        for alpha in alphas:
            xi, xi_lam = xi_terms(X, y, [1.0], eps, BetaMixing(alpha))
            hand, hand_lam = x32_xi(eps, alpha).matrices()
            off = [0, 1], [1, 0]
            worst = max(worst, float(np.abs(xi - hand).max()), float(np.abs(xi_lam[off] - hand_lam[off]).max()))
    return worst


def proof_steps(eps_values: Sequence[float] = PROOF_EPS) -> tuple[Theorem27Steps, ...]:
    """:func:`~mixup_nb_utils.theory.alternating.theorem_2_7_steps` at each ε and at the α the proof
    chooses for it, α = (log 4/ε² - 1)/2 (Theorem 2.7, App. C)."""
    return tuple(theorem_2_7_steps(float(e), float(paper_alpha_bound(e))) for e in eps_values)


@dataclass(frozen=True)
class BoundComparison:
    """The proof's bound α_paper(ε) = (log 4/ε² - 1)/2 against the exact critical α*(ε) on a grid of ε.

    ``eps_cross``: the ε at which the two cross (above it the bound is not sufficient);
    ``h1_large_alpha``: h^1_ε(1) at α = :data:`LARGE_ALPHA` on the grid (Theorem 2.7 needs > 1/2);
    ``normal_constant``: z_{3/4}²/2, the constant c of α* ≈ c/ε² that the normal approximation of
    P(|λ - 1/2| ≤ ε/2) > 1/2 gives; ``eps2_alpha_star``: ε² α*(ε) at the smallest ε of the grid.
    """

    eps: np.ndarray
    alpha_star: np.ndarray
    alpha_paper: np.ndarray
    eps_cross: float
    h1_large_alpha: np.ndarray
    normal_constant: float
    eps2_alpha_star: float
    small_eps: float

    @property
    def ratio(self) -> np.ndarray:
        """α_paper / α* on the grid."""
        return self.alpha_paper / self.alpha_star

    @property
    def small_ratio_range(self) -> tuple[float, float]:
        """The smallest and largest α_paper / α* over the grid ε below ``small_eps``."""
        r = self.ratio[self.eps < self.small_eps]
        return float(r.min()), float(r.max())

    @property
    def bound_constant(self) -> float:
        """log 4 / 2, the constant of the bound's leading term (log 4 / 2)/ε²."""
        return math.log(4.0) / 2.0


def bound_vs_critical(eps_grid_size: int, eps_min: float = 0.02, eps_max: float = 0.99,
                      small_eps: float = 0.2) -> BoundComparison:
    """α*(ε) (:func:`~mixup_nb_utils.theory.alternating.critical_alpha`, exact h_ε of Lemma 2.3) and the
    proof's bound on ``eps_grid_size`` log-spaced ε in [eps_min, eps_max], and the ε where they cross
    (Brent's method on α_paper(ε) - α*(ε))."""
    if int(eps_grid_size) < 2:
        raise ValueError(f"eps_grid_size must be at least 2, got {eps_grid_size!r}.")
    eps = np.geomspace(eps_min, eps_max, int(eps_grid_size))
    alpha_star = np.array([critical_alpha(e) for e in eps])
    alpha_paper = paper_alpha_bound(eps)
    fails = alpha_paper < alpha_star
    if fails.all() or not fails.any():
        raise ValueError("the bound is sufficient on all or none of the ε grid: widen [eps_min, eps_max].")
    cross = optimize.brentq(lambda e: float(paper_alpha_bound(e)) - critical_alpha(e),
                            eps[~fails].max(), eps[fails].min())
    h_large = np.array([h_curve([LARGE_ALPHA], e)[0] for e in eps])
    return BoundComparison(eps=eps, alpha_star=alpha_star, alpha_paper=alpha_paper, eps_cross=float(cross),
                           h1_large_alpha=h_large, normal_constant=float(stats.norm.ppf(0.75) ** 2 / 2),
                           eps2_alpha_star=float(eps[0] ** 2 * alpha_star[0]), small_eps=float(small_eps))


@dataclass(frozen=True)
class ClosedFormScan:
    """h_ε on X_m^k over a scan of ε: ``errors`` (classes, alphas, eps) the fraction misclassified;
    ``margins`` (classes, alphas, eps, m) h^{y_i}_ε(x_i) - max_{c ≠ y_i} h^c_ε(x_i) (< 0: misclassified)."""

    classes: tuple[int, ...]
    alphas: tuple[float, ...]
    eps: tuple[float, ...]
    errors: np.ndarray
    margins: np.ndarray

    def margin_range(self, k: int, alpha: float, interior: bool = True) -> np.ndarray:
        """(smallest, largest) margin at each ε, shape (len(eps), 2), over the interior points 1..m-2
        (the two end points have no neighbour on one side and large margins) or over all points."""
        mg = self.margins[self.classes.index(k), self.alphas.index(alpha)]
        mg = mg[:, 1:-1] if interior else mg
        return np.stack([mg.min(1), mg.max(1)], 1)


def closed_form_scan(eps_values: Sequence[float], alphas: Sequence[float], classes: Sequence[int] = (2, 10),
                     m: int = 10) -> ClosedFormScan:
    """The closed-form training error and per-point margins of h_ε (Lemma 2.3) on X_m^k (App. D.1)."""
    errors = np.zeros((len(classes), len(alphas), len(eps_values)))
    margins = np.zeros(errors.shape + (int(m),))
    for i, k in enumerate(classes):
        X, y = alternating_line(m, k)
        rows = np.arange(int(m))
        for j, a in enumerate(alphas):
            for l, e in enumerate(eps_values):
                h = mixup_optimal(X, y, X, e, a, num_classes=k)
                own = h[rows, y]
                others = h.copy()
                others[rows, y] = -np.inf
                margins[i, j, l] = own - others.max(1)
                errors[i, j, l] = np.mean(h.argmax(1) != y)
    return ClosedFormScan(tuple(int(k) for k in classes), tuple(float(a) for a in alphas),
                          tuple(float(e) for e in eps_values), errors, margins)
