"""The chapter "The Mixup loss" (paper §2.1, §2.5, App. A–B): J_mix three ways, pairings, self-pairs per epoch.

- ``routes``      the soft-label identity, one small problem and its J_mix exactly, by Monte Carlo and by
                  the package's loss; the sandwich of h_ε
- ``pairings``    pairing schemes (enumerated and simulated), torchvision's pairing, self-pairs per epoch
- ``claim_rows``  :func:`claims`: the "Claims checked" rows and their tolerances (it imports the runs, never the reverse)

Randomness comes from the numpy generator passed in (the chapter's ``make_generators(settings.seed).numpy``),
consumed in the order the chapter calls the functions.
"""

from .routes import (SANDWICH_ALPHAS, SANDWICH_EPS, SoftLabelIdentity, soft_label_identity, ToyProblem,
                     toy_problem, LossRoutes, loss_routes, Sandwich, sandwich)
from .pairings import (sd_with_se, PairingRow, EnumeratedExpectations, PairingComparison, enumerate_pairings,
                       pairing_comparison, TorchvisionMixup, torchvision_mixup, SelfPairCount, EpochCounts,
                       self_pair_counts)
from .claim_rows import IDENTITY_TOL, QUADRATURE_TOL, Z_MEANS, Z_COUNTS, claims

__all__ = ["SANDWICH_ALPHAS", "SANDWICH_EPS", "SoftLabelIdentity", "soft_label_identity", "ToyProblem",
           "toy_problem", "LossRoutes", "loss_routes", "Sandwich", "sandwich", "sd_with_se", "PairingRow",
           "EnumeratedExpectations", "PairingComparison", "enumerate_pairings", "pairing_comparison",
           "TorchvisionMixup", "torchvision_mixup", "SelfPairCount", "EpochCounts", "self_pair_counts",
           "IDENTITY_TOL", "QUADRATURE_TOL", "Z_MEANS", "Z_COUNTS", "claims"]
