"""The image trainer on tiny 8×8 synthetic data and tiny widths (seconds on a CPU)."""

import io

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy import stats

from mixup_nb_utils.training.images import (ErrorCurves, ImageTrainConfig, ImageTrainer, Progress, compare_methods,
                                           initial_model, run_seeds, sample_epoch, train_images)
from mixup_nb_utils.training.resnet import resnet18




def _data(n=40, k=3, c=1, side=8, seed=0):
    """Noise plus a class pattern (a bright row per class), so that a few epochs learn something."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % k
    X = torch.randn(n, c, side, side, generator=g)
    X[torch.arange(n), :, y % side] += 2.0
    return X, y


def _cfg(**kw):
    base = dict(epochs=2, batch_size=16, width=4, runs=2, device="cpu", cpu_threads=1)
    return ImageTrainConfig(**(base | kw))


def _streams(seed=0, run=0):
    from mixup_nb_utils.device import make_generators

    s = run_seeds(seed, run)
    return {k: make_generators(s[k]).numpy for k in ("order", "partners", "lambdas")}


def test_same_seed_same_curves_other_seed_other_curves():
    X, y = _data()
    cfg = _cfg(method="mixup", alpha=1.0)
    a, b = train_images(X, y, cfg), train_images(X, y, cfg)
    np.testing.assert_array_equal(a.train_error, b.train_error)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert a.loss.shape == a.train_error.shape == a.seconds.shape == (2, 2)
    c = train_images(X, y, _cfg(method="mixup", alpha=1.0, seed=1))
    assert not np.array_equal(a.loss, c.loss)


def test_epoch_draws_partner_over_the_whole_set_self_allowed_one_lambda_per_batch():
    n, cfg = 20, _cfg(method="mixup", alpha=1.0, batch_size=6)
    streams = _streams()
    epochs = [sample_epoch(n, cfg, streams) for _ in range(500)]
    for d in epochs[:5]:
        assert sorted(d.order.tolist()) == list(range(n)) and d.batches == 4 and d.lam.shape == (4,)
    partners = np.concatenate([d.partners for d in epochs])
    points = np.concatenate([d.order for d in epochs])
    # uniform over all n points (a chi-square test at the 1e-4 level) ...
    assert stats.chisquare(np.bincount(partners, minlength=n)).pvalue > 1e-4
    # ... itself included, with probability 1/n (10,000 pairs: 500 ± 22 expected) ...
    assert abs((partners == points).sum() - 500) < 5 * np.sqrt(10_000 * 0.05 * 0.95)
    # ... and mostly from outside the point's own batch (a within-batch pairing would never be)
    outside = [np.mean([p not in set(d.order[b * 6:(b + 1) * 6]) for b in range(4)
                        for p in d.partners[b * 6:(b + 1) * 6]]) for d in epochs[:50]]
    assert np.mean(outside) > 0.6
    lam = np.concatenate([d.lam for d in epochs])
    assert stats.kstest(lam, "uniform").pvalue > 1e-4          # Beta(1, 1)
    lam_1024 = sample_epoch(n, _cfg(method="mixup", alpha=1024.0, batch_size=6), _streams()).lam
    assert np.all(np.abs(lam_1024 - 0.5) < 0.1)
    erm = sample_epoch(n, _cfg(), _streams())
    assert erm.partners is None and erm.lam is None
    # ERM and Mixup draw the same order from the same streams (common random numbers)
    np.testing.assert_array_equal(erm.order, sample_epoch(n, cfg, _streams()).order)


@pytest.mark.parametrize("method,alpha", [("erm", None), ("mixup", 1.0), ("mixup", 32.0)])
def test_first_epoch_loss_is_the_mixup_loss_of_the_recorded_draws(method, alpha):
    """One batch per epoch: the first recorded loss is λ CE(y_i) + (1-λ) CE(y_j) at λ x_i + (1-λ) x_j,
    computed here from the initial network and the draws the trainer reported."""
    X, y = _data(n=24)
    cfg = _cfg(method=method, alpha=alpha, batch_size=24, epochs=1, runs=1)
    seen = []
    res = train_images(X, y, cfg, observer=lambda r, e, d: seen.append(d))
    d = seen[0]
    assert len(seen) == 1 and d.batches == 1
    model = initial_model(cfg, 0, 1, 3).train()
    with torch.no_grad():
        expect = _first_loss(model, X, y, d, method)
    assert res.loss[0, 0] == pytest.approx(float(expect), rel=1e-5)


def _first_loss(model, X, y, d, method):
    i = torch.as_tensor(d.order)
    if method == "erm":
        return F.cross_entropy(model(X[i]), y[i])
    lam = float(d.lam[0])
    j = torch.as_tensor(d.partners)
    logits = model(lam * X[i] + (1 - lam) * X[j])
    return lam * F.cross_entropy(logits, y[i]) + (1 - lam) * F.cross_entropy(logits, y[j])


def test_erm_and_mixup_runs_share_initial_weights_and_batch_order():
    X, y = _data()
    orders = {}
    trainers = {}
    for method, alpha in (("erm", None), ("mixup", 32.0), ("mixup", 1024.0)):
        t = ImageTrainer(X, y, _cfg(method=method, alpha=alpha, protocol="independent"),
                         observer=lambda r, e, d, key=(method, alpha): orders.setdefault(key, []).append(d.order))
        t.begin_run(1)
        trainers[(method, alpha)] = {k: v.clone() for k, v in t.model.state_dict().items()}
        t.train_epoch()
        t.train_epoch()
    ref = initial_model(_cfg(), 1, 1, 3).state_dict()
    for state in trainers.values():
        assert all(torch.equal(state[k], ref[k]) for k in ref)
    other = initial_model(_cfg(), 0, 1, 3).state_dict()
    assert not torch.equal(other["fc.weight"], ref["fc.weight"])
    for key in orders:
        for e in range(2):
            np.testing.assert_array_equal(orders[key][e], orders[("erm", None)][e])


def _adam_steps(opt):
    return {int(s["step"]) for s in opt.state.values()}


def test_authors_protocol_carries_adam_independent_starts_fresh():
    X, y = _data()                                    # 40 points, batch 16: 3 steps per epoch
    for protocol in ("authors", "independent"):
        t = ImageTrainer(X, y, _cfg(method="mixup", alpha=1.0, protocol=protocol))
        t.begin_run(0)
        t.train_epoch(); t.train_epoch()
        first = t.optimizer
        assert _adam_steps(first) == {6}
        t.begin_run(1)
        assert torch.equal(t.model.state_dict()["fc.weight"], initial_model(_cfg(), 1, 1, 3).state_dict()["fc.weight"])
        t.train_epoch()
        if protocol == "authors":
            assert t.optimizer is first and _adam_steps(t.optimizer) == {9}
        else:
            assert t.optimizer is not first and _adam_steps(t.optimizer) == {3}
    with pytest.raises(ValueError, match="in order"):
        ImageTrainer(X, y, _cfg(protocol="authors")).begin_run(1)
    # run 0 is the same under both protocols; run 1 differs only through the carried Adam state
    a = train_images(X, y, _cfg(method="mixup", alpha=1.0, protocol="authors"))
    b = train_images(X, y, _cfg(method="mixup", alpha=1.0, protocol="independent"))
    np.testing.assert_array_equal(a.loss[0], b.loss[0])
    assert not np.array_equal(a.loss[1], b.loss[1])
    c = train_images(X, y, _cfg(method="mixup", alpha=1.0, protocol="independent", runs=1, seed=0))
    np.testing.assert_array_equal(c.loss[0], b.loss[0])


def test_training_error_is_eval_mode_over_the_whole_set():
    X, y = _data(n=45)
    res = train_images(X, y, _cfg(method="erm", eval_batch_size=7, runs=1, epochs=4, batch_size=8), keep_states=True)
    model = resnet18(1, 3, 4)
    model.load_state_dict(res.final_states[0])
    model.eval()
    with torch.no_grad():
        wrong = int((model(X).argmax(1) != y).sum())
    assert res.train_error[0, -1] == wrong / 45
    assert 0 < wrong < 30                              # learnt something, not all one class
    # the training loop left BatchNorm's running statistics updated (eval mode uses them)
    assert not torch.equal(res.final_states[0]["stem.1.running_mean"], torch.zeros(4))


def test_state_dict_resumes_exactly_and_refuses_other_settings():
    X, y = _data()
    cfg = _cfg(method="mixup", alpha=1.0, protocol="authors", epochs=2)
    a = ImageTrainer(X, y, cfg)
    a.begin_run(0)
    a.train_epoch()
    saved = a.state_dict()
    a.train_epoch(); a.begin_run(1); a.train_epoch()
    b = ImageTrainer(X, y, cfg)
    b.load_state_dict(saved)
    b.train_epoch(); b.begin_run(1); b.train_epoch()
    assert a.history[0].loss == b.history[0].loss and a.history[1].loss == b.history[1].loss
    assert a.history[1].train_error == b.history[1].train_error
    sa, sb = a.model.state_dict(), b.model.state_dict()
    assert all(torch.equal(sa[k], sb[k]) for k in sa)
    with pytest.raises(ValueError, match="settings"):
        ImageTrainer(X, y, _cfg(method="mixup", alpha=2.0)).load_state_dict(saved)
    with pytest.raises(ValueError, match="finished"):
        b.train_epoch(); b.train_epoch()


def test_compare_methods_curves():
    X, y = _data(n=30)
    curves = compare_methods(X, y, _cfg(epochs=1, runs=2), alphas=(1.0, 1024.0))
    assert curves.labels == ("ERM", "Mixup α=1", "Mixup α=1024") and curves.runs == (2, 2, 2)
    assert curves.mean.shape == curves.sd.shape == (3, 1) and curves.epochs.tolist() == [1]
    for m in range(3):
        np.testing.assert_allclose(curves.mean[m], curves.train_error[m].mean(0))
        np.testing.assert_allclose(curves.sd[m], curves.train_error[m].std(0))
    assert curves.curve("ERM")[0] is not None and "width 4" in curves.title
    with pytest.raises(ValueError, match="no curve"):
        curves.curve("Mixup α=2")
    empty = ErrorCurves.from_runs(["ERM", "Mixup α=1"], [np.zeros((1, 3)), np.zeros((0, 3))], 3)
    assert empty.runs == (1, 0) and np.isnan(empty.mean[1]).all() and (empty.mean[0] == 0).all()


def test_progress_lines_and_tty_rewrite():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    plain, tty = io.StringIO(), Tty()
    for stream in (plain, tty):
        p = Progress(4, True, stream)
        for e in (1, 2):
            p.update("ERM", 0, 2, e, 2, 0.5, 0.25, 2.0)
    assert plain.getvalue().count("\n") == 2 and "\r" not in plain.getvalue()
    text = plain.getvalue()
    assert "epoch 2/2" in text and "train error 25.00%" in text and "~4 s left" in text
    assert tty.getvalue().count("\r") == 2 and tty.getvalue().count("\n") == 1
    quiet = io.StringIO()
    Progress(4, False, quiet).update("ERM", 0, 1, 1, 4, 0.5, 0.25, 2.0)
    assert quiet.getvalue() == ""


def test_bad_input_errors():
    X, y = _data()
    with pytest.raises(ValueError, match="unknown method"):
        ImageTrainConfig(method="cutmix")
    with pytest.raises(ValueError, match="alpha"):
        ImageTrainConfig(method="mixup", alpha=0.0)
    with pytest.raises(ValueError, match="alpha"):
        ImageTrainConfig(method="mixup", alpha=float("nan"))
    with pytest.raises(ValueError, match="needs alpha"):
        ImageTrainConfig(method="mixup")
    with pytest.raises(ValueError, match="ERM mixes nothing"):
        ImageTrainConfig(method="erm", alpha=1.0)
    with pytest.raises(ValueError, match="protocol"):
        ImageTrainConfig(protocol="mine")
    with pytest.raises(ValueError, match="epochs"):
        ImageTrainConfig(epochs=0)
    with pytest.raises(ValueError, match="lr"):
        ImageTrainConfig(lr=-1)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        train_images(X[:, 0], y, _cfg())
    with pytest.raises(ValueError, match="num_classes"):
        train_images(X, y, _cfg(), num_classes=2)
    with pytest.raises(ValueError, match="negative label"):
        train_images(X, y - 1, _cfg())
    with pytest.raises(ValueError, match="labels but there are"):
        train_images(X, y[:-1], _cfg())
    bad = X.clone()
    bad[3, 0, 2, 2] = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        train_images(bad, y, _cfg())
    with pytest.raises(ValueError, match="floating point"):
        train_images((X * 10).long(), y, _cfg())
    with pytest.raises(ValueError, match="at least 2 classes"):
        train_images(X, torch.zeros(40, dtype=torch.long), _cfg())
    with pytest.raises(ValueError, match="last batch of one image"):
        train_images(X[:33], y[:33], _cfg())
    with pytest.raises(ValueError, match="begin_run"):
        ImageTrainer(X, y, _cfg()).train_epoch()
