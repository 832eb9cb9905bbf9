"""How the MLP ensembles train: :class:`TrainConfig`, one place for the settings every trainer shares.

It lives on the ground floor so that a chapter's settings can hand the trainer its config
(``settings.train_config()``); :mod:`mixup_nb_utils.training` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal

import numpy as np
import torch

OptimizerName = Literal["adam", "sgd"]


def check_steps(epochs: int, record_every: int) -> None:
    """``epochs`` and ``record_every`` are positive integers, or a clear error naming the one that is not."""
    for name, v in (("epochs", epochs), ("record_every", record_every)):
        if isinstance(v, bool) or int(v) != v or int(v) < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}.")


@dataclass(frozen=True)
class TrainConfig:
    """How the MLP ensembles train: one place for the settings that every trainer shares.

    ``hidden``: hidden widths (an int for one layer); ``epochs``: passes over the data (each of the
    sampler's steps per epoch is one optimizer step); ``optimizer``: "adam" or "sgd" with ``lr``,
    ``betas`` (Adam) and ``momentum`` (SGD); ``record_every``: steps between training-error records;
    ``num_classes``: k (None: 1 + the largest label); ``device``/``dtype``: where and in what precision;
    ``chunk_epochs``: epochs of batches drawn at once; ``cpu_threads``: torch threads on the CPU (None:
    leave torch's setting); ``accumulate_grads``: never zero the gradients (the authors' two moons
    Mixup loop, paper §3.1).
    """

    hidden: int | tuple[int, ...] = 512
    epochs: int = 5000
    optimizer: OptimizerName = "adam"
    lr: float = 1e-3
    betas: tuple[float, float] = (0.9, 0.999)
    momentum: float = 0.0
    record_every: int = 50
    num_classes: int | None = None
    device: torch.device | str | None = None
    dtype: torch.dtype = torch.float32
    chunk_epochs: int = 500
    cpu_threads: int | None = 1
    accumulate_grads: bool = False

    def __post_init__(self) -> None:
        if self.optimizer not in ("adam", "sgd"):
            raise ValueError(f"optimizer must be 'adam' or 'sgd', got {self.optimizer!r}.")
        if isinstance(self.chunk_epochs, bool) or int(self.chunk_epochs) < 1:
            raise ValueError(f"chunk_epochs must be a positive integer, got {self.chunk_epochs!r}.")
        check_steps(self.epochs, self.record_every)
        hidden = int(self.hidden) if isinstance(self.hidden, (int, np.integer)) else tuple(int(h) for h in self.hidden)
        object.__setattr__(self, "hidden", hidden)
        object.__setattr__(self, "epochs", int(self.epochs))
        object.__setattr__(self, "accumulate_grads", bool(self.accumulate_grads))

    def with_overrides(self, **overrides) -> "TrainConfig":
        """A copy with some fields changed; an unknown name raises an error listing the known ones."""
        unknown = set(overrides) - {f.name for f in fields(self)}
        if unknown:
            raise ValueError(f"unknown training setting(s) {sorted(unknown)}; TrainConfig has "
                             f"{[f.name for f in fields(self)]}.")
        return replace(self, **overrides)


def resolve_config(config: TrainConfig | None, overrides: dict) -> TrainConfig:
    """``config`` (default: ``TrainConfig()``) with ``overrides`` applied."""
    if config is not None and not isinstance(config, TrainConfig):
        raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}.")
    return (config or TrainConfig()).with_overrides(**overrides)
