"""The chapter "The Mixup-optimal classifier" (paper Lemma 2.3, Corollary C.1): the derivations in sympy.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


# ------------------------------------------------------------------ Lemma 2.3 and Corollary C.1, symbolically

@dataclass(frozen=True)
class RestrictedLoss:
    """J_mix(θ) restricted to B_ε(x) for a constant θ, with ξ and ξ_λ as symbols (k classes), and the
    coefficient w_i of -log θ_i collected by sympy beside the numerator of the paper's equation (1)."""

    k: int
    xi: sp.Matrix
    xi_lam: sp.Matrix
    loss: sp.Expr
    w_collected: tuple
    w_lemma: tuple
    coefficients_match: bool


def restricted_loss(k: int) -> RestrictedLoss:
    """-Σ_{i,j} (ξ^{i,j}_λ log θ_i + (ξ^{i,j} - ξ^{i,j}_λ) log θ_j) and its coefficients (Lemma 2.3, App. C)."""
    if int(k) < 2:
        raise ValueError(f"Lemma 2.3 needs at least 2 classes, got k={k}.")
    k = int(k)
    XI = sp.Matrix(k, k, lambda i, j: sp.Symbol(f"xi^{i + 1}{j + 1}", nonnegative=True))
    XL = sp.Matrix(k, k, lambda i, j: sp.Symbol(f"xi_lam^{i + 1}{j + 1}", nonnegative=True))
    L = sp.symbols(f"L1:{k + 1}")                               # L_i = log θ_i
    J = -sum(XL[i, j] * L[i] + (XI[i, j] - XL[i, j]) * L[j] for i in range(k) for j in range(k))
    collected = tuple(sp.expand(-J.diff(Li)) for Li in L)
    lemma = tuple(XI[i, i] + sum(XL[i, j] + XI[j, i] - XL[j, i] for j in range(k) if j != i) for i in range(k))
    match = all(sp.simplify(a - b) == 0 for a, b in zip(collected, lemma))
    return RestrictedLoss(k, XI, XL, J, collected, lemma, bool(match))


@dataclass(frozen=True)
class SimplexMinimiser:
    """The stationary points of -Σ w_i log θ_i + μ(Σ θ_i - 1) and the Hessian of the objective."""

    k: int
    stationary: tuple
    hessian: sp.Matrix
    unique: bool
    is_ratio: bool
    hessian_pd: bool


def simplex_minimiser(k: int) -> SimplexMinimiser:
    """Lagrange multipliers for min_θ -Σ_i w_i log θ_i on the simplex (w, θ > 0): θ_i = w_i / Σ_q w_q."""
    k = int(k)
    w = sp.symbols(f"w1:{k + 1}", positive=True)
    theta = sp.symbols(f"theta1:{k + 1}", positive=True)
    mu = sp.Symbol("mu", positive=True)
    objective = -sum(wi * sp.log(ti) for wi, ti in zip(w, theta))
    lagrangian = objective + mu * (sum(theta) - 1)
    stationary = sp.solve([lagrangian.diff(t) for t in theta] + [sum(theta) - 1], [*theta, mu], dict=True)
    hessian = sp.hessian(objective, theta)
    ratio = bool(stationary) and all(sp.simplify(stationary[0][t] - wi / sum(w)) == 0 for t, wi in zip(theta, w))
    return SimplexMinimiser(k, tuple(stationary), hessian, len(stationary) == 1, bool(ratio),
                            bool(hessian.is_positive_definite))


@dataclass(frozen=True)
class SymmetricForm:
    """Lemma 2.3 with ξ^{j,i} = ξ^{i,j} and ξ^{j,i}_λ = ξ^{i,j} - ξ^{i,j}_λ substituted, against
    Corollary C.1."""

    numerators_match: bool
    denominators_match: bool


def corollary_c1_symbolic(lemma: RestrictedLoss) -> SymmetricForm:
    """Corollary C.1: for f(λ) = f(1 - λ) the numerators become ξ^{i,i} + 2 Σ_{j≠i} ξ^{i,j}_λ."""
    XI, XL, k = lemma.xi, lemma.xi_lam, lemma.k
    symmetric = {}
    for i in range(k):
        for j in range(i + 1, k):
            symmetric[XI[j, i]] = XI[i, j]
            symmetric[XL[j, i]] = XI[i, j] - XL[i, j]

    def sym(e):
        return sp.expand(e.subs(symmetric))

    corollary = [XI[i, i] + 2 * sum(XL[i, j] for j in range(k) if j != i) for i in range(k)]
    numerators = all(sym(a - b) == 0 for a, b in zip(lemma.w_lemma, corollary))
    return SymmetricForm(bool(numerators), bool(sym(sum(lemma.w_lemma) - sum(corollary)) == 0))
