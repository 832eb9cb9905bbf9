"""The Mixup loss as an exact expectation (paper §2.1), with no sampling, and the plain risk beside it.

For a finite dataset with point weights w (P_X = Σ_i w_i δ_{x_i}) the loss of a classifier g is

    J_mix(g) = Σ_{i,j} P(i, j) · E_{λ~P_f} ℓ_mix(g, x_i, x_j, λ),

where P(i, j) = w_i w_j under the paper's i.i.d. pairing. The λ-expectation is computed with the
mixing distribution's quadrature (Gauss–Jacobi for Beta laws, exact for polynomials of degree
< 2·nodes). Other pairing schemes change only P(i, j) (see :func:`pair_probabilities`).

The plain cross-entropy J(g, P_X) = -Σ_i ∫_{X_i} log g^i dP_X of standard training is
:func:`plain_cross_entropy`; it is the self-pair part of J_mix (ℓ_mix(g, x, x, λ) = -log g^{y_x}(x)).
"""

from __future__ import annotations

import numpy as np

from ..mixup.loss import LogProbFn
from ..mixup.mixing import MixingSpec, as_mixing
from ..mixup.pairing import Scheme
from ..validation import check_labels, check_points


def pair_probabilities(m: int, scheme: Scheme = "iid", weights: np.ndarray | None = None) -> np.ndarray:
    """P(a point's pair is (i, j)) as an (m, m) matrix that sums to 1.

    ``iid``: w_i w_j. ``permutation`` (uniform P_X only): π(i) is uniform over all j, so also 1/m².
    ``roll`` (uniform P_X only): the shuffled neighbour is uniform over j ≠ i, so 1/(m(m-1)) off the diagonal.
    """
    if scheme == "iid":
        w = np.full(m, 1.0 / m) if weights is None else np.asarray(weights, dtype=float)
        if w.shape != (m,) or np.any(w < 0) or not np.isclose(w.sum(), 1.0):
            raise ValueError(f"weights must be {m} non-negative numbers summing to 1.")
        return np.outer(w, w)
    if weights is not None:
        raise ValueError(f"scheme {scheme!r} is defined for uniform P_X only; drop the weights.")
    if scheme == "permutation":
        return np.full((m, m), 1.0 / m**2)
    if scheme == "roll":
        if m < 2:
            raise ValueError("the 'roll' scheme needs at least 2 points.")
        p = np.full((m, m), 1.0 / (m * (m - 1)))
        np.fill_diagonal(p, 0.0)
        return p
    raise ValueError(f"unknown pairing scheme {scheme!r}; choose 'iid', 'permutation' or 'roll'.")


def pair_loss_matrix(log_prob_fn: LogProbFn, X, y, mixing: MixingSpec, nodes: int = 64) -> np.ndarray:
    """L[i, j] = E_{λ~P_f} ℓ_mix(g, x_i, x_j, λ) for every ordered pair, by quadrature over λ.

    ``log_prob_fn`` maps an array of points (N, n) to log-probabilities (N, k).
    """
    X = check_points(X)
    m = len(X)
    y, _ = check_labels(y, m)
    lam, w = as_mixing(mixing).quadrature(nodes)
    L = np.zeros((m, m))
    for lam_q, w_q in zip(lam, w):
        Z = lam_q * X[:, None, :] + (1.0 - lam_q) * X[None, :, :]
        logp = np.asarray(log_prob_fn(Z.reshape(m * m, -1))).reshape(m, m, -1)
        if logp.shape[-1] <= y.max():
            raise ValueError(f"log_prob_fn returns {logp.shape[-1]} classes but y holds label {y.max()}.")
        lp_a = np.take_along_axis(logp, np.broadcast_to(y[:, None, None], (m, m, 1)), axis=2)[..., 0]
        lp_b = np.take_along_axis(logp, np.broadcast_to(y[None, :, None], (m, m, 1)), axis=2)[..., 0]
        L += w_q * -(lam_q * lp_a + (1.0 - lam_q) * lp_b)
    return L


def exact_mixup_loss(log_prob_fn: LogProbFn, X, y, mixing: MixingSpec, scheme: Scheme = "iid",
                     weights: np.ndarray | None = None, nodes: int = 64) -> float:
    """J_mix(g) = Σ_{i,j} P(i, j) · E_λ ℓ_mix(g, x_i, x_j, λ) (paper §2.1), exactly up to quadrature."""
    L = pair_loss_matrix(log_prob_fn, X, y, mixing, nodes)
    return float((pair_probabilities(len(L), scheme, weights) * L).sum())


def plain_cross_entropy(log_prob_fn: LogProbFn, X, y, weights: np.ndarray | None = None) -> float:
    """J(g, P_X) = -Σ_i ∫_{X_i} log g^i(x) dP_X(x) (paper §2.1) for P_X = Σ_a w_a δ_{x_a} (uniform by default).

    The risk of standard training. It is ≥ 0 and is 0 exactly when g^{y_a}(x_a) = 1 at every point of
    positive weight: its minimisers put the class-i probability 1 on X_i (the X_i are disjoint).
    """
    X = check_points(X)
    m = len(X)
    y, _ = check_labels(y, m)
    w = np.full(m, 1.0 / m) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (m,) or np.any(w < 0) or not np.isclose(w.sum(), 1.0):
        raise ValueError(f"weights must be {m} non-negative numbers summing to 1 (one per point).")
    logp = np.asarray(log_prob_fn(X))
    if logp.ndim != 2 or logp.shape[0] != m or logp.shape[1] <= y.max():
        raise ValueError(f"log_prob_fn must return ({m}, k) log-probabilities with k > {y.max()}, "
                         f"got shape {logp.shape}.")
    picked = logp[np.arange(m), y]
    return float(-(w[w > 0] * picked[w > 0]).sum())
