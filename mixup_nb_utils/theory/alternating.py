"""The alternating line and Theorem 2.7 (paper §2.3 and App. D.1), in closed form.

On X_3^2 = {0, 1, 2} with labels {1, 2, 1} (0-based here: {0, 1, 0}) and P_f = Beta(α, α), a ball
B_ε(1) with 0 < ε < 1 is met by these segments (λ is the weight of the first end point s):

    s, t ∈ {0, 2}, s ≠ t:   z = λ s + (1 - λ) t ∈ B_ε(1)  ⟺  |λ - 1/2| ≤ ε/2
    s = t = 1:               always
    s ∈ {0, 2}, t = 1:       ⟺  λ ≤ ε           (class-1 end weighted by λ)
    s = 1, t ∈ {0, 2}:       ⟺  λ ≥ 1 - ε

so, with P_X uniform (weight 1/9 per ordered pair),

    ξ^{1,1} = 2/9 · P(|λ - 1/2| ≤ ε/2),      ξ^{2,2} = 1/9,
    ξ^{1,2} = 2/9 · P(λ ≤ ε),                ξ^{1,2}_λ = 2/9 · E[λ; λ ≤ ε],
    ξ^{2,1} = 2/9 · P(λ ≥ 1 - ε),            ξ^{2,1}_λ = 2/9 · E[λ; λ ≥ 1 - ε].

:func:`x32_xi` evaluates these hand-derived expressions (an independent check of the general
engine); :func:`critical_alpha` finds, from the exact h_ε of :func:`mixup_nb_utils.theory.optimal.mixup_optimal`,
the smallest α at which h_ε misclassifies a point; :func:`paper_alpha_bound` is the bound in the
proof of Theorem 2.7.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from ..data.synthetic import alternating_line
from ..mixup.mixing import BetaMixing
from ..validation import check_positive
from .optimal import mixup_optimal


def paper_alpha_bound(eps) -> np.ndarray:
    """The proof of Theorem 2.7: α > (log 4 / ε² - 1) / 2 "guarantees" P(|Y - 1/2| ≤ ε) > 1/2."""
    eps = np.asarray(eps, dtype=float)
    if np.any(~np.isfinite(eps)) or np.any(eps <= 0):
        raise ValueError("eps must be finite and > 0.")
    return (math.log(4.0) / eps**2 - 1.0) / 2.0


def x32_xi(eps: float, alpha: float) -> dict[str, float]:
    """The ξ terms of X_3^2 at x = 1 from the hand derivation in the module docstring (0 < ε < 1)."""
    eps = check_positive(eps, "eps")
    if eps >= 1:
        raise ValueError(f"the hand-derived ξ terms hold for 0 < eps < 1 (the ball then misses 0 and 2), got {eps}.")
    d = BetaMixing(alpha)
    w = 2.0 / 9.0
    return {
        "xi11": w * float(d.mass(0.5 - eps / 2, 0.5 + eps / 2)),
        "xi22": 1.0 / 9.0,
        "xi12": w * float(d.mass(0.0, eps)),
        "xi12_lam": w * float(d.first_moment(0.0, eps)),
        "xi21": w * float(d.mass(1.0 - eps, 1.0)),
        "xi21_lam": w * float(d.first_moment(1.0 - eps, 1.0)),
    }


def theorem_2_7_steps(eps: float, alpha: float) -> dict[str, float]:
    """Every quantity the proof of Theorem 2.7 uses, computed exactly at (ε, α).

    Keys: the variance of Beta(α, α) (true, 1/(4(2α+1)), and as written in the proof, 1/(4α+2));
    P(|Y - 1/2| ≤ ε) and its sub-Gaussian lower bound 1 - 2 exp(-ε²/(2σ²)) with either variance;
    P(|Y - 1/2| ≤ ε/2), the probability ξ^{1,1} actually needs; ξ^{1,1} and ξ^{2,2};
    h^1 from the proof's formula (ξ11 + 2ξ12_λ)/(ξ11 + 4ξ12_λ + ξ22), from Corollary C.1 and from
    the general engine; and the margin ξ11 - ξ22 against the term the proof drops,
    2ξ21_λ - 2ξ12_λ (h^1 > 1/2 exactly when the margin exceeds it).
    """
    xi = x32_xi(eps, alpha)
    d = BetaMixing(alpha)
    var_true = 1.0 / (4.0 * (2.0 * alpha + 1.0))
    var_paper = 1.0 / (4.0 * alpha + 2.0)
    num = xi["xi11"] + 2 * xi["xi12_lam"]
    X, y = alternating_line(3)
    return {
        **xi,
        "var_true": var_true,
        "var_paper": var_paper,
        "p_within_eps": float(d.mass(0.5 - eps, 0.5 + eps)),
        "subgauss_bound_true_var": 1.0 - 2.0 * math.exp(-eps**2 / (2 * var_true)),
        "subgauss_bound_paper_var": 1.0 - 2.0 * math.exp(-eps**2 / (2 * var_paper)),
        "p_within_half_eps": float(d.mass(0.5 - eps / 2, 0.5 + eps / 2)),
        "h1_proof_formula": num / (xi["xi11"] + 4 * xi["xi12_lam"] + xi["xi22"]),
        "h1_corollary_c1": num / (num + xi["xi22"] + 2 * xi["xi21_lam"]),
        "h1_exact": float(mixup_optimal(X, y, [[1.0]], eps, alpha)[0, 0]),
        "margin": xi["xi11"] - xi["xi22"],
        "dropped_term": 2 * xi["xi21_lam"] - 2 * xi["xi12_lam"],
    }


def point_margin(X, y, point: int, eps: float, alpha: float) -> float:
    """h^{y}_ε(x) - max_{c ≠ y} h^c_ε(x) at the training point x = X[point] (< 0: misclassified)."""
    h = mixup_optimal(X, y, np.asarray(X, dtype=float)[[point]], eps, alpha)[0]
    c = int(np.asarray(y)[point])
    return float(h[c] - np.max(np.delete(h, c)))


def critical_alpha(eps: float, X=None, y=None, point: int = 1, alpha_min: float = 1e-3,
                   alpha_max: float = 1e8, grid: int = 60) -> float:
    """The smallest α (Beta(α, α)) at which h_ε misclassifies the training point ``point``.

    Default data: X_3^2 and its point 1. Scans a log-spaced grid of ``grid`` values in
    [alpha_min, alpha_max] for the first sign change of :func:`point_margin` and refines it with
    Brent's method. Returns 0.0 when the point is misclassified already at ``alpha_min`` and
    ``inf`` when it is classified correctly on the whole range.
    """
    eps = check_positive(eps, "eps")
    if X is None:
        X, y = alternating_line(3)
    f = lambda la: point_margin(X, y, point, eps, math.exp(la))  # noqa: E731
    logs = np.linspace(math.log(alpha_min), math.log(alpha_max), int(grid))
    vals = [f(la) for la in logs[:1]]
    if vals[0] < 0:
        return 0.0
    for a, b in zip(logs[:-1], logs[1:]):
        fb = f(b)
        if fb < 0:
            return float(math.exp(optimize.brentq(f, a, b, xtol=1e-10, rtol=1e-10)))
    return math.inf


def matching_eps(alpha: float, p_class: float, X=None, y=None, point: int = 1, cls: int = 0,
                 eps_min: float = 1e-3, eps_max: float = 0.999) -> float:
    """The ε ∈ [eps_min, eps_max] at which h^{cls}_ε(X[point]) equals ``p_class`` (NaN if none).

    Scans a grid for the first crossing and refines it with Brent's method.
    """
    if X is None:
        X, y = alternating_line(3)
    q = np.asarray(X, dtype=float)[[point]]
    g = lambda e: float(mixup_optimal(X, y, q, e, alpha)[0, cls]) - float(p_class)  # noqa: E731
    grid = np.geomspace(eps_min, eps_max, 40)
    prev = g(grid[0])
    for a, b in zip(grid[:-1], grid[1:]):
        cur = g(b)
        if prev == 0:
            return float(a)
        if prev * cur < 0:
            return float(optimize.brentq(g, a, b, xtol=1e-10))
        prev = cur
    return math.nan


def h_curve(alphas, eps: float, X=None, y=None, point: int = 1, cls: int = 0) -> np.ndarray:
    """h^{cls}_ε at X[point] for each α in ``alphas`` (default: class 1 at point 1 of X_3^2)."""
    if X is None:
        X, y = alternating_line(3)
    q = np.asarray(X, dtype=float)[[point]]
    return np.array([mixup_optimal(X, y, q, eps, float(a))[0, cls] for a in np.atleast_1d(alphas)])


def fit_single_eps(alphas, p_trained, eps_grid=None, X=None, y=None, point: int = 1, cls: int = 0) -> dict:
    """The one ε that best explains trained probabilities across α (least squares on the grid).

    Returns the best ε, its root-mean-square error, and the RMSE for every ε of the grid.
    """
    alphas = np.asarray(alphas, dtype=float)
    p_trained = np.asarray(p_trained, dtype=float)
    if alphas.shape != p_trained.shape:
        raise ValueError(f"alphas {alphas.shape} and p_trained {p_trained.shape} must have the same shape.")
    eps_grid = np.geomspace(0.01, 0.99, 60) if eps_grid is None else np.asarray(eps_grid, dtype=float)
    rmse = np.array([np.sqrt(np.mean((h_curve(alphas, e, X, y, point, cls) - p_trained) ** 2)) for e in eps_grid])
    best = int(np.argmin(rmse))
    return {"eps": float(eps_grid[best]), "rmse": float(rmse[best]), "eps_grid": eps_grid, "rmse_grid": rmse}
