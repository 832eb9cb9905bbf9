"""The "Claims checked" rows of the chapter "The Mixup-optimal classifier", with their tolerances.

This module imports the runs, never the reverse.
"""

from __future__ import annotations

import numpy as np

from ...claims import Check, Claim
from ...theory import mixup_optimal
from .maps import LimitChecks, Symmetrisation
from .numeric import CorollaryNumeric, Proposition25, SmallDataset
from .symbolic import RestrictedLoss, SimplexMinimiser, SymmetricForm


IDENTITY_TOL = 1e-12   # ξ^{j,i}_λ = ξ^{i,j} - ξ^{i,j}_λ for symmetric P_f, and equal ξ at the origin
FORMULA_TOL = 1e-6     # two routes to the same h_ε (Lemma 2.3 against Corollary C.1, Beta(a, b) against its mirror)
VALUE_TOL = 1e-6       # ξ^{1,1}/ε against a closed-form constant (Proposition 2.5)
LONE_TOL = 1e-9        # the limit on a lone segment against (λ*, 1 - λ*)
LIMIT_TOL = 1e-4       # h_ε at a tiny ε against the closed-form limit
MC_Z = 4.0             # Monte Carlo against the exact ξ: largest |z|
ASYMMETRIC_GAP = 0.05  # Corollary C.1 must differ from Lemma 2.3 by more than this for an asymmetric Beta


# ------------------------------------------------------------------ claims checked

def claims(lemma: RestrictedLoss, minimiser: SimplexMinimiser, symmetric: SymmetricForm,
           corollary: CorollaryNumeric, sym: Symmetrisation, prop: Proposition25,
           limits: LimitChecks, *, data: SmallDataset) -> list[Claim]:
    """The chapter's "Claims checked" rows, each verdict computed from its checks.

    Two statements about the ε → 0 limit (the lone segment, Proposition 2.8) are checked with the
    finite-ε engine :func:`theory.mixup_optimal` at ε = ``limits.check_eps`` on ``data``: the limit
    engine returns λ* on a lone segment and the one-hot label at a data point by its construction, so
    comparing it with them could not fail.
    """
    return (_lemma_claims(lemma, minimiser, symmetric, corollary, sym, limits, data)
            + _proposition_claims(prop, limits, data))


def _lemma_claims(lemma: RestrictedLoss, minimiser: SimplexMinimiser, symmetric: SymmetricForm,
                  corollary: CorollaryNumeric, sym: Symmetrisation, limits: LimitChecks,
                  data: SmallDataset) -> list[Claim]:
    """Lemma 2.3, Corollary C.1, the symmetrisation and the lone segment of Theorem 3.2."""
    e = limits.check_eps
    lone_pts = limits.lam_star[:, None] * data.X[0] + (1 - limits.lam_star[:, None]) * data.X[3]
    lone_fin = max(float(np.abs(mixup_optimal(data.X, data.y, lone_pts, e, a, b)[:, data.y[0]] - limits.lam_star).max())
                   for a, b in {(r.a, r.b) for r in corollary.rows})
    c1_gap = max(r.formula_gap for r in corollary.symmetric)
    id_gap = max(r.identity_gap for r in corollary.symmetric)
    asym_gap = min(r.formula_gap for r in corollary.asymmetric)
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
              "h classifies x as class i", f"h_ε at ε = {e:g}: max |h_ε - (λ*, 1-λ*)| = {lone_fin:.0e} "
              f"(the limit engine: {limits.lone_gap:.0e}, equal to λ* by its construction)",
              Check(f"h_ε (finite-ε engine, ε = {e:g}) = (λ*, 1-λ*) to {LIMIT_TOL:g} at λ* = "
                    f"{', '.join(f'{v:g}' for v in limits.lam_star)}, every Beta tried", lone_fin < LIMIT_TOL),
              closed_form="(λ*, 1-λ*)"),
    ]


def _proposition_claims(prop: Proposition25, limits: LimitChecks, data: SmallDataset) -> list[Claim]:
    """Proposition 2.5 at the origin of the cross, Proposition 2.8 and Remark 2.4."""
    e = limits.check_eps
    at_points = mixup_optimal(data.X, data.y, data.X, e, 1.0)
    point_gap = float(np.abs(at_points - np.eye(at_points.shape[1])[data.y]).max())
    ratio = prop.xi11_over_eps
    off_segment = prop.segment_u != 0
    segment_gap = float(np.abs(prop.limit_segment[off_segment] - [1.0, 0.0]).max())
    origin = prop.limit_probes[0]
    return [
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
              (Check(f"h = (1, 0) to {VALUE_TOL:g} at every u ≠ 0 on the class-1 segment (a definition: only the "
                     f"class-1 segment passes there, so the limit is (1, 0) by construction; shown, not a test)",
                     segment_gap < VALUE_TOL),
               Check(f"h(0) differs from that limit (a jump larger than {VALUE_TOL:g})",
                     bool(np.abs(origin - [1.0, 0.0]).max() > VALUE_TOL))),
              closed_form="(1, 0)"),
        Claim("Prop. 2.8: $h^i = 1$ on $\\mathcal{X}_i$ (finite data)", "$h^i(x) = 1$",
              f"h_ε at ε = {e:g} at the {len(data.X)} points of the small dataset: max |h_ε - one-hot| = "
              f"{point_gap:.0e}; X_4^2 limit at the points: {np.round(limits.line_limit[:, 0], 4).tolist()}",
              Check(f"finite-ε engine: max |h_ε(x_i) - one-hot label| < {LIMIT_TOL:g} at every data point (the "
                    f"limit engine returns the label at a data point by construction)", point_gap < LIMIT_TOL),
              closed_form="one-hot labels"),
        Claim("Remark 2.4: the limit ε → 0 exists for finite data", "proved in Thm 3.2",
              f"max |h_ε - limit| at ε = {limits.check_eps:g}: {limits.limit_gap:.0e}",
              Check(f"|h_ε - limit| < {LIMIT_TOL:g} at all pair midpoints, all Betas", limits.limit_gap < LIMIT_TOL),
              closed_form="closed-form limit"),
    ]
