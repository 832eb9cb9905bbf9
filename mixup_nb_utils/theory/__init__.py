"""Exact results, no training (paper §2–3, App. C–E).

- ``geometry``    segment–ball λ-intervals, the ξ terms, conflicts (Assumptions 2.9 and 3.1)
- ``optimal``     the Mixup-optimal classifier h_ε (Lemma 2.3, Corollary C.1) and its ε → 0 limit
- ``search``      the spatial hit search behind the h_ε engine (chunking, device policy)
- ``exact_loss``  J_mix exactly: all pairs, quadrature in λ; the plain cross-entropy J(g, P_X)
- ``alternating`` the alternating line: closed-form ξ, Theorem 2.7's proof quantities, Var Beta(α, α), critical α
- ``midpoints``   the Mixup matrix, Lemma C.2 and Claim 2 in exact integer arithmetic
- ``recovery``    points from their shuffled midpoints in floating point (Theorem 2.11)
- ``linear``      linear models: max margin, interpolation, Lemma 3.7, ERM gradient descent
- ``mixup_logistic`` the linear model's Mixup logistic loss in score space: its exact minimiser, k(P_f)
- ``margins``     margins measured on a grid, half-distances between classes
- ``conflicts``   exact conflict distances, other-class half of Assumption 2.9 (all pairs, λ = 1/2 or any λ)
- ``assumption_2_9`` the own-class half of Assumption 2.9 and the distance to its whole set, exactly
- ``sampled_conflicts`` the paper's sampled Table 2 procedure
- ``beta_intervals`` Beta(α, α) masses and first moments of λ-intervals (tabulated, tail-accurate)
- ``optimal_error`` the exact training error of h_ε on a grid of ε and α

Every public name is re-exported here, except ``linear.margins`` (it would hide the module
:mod:`~mixup_nb_utils.theory.margins`) the internals of ``search``, and the modules ``conflicts`` (but for ``conflict_distances``), ``assumption_2_9``, ``sampled_conflicts``,
``beta_intervals`` and ``optimal_error`` (import from them).
"""

from .geometry import (segment_ball_interval, pair_intervals, xi_terms, collinear_triples, Assumption31Check,
                       assumption_3_1)
from .conflicts import conflict_distances
from .optimal import lemma_2_3, corollary_c1, xi_matrices, mixup_optimal, xi_limit, mixup_optimal_limit
from .exact_loss import pair_probabilities, pair_loss_matrix, exact_mixup_loss, plain_cross_entropy
from .alternating import (paper_alpha_bound, X32Xi, x32_xi, Theorem27Steps, theorem_2_7_steps, BetaVariance,
                          beta_variance, point_margin, critical_alpha, matching_eps, h_curve, EpsFit,
                          fit_single_eps)
from .midpoints import (pair_list, mixup_matrix, midpoints_of, exact_rank, incidence_rank_formula,
                        LemmaSearch, lemma_c2_search, row_permutation_for, Claim2Sweep, claim2_sweep,
                        turan_margin, pairwise_sums, reflected_set, doubled_example)
from .recovery import (recover_multiset_1d, AmbiguousMidpointsError, RecoveryInfo, recover_points,
                       match_points)
from .linear import (check_pm_labels, span_basis, cosine, disagreement, lemma_3_7_threshold, KKTResiduals,
                     MaxMarginResult, max_margin_solution, max_margin, is_interpolating,
                     max_margin_interpolates, interpolation_probability, GDPath, logistic_gd)
from .mixup_logistic import (Pairs, PAIRS, LogisticFit, mixup_logistic_loss, mixup_logistic_grad,
                             mixup_logistic_hessian, mixup_logistic_fit, mixup_logistic_minimizer,
                             logistic_erm_fit, expected_two_point_loss, two_point_scale, class_margins,
                             predicted_direction, erm_direction)
from .margins import grid_margins, half_distances, boundary_spread

__all__ = [
    "segment_ball_interval", "pair_intervals", "xi_terms", "collinear_triples", "Assumption31Check", "assumption_3_1",
    "conflict_distances", "lemma_2_3", "corollary_c1", "xi_matrices", "mixup_optimal", "xi_limit",
    "mixup_optimal_limit", "pair_probabilities", "pair_loss_matrix", "exact_mixup_loss", "plain_cross_entropy", "paper_alpha_bound",
    "X32Xi", "x32_xi", "Theorem27Steps", "theorem_2_7_steps", "BetaVariance", "beta_variance", "point_margin",
    "critical_alpha", "matching_eps", "h_curve", "EpsFit", "fit_single_eps", "pair_list", "mixup_matrix", "midpoints_of", "exact_rank", "incidence_rank_formula",
    "LemmaSearch", "lemma_c2_search", "row_permutation_for", "Claim2Sweep", "claim2_sweep", "turan_margin",
    "pairwise_sums", "reflected_set", "doubled_example", "recover_multiset_1d", "AmbiguousMidpointsError",
    "RecoveryInfo", "recover_points", "match_points", "Pairs", "PAIRS", "check_pm_labels", "span_basis",
    "cosine", "disagreement", "lemma_3_7_threshold", "KKTResiduals", "MaxMarginResult", "max_margin_solution", "max_margin",
    "is_interpolating", "max_margin_interpolates", "interpolation_probability", "LogisticFit",
    "mixup_logistic_loss", "mixup_logistic_grad", "mixup_logistic_hessian", "mixup_logistic_fit",
    "mixup_logistic_minimizer", "logistic_erm_fit", "expected_two_point_loss", "two_point_scale", "class_margins", "predicted_direction",
    "GDPath", "logistic_gd", "erm_direction", "grid_margins", "half_distances", "boundary_spread",
]
