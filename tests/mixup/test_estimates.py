"""Tests of mixup_nb_utils.mixup.estimates: the Monte-Carlo losses agree with the exact J_mix."""

import numpy as np
import pytest

from mixup_nb_utils.mixup.estimates import mc_mixup_loss, step_losses
from mixup_nb_utils.theory.exact_loss import exact_mixup_loss

from tests.helpers import small_network_problem  # noqa: E402


@pytest.fixture(scope="module")
def problem():
    return small_network_problem()


def test_monte_carlo_estimators_agree_with_exact_loss(problem):
    X, y, net, f = problem
    exact = exact_mixup_loss(f, X, y, 1.0)
    rng = np.random.default_rng(2)
    mean, se = mc_mixup_loss(f, X, y, 1.0, 100_000, rng)
    assert abs(mean - exact) < 4 * se
    for scheme in ("iid", "permutation", "roll"):
        steps = step_losses(net, X, y, 1.0, 8_000, rng, scheme=scheme, per="sample")
        target = exact_mixup_loss(f, X, y, 1.0, scheme=scheme)
        assert abs(steps.mean() - target) < 4 * steps.std() / np.sqrt(len(steps))
