"""Small fixed models used to illustrate losses (no training): a frozen MLP and its numpy log-probabilities."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn


def fixed_mlp(n_in: int, n_hidden: int, n_classes: int, seed: int, scale: float = 2.0) -> nn.Sequential:
    """A frozen float64 tanh MLP n_in → n_hidden → n_classes with N(0, scale²/fan_in) weights from ``seed``."""
    gen = torch.Generator().manual_seed(int(seed))
    net = nn.Sequential(nn.Linear(n_in, n_hidden), nn.Tanh(), nn.Linear(n_hidden, n_classes)).double()
    with torch.no_grad():
        for layer in (net[0], net[2]):
            fan_in = layer.weight.shape[1]
            layer.weight.copy_(torch.randn(layer.weight.shape, generator=gen, dtype=torch.float64) * scale / fan_in**0.5)
            layer.bias.copy_(torch.randn(layer.bias.shape, generator=gen, dtype=torch.float64) * 0.5)
    net.requires_grad_(False)
    return net


def numpy_log_prob(model: nn.Module):
    """Wrap a torch classifier as ``f(points (N, n) ndarray) -> log-probabilities (N, k) ndarray``."""
    dtype = next(model.parameters()).dtype

    def log_prob(points: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            logits = model(torch.as_tensor(np.asarray(points), dtype=dtype))
            return torch.log_softmax(logits, dim=1).numpy()

    return log_prob
