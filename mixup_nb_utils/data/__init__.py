"""Datasets: the paper's synthetic data, image datasets, subsampling, query grids.

- ``synthetic`` the alternating line X_m^k (Definition 2.6), the cross of Proposition 2.5, the separated two
                moons (§3.1)
- ``images``    MNIST, CIFAR-10/100 (torchvision's files, the authors' normalisation), scikit-learn's 8×8 digits
- ``sampling``  a uniformly random subset of a dataset
- ``grids``     query points: regular grids and points along the segments of X_mix

Every public name of these modules is re-exported here.
"""

from .synthetic import alternating_line, cross_dataset, two_moons
from .images import (IMAGE_DATASETS, NORMALISATION, NUM_CLASSES, dataset_key, fetch_command, load_image_dataset,
                     normalise, download_datasets, digit_images, digits)
from .sampling import subsample
from .grids import grid_points, segment_samples

__all__ = [
    "alternating_line", "cross_dataset", "two_moons", "IMAGE_DATASETS", "NORMALISATION", "NUM_CLASSES",
    "dataset_key", "fetch_command", "load_image_dataset", "normalise", "download_datasets", "digit_images", "digits", "subsample", "grid_points", "segment_samples",
]
