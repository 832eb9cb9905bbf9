"""What a two-moons network is trained with: ERM or Mixup(α), and the training loop (paper §3.1, App. F).

The authors' two moons Mixup loop never zeroes its gradients (step t uses the sum of the gradients of
steps 1..t); the corrected loop zeroes them before every step. :class:`Method` names one such choice and
gives the trainer its sampler; the margin chapter trains and draws every method by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .samplers import ERM, Mixup, Sampler

CORRECTED = "corrected"
AUTHORS = "authors"
LOOPS: tuple[str, ...] = (CORRECTED, AUTHORS)
LOOP_NAMES = {CORRECTED: "corrected loop", AUTHORS: "authors' loop"}


@dataclass(frozen=True)
class Method:
    """ERM (``alpha=None``) or Mixup with P_f = Beta(α, α), and the training loop.

    ``loop="corrected"`` zeroes the gradients before every step; ``"authors"`` never zeroes them (the
    authors' two moons Mixup loop: step t uses the sum of the gradients of steps 1..t). The authors'
    ERM loop zeroes its gradients, so ERM has the corrected loop only.
    """

    alpha: float | None = None
    loop: str = CORRECTED

    def __post_init__(self) -> None:
        if self.loop not in LOOPS:
            raise ValueError(f"loop must be one of {LOOPS}, got {self.loop!r}.")
        if self.alpha is None and self.loop != CORRECTED:
            raise ValueError("the authors' ERM loop zeroes its gradients: ERM is Method(None, 'corrected').")
        if self.alpha is not None and not (np.isfinite(self.alpha) and self.alpha > 0):
            raise ValueError(f"Mixup needs α > 0, got {self.alpha!r}.")

    @property
    def name(self) -> str:
        """"ERM" or "Mixup α = 32" (without the loop)."""
        return "ERM" if self.alpha is None else f"Mixup α = {self.alpha:g}"

    @property
    def label(self) -> str:
        """The name, with ", authors' loop" for that loop."""
        return self.name + (", authors' loop" if self.loop == AUTHORS else "")

    def sampler(self) -> Sampler:
        """The trainer's sampler: :class:`ERM` or full-batch :class:`Mixup` (one λ per step, as the authors)."""
        return ERM() if self.alpha is None else Mixup(float(self.alpha))


def trained_methods(alphas: Sequence[float]) -> tuple[Method, ...]:
    """ERM, Mixup(α) with the corrected loop for each α, then Mixup(α) with the authors' loop."""
    alphas = tuple(float(a) for a in alphas)
    return ((Method(None),) + tuple(Method(a) for a in alphas) + tuple(Method(a, AUTHORS) for a in alphas))
