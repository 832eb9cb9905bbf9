"""One module per chapter: the runs that chapter shows, as functions of its settings.

- ``midpoints`` networks trained on midpoints alone beside ERM (chapter "Midpoints")
- ``linear``    sweeps over d/n and over n (chapter "Linear models")

Every public name of these modules is re-exported here.
"""

from .midpoints import MidpointTraining, train_on_midpoints
from .linear import dimension_sweep, lemma_3_7_scan

__all__ = [
    "MidpointTraining", "train_on_midpoints", "dimension_sweep", "lemma_3_7_scan",
]
