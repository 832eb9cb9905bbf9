"""Linear classifiers on ±1 labels: max margin, interpolation, Lemma 3.7, ERM gradient descent (paper §3.2).

The model is θᵀx with labels y ∈ {+1, -1}; the logistic loss of a score z for label y is
softplus(-y z) = log(1 + exp(-y z)).

- :func:`max_margin_solution` solves the hard-margin problem of Definition 3.4,
  θ̃ = argmax_{‖θ‖=1} min_i y_i θᵀx_i, through its dual QP
  min_{α ≥ 0} ½ αᵀKα - 1ᵀα with K_ij = y_i y_j x_iᵀx_j (w = Σ α_i y_i x_i, θ̃ = w/‖w‖),
  and checks the KKT conditions of the answer (:class:`KKTResiduals`).
- :func:`is_interpolating` is Definition 3.3: y_i θᵀx_i = k > 0 for every i;
  :func:`max_margin_interpolates` decides whether the max margin interpolates from its KKT certificate,
  and :func:`interpolation_probability` estimates the probability of Lemma 3.7 by Wishart sampling.
- :func:`logistic_gd` is gradient descent on the ERM logistic loss, whose direction tends to the max
  margin on separable data (Soudry et al. 2018; the premise of Corollary 3.8).

The exact Mixup logistic minimiser of Theorem 3.5 (the loss in score space, Newton's method, the
two-point scale k(P_f)) is :mod:`mixup_nb_utils.theory.mixup_logistic`; the sweeps of the chapter
"Linear models" are in :mod:`mixup_nb_utils.experiments.linear_models`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import optimize, special

from ..validation import check_finite, check_points

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
class KKTResiduals:
    """How far (w, α) is from the KKT conditions of min ½‖w‖² s.t. y_i wᵀx_i ≥ 1 (0 means exact).

    ``primal``: max(0, 1 - min_i y_i wᵀx_i); ``dual``: max(0, -min_i α_i); ``complementarity``:
    max_i |α_i (y_i wᵀx_i - 1)| / max(1, max α); ``stationarity``: ‖w - Σ α_i y_i x_i‖ / ‖w‖.
    """

    primal: float
    dual: float
    complementarity: float
    stationarity: float

    @property
    def largest(self) -> float:
        """The largest of the four residuals."""
        return max(self.primal, self.dual, self.complementarity, self.stationarity)


@dataclass(frozen=True)
class MaxMarginResult:
    """Solution of the hard-margin problem min ½‖w‖² s.t. y_i wᵀx_i ≥ 1 and its KKT residuals."""

    direction: np.ndarray   # θ̃ = w / ‖w‖ (unit norm, in the span of X)
    margin: float           # min_i y_i θ̃ᵀx_i = 1 / ‖w‖
    dual: np.ndarray        # α ≥ 0 with w = Σ α_i y_i x_i
    support: np.ndarray     # indices with α_i > 0
    kkt: KKTResiduals       # residuals of the four KKT conditions


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
    kkt = KKTResiduals(
        primal=float(max(0.0, 1.0 - m.min())),                            # y_i wᵀx_i ≥ 1
        dual=float(max(0.0, -alpha.min())),                                # α ≥ 0
        complementarity=float(np.max(np.abs(alpha * (m - 1.0)))) / scale,  # α_i (margin_i - 1) = 0
        stationarity=float(np.linalg.norm(w - G.T @ alpha) / max(np.linalg.norm(w), 1e-300)),
    )
    if kkt.largest > tol:
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


