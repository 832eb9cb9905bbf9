"""The runs of the chapter "The margin of Mixup classifiers" (paper §3.1 and Figure 3; Appendix F, Figures 10-14).

Each function takes the chapter's settings (``config.chapter_settings("margin")``) or the results
of another, and returns a frozen dataclass:

- :func:`train_decision_maps`  ERM and Mixup(α) networks on the separated two moons at every class
  separation γ, one dataset per seed, trained with the corrected loop (gradients zeroed at every
  step) and with the authors' loop (never zeroed); their predicted class on a grid;
- :func:`margin_table`         per seed: the grid margins m/r of the training points (per class, as in
  :mod:`mixup_nb_utils.theory.margins`) and the boundary spread of each seed's map;
- :func:`closed_form_maps`     the exact h_ε of Lemma 2.3 on the same grid for one dataset per γ, and
  the same measures;
- :func:`limit_check`          the ε → 0 limit h^0 = λ on random class-0/class-1 segment points;
- :func:`assumption_scan`      Assumption 3.1 and Theorem 3.2 checked exactly between the classes;
- :func:`claims`               the chapter's "Claims checked" rows, each verdict computed from checks.

Seed s draws its own dataset ``two_moons(s, γ)`` and is the seed of its networks' initial weights and
Mixup draws, so ERM and every Mixup network of a seed share data and initialisation: comparisons
between methods are paired by seed (difference of the per-seed values, ± its standard error).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Sequence

import numpy as np
from scipy import stats

from ..claims import Check, Claim, decide
from ..data.synthetic import two_moons
from ..device import get_device, make_generators
from ..theory.geometry import assumption_3_1
from ..mixup.mixing import BetaMixing
from ..theory.margins import boundary_crossings, boundary_spread, grid_margins, half_distances
from ..data.grids import grid_points
from ..theory.optimal import mixup_optimal, mixup_optimal_limit
from ..training import ERM, EnsembleResult, Member, Mixup, Sampler, train_ensemble

CORRECTED = "corrected"
AUTHORS = "authors"
LOOPS: tuple[str, ...] = (CORRECTED, AUTHORS)
LOOP_NAMES = {CORRECTED: "corrected loop", AUTHORS: "authors' loop"}

#: A boundary counts as "essentially vertical" (ERM in Figure 3) when every seed's spread is below this.
VERTICAL_SPREAD = 0.1
#: Every network must fit its training set to at most this error (15 of 300 points).
MAX_TRAIN_ERROR = 0.05
#: Largest |h^0 - λ| accepted on a class-0/class-1 segment (the limit is exact up to rounding).
LIMIT_TOLERANCE = 1e-4
#: Members per ensemble on a CPU: larger ensembles overflow the caches and run up to 3x slower per
#: member (measured on a 2-core EPYC: 0.57 ms per member and step at 8, 1.9 ms at 64). On a GPU all
#: members of a loop train as one ensemble.
CPU_ENSEMBLE_SIZE = 8
#: Grid points evaluated at once when predicting (bounds the (members, points, hidden) activations).
PREDICT_CHUNK = 500


# --------------------------------------------------------------------------------------------
# What is trained, and where it is drawn
# --------------------------------------------------------------------------------------------

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


@dataclass(frozen=True)
class Grid:
    """A square grid over [-extent, extent]²: its points (G, 2), image ``shape`` and imshow ``extent``."""

    points: np.ndarray
    shape: tuple[int, int]
    extent: tuple[float, float, float, float]

    @property
    def spacing(self) -> float:
        """Distance between neighbouring grid points along x_1."""
        return (self.extent[1] - self.extent[0]) / (self.shape[1] - 1)


def map_grid(settings: SimpleNamespace) -> Grid:
    """The maps' grid: ``settings.grid`` points per axis over [-settings.extent, settings.extent]²."""
    e = float(settings.extent)
    Q, shape, extent = grid_points((-e, e), (-e, e), int(settings.grid))
    return Grid(Q, shape, extent)


def moons(separations: Sequence[float], seeds: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The datasets ``two_moons(seed, γ)``: points (separations, seeds, m, 2) and labels (separations, seeds, m)."""
    data = [[two_moons(int(s), float(g)) for s in seeds] for g in separations]
    return (np.array([[d[0] for d in row] for row in data]), np.array([[d[1] for d in row] for row in data]))


def seed_list(settings: SimpleNamespace) -> tuple[int, ...]:
    """Seeds ``settings.seed`` .. ``settings.seed + settings.seeds - 1``."""
    if int(settings.seeds) < 1:
        raise ValueError(f"settings.seeds must be >= 1, got {settings.seeds}.")
    return tuple(range(int(settings.seed), int(settings.seed) + int(settings.seeds)))


# --------------------------------------------------------------------------------------------
# Trained networks
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionMaps:
    """Predicted classes of every trained network on the grid.

    ``labels[i, j, s]``: the class (0/1) predicted at each grid point by the network of method
    ``methods[j]`` trained on seed ``seeds[s]``'s dataset at separation ``separations[i]``;
    ``train_error`` (separations, methods, seeds): its final error on its own training points;
    ``X``, ``y``: the datasets (separations, seeds, m, 2) and (separations, seeds, m).
    """

    separations: tuple[float, ...]
    methods: tuple[Method, ...]
    seeds: tuple[int, ...]
    grid: Grid
    X: np.ndarray
    y: np.ndarray
    labels: np.ndarray
    train_error: np.ndarray
    epochs: int
    hidden: int
    lr: float
    seconds: float

    def where(self, separation: float, method: Method) -> tuple[int, int]:
        """Indices (separation, method) into the arrays."""
        return _index(self.separations, separation, "separation"), _index(self.methods, method, "method")

    def fraction(self, separation: float, method: Method) -> np.ndarray:
        """Fraction of the seeds whose network predicts class 1 at each grid point (G,): the drawn map."""
        i, j = self.where(separation, method)
        return self.labels[i, j].mean(0)


def _index(options: Sequence, value, what: str) -> int:
    for k, v in enumerate(options):
        if v == value:
            return k
    raise ValueError(f"{what} {value!r} was not computed; computed: {list(options)}.")


def grid_predictions(result: EnsembleResult, points: np.ndarray, chunk: int = PREDICT_CHUNK) -> np.ndarray:
    """argmax of every member's softmax at ``points`` (members, G), evaluated ``chunk`` points at a time."""
    out = [result.predict_proba(points[k:k + chunk]).argmax(-1) for k in range(0, len(points), int(chunk))]
    return np.concatenate(out, axis=1).astype(np.int8)


def train_decision_maps(settings: SimpleNamespace) -> DecisionMaps:
    """Train every network of Figures 3 and 10-14 and predict on the grid (paper §3.1, App. F).

    For each loop, the (separation, method, seed) networks train as ensembles (one on a GPU, groups of
    :data:`CPU_ENSEMBLE_SIZE` on a CPU), each member on its own dataset: an MLP 2-``settings.hidden``-2,
    full-batch Adam (lr ``settings.lr``) for ``settings.epochs`` steps, Mixup with one λ ~ Beta(α, α)
    per step; the authors' loop adds the gradients of all past steps
    (``train_ensemble(..., accumulate_grads=True)``). ``settings.device`` (optional): None picks CUDA
    when present.
    """
    seeds, seps = seed_list(settings), tuple(float(g) for g in settings.separations)
    methods, grid = trained_methods(settings.alphas), map_grid(settings)
    X, y = moons(seps, seeds)
    labels = np.zeros((len(seps), len(methods), len(seeds), len(grid.points)), dtype=np.int8)
    error = np.zeros((len(seps), len(methods), len(seeds)))
    device = get_device(getattr(settings, "device", None))
    start = time.perf_counter()
    for loop in LOOPS:
        cells = [(i, j, s) for i in range(len(seps)) for j, m in enumerate(methods) if m.loop == loop
                 for s in range(len(seeds))]
        size = len(cells) if device.type == "cuda" else CPU_ENSEMBLE_SIZE
        for group in (cells[k:k + size] for k in range(0, len(cells), size)):
            members = [Member(methods[j].sampler(), seed=seeds[s]) for i, j, s in group]
            res = train_ensemble(np.stack([X[i, s] for i, _, s in group]), np.stack([y[i, s] for i, _, s in group]),
                                 members, hidden=int(settings.hidden), epochs=int(settings.epochs),
                                 lr=float(settings.lr), record_every=int(settings.epochs), device=device,
                                 accumulate_grads=loop == AUTHORS)
            pred = grid_predictions(res, grid.points)
            for r, (i, j, s) in enumerate(group):
                labels[i, j, s], error[i, j, s] = pred[r], res.errors[r, -1]
    return DecisionMaps(seps, methods, seeds, grid, X, y, labels, error, int(settings.epochs), int(settings.hidden),
                        float(settings.lr), time.perf_counter() - start)


# --------------------------------------------------------------------------------------------
# Margins and boundary shapes, per seed
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SeedSummary:
    """Mean, standard deviation (n - 1 in the denominator; NaN for one value) and count of per-seed values."""

    mean: float
    sd: float
    n: int

    @property
    def se(self) -> float:
        """Standard error of the mean, sd / √n."""
        return self.sd / np.sqrt(self.n)

    def __str__(self) -> str:
        return f"{self.mean:.2f} ± {self.sd:.2f}"


def summarise(values) -> SeedSummary:
    """Mean ± sd of the finite values in ``values`` (one per seed)."""
    v = np.asarray(values, dtype=float).reshape(-1)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return SeedSummary(float("nan"), float("nan"), 0)
    return SeedSummary(float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else float("nan"), len(v))


def paired_difference(a, b) -> SeedSummary:
    """Per-seed differences a - b (same seeds, same datasets), summarised: mean ± sd, se = sd/√n."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired values need the same shape, got {a.shape} and {b.shape}.")
    return summarise(a - b)


def margin_ratios(X, y, grid: Grid, predicted) -> np.ndarray:
    """m_g(x) / r(x) for every training point: grid margin over half-distance (:mod:`mixup_nb_utils.theory.margins`)."""
    return grid_margins(X, y, grid.points, predicted) / half_distances(X, y)


def _ratio_stats(ratios: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per class c = 0, 1: the median of m/r over class c's points and the fraction below 1/2."""
    med = np.array([np.median(ratios[y == c]) for c in (0, 1)])
    low = np.array([np.mean(ratios[y == c] < 0.5) for c in (0, 1)])
    return med, low


@dataclass(frozen=True)
class MarginTable:
    """Per seed: margins of the training points and the spread of the boundary.

    ``ratio_median[i, j, s, c]``: median over class c's training points of m_g(x)/r(x) for the network
    (separation i, method j, seed s); ``ratio_below_half``: the fraction of them with m/r < 1/2;
    ``spread[i, j, s]``: :func:`margins.boundary_spread` of that network's map; ``spread_of_mean[i, j]``:
    of the seed-averaged map (the drawn one); ``epochs``: the networks' training length.
    """

    separations: tuple[float, ...]
    methods: tuple[Method, ...]
    seeds: tuple[int, ...]
    ratio_median: np.ndarray
    ratio_below_half: np.ndarray
    spread: np.ndarray
    spread_of_mean: np.ndarray
    epochs: int

    def where(self, separation: float, method: Method) -> tuple[int, int]:
        return _index(self.separations, separation, "separation"), _index(self.methods, method, "method")

    def worst_class_median(self, separation: float, method: Method) -> np.ndarray:
        """Per seed, the smaller of the two class medians of m/r (seeds,)."""
        i, j = self.where(separation, method)
        return self.ratio_median[i, j].min(-1)

    def spreads(self, separation: float, method: Method) -> np.ndarray:
        """Per seed, the boundary spread (seeds,)."""
        i, j = self.where(separation, method)
        return self.spread[i, j]


def margin_table(maps: DecisionMaps, settings: SimpleNamespace) -> MarginTable:
    """Margins m/r per class and boundary spreads (rows |x_2| ≤ ``settings.spread_rows``) of every network."""
    n_sep, n_meth, n_seed = maps.labels.shape[:3]
    med = np.zeros((n_sep, n_meth, n_seed, 2))
    low = np.zeros_like(med)
    spread = np.zeros((n_sep, n_meth, n_seed))
    of_mean = np.zeros((n_sep, n_meth))
    rows = float(settings.spread_rows)
    for i in range(n_sep):
        for j in range(n_meth):
            for s in range(n_seed):
                ratios = margin_ratios(maps.X[i, s], maps.y[i, s], maps.grid, maps.labels[i, j, s])
                med[i, j, s], low[i, j, s] = _ratio_stats(ratios, maps.y[i, s])
                spread[i, j, s] = boundary_spread(maps.labels[i, j, s], maps.grid.shape, maps.grid.extent, rows)
            of_mean[i, j] = boundary_spread(maps.labels[i, j].mean(0), maps.grid.shape, maps.grid.extent, rows)
    return MarginTable(maps.separations, maps.methods, maps.seeds, med, low, spread, of_mean, maps.epochs)


# --------------------------------------------------------------------------------------------
# The closed form
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClosedFormMaps:
    """h_ε of Lemma 2.3 on the grid for seed ``seed``'s dataset at each separation and α.

    ``prob1[i, a]``: h_ε^1 at each grid point (NaN where no segment passes within ε: outside X_mix at
    this radius); ``ratio_median``, ``ratio_below_half`` (separations, alphas, 2) and ``spread``
    (separations, alphas) as in :class:`MarginTable`, with undefined grid points skipped;
    ``crossing_rows``: how many grid rows cross 1/2 (between defined values).
    """

    separations: tuple[float, ...]
    alphas: tuple[float, ...]
    seed: int
    eps: float
    grid: Grid
    X: np.ndarray
    y: np.ndarray
    prob1: np.ndarray
    ratio_median: np.ndarray
    ratio_below_half: np.ndarray
    spread: np.ndarray
    crossing_rows: np.ndarray
    seconds: float

    def where(self, separation: float, alpha: float) -> tuple[int, int]:
        return _index(self.separations, separation, "separation"), _index(self.alphas, alpha, "alpha")


def closed_form_maps(settings: SimpleNamespace) -> ClosedFormMaps:
    """The exact h_ε (``theory.mixup_optimal``, ε = ``settings.eps``) for ``settings.closed_form_alphas``.

    The predicted class is argmax h_ε where h_ε is defined and "undefined" (skipped by the margins,
    never a crossing) where it is not.
    """
    seps, alphas = tuple(float(g) for g in settings.separations), tuple(float(a) for a in settings.closed_form_alphas)
    grid, seed, eps = map_grid(settings), int(settings.seed), float(settings.eps)
    X, y = moons(seps, (seed,))
    X, y = X[:, 0], y[:, 0]
    prob1 = np.zeros((len(seps), len(alphas), len(grid.points)))
    med, low = np.zeros((len(seps), len(alphas), 2)), np.zeros((len(seps), len(alphas), 2))
    spread, rows = np.zeros((len(seps), len(alphas))), np.zeros((len(seps), len(alphas)), dtype=int)
    start = time.perf_counter()
    for i in range(len(seps)):
        for a, alpha in enumerate(alphas):
            h = mixup_optimal(X[i], y[i], grid.points, eps, alpha)
            prob1[i, a] = h[:, 1]
            label = np.where(np.isnan(h[:, 0]), -1, h.argmax(-1))
            med[i, a], low[i, a] = _ratio_stats(margin_ratios(X[i], y[i], grid, label), y[i])
            pos = boundary_crossings(h[:, 1], grid.shape, grid.extent, float(settings.spread_rows))
            rows[i, a] = int(np.isfinite(pos).sum())
            spread[i, a] = boundary_spread(h[:, 1], grid.shape, grid.extent, float(settings.spread_rows))
    return ClosedFormMaps(seps, alphas, seed, eps, grid, X, y, prob1, med, low, spread, rows,
                          time.perf_counter() - start)


@dataclass(frozen=True)
class LimitCheck:
    """The ε → 0 limit on random points x = λ s + (1 - λ) t of random segments (seed ``seed``, separation γ).

    ``cross``: the segments from a class-0 point s to a class-1 point t; on such a segment, when no
    other segment passes through x, Lemma 2.3's limit is h^0(x) = λ for every symmetric Beta.
    ``prob0[a]``: the limit's h^0 at every point for ``alphas[a]``. Over the cross points, split by the
    float64 value of the density f(λ): ``undefined[a]`` where it underflows to 0 (the engine returns
    NaN), ``subnormal[a]`` where it is below the smallest normal float64 (digits are lost),
    ``max_deviation[a]``: the largest |h^0 - λ| where it is a normal float64, ``max_deviation_subnormal[a]``
    the largest where it is subnormal (0 when there is none).
    """

    separation: float
    seed: int
    alphas: tuple[float, ...]
    points: np.ndarray
    lam: np.ndarray
    cross: np.ndarray
    prob0: np.ndarray
    max_deviation: np.ndarray
    max_deviation_subnormal: np.ndarray
    undefined: np.ndarray
    subnormal: np.ndarray


def limit_check(settings: SimpleNamespace) -> LimitCheck:
    """h^0 = λ on class-0/class-1 segments (Lemma 2.3 as ε → 0; the distance scale min_j d(X_i, X_j)/2)."""
    sep, seed = float(settings.separations[0]), int(settings.seed)
    alphas = tuple(float(a) for a in settings.closed_form_alphas)
    X, y = two_moons(seed, sep)
    rng = make_generators(seed).numpy
    n = int(settings.limit_points)
    a_idx, b_idx, lam = rng.integers(0, len(X), n), rng.integers(0, len(X), n), rng.uniform(size=n)
    P = lam[:, None] * X[a_idx] + (1 - lam[:, None]) * X[b_idx]
    cross = (y[a_idx] == 0) & (y[b_idx] == 1)
    prob0 = np.array([mixup_optimal_limit(X, y, P, a)[:, 0] for a in alphas])
    dev = np.abs(prob0[:, cross] - lam[cross])
    dens = np.array([BetaMixing(a).pdf(lam[cross]) for a in alphas])
    normal, tiny = dens >= np.finfo(float).tiny, (dens > 0) & (dens < np.finfo(float).tiny)
    worst = np.array([d[ok].max() if ok.any() else 0.0 for d, ok in zip(dev, normal)])
    worst_tiny = np.array([d[ok].max() if ok.any() else 0.0 for d, ok in zip(dev, tiny)])
    return LimitCheck(sep, seed, alphas, P, lam, cross, prob0, worst, worst_tiny, (dens == 0).sum(1), tiny.sum(1))


def log10_beta_density(alpha: float, lam: float) -> float:
    """log10 of the Beta(α, α) density at λ, computed in log space (it underflows float64 for large α)."""
    return float(stats.beta.logpdf(float(lam), float(alpha), float(alpha)) / np.log(10.0))


# --------------------------------------------------------------------------------------------
# Assumption 3.1 in the band between the classes
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AssumptionScan:
    """Assumption 3.1 and h_ε at grid points of the empty band (seed ``seed``, separation γ).

    Each point is assigned the class of its side of the band's midline; ``holds``: Assumption 3.1
    holds there for that class (exactly, ``geometry.assumption_3_1``); ``in_mix``: some segment passes
    within ε; ``agree``: argmax h_ε is the point's side.
    """

    separation: float
    seed: int
    eps: float
    delta: float
    points: np.ndarray
    side: np.ndarray
    holds: np.ndarray
    in_mix: np.ndarray
    agree: np.ndarray

    @property
    def n_hold(self) -> int:
        return int(np.sum(self.holds & self.in_mix))

    @property
    def n_agree_where_holds(self) -> int:
        return int(np.sum(self.agree & self.holds & self.in_mix))

    @property
    def n_fail(self) -> int:
        return int(np.sum(self.in_mix & ~self.holds))

    @property
    def n_agree_where_fails(self) -> int:
        return int(np.sum(self.agree & self.in_mix & ~self.holds))


def assumption_scan(settings: SimpleNamespace) -> AssumptionScan:
    """Check Assumption 3.1 (ε = ``check_eps``, δ = ``check_delta``, α = 1) and Theorem 3.2's conclusion."""
    sep, seed = float(settings.separations[0]), int(settings.seed)
    eps, delta = float(settings.check_eps), float(settings.check_delta)
    X, y = two_moons(seed, sep)
    lo, hi = X[y == 0, 0].max(), X[y == 1, 0].min()
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    if half <= 0:
        raise ValueError(f"at separation {sep} the classes of seed {seed} overlap along x_1; scan a separated dataset.")
    C, _, _ = grid_points((mid - 0.9 * half, mid + 0.9 * half), (-1.5, 1.5), int(settings.check_points))
    side = (C[:, 0] > mid).astype(int)
    holds = np.array([assumption_3_1(X, y, c, int(k), eps, delta, 1.0).holds for c, k in zip(C, side)])
    h = mixup_optimal(X, y, C, eps, 1.0)
    return AssumptionScan(sep, seed, eps, delta, C, side, holds, ~np.isnan(h[:, 0]), h.argmax(-1) == side)


# --------------------------------------------------------------------------------------------
# Claims checked
# --------------------------------------------------------------------------------------------

def _paired_checks(get, sep: float, methods: Sequence[Method], what: str,
                   where: str = "") -> tuple[str, tuple[Check, ...]]:
    """Each method against ERM at separation ``sep``: the per-seed values, and decide(mean difference, s.e.).

    ``get(sep, method)`` returns the per-seed values; ``what`` names them and ``where`` prefixes each check.
    """
    erm = get(sep, Method(None))
    texts, checks = [f"ERM {summarise(erm)}"], []
    for m in methods:
        mix = get(sep, m)
        d = paired_difference(mix, erm)
        name = m.label.replace("Mixup ", "")
        texts.append(f"{name}: {summarise(mix)}")
        checks.append(decide(d.mean, d.se, f"{where}{name}: {what} − ERM's = {d.mean:.2f} ± {d.se:.2f} (s.e.) > 0"))
    return "; ".join(texts), tuple(checks)


def _closed_text(closed: ClosedFormMaps, sep: float, values: np.ndarray) -> str:
    if sep not in closed.separations:
        return "–"
    i = closed.separations.index(sep)
    return ", ".join(f"α = {a:g}: {values[i, k]:.2f}" for k, a in enumerate(closed.alphas)) + f" (h_ε, seed {closed.seed})"


def _theory_claims(limit: LimitCheck, scan: AssumptionScan) -> list[Claim]:
    """Theorem 3.2 at the scanned band points, and the limit h^0 = λ on class-0/class-1 segments."""
    n_cross = int(limit.cross.sum())
    return [
        Claim("Thm 3.2: where Assumption 3.1 holds for class i, the Mixup-optimal h picks class i",
              "proved", f"h_ε (ε = {scan.eps:g}) picks the point's side at {scan.n_agree_where_holds} of the "
              f"{scan.n_hold} band points where the assumption holds",
              (Check("assumption holds somewhere and h_ε agrees at every such point (exact)",
                     scan.n_hold > 0 and scan.n_agree_where_holds == scan.n_hold),)),
        Claim("§3.1: a point of class i's side can be up to $\\min_j d(\\mathcal{X}_i, \\mathcal{X}_j)/2$ from $\\mathcal{X}_i$ (segment midpoints)",
              "up to d/2", "–",
              tuple(Check(f"α = {a:g}: max |h⁰ − λ| = {dev:.0e} < {LIMIT_TOLERANCE:g} on the {n_cross - n - t} of "
                          f"{n_cross} cross-segment points where f(λ) is a normal float64 ({n} underflow to 0, "
                          f"{t} subnormal)", bool(dev < LIMIT_TOLERANCE))
                    for a, dev, n, t in zip(limit.alphas, limit.max_deviation, limit.undefined, limit.subnormal)),
              closed_form="ε → 0 limit: h⁰ = λ"),
    ]


def _shape_claims(maps: DecisionMaps, table: MarginTable, closed: ClosedFormMaps) -> list[Claim]:
    """ERM near-vertical at the first separation; Mixup more curved than ERM at each separation and loop."""
    sep_a, erm = maps.separations[0], Method(None)
    alphas = [m.alpha for m in maps.methods if m.alpha is not None and m.loop == CORRECTED]
    erm_spread = table.spreads(sep_a, erm)
    rows = [Claim(f"Fig. 3 (γ = {sep_a:g}): the ERM boundary is essentially a vertical line (x_1 alone)",
                  "linear in x_1", f"spread {summarise(erm_spread)} ({len(maps.seeds)} seeds)",
                  (Check(f"largest spread over the seeds {np.nanmax(erm_spread):.2f} < {VERTICAL_SPREAD:g}",
                         bool(np.nanmax(erm_spread) < VERTICAL_SPREAD)),))]
    for sep in maps.separations:
        figs = "Figs. 3, 10, 11" if sep == sep_a else "Figs. 12–14"
        for loop in LOOPS:
            text, checks = _paired_checks(table.spreads, sep, [Method(a, loop) for a in alphas], "spread")
            rows.append(Claim(f"{figs} (γ = {sep:g}, {LOOP_NAMES[loop]}): Mixup boundaries are more nonlinear than "
                              f"ERM's (boundary spread)", "highly nonlinear" if sep == sep_a else "shown", text, checks,
                              closed_form=_closed_text(closed, sep, closed.spread)))
    if len(maps.separations) > 1:
        sep_b = maps.separations[1]
        d = paired_difference(table.spreads(sep_b, erm), erm_spread)
        rows.append(Claim(f"App. F: at γ = {sep_b:g} even ERM captures more of the curvature than at γ = {sep_a:g}",
                          "more nonlinear", f"ERM spread {summarise(table.spreads(sep_b, erm))} vs "
                          f"{summarise(erm_spread)}",
                          (decide(d.mean, d.se, f"spread difference {d.mean:.2f} ± {d.se:.2f} (s.e.) > 0"),)))
    return rows


def _margin_claim(maps: DecisionMaps, table: MarginTable, closed: ClosedFormMaps) -> Claim:
    """Mixup against ERM on the smaller class median of m/r, per seed, for Figure 3's α at each separation."""
    alphas = [a for a in PAPER_FIGURES[0].alphas if Method(a) in maps.methods]
    texts, checks = [], []
    for sep in maps.separations:
        text, found = _paired_checks(table.worst_class_median, sep, [Method(a, loop) for loop in LOOPS for a in alphas],
                                     "median m/r", where=f"γ = {sep:g}, ")
        texts.append(f"γ = {sep:g}: {text}")
        checks.extend(found)
    return Claim("§3.1, App. F: Mixup gives more separation between points than ERM's (near-linear) boundary; "
                 "per seed the smaller class median of m/r", "illustrated by Fig. 3 (γ = 0.5), Fig. 12 (γ = 0.1)",
                 " / ".join(texts), tuple(checks),
                 closed_form=" / ".join(f"γ = {sep:g}: " + _closed_text(closed, sep, closed.ratio_median.min(-1))
                                        for sep in maps.separations))


def claims(maps: DecisionMaps, table: MarginTable, closed: ClosedFormMaps, limit: LimitCheck,
           scan: AssumptionScan) -> list[Claim]:
    """The "Claims checked" rows of the chapter, each verdict computed from its checks.

    Spreads and margins are compared by seed (paired: same dataset, same initial weights), with
    :func:`claims.decide` at ± 2 standard errors of the mean difference. The margin claim (§3.1:
    Mixup "can lead to more separation between points than a linear decision boundary") is tested
    on Figure 3's α (and Figure 12's, the same α at γ = 0.1) by the smaller of the two class medians
    of m/r per seed.
    """
    worst = float(np.max(maps.train_error))
    fit_row = Claim("All networks fit their training data (the margins are those of fitted classifiers)", "–",
                    f"largest final training error {worst:.3f} ({maps.train_error.size} networks)",
                    (Check(f"largest error ≤ {MAX_TRAIN_ERROR:g}", bool(worst <= MAX_TRAIN_ERROR)),))
    return (_theory_claims(limit, scan) + _shape_claims(maps, table, closed)
            + [_margin_claim(maps, table, closed), fit_row])


# --------------------------------------------------------------------------------------------
# The paper's figures
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaperFigure:
    """A figure of the paper: its name, class separation γ, the Mixup α it shows and whether ERM is shown."""

    name: str
    separation: float
    alphas: tuple[float, ...]
    with_erm: bool


#: Figure 3 (§3.1) and Figures 10-14 (Appendix F), as listed in the paper's captions.
PAPER_FIGURES: tuple[PaperFigure, ...] = (
    PaperFigure("Figure 3", 0.5, (1.0, 1024.0), True),
    PaperFigure("Figure 10", 0.5, (32.0, 64.0), False),
    PaperFigure("Figure 11", 0.5, (128.0, 512.0), False),
    PaperFigure("Figure 12", 0.1, (1.0, 1024.0), True),
    PaperFigure("Figure 13", 0.1, (32.0, 64.0), False),
    PaperFigure("Figure 14", 0.1, (128.0, 512.0), False),
)


def paper_figures(maps: DecisionMaps) -> list[PaperFigure]:
    """The paper's figures whose separation and α were all trained (every one at the chapter's settings)."""
    trained = {m.alpha for m in maps.methods}
    return [f for f in PAPER_FIGURES if f.separation in maps.separations and set(f.alphas) <= trained]
