"""The "Claims checked" rows of the margin chapter, built from its maps, measures and closed form.

Spreads and margins are compared by seed (paired: same dataset, same initial weights), each decided
by :func:`mixup_nb_utils.claims.decide` at ± :func:`mixup_nb_utils.claims.paired_k` standard errors of the
mean difference (Student's t, 2.45 for 7 seeds). This module
imports the runs, never the reverse.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ...claims import Check, Claim, decide, paired_difference, paired_k, summarise
from ...training.methods import CORRECTED, LOOP_NAMES, LOOPS, Method
from .closed_form import AssumptionScan, ClosedFormMaps, LimitCheck
from .maps import DecisionMaps, PAPER_FIGURES
from .measures import MarginTable


#: A boundary counts as "essentially vertical" (ERM in Figure 3) when every seed's spread is below this.
VERTICAL_SPREAD = 0.1
#: Every network must fit its training set to at most this error (15 of 300 points).
MAX_TRAIN_ERROR = 0.05
#: Largest |h^0 - λ| accepted on a class-0/class-1 segment (the limit is exact up to rounding).
LIMIT_TOLERANCE = 1e-4


# --------------------------------------------------------------------------------------------
# Claims checked
# --------------------------------------------------------------------------------------------

def _paired_checks(get, sep: float, methods: Sequence[Method], what: str,
                   where: str = "") -> tuple[str, tuple[Check, ...]]:
    """Each method against ERM at separation ``sep``: the per-seed values, and decide(mean difference, s.e.).

    ``get(sep, method)`` returns the per-seed values; ``what`` names them and ``where`` prefixes each check.
    The tolerance is :func:`paired_k` (Student's t for the number of seeds), not the normal 2.
    """
    erm = get(sep, Method(None))
    texts, checks = [f"ERM {summarise(erm)}"], []
    for m in methods:
        mix = get(sep, m)
        d = paired_difference(mix, erm)
        name = m.label.replace("Mixup ", "")
        texts.append(f"{name}: {summarise(mix)}")
        checks.append(decide(d.mean, d.se, f"{where}{name}: {what} − ERM's = {d.mean:.2f} ± {d.se:.2f} (s.e.) > 0",
                             k=paired_k(d.n)))
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
                          f"{t} subnormal); the limit engine gives λ on a lone segment by its construction "
                          f"(a definition, shown: it tests only the float64 evaluation)", bool(dev < LIMIT_TOLERANCE))
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
                          (decide(d.mean, d.se, f"spread difference {d.mean:.2f} ± {d.se:.2f} (s.e.) > 0",
                                  k=paired_k(d.n)),)))
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
    :func:`claims.decide` at ± :func:`paired_k` standard errors of the mean difference (Student's t,
    2.45 for 7 seeds): within that, the evidence is undecided. The margin claim (§3.1:
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
