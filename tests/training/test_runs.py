"""Tests of mixup_nb_utils.training.runs: repeated runs and the authors' protocol."""

from __future__ import annotations

import numpy as np
import torch

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.mixup.loss import mixup_cross_entropy
from mixup_nb_utils.training.ensemble import Member, train_ensemble
from mixup_nb_utils.training.mlp import init_mlp, to_sequential
from mixup_nb_utils.training.runs import derived_seed, train_runs
from mixup_nb_utils.training.samplers import ERM, Mixup


X3, Y3 = alternating_line(3)
SMALL = dict(hidden=16, epochs=60, record_every=10, dtype=torch.float64, device="cpu")


def test_authors_protocol_carries_the_optimizer_state():
    samplers = [ERM(), Mixup(8.0)]
    kw = dict(hidden=8, epochs=40, record_every=20, dtype=torch.float64, device="cpu", lr=1e-2)
    authors = train_runs(X3, Y3, samplers, runs=3, seed=5, protocol="authors", **kw)
    indep = train_runs(X3, Y3, samplers, runs=3, seed=5, protocol="independent", **kw)
    assert authors.probs.shape == indep.probs.shape == (2, 3, 3, 2)
    assert authors.errors.shape == (2, 3, 2)
    # first run of every experiment from the same initial weights
    first = [init_mlp([1, 8, 2], derived_seed(5, 20_000, 0), torch.float64)]
    e = 1
    # replay experiment e by hand: one nn model, one Adam, weights re-drawn after each run
    model = to_sequential([p[None] for p in first[0]], 0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    Xt, yt = torch.as_tensor(X3), torch.as_tensor(Y3)
    for r in range(3):
        if r > 0:
            fresh = to_sequential([p[None] for p in init_mlp([1, 8, 2], derived_seed(5, 10_000 + e, r), torch.float64)], 0)
            with torch.no_grad():
                for p, q in zip(model.parameters(), fresh.parameters()):
                    p.copy_(q)
        rng = np.random.default_rng(np.random.SeedSequence(derived_seed(5, e, r)))
        d = samplers[e].sample(3, 40, rng)
        for t in range(d.steps):
            lam = torch.as_tensor(d.lam[t])
            x = lam[:, None] * Xt[d.first[t]] + (1 - lam[:, None]) * Xt[d.second[t]]
            opt.zero_grad()
            loss = mixup_cross_entropy(model(x), yt[d.first[t]], yt[d.second[t]], lam)
            loss.backward()
            opt.step()
        with torch.no_grad():
            np.testing.assert_allclose(torch.softmax(model(Xt), 1).numpy(), authors.probs[e, r], atol=1e-9)
    # the carried state changes the later runs: they differ from fresh-optimizer runs from the same weights
    fresh_opt = train_ensemble(X3, Y3, [Member(samplers[e], seed=derived_seed(5, e, 1), init_seed=derived_seed(5, 10_000 + e, 1))], **kw)
    assert np.abs(fresh_opt.probs[0] - authors.probs[e, 1]).max() > 1e-6
