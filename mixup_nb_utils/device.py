"""Device choice and seeded random generators.

All randomness in the book flows from one integer seed per experiment: :func:`make_generators`
derives an independent numpy stream and an independent torch stream from it with
``numpy.random.SeedSequence``, so running a chapter twice prints the same numbers.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import Iterator

import numpy as np
import torch


def get_device(prefer: str | None = None) -> torch.device:
    """The device to train on: ``prefer`` if given, else ``$MIXUP_DEVICE``, else CUDA when present, else CPU."""
    choice = prefer or os.environ.get("MIXUP_DEVICE")
    if choice:
        dev = torch.device(choice)
        if dev.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device {choice!r} was asked for but CUDA is not available here; "
                             f"use 'cpu' or unset MIXUP_DEVICE.")
        return dev
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@dataclass(frozen=True)
class Generators:
    """A numpy generator and a torch generator derived from one seed."""

    seed: int
    numpy: np.random.Generator
    torch: torch.Generator


def make_generators(seed: int, device: torch.device | str | None = None) -> Generators:
    """Independent numpy and torch generators derived from ``seed`` (torch's lives on ``device``)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}.")
    np_seq, torch_seq = np.random.SeedSequence(int(seed)).spawn(2)
    dev = torch.device(device) if device is not None else torch.device("cpu")
    gen = torch.Generator(device=dev)
    gen.manual_seed(int(torch_seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)))
    return Generators(seed=int(seed), numpy=np.random.default_rng(np_seq), torch=gen)


@contextlib.contextmanager
def limited_cpu_threads(device: torch.device, threads: int | None, flush_denormal: bool = False) -> Iterator[None]:
    """Limit torch's intra-op threads while working on the CPU, restoring the setting afterwards.

    The tensors of the book's small problems are tiny: splitting each operation over threads costs
    more than it saves, and on a shared machine it makes every process wait for the others.
    ``flush_denormal`` also flushes subnormal floats to zero meanwhile (torch has no getter for that
    flag, so it is switched off again on exit). Nothing changes on a GPU or when ``threads`` is None.
    """
    if torch.device(device).type != "cpu" or threads is None:
        yield
        return
    if isinstance(threads, bool) or int(threads) < 1:
        raise ValueError(f"cpu threads must be a positive integer or None, got {threads!r}.")
    before = torch.get_num_threads()
    torch.set_num_threads(int(threads))
    if flush_denormal:
        torch.set_flush_denormal(True)
    try:
        yield
    finally:
        torch.set_num_threads(before)
        if flush_denormal:
            torch.set_flush_denormal(False)
