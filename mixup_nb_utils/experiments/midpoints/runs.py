"""The chapter "Midpoints" (paper §2.5, Theorem 2.11, App. C.2): every run the chapter shows, as functions of its settings.

The exact algebra is :mod:`mixup_nb_utils.theory.midpoints`, the floating-point recovery
:mod:`mixup_nb_utils.theory.recovery`, the training :mod:`mixup_nb_utils.training.ensemble`; this module
loops over the chapter's m, dimensions, pairings and seeds and returns dataclasses. Each run draws from its
own generator, ``make_generators(settings.seed + offset)``. The "Claims checked" rows are built from these
results in :mod:`mixup_nb_utils.experiments.midpoints.claim_rows`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from math import comb, factorial
from typing import Sequence

import numpy as np

from ...config import MidpointsSettings
from ...data.images import digits
from ...data.synthetic import alternating_line
from ...device import make_generators
from ...mixup.pairing import epoch_partners
from ...theory import midpoints as mp
from ...theory.recovery import AmbiguousMidpointsError, match_points, recover_multiset_1d, recover_points
from ...training.ensemble import Member, train_ensemble
from ...training.samplers import ERM, FixedMixtures


# ----------------------------------------------------------------------------- original points per epoch

@dataclass(frozen=True)
class SelfPairCount:
    """Original points (self-pairs) per simulated epoch under one pairing scheme, beside the closed forms.

    ``counts[e]``: self-pairs in epoch e; ``mean``, ``variance``, ``p_none``: the closed forms of the
    count's mean, variance and P(no original point)."""

    scheme: str
    batch: int | None
    m: int
    counts: np.ndarray
    mean: float
    variance: float
    p_none: float

    @property
    def name(self) -> str:
        return self.scheme + (f", batches of {self.batch}" if self.batch else "")

    @property
    def mean_se(self) -> float:
        """Standard error of the simulated mean under the closed-form variance."""
        return float(np.sqrt(self.variance / len(self.counts)))

    @property
    def p_none_se(self) -> float:
        """Standard error of the simulated P(no original point) under the closed form."""
        return float(np.sqrt(self.p_none * (1 - self.p_none) / len(self.counts)))


def self_pair_counts(settings: MidpointsSettings) -> tuple[SelfPairCount, ...]:
    """``count_epochs`` epochs of ``count_m`` points per scheme: i.i.d. partners (the paper's J_mix:
    Binomial(m, 1/m)), one random permutation (fixed points: mean 1, variance 1, P(0) = Σ_k≤m (-1)^k/k!),
    rolling a shuffled batch (none), and i.i.d. partners inside batches of ``count_batch`` (Binomial(m, 1/B))."""
    m, B = settings.count_m, settings.count_batch
    rng = make_generators(settings.seed).numpy
    forms = (("iid", None, 1.0, 1 - 1 / m, (1 - 1 / m) ** m),
             ("permutation", None, 1.0, 1.0, sum((-1) ** k / factorial(k) for k in range(m + 1))),
             ("roll", None, 0.0, 0.0, 1.0),
             ("iid", B, m / B, m / B * (1 - 1 / B), (1 - 1 / B) ** m))
    out = []
    for scheme, batch, mean, var, p0 in forms:
        counts = np.array([np.sum(epoch_partners(m, rng, scheme, batch_size=batch) == np.arange(m))
                           for _ in range(settings.count_epochs)])
        out.append(SelfPairCount(scheme, batch, int(m), counts, mean, var, p0))
    return tuple(out)


# ----------------------------------------------------------------------------- Lemma C.2, Claim 2

@dataclass(frozen=True)
class LemmaSearches:
    """:func:`~mixup_nb_utils.theory.midpoints.lemma_c2_search` for each m, and the seconds they took."""

    searches: tuple[mp.LemmaSearch, ...]
    seconds: float

    @property
    def failing(self) -> list[int]:
        """The m for which Lemma C.2 fails (a non-permutation M exists)."""
        return [s.m for s in self.searches if not s.lemma_holds]

    def holds_for_all(self, above: int) -> bool:
        """Whether the lemma holds for every searched m > ``above``."""
        return all(s.lemma_holds for s in self.searches if s.m > above)


def lemma_c2_searches(settings: MidpointsSettings) -> LemmaSearches:
    """The exhaustive Lemma C.2 search for every m of ``lemma_ms``."""
    t0 = time.perf_counter()
    found = tuple(mp.lemma_c2_search(m) for m in settings.lemma_ms)
    return LemmaSearches(found, time.perf_counter() - t0)


def claim2_sweeps(settings: MidpointsSettings) -> tuple[mp.Claim2Sweep, ...]:
    """Claim 2 over every admissible deleted set for m = 3..``claim2_formula_max_m``, exact ranks up to
    ``claim2_exact_max_m`` and the bipartite-component formula beyond."""
    return tuple(mp.claim2_sweep(m, exact=m <= settings.claim2_exact_max_m)
                 for m in range(3, settings.claim2_formula_max_m + 1))


# ----------------------------------------------------------------------------- sets that share their sums

@dataclass(frozen=True)
class SharedSums:
    """The reflection x ↦ Σx/2 − x of a 4-set, the doubled 8-sets a ∪ (b + t), b ∪ (a + t), and every 8-set
    :func:`~mixup_nb_utils.theory.recovery.recover_multiset_1d` finds with the sums of a.

    ``same_4``/``same_8``: exact equality of the pairwise sums (integers); ``all_exact``: every solution,
    read as fractions with denominator ≤ 4, has exactly a's sums; ``extra``: the solutions that are
    neither a nor b."""

    x4: list
    y4: list
    same_4: bool
    a8: list
    b8: list
    same_8: bool
    solutions: tuple[np.ndarray, ...]
    all_exact: bool
    extra: tuple[np.ndarray, ...]


def shared_sums(x4: Sequence[int] = (0, 2, 4, 8), shift: int = 100) -> SharedSums:
    """The chapter's example of sets with equal pairwise sums, checked in exact arithmetic."""
    x4 = list(x4)
    y4 = mp.reflected_set(x4)
    a8, b8 = mp.doubled_example(x4, y4, shift)
    sols = tuple(recover_multiset_1d(mp.pairwise_sums(a8)))
    target = mp.pairwise_sums([Fraction(v) for v in a8])
    exact = all(mp.pairwise_sums([Fraction(float(v)).limit_denominator(4) for v in s]) == target for s in sols)
    known = [np.sort(np.array(a8, dtype=float)), np.sort(np.array(b8, dtype=float))]
    extra = tuple(s for s in sols if not any(np.array_equal(s, k) for k in known))
    return SharedSums(x4, y4, mp.pairwise_sums(x4) == mp.pairwise_sums(y4), a8, b8,
                      mp.pairwise_sums(a8) == mp.pairwise_sums(b8), sols, exact, extra)


@dataclass(frozen=True)
class Ambiguity:
    """Out of ``trials`` standard-normal sets of each size m of ``ms``, how many share all their pairwise
    sums with another set (``ambiguous[k]`` for ``ms[k]``)."""

    ms: tuple[int, ...]
    trials: int
    ambiguous: tuple[int, ...]

    def of(self, m: int) -> int:
        return self.ambiguous[self.ms.index(m)]

    @property
    def others(self) -> int:
        """Ambiguous sets over every m ≠ 4."""
        return sum(k for m, k in zip(self.ms, self.ambiguous) if m != 4)


def ambiguity_counts(settings: MidpointsSettings) -> Ambiguity:
    """``uniqueness_trials`` random sets per m of ``uniqueness_ms``, each checked for a second set with its sums."""
    rng = make_generators(settings.seed + 1).numpy
    counts = tuple(sum(len(recover_multiset_1d(mp.pairwise_sums(rng.standard_normal(m)))) > 1
                       for _ in range(settings.uniqueness_trials)) for m in settings.uniqueness_ms)
    return Ambiguity(settings.uniqueness_ms, settings.uniqueness_trials, tuple(int(k) for k in counts))


# ----------------------------------------------------------------------------- recovery in floating point

@dataclass(frozen=True)
class RandomRecoveries:
    """Recovery of standard-normal points in R^n from their shuffled midpoints: the largest coordinate error
    per (n, m), and for m = 4 in R^3 the solutions found and whether one is the reflection Σx/2 − x."""

    cases: tuple[tuple[int, int, float], ...]     # (n, m, largest coordinate error after matching)
    m4_solutions: tuple[np.ndarray, ...]
    m4_reflection_found: bool

    @property
    def worst(self) -> float:
        return max(e for _, _, e in self.cases)


def shuffled_midpoints(X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The C(m, 2) midpoints of ``X`` in a random order."""
    return mp.midpoints_of(X)[rng.permutation(comb(len(X), 2))]


def random_recoveries(settings: MidpointsSettings) -> RandomRecoveries:
    """:func:`~mixup_nb_utils.theory.recovery.recover_points` for every n of ``recovery_dims`` and m of
    ``recovery_ms``, and on four points of R^3 (always ambiguous)."""
    rng = make_generators(settings.seed + 2).numpy
    cases = []
    for n in settings.recovery_dims:
        for m in settings.recovery_ms:
            X = rng.normal(size=(m, n))
            R = recover_points(shuffled_midpoints(X, rng), seed=settings.seed)
            cases.append((int(n), int(m), match_points(R, X)[1]))
    X4 = rng.normal(size=(4, 3))
    try:
        recover_points(mp.midpoints_of(X4))
        sols: tuple[np.ndarray, ...] = ()
    except AmbiguousMidpointsError as err:
        sols = tuple(err.solutions)
    reflection = X4.sum(0) / 2 - X4
    return RandomRecoveries(tuple(cases), sols, any(match_points(s, reflection)[1] < 1e-12 for s in sols))


@dataclass(frozen=True)
class RecoveryTimes:
    """Seconds of one :func:`~mixup_nb_utils.theory.recovery.recover_points` call per m (points in R^2)."""

    ms: np.ndarray
    seconds: np.ndarray
    errors: np.ndarray      # largest coordinate error of each recovery

    @property
    def slope(self) -> float:
        """The log-log slope over the three largest m (2 means time ∝ m², linear in the C(m, 2) midpoints)."""
        return float(np.polyfit(np.log(self.ms[-3:]), np.log(self.seconds[-3:]), 1)[0])


def recovery_times(settings: MidpointsSettings) -> RecoveryTimes:
    """Wall-clock time of the recovery for every m of ``timing_ms`` (they depend on the machine's load)."""
    rng = make_generators(settings.seed + 3).numpy
    secs, errs = [], []
    for m in settings.timing_ms:
        X = rng.normal(size=(m, 2))
        Y = shuffled_midpoints(X, rng)
        t0 = time.perf_counter()
        R = recover_points(Y, seed=settings.seed)
        secs.append(time.perf_counter() - t0)
        errs.append(match_points(R, X)[1])
    return RecoveryTimes(np.array(settings.timing_ms), np.array(secs), np.array(errs))


@dataclass(frozen=True)
class PrecisionCase:
    """Recovery of m points of R^2 from midpoints stored as ``dtype``: recovered or not, the largest
    coordinate error when recovered, the error's message when not."""

    m: int
    dtype: str
    recovered: bool
    error: float
    message: str


def precision_limits(settings: MidpointsSettings) -> tuple[PrecisionCase, ...]:
    """:func:`~mixup_nb_utils.theory.recovery.recover_points` on float64 or float32 midpoints for each
    (m, dtype) of ``precision_cases``: how far the method reaches before rounding of the input defeats it."""
    rng = make_generators(settings.seed + 4).numpy
    out = []
    for m, dtype in settings.precision_cases:
        X = rng.normal(size=(m, 2))
        Y = shuffled_midpoints(X, rng).astype(dtype)
        try:
            R = recover_points(Y, seed=settings.seed)
        except ValueError as err:
            out.append(PrecisionCase(int(m), str(dtype), False, float("nan"), str(err)))
        else:
            out.append(PrecisionCase(int(m), str(dtype), True, match_points(R, X)[1], ""))
    return tuple(out)


@dataclass(frozen=True)
class DigitsRecovery:
    """The first ``digits_m`` digits (8 × 8, pixels in [0, 1]), their shuffled midpoints, and the images
    recovered from those alone (put in the originals' order by :func:`match_points`)."""

    originals: np.ndarray
    shuffled: np.ndarray
    recovered: np.ndarray
    max_error: float


def digits_recovery(settings: MidpointsSettings) -> DigitsRecovery:
    """scikit-learn's digits recovered from their C(m, 2) shuffled midpoints."""
    X, _ = digits()
    m = settings.digits_m
    originals = X[:m].reshape(m, 8, 8)
    shuffled = shuffled_midpoints(originals, make_generators(settings.seed + 5).numpy)
    recovered = recover_points(shuffled, seed=settings.seed)
    order, max_error = match_points(recovered, originals)
    return DigitsRecovery(originals, shuffled, recovered[order], max_error)


# ----------------------------------------------------------------------------- training on midpoints alone

@dataclass(frozen=True)
class MidpointTraining:
    """Final training errors on the original points (one per seed) and softmax outputs (seeds, m, k)."""

    erm_errors: np.ndarray
    midpoint_errors: np.ndarray
    erm_probs: np.ndarray
    midpoint_probs: np.ndarray


def train_on_midpoints(X, y, seeds: Sequence[int], epochs: int, hidden: int = 512, lr: float = 1e-3,
                       device=None) -> MidpointTraining:
    """ERM against training on the λ = 1/2 midpoints of distinct pairs only (the α → ∞ limit of Mixup
    without self-pairs), as two vectorised ensembles with one member per seed. A seed gives the same
    initial weights in both ensembles, so each seed is a paired comparison. Full-batch Adam.
    """
    m = len(X)
    if m < 2:
        raise ValueError("training on midpoints needs at least 2 points.")
    common = dict(hidden=hidden, epochs=int(epochs), lr=lr, record_every=int(epochs), device=device)
    erm = train_ensemble(X, y, [Member(ERM(), seed=int(s)) for s in seeds], **common)
    mid = train_ensemble(X, y, [Member(FixedMixtures.midpoints(m), seed=int(s)) for s in seeds], **common)
    return MidpointTraining(erm.errors[:, -1], mid.errors[:, -1], erm.probs, mid.probs)


@dataclass(frozen=True)
class MidpointRuns:
    """:func:`train_on_midpoints` on each alternating line X_m^2 of ``line_ms`` (``lines[k]`` for
    ``line_ms[k]``) and on the first ``train_digits_m`` digits."""

    line_ms: tuple[int, ...]
    lines: tuple[MidpointTraining, ...]
    digits: MidpointTraining

    def line(self, m: int) -> MidpointTraining:
        return self.lines[self.line_ms.index(m)]


def midpoint_training(settings: MidpointsSettings) -> MidpointRuns:
    """The chapter's training runs: ``train_seeds`` seeds for ``line_epochs`` steps on the lines, and
    ``train_digits_seeds`` seeds for ``train_digits_epochs`` steps (hidden width ``train_digits_hidden``) on digits."""
    lines = tuple(train_on_midpoints(*alternating_line(m), range(settings.train_seeds), settings.line_epochs)
                  for m in settings.line_ms)
    X, y = digits()
    X_tr, y_tr = X[:settings.train_digits_m], y[:settings.train_digits_m]
    run = train_on_midpoints(X_tr, y_tr, range(settings.train_digits_seeds), settings.train_digits_epochs,
                             hidden=settings.train_digits_hidden)
    return MidpointRuns(settings.line_ms, lines, run)


__all__ = [
    "SelfPairCount", "self_pair_counts", "LemmaSearches", "lemma_c2_searches", "claim2_sweeps", "SharedSums",
    "shared_sums", "Ambiguity", "ambiguity_counts", "RandomRecoveries", "shuffled_midpoints",
    "random_recoveries", "RecoveryTimes", "recovery_times", "PrecisionCase", "precision_limits",
    "DigitsRecovery", "digits_recovery", "MidpointTraining", "train_on_midpoints", "MidpointRuns",
    "midpoint_training",
]
