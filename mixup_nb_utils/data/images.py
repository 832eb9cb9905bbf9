"""Image datasets: MNIST and CIFAR through torchvision, and scikit-learn's 8×8 digits (no download)."""

from __future__ import annotations

import numpy as np


IMAGE_DATASETS: tuple[str, ...] = ("MNIST", "CIFAR10", "CIFAR100")


def load_image_dataset(name: str, root: str, train: bool = True, download: bool = False,
                       normalise_with: tuple | None = None):
    """MNIST, CIFAR-10 or CIFAR-100 through torchvision as tensors (X of shape (N, C, H, W) in float32, y).

    Pixels are scaled to [0, 1] and standardised per channel with ``normalise_with = (mean, std)``, or
    with the training split's own per-channel mean and std when it is None (the paper's per-dataset
    normalisation; pass the training statistics when loading the test split). ``download=True`` fetches
    the files (a network is needed); without it a missing dataset raises an error that says what to do.
    """
    import torch
    from torchvision import datasets as tvd

    key = name.upper().replace("-", "")
    if key not in IMAGE_DATASETS:
        raise ValueError(f"unknown image dataset {name!r}; choose one of {IMAGE_DATASETS}.")
    cls = getattr(tvd, key)
    try:
        ds = cls(root=root, train=train, download=download)
    except RuntimeError as exc:  # torchvision: "Dataset not found or corrupted"
        raise FileNotFoundError(
            f"{key} ({'train' if train else 'test'} split) is not under {root!r}. Pass download=True on a "
            f"machine with a network, or copy torchvision's {key} files there. ({exc})") from None
    except OSError as exc:  # no network while downloading
        raise FileNotFoundError(f"could not download {key} into {root!r}: {exc}. Download it where a network "
                                f"is available and copy it to {root!r}.") from None
    data = torch.as_tensor(ds.data)
    X = (data[:, None] if data.dim() == 3 else data.permute(0, 3, 1, 2)).float() / 255.0
    y = torch.as_tensor(ds.targets, dtype=torch.long)
    mean, std = normalise_with if normalise_with is not None else channel_stats(X)
    return (X - torch.as_tensor(mean).view(1, -1, 1, 1)) / torch.as_tensor(std).view(1, -1, 1, 1), y


def channel_stats(X) -> tuple:
    """Per-channel mean and standard deviation of images X of shape (N, C, H, W)."""
    return X.mean(dim=(0, 2, 3)), X.std(dim=(0, 2, 3))


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8×8 digits (shipped with scikit-learn, no download): X of shape (1797, 64) in [0, 1], y."""
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.data / 16.0, d.target.astype(np.int64)
