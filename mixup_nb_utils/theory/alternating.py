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
engine); :func:`theorem_2_7_steps` computes every quantity of the proof of Theorem 2.7 and
:func:`beta_variance` the variance its step 1 uses (symbolically and by quadrature);
:func:`critical_alpha` finds, from the exact h_ε of :func:`mixup_nb_utils.theory.optimal.mixup_optimal`,
the smallest α at which h_ε misclassifies a point; :func:`paper_alpha_bound` is the bound in the
proof of Theorem 2.7.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize, stats

from ..data.synthetic import alternating_line
from ..mixup.mixing import BetaMixing
from ..validation import check_positive
from .geometry import xi_terms
from .optimal import mixup_optimal


def paper_alpha_bound(eps) -> np.ndarray:
    """The proof of Theorem 2.7: α > (log 4 / ε² - 1) / 2 "guarantees" P(|Y - 1/2| ≤ ε) > 1/2."""
    eps = np.asarray(eps, dtype=float)
    if np.any(~np.isfinite(eps)) or np.any(eps <= 0):
        raise ValueError("eps must be finite and > 0.")
    return (math.log(4.0) / eps**2 - 1.0) / 2.0


@dataclass(frozen=True)
class X32Xi:
    """The ξ terms of X_3^2 at x = 1 (classes 1, 2 of the paper = labels 0, 1 here), from the module docstring."""

    xi11: float
    xi12: float
    xi12_lam: float
    xi21: float
    xi21_lam: float
    xi22: float

    def matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """(ξ, ξ_λ) as 2 × 2 arrays in the layout of :func:`mixup_nb_utils.theory.geometry.xi_terms`
        (ξ_λ has zeros on its diagonal, which Lemma 2.3 does not use)."""
        return (np.array([[self.xi11, self.xi12], [self.xi21, self.xi22]]),
                np.array([[0.0, self.xi12_lam], [self.xi21_lam, 0.0]]))


def x32_xi(eps: float, alpha: float) -> X32Xi:
    """The ξ terms of X_3^2 at x = 1 from the hand derivation in the module docstring (0 < ε < 1):
    ξ^{1,1} = 2/9 P(|λ - 1/2| ≤ ε/2), ξ^{2,2} = 1/9, ξ^{1,2} = 2/9 P(λ ≤ ε), ξ^{1,2}_λ = 2/9 E[λ; λ ≤ ε],
    ξ^{2,1} = 2/9 P(λ ≥ 1 - ε), ξ^{2,1}_λ = 2/9 E[λ; λ ≥ 1 - ε] (paper, Lemma 2.3 and Theorem 2.7)."""
    eps = check_positive(eps, "eps")
    if eps >= 1:
        raise ValueError(f"the hand-derived ξ terms hold for 0 < eps < 1 (the ball then misses 0 and 2), got {eps}.")
    d = BetaMixing(alpha)
    w = 2.0 / 9.0
    return X32Xi(xi11=w * float(d.mass(0.5 - eps / 2, 0.5 + eps / 2)),
                 xi12=w * float(d.mass(0.0, eps)),
                 xi12_lam=w * float(d.first_moment(0.0, eps)),
                 xi21=w * float(d.mass(1.0 - eps, 1.0)),
                 xi21_lam=w * float(d.first_moment(1.0 - eps, 1.0)),
                 xi22=1.0 / 9.0)


@dataclass(frozen=True)
class Theorem27Steps:
    """Every quantity the proof of Theorem 2.7 uses at (ε, α), computed exactly (see :func:`theorem_2_7_steps`)."""

    eps: float
    alpha: float
    xi: X32Xi
    var_beta: float                   # Var Beta(α, α), from scipy's moments (not from a formula typed here)
    var_proof: float                  # 1/(4α + 2), as written in the proof
    p_within_eps: float               # P(|Y - 1/2| ≤ ε), the event of steps 1 and 2
    subgauss_bound_true_var: float    # 1 - 2 exp(-ε²/(2σ²)) with σ² = var_beta
    subgauss_bound_paper_var: float   # ... with σ² = var_proof
    p_within_half_eps: float          # P(|Y - 1/2| ≤ ε/2), the event ξ^{1,1} needs
    xi11_proof_event: float           # 2/9 P(|Y - 1/2| ≤ ε): ξ^{1,1} if the proof's event were the right one
    xi11_engine: float                # ξ^{1,1} from the general engine (geometry.xi_terms), for comparison
    h1_proof_formula: float           # (ξ11 + 2ξ12_λ)/(ξ11 + 4ξ12_λ + ξ22), step 4 as written
    h1_corollary_c1: float            # (ξ11 + 2ξ12_λ)/(ξ11 + 2ξ12_λ + ξ22 + 2ξ21_λ), Corollary C.1
    h1_exact: float                   # the general engine (Lemma 2.3), which knows nothing of this dataset

    @property
    def margin(self) -> float:
        """ξ^{1,1} - ξ^{2,2}, which step 3 shows to be positive."""
        return self.xi.xi11 - self.xi.xi22

    @property
    def dropped_term(self) -> float:
        """2ξ^{2,1}_λ - 2ξ^{1,2}_λ: h^1_ε(1) > 1/2 exactly when the margin exceeds it (Corollary C.1)."""
        return 2 * self.xi.xi21_lam - 2 * self.xi.xi12_lam


def theorem_2_7_steps(eps: float, alpha: float) -> Theorem27Steps:
    """Every quantity the proof of Theorem 2.7 uses, computed exactly at (ε, α) (0 < ε < 1).

    The variance of Beta(α, α) (from scipy, and as written in the proof, 1/(4α+2)); P(|Y - 1/2| ≤ ε)
    and its sub-Gaussian lower bound 1 - 2 exp(-ε²/(2σ²)) with either variance; P(|Y - 1/2| ≤ ε/2),
    the probability ξ^{1,1} actually needs; h^1 from the proof's step-4 formula, from Corollary C.1
    and from the general engine (Lemma 2.3).
    """
    xi = x32_xi(eps, alpha)
    d = BetaMixing(alpha)
    var_beta = float(stats.beta(alpha, alpha).var())
    var_proof = 1.0 / (4.0 * alpha + 2.0)
    num = xi.xi11 + 2 * xi.xi12_lam
    p_eps = float(d.mass(0.5 - eps, 0.5 + eps))
    X, y = alternating_line(3)
    return Theorem27Steps(
        eps=float(eps), alpha=float(alpha), xi=xi, var_beta=var_beta, var_proof=var_proof,
        p_within_eps=p_eps,
        subgauss_bound_true_var=1.0 - 2.0 * math.exp(-eps**2 / (2 * var_beta)),
        subgauss_bound_paper_var=1.0 - 2.0 * math.exp(-eps**2 / (2 * var_proof)),
        p_within_half_eps=float(d.mass(0.5 - eps / 2, 0.5 + eps / 2)),
        xi11_proof_event=2.0 / 9.0 * p_eps,
        xi11_engine=float(xi_terms(X, y, [1.0], eps, d)[0][0, 0]),
        h1_proof_formula=num / (xi.xi11 + 4 * xi.xi12_lam + xi.xi22),
        h1_corollary_c1=num / (num + xi.xi22 + 2 * xi.xi21_lam),
        h1_exact=float(mixup_optimal(X, y, [[1.0]], eps, alpha)[0, 0]),
    )


@dataclass(frozen=True)
class BetaVariance:
    """Var Beta(α, α) by two routes that share nothing with the proof's 1/(4α + 2).

    ``symbolic``: sympy's variance of Beta(α, α) (sympy.stats), simplified; ``ratio_to_proof``: that
    expression divided by 1/(4α + 2), simplified; ``equals_proof``: whether their difference
    simplifies to 0. ``quadrature``: ∫ (u - 1/2)² Beta(α, α)(du) by adaptive quadrature at ``alphas``,
    beside ``proof`` = 1/(4α + 2) there.
    """

    symbolic: str
    ratio_to_proof: str
    equals_proof: bool
    alphas: np.ndarray
    quadrature: np.ndarray
    proof: np.ndarray


def beta_variance(alphas=(0.5, 1.0, 32.0, 128.0)) -> BetaVariance:
    """The variance the proof of Theorem 2.7 needs (its step 1), symbolically and by quadrature
    (see :class:`BetaVariance`)."""
    import sympy as sp
    from sympy.stats import Beta, variance

    alphas = np.array([check_positive(a, "alpha") for a in np.atleast_1d(alphas)])
    a = sp.symbols("alpha", positive=True)
    var = sp.simplify(variance(Beta("Y", a, a)))
    proof = 1 / (4 * a + 2)
    text = str(var).replace("alpha", "α").replace("*", "")
    quad = np.array([integrate.quad(lambda u, al=al: (u - 0.5) ** 2 * stats.beta.pdf(u, al, al), 0.0, 1.0,
                                    points=[0.5], epsabs=0.0, epsrel=1e-12, limit=200)[0] for al in alphas])
    return BetaVariance(symbolic=text, ratio_to_proof=str(sp.simplify(var / proof)),
                        equals_proof=bool(sp.simplify(var - proof) == 0), alphas=alphas, quadrature=quad,
                        proof=1.0 / (4.0 * alphas + 2.0))


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


@dataclass(frozen=True)
class EpsFit:
    """The single ε that best explains trained probabilities across α: ``eps`` with its ``rmse``, and the
    RMSE of every ε of the grid searched (``rmse_grid`` at ``eps_grid``)."""

    eps: float
    rmse: float
    eps_grid: np.ndarray
    rmse_grid: np.ndarray


def fit_single_eps(alphas, p_trained, eps_grid=None, X=None, y=None, point: int = 1, cls: int = 0) -> EpsFit:
    """The one ε that best explains trained probabilities across α: the grid ε minimising
    sqrt(mean_α (h^{cls}_ε(X[point]; α) - p_trained(α))²), h_ε from Lemma 2.3 (default grid: 60 values
    in [0.01, 0.99])."""
    alphas = np.asarray(alphas, dtype=float)
    p_trained = np.asarray(p_trained, dtype=float)
    if alphas.shape != p_trained.shape:
        raise ValueError(f"alphas {alphas.shape} and p_trained {p_trained.shape} must have the same shape.")
    eps_grid = np.geomspace(0.01, 0.99, 60) if eps_grid is None else np.asarray(eps_grid, dtype=float)
    rmse = np.array([np.sqrt(np.mean((h_curve(alphas, e, X, y, point, cls) - p_trained) ** 2)) for e in eps_grid])
    best = int(np.argmin(rmse))
    return EpsFit(eps=float(eps_grid[best]), rmse=float(rmse[best]), eps_grid=eps_grid, rmse_grid=rmse)
