"""Tests of mixup_nb_utils.theory.search: the dense and searched paths, CPU and GPU, give the same ξ."""

import numpy as np
import pytest
import torch

from mixup_nb_utils.theory import search
from mixup_nb_utils.theory.optimal import xi_limit, xi_matrices


from tests.helpers import labelled_points as _data  # noqa: E402


def test_dense_path_and_search_path_agree(monkeypatch):
    X, y, rng = _data(12, m=20)
    Q = np.concatenate([rng.normal(size=(120, 2)), X[:3], (X[:2] + X[2:4]) / 2])
    out = {}
    for name, limit in (("search", 0), ("dense", 10**9)):
        monkeypatch.setattr(search, "DENSE_MAX_WORK", limit)
        out[name] = (xi_matrices(X, y, Q, 0.35, 0.7, 1.9), xi_limit(X, y, Q, 0.7, 1.9))
    for u, v in zip(out["search"][0], out["dense"][0]):
        assert np.allclose(u, v, atol=1e-15)
    for u, v in zip(out["search"][1], out["dense"][1]):
        assert np.allclose(u, v, atol=1e-15)
    assert np.sum(out["dense"][1][0] == 1) >= 2            # the midpoints are found on their segments


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_gpu_search_gives_the_same_numbers():
    X, y, rng = _data(10, m=60)
    Q = rng.normal(size=(500, 2))
    cpu = xi_matrices(X, y, Q, 0.3, 2.0, 0.5, device="cpu")
    gpu = xi_matrices(X, y, Q, 0.3, 2.0, 0.5, device="cuda")
    assert np.array_equal(cpu[0], gpu[0]) and np.array_equal(cpu[1], gpu[1])
