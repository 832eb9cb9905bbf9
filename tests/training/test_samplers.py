"""Tests of mixup_nb_utils.training.samplers: the batches each sampler draws."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.training.samplers import FixedMixtures, Mixup


X3, Y3 = alternating_line(3)
SMALL = dict(hidden=16, epochs=60, record_every=10, dtype=torch.float64, device="cpu")


def test_mixup_sampler_draws():
    rng = np.random.default_rng(1)
    d = Mixup(32.0).sample(3, 20_000, rng)
    assert np.all(d.first == np.arange(3))
    # partners uniform over all 3 points, self included (binomial 5-sigma bounds)
    freq = np.bincount(d.second.ravel(), minlength=3) / d.second.size
    assert np.all(np.abs(freq - 1 / 3) < 5 * np.sqrt(2 / 9 / d.second.size))
    assert np.mean(d.second == d.first) == pytest.approx(1 / 3, abs=0.01)
    # one λ per batch; Beta(32, 32): mean 1/2, variance 1/(4 (2α + 1)) = 1/260
    assert np.all(d.lam == d.lam[:, :1])
    assert d.lam[:, 0].mean() == pytest.approx(0.5, abs=5 * np.sqrt(1 / 260 / 20_000))
    assert d.lam[:, 0].var() == pytest.approx(1 / 260, rel=0.05)
    per_sample = Mixup(1.0, lam_per="sample").sample(3, 10, rng)
    assert np.any(per_sample.lam != per_sample.lam[:, :1])
    mids = FixedMixtures.midpoints(5)
    assert mids.width(5) == 10 and set(mids.lam) == {0.5}
    assert all(i < j for i, j in zip(mids.first, mids.second))
