"""Tests of mixup_nb_utils.data.sampling (with the digits of mixup_nb_utils.data.images)."""

import numpy as np
import pytest

from mixup_nb_utils.data.images import digits
from mixup_nb_utils.data.sampling import subsample


def test_digits_and_subsample():
    X, y = digits()
    assert X.shape == (1797, 64) and 0 <= X.min() and X.max() <= 1 and set(y) == set(range(10))
    Xs, ys = subsample(X, y, 0.2, np.random.default_rng(0))
    assert len(Xs) == round(0.2 * 1797) and len(np.unique(Xs, axis=0)) <= len(Xs)
    with pytest.raises(ValueError, match="fraction"):
        subsample(X, y, 0.0, np.random.default_rng(0))
