"""One module per chapter: the runs that chapter shows, as functions of its settings.

- ``mixup_loss`` J_mix three ways, pairing schemes, self-pairs per epoch, the sandwich (chapter "The Mixup loss")
- ``optimal_classifier`` Lemma 2.3 in sympy, h_ε maps and limits, Proposition 2.5 (chapter "The Mixup-optimal
  classifier")
- ``midpoints`` networks trained on midpoints alone beside ERM (chapter "Midpoints")
- ``linear``    sweeps over d/n and over n (chapter "Linear models")

Every public name of these modules is re-exported here, except each module's ``claims`` (the rows of its
chapter's "Claims checked" table: call it through the module, e.g. ``mixup_loss.claims``).
"""

from .mixup_loss import (SoftLabelIdentity, soft_label_identity, ToyProblem, toy_problem, LossRoutes,
                         loss_routes, sd_with_se, PairingRow, EnumeratedExpectations, PairingComparison,
                         enumerate_pairings, pairing_comparison, TorchvisionMixup, torchvision_mixup,
                         SelfPairCount, EpochCounts, self_pair_counts, Sandwich, sandwich)
from .optimal_classifier import (RestrictedLoss, restricted_loss, SimplexMinimiser, simplex_minimiser,
                                 SymmetricForm, corollary_c1_symbolic, SmallDataset, small_dataset, CorollaryRow,
                                 CorollaryNumeric, corollary_c1_numeric, XiMonteCarlo, xi_monte_carlo,
                                 Proposition25, proposition_2_5, HMaps, cross_maps, mixing_betas, mixing_maps,
                                 eps_maps, Profile, cross_segment_profile, line_profile, Symmetrisation,
                                 symmetrisation, LimitChecks, limit_checks, segment_limit, MoonsMap, moons_map)
from .midpoints import MidpointTraining, train_on_midpoints
from .linear import dimension_sweep, lemma_3_7_scan

__all__ = [
    "SoftLabelIdentity", "soft_label_identity", "ToyProblem", "toy_problem", "LossRoutes", "loss_routes",
    "sd_with_se", "PairingRow", "EnumeratedExpectations", "PairingComparison", "enumerate_pairings",
    "pairing_comparison", "TorchvisionMixup", "torchvision_mixup", "SelfPairCount", "EpochCounts",
    "self_pair_counts", "Sandwich", "sandwich",
    "RestrictedLoss", "restricted_loss", "SimplexMinimiser", "simplex_minimiser", "SymmetricForm",
    "corollary_c1_symbolic", "SmallDataset", "small_dataset", "CorollaryRow", "CorollaryNumeric",
    "corollary_c1_numeric", "XiMonteCarlo", "xi_monte_carlo", "Proposition25", "proposition_2_5", "HMaps",
    "cross_maps", "mixing_betas", "mixing_maps", "eps_maps", "Profile", "cross_segment_profile", "line_profile",
    "Symmetrisation", "symmetrisation", "LimitChecks", "limit_checks", "segment_limit", "MoonsMap", "moons_map",
    "MidpointTraining", "train_on_midpoints", "dimension_sweep", "lemma_3_7_scan",
]
