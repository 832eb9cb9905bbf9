"""The stacked MLP of the ensemble trainer: M members' weights in one tensor per layer (paper §2.3, App. D.1).

Every member is an MLP n → h_1 → … → k with ReLU activations, initialised like PyTorch's ``nn.Linear``
from its own seed (:func:`init_mlp`); layer l of all members is one tensor (M, fan_out, fan_in), so the
forward pass of all members is one batched matrix product per layer (:func:`stacked_forward`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from torch import nn


def _layer_sizes(n_in: int, hidden: int | Sequence[int], n_out: int) -> list[int]:
    hidden = [int(hidden)] if np.ndim(hidden) == 0 else [int(h) for h in hidden]
    if any(h < 1 for h in hidden):
        raise ValueError(f"hidden widths must be >= 1, got {hidden}.")
    return [int(n_in), *hidden, int(n_out)]


def init_mlp(sizes: Sequence[int], seed: int, dtype: torch.dtype = torch.float32) -> list[torch.Tensor]:
    """PyTorch's default ``nn.Linear`` initialisation from ``seed``: for each layer, W (fan_out, fan_in)
    (``nn.Linear``'s layout) and b (1, fan_out), both U(-1/√fan_in, 1/√fan_in), drawn on the CPU in
    float64 (device-independent) and then cast to ``dtype``."""
    if isinstance(seed, bool) or int(seed) < 0:
        raise ValueError(f"init seed must be a non-negative integer, got {seed!r}.")
    gen = torch.Generator().manual_seed(int(seed))
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / fan_in ** 0.5
        w = (torch.rand(fan_out, fan_in, generator=gen, dtype=torch.float64) * 2 - 1) * bound
        b = (torch.rand(1, fan_out, generator=gen, dtype=torch.float64) * 2 - 1) * bound
        params += [w.to(dtype), b.to(dtype)]
    return params


#: Layers with at most this many inputs are computed as broadcast products (one per input) rather
#: than batched GEMMs, which are several times slower for such a thin inner dimension on CPUs.
SMALL_FAN_IN = 4


def _affine(w: torch.Tensor, b: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """b + h Wᵀ for stacked W (M, out, in), b (M, 1, out), h (M, n, in)."""
    if h.shape[2] <= SMALL_FAN_IN:   # few input coordinates: Σ_j h_j W_jᵀ as broadcasts beats a batched GEMM
        wt = w.transpose(1, 2)
        out = torch.addcmul(b, h[..., :1], wt[:, :1])
        for j in range(1, h.shape[2]):
            out.addcmul_(h[..., j:j + 1], wt[:, j:j + 1])
        return out
    return torch.baddbmm(b, h, w.transpose(1, 2))


def stacked_forward(params: Sequence[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Logits of every member: ``x`` (M, n, d) and params [W_1 (M, h, d), b_1 (M, 1, h), …] → (M, n, k)."""
    h = x
    n_layers = len(params) // 2
    for l in range(n_layers):
        h = _affine(params[2 * l], params[2 * l + 1], h)
        if l < n_layers - 1:
            h = torch.relu(h)
    return h


def to_sequential(params: Sequence[torch.Tensor], member: int) -> nn.Sequential:
    """Member ``member`` of stacked params as a plain ``nn.Sequential`` of Linear and ReLU layers."""
    layers: list[nn.Module] = []
    n_layers = len(params) // 2
    for l in range(n_layers):
        w, b = params[2 * l][member], params[2 * l + 1][member]
        lin = nn.Linear(w.shape[1], w.shape[0]).to(dtype=w.dtype, device=w.device)
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(b[0])
        layers.append(lin)
        if l < n_layers - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)
