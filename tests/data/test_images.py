"""Image loaders on small files the tests write in each dataset's own format: nothing is downloaded."""

import gzip
import pickle
import struct

import numpy as np
import pytest
import torch
import torchvision
from torchvision import transforms

from mixup_nb_utils.data.images import NORMALISATION, digit_images, fetch_command, load_image_dataset


def _idx_bytes(array) -> bytes:
    array = np.asarray(array, dtype=np.uint8)
    code = {1: 0x0801, 3: 0x0803}[array.ndim]
    return struct.pack(">I", code) + struct.pack(">" + "I" * array.ndim, *array.shape) + array.tobytes()


@pytest.fixture()
def tiny_mnist(tmp_path):
    """All four idx files; the training images only as .gz (the loader decompresses it)."""
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    train, test = rng.integers(0, 256, (12, 28, 28)), rng.integers(0, 256, (5, 28, 28))
    (raw / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(_idx_bytes(train)))
    (raw / "train-labels-idx1-ubyte").write_bytes(_idx_bytes(np.arange(12) % 10))
    (raw / "t10k-images-idx3-ubyte").write_bytes(_idx_bytes(test))
    (raw / "t10k-labels-idx1-ubyte").write_bytes(_idx_bytes(np.arange(5)))
    return tmp_path, train, test


def _authors_pipeline(name):
    mean, std = NORMALISATION[name]
    return transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])


def test_mnist_reads_idx_files_and_normalises_like_totensor_normalize(tiny_mnist):
    root, train, test = tiny_mnist
    X, y = load_image_dataset("MNIST", root, train=True)
    assert X.shape == (12, 1, 28, 28) and X.dtype == torch.float32 and y.dtype == torch.int64
    assert y.tolist() == [i % 10 for i in range(12)]
    expect = (torch.as_tensor(train, dtype=torch.float32)[:, None] / 255 - 0.1307) / 0.3081
    torch.testing.assert_close(X, expect, rtol=0, atol=1e-6)
    Xt, yt = load_image_dataset("mnist", root, train=False)
    assert Xt.shape == (5, 1, 28, 28) and yt.tolist() == list(range(5))
    # the authors' pipeline: torchvision's MNIST class with ToTensor + Normalize, image by image
    tv = torchvision.datasets.MNIST(str(root), train=False, transform=_authors_pipeline("MNIST"))
    for i in range(5):
        img, label = tv[i]
        torch.testing.assert_close(Xt[i], img, rtol=0, atol=1e-6)
        assert label == yt[i]


def _write_cifar(root, name, rng):
    """Small CIFAR-10 (5 + 1 batches of 4 images) or CIFAR-100 (train 6, test 3) pickles."""
    if name == "CIFAR10":
        folder = root / "cifar-10-batches-py"
        splits = {f"data_batch_{i}": 4 for i in range(1, 6)} | {"test_batch": 4}
        label_key, k, meta = "labels", 10, {"label_names": [f"c{i}" for i in range(10)]}
        meta_name = "batches.meta"
    else:
        folder = root / "cifar-100-python"
        splits = {"train": 6, "test": 3}
        label_key, k = "fine_labels", 100
        meta = {"fine_label_names": [f"f{i}" for i in range(100)], "coarse_label_names": [f"c{i}" for i in range(20)]}
        meta_name = "meta"
    folder.mkdir(parents=True)
    written = {}
    for fname, n in splits.items():
        data = rng.integers(0, 256, (n, 3072), dtype=np.uint8)
        labels = rng.integers(0, k, n).tolist()
        entry = {"batch_label": fname, "data": data, label_key: labels, "filenames": [f"{i}.png" for i in range(n)]}
        if name == "CIFAR100":
            entry["coarse_labels"] = [lab // 5 for lab in labels]
        with open(folder / fname, "wb") as f:
            pickle.dump(entry, f, protocol=2)
        written[fname] = (data, labels)
    with open(folder / meta_name, "wb") as f:
        pickle.dump(meta, f, protocol=2)
    return written


@pytest.mark.parametrize("name", ["CIFAR10", "CIFAR100"])
def test_cifar_pickles_read_and_normalised_like_the_authors_pipeline(tmp_path, monkeypatch, name):
    written = _write_cifar(tmp_path, name, np.random.default_rng(1))
    train_files = [f for f in written if f.startswith("data_batch")] if name == "CIFAR10" else ["train"]
    test_file = "test_batch" if name == "CIFAR10" else "test"
    # files written by a test cannot match the published md5s: verify=True says which differ
    with pytest.raises(ValueError, match="differ from the published files"):
        load_image_dataset(name, tmp_path, train=True)
    X, y = load_image_dataset(name, tmp_path, train=True, verify=False)
    data = np.concatenate([written[f][0] for f in train_files])
    labels = sum((written[f][1] for f in train_files), [])
    assert X.shape == (len(data), 3, 32, 32) and X.dtype == torch.float32 and y.tolist() == labels
    mean, std = (torch.tensor(v).view(1, 3, 1, 1) for v in NORMALISATION[name])
    expect = (torch.as_tensor(data, dtype=torch.float32).view(-1, 3, 32, 32) / 255 - mean) / std
    torch.testing.assert_close(X, expect, rtol=0, atol=1e-6)
    Xt, yt = load_image_dataset(name, tmp_path, train=False, verify=False)
    assert len(Xt) == len(written[test_file][0]) and yt.tolist() == written[test_file][1]
    # torchvision's own class reading the same files (its md5 check switched off) + ToTensor/Normalize
    monkeypatch.setattr(torchvision.datasets.cifar, "check_integrity", lambda *a, **k: True)
    tv = getattr(torchvision.datasets, name)(str(tmp_path), train=True, transform=_authors_pipeline(name))
    assert len(tv) == len(X)
    for i in range(len(X)):
        img, label = tv[i]
        torch.testing.assert_close(X[i], img, rtol=0, atol=1e-6)
        assert label == y[i]


def test_missing_files_name_the_files_and_the_command(tmp_path):
    with pytest.raises(FileNotFoundError) as exc:
        load_image_dataset("CIFAR10", tmp_path)
    msg = str(exc.value)
    assert "data_batch_1" in msg and "batches.meta" in msg and fetch_command("CIFAR10", tmp_path) in msg
    assert "--download" in msg and str(tmp_path / "cifar-10-batches-py") in msg
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte"):
        load_image_dataset("MNIST", tmp_path, train=False)
    with pytest.raises(FileNotFoundError, match="cifar-100-python"):
        load_image_dataset("cifar-100", tmp_path, train=False)
    with pytest.raises(ValueError, match="unknown image dataset"):
        load_image_dataset("ImageNet", tmp_path)


def test_a_broken_cifar_batch_is_named(tmp_path):
    _write_cifar(tmp_path, "CIFAR100", np.random.default_rng(2))
    with open(tmp_path / "cifar-100-python" / "train", "wb") as f:
        pickle.dump({"data": np.zeros((2, 10), np.uint8), "fine_labels": [0, 1]}, f)
    with pytest.raises(ValueError, match="shape"):
        load_image_dataset("CIFAR100", tmp_path, verify=False)


def test_digit_images():
    from sklearn.datasets import load_digits

    X, y = digit_images()
    assert X.shape == (1797, 1, 8, 8) and X.dtype == torch.float32 and y.dtype == torch.int64
    assert abs(X.mean().item()) < 1e-5 and abs(X.std().item() - 1) < 1e-5
    raw = load_digits()
    assert y.tolist() == raw.target.tolist()
    p = raw.data / 16.0
    np.testing.assert_allclose(X.reshape(1797, 64).numpy(), (p - p.mean()) / p.std(ddof=1), atol=1e-5)
