"""Utilities for the executable book on *Towards Understanding the Data Dependency
of Mixup-style Training* (Chidambaram et al., ICLR 2022).

The chapters tell the story; this package does the work:

- :mod:`mixup_nb_utils.config`     the scale switch (``MIXUP_SCALE``) and each chapter's settings
- :mod:`mixup_nb_utils.device`     device choice and seeded generators
- :mod:`mixup_nb_utils.mixing`     mixing distributions P_f (Beta(a, b) or any law on [0, 1])
- :mod:`mixup_nb_utils.mixup`      Mixup sampling and the Mixup cross-entropy (paper §2.1)
- :mod:`mixup_nb_utils.exact_loss` the exact expectation J_mix over all pairs and λ
- :mod:`mixup_nb_utils.geometry`   segments, balls, the sets A^{i,j}_{x,ε} and collinearity checks
- :mod:`mixup_nb_utils.theory`     the exact engine for h_ε (Lemma 2.3) and its ε → 0 limit
- :mod:`mixup_nb_utils.training`   the vectorised ensemble trainer for small MLPs
- :mod:`mixup_nb_utils.alternating` the alternating line and Theorem 2.7
- :mod:`mixup_nb_utils.midpoints`  Theorem 2.11, Lemma C.2, recovering points from midpoints
- :mod:`mixup_nb_utils.linear`     linear models: max margin and the Mixup logistic minimiser (§3.2)
- :mod:`mixup_nb_utils.datasets`   the paper's datasets (synthetic, digits, torchvision images)
- :mod:`mixup_nb_utils.plotting`   the book's plot style
- :mod:`mixup_nb_utils.report`     the "Claims checked" tables
"""

__version__ = "0.1.0"
