"""The chapter "Linear models" (paper §3.2, App. E): its runs and its claims.

The solvers are :mod:`mixup_nb_utils.theory.linear` (max margin, interpolation, Lemma 3.7, ERM gradient
descent) and :mod:`mixup_nb_utils.theory.mixup_logistic` (the exact Mixup logistic minimiser); the runs
draw the chapter's datasets from its seeds, loop over its laws, dimensions and class splits, and return
dataclasses.

- ``lemmas``      the max-margin example (Definitions 3.3, 3.4), Lemma 3.7, Lemma E.1
- ``direction``   Theorem 3.5: Parts I and II, the direction across d/n, unequal classes, the SGD cross-check
- ``descent``     Corollary 3.8: ERM gradient descent, and where its premise fails
- ``claim_rows``  the "Claims checked" rows, built from those results (it imports the runs, never the reverse)

Everything public is re-exported here: ``from mixup_nb_utils.experiments import linear_models as ex``.
"""

from .lemmas import (balanced_labels, MaxMarginExample, max_margin_example, Lemma37Curve, Lemma37Scan,
                     lemma_3_7_scan, lemma_3_7, SymbolicChecks, symbolic_checks, HessianScan,
                     lemma_e1_hessians)
from .direction import (UNIFORM, TRUNCATED_NORMAL, part_one_laws, TwoPointScales, two_point_scales,
                        TwoPointCurves, PLOTTED_LAWS, two_point_curves, PartTwoFit, part_two_fits, SweepLaw,
                        SWEEP_LAWS, DimensionSweep, dimension_sweep, direction_sweep, UnbalancedRow,
                        UnbalancedClasses, unbalanced_data, unbalanced_classes, SGDCheck, sgd_checks)
from .descent import GDRun, gd_run, gradient_descent_runs, PremiseRow, premise_table
from .claim_rows import ROUND_OFF, fmt_gap, claims

__all__ = ["balanced_labels", "MaxMarginExample", "max_margin_example", "Lemma37Curve", "Lemma37Scan",
           "lemma_3_7_scan", "lemma_3_7", "SymbolicChecks", "symbolic_checks", "HessianScan",
           "lemma_e1_hessians", "UNIFORM", "TRUNCATED_NORMAL", "part_one_laws", "TwoPointScales",
           "two_point_scales", "TwoPointCurves", "PLOTTED_LAWS", "two_point_curves", "PartTwoFit",
           "part_two_fits", "SweepLaw", "SWEEP_LAWS", "DimensionSweep", "dimension_sweep", "direction_sweep",
           "UnbalancedRow", "UnbalancedClasses", "unbalanced_data", "unbalanced_classes", "SGDCheck",
           "sgd_checks", "GDRun", "gd_run", "gradient_descent_runs", "PremiseRow", "premise_table",
           "ROUND_OFF", "fmt_gap", "claims"]
