"""Utilities for the executable book on *Towards Understanding the Data Dependency
of Mixup-style Training* (Chidambaram et al., ICLR 2022).

The chapters tell the story; this package does the work. Its map (imports run down this list):

- :mod:`mixup_nb_utils.config`       the scale switch (``MIXUP_SCALE``), every chapter's typed settings (one
                                     frozen dataclass per chapter, checked once) and the trainers' config
- :mod:`mixup_nb_utils.device`       device choice, seeded generators, CPU-thread limits
- :mod:`mixup_nb_utils.validation`   input checks shared by everything
- :mod:`mixup_nb_utils.notebook`     what a chapter needs from its kernel: ``glue`` (without MyST-NB), progress bars
- :mod:`mixup_nb_utils.claims`       the claims model: Check, Claim, verdicts derived from checks, decide,
                                     seed summaries (mean ± s.e. with ddof = 1, paired differences)
- :mod:`mixup_nb_utils.data`         datasets: the alternating line, two moons, digits, torchvision images, grids
- :mod:`mixup_nb_utils.mixup`        the method: mixing distributions P_f, pairing and λ sampling, the Mixup
                                     loss, Monte-Carlo estimates, what common libraries do instead
- :mod:`mixup_nb_utils.theory`       exact results, no training: geometry and ξ, the optimal classifier h_ε,
                                     the exact J_mix, the alternating line, midpoints, linear models, margins
- :mod:`mixup_nb_utils.training`     fitting models: the vectorised MLP ensemble, repeated runs, the image
                                     trainer (ResNet-18), resumable paper-scale jobs
- :mod:`mixup_nb_utils.experiments`  one module (or package: runs, claim_rows) per chapter: the runs that
                                     chapter shows and its claims
- :mod:`mixup_nb_utils.figures`      the book's style, maps, curves, pictures, the "Claims checked" tables
                                     (figures draw what they are given; they never import experiments)

``tests/test_layers.py`` checks that imports run down this list, with no circles; the README's module
table has one line per module.
Each subpackage re-exports its public names, e.g. ``from mixup_nb_utils.theory import mixup_optimal``.
Importing this package imports none of them (so that ``import mixup_nb_utils`` stays cheap).
"""

__version__ = "0.1.0"

__all__ = ["config", "device", "validation", "notebook", "claims", "data", "mixup", "theory", "training", "experiments", "figures"]
