"""The chapter "A failure case" (paper §2.3, Theorem 2.7, App. D.1): the runs it shows, and its claims.

- ``theorem``     :func:`xi_agreement` (the hand-derived ξ terms of X_3^2 against the general engine),
                  :func:`proof_steps` (every quantity of the proof of Theorem 2.7), :func:`bound_vs_critical`
                  (the proof's bound on α against the exact critical α*(ε)), :func:`closed_form_scan` (the
                  closed-form training error of h_ε on X_10^k over ε, with its margins)
- ``runs``        :func:`train_x32` (Figure 1 and Table 1: the authors' protocol and independent runs),
                  :func:`error_curves`, :func:`fit_sweep` (trained networks across α against h_ε),
                  :func:`figure_8` (App. D.1: X_10^2 and X_10^10, trained and in closed form)
- ``claim_rows``  :func:`claims`: the "Claims checked" rows (it imports the runs, never the reverse)
"""

from .theorem import (PROOF_EPS, LARGE_ALPHA, xi_agreement, proof_steps, BoundComparison, bound_vs_critical,
                      ClosedFormScan, closed_form_scan)
from .runs import (PROTOCOLS, X32Training, train_x32, ErrorCurve, error_curves, SweepFit, fit_sweep, LineRuns,
                   Figure8, training_error_of_h, figure_8)
from .claim_rows import PAPER_TABLE_1, claims

__all__ = ["PROOF_EPS", "LARGE_ALPHA", "xi_agreement", "proof_steps", "BoundComparison", "bound_vs_critical",
           "ClosedFormScan", "closed_form_scan", "PROTOCOLS", "X32Training", "train_x32", "ErrorCurve",
           "error_curves", "SweepFit", "fit_sweep", "LineRuns", "Figure8", "training_error_of_h", "figure_8",
           "PAPER_TABLE_1", "claims"]
