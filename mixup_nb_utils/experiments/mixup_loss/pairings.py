"""The chapter "The Mixup loss" (paper §2.5, App. B): pairing schemes and self-pairs per epoch.

What each pairing scheme does to the expected loss and its per-step spread (enumerated and simulated),
what torchvision's Mixup pairs, and how many points are paired with themselves in an epoch.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ...config import MixupLossSettings
from ...mixup.estimates import step_losses
from ...mixup.libraries import torchvision_pairing
from ...mixup.pairing import SCHEMES, epoch_partners
from ...theory.exact_loss import pair_loss_matrix, pair_probabilities
from .routes import ToyProblem


# ------------------------------------------------------------------ pairings and λ per batch or per sample

def sd_with_se(samples: np.ndarray) -> tuple[float, float]:
    """Sample standard deviation s of i.i.d. draws and its standard error by the delta method,
    se(s) ≈ √((μ₄ - s⁴)/n) / (2 s), with μ₄ the sample fourth central moment."""
    x = np.asarray(samples, dtype=float)
    if x.ndim != 1 or len(x) < 3:
        raise ValueError(f"sd_with_se needs a 1-D array of at least 3 draws, got shape {x.shape}.")
    s = float(x.std(ddof=1))
    mu4 = float(np.mean((x - x.mean()) ** 4))
    se = float(np.sqrt(max(mu4 - s**4, 0.0) / len(x)) / (2 * s)) if s > 0 else 0.0
    return s, se


@dataclass(frozen=True)
class PairingRow:
    """One pairing scheme with λ drawn per batch or per sample: exact expectation, simulated mean ± s.e.,
    standard deviation of the loss per step ± s.e."""

    scheme: str
    per: str
    expected: float
    mean: float
    se: float
    sd: float
    sd_se: float


@dataclass(frozen=True)
class EnumeratedExpectations:
    """Expected loss per step by enumerating every permutation (and every shuffle for the roll pairing),
    and the roll closed form (m² J_mix - Σ_i L_ii) / (m(m - 1))."""

    permutation: float
    roll: float
    roll_formula: float


@dataclass(frozen=True)
class PairingComparison:
    rows: tuple[PairingRow, ...]
    enumerated: EnumeratedExpectations
    steps: int

    def row(self, scheme: str, per: str) -> PairingRow:
        found = [r for r in self.rows if r.scheme == scheme and r.per == per]
        if not found:
            raise ValueError(f"no row for pairing {scheme!r} with λ per {per!r}; schemes: {SCHEMES}.")
        return found[0]

    def sd_ratio(self, a: tuple[str, str], b: tuple[str, str]) -> tuple[float, float]:
        """sd(a) / sd(b) and its standard error (independent simulations)."""
        ra, rb = self.row(*a), self.row(*b)
        ratio = ra.sd / rb.sd
        return ratio, ratio * float(np.hypot(ra.sd_se / ra.sd, rb.sd_se / rb.sd))


def enumerate_pairings(L: np.ndarray) -> EnumeratedExpectations:
    """E[mean_i L[i, j(i)]] over all m! permutations j = π, and over all m! shuffles for the roll pairing
    (the shuffled order o pairs o[k] with o[k - 1]): an independent route to :func:`pair_probabilities`."""
    L = np.asarray(L, dtype=float)
    m = len(L)
    if L.shape != (m, m) or not 2 <= m <= 8:
        raise ValueError(f"enumeration needs a square matrix with 2 <= m <= 8 (m! terms), got shape {L.shape}.")
    perms = np.array(list(itertools.permutations(range(m))))
    rows = np.arange(m)
    permutation = float(L[rows[None, :], perms].mean())
    partner = np.empty_like(perms)
    np.put_along_axis(partner, perms, np.roll(perms, 1, axis=1), axis=1)
    roll = float(L[rows[None, :], partner].mean())
    roll_formula = float((L.sum() - np.trace(L)) / (m * (m - 1)))
    return EnumeratedExpectations(permutation, roll, roll_formula)


def pairing_comparison(problem: ToyProblem, settings: MixupLossSettings, rng: np.random.Generator) -> PairingComparison:
    """For each pairing (i.i.d., permutation, roll) and λ per batch or per sample: the exact expected loss
    Σ P(i, j) L_ij, and ``settings.spread_steps`` simulated full-data steps (mean and spread)."""
    p = problem
    L = pair_loss_matrix(p.log_prob, p.X, p.y, p.mixing, nodes=settings.quadrature_nodes)
    rows = []
    for scheme in SCHEMES:
        expected = float((pair_probabilities(p.m, scheme) * L).sum())
        for per in ("batch", "sample"):
            s = step_losses(p.net, p.X, p.y, p.mixing, settings.spread_steps, rng, scheme=scheme, per=per)
            sd, sd_se = sd_with_se(s)
            rows.append(PairingRow(scheme, per, expected, float(s.mean()), float(sd / np.sqrt(len(s))), sd, sd_se))
    return PairingComparison(tuple(rows), enumerate_pairings(L), settings.spread_steps)


@dataclass(frozen=True)
class TorchvisionMixup:
    """Partners (batches, n) and λ (batches, n) read off torchvision's MixUp, one batch per seed."""

    seeds: tuple[int, ...]
    partners: np.ndarray
    lam: np.ndarray

    @property
    def neighbour(self) -> bool:
        """Row i is paired with row i - 1 in every batch."""
        n = self.partners.shape[1]
        return bool(np.all(self.partners == np.roll(np.arange(n), 1)[None, :]))

    @property
    def self_pairs(self) -> int:
        return int(np.sum(self.partners == np.arange(self.partners.shape[1])[None, :]))

    @property
    def one_lambda_per_batch(self) -> bool:
        return bool(np.all(self.lam == self.lam[:, :1]))

    @property
    def distinct_lambdas(self) -> int:
        return len(np.unique(self.lam[:, 0]))


def torchvision_mixup(batch_size: int, alpha: float, seeds: Sequence[int]) -> TorchvisionMixup:
    """:func:`mixup.libraries.torchvision_pairing` on one batch per seed."""
    runs = [torchvision_pairing(batch_size=batch_size, alpha=alpha, seed=int(s)) for s in seeds]
    return TorchvisionMixup(tuple(int(s) for s in seeds), np.stack([r[0] for r in runs]),
                            np.stack([r[1] for r in runs]))


# ------------------------------------------------------------------ self-pairs per epoch

@dataclass(frozen=True)
class SelfPairCount:
    """Self-pairs per epoch of m points (batch_size None: one batch of all m), simulated and closed form."""

    m: int
    scheme: str
    batch_size: int | None
    epochs: int
    mean: float
    var: float
    formula_mean: float
    formula_var: float

    @property
    def mean_se(self) -> float:
        """Standard error of the simulated mean under the closed-form variance."""
        return float(np.sqrt(self.formula_var / self.epochs))


@dataclass(frozen=True)
class EpochCounts:
    rows: tuple[SelfPairCount, ...]

    def find(self, m: int, scheme: str, batch_size: int | None = None) -> SelfPairCount:
        for r in self.rows:
            if r.m == m and r.scheme == scheme and r.batch_size == batch_size:
                return r
        raise ValueError(f"no simulated count for m={m}, scheme={scheme!r}, batch_size={batch_size}.")


def _count(m: int, scheme: str, batch_size: int | None, epochs: int, rng: np.random.Generator) -> tuple:
    c = np.array([np.sum(epoch_partners(m, rng, scheme, batch_size=batch_size) == np.arange(m))
                  for _ in range(epochs)])
    return float(c.mean()), float(c.var(ddof=1))


def self_pair_counts(settings: MixupLossSettings, rng: np.random.Generator, batched_m: int = 1000,
                     batch_size: int = 100) -> EpochCounts:
    """Unmixed points (self-pairs) in an epoch: i.i.d. partners give mean 1, variance 1 - 1/m (binomial);
    a permutation has mean and variance 1 (fixed points); the roll pairing 0; pairing inside batches of B
    gives m/B (variance (m/B)(1 - 1/B) i.i.d., m/B by permutation). Simulated with the package's sampler."""
    rows = []
    for m in settings.epoch_sizes:
        for scheme in SCHEMES:
            if scheme == "roll" and m < 2:
                continue
            formula = {"iid": (1.0, 1 - 1 / m), "permutation": (1.0, 1.0), "roll": (0.0, 0.0)}[scheme]
            n = settings.epochs_simulated
            rows.append(SelfPairCount(int(m), scheme, None, n, *_count(m, scheme, None, n, rng), *formula))
    n = settings.epochs_simulated // 10
    for scheme in ("iid", "permutation"):
        var = (batched_m / batch_size) * ((1 - 1 / batch_size) if scheme == "iid" else 1.0)
        rows.append(SelfPairCount(batched_m, scheme, batch_size, n, *_count(batched_m, scheme, batch_size, n, rng),
                                  batched_m / batch_size, var))
    return EpochCounts(tuple(rows))
