"""The image datasets of the paper's §2.4 (MNIST, CIFAR-10, CIFAR-100) and scikit-learn's digits.

Every image is turned into a float32 tensor of shape (C, H, W) the way torchvision's
``ToTensor()`` then ``Normalize(mean, std)`` do, with the fixed per-dataset constants the
authors use (:data:`NORMALISATION`): x = (pixel / 255 - mean_c) / std_c for channel c. No
augmentation. Labels are int64, 0-based.

Files are read from torchvision's layout under ``root``:

- MNIST:     ``<root>/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte`` (idx files; a
             ``.gz`` copy is decompressed beside itself when the plain file is missing);
- CIFAR-10:  ``<root>/cifar-10-batches-py/data_batch_1..5, test_batch, batches.meta`` (pickles);
- CIFAR-100: ``<root>/cifar-100-python/train, test, meta`` (pickles).

The CIFAR pickles are read here, not by torchvision's dataset classes: those refuse any file
whose md5 differs from the published archive's, so small files written by a test (or a subset
someone made) could never load through them. ``verify=True`` (the default) still checks every
CIFAR file against torchvision's own md5 list (``CIFAR10.train_list`` etc.) and says which file
differs; ``verify=False`` reads the files as they are. ``download=True`` fetches the published
files through torchvision (a network is needed).
"""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import torch

IMAGE_DATASETS: tuple[str, ...] = ("MNIST", "CIFAR10", "CIFAR100")

# Per-channel (mean, std) of the authors' Normalize transforms (the training sets' statistics).
NORMALISATION: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "MNIST": ((0.1307,), (0.3081,)),
    "CIFAR10": ((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010)),
    "CIFAR100": ((0.5071, 0.4867, 0.4408), (0.2675, 0.2565, 0.2761)),
}
NUM_CLASSES: dict[str, int] = {"MNIST": 10, "CIFAR10": 10, "CIFAR100": 100, "digits": 10}

_MNIST_FILES = {True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def dataset_key(name: str) -> str:
    """The canonical name (``"MNIST"``, ``"CIFAR10"``, ``"CIFAR100"``) of ``name`` (any case, '-' allowed)."""
    key = str(name).upper().replace("-", "").replace("_", "")
    if key not in IMAGE_DATASETS:
        raise ValueError(f"unknown image dataset {name!r}; choose one of {IMAGE_DATASETS}.")
    return key


def fetch_command(name: str, root: str | os.PathLike) -> str:
    """The shell command that downloads dataset ``name`` into ``root`` (run it where a network is)."""
    return f"python -m mixup_nb_utils.training.jobs --download --datasets {dataset_key(name)} --data {root}"


def load_image_dataset(name: str, root: str | os.PathLike, train: bool = True, download: bool = False,
                       verify: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST, CIFAR-10 or CIFAR-100 from ``root`` as (X, y): X float32 of shape (N, C, H, W),
    normalised with the dataset's fixed constants, x = (pixel/255 - mean_c)/std_c (paper §2.4,
    the authors' ``ToTensor`` + ``Normalize``), and y int64 of shape (N,).

    ``train``: the training split (True) or the test split. ``download``: fetch the published files
    first (through torchvision; needs a network). Missing files raise FileNotFoundError naming them
    and the command that fetches them. ``verify``: check CIFAR files against torchvision's md5s
    (see the module docstring).
    """
    key = dataset_key(name)
    root = Path(root)
    if download:
        _download(key, root)
    if key == "MNIST":
        images, labels = _read_mnist(root, bool(train))
        data = images[:, None]                                      # (N, 1, 28, 28) uint8
    else:
        data, labels = _read_cifar(key, root, bool(train), bool(verify))
    return normalise(data, key), labels


def normalise(pixels: torch.Tensor, name: str) -> torch.Tensor:
    """uint8 images (N, C, H, W) → float32 (pixels/255 - mean_c)/std_c with :data:`NORMALISATION`."""
    mean, std = NORMALISATION[dataset_key(name)]
    x = pixels.to(torch.float32).div(255)
    m = torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1)
    return x.sub_(m).div_(s)


def _missing(paths: list[Path], key: str, root: Path, folder: Path) -> FileNotFoundError:
    names = ", ".join(p.name for p in paths)
    return FileNotFoundError(
        f"{key}: {len(paths)} file(s) missing in {folder}: {names}. Fetch them where a network is with\n"
        f"    {fetch_command(key, root)}\n"
        f"or in Python: load_image_dataset({key!r}, {str(root)!r}, download=True) (or fetch them on another "
        f"machine and copy the folder to {root}).")


def _read_mnist(root: Path, train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    from torchvision.datasets.mnist import read_image_file, read_label_file

    folder = root / "MNIST" / "raw"
    paths = [folder / f for f in _MNIST_FILES[train]]
    for p in paths:
        gz = p.with_name(p.name + ".gz")
        if not p.is_file() and gz.is_file():
            tmp = p.with_name(p.name + ".part")
            with gzip.open(gz, "rb") as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.replace(tmp, p)
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise _missing(missing, "MNIST", root, folder)
    images, labels = read_image_file(str(paths[0])), read_label_file(str(paths[1]))
    if len(images) != len(labels):
        raise ValueError(f"MNIST files in {folder} disagree: {len(images)} images but {len(labels)} labels.")
    return images, labels


def _tv_datasets():
    from torchvision import datasets

    return datasets


def _cifar_class(key: str):
    return getattr(_tv_datasets(), key)


def _read_cifar(key: str, root: Path, train: bool, verify: bool) -> tuple[torch.Tensor, torch.Tensor]:
    from torchvision.datasets.utils import check_integrity

    cls = _cifar_class(key)
    folder = root / cls.base_folder
    listed = cls.train_list if train else cls.test_list
    files = [(folder / f, md5) for f, md5 in listed] + [(folder / cls.meta["filename"], cls.meta["md5"])]
    missing = [p for p, _ in files if not p.is_file()]
    if missing:
        raise _missing(missing, key, root, folder)
    if verify:
        bad = [p.name for p, md5 in files if not check_integrity(str(p), md5)]
        if bad:
            raise ValueError(f"{key}: {', '.join(bad)} in {folder} differ from the published files (md5); "
                             f"download them again ({fetch_command(key, root)}), or pass verify=False to "
                             f"read them as they are.")
    data, labels = [], []
    label_key = "labels" if key == "CIFAR10" else "fine_labels"
    for p, _ in files[:-1]:
        with open(p, "rb") as f:
            entry = pickle.load(f, encoding="latin1")
        if "data" not in entry or label_key not in entry:
            raise ValueError(f"{p} is not a {key} batch: it lacks 'data' or {label_key!r}.")
        arr = np.asarray(entry["data"], dtype=np.uint8)
        if arr.ndim != 2 or arr.shape[1] != 3 * 32 * 32 or len(entry[label_key]) != len(arr):
            raise ValueError(f"{p}: expected 'data' of shape (n, 3072) and n labels, got {arr.shape} "
                             f"and {len(entry[label_key])} labels.")
        data.append(arr.reshape(-1, 3, 32, 32))
        labels.extend(entry[label_key])
    return torch.from_numpy(np.concatenate(data)), torch.as_tensor(labels, dtype=torch.long)


def _download(key: str, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    cls = getattr(_tv_datasets(), key)
    try:
        for train in (True, False):
            cls(root=str(root), train=train, download=True)
    except (OSError, RuntimeError) as exc:     # no network, or a mirror that failed
        raise FileNotFoundError(f"could not download {key} into {root}: {exc}. Download it on a machine with a "
                                f"network ({fetch_command(key, root)}) and copy {root} here.") from None


def download_datasets(names, root: str | os.PathLike) -> None:
    """Fetch each dataset of ``names`` (MNIST, CIFAR10, CIFAR100) into ``root`` through torchvision."""
    for name in names:
        _download(dataset_key(name), Path(root))


def digit_images() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's 8×8 digits (1797 images, 10 classes; shipped with scikit-learn, no download)
    as images X float32 of shape (1797, 1, 8, 8) and labels y int64.

    Normalisation, in the spirit of the per-dataset constants above: pixels (0..16) are divided by
    16, then standardised with the mean m and the (sample) standard deviation s of all 1797 × 64
    pixel values of the set (one channel): x = (p/16 - m)/s, so X has mean 0 and standard deviation 1.
    """
    from sklearn.datasets import load_digits

    d = load_digits()
    x = torch.as_tensor(d.data, dtype=torch.float64).div(16.0).reshape(-1, 1, 8, 8)
    x = (x - x.mean()) / x.std()
    return x.to(torch.float32), torch.as_tensor(d.target, dtype=torch.long)


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8×8 digits (shipped with scikit-learn, no download): X of shape (1797, 64) in [0, 1], y."""
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.data / 16.0, d.target.astype(np.int64)
