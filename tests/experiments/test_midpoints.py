"""Tests of mixup_nb_utils.experiments.midpoints: training on midpoints alone."""

import numpy as np
import pytest

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.experiments.midpoints import train_on_midpoints


# ---------------------------------------------------------------- exact side


def test_training_on_midpoints_fails_on_the_alternating_line():
    X, y = alternating_line(3)
    run = train_on_midpoints(X, y, seeds=[0, 1], epochs=1500)
    assert np.all(run.erm_errors == 0)
    # the midpoint of 0 and 2 is point 1 with class 1's label: point 1 goes to class 1
    assert np.all(run.midpoint_probs[:, 1, 0] > 0.9) and np.all(run.midpoint_errors > 0.3)
    with pytest.raises(ValueError, match="at least 2"):
        train_on_midpoints(X[:1], y[:1], seeds=[0], epochs=10)
