"""The chapter "The Mixup loss" (paper §2.1, §2.5, App. A–B): J_mix three ways, pairings, self-pairs per epoch.

Each function is one computation the chapter shows; :func:`claims` builds its "Claims checked" rows from
the results. Randomness comes from the numpy generator passed in (the chapter's
``make_generators(settings.seed).numpy``), consumed in the order the chapter calls the functions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from ..data.synthetic import alternating_line
from ..claims import Check, Claim, decide
from ..mixup.estimates import mc_mixup_loss, step_losses
from ..mixup.libraries import torchvision_pairing
from ..mixup.loss import LogProbFn, mixed_soft_labels, mixup_cross_entropy, soft_cross_entropy
from ..mixup.mixing import MixingDistribution, as_mixing
from ..mixup.pairing import SCHEMES, epoch_partners
from ..theory.exact_loss import exact_mixup_loss, pair_loss_matrix, pair_probabilities, plain_cross_entropy
from ..theory.geometry import xi_terms
from ..theory.optimal import lemma_2_3, mixup_optimal
from ..training.models import fixed_mlp, numpy_log_prob

IDENTITY_TOL = 1e-12      # float64 round-off bound for identities checked numerically
QUADRATURE_TOL = 1e-6     # change of the exact J_mix when the quadrature nodes are divided by 4
Z_MEANS = 4.0             # a simulated mean must lie within this many standard errors of its closed form
Z_COUNTS = 5.0            # ... for the self-pair counts of an epoch
SANDWICH_ALPHAS: tuple[float, ...] = (1.0, 32.0, 128.0)   # the paper's α values of Table 1
SANDWICH_EPS = 0.1


# ------------------------------------------------------------------ ℓ_mix is a soft-label cross-entropy

@dataclass(frozen=True)
class SoftLabelIdentity:
    """max |ℓ_mix - CE(λ e_i + (1 - λ) e_j)| over ``rows`` random (logits, y_a, y_b, λ) in float64."""

    rows: int
    classes: int
    max_gap: float


def soft_label_identity(seed: int, rows: int = 1000, classes: int = 5) -> SoftLabelIdentity:
    """ℓ_mix(g, s, t, λ) of §2.1 against the cross-entropy with the mixed soft label, on random rows."""
    g = torch.Generator().manual_seed(int(seed))
    logits = torch.randn(rows, classes, generator=g, dtype=torch.float64)
    y_a = torch.randint(0, classes, (rows,), generator=g)
    y_b = torch.randint(0, classes, (rows,), generator=g)
    lam = torch.rand(rows, generator=g, dtype=torch.float64)
    l_mix = mixup_cross_entropy(logits, y_a, y_b, lam, reduction="none")
    l_soft = soft_cross_entropy(logits, mixed_soft_labels(y_a, y_b, lam, classes), reduction="none")
    return SoftLabelIdentity(rows, classes, float((l_mix - l_soft).abs().max()))


# ------------------------------------------------------------------ one loss, three computations

@dataclass(frozen=True)
class ToyProblem:
    """A small labelled dataset in the plane and a frozen (untrained) float64 tanh network on it."""

    X: np.ndarray
    y: np.ndarray
    net: torch.nn.Module
    log_prob: LogProbFn
    mixing: MixingDistribution
    hidden: int

    @property
    def m(self) -> int:
        return len(self.X)

    @property
    def k(self) -> int:
        return int(self.y.max()) + 1


def toy_problem(settings, rng: np.random.Generator, points_per_class: int = 2, classes: int = 3,
                hidden: int = 16) -> ToyProblem:
    """Gaussian points (``points_per_class`` per class), a fixed MLP 2-hidden-k and P_f = Beta(α, α)."""
    X = rng.normal(size=(points_per_class * classes, 2))
    y = np.repeat(np.arange(classes), points_per_class)
    net = fixed_mlp(2, hidden, classes, seed=settings.seed)
    return ToyProblem(X, y, net, numpy_log_prob(net), as_mixing(settings.alpha), hidden)


@dataclass(frozen=True)
class LossRoutes:
    """J_mix of a toy problem exactly (two quadrature sizes), by Monte Carlo, by the package's loss;
    and the plain cross-entropy J(g, P_X) of the same classifier."""

    exact: float
    exact_coarse: float
    nodes: int
    coarse_nodes: int
    mc: float
    mc_se: float
    mc_samples: int
    package: float
    package_se: float
    package_steps: int
    plain: float

    @property
    def mc_z(self) -> float:
        return abs(self.mc - self.exact) / self.mc_se

    @property
    def package_z(self) -> float:
        return abs(self.package - self.exact) / self.package_se

    @property
    def quadrature_change(self) -> float:
        return abs(self.exact - self.exact_coarse)


def loss_routes(problem: ToyProblem, settings, rng: np.random.Generator) -> LossRoutes:
    """J_mix(g) = Σ_{i,j} E_λ ℓ_mix(g, x_i, x_j, λ) / m² (§2.1) by quadrature, by i.i.d. triples (i, j, λ),
    and as the mean of full-data Mixup steps (i.i.d. partners, one λ per step) scored by the package."""
    p, nodes = problem, int(settings.quadrature_nodes)
    exact = exact_mixup_loss(p.log_prob, p.X, p.y, p.mixing, nodes=nodes)
    coarse = exact_mixup_loss(p.log_prob, p.X, p.y, p.mixing, nodes=nodes // 4)
    mc, mc_se = mc_mixup_loss(p.log_prob, p.X, p.y, p.mixing, settings.mc_samples, rng)
    steps = step_losses(p.net, p.X, p.y, p.mixing, settings.loss_draws, rng, scheme="iid", per="batch")
    return LossRoutes(exact, coarse, nodes, nodes // 4, mc, mc_se, int(settings.mc_samples),
                      float(steps.mean()), float(steps.std(ddof=1) / np.sqrt(len(steps))),
                      int(settings.loss_draws), plain_cross_entropy(p.log_prob, p.X, p.y))


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


def pairing_comparison(problem: ToyProblem, settings, rng: np.random.Generator) -> PairingComparison:
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
    return PairingComparison(tuple(rows), enumerate_pairings(L), int(settings.spread_steps))


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


def self_pair_counts(settings, rng: np.random.Generator, batched_m: int = 1000,
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
            n = int(settings.epochs_simulated)
            rows.append(SelfPairCount(int(m), scheme, None, n, *_count(m, scheme, None, n, rng), *formula))
    n = int(settings.epochs_simulated) // 10
    for scheme in ("iid", "permutation"):
        var = (batched_m / batch_size) * ((1 - 1 / batch_size) if scheme == "iid" else 1.0)
        rows.append(SelfPairCount(batched_m, scheme, batch_size, n, *_count(batched_m, scheme, batch_size, n, rng),
                                  batched_m / batch_size, var))
    return EpochCounts(tuple(rows))


# ------------------------------------------------------------------ the sandwich in X_3^2

@dataclass(frozen=True)
class Sandwich:
    """At point 1 of X_3^2 for each α: ξ^{1,1}, ξ^{2,2}, h^1_ε(1) (Lemma 2.3); and the plain
    cross-entropy J(h_ε, P_X) of h_ε on the three points (its minimum, 0, needs h^2_ε(1) = 1)."""

    eps: float
    alphas: tuple[float, ...]
    xi_11: np.ndarray
    xi_22: np.ndarray
    h1_at_1: np.ndarray
    plain_risk: np.ndarray


def sandwich(alphas: Sequence[float] = SANDWICH_ALPHAS, eps: float = SANDWICH_EPS) -> Sandwich:
    """The ξ terms at point 1 of the alternating line X_3^2 and the optimum h_ε there, per Beta(α, α)."""
    X, y = alternating_line(3)
    xi11, xi22, h1, risk = [], [], [], []
    for a in alphas:
        xi, xi_lam = xi_terms(X, y, [1.0], eps, as_mixing(a))
        xi11.append(xi[0, 0])
        xi22.append(xi[1, 1])
        h1.append(lemma_2_3(xi, xi_lam)[0])
        with np.errstate(divide="ignore"):     # log 0 for a class absent at a point: never the one picked
            risk.append(plain_cross_entropy(lambda z, a=a: np.log(mixup_optimal(X, y, z, eps, a)), X, y))
    return Sandwich(float(eps), tuple(float(a) for a in alphas), *(np.array(v) for v in (xi11, xi22, h1, risk)))


# ------------------------------------------------------------------ claims checked

def claims(soft: SoftLabelIdentity, routes: LossRoutes, pairing: PairingComparison, tv: TorchvisionMixup,
           counts: EpochCounts, sand: Sandwich) -> list[Claim]:
    """The chapter's "Claims checked" rows, each verdict computed from its checks."""
    big = max(r.m for r in counts.rows if r.batch_size is None)
    iid, roll = counts.find(big, "iid"), counts.find(big, "roll")
    batched = next(r for r in counts.rows if r.batch_size is not None and r.scheme == "iid")
    ratios = {s: pairing.sd_ratio((s, "batch"), (s, "sample")) for s in SCHEMES}
    means_ok = all(abs(r.mean - r.expected) < Z_MEANS * r.se for r in pairing.rows)
    noise = [decide(abs(pairing.row(s, "batch").sd - pairing.row(s, "sample").sd),
                    float(np.hypot(pairing.row(s, "batch").sd_se, pairing.row(s, "sample").sd_se)),
                    f"{s} pairing: |s.d. per batch - s.d. per sample| > 0") for s in SCHEMES]
    alphas = sand.alphas
    return [
        Claim("$\\ell_{\\mathrm{mix}}$ is the cross-entropy against the mixed soft label (§2.1)", "by definition",
              f"max gap {soft.max_gap:.1e} over {soft.rows} rows",
              Check(f"max gap < {IDENTITY_TOL:g}", soft.max_gap < IDENTITY_TOL), closed_form="identity"),
        Claim("$J_{\\mathrm{mix}}$ with i.i.d. pairs: exact value, single-triple Monte Carlo and the package's loss agree",
              "definition (§2.1)", f"{routes.mc:.3f} ± {routes.mc_se:.3f} and {routes.package:.3f} ± "
              f"{routes.package_se:.3f}",
              (Check(f"Monte Carlo within {Z_MEANS:g} s.e. of the exact value", routes.mc_z < Z_MEANS),
               Check(f"package loss within {Z_MEANS:g} s.e. of the exact value", routes.package_z < Z_MEANS),
               Check(f"quadrature: {routes.coarse_nodes} → {routes.nodes} nodes changes it by < {QUADRATURE_TOL:g}",
                     routes.quadrature_change < QUADRATURE_TOL)), closed_form=f"{routes.exact:.4f}"),
        Claim("Mixup sees one true point per epoch in expectation (§2.5)", "1",
              f"{iid.mean:.2f} (m = {big}, {iid.epochs} epochs)",
              Check(f"|mean - 1| < {Z_COUNTS:g} s.e. ({iid.mean_se:.3f})", abs(iid.mean - 1) < Z_COUNTS * iid.mean_se),
              closed_form="1"),
        Claim("… but not with torchvision's roll pairing, nor with pairing inside batches", "–",
              f"roll: {roll.mean:.2f}; inside batches of {batched.batch_size}: {batched.mean:.2f} (m = {batched.m})",
              (Check(f"roll: no self-pair in any of {roll.epochs} epochs", roll.mean == 0.0),
               Check(f"inside batches: |mean - m/B| < {Z_COUNTS:g} s.e. ({batched.mean_se:.3f})",
                     abs(batched.mean - batched.formula_mean) < Z_COUNTS * batched.mean_se)),
              closed_form=f"0 and m/B = {batched.formula_mean:.0f}"),
        Claim("torchvision's MixUp pairs each row with its neighbour, never itself, one λ per batch", "–",
              f"{len(tv.seeds)} batches of {tv.partners.shape[1]}: rolled {tv.neighbour}; self-pairs "
              f"{tv.self_pairs}; one λ per batch {tv.one_lambda_per_batch}; distinct λ over batches: "
              f"{tv.distinct_lambdas}",
              (Check("partner of row i is row i - 1 in every batch (exact)", tv.neighbour),
               Check("no row paired with itself", tv.self_pairs == 0),
               Check("one λ shared by all rows of a batch, redrawn for each batch",
                     tv.one_lambda_per_batch and tv.distinct_lambdas == len(tv.seeds)))),
        Claim("per-batch and per-sample λ have the same expected loss, not the same noise", "–",
              "s.d. ratio batch/sample: " + ", ".join(f"{s} {r:.2f} ± {se:.3f}" for s, (r, se) in ratios.items()),
              (Check(f"all {len(pairing.rows)} simulated means within {Z_MEANS:g} s.e. of their (λ-independent) "
                     f"exact expectation", means_ok), *noise), closed_form="equal expectations"),
        Claim("the sandwich pushes $h_\\epsilon(1)$ in $\\mathcal{X}_3^2$ towards class 1 as α grows (Fig. 5, §2.3)", "qualitative",
              "–", Check("h^1_ε(1) strictly increasing in α (exact values)",
                         bool(np.all(np.diff(sand.h1_at_1) > 0))),
              closed_form=", ".join(f"α={a:g}: {p:.3f}" for a, p in zip(alphas, sand.h1_at_1))),
        Claim(f"… so at large α, h_ε (ε = {sand.eps:g}) misclassifies point 1 and does not minimise the "
              "original risk $J$ (whose minimisers have $h^2(1) = 1$) (§2.3)", "for α large enough (Thm 2.7)",
              "J(h_ε, P_X): " + ", ".join(f"α={a:g}: {r:.3f}" for a, r in zip(alphas, sand.plain_risk)),
              tuple(Check(f"h^1_ε(1) > 1/2 at α = {a:g}", bool(p > 0.5))
                    for a, p in zip(alphas, sand.h1_at_1) if a > 1)),
    ]
