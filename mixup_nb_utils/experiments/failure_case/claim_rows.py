"""The "Claims checked" rows of the chapter "A failure case", built from its results.

Noisy comparisons use the seed summaries of :mod:`mixup_nb_utils.claims` (standard errors with n - 1).
This module imports the runs, never the reverse.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ...claims import Check, Claim, decide, difference_se, summarise
from ...config import TABLE_1_ALPHAS
from ...theory.alternating import BetaVariance, Theorem27Steps, critical_alpha, h_curve
from .runs import Figure8, SweepFit, X32Training
from .theorem import BoundComparison, LARGE_ALPHA


#: The paper's Table 1: class-1 probability of the trained Mixup networks at the points 0, 1, 2.
PAPER_TABLE_1: dict[float, tuple[float, float, float]] = {
    1.0: (0.995, 0.156, 0.979), 32.0: (1.000, 0.603, 0.997), 128.0: (1.000, 0.650, 0.997)}


# ---------------------------------------------------------------- the "Claims checked" rows


def _within_paper(values: np.ndarray, paper: float) -> bool:
    """The paper's 10-run mean (rounded to 3 decimals) within two standard errors of a difference of
    two means of as many runs as ``values`` has (2 √2 s.e. with the book's s.e.), plus its rounding (0.0005)."""
    mean = summarise(values)
    return bool(abs(mean.mean - paper) < 2 * math.sqrt(2) * mean.se + 5e-4)


def claims(bound: BoundComparison, steps: Sequence[Theorem27Steps], variance: BetaVariance,
           training: X32Training, sweep: SweepFit, fig8: Figure8) -> list[Claim]:
    """The chapter's "Claims checked" rows; every verdict follows from the checks computed here.

    Needs Table 1's α = 1, 32, 128 in ``training.alphas_table`` and α = 1, 32 in its sweep.
    """
    if not set(TABLE_1_ALPHAS) <= set(training.alphas_table) or not {1.0, 32.0} <= set(training.alphas_sweep):
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
    table = training.alphas_table
    final = {a: training.authors.errors[1 + i, :, -1] for i, a in enumerate(table)}
    erm = training.authors.errors[0, :, -1]
    mixup_checks = tuple(
        Check(f"α = {a:g}: final error {'0' if a == 1 else '1/3'} in every run",
              bool(np.all(final[a] == 0)) if a == 1 else bool(np.allclose(final[a], 1 / 3)))
        for a in table if a in TABLE_1_ALPHAS)
    mean, tr = sweep.mean, sweep.trained
    i1, i32 = list(sweep.alphas).index(1.0), list(sweep.alphas).index(32.0)
    auth32, auth128 = training.table_probs(32.0)[:, 1], training.table_probs(128.0)[:, 1]
    drops = np.diff(mean) > -2 * np.array([difference_se(tr[i + 1], tr[i]) for i in range(len(tr) - 1)])
    x2, x10 = fig8.line(2), fig8.line(10)
    return [
        Claim("Figure 1: Mixup fails on $\\mathcal{X}_3^2$ at α = 32, 128, not at α = 1; ERM fits it",
              "error 1/3 at α = 32, 128; 0 at α = 1",
              ", ".join(f"α={a:g}: {final[a].mean():.3f}" for a in table) + f"; ERM {erm.mean():.3f}",
              mixup_checks + (Check("ERM: final error 0 in every run (both protocols)", training.erm_fits),)),
        Claim("Misclassification grows with α", "0.603 → 0.650 (α = 32 → 128)",
              "sweep α = " + ", ".join(f"{a:g}" for a in sweep.alphas) + ": " + ", ".join(f"{p:.2f}" for p in mean),
              (decide(mean[i32] - mean[i1], difference_se(tr[i32], tr[i1]), "sweep: h¹(1) higher at α = 32 than at α = 1"),
               decide(auth128.mean() - auth32.mean(), difference_se(auth128, auth32),
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
