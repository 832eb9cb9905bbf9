"""The chapter "The Mixup loss" (paper §2.1, App. A): ℓ_mix as a soft-label loss, and J_mix three ways.

The soft-label identity, one small problem, its exact J_mix (quadrature), Monte-Carlo and the package's
batch loss, and the sandwich of h_ε between two radii. Randomness comes from the numpy generator passed
in (the chapter's ``make_generators(settings.seed).numpy``), consumed in the order the chapter calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from ...config import TABLE_1_ALPHAS, MixupLossSettings
from ...data.synthetic import alternating_line
from ...mixup.estimates import mc_mixup_loss, step_losses
from ...mixup.loss import LogProbFn, mixed_soft_labels, mixup_cross_entropy, soft_cross_entropy
from ...mixup.mixing import MixingDistribution, as_mixing
from ...theory.exact_loss import exact_mixup_loss, plain_cross_entropy
from ...theory.geometry import xi_terms
from ...theory.optimal import lemma_2_3, mixup_optimal
from ...training.models import fixed_mlp, numpy_log_prob


SANDWICH_ALPHAS: tuple[float, ...] = TABLE_1_ALPHAS   # the paper's α values of Table 1
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


def toy_problem(settings: MixupLossSettings, rng: np.random.Generator, points_per_class: int = 2, classes: int = 3,
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


def loss_routes(problem: ToyProblem, settings: MixupLossSettings, rng: np.random.Generator) -> LossRoutes:
    """J_mix(g) = Σ_{i,j} E_λ ℓ_mix(g, x_i, x_j, λ) / m² (§2.1) by quadrature, by i.i.d. triples (i, j, λ),
    and as the mean of full-data Mixup steps (i.i.d. partners, one λ per step) scored by the package."""
    p, nodes = problem, settings.quadrature_nodes
    exact = exact_mixup_loss(p.log_prob, p.X, p.y, p.mixing, nodes=nodes)
    coarse = exact_mixup_loss(p.log_prob, p.X, p.y, p.mixing, nodes=nodes // 4)
    mc, mc_se = mc_mixup_loss(p.log_prob, p.X, p.y, p.mixing, settings.mc_samples, rng)
    steps = step_losses(p.net, p.X, p.y, p.mixing, settings.loss_draws, rng, scheme="iid", per="batch")
    return LossRoutes(exact, coarse, nodes, nodes // 4, mc, mc_se, settings.mc_samples,
                      float(steps.mean()), float(steps.std(ddof=1) / np.sqrt(len(steps))),
                      settings.loss_draws, plain_cross_entropy(p.log_prob, p.X, p.y))


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
