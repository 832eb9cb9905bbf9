"""The chapter "A failure case" (paper §2.3, Theorem 2.7, App. D.1): the runs it shows, and its claims.

- :func:`xi_agreement`       the hand-derived ξ terms of X_3^2 against the general engine
- :func:`proof_steps`        every quantity of the proof of Theorem 2.7, at the proof's own α
- :func:`bound_vs_critical`  the proof's bound on α against the exact critical α*(ε)
- :func:`train_x32`          Figure 1 and Table 1: the authors' protocol and independent runs
- :func:`error_curves`       what Figure 1's error curves do (final errors, the last dip below 1/3)
- :func:`fit_sweep`          trained networks across α against h_ε, one ε fitted to all α
- :func:`figure_8`           App. D.1: X_10^2 and X_10^10, trained and in closed form
- :func:`closed_form_scan`   the closed-form training error of h_ε on X_10^k over ε, with its margins
- :func:`claims`             the rows of the "Claims checked" table, built from the results above
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import optimize, stats

from ..data.synthetic import alternating_line
from ..claims import Check, Claim, decide
from ..mixup.mixing import BetaMixing
from ..theory.alternating import (BetaVariance, EpsFit, Theorem27Steps, critical_alpha, fit_single_eps,
                                  h_curve, matching_eps, paper_alpha_bound, theorem_2_7_steps, x32_xi)
from ..theory.geometry import xi_terms
from ..theory.optimal import mixup_optimal
from ..training.runs import RunsResult, train_runs
from ..training.samplers import ERM, Mixup

#: The paper's Table 1: class-1 probability of the trained Mixup networks at the points 0, 1, 2.
PAPER_TABLE_1: dict[float, tuple[float, float, float]] = {
    1.0: (0.995, 0.156, 0.979), 32.0: (1.000, 0.603, 0.997), 128.0: (1.000, 0.650, 0.997)}
#: The radii at which the chapter follows the proof of Theorem 2.7 step by step.
PROOF_EPS: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)
#: The three training protocols of Figure 1 and Table 1, in the order of :meth:`X32Training.point1`.
PROTOCOLS: tuple[str, ...] = ("authors'", "independent, λ per batch", "independent, λ per pair")
#: α large enough that Beta(α, α) is a point mass at 1/2 for h_ε on X_3^2 (to 1e-8).
LARGE_ALPHA = 1e8


# ---------------------------------------------------------------- the theorem and its proof


def xi_agreement(eps_values: Sequence[float], alphas: Sequence[float]) -> float:
    """The largest absolute difference, over all (ε, α), between the hand-derived ξ terms of X_3^2 at
    x = 1 (:func:`~mixup_nb_utils.theory.alternating.x32_xi`) and the general engine's
    (:func:`~mixup_nb_utils.theory.geometry.xi_terms`, Lemma 2.3's ξ^{i,j}_{x,ε} and ξ^{i,j}_{x,ε,λ})."""
    X, y = alternating_line(3)
    worst = 0.0
    for eps in eps_values:
        for alpha in alphas:
            xi, xi_lam = xi_terms(X, y, [1.0], eps, BetaMixing(alpha))
            hand, hand_lam = x32_xi(eps, alpha).matrices()
            off = [0, 1], [1, 0]
            worst = max(worst, float(np.abs(xi - hand).max()), float(np.abs(xi_lam[off] - hand_lam[off]).max()))
    return worst


def proof_steps(eps_values: Sequence[float] = PROOF_EPS) -> tuple[Theorem27Steps, ...]:
    """:func:`~mixup_nb_utils.theory.alternating.theorem_2_7_steps` at each ε and at the α the proof
    chooses for it, α = (log 4/ε² - 1)/2 (Theorem 2.7, App. C)."""
    return tuple(theorem_2_7_steps(float(e), float(paper_alpha_bound(e))) for e in eps_values)


@dataclass(frozen=True)
class BoundComparison:
    """The proof's bound α_paper(ε) = (log 4/ε² - 1)/2 against the exact critical α*(ε) on a grid of ε.

    ``eps_cross``: the ε at which the two cross (above it the bound is not sufficient);
    ``h1_large_alpha``: h^1_ε(1) at α = :data:`LARGE_ALPHA` on the grid (Theorem 2.7 needs > 1/2);
    ``normal_constant``: z_{3/4}²/2, the constant c of α* ≈ c/ε² that the normal approximation of
    P(|λ - 1/2| ≤ ε/2) > 1/2 gives; ``eps2_alpha_star``: ε² α*(ε) at the smallest ε of the grid.
    """

    eps: np.ndarray
    alpha_star: np.ndarray
    alpha_paper: np.ndarray
    eps_cross: float
    h1_large_alpha: np.ndarray
    normal_constant: float
    eps2_alpha_star: float
    small_eps: float

    @property
    def ratio(self) -> np.ndarray:
        """α_paper / α* on the grid."""
        return self.alpha_paper / self.alpha_star

    @property
    def small_ratio_range(self) -> tuple[float, float]:
        """The smallest and largest α_paper / α* over the grid ε below ``small_eps``."""
        r = self.ratio[self.eps < self.small_eps]
        return float(r.min()), float(r.max())

    @property
    def bound_constant(self) -> float:
        """log 4 / 2, the constant of the bound's leading term (log 4 / 2)/ε²."""
        return math.log(4.0) / 2.0


def bound_vs_critical(eps_grid_size: int, eps_min: float = 0.02, eps_max: float = 0.99,
                      small_eps: float = 0.2) -> BoundComparison:
    """α*(ε) (:func:`~mixup_nb_utils.theory.alternating.critical_alpha`, exact h_ε of Lemma 2.3) and the
    proof's bound on ``eps_grid_size`` log-spaced ε in [eps_min, eps_max], and the ε where they cross
    (Brent's method on α_paper(ε) - α*(ε))."""
    if int(eps_grid_size) < 2:
        raise ValueError(f"eps_grid_size must be at least 2, got {eps_grid_size!r}.")
    eps = np.geomspace(eps_min, eps_max, int(eps_grid_size))
    alpha_star = np.array([critical_alpha(e) for e in eps])
    alpha_paper = paper_alpha_bound(eps)
    fails = alpha_paper < alpha_star
    if fails.all() or not fails.any():
        raise ValueError("the bound is sufficient on all or none of the ε grid: widen [eps_min, eps_max].")
    cross = optimize.brentq(lambda e: float(paper_alpha_bound(e)) - critical_alpha(e),
                            eps[~fails].max(), eps[fails].min())
    h_large = np.array([h_curve([LARGE_ALPHA], e)[0] for e in eps])
    return BoundComparison(eps=eps, alpha_star=alpha_star, alpha_paper=alpha_paper, eps_cross=float(cross),
                           h1_large_alpha=h_large, normal_constant=float(stats.norm.ppf(0.75) ** 2 / 2),
                           eps2_alpha_star=float(eps[0] ** 2 * alpha_star[0]), small_eps=float(small_eps))


# ---------------------------------------------------------------- training on X_3^2


@dataclass(frozen=True)
class X32Training:
    """Networks trained on X_3^2: ``authors`` (experiments [ERM, Mixup(α) for α in alphas_table], the
    authors' protocol) and ``independent`` ([ERM, Mixup(α) per batch for alphas_table, Mixup(α) per
    pair for alphas_sweep], independent runs), with the seconds each took."""

    authors: RunsResult
    independent: RunsResult
    alphas_table: tuple[float, ...]
    alphas_sweep: tuple[float, ...]
    seconds_authors: float
    seconds_independent: float

    def sweep_index(self, alpha: float) -> int:
        """The experiment of ``independent`` that trained Mixup(α) with one λ per pair."""
        if alpha not in self.alphas_sweep:
            raise ValueError(f"α = {alpha} is not in the sweep {self.alphas_sweep}; add it to alphas_sweep.")
        return 1 + len(self.alphas_table) + self.alphas_sweep.index(alpha)

    def point1(self, protocol: str) -> np.ndarray:
        """Class-1 probability at point 1, shape (len(alphas_table), runs), for one of :data:`PROTOCOLS`."""
        n = len(self.alphas_table)
        if protocol == PROTOCOLS[0]:
            return self.authors.probs[1:1 + n, :, 1, 0]
        if protocol == PROTOCOLS[1]:
            return self.independent.probs[1:1 + n, :, 1, 0]
        if protocol == PROTOCOLS[2]:
            return self.independent.probs[[self.sweep_index(a) for a in self.alphas_table], :, 1, 0]
        raise ValueError(f"protocol must be one of {PROTOCOLS}, got {protocol!r}.")

    def table_probs(self, alpha: float) -> np.ndarray:
        """Class-1 probabilities at the points 0, 1, 2 under the authors' protocol, shape (runs, 3) (Table 1)."""
        return self.authors.probs[1 + self.alphas_table.index(alpha), :, :, 0]

    def sweep(self) -> np.ndarray:
        """Class-1 probability at point 1 across the sweep (one λ per pair), shape (len(alphas_sweep), runs)."""
        return self.independent.probs[[self.sweep_index(a) for a in self.alphas_sweep], :, 1, 0]

    @property
    def erm_fits(self) -> bool:
        """ERM ends with training error 0 in every run of both protocols."""
        return bool(self.authors.errors[0, :, -1].max() == 0 and self.independent.errors[0, :, -1].max() == 0)


def train_x32(settings, device=None) -> X32Training:
    """Figure 1 and Table 1 (paper §2.3): the MLP 1-hidden-2 trained with full-batch Adam on X_3^2 by
    ERM and Mixup with Beta(α, α), ``settings.runs`` runs each, as in :func:`~mixup_nb_utils.training.runs.train_runs`.
    ``settings``: the chapter's (seed, runs, epochs, hidden, lr, record_every, alphas_table, alphas_sweep)."""
    X, y = alternating_line(3)
    kw = dict(hidden=settings.hidden, epochs=settings.epochs, lr=settings.lr,
              record_every=settings.record_every, device=device)
    table = tuple(float(a) for a in settings.alphas_table)
    sweep = tuple(float(a) for a in settings.alphas_sweep)
    t0 = time.perf_counter()
    authors = train_runs(X, y, [ERM()] + [Mixup(a) for a in table], runs=settings.runs, seed=settings.seed,
                         protocol="authors", **kw)
    t1 = time.perf_counter()
    samplers = [ERM()] + [Mixup(a) for a in table] + [Mixup(a, lam_per="sample") for a in sweep]
    indep = train_runs(X, y, samplers, runs=settings.runs, seed=settings.seed + 1, protocol="independent", **kw)
    return X32Training(authors, indep, table, sweep, t1 - t0, time.perf_counter() - t1)


@dataclass(frozen=True)
class ErrorCurve:
    """One experiment's training-error curve over runs (``errors``: runs × records, in misclassified
    points): the fraction of runs ending with exactly one point misclassified, and the last recorded
    step at which the mean error is below 1/m' (some run then has no error at all; None if never)."""

    label: str
    final_counts: np.ndarray
    ends_with_one_error: float
    last_step_below_one: int | None


def error_curves(res: RunsResult, experiments: Sequence[int], num_points: int) -> tuple[ErrorCurve, ...]:
    """:class:`ErrorCurve` of each experiment of ``res`` (Figure 1's curves, counted in points)."""
    out = []
    for e in experiments:
        counts = np.rint(np.asarray(res.errors[e], dtype=float) * num_points).astype(int)   # (runs, records)
        below = res.record_steps[counts.mean(0) < 1]
        out.append(ErrorCurve(res.labels[e], counts[:, -1], float(np.mean(counts[:, -1] == 1)),
                              int(below.max()) if below.size else None))
    return tuple(out)


@dataclass(frozen=True)
class SweepFit:
    """Trained h^1(1) across the α sweep (``trained``: α × runs) against h_ε (Lemma 2.3).

    ``fit``: the single ε that explains all α best; ``eps_each``: the ε matching each α alone;
    ``last_correct`` / ``first_misclassified``: the largest α with mean h^1(1) ≤ 1/2 and the smallest
    with mean > 1/2 (NaN when there is none); ``alpha_star_fit``: α* at the fitted ε; ``closed_form``:
    h^1_ε(1) at the fitted ε
    on the sweep; ``curve_alphas``, ``curves`` (one row per ε of ``curve_eps``) and ``fit_curve``: the
    closed form on a fine grid of α, for the figure.
    """

    alphas: np.ndarray
    trained: np.ndarray
    fit: EpsFit
    eps_each: np.ndarray
    last_correct: float
    first_misclassified: float
    alpha_star_fit: float
    closed_form: np.ndarray
    curve_alphas: np.ndarray
    curve_eps: tuple[float, ...]
    curves: np.ndarray
    fit_curve: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        return self.trained.mean(1)

    @property
    def sd(self) -> np.ndarray:
        return self.trained.std(1)


def fit_sweep(training: X32Training, curve_eps: Sequence[float], curve_points: int = 60) -> SweepFit:
    """The α sweep of ``training`` (one λ per pair) against h_ε: one ε fitted by least squares over α
    (:func:`~mixup_nb_utils.theory.alternating.fit_single_eps`), the ε matching each α alone, and α* there."""
    alphas = np.array(training.alphas_sweep)
    trained = training.sweep()
    mean = trained.mean(1)
    fit = fit_single_eps(alphas, mean)
    fine = np.geomspace(alphas.min() / 2, alphas.max() * 2, int(curve_points))
    return SweepFit(alphas=alphas, trained=trained, fit=fit,
                    eps_each=np.array([matching_eps(a, p) for a, p in zip(alphas, mean)]),
                    last_correct=float(alphas[mean <= 0.5].max()) if (mean <= 0.5).any() else math.nan,
                    first_misclassified=float(alphas[mean > 0.5].min()) if (mean > 0.5).any() else math.nan,
                    alpha_star_fit=critical_alpha(fit.eps), closed_form=h_curve(alphas, fit.eps), curve_alphas=fine,
                    curve_eps=tuple(float(e) for e in curve_eps),
                    curves=np.stack([h_curve(fine, e) for e in curve_eps]), fit_curve=h_curve(fine, fit.eps))


# ---------------------------------------------------------------- App. D.1: ten points


@dataclass(frozen=True)
class LineRuns:
    """X_m^k trained ([ERM] + [Mixup(α) for α in alphas], independent runs) and the closed-form
    training error of h_ε at each α."""

    k: int
    runs: RunsResult
    alphas: tuple[float, ...]
    closed_errors: np.ndarray

    def final_error(self, experiment: int) -> np.ndarray:
        """Final training error of each run of one experiment (0: ERM, 1 + i: Mixup(alphas[i]))."""
        return self.runs.errors[experiment, :, -1]


@dataclass(frozen=True)
class Figure8:
    """App. D.1's Figure 8: one :class:`LineRuns` per number of classes, at the radius ``eps``."""

    eps: float
    lines: tuple[LineRuns, ...]
    seconds: float

    def line(self, k: int) -> LineRuns:
        for ln in self.lines:
            if ln.k == k:
                return ln
        raise ValueError(f"no X_10^{k} in this result (classes: {[ln.k for ln in self.lines]}).")


def training_error_of_h(m: int, k: int, eps: float, alpha: float) -> float:
    """The fraction of the points of X_m^k that h_ε (Lemma 2.3, Beta(α, α)) misclassifies."""
    X, y = alternating_line(m, k)
    return float(np.mean(mixup_optimal(X, y, X, eps, alpha, num_classes=k).argmax(1) != y))


def figure_8(settings, eps: float, device=None, classes: Sequence[int] = (2, 10), m: int = 10) -> Figure8:
    """App. D.1: X_m^k for each k of ``classes``, trained as in :func:`train_x32` (independent runs,
    one λ per batch, seed ``settings.seed + 2``) with ERM and Mixup(α) for α in ``settings.alphas_fig8``,
    and the closed-form error of h_ε at ``eps``."""
    alphas = tuple(float(a) for a in settings.alphas_fig8)
    kw = dict(hidden=settings.hidden, epochs=settings.epochs, lr=settings.lr,
              record_every=settings.record_every, device=device)
    t0 = time.perf_counter()
    lines = []
    for k in classes:
        X, y = alternating_line(m, k)
        runs = train_runs(X, y, [ERM()] + [Mixup(a) for a in alphas], runs=settings.runs, seed=settings.seed + 2,
                          protocol="independent", **kw)
        lines.append(LineRuns(int(k), runs, alphas, np.array([training_error_of_h(m, k, eps, a) for a in alphas])))
    return Figure8(float(eps), tuple(lines), time.perf_counter() - t0)


@dataclass(frozen=True)
class ClosedFormScan:
    """h_ε on X_m^k over a scan of ε: ``errors`` (classes, alphas, eps) the fraction misclassified;
    ``margins`` (classes, alphas, eps, m) h^{y_i}_ε(x_i) - max_{c ≠ y_i} h^c_ε(x_i) (< 0: misclassified)."""

    classes: tuple[int, ...]
    alphas: tuple[float, ...]
    eps: tuple[float, ...]
    errors: np.ndarray
    margins: np.ndarray

    def margin_range(self, k: int, alpha: float, interior: bool = True) -> np.ndarray:
        """(smallest, largest) margin at each ε, shape (len(eps), 2), over the interior points 1..m-2
        (the two end points have no neighbour on one side and large margins) or over all points."""
        mg = self.margins[self.classes.index(k), self.alphas.index(alpha)]
        mg = mg[:, 1:-1] if interior else mg
        return np.stack([mg.min(1), mg.max(1)], 1)


def closed_form_scan(eps_values: Sequence[float], alphas: Sequence[float], classes: Sequence[int] = (2, 10),
                     m: int = 10) -> ClosedFormScan:
    """The closed-form training error and per-point margins of h_ε (Lemma 2.3) on X_m^k (App. D.1)."""
    errors = np.zeros((len(classes), len(alphas), len(eps_values)))
    margins = np.zeros(errors.shape + (int(m),))
    for i, k in enumerate(classes):
        X, y = alternating_line(m, k)
        rows = np.arange(int(m))
        for j, a in enumerate(alphas):
            for l, e in enumerate(eps_values):
                h = mixup_optimal(X, y, X, e, a, num_classes=k)
                own = h[rows, y]
                others = h.copy()
                others[rows, y] = -np.inf
                margins[i, j, l] = own - others.max(1)
                errors[i, j, l] = np.mean(h.argmax(1) != y)
    return ClosedFormScan(tuple(int(k) for k in classes), tuple(float(a) for a in alphas),
                          tuple(float(e) for e in eps_values), errors, margins)


# ---------------------------------------------------------------- the "Claims checked" rows


def _within_paper(values: np.ndarray, paper: float) -> bool:
    """The paper's 10-run mean (rounded to 3 decimals) within two standard errors of a difference of
    two means of as many runs as ``values`` has (2 √2 sd/√runs with the book's sd), plus its rounding (0.0005)."""
    return bool(abs(values.mean() - paper) < 2 * math.sqrt(2) * values.std() / math.sqrt(values.size) + 5e-4)


def _se_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(math.sqrt(a.var() / a.size + b.var() / b.size))


def claims(bound: BoundComparison, steps: Sequence[Theorem27Steps], variance: BetaVariance,
           training: X32Training, sweep: SweepFit, fig8: Figure8) -> list[Claim]:
    """The chapter's "Claims checked" rows; every verdict follows from the checks computed here.

    Needs Table 1's α = 1, 32, 128 in ``training.alphas_table`` and α = 1, 32 in its sweep.
    """
    if not {1.0, 32.0, 128.0} <= set(training.alphas_table) or not {1.0, 32.0} <= set(training.alphas_sweep):
        raise ValueError(f"claims needs alphas_table ⊇ (1, 32, 128) and alphas_sweep ⊇ (1, 32), got "
                         f"{training.alphas_table} and {training.alphas_sweep}.")
    return (_theorem_claims(bound, steps, variance) + _table_1_claims(training, sweep)
            + _training_claims(training, sweep, fig8))


def _theorem_claims(bound: BoundComparison, steps: Sequence[Theorem27Steps], variance: BetaVariance) -> list[Claim]:
    eps_txt = ", ".join(f"{s.eps:g}" for s in steps)
    alphas_txt = ", ".join(f"{a:g}" for a in variance.alphas)
    rel = np.abs(variance.quadrature / variance.proof - 1)
    return [
        Claim("Theorem 2.7: for every ε some α makes $h_\\epsilon$ misclassify a point of $\\mathcal{X}_3^2$", "proved",
              f"α*(ε) finite for all {bound.eps.size} ε in [{bound.eps[0]:g}, {bound.eps[-1]:g}]",
              (Check("α*(ε) < ∞ at every grid ε (scan to α = 1e8)", bool(np.all(np.isfinite(bound.alpha_star)))),
               Check(f"h¹_ε(1) > ½ at α = 10^{round(math.log10(LARGE_ALPHA))} at every grid ε",
                     bool(np.all(bound.h1_large_alpha > 0.5)))),
              f"α*(0.1) = {critical_alpha(0.1):.1f}"),
        Claim("Proof of Thm 2.7, step 1: Var Beta(α, α) = 1/(4α + 2)", "1/(4α+2)",
              f"sympy: {variance.symbolic} ({variance.ratio_to_proof} of the proof's)",
              (Check("sympy: Var Beta(α, α) − 1/(4α+2) simplifies to 0", variance.equals_proof),
               Check(f"quadrature equals 1/(4α+2) to 1e-8 (relative) at α = {alphas_txt}", bool(np.all(rel < 1e-8)))),
              variance.symbolic),
        Claim("Proof, step 1: P(|Y−½| ≤ ε) ≥ 1 − 2exp(−ε²/(2σ²))", "with σ² = 1/(4α+2)",
              "min over ε of P − bound: " + f"{min(s.p_within_eps - s.subgauss_bound_paper_var for s in steps):.3f}",
              (Check(f"holds with the proof's σ² at ε = {eps_txt} (its α)",
                     all(s.p_within_eps >= s.subgauss_bound_paper_var for s in steps)),
               Check("holds with the true variance there",
                     all(s.p_within_eps >= s.subgauss_bound_true_var for s in steps)))),
        Claim("Proof, step 3: P(|Y−½| ≤ ε) > ½ gives ξ¹¹ > ξ²²", "ξ¹¹ counts |λ − ½| ≤ ε",
              "ξ¹¹ counts |λ − ½| ≤ ε/2 (engine); ξ¹¹ − ξ²² = "
              + ", ".join(f"{s.xi11_engine - s.xi.xi22:.3f}" for s in steps),
              (Check(f"engine's ξ¹¹ = 2/9·P(|λ−½| ≤ ε) to 1e-9 at ε = {eps_txt}",
                     all(abs(s.xi11_engine - s.xi11_proof_event) < 1e-9 for s in steps)),
               Check("engine's ξ¹¹ > ξ²² = 1/9 at the proof's α, every ε",
                     all(s.xi11_engine > s.xi.xi22 for s in steps)))),
        Claim("Proof, step 4: $h^1_\\epsilon(1) = (\\xi^{11} + 2\\xi^{12}_\\lambda)/(\\xi^{11} + 4\\xi^{12}_\\lambda + \\xi^{22})$", "> ½ (formula)",
              "formula: " + ", ".join(f"{s.h1_proof_formula:.3f}" for s in steps),
              (Check(f"formula equals the engine's h¹_ε(1) to 1e-9 at ε = {eps_txt}",
                     all(abs(s.h1_proof_formula - s.h1_exact) < 1e-9 for s in steps)),),
              "engine: " + ", ".join(f"{s.h1_exact:.3f}" for s in steps)),
        Claim("Proof of Thm 2.7: α > ½(log 4/ε² − 1) suffices", "sufficient for every ε",
              f"sufficient only for ε < {bound.eps_cross:.2f}",
              tuple(Check(f"ε = {s.eps:g}: h¹_ε(1) > ½ at the proof's α", s.h1_exact > 0.5) for s in steps),
              "h¹_ε(1) at the proof's α: " + ", ".join(f"{s.h1_exact:.3f}" for s in steps)),
    ]


def _table_1_claims(training: X32Training, sweep: SweepFit) -> list[Claim]:
    runs = training.authors.probs.shape[1]
    rows = []
    for a in training.alphas_table:
        if a not in PAPER_TABLE_1:
            continue
        vals, paper = training.table_probs(a), PAPER_TABLE_1[a]
        closed = h_curve([a], sweep.fit.eps)[0]
        rows.append(Claim(
            f"Table 1, α = {a:g}: h¹ at 0, 1, 2", ", ".join(f"{p:.3f}" for p in paper),
            ", ".join(f"{v:.3f}" for v in vals.mean(0)),
            tuple(Check(f"h¹({j}): |book − paper| < 2√2 sd/√{runs} + 0.0005", _within_paper(vals[:, j], paper[j]))
                  for j in range(3)),
            f"h_ε at ε = {sweep.fit.eps:.2f}: {closed:.3f} (point 1)"))
    return rows


def _training_claims(training: X32Training, sweep: SweepFit, fig8: Figure8) -> list[Claim]:
    table, runs = training.alphas_table, training.authors.probs.shape[1]
    final = {a: training.authors.errors[1 + i, :, -1] for i, a in enumerate(table)}
    erm = training.authors.errors[0, :, -1]
    mixup_checks = tuple(
        Check(f"α = {a:g}: final error {'0' if a == 1 else '1/3'} in every run",
              bool(np.all(final[a] == 0)) if a == 1 else bool(np.allclose(final[a], 1 / 3)))
        for a in table if a in (1.0, 32.0, 128.0))
    mean, tr = sweep.mean, sweep.trained
    i1, i32 = list(sweep.alphas).index(1.0), list(sweep.alphas).index(32.0)
    auth32, auth128 = training.table_probs(32.0)[:, 1], training.table_probs(128.0)[:, 1]
    drops = np.diff(mean) > -2 * np.sqrt(tr.var(1)[1:] / runs + tr.var(1)[:-1] / runs)
    x2, x10 = fig8.line(2), fig8.line(10)
    return [
        Claim("Figure 1: Mixup fails on $\\mathcal{X}_3^2$ at α = 32, 128, not at α = 1; ERM fits it",
              "error 1/3 at α = 32, 128; 0 at α = 1",
              ", ".join(f"α={a:g}: {final[a].mean():.3f}" for a in table) + f"; ERM {erm.mean():.3f}",
              mixup_checks + (Check("ERM: final error 0 in every run (both protocols)", training.erm_fits),)),
        Claim("Misclassification grows with α", "0.603 → 0.650 (α = 32 → 128)",
              "sweep α = " + ", ".join(f"{a:g}" for a in sweep.alphas) + ": " + ", ".join(f"{p:.2f}" for p in mean),
              (decide(mean[i32] - mean[i1], _se_diff(tr[i32], tr[i1]), "sweep: h¹(1) higher at α = 32 than at α = 1"),
               decide(auth128.mean() - auth32.mean(), _se_diff(auth128, auth32),
                      "authors' protocol: h¹(1) higher at α = 128 than at α = 32"),
               Check("sweep: no step in α lowers the mean h¹(1) by more than 2 s.e.", bool(np.all(drops)))),
              ", ".join(f"{p:.2f}" for p in sweep.closed_form) + f" (ε = {sweep.fit.eps:.2f})"),
        Claim("App. D.1: Mixup fails on $\\mathcal{X}_{10}^2$ and $\\mathcal{X}_{10}^{10}$ at α = 1", "training error > 0",
              f"{x2.final_error(1).mean():.2f} and {x10.final_error(1).mean():.2f}",
              (Check("X_10^2: mean final error > 0", bool(x2.final_error(1).mean() > 0)),
               Check("X_10^10: mean final error > 0", bool(x10.final_error(1).mean() > 0))),
              f"{x2.closed_errors[0]:.2f} and {x10.closed_errors[0]:.2f} at ε = {fig8.eps:.2f}"),
        Claim("App. D.1: ERM does not fully minimise the risk on $\\mathcal{X}_{10}^2$", "error > 0 (curve)",
              f"mean final error {x2.final_error(0).mean():.3f}",
              (Check("mean final ERM error > 0", bool(x2.final_error(0).mean() > 0)),)),
    ]
