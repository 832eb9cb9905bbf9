"""train_ensemble caps the epochs drawn at once by CHUNK_ELEMENTS (memory); with deterministic batches
(ERM, FixedMixtures) the results change by float rounding at most."""

from __future__ import annotations

import numpy as np

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.training import ensemble
from mixup_nb_utils.training.ensemble import Member, train_ensemble
from mixup_nb_utils.training.samplers import FixedMixtures


def test_smaller_chunks_give_the_same_training(monkeypatch):
    X, y = alternating_line(6)
    members = [Member(FixedMixtures.midpoints(6), seed=s) for s in (1, 2, 3)]
    whole = train_ensemble(X, y, members, epochs=60, hidden=16, record_every=10)
    monkeypatch.setattr(ensemble, "CHUNK_ELEMENTS", 3 * 15 * 2 * 7)  # 7 epochs per chunk here (15 midpoints)
    chunked = train_ensemble(X, y, members, epochs=60, hidden=16, record_every=10)
    np.testing.assert_array_equal(whole.errors, chunked.errors)
    np.testing.assert_allclose(whole.probs, chunked.probs, rtol=1e-5, atol=1e-7)


def test_midpoint_training_draws_small_chunks(monkeypatch):
    """The digits run of the midpoints chapter (1225 midpoints, 64-D) no longer mixes 600 epochs at once."""
    seen = []
    original = FixedMixtures.sample

    def spy(self, m, epochs, rng):
        seen.append(int(epochs))
        return original(self, m, epochs, rng)

    monkeypatch.setattr(FixedMixtures, "sample", spy)
    X = np.random.default_rng(0).normal(size=(50, 64))
    y = np.arange(50) % 10
    train_ensemble(X, y, [Member(FixedMixtures.midpoints(50), seed=s) for s in range(5)], epochs=600, hidden=8,
                   record_every=600)
    assert max(seen) * 5 * 1225 * 64 <= ensemble.CHUNK_ELEMENTS and sum(seen) == 5 * 600  # 5 members
