"""Tests of the vectorised ensemble trainer (mixup_nb_utils.training.ensemble and the plain reference of training.plain)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.mixup.loss import mixup_cross_entropy
from mixup_nb_utils.training.ensemble import Member, train_ensemble
from mixup_nb_utils.training.mlp import init_mlp, stacked_forward, to_sequential
from mixup_nb_utils.training.plain import train_single_plain
from mixup_nb_utils.training.runs import train_runs
from mixup_nb_utils.training.samplers import ERM, FixedMixtures, Mixup


X3, Y3 = alternating_line(3)
SMALL = dict(hidden=16, epochs=60, record_every=10, dtype=torch.float64, device="cpu")


def _members():
    return [
        Member(ERM(), seed=1),
        Member(Mixup(1.0), seed=2),
        Member(Mixup(32.0, lam_per="sample"), seed=3, init_seed=1),
        Member(Mixup((2.0, 0.5), scheme="permutation"), seed=4),
    ]


@pytest.mark.parametrize("optimizer,lr", [("adam", 1e-2), ("sgd", 0.2)])
def test_member_in_ensemble_matches_member_trained_alone(optimizer, lr):
    members = _members()
    ens = train_ensemble(X3, Y3, members, optimizer=optimizer, lr=lr, momentum=0.5, **SMALL)
    for r, mem in enumerate(members):
        alone = train_ensemble(X3, Y3, [mem], optimizer=optimizer, lr=lr, momentum=0.5, **SMALL)
        plain = train_single_plain(X3, Y3, mem, optimizer=optimizer, lr=lr, momentum=0.5, **SMALL)
        for other in (alone, plain):
            np.testing.assert_allclose(ens.probs[r], other.probs[0], rtol=0, atol=1e-10)
            np.testing.assert_array_equal(ens.errors[r], other.errors[0])
            for p, q in zip(ens.params, other.params):
                np.testing.assert_allclose(p[r].detach().numpy(), q[0].detach().numpy(), rtol=0, atol=1e-10)
    # the members really differ from one another (the test above could not pass by accident)
    assert np.abs(ens.probs[1] - ens.probs[3]).max() > 1e-3


def test_minibatch_and_fixed_mixtures_match_plain_loop():
    X, y = alternating_line(7, 3)
    for members in ([Member(ERM(batch_size=3), seed=5), Member(Mixup(4.0, scheme="roll", batch_size=3), seed=6)],
                    [Member(FixedMixtures.midpoints(7), seed=7), Member(FixedMixtures.midpoints(7), seed=8)]):
        ens = train_ensemble(X, y, members, lr=1e-2, **SMALL)
        for r, mem in enumerate(members):
            plain = train_single_plain(X, y, mem, lr=1e-2, **SMALL)
            np.testing.assert_allclose(ens.probs[r], plain.probs[0], rtol=0, atol=1e-10)
    # minibatches of 3 out of 7 points: 3 steps per epoch, records every 10 steps
    assert ens.record_steps[-1] <= 60


def test_loss_is_the_mixup_cross_entropy():
    """The ensemble's per-member loss equals mixup.mixup_cross_entropy on the same draw."""
    torch.manual_seed(0)
    sizes = [1, 8, 2]
    params = [torch.stack([p]).double() for p in init_mlp(sizes, 3, torch.float64)]
    rng = np.random.default_rng(0)
    draw = Mixup(2.0, lam_per="sample").sample(3, 1, rng)
    a, c, lam = draw.first[0], draw.second[0], draw.lam[0]
    Xt = torch.as_tensor(X3)
    x = torch.as_tensor(lam)[:, None] * Xt[a] + torch.as_tensor(1 - lam)[:, None] * Xt[c]
    logits = stacked_forward(params, x[None])[0]
    expected = mixup_cross_entropy(logits, torch.as_tensor(Y3[a]), torch.as_tensor(Y3[c]), torch.as_tensor(lam))
    target = torch.as_tensor(lam)[:, None] * torch.eye(2, dtype=torch.float64)[Y3[a]] \
        + torch.as_tensor(1 - lam)[:, None] * torch.eye(2, dtype=torch.float64)[Y3[c]]
    ours = -(target * torch.log_softmax(logits, -1)).sum(-1).mean()
    assert float(abs(ours - expected)) < 1e-12
    # and the stacked forward pass equals nn.Sequential's
    np.testing.assert_allclose(to_sequential(params, 0)(x).detach().numpy(), logits.detach().numpy(), atol=1e-12)


def test_training_reaches_the_known_answers():
    """ERM fits X_3^2; Mixup with Beta(128, 128) misclassifies point 1 (the paper's Table 1)."""
    res = train_ensemble(X3, Y3, [Member(ERM(), seed=0), Member(Mixup(128.0), seed=0)], hidden=64,
                         epochs=1500, record_every=500, device="cpu")
    assert res.errors[0, -1] == 0.0
    assert res.probs[1, 1, 0] > 0.5 and res.errors[1, -1] == pytest.approx(1 / 3)
    assert res.predict_proba(np.array([0.0, 1.0, 2.0])).shape == (2, 3, 2)
    np.testing.assert_allclose(res.predict_proba(X3), res.probs, atol=1e-6)


def test_bad_input_raises_clear_errors():
    m = [Member(ERM(), seed=0)]
    with pytest.raises(ValueError, match="alpha"):
        Mixup(0.0)
    with pytest.raises(ValueError, match="scheme"):
        Mixup(1.0, scheme="shuffle")
    with pytest.raises(ValueError, match="lam_per"):
        Mixup(1.0, lam_per="epoch")
    with pytest.raises(ValueError, match="batch_size"):
        ERM(batch_size=0)
    with pytest.raises(ValueError, match="labels"):
        train_ensemble(X3, Y3[:2], m, **SMALL)
    with pytest.raises(ValueError, match="NaN"):
        train_ensemble(np.array([0.0, np.nan, 2.0]), Y3, m, **SMALL)
    with pytest.raises(ValueError, match="epochs"):
        train_ensemble(X3, Y3, m, **{**SMALL, "epochs": 0})
    with pytest.raises(ValueError, match="lr"):
        train_ensemble(X3, Y3, m, lr=-1.0, **SMALL)
    with pytest.raises(ValueError, match="optimizer"):
        train_ensemble(X3, Y3, m, optimizer="lbfgs", **SMALL)
    with pytest.raises(ValueError, match="hidden"):
        train_ensemble(X3, Y3, m, **{**SMALL, "hidden": 0})
    with pytest.raises(ValueError, match="members is empty"):
        train_ensemble(X3, Y3, [], **SMALL)
    with pytest.raises(ValueError, match="widths"):
        train_ensemble(X3, Y3, [Member(ERM()), Member(FixedMixtures.midpoints(3, include_self=True))], **SMALL)
    with pytest.raises(ValueError, match="Member"):
        train_ensemble(X3, Y3, [ERM()], **SMALL)
    with pytest.raises(ValueError, match="2 classes"):
        train_ensemble(X3, np.zeros(3, dtype=int), m, **SMALL)
    with pytest.raises(ValueError, match="outside"):
        train_ensemble(X3, Y3, [Member(FixedMixtures((0,), (5,), (0.5,)))], **SMALL)
    with pytest.raises(ValueError, match="protocol"):
        train_runs(X3, Y3, [ERM()], runs=1, protocol="mine", **SMALL)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU here")
def test_gpu_matches_cpu():
    members = _members()
    cpu = train_ensemble(X3, Y3, members, lr=1e-2, **SMALL)
    gpu = train_ensemble(X3, Y3, members, lr=1e-2, **{**SMALL, "device": "cuda"})
    np.testing.assert_allclose(cpu.probs, gpu.probs, atol=1e-8)


def test_two_dimensional_inputs_and_two_hidden_layers_match_plain_loop():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(6, 2))
    y = np.array([0, 1, 2, 0, 1, 2])
    members = [Member(ERM(), seed=1), Member(Mixup(2.0, lam_per="sample"), seed=2)]
    kw = dict(SMALL, hidden=(8, 5))
    ens = train_ensemble(X, y, members, lr=1e-2, **kw)
    for r, mem in enumerate(members):
        plain = train_single_plain(X, y, mem, lr=1e-2, **kw)
        np.testing.assert_allclose(ens.probs[r], plain.probs[0], rtol=0, atol=1e-10)
    assert ens.predict_proba(X[:2]).shape == (2, 2, 3)


def test_accumulated_gradients_match_a_loop_that_never_zeroes_them():
    """Opt-in ``accumulate_grads``: the authors' two moons Mixup loop (no zero_grad between steps)."""
    members = [Member(Mixup(1.0), seed=2), Member(ERM(), seed=1)]
    ens = train_ensemble(X3, Y3, members, lr=1e-2, accumulate_grads=True, **SMALL)
    for r, mem in enumerate(members):
        plain = train_single_plain(X3, Y3, mem, lr=1e-2, accumulate_grads=True, **SMALL)
        np.testing.assert_allclose(ens.probs[r], plain.probs[0], rtol=0, atol=1e-10)
        for p, q in zip(ens.params, plain.params):
            np.testing.assert_allclose(p[r].detach().numpy(), q[0].detach().numpy(), rtol=0, atol=1e-10)
    fresh = train_ensemble(X3, Y3, members, lr=1e-2, **SMALL)
    assert (fresh.params[0] - ens.params[0]).abs().max().item() > 1e-3   # accumulating really changes training
    # one step: nothing accumulated yet, so both loops agree
    one = dict(SMALL, epochs=1, record_every=1)
    a = train_ensemble(X3, Y3, members, lr=1e-2, accumulate_grads=True, **one)
    b = train_ensemble(X3, Y3, members, lr=1e-2, **one)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p.numpy(), q.numpy())


def test_train_config_is_one_place_for_the_settings():
    import dataclasses

    from mixup_nb_utils.data import alternating_line
    from mixup_nb_utils.training import ERM, Member, TrainConfig, train_ensemble

    X, y = alternating_line(3)
    cfg = TrainConfig(hidden=8, epochs=20, record_every=10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.epochs = 3
    a = train_ensemble(X, y, [Member(ERM(), seed=1)], cfg)
    b = train_ensemble(X, y, [Member(ERM(), seed=1)], hidden=8, epochs=20, record_every=10)
    c = train_ensemble(X, y, [Member(ERM(), seed=1)], cfg, epochs=10)
    assert np.array_equal(a.probs, b.probs) and len(c.record_steps) == 1 and len(a.record_steps) == 2
    with pytest.raises(ValueError, match="unknown training setting"):
        train_ensemble(X, y, [Member(ERM())], cfg, epoch=3)
    with pytest.raises(ValueError, match="optimizer"):
        TrainConfig(optimizer="rmsprop")
    with pytest.raises(ValueError, match="TrainConfig"):
        train_ensemble(X, y, [Member(ERM())], {"epochs": 3})


def test_one_dataset_per_member_matches_each_member_trained_on_its_own():
    """X of shape (M, m, d): member r trains on X[r] only, exactly as if trained alone on it."""
    rng = np.random.default_rng(5)
    Xs = rng.normal(size=(3, 7, 2))
    ys = np.array([rng.permutation([0, 0, 0, 1, 1, 1, 1]) for _ in range(3)])
    members = [Member(ERM(), seed=1), Member(Mixup(1.0), seed=2), Member(Mixup(4.0), seed=3)]
    for accumulate in (True, False):
        ens = train_ensemble(Xs, ys, members, lr=1e-2, accumulate_grads=accumulate, **SMALL)
        for r, mem in enumerate(members):
            alone = train_ensemble(Xs[r], ys[r], [mem], lr=1e-2, accumulate_grads=accumulate, **SMALL)
            plain = train_single_plain(Xs[r], ys[r], mem, lr=1e-2, accumulate_grads=accumulate, **SMALL)
            for other in (alone, plain):
                np.testing.assert_allclose(ens.probs[r], other.probs[0], rtol=0, atol=1e-10)
                np.testing.assert_array_equal(ens.errors[r], other.errors[0])
    # a member trained on another member's data (same seeds, fresh gradients) is a different network
    swapped = train_ensemble(Xs[0], ys[0], [members[1]], lr=1e-2, **SMALL)
    assert (swapped.params[0][0] - ens.params[0][1]).abs().max().item() > 1e-3
    with pytest.raises(ValueError, match="one dataset per member"):
        train_ensemble(Xs[:2], ys[:2], members, **SMALL)
    with pytest.raises(ValueError, match=r"y must have shape \(members, m\)"):
        train_ensemble(Xs, ys[:, :5], members, **SMALL)
