"""The chapter "The Mixup-optimal classifier" (paper §2.2, App. C): the h_ε maps, profiles and ε → 0 limits it draws.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import make_moons

from ...config import OptimalClassifierSettings
from ...data.grids import grid_points, segment_samples
from ...data.synthetic import alternating_line, cross_dataset
from ...theory.optimal import corollary_c1, lemma_2_3, mixup_optimal, mixup_optimal_limit, xi_matrices
from .numeric import SmallDataset


# ------------------------------------------------------------------ maps and profiles of h_ε

@dataclass(frozen=True)
class HMaps:
    """h_ε on a grid (panels, queries, k) for each panel's (ε, a, b), with the data and the grid's geometry;
    optionally h_ε at one probe point off the grid (panels, k)."""

    X: np.ndarray
    y: np.ndarray
    shape: tuple
    extent: tuple
    eps: tuple[float, ...]
    betas: tuple[tuple[float, float], ...]
    h: np.ndarray
    probe: np.ndarray | None = None
    at_probe: np.ndarray | None = None


def _maps(X, y, Q, shape, extent, panels, probe=None) -> HMaps:
    h = np.stack([mixup_optimal(X, y, Q, e, a, b) for e, (a, b) in panels])
    at_probe = None
    if probe is not None:
        probe = np.asarray(probe, dtype=float)
        at_probe = np.stack([mixup_optimal(X, y, probe[None], e, a, b)[0] for e, (a, b) in panels])
    return HMaps(X, y, shape, extent, tuple(float(e) for e, _ in panels),
                 tuple((float(a), float(b)) for _, (a, b) in panels), h, probe, at_probe)


def cross_maps(settings: OptimalClassifierSettings) -> HMaps:
    """h_ε of Proposition 2.5's dataset (uniform P_f) at each radius of ``settings.prop25_eps``."""
    X, y = cross_dataset()
    Q, shape, extent = grid_points((-1.2, 1.2), (-1.2, 1.2), settings.grid)
    return _maps(X, y, Q, shape, extent, [(e, (1.0, 1.0)) for e in settings.prop25_eps])


def mixing_betas(settings: OptimalClassifierSettings) -> list[tuple[float, float]]:
    """Beta(α, α) for each α of ``settings.alphas``, then the asymmetric Beta(a, b)."""
    return [(a, a) for a in settings.alphas] + [settings.asymmetric]


def mixing_maps(data: SmallDataset, settings: OptimalClassifierSettings) -> HMaps:
    """h_ε of the small dataset at ε = ``settings.map_eps`` for each mixing law of :func:`mixing_betas`, and at
    the probe (0, 0) (the class-3 point on the segment between a class-1 and a class-2 point)."""
    return _maps(data.X, data.y, data.grid, data.shape, data.extent,
                 [(settings.map_eps, ab) for ab in mixing_betas(settings)], probe=(0.0, 0.0))


def eps_maps(data: SmallDataset, settings: OptimalClassifierSettings) -> HMaps:
    """h_ε of the small dataset for the uniform P_f at each radius of ``settings.eps_sweep``."""
    return _maps(data.X, data.y, data.grid, data.shape, data.extent, [(e, (1.0, 1.0)) for e in settings.eps_sweep])


@dataclass(frozen=True)
class Profile:
    """h^1_ε along a line of queries for several ε, the ε → 0 limit there, and the dataset."""

    t: np.ndarray
    eps: tuple[float, ...]
    h1: np.ndarray
    limit1: np.ndarray
    X: np.ndarray
    y: np.ndarray


def cross_segment_profile(settings: OptimalClassifierSettings, points: int = 801, extra_eps: float = 0.01) -> Profile:
    """Along x = (0, u), u ∈ [-1, 1] (the class-1 segment of Proposition 2.5), uniform P_f."""
    X, y = cross_dataset()
    u = np.linspace(-1.0, 1.0, int(points))
    Q = np.column_stack([np.zeros_like(u), u])
    eps = settings.prop25_eps + (extra_eps,)
    return Profile(u, eps, np.stack([mixup_optimal(X, y, Q, e, 1.0)[:, 0] for e in eps]),
                   mixup_optimal_limit(X, y, Q, 1.0)[:, 0], X, y)


def line_profile(settings: OptimalClassifierSettings, m: int = 4, points: int = 1441) -> Profile:
    """Along the alternating line X_m^2 (uniform P_f) at each radius of ``settings.line_eps``."""
    X, y = alternating_line(m)
    xs = np.linspace(-0.3, m - 0.7, int(points))
    return Profile(xs, settings.line_eps,
                   np.stack([mixup_optimal(X, y, xs, e, 1.0)[:, 0] for e in settings.line_eps]),
                   mixup_optimal_limit(X, y, xs, 1.0)[:, 0], X, y)


# ------------------------------------------------------------------ h_ε depends on P_f through f(λ) + f(1 - λ)

def _segment_distances(X: np.ndarray, q: np.ndarray) -> np.ndarray:
    a, b = np.triu_indices(len(X), 1)
    d = X[a] - X[b]
    c = np.clip(np.sum((q - X[b]) * d, axis=1) / np.sum(d * d, axis=1), 0.0, 1.0)
    return np.linalg.norm(q - (X[b] + c[:, None] * d), axis=1)


@dataclass(frozen=True)
class Symmetrisation:
    """max |h_ε(Beta(a, b)) - h_ε(Beta(b, a))| and max |h_ε(Beta(a, b)) - Corollary C.1 on the even mixture|
    over the grid; where the first is largest, how close the ball B_ε is to tangent to a segment
    (min over segments of |distance - ε|)."""

    a: float
    b: float
    mirror_gap: float
    mixture_gap: float
    tangency_at_worst: float


def symmetrisation(data: SmallDataset, settings: OptimalClassifierSettings) -> Symmetrisation:
    """h_ε for Beta(a, b), its mirror Beta(b, a), and the symmetric even mixture (via Corollary C.1)."""
    a, b = settings.asymmetric
    xi_ab, xl_ab = xi_matrices(data.X, data.y, data.grid, settings.map_eps, a, b)
    xi_ba, xl_ba = xi_matrices(data.X, data.y, data.grid, settings.map_eps, b, a)
    inside = xi_ab.sum((1, 2)) > 0
    h_ab = lemma_2_3(xi_ab, xl_ab)[inside]
    mirror = np.abs(h_ab - lemma_2_3(xi_ba, xl_ba)[inside]).max(axis=1)
    mixture = np.abs(h_ab - corollary_c1((xi_ab + xi_ba) / 2, (xl_ab + xl_ba) / 2)[inside]).max(axis=1)
    worst = data.grid[inside][int(np.argmax(mirror))]
    tangency = float(np.abs(_segment_distances(data.X, worst) - settings.map_eps).min())
    return Symmetrisation(a, b, float(mirror.max()), float(mixture.max()), tangency)


# ------------------------------------------------------------------ limits

@dataclass(frozen=True)
class LimitChecks:
    """The limit on a lone segment against (λ*, 1 - λ*) for every mixing law; h_ε at a tiny ε against the limit
    at all pair midpoints; the limit at the points of X_4^2 (Proposition 2.8); h_ε(1) on X_3^2 at Beta(32, 32)."""

    lam_star: np.ndarray
    lone_gap: float
    check_eps: float
    limit_gap: float
    line_labels: np.ndarray
    line_limit: np.ndarray
    x32_h_mid: np.ndarray
    x32_limit_mid: np.ndarray

    @property
    def line_limit_gap(self) -> float:
        """max |limit - one-hot label| at the data points of X_4^2."""
        return float(np.abs(self.line_limit - np.eye(self.line_limit.shape[1])[self.line_labels]).max())


def limit_checks(data: SmallDataset, settings: OptimalClassifierSettings, lam_star=(0.1, 0.35, 0.8)) -> LimitChecks:
    """The ε → 0 limit (:func:`theory.mixup_optimal_limit`) checked three ways (see :class:`LimitChecks`)."""
    X, y = data.X, data.y
    ends = np.array([[-1.0, 0.0], [0.2, -1.0]])             # a class-1 and a class-2 point, no segment across
    lam = np.asarray(lam_star, float)
    on_segment = lam[:, None] * ends[0] + (1 - lam[:, None]) * ends[1]
    betas = mixing_betas(settings)
    lone_gap = max(float(np.abs(mixup_optimal_limit(X, y, on_segment, *ab)[:, 0] - lam).max()) for ab in betas)
    midpoints = (X[:, None] + X[None]).reshape(-1, 2) / 2
    e = settings.limit_check_eps
    limit_gap = max(float(np.nanmax(np.abs(mixup_optimal(X, y, midpoints, e, *ab)
                                           - mixup_optimal_limit(X, y, midpoints, *ab)))) for ab in betas)
    Xl, yl = alternating_line(4)
    X32, y32 = alternating_line(3)
    return LimitChecks(lam, lone_gap, e, limit_gap, yl, mixup_optimal_limit(Xl, yl, Xl[:, 0], 1.0),
                       mixup_optimal(X32, y32, [1.0], 0.1, 32.0)[0], mixup_optimal_limit(X32, y32, [1.0], 32.0)[0])


def segment_limit(data: SmallDataset, per_segment: int = 101) -> tuple[np.ndarray, np.ndarray]:
    """Points along every segment of the small dataset and the uniform-P_f limit h there (X_mix in the limit)."""
    pts = segment_samples(data.X, per_segment)
    return pts, mixup_optimal_limit(data.X, data.y, pts, 1.0)


@dataclass(frozen=True)
class MoonsMap:
    """h_ε of the two moons on a grid and the time the engine took (this machine, not a benchmark)."""

    maps: HMaps
    seconds: float


def moons_map(settings: OptimalClassifierSettings) -> MoonsMap:
    """``make_moons(moons_points, noise=0.1, random_state=seed)``, h_ε at ε = ``moons_eps``, Beta(1, 1)."""
    X, y = make_moons(settings.moons_points, noise=0.1, random_state=settings.seed)
    Q, shape, extent = grid_points((-1.6, 2.6), (-1.1, 1.6), settings.moons_grid)
    start = time.perf_counter()
    h = mixup_optimal(X, y, Q, settings.moons_eps, 1.0)
    seconds = time.perf_counter() - start
    return MoonsMap(HMaps(X, y, shape, extent, (settings.moons_eps,), ((1.0, 1.0),), h[None]), seconds)
