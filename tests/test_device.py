"""Tests of mixup_nb_utils.device: device choice, seeded generators, CPU-thread limits."""

import numpy as np
import pytest
import torch

from mixup_nb_utils.device import get_device, make_generators


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
