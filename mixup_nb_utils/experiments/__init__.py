"""One module per chapter: the runs that chapter shows, as functions of its settings.

- ``midpoints`` self-pairs per epoch, Lemma C.2 and Claim 2 searches, recovery from shuffled midpoints,
  networks trained on midpoints alone (chapter "Midpoints"); its claims are built in ``midpoints_claims``
- ``linear``    max margin, Lemma 3.7, Theorem 3.5 across d/n and class splits, Corollary 3.8 (chapter
  "Linear models"); its claims are built in ``linear_claims``

Chapters import their module (``from mixup_nb_utils.experiments import linear as ex``), since each
has its own ``claims``; a few names are re-exported here.
"""

from .midpoints import MidpointTraining, train_on_midpoints
from .linear import DimensionSweep, Lemma37Scan, dimension_sweep, lemma_3_7_scan

__all__ = [
    "MidpointTraining", "train_on_midpoints", "DimensionSweep", "Lemma37Scan", "dimension_sweep", "lemma_3_7_scan",
]
