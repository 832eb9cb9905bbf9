"""Mixup sampling: pairing the points and drawing λ (paper §2.1).

The paper's Mixup loss draws both points of a pair i.i.d. from P_X and λ from P_f:

    J_mix(g) = E_{s, t ~ P_X, λ ~ P_f} ℓ_mix(g, s, t, λ),
    ℓ_mix(g, s, t, λ) = -(λ log g^{y_s}(z_st) + (1 - λ) log g^{y_t}(z_st)),   z_st = λ s + (1 - λ) t,

which for s, t of the same class is -log g^{y_s}(z_st). On a finite dataset with uniform P_X this
means: every point i gets a partner j uniform over the whole dataset, with replacement, itself
included. The pairing schemes of common implementations are offered beside it (``scheme``):

- ``"iid"``          the paper's definition (and the authors' code): j ~ Uniform{0..m-1};
- ``"permutation"``  j = π(i) for a uniformly random permutation π (Zhang et al.'s ``randperm``);
- ``"roll"``         the batch is shuffled and each point is paired with its neighbour
                     (torchvision's ``MixUp``: ``batch.roll(1, 0)``): never itself.

The Mixup cross-entropy itself is in :mod:`mixup_nb_utils.mixup.loss`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch

from .mixing import MixingSpec, as_mixing

Scheme = Literal["iid", "permutation", "roll"]
LambdaMode = Literal["batch", "sample"]
SCHEMES: tuple[str, ...] = ("iid", "permutation", "roll")


def sample_partners(m: int, rng: np.random.Generator, scheme: Scheme = "iid") -> np.ndarray:
    """Partner index j(i) for each of m points under the pairing ``scheme`` (see module doc)."""
    if int(m) < 1:
        raise ValueError(f"cannot draw partners for an empty dataset (m={m}); give at least one point.")
    m = int(m)
    if scheme == "iid":
        return rng.integers(0, m, size=m)
    if scheme == "permutation":
        return rng.permutation(m)
    if scheme == "roll":
        if m < 2:
            raise ValueError("the 'roll' scheme pairs each point with another one and needs m >= 2 points.")
        order = rng.permutation(m)
        partners = np.empty(m, dtype=np.int64)
        partners[order] = np.roll(order, 1)
        return partners
    raise ValueError(f"unknown pairing scheme {scheme!r}; choose one of {SCHEMES}.")


def epoch_partners(m: int, rng: np.random.Generator, scheme: Scheme = "iid",
                   batch_size: int | None = None) -> np.ndarray:
    """Partners for one epoch: the data are shuffled into batches of ``batch_size`` (None: one batch of
    all m points) and every point is paired inside its own batch by ``scheme``."""
    if batch_size is None or int(batch_size) >= int(m):
        return sample_partners(m, rng, scheme)
    if int(batch_size) < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}.")
    order = rng.permutation(int(m))
    partners = np.empty(int(m), dtype=np.int64)
    for start in range(0, int(m), int(batch_size)):
        chunk = order[start:start + int(batch_size)]
        sub = scheme if (scheme != "roll" or len(chunk) > 1) else "iid"
        partners[chunk] = chunk[sample_partners(len(chunk), rng, sub)]
    return partners


def sample_lambdas(mixing: MixingSpec, m: int, rng: np.random.Generator, per: LambdaMode = "batch") -> np.ndarray:
    """λ for each of m pairs: one draw shared by the batch (``per="batch"``) or one per pair (``"sample"``)."""
    dist = as_mixing(mixing)
    if per == "batch":
        return np.full(int(m), float(dist.sample(1, rng)[0]))
    if per == "sample":
        return np.asarray(dist.sample(int(m), rng), dtype=float)
    raise ValueError(f"per must be 'batch' or 'sample', got {per!r}.")


@dataclass(frozen=True)
class MixupDraw:
    """One Mixup batch: the mixed inputs, both label sets and the weights λ (on the points' device)."""

    x: torch.Tensor
    y_a: torch.Tensor
    y_b: torch.Tensor
    lam: torch.Tensor
    partners: torch.Tensor


def mixup_batch(x: torch.Tensor, y: torch.Tensor, mixing: MixingSpec, rng: np.random.Generator,
                scheme: Scheme = "iid", per: LambdaMode = "batch") -> MixupDraw:
    """Mix a batch: x̃_i = λ_i x_i + (1 - λ_i) x_{j(i)} with partners and λ drawn as documented above."""
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"x has {x.shape[0]} rows but y has {y.shape[0]} labels; they must match.")
    if x.shape[0] == 0:
        raise ValueError("cannot mix an empty batch; give at least one point.")
    if x.is_floating_point() and not torch.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values; clean the inputs before mixing.")
    m = x.shape[0]
    partners = torch.as_tensor(sample_partners(m, rng, scheme), device=x.device)
    lam = torch.as_tensor(sample_lambdas(mixing, m, rng, per), dtype=x.dtype, device=x.device)
    lam_x = lam.reshape((m,) + (1,) * (x.dim() - 1))
    x_mix = lam_x * x + (1 - lam_x) * x[partners]
    return MixupDraw(x=x_mix, y_a=y, y_b=y[partners], lam=lam, partners=partners)


