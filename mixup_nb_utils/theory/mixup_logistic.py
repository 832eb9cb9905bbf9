"""The logistic losses of the linear model in score space: the exact Mixup minimiser (paper §3.2, App. E).

For the linear model θᵀx with labels y ∈ {+1, -1}, :func:`mixup_logistic_fit` minimises the Mixup
logistic loss of §2.1,

    J_mix(θ) = Σ_{i,j} P(i, j) E_{λ~P_f} [λ softplus(-y_i θᵀz_ij) + (1-λ) softplus(-y_j θᵀz_ij)],
    z_ij = λ x_i + (1-λ) x_j,

exactly over all pairs (P(i, j) = 1/n², self pairs included) with the λ-integral done by the mixing
law's quadrature (Gauss–Jacobi for Beta laws), by Newton's method on the span of the data
(Remark 3.6: the orthogonal complement does not change J_mix). Since J_mix depends on θ only through
the scores s = Xθ, every loss here is evaluated in score space: a pair (i, j) at node λ has the mixed
score λ s_i + (1-λ) s_j. ``pairs="cross"`` keeps only the proof's cross-class term (equation 7).

- :func:`two_point_scale` is k(P_f) of Theorem 3.5, Part I (equation 4), and
  :func:`expected_two_point_loss` the function E_λ h_λ(k) it minimises;
- :func:`class_margins` collapses the minimiser on linearly independent data to two margins (a, b);
- :func:`logistic_erm_fit` is the finite ERM minimiser (the λ ≡ 1 case of the same solver) and
  :func:`erm_direction` the direction ERM gradient descent goes to.

Max margin, interpolation and Lemma 3.7 are :mod:`mixup_nb_utils.theory.linear`; Mixup training of the
linear model by sampled batches (a cross-check of :func:`mixup_logistic_minimizer`) is
:func:`mixup_nb_utils.training.linear_sgd.mixup_sgd`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import optimize, special

from ..mixup.mixing import MixingSpec, as_mixing
from ..validation import check_finite
from .linear import _both_classes, _check_separable, _data, max_margin, span_basis

Pairs = Literal["all", "cross"]
PAIRS: tuple[str, ...] = ("all", "cross")

# ----------------------------------------------------------------------------- the Mixup logistic loss in score space

def _pair_weights(y: np.ndarray, pairs: Pairs) -> np.ndarray:
    """P(i, j): 1/n² over all ordered pairs (the paper's J_mix), or the proof's cross-class term (7)."""
    n = len(y)
    if pairs == "all":
        return np.full((n, n), 1.0 / n**2)
    if pairs == "cross":
        pos, neg = y > 0, y < 0
        M = np.outer(pos, neg).astype(float)
        return M / M.sum()
    raise ValueError(f"pairs must be one of {PAIRS}, got {pairs!r}.")


def _score_objective(s: np.ndarray, y: np.ndarray, M: np.ndarray, lam: np.ndarray, w: np.ndarray,
                     order: int = 2):
    """J(s) = Σ_{q,i,j} w_q M_ij [λ_q sp(-y_i z) + (1-λ_q) sp(-y_j z)], z = λ_q s_i + (1-λ_q) s_j;
    with its gradient and Hessian in s (order 0, 1 or 2)."""
    L = lam[:, None, None]
    Z = L * s[None, :, None] + (1 - L) * s[None, None, :]          # (q, n, n)
    yi, yj = y[None, :, None], y[None, None, :]
    WM = w[:, None, None] * M[None]
    val = float(np.sum(WM * (L * np.logaddexp(0.0, -yi * Z) + (1 - L) * np.logaddexp(0.0, -yj * Z))))
    if order == 0:
        return val
    d1 = WM * (-L * yi * special.expit(-yi * Z) - (1 - L) * yj * special.expit(-yj * Z))
    grad = np.sum(L * d1, axis=(0, 2)) + np.sum((1 - L) * d1, axis=(0, 1))
    if order == 1:
        return val, grad
    d2 = WM * special.expit(Z) * special.expit(-Z)
    H = np.diag(np.sum(L**2 * d2, axis=(0, 2)) + np.sum((1 - L) ** 2 * d2, axis=(0, 1)))
    C = np.sum(L * (1 - L) * d2, axis=0)
    return val, grad, H + C + C.T


def _newton(A: np.ndarray, y, M, lam, w, tol: float, max_iter: int) -> tuple[np.ndarray, float, float, int]:
    """Minimise J(Aβ) over β by damped Newton (Armijo backtracking). Returns β, J, ‖∇_β J‖, iterations."""
    beta = np.zeros(A.shape[1])
    val, g_s, H_s = _score_objective(A @ beta, y, M, lam, w)
    for it in range(1, max_iter + 1):
        g = A.T @ g_s
        gnorm = float(np.linalg.norm(g))
        if gnorm <= tol:
            return beta, val, gnorm, it - 1
        H = A.T @ H_s @ A
        try:
            step = -np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            step = -np.linalg.lstsq(H, g, rcond=None)[0]
        if g @ step >= 0:
            step = -g
        t = 1.0
        slack = 1e-13 * max(1.0, abs(val))          # the loss itself is only known to round-off
        while True:
            new = _score_objective(A @ (beta + t * step), y, M, lam, w, order=0)
            if new <= val + 1e-4 * t * (g @ step) + slack or t < 1e-12:
                break
            t *= 0.5
        beta = beta + t * step
        val, g_s, H_s = _score_objective(A @ beta, y, M, lam, w)
        if t < 1e-12:
            break
    g = A.T @ g_s
    return beta, val, float(np.linalg.norm(g)), it


@dataclass(frozen=True)
class LogisticFit:
    """A minimiser θ of a logistic-type loss on the span of X, with its loss and gradient norm."""

    theta: np.ndarray
    loss: float
    grad_norm: float
    iterations: int


def _nodes(mixing: MixingSpec, nodes: int) -> tuple[np.ndarray, np.ndarray]:
    if int(nodes) < 1:
        raise ValueError(f"nodes must be a positive integer, got {nodes}.")
    return as_mixing(mixing).quadrature(int(nodes))


def mixup_logistic_loss(theta, X, y, mixing: MixingSpec, nodes: int = 64, pairs: Pairs = "all") -> float:
    """J_mix(θ) of the linear logistic model (module doc), exact over pairs, λ by quadrature."""
    X, y = _data(X, y)
    lam, w = _nodes(mixing, nodes)
    s = X @ check_finite(theta, "theta").ravel()
    return _score_objective(s, y, _pair_weights(y, pairs), lam, w, order=0)


def mixup_logistic_grad(theta, X, y, mixing: MixingSpec, nodes: int = 64, pairs: Pairs = "all") -> np.ndarray:
    """∇_θ J_mix(θ) = Xᵀ ∇_s J."""
    X, y = _data(X, y)
    lam, w = _nodes(mixing, nodes)
    _, g = _score_objective(X @ check_finite(theta, "theta").ravel(), y, _pair_weights(y, pairs), lam, w, order=1)
    return X.T @ g


def mixup_logistic_hessian(theta, X, y, mixing: MixingSpec, nodes: int = 64, pairs: Pairs = "all") -> np.ndarray:
    """∇²_θ J_mix(θ) = Xᵀ H_s X = E_λ Σ P(i,j) σ'(θᵀz_ij) z_ij z_ijᵀ (Lemma E.1, equation 11)."""
    X, y = _data(X, y)
    lam, w = _nodes(mixing, nodes)
    _, _, H = _score_objective(X @ check_finite(theta, "theta").ravel(), y, _pair_weights(y, pairs), lam, w)
    return X.T @ H @ X


def mixup_logistic_fit(X, y, mixing: MixingSpec, nodes: int = 64, pairs: Pairs = "all",
                       tol: float = 1e-10, max_iter: int = 100) -> LogisticFit:
    """The minimiser of J_mix on the span of X (Remark 3.6), by Newton's method; see the module doc.

    ``pairs="all"`` is the paper's J_mix (§2.1: all ordered pairs, self pairs included);
    ``pairs="cross"`` keeps only the term of the proof's equation (7): x_i from class +1 weighted λ,
    z_j from class -1 weighted 1-λ. J_mix is strictly convex on the span (Lemma E.1), so the minimiser
    is unique; it exists whenever both classes are present.
    """
    X, y = _data(X, y)
    _both_classes(y)
    lam, w = _nodes(mixing, nodes)
    Q = span_basis(X)
    beta, val, gnorm, it = _newton(X @ Q, y, _pair_weights(y, pairs), lam, w, tol, max_iter)
    if gnorm > 1e3 * tol:
        raise RuntimeError(f"Newton's method did not converge (gradient norm {gnorm:.2e} after {it} steps).")
    return LogisticFit(theta=Q @ beta, loss=val, grad_norm=gnorm, iterations=it)


def mixup_logistic_minimizer(X, y, alpha: MixingSpec, beta: float | None = None, nodes: int = 64,
                             pairs: Pairs = "all") -> np.ndarray:
    """θ minimising J_mix on the span of X for P_f = Beta(alpha, beta) (beta=None: Beta(α, α)).

    ``alpha`` may also be any mixing spec of :func:`mixup_nb_utils.mixup.mixing.as_mixing` (then leave ``beta`` unset).
    """
    mixing = alpha if beta is None else (alpha, beta)
    return mixup_logistic_fit(X, y, mixing, nodes=nodes, pairs=pairs).theta


def logistic_erm_fit(X, y, tol: float = 1e-10, max_iter: int = 200) -> LogisticFit:
    """The finite minimiser of the ERM logistic loss (1/n) Σ softplus(-y_i θᵀx_i) on the span of X.

    It exists only when the data are not linearly separable; for separable data gradient descent
    diverges in norm and converges in direction to the max margin (:func:`logistic_gd`).
    """
    X, y = _data(X, y)
    Q = span_basis(X)
    G = y[:, None] * (X @ Q)
    try:
        _check_separable(G)
    except ValueError:
        pass
    else:
        raise ValueError("the data are linearly separable: the ERM logistic loss has no finite minimiser; "
                         "use max_margin (its direction is the limit of gradient descent) or logistic_gd.")
    n = len(y)
    M = np.eye(n) / n                       # λ = 1 puts all weight on the first point: plain ERM
    beta, val, gnorm, it = _newton(X @ Q, y, M, np.ones(1), np.ones(1), tol, max_iter)
    if gnorm > 1e3 * tol:
        raise RuntimeError(f"Newton's method did not converge (gradient norm {gnorm:.2e} after {it} steps).")
    return LogisticFit(theta=Q @ beta, loss=val, grad_norm=gnorm, iterations=it)


# ----------------------------------------------------------------------------- Theorem 3.5, Part I

def expected_two_point_loss(mixing: MixingSpec, ks, nodes: int = 64) -> np.ndarray:
    """E_λ h_λ(k) of Theorem 3.5, Part I (equation 4) at every k of ``ks``, λ ~ P_f by quadrature:

        h_λ(k) = λ log(1 + e^{(1-2λ)k}) + (1-λ) log(1 + e^{(2λ-1)k}).

    Its minimiser over k is :func:`two_point_scale`; its value at k = 0 is log 2.
    """
    k = check_finite(ks, "ks")
    lam, w = _nodes(mixing, nodes)
    c = (1.0 - 2.0 * lam)[:, None]
    kk = k.reshape(1, -1)
    h = lam[:, None] * np.logaddexp(0.0, c * kk) + (1 - lam)[:, None] * np.logaddexp(0.0, -c * kk)
    return (w @ h).reshape(k.shape)


def two_point_scale(mixing: MixingSpec, nodes: int = 64) -> float:
    """k(P_f) of Theorem 3.5, Part I: the minimiser over k of E_λ h_λ(k) (equation 4),

        h_λ(k) = λ log(1 + e^{(1-2λ)k}) + (1-λ) log(1 + e^{(2λ-1)k}),

    found as the root of the derivative E_λ (1-2λ)[λ σ((1-2λ)k) - (1-λ) σ((2λ-1)k)] (Brent's method).
    """
    lam, w = _nodes(mixing, nodes)
    c = 1.0 - 2.0 * lam

    def dh(k: float) -> float:
        return float(np.sum(w * c * (lam * special.expit(c * k) - (1 - lam) * special.expit(-c * k))))

    if dh(0.0) >= 0:
        raise ValueError("E_λ h_λ'(0) = -E(1-2λ)²/2 is not negative: P_f is a point mass at 1/2.")
    hi = 1.0
    while dh(hi) < 0:
        hi *= 2.0
        if hi > 1e8:
            raise RuntimeError("k(P_f) is beyond 1e8: P_f is too concentrated at 1/2 for this quadrature.")
    return float(optimize.brentq(dh, 0.0, hi, xtol=1e-14, rtol=1e-14))


def class_margins(mixing: MixingSpec, n_pos: int, n_neg: int, nodes: int = 64,
                  pairs: Pairs = "all") -> tuple[float, float]:
    """Margins (a, b) of the J_mix minimiser on linearly independent data with n_pos and n_neg points.

    For linearly independent points every margin vector is reachable, and J_mix is a strictly convex
    function of the margins that is symmetric under permutations within a class, so the minimiser gives
    every class +1 point margin a and every class -1 point margin b. The problem collapses to two
    weighted points (weights n_pos/n, n_neg/n). a = b is exactly the interpolation of Definition 3.3.
    """
    n_pos, n_neg = int(n_pos), int(n_neg)
    if n_pos < 1 or n_neg < 1:
        raise ValueError(f"both classes need at least one point, got n_pos={n_pos}, n_neg={n_neg}.")
    lam, w = _nodes(mixing, nodes)
    y = np.array([1.0, -1.0])
    if pairs == "all":
        p = np.array([n_pos, n_neg], dtype=float) / (n_pos + n_neg)
        M = np.outer(p, p)
    elif pairs == "cross":
        M = np.array([[0.0, 1.0], [0.0, 0.0]])
    else:
        raise ValueError(f"pairs must be one of {PAIRS}, got {pairs!r}.")
    s, _, gnorm, it = _newton(np.eye(2), y, M, lam, w, 1e-12, 100)
    if gnorm > 1e-9:
        raise RuntimeError(f"Newton's method did not converge (gradient norm {gnorm:.2e} after {it} steps).")
    return float(s[0]), float(-s[1])


def predicted_direction(X, y, a: float, b: float) -> np.ndarray:
    """The unit θ in the span of X with margins a on class +1 and b on class -1 (min-norm solution)."""
    X, y = _data(X, y)
    target = np.where(y > 0, a, -b)
    theta = np.linalg.lstsq(X, target, rcond=None)[0]
    return theta / np.linalg.norm(theta)


def erm_direction(X, y) -> tuple[np.ndarray, bool]:
    """The unit direction ERM gradient descent converges to, and whether the data are separable.

    Separable data: the max-margin direction (Soudry et al. 2018, the premise of Corollary 3.8).
    Otherwise: the direction of the finite ERM minimiser (:func:`logistic_erm_fit`), which gradient
    descent with a small enough step also reaches.
    """
    try:
        return max_margin(X, y), True
    except ValueError:
        theta = logistic_erm_fit(X, y).theta
        return theta / np.linalg.norm(theta), False
