"""What common Mixup implementations actually do, measured rather than assumed.

:func:`torchvision_pairing` runs ``torchvision.transforms.v2.MixUp`` on a batch whose i-th label is i
(one class per row), so each output soft label reveals the partner of row i and the λ used.
"""

from __future__ import annotations

import numpy as np
import torch


def torchvision_pairing(batch_size: int, alpha: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Partner index and λ of every row after torchvision's ``MixUp(alpha)`` on one batch.

    Row i's soft label is λ e_i + (1 - λ) e_j; we read j as the largest weight on another class
    (j = i when there is none) and λ as the weight on class i.
    """
    from torchvision.transforms import v2

    if int(batch_size) < 2:
        raise ValueError("torchvision's MixUp needs a batch of at least 2 rows.")
    n = int(batch_size)
    images = torch.zeros(n, 1, 2, 2)
    labels = torch.arange(n)
    torch.manual_seed(int(seed))  # torchvision samples λ from torch's global generator
    _, soft = v2.MixUp(alpha=float(alpha), num_classes=n)(images, labels)
    soft = soft.double().numpy()
    lam = soft[np.arange(n), np.arange(n)]
    others = soft.copy()
    others[np.arange(n), np.arange(n)] = -1.0
    partner = np.where(others.max(axis=1) > 0, others.argmax(axis=1), np.arange(n))
    return partner, lam
