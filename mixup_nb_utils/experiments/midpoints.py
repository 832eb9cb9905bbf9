"""The chapter "Midpoints" (paper §2.5): networks trained on the λ = 1/2 midpoints alone, beside ERM."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..training.ensemble import Member, train_ensemble
from ..training.samplers import ERM, FixedMixtures


@dataclass(frozen=True)
class MidpointTraining:
    """Final training errors on the original points (one per seed) and softmax outputs (seeds, m, k)."""

    erm_errors: np.ndarray
    midpoint_errors: np.ndarray
    erm_probs: np.ndarray
    midpoint_probs: np.ndarray


def train_on_midpoints(X, y, seeds: Sequence[int], epochs: int, hidden: int = 512, lr: float = 1e-3,
                       device=None) -> MidpointTraining:
    """ERM against training on the λ = 1/2 midpoints of distinct pairs only (the α → ∞ limit of Mixup
    without self-pairs), as two vectorised ensembles with one member per seed. A seed gives the same
    initial weights in both ensembles, so each seed is a paired comparison. Full-batch Adam.
    """
    m = len(X)
    if m < 2:
        raise ValueError("training on midpoints needs at least 2 points.")
    common = dict(hidden=hidden, epochs=int(epochs), lr=lr, record_every=int(epochs), device=device)
    erm = train_ensemble(X, y, [Member(ERM(), seed=int(s)) for s in seeds], **common)
    mid = train_ensemble(X, y, [Member(FixedMixtures.midpoints(m), seed=int(s)) for s in seeds], **common)
    return MidpointTraining(erm.errors[:, -1], mid.errors[:, -1], erm.probs, mid.probs)
