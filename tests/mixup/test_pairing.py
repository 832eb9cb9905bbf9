import numpy as np
import pytest
import torch

from mixup_nb_utils.mixup.loss import mixup_cross_entropy
from mixup_nb_utils.mixup.pairing import epoch_partners, mixup_batch, sample_lambdas, sample_partners


def test_iid_partners_are_uniform_with_self_included():
    rng = np.random.default_rng(0)
    m, reps = 5, 40_000
    counts = np.zeros((m, m))
    for _ in range(reps):
        p = sample_partners(m, rng, "iid")
        counts[np.arange(m), p] += 1
    freq = counts / reps
    # every (i, j), self included, has probability 1/m; 5 binomial standard errors
    assert np.all(np.abs(freq - 1 / m) < 5 * np.sqrt(0.2 * 0.8 / reps))


def test_permutation_and_roll_partners():
    rng = np.random.default_rng(1)
    for _ in range(50):
        perm = sample_partners(7, rng, "permutation")
        assert sorted(perm) == list(range(7))
        roll = sample_partners(7, rng, "roll")
        assert sorted(roll) == list(range(7))
        assert np.all(roll != np.arange(7))
        # following partners from any point visits all 7 points: one 7-cycle
        seen, i = set(), 0
        for _ in range(7):
            seen.add(i)
            i = roll[i]
        assert seen == set(range(7))


def test_epoch_partners_stay_inside_their_batch():
    rng = np.random.default_rng(2)
    p = epoch_partners(1000, rng, "iid", batch_size=100)
    # self-pairs per epoch: m / B = 10 in expectation under in-batch pairing
    selfs = [np.sum(epoch_partners(1000, rng, "iid", batch_size=100) == np.arange(1000)) for _ in range(2000)]
    assert abs(np.mean(selfs) - 10.0) < 4 * np.std(selfs) / np.sqrt(len(selfs))
    assert p.shape == (1000,)


def test_lambdas_per_batch_and_per_sample():
    rng = np.random.default_rng(3)
    lb = sample_lambdas(4.0, 10, rng, "batch")
    assert np.all(lb == lb[0]) and 0 < lb[0] < 1
    ls = sample_lambdas((2.0, 5.0), 10_000, rng, "sample")
    assert len(np.unique(ls)) == 10_000
    assert abs(ls.mean() - 2 / 7) < 0.01
    with pytest.raises(ValueError, match="per must be"):
        sample_lambdas(1.0, 3, rng, "epoch")


def test_mixup_batch_mixes_inputs_with_partners():
    rng = np.random.default_rng(4)
    x = torch.arange(12, dtype=torch.float64).reshape(6, 2)
    y = torch.tensor([0, 1, 0, 1, 2, 2])
    d = mixup_batch(x, y, 1.0, rng, per="sample")
    expect = d.lam[:, None] * x + (1 - d.lam[:, None]) * x[d.partners]
    assert torch.allclose(d.x, expect)
    assert torch.equal(d.y_b, y[d.partners]) and torch.equal(d.y_a, y)
    img = torch.rand(4, 1, 3, 3, dtype=torch.float64)
    d2 = mixup_batch(img, y[:4], 2.0, rng)
    assert d2.x.shape == img.shape


def test_bad_inputs_raise_clear_errors():
    rng = np.random.default_rng(5)
    logits = torch.zeros(3, 2)
    with pytest.raises(ValueError, match="outside 0..1"):
        mixup_cross_entropy(logits, torch.tensor([0, 1, 2]), torch.tensor([0, 1, 1]), 0.5)
    with pytest.raises(ValueError, match="shape"):
        mixup_cross_entropy(logits, torch.tensor([0, 1]), torch.tensor([0, 1, 1]), 0.5)
    with pytest.raises(ValueError, match="NaN"):
        mixup_cross_entropy(torch.full((3, 2), float("nan")), torch.tensor([0, 1, 1]), torch.tensor([0, 1, 1]), 0.5)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        mixup_cross_entropy(logits, torch.tensor([0, 1, 1]), torch.tensor([0, 1, 1]), 1.5)
    with pytest.raises(ValueError, match="rows"):
        mixup_batch(torch.zeros(3, 2), torch.tensor([0, 1]), 1.0, rng)
    with pytest.raises(ValueError, match="empty"):
        mixup_batch(torch.zeros(0, 2), torch.zeros(0, dtype=torch.long), 1.0, rng)
    with pytest.raises(ValueError, match="NaN"):
        mixup_batch(torch.tensor([[float("nan")], [1.0]]), torch.tensor([0, 1]), 1.0, rng)
    with pytest.raises(ValueError, match="> 0"):
        mixup_batch(torch.zeros(3, 2), torch.tensor([0, 1, 1]), 0.0, rng)
    with pytest.raises(ValueError, match="empty"):
        sample_partners(0, rng)
    with pytest.raises(ValueError, match="unknown pairing"):
        sample_partners(3, rng, "neighbour")
