"""Dataset loaders on data the tests write themselves: nothing is downloaded."""

import struct

import numpy as np
import pytest
import torch

from mixup_nb_utils.data.images import channel_stats, load_image_dataset


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


# --- two_moons (the separated two moons of §3.1 and App. F) ---------------------------------


