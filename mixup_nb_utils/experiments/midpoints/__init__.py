"""The chapter "Midpoints" (paper §2.5, Theorem 2.11, App. C.2): its runs and its claims.

- ``runs``        every run the chapter shows, as functions of its settings returning dataclasses
- ``claim_rows``  the "Claims checked" rows, built from those results (it imports ``runs``, never the reverse)

Everything public is re-exported here: ``from mixup_nb_utils.experiments import midpoints as ex``, then
``ex.self_pair_counts(settings)`` and ``ex.claims(...)``.
"""

from .runs import *  # noqa: F401,F403 (the runs' public names, listed in runs.__all__)
from .runs import __all__ as _runs_all
from .claim_rows import claims

__all__ = [*_runs_all, "claims"]
