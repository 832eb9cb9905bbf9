"""Tests of mixup_nb_utils.training.optim: the stacked Adam (fused and unfused)."""

from __future__ import annotations

import numpy as np
import torch

from mixup_nb_utils.data.synthetic import alternating_line


X3, Y3 = alternating_line(3)
SMALL = dict(hidden=16, epochs=60, record_every=10, dtype=torch.float64, device="cpu")


def test_fused_and_unfused_adam_agree():
    from mixup_nb_utils.training.optim import StackedOptimizer

    gen = torch.Generator().manual_seed(0)
    start = torch.randn(1000, generator=gen, dtype=torch.float64)
    grads = [torch.randn(1000, generator=gen, dtype=torch.float64) * 10.0 ** -k for k in range(0, 40, 2)]
    out = []
    for fused in (True, False):
        flat = start.clone()
        opt = StackedOptimizer(flat, "adam", lr=1e-2, fused=fused)
        for g in grads:
            opt.step(g)
        out.append(flat)
    np.testing.assert_allclose(out[0].numpy(), out[1].numpy(), rtol=0, atol=1e-12)
    # and both equal torch.optim.Adam
    p = start.clone().requires_grad_(True)
    ref = torch.optim.Adam([p], lr=1e-2)
    for g in grads:
        p.grad = g.clone()
        ref.step()
    np.testing.assert_allclose(out[1].numpy(), p.detach().numpy(), rtol=0, atol=1e-12)
