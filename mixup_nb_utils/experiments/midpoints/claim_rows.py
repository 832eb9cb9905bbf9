"""The "Claims checked" rows of the chapter "Midpoints", built from the results of :mod:`.runs`.

Every verdict comes from the :class:`~mixup_nb_utils.claims.Check` objects of its row, each a
comparison of the row's numbers with the tolerance its text states. (This module imports the result
dataclasses of :mod:`mixup_nb_utils.experiments.midpoints.runs`, never the reverse; the package
re-exports :func:`claims`.)
"""

from __future__ import annotations

from ...claims import Check, Claim
from ...theory.midpoints import Claim2Sweep, turan_margin
from .runs import (Ambiguity, DigitsRecovery, LemmaSearches, MidpointRuns, PrecisionCase,
                   RandomRecoveries, RecoveryTimes, SelfPairCount, SharedSums)

EXACT = 1e-12          # recovered points "equal" the originals when every coordinate is this close
SLOPE_MAX = 2.5        # "time about ∝ m²": the fitted log-log slope may not exceed this


def _algebra_rows(counts: tuple[SelfPairCount, ...], ranks: dict[int, int], searches: LemmaSearches,
                  sweeps: tuple[Claim2Sweep, ...], ambiguity: Ambiguity, sums: SharedSums) -> list[Claim]:
    iid = next(c for c in counts if c.scheme == "iid" and c.batch is None)
    deficient = [s.m for s in sweeps if s.deficient]
    beyond6 = [s for s in sweeps if s.m > 6]
    first_turan = next((s.m for s in sweeps if turan_margin(s.m) > 0), None)
    at_least_6 = [s.m for s in searches.searches if s.m >= 6 and s.lemma_holds]
    return [
        Claim("Mixup sees one true point per epoch in expectation (§2.5)", "1",
              f"{iid.counts.mean():.3f} (m = {iid.m}, {len(iid.counts)} epochs); "
              f"P(none) = {(iid.counts == 0).mean():.3f}",
              closed_form=f"1; P(none) = (1 − 1/m)^m = {iid.p_none:.3f}",
              checks=(Check("|mean − 1| < 5 s.e. (s.e. from the binomial variance 1 − 1/m)",
                            abs(iid.counts.mean() - 1) < 5 * iid.mean_se),
                      Check("closed form: |P(none) − (1 − 1/m)^m| < 5 s.e.",
                            abs((iid.counts == 0).mean() - iid.p_none) < 5 * iid.p_none_se))),
        Claim("rank A = m (proof of Lemma C.2)", "m", f"exact: {ranks}", closed_form="m for m ≥ 3",
              checks=Check("exact (integer) rank of A equals m for every m ≥ 3 tried",
                           all(r == m for m, r in ranks.items() if m >= 3))),
        Claim("Lemma C.2 (m > 6): rank [A, PA] > m unless PA permutes A's columns", "m > 6",
              f"exhaustive for m = {searches.searches[0].m}..{searches.searches[-1].m}: fails only for "
              f"m = {searches.failing}",
              checks=Check("no non-permutation M for any searched m > 6", searches.holds_for_all(6))),
        Claim("Claim 2: rank C₂ = m (Turán step needs m > 6)", "m > 6",
              f"all subsets, m = 3..{sweeps[-1].m}: fails for m = {deficient}",
              closed_form="Turán inequality holds iff m ≥ 6",
              checks=Check("no deleted set leaves rank(C₂) < m, for every swept m > 6 (undecided if none was swept)",
                           all(s.deficient == 0 for s in beyond6) if beyond6 else None)),
        Claim("Claim 2 holds from m = 6 on and fails for m = 4, 5 (not a claim of the paper)", "–",
              f"rank-deficient subsets for m = {deficient}; holds for "
              f"m = {[s.m for s in sweeps if not s.deficient and s.m >= 6]}",
              closed_form=f"Turán margin first positive at m = {first_turan}",
              checks=(Check("rank-deficient subsets exist exactly for m = 4 and 5 among the swept m",
                            deficient == [4, 5]),
                      Check("the Turán inequality first holds at m = 6", first_turan == 6))),
        Claim("Theorem 2.11: m ≥ 6 generic points are determined by their midpoints", "m ≥ 6",
              f"Lemma C.2 true for m ∈ {at_least_6}; {ambiguity.of(4)}/{ambiguity.trials} random 4-sets "
              f"ambiguous", closed_form="m = 4 fails for almost every set",
              checks=(Check("Lemma C.2 (the theorem's step) holds for every searched m ≥ 6",
                            searches.holds_for_all(5)),
                      Check("no random set with m ≥ 6 shares its pairwise sums with another set",
                            all(k == 0 for m, k in zip(ambiguity.ms, ambiguity.ambiguous) if m >= 6)))),
        Claim("the sets that are not determined have measure zero", "measure zero (m ≥ 6)",
              f"{ambiguity.others} of {ambiguity.trials * (len(ambiguity.ms) - 1)} random sets (m ≠ 4) ambiguous",
              checks=Check("no random set with m ≠ 4 is ambiguous", ambiguity.others == 0)),
        Claim("an 8-set shares its sums with exactly two other sets (not a claim of the paper)", "–",
              f"{len(sums.solutions)} sets with the sums of a8, {len(sums.extra)} not from the doubling",
              closed_form="a ∪ (b + t), b ∪ (a + t)",
              checks=(Check("the 1-D search finds exactly 3 sets, each with a8's sums in exact fractions",
                            len(sums.solutions) == 3 and sums.all_exact and sums.same_8),
                      Check("exactly one of them is neither a8 nor b8", len(sums.extra) == 1))),
    ]


def _recovery_rows(random: RandomRecoveries, times: RecoveryTimes, precision: tuple[PrecisionCase, ...],
                   digit_rec: DigitsRecovery) -> list[Claim]:
    f64 = [c for c in precision if c.dtype == "float64"]
    f32 = sorted((c for c in precision if c.dtype == "float32"), key=lambda c: c.m)
    return [
        Claim("the points can be recovered from their unordered midpoints", "information-theoretically",
              f"recovered: random sets max error {random.worst:.1e}; {len(digit_rec.originals)} digits max error "
              f"{digit_rec.max_error:.1e}",
              checks=(Check(f"random sets: largest coordinate error < {EXACT:.0e}", random.worst < EXACT),
                      Check(f"digits: largest pixel error < {EXACT:.0e}", digit_rec.max_error < EXACT),
                      Check("m = 4 in R^3: two solutions, one the reflection through the centroid",
                            len(random.m4_solutions) == 2 and random.m4_reflection_found))),
        Claim("the recovery takes time about linear in the C(m, 2) midpoints (not a claim of the paper)", "–",
              f"log-log slope {times.slope:.2f} over m = {times.ms[-3]}..{times.ms[-1]} (load-dependent)",
              closed_form="O(m²(n + log m)) typical",
              checks=Check(f"fitted slope ≤ {SLOPE_MAX} (2: linear in the midpoints)", times.slope <= SLOPE_MAX)),
        Claim("float64 midpoints are recovered at the largest m tried, float32 only at smaller m "
              "(not a claim of the paper)", "–",
              "; ".join(f"{c.dtype} m = {c.m}: " + (f"error {c.error:.0e}" if c.recovered else "fails")
                        for c in precision),
              checks=(Check("every float64 case recovered, error < 1e-10",
                            bool(f64) and all(c.recovered and c.error < 1e-10 for c in f64)),
                      Check("the smallest float32 case recovered, error < 1e-5",
                            bool(f32) and f32[0].recovered and f32[0].error < 1e-5),
                      Check("the largest float32 case raises (the 1-D peeling loses neighbouring sums)",
                            bool(f32) and not f32[-1].recovered))),
    ]


def _training_rows(training: MidpointRuns) -> list[Claim]:
    line3, line10, dig = training.line(3), training.line(10), training.digits
    return [
        Claim("training on midpoints alone fails on the alternating line (collinear conflicts)",
              "– (§2.5 leaves training open)",
              f"X_3^2 error {line3.midpoint_errors.mean():.2f} vs ERM {line3.erm_errors.mean():.2f}; "
              f"X_10^2 {line10.midpoint_errors.mean():.2f} vs {line10.erm_errors.mean():.2f}",
              checks=(Check("X_3^2: every midpoint-trained network misses more than half the points",
                            line3.midpoint_errors.min() > 0.5),
                      Check("X_3^2: every ERM network fits every point", line3.erm_errors.max() == 0))),
        Claim("… and matches ERM where no conflict exists (digits)", "–",
              f"midpoints only {dig.midpoint_errors.mean():.2f}, ERM {dig.erm_errors.mean():.2f} "
              f"({len(dig.erm_errors)} seeds)",
              checks=Check("midpoint-trained error ≤ the largest ERM error + 0.05, every seed",
                           dig.midpoint_errors.max() <= dig.erm_errors.max() + 0.05)),
    ]


def claims(*, counts: tuple[SelfPairCount, ...], ranks: dict[int, int], searches: LemmaSearches,
           sweeps: tuple[Claim2Sweep, ...], ambiguity: Ambiguity, sums: SharedSums, random: RandomRecoveries,
           times: RecoveryTimes, precision: tuple[PrecisionCase, ...], digit_rec: DigitsRecovery,
           training: MidpointRuns) -> list[Claim]:
    """The chapter's "Claims checked" rows (§2.5's count, Lemma C.2, Claim 2, Theorem 2.11, recovery, training),
    each verdict computed from its checks."""
    return (_algebra_rows(counts, ranks, searches, sweeps, ambiguity, sums)
            + _recovery_rows(random, times, precision, digit_rec) + _training_rows(training))
