"""Config, device, seeding, validation, datasets, models and the claims table."""

import numpy as np
import pytest
import torch

from mixup_nb_utils import config
from mixup_nb_utils.datasets import alternating_line, cross_dataset
from mixup_nb_utils.device import get_device, make_generators
from mixup_nb_utils.models import fixed_mlp, numpy_log_prob
from mixup_nb_utils.report import Claim, claims_markdown, verdict
from mixup_nb_utils.validation import check_labels, check_points, check_positive


def test_scale_switch(monkeypatch):
    monkeypatch.delenv("MIXUP_SCALE", raising=False)
    assert config.current_scale() == "default"
    d = config.chapter_settings("mixup_loss")
    monkeypatch.setenv("MIXUP_SCALE", "paper")
    p = config.chapter_settings("mixup_loss")
    assert p.scale == "paper" and d.scale == "default"
    assert p.mc_samples > d.mc_samples and p.seed == d.seed
    monkeypatch.setenv("MIXUP_SCALE", "huge")
    with pytest.raises(ValueError, match="MIXUP_SCALE"):
        config.current_scale()
    with pytest.raises(ValueError, match="no settings"):
        config.chapter_settings("nonexistent", scale="default")


def test_every_chapter_has_default_settings():
    for name, table in config.chapters().items():
        assert "default" in table and "seed" in table["default"], name
        assert set(table) <= set(config.SCALES), name


def test_device_choice(monkeypatch):
    monkeypatch.delenv("MIXUP_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert get_device().type == expected
    assert get_device("cpu").type == "cpu"
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            get_device("cuda")


def test_generators_are_reproducible_and_independent():
    a, b, c = make_generators(7), make_generators(7), make_generators(8)
    assert np.array_equal(a.numpy.random(5), b.numpy.random(5))
    assert torch.equal(torch.rand(5, generator=a.torch), torch.rand(5, generator=b.torch))
    assert not np.array_equal(make_generators(7).numpy.random(5), c.numpy.random(5))
    for bad in (-1, 1.5, "3", True):
        with pytest.raises(ValueError, match="seed"):
            make_generators(bad)


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


def test_datasets():
    X, y = alternating_line(3)
    assert X[:, 0].tolist() == [0.0, 1.0, 2.0] and y.tolist() == [0, 1, 0]
    X, y = alternating_line(10, 10)
    assert y.tolist() == list(range(10))
    Xc, yc = cross_dataset()
    assert Xc.shape == (4, 2) and yc.tolist() == [0, 0, 1, 1]
    with pytest.raises(ValueError):
        alternating_line(0)


def test_fixed_model_is_deterministic_and_normalised():
    f = numpy_log_prob(fixed_mlp(2, 8, 3, seed=3))
    g = numpy_log_prob(fixed_mlp(2, 8, 3, seed=3))
    pts = np.random.default_rng(0).normal(size=(10, 2))
    np.testing.assert_array_equal(f(pts), g(pts))
    np.testing.assert_allclose(np.exp(f(pts)).sum(axis=1), 1.0)


def test_claims_table():
    md = claims_markdown([Claim("a | b", "1", "2", verdict=verdict(False))])
    assert "a \\| b" in md and "**refuted**" in md
    with pytest.raises(ValueError, match="verdict"):
        Claim("x", "1", "1", verdict="maybe")


def test_limited_cpu_threads_restores_the_setting():
    from mixup_nb_utils.device import limited_cpu_threads

    before = torch.get_num_threads()
    with limited_cpu_threads(torch.device("cpu"), 1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    with limited_cpu_threads(torch.device("cpu"), None):
        assert torch.get_num_threads() == before
    with pytest.raises(ValueError, match="positive integer"):
        with limited_cpu_threads(torch.device("cpu"), 0):
            pass
