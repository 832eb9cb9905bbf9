"""The Mixup cross-entropy (paper §2.1): ℓ_mix = λ CE(g(z), y_a) + (1 - λ) CE(g(z), y_b).

Equivalently, the cross-entropy against the mixed soft label λ e_{y_a} + (1 - λ) e_{y_b}.
``LogProbFn`` is the numpy form of a classifier used by the exact and Monte-Carlo losses:
points (N, n) → log-probabilities (N, k).
"""

from __future__ import annotations

from typing import Callable, Literal

import numpy as np
import torch
import torch.nn.functional as F

LogProbFn = Callable[[np.ndarray], np.ndarray]


def mixup_cross_entropy(logits: torch.Tensor, y_a: torch.Tensor, y_b: torch.Tensor,
                        lam: torch.Tensor | float, reduction: Literal["mean", "sum", "none"] = "mean") -> torch.Tensor:
    """ℓ_mix = λ·CE(logits, y_a) + (1 - λ)·CE(logits, y_b); λ is a scalar or one value per row.

    This equals the cross-entropy against the mixed soft label λ e_{y_a} + (1 - λ) e_{y_b}
    (see :func:`soft_cross_entropy`), and -log g^{y}(z) when y_a = y_b = y.
    """
    if logits.dim() != 2:
        raise ValueError(f"logits must have shape (batch, classes), got {tuple(logits.shape)}.")
    n, k = logits.shape
    for name, lab in (("y_a", y_a), ("y_b", y_b)):
        if lab.shape != (n,):
            raise ValueError(f"{name} must have shape ({n},) to match the logits, got {tuple(lab.shape)}.")
        if lab.numel() and (int(lab.min()) < 0 or int(lab.max()) >= k):
            raise ValueError(f"{name} holds labels outside 0..{k - 1} for logits with {k} classes.")
    lam_t = torch.as_tensor(lam, dtype=logits.dtype, device=logits.device)
    if lam_t.dim() not in (0, 1) or (lam_t.dim() == 1 and lam_t.shape[0] != n):
        raise ValueError(f"lam must be a scalar or have shape ({n},), got {tuple(lam_t.shape)}.")
    if not torch.isfinite(logits).all():
        raise ValueError("logits contain NaN or infinite values; the model has diverged or the input is bad.")
    if lam_t.numel() and ((lam_t < 0).any() or (lam_t > 1).any() or not torch.isfinite(lam_t).all()):
        raise ValueError("lam must lie in [0, 1].")
    logp = F.log_softmax(logits, dim=1)
    nll_a = -logp.gather(1, y_a.long()[:, None])[:, 0]
    nll_b = -logp.gather(1, y_b.long()[:, None])[:, 0]
    loss = lam_t * nll_a + (1 - lam_t) * nll_b
    return _reduce(loss, reduction)


def soft_cross_entropy(logits: torch.Tensor, target: torch.Tensor,
                       reduction: Literal["mean", "sum", "none"] = "mean") -> torch.Tensor:
    """-Σ_c p_c log softmax(logits)_c for a target distribution p over the classes (one row per point)."""
    if logits.shape != target.shape:
        raise ValueError(f"logits {tuple(logits.shape)} and target {tuple(target.shape)} must have the same shape.")
    loss = -(target * F.log_softmax(logits, dim=1)).sum(dim=1)
    return _reduce(loss, reduction)


def mixed_soft_labels(y_a: torch.Tensor, y_b: torch.Tensor, lam: torch.Tensor | float, num_classes: int) -> torch.Tensor:
    """The soft label λ e_{y_a} + (1 - λ) e_{y_b} of each mixed point."""
    lam_t = torch.as_tensor(lam, dtype=torch.float64 if not torch.is_tensor(lam) else lam.dtype)
    lam_t = lam_t.reshape(-1, 1) if lam_t.dim() else lam_t
    return lam_t * F.one_hot(y_a.long(), num_classes) + (1 - lam_t) * F.one_hot(y_b.long(), num_classes)


def _reduce(loss: torch.Tensor, reduction: str) -> torch.Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}.")
