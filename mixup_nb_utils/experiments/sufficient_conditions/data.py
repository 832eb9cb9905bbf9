"""The chapter's data (paper §2.4, Appendix D.2): normalised images split into train and test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ...data.images import digits, load_image_dataset
from ...device import make_generators


@dataclass(frozen=True)
class ImageData:
    """A dataset as normalised images (N, C, H, W) with labels, split into train and test."""

    name: str
    X_train: torch.Tensor
    y_train: torch.Tensor
    X_test: torch.Tensor
    y_test: torch.Tensor

    @property
    def num_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_test.max())) + 1

    def flat(self, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
        """The points of ``split`` as float64 rows (N, C·H·W) and their labels, for the geometry."""
        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
        X, y = (self.X_train, self.y_train) if split == "train" else (self.X_test, self.y_test)
        return X.reshape(len(X), -1).double().numpy(), y.numpy()


def load_data(name: str, settings) -> ImageData:
    """``name`` = "digits" (scikit-learn's 8×8 digits, split by ``settings.test_fraction`` with a
    permutation seeded by ``settings.seed``, pixels/16 standardised with the mean and sample standard
    deviation of the training split's pixels, as the paper's normalisation constants are training-set
    statistics) or a torchvision dataset read from ``settings.data_root``
    (raises FileNotFoundError naming the missing files and the command that fetches them)."""
    if name == "digits":
        P, labels = digits()                                       # pixels / 16, in [0, 1]
        perm = make_generators(settings.seed).numpy.permutation(len(P))
        n_test = int(round(settings.test_fraction * len(P)))
        te, tr = np.sort(perm[:n_test]), np.sort(perm[n_test:])
        m, sd = P[tr].mean(), P[tr].std(ddof=1)                  # the training split's statistics only
        X = torch.as_tensor((P - m) / sd, dtype=torch.float32).reshape(-1, 1, 8, 8)
        y = torch.as_tensor(labels, dtype=torch.long)
        return ImageData(name, X[tr], y[tr], X[te], y[te])
    X_tr, y_tr = load_image_dataset(name, settings.data_root, train=True)
    X_te, y_te = load_image_dataset(name, settings.data_root, train=False)
    return ImageData(name, X_tr, y_tr, X_te, y_te)


@dataclass(frozen=True)
class Availability:
    """Which of the chapter's datasets could be loaded here, and why the others could not."""

    loaded: dict
    missing: dict


def available_data(settings) -> Availability:
    """Load every dataset of ``settings.datasets`` that is present; record the error of the others.
    When none can be loaded, the digits (shipped with scikit-learn) stand in, so the chapter carries on."""
    loaded, missing = {}, {}
    for name in settings.datasets:
        try:
            loaded[name] = load_data(name, settings)
        except FileNotFoundError as exc:
            missing[name] = str(exc)
    if not loaded:
        loaded["digits"] = load_data("digits", settings)
    return Availability(loaded, missing)
