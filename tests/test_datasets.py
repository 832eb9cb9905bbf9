"""Dataset loaders on data the tests write themselves: nothing is downloaded."""

import struct

import numpy as np
import pytest
import torch

from mixup_nb_utils.datasets import channel_stats, digits, load_image_dataset, subsample


def _write_idx(path, array):
    array = np.asarray(array, dtype=np.uint8)
    code = {1: 0x0801, 3: 0x0803}[array.ndim]
    with open(path, "wb") as f:
        f.write(struct.pack(">I", code))
        f.write(struct.pack(">" + "I" * array.ndim, *array.shape))
        f.write(array.tobytes())


@pytest.fixture()
def tiny_mnist(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    train = rng.integers(0, 256, size=(12, 28, 28))
    test = rng.integers(0, 256, size=(5, 28, 28))
    _write_idx(raw / "train-images-idx3-ubyte", train)
    _write_idx(raw / "train-labels-idx1-ubyte", np.arange(12) % 10)
    _write_idx(raw / "t10k-images-idx3-ubyte", test)
    _write_idx(raw / "t10k-labels-idx1-ubyte", np.arange(5))
    return tmp_path, train, test


def test_mnist_loader_reads_and_normalises(tiny_mnist):
    root, train, test = tiny_mnist
    X, y = load_image_dataset("MNIST", str(root), train=True)
    assert X.shape == (12, 1, 28, 28) and X.dtype == torch.float32
    assert y.tolist() == [i % 10 for i in range(12)]
    assert abs(X.mean().item()) < 1e-5 and abs(X.std().item() - 1) < 1e-4
    # the test split is standardised with the training statistics
    stats = channel_stats(torch.as_tensor(train, dtype=torch.float32)[:, None] / 255.0)
    Xt, yt = load_image_dataset("mnist", str(root), train=False, normalise_with=stats)
    expect = (torch.as_tensor(test, dtype=torch.float32)[:, None] / 255.0 - stats[0]) / stats[1]
    assert torch.allclose(Xt, expect.view_as(Xt), atol=1e-6) and yt.tolist() == list(range(5))


def test_missing_dataset_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=True"):
        load_image_dataset("CIFAR10", str(tmp_path), train=True, download=False)
    with pytest.raises(ValueError, match="unknown image dataset"):
        load_image_dataset("ImageNet", str(tmp_path))


def test_digits_and_subsample():
    X, y = digits()
    assert X.shape == (1797, 64) and 0 <= X.min() and X.max() <= 1 and set(y) == set(range(10))
    Xs, ys = subsample(X, y, 0.2, np.random.default_rng(0))
    assert len(Xs) == round(0.2 * 1797) and len(np.unique(Xs, axis=0)) <= len(Xs)
    with pytest.raises(ValueError, match="fraction"):
        subsample(X, y, 0.0, np.random.default_rng(0))


# --- two_moons (the separated two moons of §3.1 and App. F) ---------------------------------

def test_two_moons_construction_sides_shift_and_determinism():
    from sklearn.datasets import make_moons

    from mixup_nb_utils.datasets import two_moons

    for seed in range(10):
        X, y = two_moons(seed, 0.5)
        assert X.shape == (300, 2) and np.bincount(y).tolist() == [150, 150]
        assert X[y == 0, 0].max() < 0 < X[y == 1, 0].min()            # classes on opposite sides
        assert np.abs(X).max() < 2.0                                   # inside the [-2, 2]² maps
        raw, raw_y = make_moons(300, noise=0.1, random_state=seed)
        np.testing.assert_array_equal(y, raw_y)
        np.testing.assert_allclose(X[:, 1], raw[:, 0] - 0.5)           # second column: shifted make_moons x
        # the first column: the reflected, centred make_moons y after the per-class ±0.3 shift, then ∓δ
        shifted = raw[:, 1] + np.where(raw_y == 0, 0.3, -0.3)
        expect = -(shifted - shifted.mean()) + np.where(raw_y == 0, -0.5, 0.5)
        np.testing.assert_allclose(X[:, 0], expect)
    X1, _ = two_moons(3, 0.1)
    X5, y5 = two_moons(3, 0.5)
    np.testing.assert_allclose(X5[:, 0] - X1[:, 0], np.where(y5 == 0, -0.4, 0.4))   # δ moves the classes apart
    np.testing.assert_allclose(X5[:, 1], X1[:, 1])
    np.testing.assert_array_equal(two_moons(3, 0.5)[0], X5)            # deterministic in the seed
    assert not np.allclose(two_moons(4, 0.5)[0], X5)


def test_two_moons_rejects_bad_input():
    from mixup_nb_utils.datasets import two_moons

    with pytest.raises(ValueError, match="separation"):
        two_moons(0, -0.1)
    with pytest.raises(ValueError, match="separation"):
        two_moons(0, float("nan"))
    with pytest.raises(ValueError, match="n >= 2"):
        two_moons(0, 0.5, n=1)
