import pytest
import torch


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny convolutions: one torch thread is fastest, and two fight other processes on a shared CPU."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
