"""The paper's sampled estimate of conflict distances (§2.4, Table 2), beside the exact engine.

Table 2 of the paper draws one epoch of Mixup points from a 20 % subsample of the training set
(shuffle, i.i.d. partners, λ ~ Beta(1024, 1024) once per batch of 128) and reports, over a 20 %
subsample of train and of test, the smallest distance from a point x to a sampled Mixup point
whose two source labels both differ from x's. Every sampled Mixup point is λu + (1 - λ)v of a pair
admissible for the other-class half of :func:`conflicts.conflict_distances`, so each sampled
distance is at least the exact other-class segment distance on the same subsample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..data.sampling import subsample
from ..device import get_device, limited_cpu_threads, make_generators
from ..mixup.mixing import BetaMixing
from ..mixup.pairing import sample_partners
from ..validation import check_labels
from .conflicts import _first_per_group, _flat_points, centred_distances, check_queries


@dataclass(frozen=True)
class MixupEpoch:
    """One epoch of Mixup points: point k is lam[k] X[first[k]] + (1 - lam[k]) X[second[k]].

    ``first`` is a shuffled order of the points, ``second`` a partner drawn uniformly from all
    points with replacement (itself allowed), and ``lam`` is drawn once per batch of
    ``batch_size`` consecutive entries.
    """

    first: np.ndarray
    second: np.ndarray
    lam: np.ndarray
    batch_size: int


def sample_mixup_epoch(m: int, alpha: float, batch_size: int, rng: np.random.Generator) -> MixupEpoch:
    """One epoch of Mixup pairs for m points (paper §2.4, Table 2).

    Shuffle, i.i.d. partners (uniform over all m points, itself allowed), λ ~ Beta(α, α) per batch.

    Draws, in this order from ``rng``: the permutation, the m partners, then one λ per batch.
    """
    if isinstance(batch_size, bool) or int(batch_size) != batch_size or int(batch_size) < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy Generator (e.g. mixup_nb_utils.device.make_generators(seed).numpy), "
                         f"got {type(rng).__name__}.")
    dist = BetaMixing(alpha)
    m = int(m)
    order = rng.permutation(m) if m > 0 else np.zeros(0, dtype=np.int64)
    partners = sample_partners(m, rng, "iid")
    n_batches = -(-m // int(batch_size))
    lam = np.repeat(dist.sample(n_batches, rng), int(batch_size))[:m]
    return MixupEpoch(first=order, second=partners, lam=lam, batch_size=int(batch_size))


@dataclass(frozen=True)
class SampledConflictDistances:
    """Per query: the distance to the nearest sampled Mixup point whose two source labels both
    differ from the query's (inf where the epoch has none), the index k of that Mixup point in
    ``epoch`` (-1: none), and min / mean over the queries."""

    distance: np.ndarray
    mixup_index: np.ndarray
    query_labels: np.ndarray
    minimum: float
    mean: float
    epoch: MixupEpoch


def mixup_point_distances(X, y, epoch: MixupEpoch, queries, query_labels, *, num_classes: int | None = None,
                          device=None, cpu_threads: int | None = 1,
                          max_elements: int = 1 << 24) -> SampledConflictDistances:
    """Distances from queries to the conflicting points of a given Mixup epoch (Table 2's statistic).

    Mixed points z_k = λ_k x_{first_k} + (1 - λ_k) x_{second_k}; a query of label c is compared
    with the z_k whose labels y_first, y_second both differ from c. Squared distances come from
    the centred Gram matrix in float64 (chunks of about ``max_elements`` entries); every z within
    the error bound 8η of the smallest is recomputed from the coordinates in float64.
    ``device`` and ``cpu_threads`` as in :func:`conflict_distances`.
    """
    X = _flat_points(X, "X")
    y, k = check_labels(y, len(X), num_classes)
    Q, qy = check_queries(X, k, queries, query_labels)
    first, second, lam = (np.asarray(a) for a in (epoch.first, epoch.second, epoch.lam))
    if not (first.shape == second.shape == lam.shape) or first.ndim != 1:
        raise ValueError("epoch.first, epoch.second and epoch.lam must be 1-D arrays of the same length.")
    if len(first) and (min(first.min(), second.min()) < 0 or max(first.max(), second.max()) >= len(X)):
        raise ValueError(f"the epoch indexes points outside 0..{len(X) - 1}; it was drawn for another dataset.")
    Z = lam[:, None] * X[first] + (1.0 - lam[:, None]) * X[second]
    ya, yb = y[first], y[second]
    dev = get_device(device)
    dist = np.full(len(Q), np.inf)
    index = np.full(len(Q), -1, dtype=np.int64)
    with limited_cpu_threads(dev, cpu_threads), torch.no_grad():
        for c in np.unique(qy):
            qi = np.flatnonzero(qy == c)
            zi = np.flatnonzero((ya != c) & (yb != c))
            if len(zi) == 0:
                continue
            step = max(1, max_elements // len(zi))
            for s in range(0, len(qi), step):
                rows = qi[s:s + step]
                geo = centred_distances(Z[zi], Q[rows], dev, with_L=False)
                best = geo.R.amin(1, keepdim=True)
                cq, cz = (t.cpu().numpy() for t in torch.nonzero(geo.R <= best + 8.0 * geo.eta, as_tuple=True))
                diff = Q[rows[cq]] - Z[zi[cz]]
                d2 = np.einsum("ij,ij->i", diff, diff)
                pick = _first_per_group(cq, d2, cz)
                dist[rows[cq[pick]]] = np.sqrt(d2[pick])
                index[rows[cq[pick]]] = zi[cz[pick]]
    return SampledConflictDistances(distance=dist, mixup_index=index, query_labels=qy,
                                    minimum=float(dist.min()) if len(dist) else np.nan,
                                    mean=float(dist.mean()) if len(dist) else np.nan, epoch=epoch)


def sampled_conflict_distances(X_train, y_train, queries, query_labels, alpha: float = 1024.0,
                               batch_size: int = 128, rng: np.random.Generator | None = None, *,
                               num_classes: int | None = None, device=None,
                               cpu_threads: int | None = 1) -> SampledConflictDistances:
    """The paper's Table 2 estimate on (already subsampled) training data: one epoch of Mixup points
    (:func:`sample_mixup_epoch`, λ ~ Beta(α, α) per batch) and :func:`mixup_point_distances`.

    Each sampled distance is ≥ the exact segment-mode :func:`conflict_distances` (every Mixup point
    is λu + (1 - λ)v of an admissible pair), and ≥ the midpoint-mode one when every λ is 1/2.
    """
    if rng is None:
        raise ValueError("pass rng, a seeded numpy Generator (mixup_nb_utils.device.make_generators(seed).numpy).")
    X = _flat_points(X_train, "X_train")
    epoch = sample_mixup_epoch(len(X), alpha, batch_size, rng)
    return mixup_point_distances(X, y_train, epoch, queries, query_labels, num_classes=num_classes, device=device,
                                 cpu_threads=cpu_threads)


def subsample_indices(n: int, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Sorted indices of a uniformly random subset of ``fraction`` of n points (at least one), without replacement."""
    idx = np.arange(int(n))
    return subsample(idx, idx, fraction, rng)[0]


@dataclass(frozen=True)
class Table2Estimate:
    """The paper's Table 2 procedure on one dataset: sampled distances of the train and test subsamples."""

    train: SampledConflictDistances
    test: SampledConflictDistances
    train_indices: np.ndarray
    test_indices: np.ndarray
    alpha: float
    fraction: float
    seed: int


def table2_estimate(X_train, y_train, X_test, y_test, *, fraction: float = 0.2, alpha: float = 1024.0,
                    batch_size: int = 128, seed: int = 0, device=None) -> Table2Estimate:
    """Table 2 (paper §2.4): subsample ``fraction`` of train and of test, draw one epoch of Mixup
    points from the train subsample, and measure train and test subsample points against it.

    Images may be given as (N, C, H, W); distances are Euclidean in the given (normalised) space.
    Randomness: ``make_generators(seed).numpy`` draws the train subsample, the test subsample,
    then the epoch.
    """
    rng = make_generators(seed).numpy
    Xtr, Xte = _flat_points(X_train, "X_train"), _flat_points(X_test, "X_test")
    ytr, k = check_labels(y_train, len(Xtr))
    yte, _ = check_labels(y_test, len(Xte))
    tr = subsample_indices(len(Xtr), fraction, rng)
    te = subsample_indices(len(Xte), fraction, rng)
    epoch = sample_mixup_epoch(len(tr), alpha, batch_size, rng)
    kk = max(k, int(yte.max()) + 1)
    train = mixup_point_distances(Xtr[tr], ytr[tr], epoch, Xtr[tr], ytr[tr], num_classes=kk, device=device)
    test = mixup_point_distances(Xtr[tr], ytr[tr], epoch, Xte[te], yte[te], num_classes=kk, device=device)
    return Table2Estimate(train=train, test=test, train_indices=tr, test_indices=te, alpha=float(alpha),
                          fraction=float(fraction), seed=int(seed))
