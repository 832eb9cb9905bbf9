"""Mixup training of the linear model by sampled batches (paper §3.2): a cross-check of the exact minimiser.

:func:`mixup_sgd` never uses the quadrature of :mod:`mixup_nb_utils.theory.mixup_logistic`: it draws Mixup
batches as training does and takes gradient steps, so agreeing with the exact minimiser is evidence for both.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import special

from ..mixup.mixing import MixingSpec
from ..mixup.pairing import sample_lambdas, sample_partners
from ..theory.linear import _both_classes, _data, span_basis


def mixup_sgd(X, y, mixing: MixingSpec, steps: int, rng: np.random.Generator, lr: float | None = None,
              per: Literal["batch", "sample"] = "sample") -> np.ndarray:
    """Train the linear model on sampled Mixup batches and return the averaged iterate.

    Each step mixes the whole dataset as Mixup training does
    (:func:`~mixup_nb_utils.mixup.pairing.sample_partners`: every point gets a partner drawn uniformly
    with replacement; :func:`~mixup_nb_utils.mixup.pairing.sample_lambdas`: λ per pair or per batch)
    and takes a gradient step on the batch's Mixup logistic loss, with step size
    η_t = η / (1 + 100 t / steps)^0.6 (η = 1/β by default, β = ‖X‖²_op/4n) and the iterates of the second
    half averaged (Polyak–Ruppert). The expected batch loss is J_mix, so the result approaches
    :func:`mixup_nb_utils.theory.mixup_logistic.mixup_logistic_minimizer` as ``steps`` grows; nothing here uses
    the quadrature.
    """
    X, y = _data(X, y)
    _both_classes(y)
    steps = int(steps)
    if steps < 2:
        raise ValueError(f"steps must be an integer >= 2, got {steps}.")
    n = len(X)
    Q = span_basis(X)
    A = X @ Q
    eta = 4 * n / np.linalg.norm(A, 2) ** 2 if lr is None else float(lr)
    beta = np.zeros(A.shape[1])
    avg = np.zeros_like(beta)
    for t in range(steps):
        j = sample_partners(n, rng)
        lam = sample_lambdas(mixing, n, rng, per)
        Z = lam[:, None] * A + (1 - lam[:, None]) * A[j]
        z = Z @ beta
        g = -lam * y * special.expit(-y * z) - (1 - lam) * y[j] * special.expit(-y[j] * z)
        beta -= eta / (1 + 100 * t / steps) ** 0.6 * (Z.T @ g) / n
        if t >= steps // 2:
            avg += beta
    return Q @ (avg / (steps - steps // 2))
