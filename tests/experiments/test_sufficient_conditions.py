"""Tests of mixup_nb_utils.experiments.sufficient_conditions on tiny data (seconds)."""

import dataclasses

import numpy as np
import pytest
import torch

from mixup_nb_utils.config import chapter_settings
from mixup_nb_utils.experiments import sufficient_conditions as sc
from mixup_nb_utils.training.images import ErrorCurves

SETTINGS = dataclasses.replace(chapter_settings("sufficient_conditions", "default"), table2_repeats=3,
                               eps_grid=(0.5, 1.0, 2.0), alphas=(1.0, 32.0), width=2, epochs=2, runs=1)


def _tiny(n_train=45, n_test=24, seed=0) -> sc.ImageData:
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n_train + n_test, 1, 4, 4, generator=g)
    y = torch.arange(n_train + n_test) % 3
    X = X + y[:, None, None, None].float()            # classes apart, but not separated
    return sc.ImageData("tiny", X[:n_train], y[:n_train], X[n_train:], y[n_train:])


def test_digits_split_is_seeded_disjoint_and_complete():
    a, b = sc.load_data("digits", SETTINGS), sc.load_data("digits", SETTINGS)
    assert len(a.X_train) + len(a.X_test) == 1797 and len(a.X_test) == round(0.3 * 1797)
    assert torch.equal(a.X_train, b.X_train) and a.num_classes == 10
    rows = {tuple(r) for r in a.flat("train")[0].round(6)} & {tuple(r) for r in a.flat("test")[0].round(6)}
    assert len(rows) < 20          # a few digits of scikit-learn's set are exact duplicates, no more
    with pytest.raises(ValueError, match="split"):
        a.flat("validation")


def test_missing_dataset_is_reported_and_digits_stand_in(tmp_path):
    s = dataclasses.replace(SETTINGS, datasets=("MNIST",), data_root=str(tmp_path))
    got = sc.available_data(s)
    assert "MNIST" in got.missing and "digits" in got.loaded


def test_digits_are_standardised_with_training_statistics_only():
    d = sc.load_data("digits", SETTINGS)
    Xtr, Xte = d.flat("train")[0], d.flat("test")[0]
    assert abs(Xtr.mean()) < 1e-6 and Xtr.std(ddof=1) == pytest.approx(1.0, abs=1e-6)
    assert abs(Xte.mean()) > 1e-4                     # the test split's own statistics were not used


def test_conflict_report_orders_the_estimates():
    rep = sc.conflicts(_tiny(), SETTINGS, full=True)
    assert rep.train_segment.minimum <= rep.train_midpoint.minimum
    assert rep.train_whole.minimum <= rep.train_segment.minimum
    np.testing.assert_array_equal(rep.train_whole.other.distance, rep.train_segment.distance)
    assert np.all(rep.sampled_minimum("train") >= rep.train_segment.minimum - 1e-9)
    assert np.all(rep.bias("train") >= -1e-9) and np.all(rep.bias("test") >= -1e-9)
    assert len(rep.exact_sub) == len(rep.sampled) == 3
    assert len(sc.table2_rows(rep)) == 10
    assert sc.conflicts(_tiny(), SETTINGS, full=False).train_midpoint is None


def test_counterexample_errs_inside_the_other_class_distance_and_not_below_the_safe_radius():
    c = sc.counterexample([0.01, 0.5, 0.8, 0.95], [1.0, 1024.0])
    assert c.distances.other.distance[0] == pytest.approx(1.0)
    assert c.x0_misclassified[0, 2] and not c.x0_misclassified[1].any()
    assert c.safe_radius > 0.01 and c.error.error_rate[:, 0].max() == 0


def test_onsets_refine_the_grid_bracket_over_all_points():
    data = _tiny()
    s = dataclasses.replace(SETTINGS, eps_grid=(0.2, 0.5, 1.0, 1.5, 2.0, 3.0))
    h = sc.optimal_error(data, s)
    on = sc.error_onsets(data, s, h, resolution=1e-2, nodes=4)
    for a in range(len(h.alphas)):
        if np.isnan(on.eps_fit[a]):
            continue
        assert on.eps_error[a] - on.eps_fit[a] <= 1e-2 + 1e-12 and len(on.misclassified[a])
        X, y = data.flat("train")
        from mixup_nb_utils.theory.optimal_error import optimal_training_error
        check = optimal_training_error(X, y, [on.eps_fit[a], on.eps_error[a]], [h.alphas[a]])
        assert check.error_rate[0, 0] == 0 and check.error_rate[0, 1] > 0


def test_fit_speed_reads_the_mean_curve():
    curves = ErrorCurves.from_runs(["ERM", "Mixup α=1024"], [np.array([[0.5, 0.0, 0.0]]),
                                                            np.array([[0.5, 0.2, 0.05], [0.5, 0.2, 0.03]])], 3)
    speed = sc.fit_speed(curves, 0.01)
    assert speed.of("ERM")[0] == 2 and np.isnan(speed.of("Mixup α=1024")[0])
    assert speed.of("Mixup α=1024")[1] == pytest.approx(0.04)
    assert speed.of("Mixup α=1024")[2] == pytest.approx(np.std([0.05, 0.03], ddof=1))


def _claims(mixup_final: float):
    data = _tiny()
    small = sc.small_examples([1e-3, 0.3], [1.0, 1024.0])
    rep = sc.conflicts(data, SETTINGS, full=True)
    h = sc.optimal_error(data, SETTINGS)
    tiny = sc.tiny_eps_check(small, data, SETTINGS)
    counter = sc.counterexample([0.01, 0.8], [1.0])
    onsets = sc.error_onsets(data, SETTINGS, h, resolution=0.1, nodes=4)
    labels = ["ERM", "Mixup α=1", "Mixup α=32", "Mixup α=1024"]
    runs = [np.array([[0.3, 0.0]] * 2), np.array([[0.3, 0.0]] * 2), np.array([[0.3, 0.0]] * 2),
            np.array([[0.3, mixup_final]] * 2)]
    curves = ErrorCurves.from_runs(labels, runs, 2)
    return {c.claim.split(":")[0]: c for c in sc.claims(small, rep, h, sc.fit_speed(curves, 0.01), curves, tiny,
                                                          counter, onsets)}


def test_claims_follow_the_evidence():
    good, bad = _claims(0.0), _claims(0.2)
    assert good["Figure 2"].verdict == "confirmed" and bad["Figure 2"].verdict == "refuted"
    assert bad["Figure 9"].verdict == "confirmed"          # the other α are clearly closer to ERM
    assert good["Figure 9"].verdict == "undecided"         # all equal: "strictly closer" cannot be decided
    assert good["Prop. 2.8"].verdict == "confirmed"
    row = next(v for k, v in good.items() if k.startswith("A fitting radius"))
    assert row.verdict == "confirmed"                      # the counterexample errs inside its other-class distance
    row = next(v for k, v in good.items() if k.startswith("Assumption 2.9 holds"))
    assert row.verdict in ("confirmed", "refuted") and "whole set" in row.book


def test_training_curves_on_tiny_images():
    curves = sc.training_curves(_tiny(30, 6), SETTINGS)
    assert curves.labels == ("ERM", "Mixup α=1", "Mixup α=32") and curves.mean.shape == (3, 2)
    assert np.all((curves.mean >= 0) & (curves.mean <= 1))
