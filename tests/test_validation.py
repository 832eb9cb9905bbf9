"""Tests of mixup_nb_utils.validation: the input checks and their messages."""

import numpy as np
import pytest

from mixup_nb_utils.validation import check_labels, check_points, check_positive


def test_validation_messages():
    assert check_points([1.0, 2.0]).shape == (2, 1)
    with pytest.raises(ValueError, match="empty"):
        check_points(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        check_points([[0.0, np.inf]])
    with pytest.raises(ValueError, match="shape"):
        check_points(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="negative"):
        check_labels([0, -1], 2)
    with pytest.raises(ValueError, match="num_classes=2"):
        check_labels([0, 2], 2, num_classes=2)
    with pytest.raises(ValueError, match="integer"):
        check_labels([0.5, 1.0], 2)
    assert check_labels([0, 1, 1], 3, num_classes=4)[1] == 4
    with pytest.raises(ValueError, match="> 0"):
        check_positive(0, "alpha")
