"""Monte-Carlo estimates of the Mixup loss (paper §2.1).

They are set beside the exact expectation of :mod:`mixup_nb_utils.theory.exact_loss`.

Two independent routes:

- :func:`mc_mixup_loss` draws single triples (i, j, λ) with i, j ~ P_X i.i.d. and λ ~ P_f and
  evaluates ℓ_mix by its definition (paper §2.1), in numpy;
- :func:`step_losses` draws whole Mixup batches with the package's sampler
  (:func:`pairing.sample_partners`, :func:`pairing.sample_lambdas`) and evaluates the package's
  :func:`loss.mixup_cross_entropy`, one loss per training step, all steps in one forward pass.
"""

from __future__ import annotations

import numpy as np
import torch

from ..validation import check_labels, check_points
from .loss import LogProbFn, mixup_cross_entropy
from .mixing import MixingSpec, as_mixing
from .pairing import LambdaMode, Scheme, sample_lambdas, sample_partners


def mc_mixup_loss(log_prob_fn: LogProbFn, X, y, mixing: MixingSpec, n: int,
                  rng: np.random.Generator) -> tuple[float, float]:
    """Mean of ℓ_mix over n i.i.d. draws (i, j, λ) and its standard error."""
    X = check_points(X)
    m = len(X)
    y, _ = check_labels(y, m)
    i = rng.integers(0, m, size=n)
    j = rng.integers(0, m, size=n)
    lam = as_mixing(mixing).sample(n, rng)
    z = lam[:, None] * X[i] + (1.0 - lam[:, None]) * X[j]
    logp = np.asarray(log_prob_fn(z))
    rows = np.arange(n)
    loss = -(lam * logp[rows, y[i]] + (1.0 - lam) * logp[rows, y[j]])
    return float(loss.mean()), float(loss.std(ddof=1) / np.sqrt(n))


def step_losses(model: torch.nn.Module, X, y, mixing: MixingSpec, steps: int, rng: np.random.Generator,
                scheme: Scheme = "iid", per: LambdaMode = "batch", chunk: int = 4096) -> np.ndarray:
    """The package's Mixup loss of ``model`` at ``steps`` independent draws of a full-data Mixup step.

    Each step is one full batch of all m points, paired by ``scheme``, with one λ for the step
    (``per="batch"``) or one per point (``"sample"``); its value is the mean of ℓ_mix over the batch.
    """
    X = check_points(X)
    m = len(X)
    y, _ = check_labels(y, m)
    dtype = next(model.parameters()).dtype
    Xt = torch.as_tensor(X, dtype=dtype)
    yt = torch.as_tensor(y)
    out = np.empty(int(steps))
    for start in range(0, int(steps), chunk):
        n = min(chunk, int(steps) - start)
        partners = np.stack([sample_partners(m, rng, scheme) for _ in range(n)])
        lam = np.stack([sample_lambdas(mixing, m, rng, per) for _ in range(n)])
        p = torch.as_tensor(partners)
        lt = torch.as_tensor(lam, dtype=dtype)
        xm = lt[..., None] * Xt[None] + (1 - lt[..., None]) * Xt[p]
        with torch.no_grad():
            logits = model(xm.reshape(n * m, -1))
        loss = mixup_cross_entropy(logits, yt.repeat(n), yt[p].reshape(-1), lt.reshape(-1), reduction="none")
        out[start:start + n] = loss.reshape(n, m).mean(dim=1).numpy()
    return out
