"""The "Claims checked" rows of the chapter "The Mixup loss", with their tolerances.

This module imports the runs, never the reverse.
"""

from __future__ import annotations

import numpy as np

from ...claims import Check, Claim, decide
from ...mixup.pairing import SCHEMES
from .pairings import EpochCounts, PairingComparison, TorchvisionMixup
from .routes import LossRoutes, Sandwich, SoftLabelIdentity


IDENTITY_TOL = 1e-12      # float64 round-off bound for identities checked numerically
QUADRATURE_TOL = 1e-6     # change of the exact J_mix when the quadrature nodes are divided by 4
Z_MEANS = 4.0             # a simulated mean must lie within this many standard errors of its closed form
Z_COUNTS = 5.0            # ... for the self-pair counts of an epoch


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
              (Check(f"roll: no self-pair in any of {roll.epochs} epochs (true by construction: the roll pairs each "
                     f"point with its neighbour in a shuffled order; a definition, shown, not a test)",
                     roll.mean == 0.0),
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
