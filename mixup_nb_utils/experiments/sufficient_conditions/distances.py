"""Assumption 2.9 on images, exactly, and the paper's Table 2 beside it (paper §2.4).

:func:`conflicts` computes, for every training and test point, the exact distance to the mixed
points of two other-class training points (λ = 1/2 and any λ: the half of Assumption 2.9 that
Table 2 samples) and to the assumption's whole set (u also in the point's own class,
:mod:`mixup_nb_utils.theory.assumption_2_9`); and the paper's sampled Table 2 procedure, repeated
on independent draws, each beside the exact values on the same subsample.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ...theory.assumption_2_9 import Assumption29Distances, assumption_2_9_distances
from ...theory.conflicts import ConflictDistances, conflict_distances
from ...theory.sampled_conflicts import Table2Estimate, table2_estimate
from .data import ImageData

#: The paper's Table 2 (train / test minimum distance, normalised pixel space), quoted as the paper's.
PAPER_TABLE_2: dict[str, tuple[float, float]] = {
    "MNIST": (11.433, 11.897), "CIFAR10": (17.716, 22.133), "CIFAR100": (12.936, 15.076)}


@dataclass(frozen=True)
class SubsampleExact:
    """Exact other-class distances on the train/test subsample of one sampled draw (λ = 1/2, any λ)."""

    train_midpoint: ConflictDistances
    train_segment: ConflictDistances
    test_midpoint: ConflictDistances
    test_segment: ConflictDistances


@dataclass(frozen=True)
class ConflictReport:
    """Exact conflict distances of one dataset and the paper's sampled estimate beside them.

    ``train_*``/``test_*``: training / test points against the training set (``None`` where the
    training set is larger than ``settings.exact_full_max``): ``midpoint`` and ``segment`` the
    other-class half (λ = 1/2, any λ), ``whole`` both halves of Assumption 2.9. ``sampled``: the
    paper's procedure, one draw per repeat (a new 20 % subsample of train and of test and a new
    epoch each time); ``exact_sub[r]``: the exact other-class values on draw r's subsample.
    """

    dataset: str
    train_midpoint: ConflictDistances | None
    train_segment: ConflictDistances | None
    test_midpoint: ConflictDistances | None
    test_segment: ConflictDistances | None
    train_whole: Assumption29Distances | None
    test_whole: Assumption29Distances | None
    sampled: tuple[Table2Estimate, ...]
    exact_sub: tuple[SubsampleExact, ...]
    seconds_exact: float
    seconds_whole: float
    seconds_sampled: float

    def sampled_minimum(self, split: str) -> np.ndarray:
        """The sampled minimum of ``split`` ("train"/"test") for each draw."""
        return np.array([getattr(t, split).minimum for t in self.sampled])

    def exact_minimum(self, split: str, mode: str = "segment") -> np.ndarray:
        """The exact other-class minimum on each draw's subsample (``mode``: "midpoint"/"segment")."""
        return np.array([getattr(e, f"{split}_{mode}").minimum for e in self.exact_sub])

    def bias(self, split: str) -> np.ndarray:
        """Sampled minimum minus the exact any-λ minimum on the same points, per draw (≥ 0)."""
        return self.sampled_minimum(split) - self.exact_minimum(split)


def _exact_on(Xtr, ytr, Xte, yte, est: Table2Estimate, k: int) -> SubsampleExact:
    Xs, ys = Xtr[est.train_indices], ytr[est.train_indices]
    Xq, yq = Xte[est.test_indices], yte[est.test_indices]
    out = [conflict_distances(Xs, ys, queries, labels, lam=mode, num_classes=k)
           for queries, labels in ((None, None), (Xq, yq)) for mode in ("midpoint", "segment")]
    return SubsampleExact(*out)


def conflicts(data: ImageData, settings, full: bool | None = None) -> ConflictReport:
    """Exact and sampled conflict distances of ``data`` (see :class:`ConflictReport`). ``full``:
    also the exact distances of every training and test point (all pairs of the training set);
    default: when the training set has at most ``settings.exact_full_max`` points."""
    full = len(data.X_train) <= settings.exact_full_max if full is None else full
    Xtr, ytr = data.flat("train")
    Xte, yte = data.flat("test")
    k = data.num_classes
    start = time.perf_counter()
    other = [None] * 4
    if full:
        other = [conflict_distances(Xtr, ytr, queries, labels, lam=mode, num_classes=k)
                 for queries, labels in ((None, None), (Xte, yte)) for mode in ("midpoint", "segment")]
    seconds_exact = time.perf_counter() - start
    start = time.perf_counter()
    whole = [None, None]
    if full:
        whole = [assumption_2_9_distances(Xtr, ytr, num_classes=k),
                 assumption_2_9_distances(Xtr, ytr, Xte, yte, num_classes=k)]
    seconds_whole = time.perf_counter() - start
    start = time.perf_counter()
    sampled = tuple(table2_estimate(Xtr, ytr, Xte, yte, fraction=settings.table2_fraction,
                                    alpha=settings.table2_alpha, batch_size=settings.table2_batch,
                                    seed=settings.seed + r) for r in range(settings.table2_repeats))
    seconds_sampled = time.perf_counter() - start
    exact_sub = tuple(_exact_on(Xtr, ytr, Xte, yte, est, k) for est in sampled)
    return ConflictReport(data.name, *other, *whole, sampled, exact_sub, seconds_exact, seconds_whole,
                          seconds_sampled)


@dataclass(frozen=True)
class Table2Row:
    """One row of the book's Table 2: a way of measuring and its train and test minimum."""

    method: str
    train: float
    test: float


def table2_rows(report: ConflictReport) -> list[Table2Row]:
    """Table 2: the sampled procedure (first draw, range over draws), exact on the same subsamples, the
    mean bias of the sampled minimum, and the exact values on all points (both halves of Assumption 2.9)."""
    n = len(report.sampled)
    e0 = report.exact_sub[0]
    rows = [Table2Row("sampled: min over a 20 % subsample against one epoch (first draw)",
                      report.sampled[0].train.minimum, report.sampled[0].test.minimum),
            Table2Row("exact, same subsample, λ = 1/2", e0.train_midpoint.minimum, e0.test_midpoint.minimum),
            Table2Row("exact, same subsample, any λ (other-class half)", e0.train_segment.minimum,
                      e0.test_segment.minimum)]
    if n > 1:
        tr, te = report.sampled_minimum("train"), report.sampled_minimum("test")
        rows += [Table2Row(f"sampled, lowest of {n} draws (new subsample and epoch each)", tr.min(), te.min()),
                 Table2Row(f"sampled, highest of {n} draws", tr.max(), te.max()),
                 Table2Row(f"exact any λ on each draw's subsample, mean of {n}",
                           report.exact_minimum("train").mean(), report.exact_minimum("test").mean())]
    rows.append(Table2Row(f"bias: sampled − exact any λ, same points, mean of {n}",
                          report.bias("train").mean(), report.bias("test").mean()))
    if report.train_midpoint is not None:
        rows += [Table2Row("exact, all points, λ = 1/2", report.train_midpoint.minimum,
                           report.test_midpoint.minimum),
                 Table2Row("exact, all points, any λ (other-class half)", report.train_segment.minimum,
                           report.test_segment.minimum),
                 Table2Row("exact, all points, Assumption 2.9's whole set", report.train_whole.minimum,
                           report.test_whole.minimum)]
    return rows


def table2_markdown(report: ConflictReport):
    """The book's Table 2 for one dataset (see :func:`table2_rows`), with the paper's values quoted."""
    from IPython.display import Markdown

    lines = [f"| {report.dataset}: measured how | train minimum | test minimum |", "|---|---|---|"]
    lines += [f"| {r.method} | {r.train:.3f} | {r.test:.3f} |" for r in table2_rows(report)]
    if report.dataset in PAPER_TABLE_2:
        tr, te = PAPER_TABLE_2[report.dataset]
        lines.append(f"| the paper's Table 2 (sampled) | {tr:.3f} | {te:.3f} |")
    quoted = "; ".join(f"{n} {a:.3f} / {b:.3f}" for n, (a, b) in PAPER_TABLE_2.items())
    return Markdown("\n".join(lines) + f"\n\nThe paper's Table 2 (train / test, sampled): {quoted}.")


@dataclass(frozen=True)
class SearchScaling:
    """CPU seconds (one thread) of the exact other-class segment search over the training points
    against all their pairs, for nested random subsets of ``sizes`` points; ``exponent``: the
    least-squares slope of log seconds against log size (the method's cost is O(m³): q·|A|²)."""

    sizes: np.ndarray
    cpu_seconds: np.ndarray
    exponent: float

    def predict(self, m: int, exponent: float | None = None) -> float:
        """CPU seconds extrapolated to m training points with the fitted power law (or ``exponent``)."""
        e = self.exponent if exponent is None else exponent
        return float(self.cpu_seconds[-1] * (m / self.sizes[-1]) ** e)


def search_scaling(data: ImageData, settings, fractions=(0.25, 0.5, 1.0)) -> SearchScaling:
    """Time :func:`conflict_distances` (segment mode, the training points as queries) on nested
    seeded subsets of the training set (CPU time, so that other jobs on the machine count less)."""
    X, y = data.flat("train")
    order = np.random.default_rng(settings.seed).permutation(len(X))
    sizes, secs = [], []
    for f in fractions:
        keep = np.sort(order[:max(2, int(round(f * len(X))))])
        start = time.process_time()
        conflict_distances(X[keep], y[keep], lam="segment", num_classes=data.num_classes)
        secs.append(time.process_time() - start)
        sizes.append(len(keep))
    slope = float(np.polyfit(np.log(sizes), np.log(secs), 1)[0])
    return SearchScaling(np.array(sizes), np.array(secs), slope)
