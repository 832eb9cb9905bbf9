"""The "Claims checked" rows of the chapter "Linear models", built from the results of its runs.

Every verdict comes from the :class:`~mixup_nb_utils.claims.Check` objects of its row, each a
comparison of the row's numbers with the tolerance its text states. (This module imports the result
dataclasses of the runs (``lemmas``, ``direction``, ``descent``), never the reverse; the package
:mod:`mixup_nb_utils.experiments.linear_models` re-exports :func:`claims` and :func:`fmt_gap`.)
"""

from __future__ import annotations

import numpy as np

from ...claims import Check, Claim
from ...config import LinearModelsSettings
from ...mixup.mixing import BetaMixing
from ...theory.mixup_logistic import expected_two_point_loss
from .descent import GDRun, PremiseRow
from .direction import (UNIFORM, DimensionSweep, PartTwoFit, SGDCheck, TwoPointScales, UnbalancedClasses,
                        part_one_laws)
from .lemmas import HessianScan, Lemma37Scan, SymbolicChecks

ROUND_OFF = 1e-10      # a direction "equals" another when 1 - cos is below this


def fmt_gap(x: float) -> str:
    """A 1 − cos gap for printing: round-off-sized values print as a bound, not as noise."""
    return f"< {ROUND_OFF:.0e}" if x < ROUND_OFF else f"{x:.1e}"


def _lemma_rows(scan: Lemma37Scan) -> list[Claim]:
    big = scan.curves[-1]
    return [
        Claim("Lemma 3.7: d > 10 n ln n + n − 1 ⇒ the max margin interpolates w.p. ≥ 1 − 2/n", "P ≥ 1 − 2/n",
              "P at the threshold: " + ", ".join(f"n={c.n}: {c.prob_at_threshold:.3f}" for c in scan.curves),
              checks=Check(f"P at the first grid d above the threshold ≥ 1 − 2/n for every n "
                           f"({big.draws} draws per d)", all(c.prob_at_threshold >= c.bound for c in scan.curves))),
        Claim("how conservative the threshold is (not a claim of the paper)", "sufficient condition",
              f"P ≥ 1 − 2/n already from d ≈ threshold / {scan.conservatism.min():.1f} (n = {big.n}) "
              f"to threshold / {scan.conservatism.max():.1f} (n = {scan.curves[0].n})",
              checks=Check("the smallest grid d from which on P ≥ 1 − 2/n lies below the threshold, every n",
                           all(c.d_bound < c.threshold for c in scan.curves))),
    ]


def _convexity_rows(settings: LinearModelsSettings, symbolic: SymbolicChecks, hessians: HessianScan, scales: TwoPointScales,
                    fits: tuple[PartTwoFit, ...]) -> list[Claim]:
    concentrated = BetaMixing(max(settings.scale_alphas)).name
    k_conc = scales.of(concentrated)
    uniform = next(f for f in fits if f.law == UNIFORM)
    # k(P_f) is a root of the derivative found in (0, ∞) by construction (two_point_scale raises otherwise), so
    # "k > 0" alone cannot fail; the loss itself (equation 4, evaluated directly) must be lowest at k, below log 2.
    laws = part_one_laws(settings)
    at_k = [expected_two_point_loss(laws[n], np.array([0.0, k * (1 - 1e-3), k, k * (1 + 1e-3)]), nodes=scales.nodes)
            for n, k in zip(scales.laws, scales.k)]
    below_log2 = all(v[2] < v[0] for v in at_k)
    local_min = all(v[2] <= min(v[1], v[3]) for v in at_k)
    return [
        Claim("Lemma E.1: $J_{\\mathrm{mix}}$ strictly convex on the span of two points", "Hessian ≻ 0 on the span",
              f"smallest eigenvalue > 0 at every θ tried (min {hessians.min_eigenvalue.min():.1e}); "
              f"rank {int(hessians.rank.max())} on R^{hessians.dimension}", closed_form="(10), (11) verified by sympy",
              checks=(Check("smallest eigenvalue of the Hessian on the span > 0 at every law and |θ| tried",
                     bool((hessians.min_eigenvalue > 0).all())),
               Check("sympy reduces (2) − (10) and the Hessian of (10) minus (11) to 0", symbolic.identities_hold))),
        Claim("Theorem 3.5, Part I: k(P_f) > 0 for symmetric P_f", "k(P_f) > 0 (no value given)",
              f"k from {scales.k.min():.3f} to {scales.k.max():.3f} over {len(scales.laws)} laws",
              closed_form=f"k → 2 as P_f → δ_1/2 (k = {k_conc:.3f} for {concentrated})",
              checks=(Check("E_λ h_λ(k(P_f)) < E_λ h_λ(0) = log 2 for every law (so the minimiser is not k = 0)",
                            below_log2),
               Check("E_λ h_λ at k(P_f) is no higher than at k(1 ± 1e-3), every law (k is the minimiser of eq. 4)",
                     local_min),
               Check(f"k at {scales.nodes} and {scales.fine_nodes} quadrature nodes agree within 1e-8",
                     bool(np.max(np.abs(scales.k - scales.k_fine)) < 1e-8)),
               Check(f"closed form: |k − 2| < 0.02 for the most concentrated law, {concentrated}",
                     abs(k_conc - 2) < 0.02))),
        Claim("Theorem 3.5, Part II: every margin of the minimiser equals k(P_f)", "θᵀx_i = −θᵀz_j = k(P_f)",
              f"true for term (7) alone; for the full J_mix the margin is larger "
              f"(uniform: {uniform.a:.3f} vs k = {uniform.k:.3f})", closed_form="two-point collapse",
              checks=(Check("term (7): every fitted margin equals k(P_f) within 1e-8 relative, every law",
                     all(f.cross_deviation < 1e-8 for f in fits)),
               Check("full J_mix: every fitted margin equals k(P_f) within 1e-8 relative, every law",
                     all(f.full_deviation_from_k < 1e-8 for f in fits)),
               Check("full J_mix: all margins equal (interpolation, all the theorem needs) within 1e-8",
                     all(np.ptp(f.margins_all) < 1e-8 * f.a for f in fits)))),
    ]


def _direction_rows(sweep: DimensionSweep, unbalanced: UnbalancedClasses) -> list[Claim]:
    count = int(sweep.interpolates.sum())
    sym = max(sweep.worst_interpolating_gap("Beta(1, 1)"), sweep.worst_interpolating_gap("Beta(0.2, 0.2)"))
    asym, asym_cross = sweep.worst_interpolating_gap("Beta(1, 4)"), sweep.best_interpolating_gap("Beta(1, 4), term (7) only")
    decidable = count > 0
    uneven = unbalanced.unbalanced
    premise = all(r.max_margin_interpolates for r in unbalanced.rows)
    worst = unbalanced.worst
    return [
        Claim("Theorem 3.5, balanced classes: Mixup minimiser ∝ max margin when it interpolates", "exact",
              f"1 − cos {fmt_gap(sym)} on all {count} interpolating datasets", closed_form="direction X⁺y for d ≥ n",
              checks=Check(f"1 − cos < {ROUND_OFF:.0e} on every interpolating dataset, Beta(1, 1) and Beta(0.2, 0.2)",
                    sym < ROUND_OFF if decidable else None)),
        Claim("Theorem 3.5 needs a symmetric P_f", "assumed",
              f"not for the paper's J_mix: Beta(1, 4) gives 1 − cos {fmt_gap(asym)}; "
              f"for term (7) alone it is needed (1 − cos ≥ {asym_cross:.0e})", closed_form="J_mix sees only the symmetrised P_f",
              checks=(Check(f"J_mix, Beta(1, 4): 1 − cos > {ROUND_OFF:.0e} on some interpolating dataset",
                     asym > ROUND_OFF if decidable else None),
               Check(f"term (7), Beta(1, 4): 1 − cos > {ROUND_OFF:.0e} on every interpolating dataset",
                     asym_cross > ROUND_OFF if decidable else None))),
        Claim("Theorem 3.5 with classes of unequal size (the paper does not restrict n1, n2)", "exact",
              f"1 − cos up to {worst.gap_fit:.1e} at d = {unbalanced.d // unbalanced.n} n "
              f"(n1 = {worst.n_pos}, n2 = {worst.n_neg})", closed_form="(n1 a + n2 b)/√(n(n1a² + n2b²)) < 1",
              checks=Check(f"1 − cos(J_mix minimiser, max margin) < {ROUND_OFF:.0e} at every split n1 ≠ n2 "
                    f"(undecided unless the max margin interpolates at all of them)",
                    all(r.gap_fit < ROUND_OFF for r in uneven) if premise else None)),
        Claim("unequal classes: the minimiser is the min-norm θ with margins a (class +1), b (class −1); this book", "–",
              f"1 − cos to it {fmt_gap(1 - min(r.cos_predicted for r in unbalanced.rows))}; large-d formula "
              f"{worst.gap_formula:.1e} vs fit {worst.gap_fit:.1e} (n1 = {worst.n_pos})", closed_form="two-point collapse (a, b)",
              checks=(Check(f"1 − cos(minimiser, min-norm θ with margins a, b) < {ROUND_OFF:.0e} at every split",
                     all(1 - r.cos_predicted < ROUND_OFF for r in unbalanced.rows)),
               Check("the fitted 1 − cos is within 30% of the large-d formula at every split n1 ≠ n2",
                     all(abs(r.gap_fit - r.gap_formula) < 0.3 * r.gap_formula for r in uneven)))),
        Claim("Theorem 3.5 for the cross-class term (7) at any n1, n2 (the corrected statement)", "–",
              f"1 − cos {fmt_gap(max(r.gap_cross for r in unbalanced.rows))} at every split "
              f"{', '.join(f'{r.n_pos}/{r.n_neg}' for r in unbalanced.rows)}", closed_form="margins (k, k) for any n1, n2",
              checks=Check(f"1 − cos(term (7) minimiser, max margin) < {ROUND_OFF:.0e} at every split",
                    all(r.gap_cross < ROUND_OFF for r in unbalanced.rows) if premise else None)),
    ]


def _training_rows(sgd: tuple[SGDCheck, ...], gd: tuple[GDRun, ...], premise: tuple[PremiseRow, ...]) -> list[Claim]:
    hard = max(sgd, key=lambda c: abs(c.n_pos - c.n_neg))
    hi = next(r for r in gd if r.interpolates and r.n_pos == r.n_neg)
    uneven = next(r for r in gd if r.n_pos != r.n_neg)
    t_mid = 1000 if 1000 in hi.steps else int(hi.steps[len(hi.steps) // 2])
    fall = hi.gap_mixup[hi.at(10)] / hi.gap_mixup[-1]
    rate = (hi.gap_max_margin[-1] * np.log(hi.steps[-1]) ** 2) / (hi.gap_max_margin[hi.at(10)] * np.log(10) ** 2)
    worst_d = min(premise, key=lambda r: r.median_cos)
    return [
        Claim("sampled Mixup training reaches the computed minimiser (this book)", "–",
              f"1 − cos to it {hard.to_exact:.0e} vs {hard.to_max_margin:.0e} to the max margin "
              f"(n1/n2 = {hard.n_pos}/{hard.n_neg}, {hard.steps} steps)", closed_form="exact J_mix minimiser",
              checks=(Check("1 − cos(trained, exact minimiser) < 1e-4 at every split trained",
                     all(c.to_exact < 1e-4 for c in sgd)),
               Check(f"at {hard.n_pos}/{hard.n_neg}: 1 − cos to the minimiser < 0.1 × 1 − cos to the max margin",
                     hard.to_exact < 0.1 * hard.to_max_margin))),
        Claim("Corollary 3.8, balanced classes: ERM gradient descent reaches the Mixup direction",
              "same direction w.h.p.",
              f"1 − cos = {hi.gap_mixup[-1]:.1e} after {hi.steps[-1]} steps (d = {hi.d_ratio:g} n), still shrinking",
              closed_form="limit 0, at rate ~1/log² t",
              checks=(Check(f"Mixup minimiser ∝ max margin (1 − cos < {ROUND_OFF:.0e})", hi.mixup_vs_max_margin < ROUND_OFF),
               Check("1 − cos(θ_t, Mixup) falls by more than 10× from t = 10 to the last step", fall > 10),
               Check("closed form: (1 − cos)·ln² t changes by less than 2× from t = 10 to the last step",
                     0.5 < rate < 2))),
        Claim(f"Corollary 3.8 with classes of unequal size (n1/n2 = {uneven.n_pos}/{uneven.n_neg}, "
              f"d = {uneven.d_ratio:g} n)", "same direction w.h.p.",
              f"after {uneven.steps[-1]} steps 1 − cos to Mixup {uneven.gap_mixup[-1]:.1e}, to the max margin "
              f"{uneven.gap_max_margin[-1]:.1e}; Mixup vs max margin {uneven.mixup_vs_max_margin:.1e}",
              closed_form="GD → max margin ≠ Mixup direction",
              checks=(Check("at the last step 1 − cos(θ_t, Mixup) < 0.1 × 1 − cos(Mixup, max margin)",
                     uneven.gap_mixup[-1] < 0.1 * uneven.mixup_vs_max_margin),
               Check(f"1 − cos(θ_t, Mixup) falls by more than 2× from t = {t_mid} to the last step",
                     uneven.gap_mixup[uneven.at(t_mid)] / uneven.gap_mixup[-1] > 2))),
        Claim("premise failing: Mixup and ERM disagree most at d = n (this book)", "–",
              f"median cos(Mixup, ERM) smallest at d/n = {worst_d.ratio:.2f}: {worst_d.median_cos:.3f}",
              checks=Check("the smallest median cosine over the sweep sits at d = n", bool(np.isclose(worst_d.ratio, 1.0)))),
    ]


def claims(settings: LinearModelsSettings, *, scan: Lemma37Scan, symbolic: SymbolicChecks, hessians: HessianScan, scales: TwoPointScales,
           fits: tuple[PartTwoFit, ...], sweep: DimensionSweep, unbalanced: UnbalancedClasses,
           sgd: tuple[SGDCheck, ...], gd: tuple[GDRun, ...], premise: tuple[PremiseRow, ...]) -> list[Claim]:
    """The chapter's "Claims checked" rows (Lemma 3.7, Lemma E.1, Theorem 3.5 Parts I–II, its direction for
    balanced and unequal classes, Corollary 3.8), each verdict computed from its checks."""
    return (_lemma_rows(scan) + _convexity_rows(settings, symbolic, hessians, scales, fits)
            + _direction_rows(sweep, unbalanced) + _training_rows(sgd, gd, premise))
