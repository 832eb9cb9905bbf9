"""The chapter "The margin of Mixup classifiers" (paper §3.1 and Figure 3; Appendix F, Figures 10-14).

Each run takes the chapter's settings (``config.chapter_settings("margin")``) or the results of
another, and returns a frozen dataclass:

- ``maps``         :func:`train_decision_maps`: ERM and Mixup(α) networks on the separated two moons
                   at every class separation γ, one dataset per seed, trained with the corrected loop
                   and the authors' loop; their predicted class on a grid; :func:`paper_figures`
- ``measures``     :func:`margin_table`: per seed, the grid margins m/r of the training points and the
                   boundary spread of each seed's map
- ``closed_form``  :func:`closed_form_maps`, :func:`limit_check`, :func:`assumption_scan`: the exact h_ε
                   of Lemma 2.3, its ε → 0 limit, Assumption 3.1 and Theorem 3.2 between the classes
- ``claim_rows``   :func:`claims`: the chapter's "Claims checked" rows (it imports the runs, never the reverse)

What is trained (:class:`Method`, the loops) lives in :mod:`mixup_nb_utils.training.methods` and the seed
summaries in :mod:`mixup_nb_utils.claims`; both are re-exported here for the chapter.
"""

from .maps import (CPU_ENSEMBLE_SIZE, PREDICT_CHUNK, Grid, map_grid, moons, seed_list, DecisionMaps, index_of,
                   grid_predictions, train_decision_maps, PaperFigure, PAPER_FIGURES, paper_figures)
from .measures import margin_ratios, MarginTable, margin_table
from .closed_form import (ClosedFormMaps, closed_form_maps, LimitCheck, limit_check, log10_beta_density,
                          AssumptionScan, assumption_scan)
from .claim_rows import VERTICAL_SPREAD, MAX_TRAIN_ERROR, LIMIT_TOLERANCE, claims
from ...training.methods import AUTHORS, CORRECTED, LOOPS, LOOP_NAMES, Method, trained_methods
from ...claims import SeedSummary, paired_difference, summarise

__all__ = ["CPU_ENSEMBLE_SIZE", "PREDICT_CHUNK", "Grid", "map_grid", "moons", "seed_list", "DecisionMaps",
           "index_of", "grid_predictions", "train_decision_maps", "PaperFigure", "PAPER_FIGURES",
           "paper_figures", "margin_ratios", "MarginTable", "margin_table", "ClosedFormMaps",
           "closed_form_maps", "LimitCheck", "limit_check", "log10_beta_density", "AssumptionScan",
           "assumption_scan", "VERTICAL_SPREAD", "MAX_TRAIN_ERROR", "LIMIT_TOLERANCE", "claims", "AUTHORS",
           "CORRECTED", "LOOPS", "LOOP_NAMES", "Method", "trained_methods", "SeedSummary",
           "paired_difference", "summarise"]
