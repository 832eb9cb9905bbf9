"""The chapter "The Mixup-optimal classifier" (paper §2.2, App. C): Lemma 2.3, Corollary C.1, Proposition 2.5.

The symbolic derivations (sympy), the exact h_ε maps and ε → 0 limits the chapter draws, and
:func:`claims`, the rows of its "Claims checked" table. Randomness comes from the numpy generator passed
in (the chapter's ``make_generators(settings.seed).numpy``), consumed in the order the chapter calls.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import sympy as sp
from sklearn.datasets import make_moons

from ..data.grids import grid_points, segment_samples
from ..data.synthetic import alternating_line, cross_dataset
from ..claims import Check, Claim
from ..mixup.mixing import BetaMixing
from ..theory.geometry import pair_intervals, xi_terms
from ..theory.optimal import corollary_c1, lemma_2_3, mixup_optimal, mixup_optimal_limit, xi_matrices

IDENTITY_TOL = 1e-12   # ξ^{j,i}_λ = ξ^{i,j} - ξ^{i,j}_λ for symmetric P_f, and equal ξ at the origin
FORMULA_TOL = 1e-6     # two routes to the same h_ε (Lemma 2.3 against Corollary C.1, Beta(a, b) against its mirror)
VALUE_TOL = 1e-6       # ξ^{1,1}/ε against a closed-form constant (Proposition 2.5)
LONE_TOL = 1e-9        # the limit on a lone segment against (λ*, 1 - λ*)
LIMIT_TOL = 1e-4       # h_ε at a tiny ε against the closed-form limit
MC_Z = 4.0             # Monte Carlo against the exact ξ: largest |z|
ASYMMETRIC_GAP = 0.05  # Corollary C.1 must differ from Lemma 2.3 by more than this for an asymmetric Beta


# ------------------------------------------------------------------ Lemma 2.3 and Corollary C.1, symbolically

@dataclass(frozen=True)
class RestrictedLoss:
    """J_mix(θ) restricted to B_ε(x) for a constant θ, with ξ and ξ_λ as symbols (k classes), and the
    coefficient w_i of -log θ_i collected by sympy beside the numerator of the paper's equation (1)."""

    k: int
    xi: sp.Matrix
    xi_lam: sp.Matrix
    loss: sp.Expr
    w_collected: tuple
    w_lemma: tuple
    coefficients_match: bool


def restricted_loss(k: int) -> RestrictedLoss:
    """-Σ_{i,j} (ξ^{i,j}_λ log θ_i + (ξ^{i,j} - ξ^{i,j}_λ) log θ_j) and its coefficients (Lemma 2.3, App. C)."""
    if int(k) < 2:
        raise ValueError(f"Lemma 2.3 needs at least 2 classes, got k={k}.")
    k = int(k)
    XI = sp.Matrix(k, k, lambda i, j: sp.Symbol(f"xi^{i + 1}{j + 1}", nonnegative=True))
    XL = sp.Matrix(k, k, lambda i, j: sp.Symbol(f"xi_lam^{i + 1}{j + 1}", nonnegative=True))
    L = sp.symbols(f"L1:{k + 1}")                               # L_i = log θ_i
    J = -sum(XL[i, j] * L[i] + (XI[i, j] - XL[i, j]) * L[j] for i in range(k) for j in range(k))
    collected = tuple(sp.expand(-J.diff(Li)) for Li in L)
    lemma = tuple(XI[i, i] + sum(XL[i, j] + XI[j, i] - XL[j, i] for j in range(k) if j != i) for i in range(k))
    match = all(sp.simplify(a - b) == 0 for a, b in zip(collected, lemma))
    return RestrictedLoss(k, XI, XL, J, collected, lemma, bool(match))


@dataclass(frozen=True)
class SimplexMinimiser:
    """The stationary points of -Σ w_i log θ_i + μ(Σ θ_i - 1) and the Hessian of the objective."""

    k: int
    stationary: tuple
    hessian: sp.Matrix
    unique: bool
    is_ratio: bool
    hessian_pd: bool


def simplex_minimiser(k: int) -> SimplexMinimiser:
    """Lagrange multipliers for min_θ -Σ_i w_i log θ_i on the simplex (w, θ > 0): θ_i = w_i / Σ_q w_q."""
    k = int(k)
    w = sp.symbols(f"w1:{k + 1}", positive=True)
    theta = sp.symbols(f"theta1:{k + 1}", positive=True)
    mu = sp.Symbol("mu", positive=True)
    objective = -sum(wi * sp.log(ti) for wi, ti in zip(w, theta))
    lagrangian = objective + mu * (sum(theta) - 1)
    stationary = sp.solve([lagrangian.diff(t) for t in theta] + [sum(theta) - 1], [*theta, mu], dict=True)
    hessian = sp.hessian(objective, theta)
    ratio = bool(stationary) and all(sp.simplify(stationary[0][t] - wi / sum(w)) == 0 for t, wi in zip(theta, w))
    return SimplexMinimiser(k, tuple(stationary), hessian, len(stationary) == 1, bool(ratio),
                            bool(hessian.is_positive_definite))


@dataclass(frozen=True)
class SymmetricForm:
    """Lemma 2.3 with ξ^{j,i} = ξ^{i,j} and ξ^{j,i}_λ = ξ^{i,j} - ξ^{i,j}_λ substituted, against
    Corollary C.1."""

    numerators_match: bool
    denominators_match: bool


def corollary_c1_symbolic(lemma: RestrictedLoss) -> SymmetricForm:
    """Corollary C.1: for f(λ) = f(1 - λ) the numerators become ξ^{i,i} + 2 Σ_{j≠i} ξ^{i,j}_λ."""
    XI, XL, k = lemma.xi, lemma.xi_lam, lemma.k
    symmetric = {}
    for i in range(k):
        for j in range(i + 1, k):
            symmetric[XI[j, i]] = XI[i, j]
            symmetric[XL[j, i]] = XI[i, j] - XL[i, j]

    def sym(e):
        return sp.expand(e.subs(symmetric))

    corollary = [XI[i, i] + 2 * sum(XL[i, j] for j in range(k) if j != i) for i in range(k)]
    numerators = all(sym(a - b) == 0 for a, b in zip(lemma.w_lemma, corollary))
    return SymmetricForm(bool(numerators), bool(sym(sum(lemma.w_lemma) - sum(corollary)) == 0))


# ------------------------------------------------------------------ the small three-class dataset

@dataclass(frozen=True)
class SmallDataset:
    """Six points in three classes ((0, 0), of class 3, on the segment between (-1, 0) and (1, 0)), and the
    grid of the chapter's maps."""

    X: np.ndarray
    y: np.ndarray
    grid: np.ndarray
    shape: tuple
    extent: tuple


def small_dataset(settings) -> SmallDataset:
    X = np.array([[-1.0, 0.0], [0.0, 1.2], [1.0, 0.0], [0.2, -1.0], [0.0, 0.0], [1.2, 1.2]])
    y = np.array([0, 0, 1, 1, 2, 2])
    Q, shape, extent = grid_points((-1.5, 1.7), (-1.4, 1.6), settings.grid)
    return SmallDataset(X, y, Q, shape, extent)


@dataclass(frozen=True)
class CorollaryRow:
    """At the sampled queries for Beta(a, b): max |ξ_λ^T - (ξ - ξ_λ)| (the symmetry identity) and
    max |Corollary C.1 - Lemma 2.3|."""

    a: float
    b: float
    identity_gap: float
    formula_gap: float


@dataclass(frozen=True)
class CorollaryNumeric:
    queries: int
    rows: tuple[CorollaryRow, ...]
    shortest_interval: float

    @property
    def symmetric(self) -> tuple[CorollaryRow, ...]:
        return tuple(r for r in self.rows if r.a == r.b)

    @property
    def asymmetric(self) -> tuple[CorollaryRow, ...]:
        return tuple(r for r in self.rows if r.a != r.b)


def corollary_c1_numeric(data: SmallDataset, settings, rng: np.random.Generator, queries: int = 400,
                         betas: Sequence[tuple[float, float]] = ((1.0, 1.0), (0.3, 0.3), (8.0, 8.0))
                         ) -> CorollaryNumeric:
    """Corollary C.1 against Lemma 2.3 at random grid points, with ξ from the per-pair reference
    :func:`geometry.xi_terms` (the symmetry is not built in); ``settings.asymmetric`` is added as a control.
    Also the shortest positive λ-interval met (where accuracy near tangency matters)."""
    sample = rng.choice(len(data.grid), int(queries), replace=False)
    rows = []
    for a, b in [*betas, tuple(settings.asymmetric)]:
        terms = [xi_terms(data.X, data.y, data.grid[i], settings.map_eps, BetaMixing(a, b), num_classes=3)
                 for i in sample]
        xi, xl = np.array([t[0] for t in terms]), np.array([t[1] for t in terms])
        ok = xi.sum((1, 2)) > 0
        identity_gap = float(np.abs(xl - np.swapaxes(xi - xl, 1, 2)).max())
        formula_gap = float(np.abs(corollary_c1(xi, xl)[ok] - lemma_2_3(xi, xl)[ok]).max())
        rows.append(CorollaryRow(float(a), float(b), identity_gap, formula_gap))
    lengths = np.array([np.diff(pair_intervals(data.X, data.grid[i], settings.map_eps), axis=0)[0]
                        for i in sample])
    return CorollaryNumeric(int(queries), tuple(rows), float(lengths[lengths > 0].min()))


@dataclass(frozen=True)
class XiMonteCarlo:
    """Exact ξ, ξ_λ at one query against Monte-Carlo draws of (s, t, λ); z: |difference| / binomial s.e."""

    x: np.ndarray
    eps: float
    a: float
    b: float
    samples: int
    exact_xi: np.ndarray
    exact_xi_lam: np.ndarray
    mc_xi: np.ndarray
    mc_xi_lam: np.ndarray
    max_z: float


def xi_monte_carlo(data: SmallDataset, settings, rng: np.random.Generator, x=(0.1, 0.2),
                   eps: float = 0.5) -> XiMonteCarlo:
    """The engine's ξ terms (:func:`theory.xi_matrices`, P_f = ``settings.asymmetric``) against sampling."""
    x0, (a, b), N = np.asarray(x, float)[None, :], settings.asymmetric, int(settings.mc_samples)
    X, y = data.X, data.y
    xi0, xl0 = xi_matrices(X, y, x0, eps, a, b)
    i, j, lam = rng.integers(0, len(X), N), rng.integers(0, len(X), N), rng.beta(a, b, N)
    inside = np.linalg.norm(lam[:, None] * X[i] + (1 - lam[:, None]) * X[j] - x0, axis=1) <= eps
    onehot_i, onehot_j = np.eye(3)[y[i]] * inside[:, None], np.eye(3)[y[j]]
    mc_xi, mc_xl = onehot_i.T @ onehot_j / N, (onehot_i * lam[:, None]).T @ onehot_j / N
    z = np.abs(np.stack([mc_xi - xi0[0], mc_xl - xl0[0]])) / np.sqrt(np.maximum(xi0[0], 1e-6) / N)
    return XiMonteCarlo(x0[0], float(eps), float(a), float(b), N, xi0[0], xl0[0], mc_xi, mc_xl, float(z.max()))


# ------------------------------------------------------------------ Proposition 2.5

@dataclass(frozen=True)
class Proposition25:
    """The cross dataset at the origin for P_f uniform: ξ^{1,1}/ε, ξ^{2,2}/ε, ξ^{1,2} + ξ^{2,1}, h_ε(0) per ε;
    the ε → 0 limit at four probe points and along the class-1 segment x = (0, u)."""

    eps: tuple[float, ...]
    xi11_over_eps: np.ndarray
    xi22_over_eps: np.ndarray
    off_diagonal: np.ndarray
    h_eps: np.ndarray
    probes: np.ndarray
    limit_probes: np.ndarray
    segment_u: np.ndarray
    limit_segment: np.ndarray

    @property
    def equal_gap(self) -> float:
        """max over ε of |ξ^{1,1} - ξ^{2,2}| / ε."""
        return float(np.abs(self.xi11_over_eps - self.xi22_over_eps).max())


def proposition_2_5(settings, points: int = 801) -> Proposition25:
    """Proposition 2.5 exactly: the ξ terms at the origin and the limit h on and off the class-1 segment."""
    X, y = cross_dataset()
    xi11, xi22, off, h = [], [], [], []
    for e in settings.prop25_table_eps:
        xi, xl = xi_matrices(X, y, np.zeros((1, 2)), e, 1.0)
        xi11.append(xi[0, 0, 0] / e)
        xi22.append(xi[0, 1, 1] / e)
        off.append(xi[0, 0, 1] + xi[0, 1, 0])
        h.append(lemma_2_3(xi[0], xl[0]))
    probes = np.array([[0.0, 0.0], [0.0, 0.3], [0.0, 1e-3], [0.3, 0.3]])
    u = np.linspace(-1.0, 1.0, int(points))
    limit_segment = mixup_optimal_limit(X, y, np.column_stack([np.zeros_like(u), u]), 1.0)
    return Proposition25(tuple(float(e) for e in settings.prop25_table_eps), np.array(xi11), np.array(xi22),
                         np.array(off), np.array(h), probes, mixup_optimal_limit(X, y, probes, 1.0), u,
                         limit_segment)


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


def cross_maps(settings) -> HMaps:
    """h_ε of Proposition 2.5's dataset (uniform P_f) at each radius of ``settings.prop25_eps``."""
    X, y = cross_dataset()
    Q, shape, extent = grid_points((-1.2, 1.2), (-1.2, 1.2), settings.grid)
    return _maps(X, y, Q, shape, extent, [(e, (1.0, 1.0)) for e in settings.prop25_eps])


def mixing_betas(settings) -> list[tuple[float, float]]:
    """Beta(α, α) for each α of ``settings.alphas``, then the asymmetric Beta(a, b)."""
    return [(float(a), float(a)) for a in settings.alphas] + [tuple(float(v) for v in settings.asymmetric)]


def mixing_maps(data: SmallDataset, settings) -> HMaps:
    """h_ε of the small dataset at ε = ``settings.map_eps`` for each mixing law of :func:`mixing_betas`, and at
    the probe (0, 0) (the class-3 point on the segment between a class-1 and a class-2 point)."""
    return _maps(data.X, data.y, data.grid, data.shape, data.extent,
                 [(settings.map_eps, ab) for ab in mixing_betas(settings)], probe=(0.0, 0.0))


def eps_maps(data: SmallDataset, settings) -> HMaps:
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


def cross_segment_profile(settings, points: int = 801, extra_eps: float = 0.01) -> Profile:
    """Along x = (0, u), u ∈ [-1, 1] (the class-1 segment of Proposition 2.5), uniform P_f."""
    X, y = cross_dataset()
    u = np.linspace(-1.0, 1.0, int(points))
    Q = np.column_stack([np.zeros_like(u), u])
    eps = tuple(settings.prop25_eps) + (extra_eps,)
    return Profile(u, eps, np.stack([mixup_optimal(X, y, Q, e, 1.0)[:, 0] for e in eps]),
                   mixup_optimal_limit(X, y, Q, 1.0)[:, 0], X, y)


def line_profile(settings, m: int = 4, points: int = 1441) -> Profile:
    """Along the alternating line X_m^2 (uniform P_f) at each radius of ``settings.line_eps``."""
    X, y = alternating_line(m)
    xs = np.linspace(-0.3, m - 0.7, int(points))
    return Profile(xs, tuple(float(e) for e in settings.line_eps),
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


def symmetrisation(data: SmallDataset, settings) -> Symmetrisation:
    """h_ε for Beta(a, b), its mirror Beta(b, a), and the symmetric even mixture (via Corollary C.1)."""
    a, b = (float(v) for v in settings.asymmetric)
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


def limit_checks(data: SmallDataset, settings, lam_star=(0.1, 0.35, 0.8)) -> LimitChecks:
    """The ε → 0 limit (:func:`theory.mixup_optimal_limit`) checked three ways (see :class:`LimitChecks`)."""
    X, y = data.X, data.y
    ends = np.array([[-1.0, 0.0], [0.2, -1.0]])             # a class-1 and a class-2 point, no segment across
    lam = np.asarray(lam_star, float)
    on_segment = lam[:, None] * ends[0] + (1 - lam[:, None]) * ends[1]
    betas = mixing_betas(settings)
    lone_gap = max(float(np.abs(mixup_optimal_limit(X, y, on_segment, *ab)[:, 0] - lam).max()) for ab in betas)
    midpoints = (X[:, None] + X[None]).reshape(-1, 2) / 2
    e = float(settings.limit_check_eps)
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


def moons_map(settings) -> MoonsMap:
    """``make_moons(moons_points, noise=0.1, random_state=seed)``, h_ε at ε = ``moons_eps``, Beta(1, 1)."""
    X, y = make_moons(settings.moons_points, noise=0.1, random_state=settings.seed)
    Q, shape, extent = grid_points((-1.6, 2.6), (-1.1, 1.6), settings.moons_grid)
    start = time.perf_counter()
    h = mixup_optimal(X, y, Q, settings.moons_eps, 1.0)
    seconds = time.perf_counter() - start
    return MoonsMap(HMaps(X, y, shape, extent, (float(settings.moons_eps),), ((1.0, 1.0),), h[None]), seconds)


# ------------------------------------------------------------------ claims checked

def claims(lemma: RestrictedLoss, minimiser: SimplexMinimiser, symmetric: SymmetricForm,
           corollary: CorollaryNumeric, sym: Symmetrisation, prop: Proposition25,
           limits: LimitChecks) -> list[Claim]:
    """The chapter's "Claims checked" rows, each verdict computed from its checks."""
    c1_gap = max(r.formula_gap for r in corollary.symmetric)
    id_gap = max(r.identity_gap for r in corollary.symmetric)
    asym_gap = min(r.formula_gap for r in corollary.asymmetric)
    ratio = prop.xi11_over_eps
    off_segment = prop.segment_u != 0
    segment_gap = float(np.abs(prop.limit_segment[off_segment] - [1.0, 0.0]).max())
    origin = prop.limit_probes[0]
    return [
        Claim("Lemma 2.3: the restricted loss is $-\\sum_i w_i \\log \\theta_i$ with $w_i$ the numerator of eq. (1)",
              "eq. (1)", f"sympy, k = {lemma.k}: {lemma.coefficients_match}",
              Check("coefficients equal symbolically (sympy simplify)", lemma.coefficients_match)),
        Claim("Lemma 2.3: unique minimiser $\\theta_i = w_i / \\sum_q w_q$ (strict convexity)", "Lagrange multipliers",
              f"stationary point θ_i = w_i/Σw: {minimiser.is_ratio}; Hessian PD: {minimiser.hessian_pd}",
              (Check("one stationary point, θ_i = w_i / Σ w_q (sympy)", minimiser.unique and minimiser.is_ratio),
               Check("Hessian positive definite for w, θ > 0 (sympy)", minimiser.hessian_pd))),
        Claim("Corollary C.1: symmetric P_f simplifies h_ε", "$\\xi^{j,i} - \\xi^{j,i}_\\lambda = \\xi^{i,j}_\\lambda$",
              f"symbolic: {symmetric.numerators_match}; numeric max gap {c1_gap:.0e}; asymmetric control "
              f"{asym_gap:.2f}",
              (Check("numerators and denominators equal symbolically",
                     symmetric.numerators_match and symmetric.denominators_match),
               Check(f"symmetric Betas at {corollary.queries} points: identity to {IDENTITY_TOL:g}, formulas to "
                     f"{FORMULA_TOL:g}", id_gap < IDENTITY_TOL and c1_gap < FORMULA_TOL),
               Check(f"control, asymmetric {', '.join(f'Beta({r.a:g}, {r.b:g})' for r in corollary.asymmetric)}: "
                     f"formulas differ by > {ASYMMETRIC_GAP:g}", asym_gap > ASYMMETRIC_GAP))),
        Claim("h_ε depends on P_f only through (f(λ) + f(1-λ))/2 (this book's observation)", "not stated",
              f"Beta({sym.a:g}, {sym.b:g}) against its mirror: {sym.mirror_gap:.1e}; against C.1 on the even "
              f"mixture: {sym.mixture_gap:.1e}",
              (Check(f"mirror Beta({sym.b:g}, {sym.a:g}) gives the same h_ε to {FORMULA_TOL:g}",
                     sym.mirror_gap < FORMULA_TOL),
               Check(f"Corollary C.1 on the even mixture gives the same h_ε to {FORMULA_TOL:g}",
                     sym.mixture_gap < FORMULA_TOL)), closed_form="exact"),
        Claim("Thm 3.2, simplest case: on a lone segment the point closer to $\\mathcal{X}_i$ is classified $i$",
              "h classifies x as class i", f"max |limit - (λ*, 1-λ*)| = {limits.lone_gap:.0e}",
              Check(f"limit = (λ*, 1-λ*) to {LONE_TOL:g} for every Beta tried", limits.lone_gap < LONE_TOL),
              closed_form="(λ*, 1-λ*)"),
        Claim("Prop. 2.5 (proof): $\\xi^{1,1} = \\xi^{2,2}$ at the origin", "equal",
              f"max |ξ^{{1,1}} - ξ^{{2,2}}|/ε = {prop.equal_gap:.0e} over {len(prop.eps)} radii",
              Check(f"|ξ^{{1,1}} - ξ^{{2,2}}| / ε < {IDENTITY_TOL:g} at every ε", prop.equal_gap < IDENTITY_TOL),
              closed_form="equal (symmetry of the cross)"),
        Claim("Prop. 2.5 (proof): their value is ε/4", "ε/4", f"{ratio[-1]:.4f} ε",
              Check(f"|ξ^{{1,1}}/ε - 1/4| < {VALUE_TOL:g} at every ε",
                    bool(np.all(np.abs(ratio - 0.25) < VALUE_TOL))),
              closed_form="ε/8"),
        Claim("this book: $\\xi^{1,1} = \\xi^{2,2} = \\epsilon/8$ at the origin (λ-interval of P_f-measure ε)", "–",
              f"{ratio[-1]:.4f} ε",
              Check(f"|ξ^{{1,1}}/ε - 1/8| < {VALUE_TOL:g} at every ε",
                    bool(np.all(np.abs(ratio - 0.125) < VALUE_TOL))),
              closed_form="ε/8"),
        Claim("Prop. 2.5: h(0) = (1/2, 1/2)", "(1/2, 1/2)", f"{np.round(origin, 4).tolist()}",
              Check(f"|h(0) - (1/2, 1/2)| < {VALUE_TOL:g}", bool(np.abs(origin - 0.5).max() < VALUE_TOL)),
              closed_form="(1/2, 1/2)"),
        Claim("Prop. 2.5: h is discontinuous at the origin", "h → (1, 0) on the class-1 segment",
              f"limit at (0, 0.001): {np.round(prop.limit_probes[2], 4).tolist()}; max |h - (1, 0)| at the "
              f"{int(off_segment.sum())} points (0, u ≠ 0): {segment_gap:.0e}",
              (Check(f"h = (1, 0) to {VALUE_TOL:g} at every u ≠ 0 on the class-1 segment", segment_gap < VALUE_TOL),
               Check(f"h(0) differs from that limit (a jump larger than {VALUE_TOL:g})",
                     bool(np.abs(origin - [1.0, 0.0]).max() > VALUE_TOL))),
              closed_form="(1, 0)"),
        Claim("Prop. 2.8: $h^i = 1$ on $\\mathcal{X}_i$ (finite data)", "$h^i(x) = 1$",
              f"X_4^2 limit at the points: {np.round(limits.line_limit[:, 0], 4).tolist()}",
              Check(f"max |limit - one-hot label| < {VALUE_TOL:g}", limits.line_limit_gap < VALUE_TOL),
              closed_form="one-hot labels"),
        Claim("Remark 2.4: the limit ε → 0 exists for finite data", "proved in Thm 3.2",
              f"max |h_ε - limit| at ε = {limits.check_eps:g}: {limits.limit_gap:.0e}",
              Check(f"|h_ε - limit| < {LIMIT_TOL:g} at all pair midpoints, all Betas", limits.limit_gap < LIMIT_TOL),
              closed_form="closed-form limit"),
    ]
