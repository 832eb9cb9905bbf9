"""One module per chapter: the runs that chapter shows, as functions of its settings.

- ``midpoints`` networks trained on midpoints alone beside ERM (chapter "Midpoints")
- ``linear``    sweeps over d/n and over n (chapter "Linear models")
- ``failure_case`` Theorem 2.7 step by step, Figure 1, Table 1, the α sweep, Figure 8 (chapter "A failure case")

Every public name of these modules is re-exported here.
"""

from .midpoints import MidpointTraining, train_on_midpoints
from .linear import dimension_sweep, lemma_3_7_scan
from .failure_case import (BoundComparison, X32Training, ErrorCurve, SweepFit, LineRuns, Figure8, ClosedFormScan,
                           xi_agreement, proof_steps, bound_vs_critical, train_x32, error_curves, fit_sweep,
                           training_error_of_h, figure_8, closed_form_scan)

__all__ = [
    "MidpointTraining", "train_on_midpoints", "dimension_sweep", "lemma_3_7_scan",
    "BoundComparison", "X32Training", "ErrorCurve", "SweepFit", "LineRuns", "Figure8", "ClosedFormScan",
    "xi_agreement", "proof_steps", "bound_vs_critical", "train_x32", "error_curves", "fit_sweep",
    "training_error_of_h", "figure_8", "closed_form_scan",
]
