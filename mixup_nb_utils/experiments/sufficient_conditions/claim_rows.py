"""The chapter's "Claims checked" rows (paper §2.4, Figures 2 and 9, §2.5), each verdict computed."""

from __future__ import annotations

import numpy as np

from ...claims import Check, Claim, decide, difference_se
from ...theory.optimal_error import OptimalTrainingError
from ...training.images import ErrorCurves
from .distances import PAPER_TABLE_2, ConflictReport
from .fit import ErrorOnsets, TinyEpsCheck
from .small import Counterexample, SmallExamples
from .training import FitSpeed


def _fmt(x: float, digits: int = 3) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _final_errors(curves: ErrorCurves, label: str) -> np.ndarray:
    """Each run's training error after the last epoch, for the method called ``label`` (the Figure 9 row
    compares two methods with :func:`claims.difference_se`, treating their runs as independent although
    run r of every method starts from the same weights)."""
    return curves.train_error[curves.labels.index(label)][:, -1]


def claims(small: SmallExamples, report: ConflictReport, h_error: OptimalTrainingError,
           speed: FitSpeed, curves: ErrorCurves, tiny: TinyEpsCheck, counter: Counterexample,
           onsets: ErrorOnsets) -> list[Claim]:
    """The chapter's "Claims checked" rows, every verdict computed from the numbers in its row
    (``h_error`` is kept in the signature for the chapter's call; its onset is in ``onsets``)."""
    return _exact_rows(small, report, tiny, counter, onsets) + _training_rows(report, speed, curves)


def _exact_rows(small: SmallExamples, report: ConflictReport, tiny: TinyEpsCheck, counter: Counterexample,
                onsets: ErrorOnsets) -> list[Claim]:
    """Rows decided by exact computation: Proposition 2.8, Assumption 2.9, the counterexample, the
    onset of h_ε's error on the images, Table 2."""
    whole = report.train_whole
    whole_min = whole.minimum if whole is not None else np.nan
    other_x0 = float(counter.distances.other.distance[0])
    x0_bad = counter.x0_misclassified[0] & (counter.error.eps < other_x0)
    first_bad = float(counter.error.eps[np.argmax(x0_bad)]) if x0_bad.any() else np.nan
    sampled_tr = report.sampled_minimum("train")
    return [
        Claim("Prop. 2.8: as ε → 0, h_ε fits every training point (finite data, any P_f)",
              "h^i = 1 on X_i", f"largest training error of h_ε at ε = {tiny.eps:g} over every α and "
              f"{', '.join(tiny.error_rate)}: {_fmt(tiny.worst)}",
              (Check(f"training error 0 at ε = {tiny.eps:g} for every α and dataset", tiny.worst == 0),),
              "exact (Lemma 2.3)"),
        Claim("Without Assumption 2.9 the fit needs ε → 0: a fixed ε fails for large α",
              "Theorem 2.7 (§2.3)", f"violating set: error {_fmt(small.error_bad.error_rate[-1].max(), 2)} at "
              f"α = {small.error_bad.alphas[-1]:g}; satisfying set: {_fmt(small.error_good.error_rate[:, 0].max(), 2)} "
              f"at ε = {small.error_good.eps[0]:g} for every α",
              (Check("the violating set has an error at some ε of the grid for the largest α",
                     bool(small.error_bad.error_rate[-1].max() > 0)),
               Check("the satisfying set is fitted at the smallest ε for every α",
                     bool(small.error_good.error_rate[:, 0].max() == 0))), "exact (Lemma 2.3)"),
        Claim(f"Assumption 2.9 holds on {report.dataset} (exact, all pairs, both halves; the paper: too expensive "
              "to verify)", "estimated by sampling (other-class half only)",
              f"distance from a training point to the assumption's whole set: {_fmt(whole_min)} (own-class half "
              f"{_fmt(whole.own.minimum if whole else np.nan)}, other-class half "
              f"{_fmt(whole.other.minimum if whole else np.nan)})",
              (Check("smallest whole-set distance > 0", bool(whole_min > 0) if whole else None),), "exact"),
        Claim("A fitting radius is not the other-class conflict distance (a small counterexample)", "–",
              f"x_0's other-class distance {_fmt(other_x0)}, whole-set distance "
              f"{_fmt(float(counter.distances.distance[0]))}; h_ε (α = {counter.error.alphas[0]:g}) misclassifies "
              f"x_0 from ε = {_fmt(first_bad, 2)}",
              (Check("x_0 is misclassified at some ε below its other-class conflict distance", bool(x0_bad.any())),),
              "exact (Lemma 2.3)"),
        Claim(f"Observation on {report.dataset}: h_ε fits every training point up to a radius beyond the "
              "whole-set distance of Assumption 2.9", "–",
              "onset of the first error, per α: " + ", ".join(f"α={a:g}: ({_fmt(f)}, {_fmt(e)}]" for a, f, e in
                                                             zip(onsets.alphas, onsets.eps_fit, onsets.eps_error))
              + f"; whole-set distance {_fmt(whole_min)}",
              (Check("every α's last fitting radius ≥ the smallest whole-set distance",
                     bool(np.all(onsets.eps_fit >= whole_min))),), "exact (Lemma 2.3)"),
        Claim("Table 2's sampled distance estimates the exact minimum on the same points from above "
              "(a consequence of the definitions: checks the code)",
              f"{min(v[0] for v in PAPER_TABLE_2.values()):.3f}–{max(v[0] for v in PAPER_TABLE_2.values()):.3f} "
              "(train, the paper's datasets)",
              f"sampled {_fmt(sampled_tr.min())}–{_fmt(sampled_tr.max())} over {len(sampled_tr)} draws; mean bias "
              f"against the exact any-λ minimum on the same points: train {_fmt(report.bias('train').mean())}, "
              f"test {_fmt(report.bias('test').mean())}",
              (Check("every draw's sampled minimum ≥ the exact any-λ minimum of its subsample (train and test)",
                     bool(np.all(report.bias("train") >= -1e-9) and np.all(report.bias("test") >= -1e-9))),),
              "exact"),
    ]


def _training_rows(report: ConflictReport, speed: FitSpeed, curves: ErrorCurves) -> list[Claim]:
    """Rows decided from the trained networks: Figures 2 and 9, §2.5's rate."""
    e_erm, f_erm, sd_erm = speed.of("ERM")
    label_big = max((lab for lab in speed.labels if lab != "ERM"), key=lambda lab: float(lab.split("=")[1]))
    e_big, f_big, sd_big = speed.of(label_big)
    others = [lab for lab in speed.labels if lab not in ("ERM", label_big)]
    gaps = {lab: speed.of(lab)[1] - f_erm for lab in others}
    n_runs = min(curves.runs)
    return [
        Claim(f"Figure 2: Mixup at the largest α ({label_big}) reaches the training accuracy of ERM (within 1%)", "within 1%",
              f"final error ERM {_fmt(f_erm)} ± {_fmt(sd_erm)}, Mixup {_fmt(f_big)} ± {_fmt(sd_big)} "
              f"({n_runs} runs)",
              (Check("|final error Mixup − ERM| ≤ 0.01", bool(abs(f_big - f_erm) <= 0.01)),), "–"),
        Claim("Figure 9: α = 1, 32, 128 are strictly closer to ERM in training error than α = 1024",
              "strictly closer", ", ".join(f"{lab}: {g:+.4f}" for lab, g in gaps.items())
              + f"; α = 1024: {f_big - f_erm:+.4f} (final error minus ERM's)",
              tuple(decide(abs(f_big - f_erm) - abs(g), difference_se(_final_errors(curves, lab), _final_errors(curves, label_big)),
                           f"|α = 1024 − ERM| − |{lab} − ERM| > 0") for lab, g in gaps.items()), "–"),
        Claim(f"§2.5: Mixup at α = 1024 fits the training data at a rate similar to ERM ({report.dataset}, "
              f"{len(curves.epochs)} epochs)",
              "very similar rate", f"first epoch with mean error ≤ {speed.threshold:g}: ERM {_fmt(e_erm, 0)}, "
              f"Mixup α = 1024 {_fmt(e_big, 0)}",
              (Check("both reach the threshold, Mixup within 1.5 × ERM's epochs (+1)",
                     bool(np.isfinite(e_erm) and np.isfinite(e_big) and e_big <= 1.5 * e_erm + 1)),), "–"),
    ]
