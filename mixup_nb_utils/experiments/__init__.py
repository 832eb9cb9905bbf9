"""One module per chapter: the runs that chapter shows, as functions of its settings.

- ``mixup_loss`` J_mix three ways, pairing schemes, self-pairs per epoch, the sandwich (chapter "The Mixup loss")
- ``optimal_classifier`` Lemma 2.3 in sympy, h_ε maps and limits, Proposition 2.5 (chapter "The Mixup-optimal
  classifier")
- ``midpoints`` networks trained on midpoints alone beside ERM (chapter "Midpoints")
- ``linear``    sweeps over d/n and over n (chapter "Linear models")
- ``failure_case`` Theorem 2.7 step by step, Figure 1, Table 1, the α sweep, Figure 8 (chapter "A failure case")
- ``sufficient_conditions`` Assumption 2.9 exactly on images, Table 2 sampled and exact, the training error of
  h_ε, ResNet-18 with ERM and Mixup (chapter "Sufficient conditions"; import the module, nothing is re-exported)

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
from .failure_case import (BoundComparison, X32Training, ErrorCurve, SweepFit, LineRuns, Figure8, ClosedFormScan,
                           xi_agreement, proof_steps, bound_vs_critical, train_x32, error_curves, fit_sweep,
                           training_error_of_h, figure_8, closed_form_scan)

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
    "BoundComparison", "X32Training", "ErrorCurve", "SweepFit", "LineRuns", "Figure8", "ClosedFormScan",
    "xi_agreement", "proof_steps", "bound_vs_critical", "train_x32", "error_curves", "fit_sweep",
    "training_error_of_h", "figure_8", "closed_form_scan",
]
