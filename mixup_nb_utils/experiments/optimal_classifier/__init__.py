"""The chapter "The Mixup-optimal classifier" (paper §2.2, App. C): Lemma 2.3, Corollary C.1, Proposition 2.5.

- ``symbolic``    the derivations in sympy: the restricted loss, its minimiser, Corollary C.1's symmetric form
- ``numeric``     the small dataset, Corollary C.1 and the ξ terms numerically (and by Monte Carlo), Proposition 2.5
- ``maps``        the exact h_ε maps, profiles, symmetrisation and ε → 0 limits the chapter draws
- ``claim_rows``  :func:`claims`: the "Claims checked" rows and their tolerances (it imports the runs, never the reverse)

Randomness comes from the numpy generator passed in (the chapter's ``make_generators(settings.seed).numpy``),
consumed in the order the chapter calls.
"""

from .symbolic import (RestrictedLoss, restricted_loss, SimplexMinimiser, simplex_minimiser, SymmetricForm,
                       corollary_c1_symbolic)
from .numeric import (SmallDataset, small_dataset, CorollaryRow, CorollaryNumeric, corollary_c1_numeric,
                      XiMonteCarlo, xi_monte_carlo, Proposition25, proposition_2_5)
from .maps import (HMaps, cross_maps, mixing_betas, mixing_maps, eps_maps, Profile, cross_segment_profile,
                   line_profile, Symmetrisation, symmetrisation, LimitChecks, limit_checks, segment_limit,
                   MoonsMap, moons_map)
from .claim_rows import (IDENTITY_TOL, FORMULA_TOL, VALUE_TOL, LONE_TOL, LIMIT_TOL, MC_Z, ASYMMETRIC_GAP,
                         claims)

__all__ = ["RestrictedLoss", "restricted_loss", "SimplexMinimiser", "simplex_minimiser", "SymmetricForm",
           "corollary_c1_symbolic", "SmallDataset", "small_dataset", "CorollaryRow", "CorollaryNumeric",
           "corollary_c1_numeric", "XiMonteCarlo", "xi_monte_carlo", "Proposition25", "proposition_2_5",
           "HMaps", "cross_maps", "mixing_betas", "mixing_maps", "eps_maps", "Profile",
           "cross_segment_profile", "line_profile", "Symmetrisation", "symmetrisation", "LimitChecks",
           "limit_checks", "segment_limit", "MoonsMap", "moons_map", "IDENTITY_TOL", "FORMULA_TOL",
           "VALUE_TOL", "LONE_TOL", "LIMIT_TOL", "MC_Z", "ASYMMETRIC_GAP", "claims"]
