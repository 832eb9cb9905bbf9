"""Tests of mixup_nb_utils.mixup.loss: the Mixup cross-entropy."""

import torch
import torch.nn.functional as F

from mixup_nb_utils.mixup.loss import mixed_soft_labels, mixup_cross_entropy, soft_cross_entropy


def test_mixup_cross_entropy_equals_soft_label_cross_entropy():
    gen = torch.Generator().manual_seed(0)
    logits = torch.randn(50, 4, generator=gen, dtype=torch.float64)
    ya = torch.randint(0, 4, (50,), generator=gen)
    yb = torch.randint(0, 4, (50,), generator=gen)
    lam = torch.rand(50, generator=gen, dtype=torch.float64)
    soft = mixed_soft_labels(ya, yb, lam, 4)
    a = mixup_cross_entropy(logits, ya, yb, lam, reduction="none")
    b = soft_cross_entropy(logits, soft, reduction="none")
    assert torch.allclose(a, b, atol=1e-12)
    # same class: ℓ_mix reduces to -log g^y
    same = mixup_cross_entropy(logits, ya, ya, lam, reduction="none")
    assert torch.allclose(same, F.cross_entropy(logits, ya, reduction="none"), atol=1e-12)
    # scalar λ is broadcast
    s = mixup_cross_entropy(logits, ya, yb, 0.3)
    assert torch.isclose(s, (0.3 * F.cross_entropy(logits, ya) + 0.7 * F.cross_entropy(logits, yb)))
