"""Small exact examples of §2.4: Assumption 2.9 broken and satisfied (Proposition 2.8, Theorem 2.10),
and a counterexample to "h_ε fits while ε is below the other-class conflict distance"."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...theory.assumption_2_9 import Assumption29Distances, assumption_2_9_distances
from ...theory.geometry import collinear_triples
from ...theory.optimal_error import OptimalTrainingError, optimal_training_error


@dataclass(frozen=True)
class SmallExamples:
    """Two six-point datasets that differ in one point: ``X_bad`` breaks Assumption 2.9 (point 2 is the
    midpoint of two points of the other class), ``X_good`` does not. ``bad_triples``/``good_triples``:
    the violations found by :func:`~mixup_nb_utils.theory.geometry.collinear_triples`; ``error_bad``
    and ``error_good``: the exact training error of h_ε on ``eps`` × ``alphas``."""

    X_bad: np.ndarray
    X_good: np.ndarray
    y: np.ndarray
    bad_triples: list
    good_triples: list
    error_bad: OptimalTrainingError
    error_good: OptimalTrainingError


SMALL_X = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0], [1.0, 1.5], [2.2, 1.4], [-0.3, 1.2]])
SMALL_Y = np.array([0, 0, 1, 1, 0, 1])


def small_examples(eps, alphas) -> SmallExamples:
    """The datasets of :class:`SmallExamples` (point 2 moved from (1, 0) to (1, 0.35) in ``X_good``)."""
    good = SMALL_X.copy()
    good[2] = [1.0, 0.35]
    return SmallExamples(SMALL_X, good, SMALL_Y, collinear_triples(SMALL_X, SMALL_Y), collinear_triples(good, SMALL_Y),
                         optimal_training_error(SMALL_X, SMALL_Y, eps, alphas),
                         optimal_training_error(good, SMALL_Y, eps, alphas))


@dataclass(frozen=True)
class Counterexample:
    """x_0 = (0, 0) of class 0 next to the only class-1 point (1, 0); the other ``far`` class-0 points
    sit at distance about 10 on the far side, so that their segments to (1, 0) pass within
    ``distances.own.distance[0]`` of x_0 (Assumption 2.9 holds: no segment passes through it).
    ``error``: the exact training error of h_ε (Lemma 2.3) on ``eps`` × ``alphas``;
    ``x0_misclassified[a, e]`` whether x_0 is among the misclassified points; ``safe_radius``:
    min over the points of min(whole-set distance, half the distance to the nearest point of
    another class), below which h_ε provably fits every point (see the chapter)."""

    X: np.ndarray
    y: np.ndarray
    distances: Assumption29Distances
    error: OptimalTrainingError
    x0_misclassified: np.ndarray
    safe_radius: float


def nearest_other_class(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest point of another class (float64, direct)."""
    d = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))
    return np.where(y[:, None] != y[None, :], d, np.inf).min(1)


def safe_radius(distances: Assumption29Distances, X: np.ndarray, y: np.ndarray) -> float:
    """min_x min(D(x), d_other(x)/2): D the distance to Assumption 2.9's whole set, d_other the
    distance to the nearest point of another class. Below it every segment that meets B_ε(x) either
    has both ends in x's class or has x as one end and its other end v so far that the part within ε
    of x has λ > 1/2 on x; then x's class receives more than every other class (Lemma 2.3's ξ terms)."""
    return float(np.min(np.minimum(distances.distance, nearest_other_class(X, y) / 2)))


def counterexample(eps, alphas, far: int = 20) -> Counterexample:
    """The small dataset of :class:`Counterexample` with ``far`` far class-0 points, exactly."""
    heights = 0.3 + 0.02 * np.arange(far)
    X = np.vstack([[0.0, 0.0], [1.0, 0.0], np.column_stack([np.full(far, -10.0), heights])])
    y = np.array([0, 1] + [0] * far)
    dist = assumption_2_9_distances(X, y, device="cpu")
    err = optimal_training_error(X, y, eps, alphas, device="cpu")
    x0 = np.array([[0 in m for m in row] for row in err.misclassified])
    return Counterexample(X, y, dist, err, x0, safe_radius(dist, X, y))
