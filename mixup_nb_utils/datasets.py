"""The paper's synthetic datasets (labels are 0-based: the paper's class 1 is label 0)."""

from __future__ import annotations

import numpy as np


def alternating_line(m: int, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """X_m^k (paper Definition 2.6 and App. D.1): the points 0, 1, ..., m-1 on a line, label = index mod k.

    Returns X of shape (m, 1) and y of shape (m,). X_3^2 is {0, 1, 2} with labels {0, 1, 0}.
    """
    if int(m) < 1 or int(k) < 1:
        raise ValueError(f"alternating_line needs m >= 1 points and k >= 1 classes, got m={m}, k={k}.")
    idx = np.arange(int(m))
    return idx.astype(float)[:, None], (idx % int(k)).astype(np.int64)


def cross_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The dataset of Proposition 2.5: X_1 = {(0, 1), (0, -1)} (label 0), X_2 = {(1, 0), (-1, 0)} (label 1)."""
    X = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 0.0], [-1.0, 0.0]])
    return X, np.array([0, 0, 1, 1])


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


def subsample(X, y, fraction: float, rng: np.random.Generator):
    """A uniformly random subset holding ``fraction`` of the points (at least one), without replacement."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}.")
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X has {n} rows but y has {len(y)} labels.")
    idx = np.sort(rng.choice(n, size=max(1, int(round(fraction * n))), replace=False))
    return X[idx], y[idx]


def two_moons(seed: int, separation: float = 0.5, n: int = 300, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """The separated two moons of Pezeshki et al. (2020) used in the paper's §3.1 and App. F (Figures 3, 10-14).

    Built from scikit-learn's ``make_moons(n, noise=noise, random_state=seed)`` (label 0: the upper
    moon, label 1: the lower moon) in five steps:

    1. shift label 0 by (-0.5, +0.3) and label 1 by (-0.5, -0.3), which pulls the moons apart vertically;
    2. centre the second coordinate (subtract its mean over all points);
    3. reflect the second coordinate (x_2 → -x_2), so label 0 lies below 0 and label 1 above it;
    4. shift the second coordinate by -δ for label 0 and +δ for label 1 (δ = ``separation``);
    5. swap the two columns: the classes are then separated along the first coordinate.

    Properties (checked in tests/test_datasets.py): n points, n/2 per class; the second coordinate
    is the make_moons first coordinate minus 0.5; changing δ moves label 0 by -Δδ and label 1 by
    +Δδ along the first coordinate only; for δ = 0.5 and seeds 0-9 every label-0 point has x_1 < 0
    and every label-1 point x_1 > 0. Deterministic in ``seed``.
    The sign convention of step 1 is the one under which step 3 can put the classes on opposite
    sides (the moons' vertical ranges are then disjoint up to the noise).
    """
    from sklearn.datasets import make_moons

    sep = float(separation)
    if not np.isfinite(sep) or sep < 0:
        raise ValueError(f"separation must be a finite number >= 0, got {separation}.")
    if int(n) < 2:
        raise ValueError(f"two_moons needs n >= 2 points, got n={n}.")
    X, y = make_moons(int(n), noise=float(noise), random_state=int(seed))
    sign = np.where(y == 0, 1.0, -1.0)                       # +1 for label 0, -1 for label 1
    X = X + np.stack([np.full(len(X), -0.5), 0.3 * sign], axis=1)
    X[:, 1] -= X[:, 1].mean()
    X[:, 1] = -X[:, 1]
    X[:, 1] -= sep * sign
    return X[:, ::-1].copy(), y.astype(np.int64)
