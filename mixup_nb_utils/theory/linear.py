"""Linear classifiers on ±1 labels: max margin, interpolation, the Mixup logistic minimiser (paper §3.2, App. E).

The model is θᵀx with labels y ∈ {+1, -1}; the logistic loss of a score z for label y is
softplus(-y z) = log(1 + exp(-y z)).

- :func:`max_margin` solves the hard-margin problem of Definition 3.4,
  θ̃ = argmax_{‖θ‖=1} min_i y_i θᵀx_i, through its dual QP
  min_{α ≥ 0} ½ αᵀKα - 1ᵀα with K_ij = y_i y_j x_iᵀx_j (w = Σ α_i y_i x_i, θ̃ = w/‖w‖),
  and checks the KKT conditions of the answer.
- :func:`is_interpolating` is Definition 3.3: y_i θᵀx_i = k > 0 for every i.
- :func:`mixup_logistic_minimizer` minimises the Mixup logistic loss of §2.1 for the linear model,

      J_mix(θ) = Σ_{i,j} P(i, j) E_{λ~P_f} [λ softplus(-y_i θᵀz_ij) + (1-λ) softplus(-y_j θᵀz_ij)],
      z_ij = λ x_i + (1-λ) x_j,

  exactly over all pairs (P(i, j) = 1/n², self pairs included) with the λ-integral done by the mixing
  law's quadrature (Gauss–Jacobi for Beta laws), by Newton's method on the span of the data
  (Remark 3.6: the orthogonal complement does not change J_mix).
- :func:`two_point_scale` is k(P_f) of Theorem 3.5, Part I (equation 4).
- :func:`logistic_gd` is gradient descent on the ERM logistic loss (Corollary 3.8).

The sweeps over d/n and over n of the chapter "Linear models" are in
:mod:`mixup_nb_utils.experiments.linear`; Mixup training of the linear model by sampled batches (a
cross-check of :func:`mixup_logistic_minimizer`) is :func:`mixup_nb_utils.training.linear_sgd.mixup_sgd`.

Since J_mix depends on θ only through the scores s = Xθ, every loss here is evaluated in score space:
a pair (i, j) at node λ has the mixed score λ s_i + (1-λ) s_j.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import optimize, special

from ..mixup.mixing import MixingSpec, as_mixing
from ..validation import check_finite, check_points

Pairs = Literal["all", "cross"]
PAIRS: tuple[str, ...] = ("all", "cross")


# ----------------------------------------------------------------------------- input checks and helpers

def check_pm_labels(y, m: int, name: str = "y") -> np.ndarray:
    """Labels as a float array of ±1 of length ``m`` (ValueError otherwise)."""
    a = check_finite(y, name)
    if a.ndim != 1 or len(a) != m:
        raise ValueError(f"{name} must be a 1-D array with one label per point ({m}), got shape {a.shape}.")
    if not np.all(np.isin(a, (-1.0, 1.0))):
        raise ValueError(f"{name} must hold labels +1 and -1 (paper §3.2); convert 0/1 labels with 2*y - 1.")
    return a


def _data(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = check_points(X)
    return X, check_pm_labels(y, len(X))


def _both_classes(y: np.ndarray) -> None:
    if not (np.any(y > 0) and np.any(y < 0)):
        raise ValueError("both classes (+1 and -1) must be present; with one class the logistic loss has no minimiser.")


def span_basis(X, rtol: float = 1e-10) -> np.ndarray:
    """Orthonormal basis Q (d, r) of the span of the rows of X (r = numerical rank)."""
    X = check_points(X)
    u, s, _ = np.linalg.svd(X.T, full_matrices=False)
    r = int(np.sum(s > rtol * max(s[0], 1e-300))) if s.size else 0
    return u[:, :r]


def margins(X, y, theta) -> np.ndarray:
    """The signed margins y_i θᵀx_i."""
    X, y = _data(X, y)
    theta = check_finite(theta, "theta").ravel()
    if theta.shape != (X.shape[1],):
        raise ValueError(f"theta must have {X.shape[1]} entries to match X, got {theta.shape}.")
    return y * (X @ theta)


def cosine(u, v) -> float:
    """uᵀv / (‖u‖ ‖v‖)."""
    u = np.ravel(np.asarray(u, dtype=float))
    v = np.ravel(np.asarray(v, dtype=float))
    if u.shape != v.shape:
        raise ValueError(f"vectors of different lengths: {u.shape} and {v.shape}.")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError("the cosine of a zero vector is undefined.")
    return float(np.clip(u @ v / (nu * nv), -1.0, 1.0))


def disagreement(u, v) -> float:
    """P_{x~N(0, I)}[sign(uᵀx) ≠ sign(vᵀx)] = angle(u, v)/π: how often two linear classifiers disagree."""
    return float(np.arccos(cosine(u, v)) / np.pi)


def lemma_3_7_threshold(n: int) -> float:
    """The sufficient dimension of Lemma 3.7: 10 n ln n + n - 1."""
    if int(n) < 1:
        raise ValueError(f"n must be a positive integer, got {n}.")
    return 10.0 * n * math.log(n) + n - 1


# ----------------------------------------------------------------------------- max margin (Definition 3.4)

@dataclass(frozen=True)
class MaxMarginResult:
    """Solution of the hard-margin problem min ½‖w‖² s.t. y_i wᵀx_i ≥ 1 and its KKT residuals."""

    direction: np.ndarray   # θ̃ = w / ‖w‖ (unit norm, in the span of X)
    margin: float           # min_i y_i θ̃ᵀx_i = 1 / ‖w‖
    dual: np.ndarray        # α ≥ 0 with w = Σ α_i y_i x_i
    support: np.ndarray     # indices with α_i > 0
    kkt: dict = field(default_factory=dict)  # residuals: primal, dual, complementarity, stationarity


def _check_separable(G: np.ndarray) -> np.ndarray:
    """A w with G w ≥ 1 (linear program), or ValueError when none exists."""
    r = G.shape[1]
    res = optimize.linprog(np.zeros(r), A_ub=-G, b_ub=-np.ones(len(G)), bounds=[(None, None)] * r,
                           method="highs")
    if res.status == 2:
        raise ValueError("the data are not linearly separable by a hyperplane through the origin, so the "
                         "max-margin solution of Definition 3.4 does not exist; use more dimensions (d) or fewer points.")
    if res.status != 0:
        raise RuntimeError(f"the separability LP failed: {res.message}")
    return res.x


def max_margin_solution(X, y, tol: float = 1e-8) -> MaxMarginResult:
    """Max-margin direction of Definition 3.4 from the hard-margin SVM dual, KKT-checked.

    With K = G Gᵀ (G the signed points y_i x_i in span coordinates) positive definite, the dual
    min_{α≥0} ½αᵀKα - 1ᵀα is the non-negative least-squares problem min ‖Lᵀα - L⁻¹1‖ (K = LLᵀ),
    solved exactly by Lawson–Hanson. Otherwise (rank < n) the primal QP is solved by SLSQP and polished
    on its active set. Raises ValueError for data that are not linearly separable through the origin.
    """
    X, y = _data(X, y)
    Q = span_basis(X)
    G = y[:, None] * (X @ Q)                      # signed points, span coordinates (n, r)
    n, r = G.shape
    if r == 0:
        raise ValueError("every point is the origin: no direction separates them.")
    w0 = _check_separable(G)
    chol = None
    if r == n:
        try:
            chol = np.linalg.cholesky(G @ G.T)
        except np.linalg.LinAlgError:          # numerically singular: use the general path below
            chol = None
    if chol is not None:
        b = np.linalg.solve(chol, np.ones(n))
        alpha, _ = optimize.nnls(chol.T, b, maxiter=50 * n)
        w = G.T @ alpha
    else:
        res = optimize.minimize(lambda v: 0.5 * v @ v, w0, jac=lambda v: v, method="SLSQP",
                                constraints=[{"type": "ineq", "fun": lambda v: G @ v - 1.0, "jac": lambda v: G}],
                                options={"ftol": 1e-14, "maxiter": 1000})
        w = res.x
        active = G @ w <= 1.0 + 1e-6
        w = np.linalg.lstsq(G[active], np.ones(int(active.sum())), rcond=None)[0]   # min-norm w with G_S w = 1
        alpha = np.zeros(n)
        alpha[active], _ = optimize.nnls(G[active].T, w)
    m = G @ w
    scale = max(1.0, float(np.max(np.abs(alpha))))
    kkt = {
        "primal": float(max(0.0, 1.0 - m.min())),                           # y_i wᵀx_i ≥ 1
        "dual": float(max(0.0, -alpha.min())),                               # α ≥ 0
        "complementarity": float(np.max(np.abs(alpha * (m - 1.0)))) / scale,  # α_i (margin_i - 1) = 0
        "stationarity": float(np.linalg.norm(w - G.T @ alpha) / max(np.linalg.norm(w), 1e-300)),
    }
    if max(kkt.values()) > tol:
        raise RuntimeError(f"the max-margin solution fails its KKT check (residuals {kkt}); "
                           f"the data may be nearly degenerate.")
    norm = float(np.linalg.norm(w))
    support = np.flatnonzero(alpha > tol * scale)
    return MaxMarginResult(direction=Q @ w / norm, margin=1.0 / norm, dual=alpha, support=support, kkt=kkt)


def max_margin(X, y) -> np.ndarray:
    """The unit max-margin direction θ̃ of Definition 3.4 (see :func:`max_margin_solution`)."""
    return max_margin_solution(X, y).direction


def is_interpolating(X, y, theta, rtol: float = 1e-6) -> bool:
    """Definition 3.3: y_i θᵀx_i = k for every i, with one k > 0 (equal up to ``rtol`` relative)."""
    m = margins(X, y, theta)
    k = float(np.mean(m))
    return bool(k > 0 and np.max(np.abs(m - k)) <= rtol * k)


def max_margin_interpolates(X, y) -> bool:
    """Whether the max-margin solution is interpolating, by its KKT certificate.

    For linearly independent points, the interpolating w = Gᵀ K⁻¹ 1 is the max-margin solution exactly
    when α = K⁻¹1 ≥ 0 (then (w, α) satisfies KKT); otherwise some point is not a support vector.
    Rank-deficient data fall back to :func:`max_margin_solution` and :func:`is_interpolating`.
    """
    X, y = _data(X, y)
    G = y[:, None] * X
    if np.linalg.matrix_rank(G) == len(G):
        return bool(np.all(np.linalg.solve(G @ G.T, np.ones(len(G))) > 0))
    try:
        theta = max_margin(X, y)
    except ValueError:
        return False
    return is_interpolating(X, y, theta)


def interpolation_probability(n: int, d: int, draws: int, rng: np.random.Generator,
                              method: Literal["wishart", "gaussian"] = "wishart", chunk: int = 256) -> float:
    """Monte-Carlo P[max margin interpolates] for n points from N(0, I_d) (Lemma 3.7).

    The labels do not matter: y_i x_i is again N(0, I_d), so the signed Gram matrix K = G Gᵀ has the
    law of X Xᵀ, the Wishart W_n(I, d). A draw interpolates iff K⁻¹1 > 0 (:func:`max_margin_interpolates`);
    for d < n it never does. ``method="gaussian"`` draws the n × d points; ``"wishart"`` draws K directly
    by Bartlett's decomposition K = AAᵀ (A lower triangular, A_ii² ~ χ²(d - i + 1), A_ij ~ N(0, 1) below
    the diagonal), at a cost that does not grow with d.
    """
    n, d, draws = int(n), int(d), int(draws)
    if n < 1 or d < 1 or draws < 1:
        raise ValueError(f"n, d and draws must be positive integers, got n={n}, d={d}, draws={draws}.")
    if method not in ("wishart", "gaussian"):
        raise ValueError(f"method must be 'wishart' or 'gaussian', got {method!r}.")
    if d < n:
        return 0.0
    hits = 0
    rows, cols = np.tril_indices(n, -1)
    for start in range(0, draws, chunk):
        c = min(chunk, draws - start)
        if method == "gaussian":
            G = rng.standard_normal((c, n, d))
            K = G @ G.transpose(0, 2, 1)
        else:
            A = np.zeros((c, n, n))
            A[:, np.arange(n), np.arange(n)] = np.sqrt(rng.chisquare(d - np.arange(n), size=(c, n)))
            A[:, rows, cols] = rng.standard_normal((c, len(rows)))
            K = A @ A.transpose(0, 2, 1)
        a = np.linalg.solve(K, np.ones((c, n, 1)))[..., 0]
        hits += int(np.sum(np.all(a > 0, axis=1)))
    return hits / draws


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


# ----------------------------------------------------------------------------- ERM gradient descent (Corollary 3.8)

@dataclass(frozen=True)
class GDPath:
    """Gradient-descent iterates θ_t of the ERM logistic loss at the recorded steps t."""

    steps: np.ndarray
    thetas: np.ndarray      # (len(steps), d)
    lr: float


def logistic_gd(X, y, steps: int, lr: float | None = None, record: np.ndarray | None = None) -> GDPath:
    """Gradient descent θ_{t+1} = θ_t - η ∇L(θ_t) on L(θ) = (1/n) Σ softplus(-y_i θᵀx_i), θ_0 = 0.

    Default η = 1/β with β = ‖X‖²_op/(4n) the smoothness of L (Soudry et al. 2018 need η < 2/β).
    The iterates stay in the span of X, so they are computed in span coordinates. ``record``: steps at
    which to keep θ_t (default: about 60 log-spaced steps and every power of ten up to ``steps``).
    """
    X, y = _data(X, y)
    steps = int(steps)
    if steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps}.")
    n = len(X)
    Q = span_basis(X)
    G = y[:, None] * (X @ Q)
    smooth = np.linalg.norm(G, 2) ** 2 / (4 * n)
    eta = 1.0 / smooth if lr is None else float(lr)
    if not eta > 0:
        raise ValueError(f"lr must be positive, got {lr}.")
    if record is None:
        tens = 10 ** np.arange(int(math.log10(steps)) + 1)
        record = np.unique(np.concatenate([np.geomspace(1, steps, 60).astype(int), tens, [steps]]))
    record = np.asarray(record, dtype=int)
    if record.min() < 0 or record.max() > steps:
        raise ValueError(f"record steps must lie in [0, {steps}].")
    keep = set(record.tolist())
    beta = np.zeros(G.shape[1])
    out = [beta.copy()] if 0 in keep else []
    for t in range(1, steps + 1):
        beta = beta + (eta / n) * (G.T @ special.expit(-(G @ beta)))
        if t in keep:
            out.append(beta.copy())
    return GDPath(steps=np.sort(record), thetas=np.array(out) @ Q.T, lr=eta)


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
