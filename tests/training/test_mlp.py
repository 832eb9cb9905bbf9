"""Tests of mixup_nb_utils.training.mlp: the stacked MLP's initialisation."""

from __future__ import annotations

import torch

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.training.mlp import init_mlp


X3, Y3 = alternating_line(3)
SMALL = dict(hidden=16, epochs=60, record_every=10, dtype=torch.float64, device="cpu")


def test_init_is_pytorch_default_linear_init():
    params = init_mlp([1, 512, 2], seed=0)
    w1, b1, w2, b2 = params
    assert w1.shape == (512, 1) and b1.shape == (1, 512) and w2.shape == (2, 512) and b2.shape == (1, 2)
    for t, bound in ((w1, 1.0), (b1, 1.0), (w2, 512 ** -0.5), (b2, 512 ** -0.5)):
        assert float(t.abs().max()) <= bound
    # U(-1, 1): mean 0, variance 1/3 (512 draws: 5 standard errors)
    assert abs(float(w1.mean())) < 5 * (1 / 3 / 512) ** 0.5
    assert abs(float(w1.var()) - 1 / 3) < 0.07
    # and the same distribution as nn.Linear's own reset_parameters (two-sample KS test)
    from scipy.stats import ks_2samp
    torch.manual_seed(0)
    ref = torch.cat([torch.nn.Linear(512, 2).weight.flatten() for _ in range(5)]).detach().numpy()
    ours = torch.cat([init_mlp([1, 512, 2], s)[2].flatten() for s in range(5)]).numpy()
    assert ks_2samp(ref, ours).pvalue > 1e-3
    assert not torch.equal(init_mlp([1, 512, 2], 0)[0], init_mlp([1, 512, 2], 1)[0])
