"""What each member of an ensemble trains on: samplers of training batches (paper §2.1, §2.3).

A :class:`Sampler` draws, for each step, index arrays ``first`` (a) and ``second`` (c), weights λ and
w: the step's loss is Σ_b w_b [λ_b CE(g(x̃_b), y_{a_b}) + (1 - λ_b) CE(g(x̃_b), y_{c_b})] / Σ_b w_b with
x̃_b = λ_b x_{a_b} + (1 - λ_b) x_{c_b}. A later chapter can add its own by subclassing :class:`Sampler`.

- :class:`ERM`            a = c = the points of the batch, λ = 1;
- :class:`Mixup`          partners by a pairing ``scheme`` of :mod:`mixup_nb_utils.mixup.pairing`
                           (``"iid"``: uniform with replacement, the paper's definition),
                           λ ~ P_f once per batch (the authors' code) or once per pair;
- :class:`FixedMixtures`  the same given mixtures (a, c, λ) every epoch, e.g. only the λ = 1/2
                           midpoints of distinct pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..mixup.mixing import MixingSpec, as_mixing
from ..mixup.pairing import SCHEMES, sample_lambdas, sample_partners


@dataclass(frozen=True)
class Batches:
    """Training batches for a number of steps: index arrays a, c, weights λ and w, each (steps, n)."""

    first: np.ndarray
    second: np.ndarray
    lam: np.ndarray
    weight: np.ndarray

    @property
    def steps(self) -> int:
        return int(self.first.shape[0])


class Sampler:
    """Draws the batches of a number of epochs for a dataset of m points from ``rng``.

    Subclasses implement :meth:`epoch` (one epoch: a list of batches, each a tuple of index arrays
    ``first``, ``second`` and weights ``lam``, ``weight``), :meth:`width` (the padded width of a
    batch) and, for minibatches, :meth:`steps_per_epoch`. Every batch is one optimisation step.
    """

    label: str = "sampler"

    def epoch(self, m: int, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        raise NotImplementedError

    def width(self, m: int) -> int:
        raise NotImplementedError

    def steps_per_epoch(self, m: int) -> int:
        return 1

    def sample(self, m: int, epochs: int, rng: np.random.Generator) -> Batches:
        """The batches of ``epochs`` epochs, padded to a common width with weight 0."""
        width = self.width(m)
        rows = [b for _ in range(int(epochs)) for b in self.epoch(m, rng)]
        out = [np.zeros((len(rows), width), dtype=dt) for dt in (np.int64, np.int64, float, float)]
        for r, batch in enumerate(rows):
            n = len(batch[0])
            for arr, part in zip(out, batch):
                arr[r, :n] = part
        return Batches(*out)


def _batches_of(m: int, batch_size: int | None, rng: np.random.Generator) -> list[np.ndarray]:
    if batch_size is None or int(batch_size) >= m:
        return [np.arange(m)]
    order = rng.permutation(m)
    return [order[s:s + int(batch_size)] for s in range(0, m, int(batch_size))]


def _check_batch_size(batch_size: int | None) -> None:
    if batch_size is not None and (isinstance(batch_size, bool) or int(batch_size) < 1):
        raise ValueError(f"batch_size must be a positive integer or None (full batch), got {batch_size!r}.")


@dataclass(frozen=True)
class ERM(Sampler):
    """Plain empirical risk: each batch is its points, unmixed (λ = 1). ``batch_size=None``: full batch."""

    batch_size: int | None = None
    label: str = "ERM"

    def __post_init__(self) -> None:
        _check_batch_size(self.batch_size)

    def width(self, m):
        return m if self.batch_size is None else min(int(self.batch_size), m)

    def steps_per_epoch(self, m):
        return -(-m // self.width(m))

    def epoch(self, m, rng):
        return [(b, b, np.ones(len(b)), np.ones(len(b))) for b in _batches_of(m, self.batch_size, rng)]

    def sample(self, m, epochs, rng):
        if self.batch_size is not None and int(self.batch_size) < m:
            return super().sample(m, epochs, rng)
        idx = np.tile(np.arange(m), (int(epochs), 1))
        ones = np.ones((int(epochs), m))
        return Batches(idx, idx, ones, ones)


@dataclass(frozen=True)
class Mixup(Sampler):
    """Mixup batches: every point of a batch is mixed with a partner from the same batch.

    ``scheme``: pairing of :func:`mixup_nb_utils.mixup.pairing.sample_partners` (``"iid"`` = uniform with
    replacement, self included: the paper's definition and the authors' code). ``lam_per``:
    ``"batch"`` draws one λ ~ P_f per batch (the authors' code), ``"sample"`` one per pair (the
    expectation J_mix, estimated with less variance). ``batch_size=None``: full batch.
    """

    mixing: MixingSpec = 1.0
    scheme: str = "iid"
    lam_per: str = "batch"
    batch_size: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        dist = as_mixing(self.mixing)
        if self.scheme not in SCHEMES:
            raise ValueError(f"unknown pairing scheme {self.scheme!r}; choose one of {SCHEMES}.")
        if self.lam_per not in ("batch", "sample"):
            raise ValueError(f"lam_per must be 'batch' or 'sample', got {self.lam_per!r}.")
        _check_batch_size(self.batch_size)
        if not self.label:
            object.__setattr__(self, "label", f"Mixup {dist.name}")

    def width(self, m):
        return m if self.batch_size is None else min(int(self.batch_size), m)

    def steps_per_epoch(self, m):
        return -(-m // self.width(m))

    def epoch(self, m, rng):
        out = []
        dist = as_mixing(self.mixing)
        for b in _batches_of(m, self.batch_size, rng):
            scheme = self.scheme if (self.scheme != "roll" or len(b) > 1) else "iid"
            partners = b[sample_partners(len(b), rng, scheme)]
            lam = sample_lambdas(dist, len(b), rng, self.lam_per)
            out.append((b, partners, lam, np.ones(len(b))))
        return out

    def sample(self, m, epochs, rng):
        """Full batch with ``scheme="iid"``: all partners of the chunk, then all λ, in one draw each."""
        if self.scheme != "iid" or (self.batch_size is not None and int(self.batch_size) < m):
            return super().sample(m, epochs, rng)
        E = int(epochs)
        dist = as_mixing(self.mixing)
        partners = rng.integers(0, m, size=(E, m))
        if self.lam_per == "batch":
            lam = np.repeat(np.asarray(dist.sample(E, rng), dtype=float)[:, None], m, axis=1)
        else:
            lam = np.asarray(dist.sample((E, m), rng), dtype=float)
        return Batches(np.tile(np.arange(m), (E, 1)), partners, lam, np.ones((E, m)))


@dataclass(frozen=True)
class FixedMixtures(Sampler):
    """The same mixtures every epoch (one full batch): x̃_b = λ_b x_{first_b} + (1 - λ_b) x_{second_b}.

    Example: ``FixedMixtures.midpoints(m)`` trains on the λ = 1/2 midpoints of all distinct pairs.
    """

    first: tuple = ()
    second: tuple = ()
    lam: tuple = ()
    weight: tuple | None = None
    label: str = "fixed mixtures"

    def __post_init__(self) -> None:
        n = len(self.first)
        if n == 0 or len(self.second) != n or len(self.lam) != n or (self.weight is not None and len(self.weight) != n):
            raise ValueError("first, second and lam (and weight, if given) must be non-empty and of equal length.")
        lam = np.asarray(self.lam, dtype=float)
        if not np.all(np.isfinite(lam)) or lam.min() < 0 or lam.max() > 1:
            raise ValueError("every λ of FixedMixtures must lie in [0, 1].")
        if self.weight is not None and (np.min(self.weight) < 0 or not np.isfinite(self.weight).all()):
            raise ValueError("the weights of FixedMixtures must be finite and >= 0.")

    @classmethod
    def midpoints(cls, m: int, include_self: bool = False) -> "FixedMixtures":
        """λ = 1/2 midpoints of all unordered pairs i < j (with i = j too when ``include_self``)."""
        i, j = np.triu_indices(int(m), k=0 if include_self else 1)
        return cls(tuple(i.tolist()), tuple(j.tolist()), (0.5,) * len(i), label="midpoints")

    def width(self, m):
        idx = np.concatenate([np.asarray(self.first), np.asarray(self.second)])
        if idx.min() < 0 or idx.max() >= m:
            raise ValueError(f"FixedMixtures indexes points outside 0..{m - 1}.")
        return len(self.first)

    def epoch(self, m, rng):
        w = np.ones(len(self.first)) if self.weight is None else np.asarray(self.weight, dtype=float)
        return [(np.asarray(self.first), np.asarray(self.second), np.asarray(self.lam, dtype=float), w)]
