"""One module per chapter: the runs that chapter shows, as functions of its settings returning dataclasses,
and the rows of its "Claims checked" table built from those results. A chapter split by idea is a package
(its runs in modules named for what they compute, its claims in ``claim_rows``, which imports the runs and
never the reverse); its ``__init__`` re-exports both.

- ``mixup_loss``            J_mix three ways, pairing schemes, self-pairs per epoch, the sandwich ("The Mixup loss")
- ``optimal_classifier``    Lemma 2.3 in sympy, h_ε maps and limits, Proposition 2.5 ("The Mixup-optimal classifier")
- ``failure_case``          Theorem 2.7 step by step, Figure 1, Table 1, the α sweep, Figure 8 ("A failure case")
- ``sufficient_conditions`` Assumption 2.9 exactly on images, Table 2 sampled and exact, the training error of
                            h_ε, ResNet-18 with ERM and Mixup ("Sufficient conditions")
- ``midpoints``             self-pairs per epoch, Lemma C.2 and Claim 2 searches, recovery from shuffled midpoints,
                            networks trained on midpoints alone ("Midpoints")
- ``margin``                two moons decision maps, closed-form maps, margins, Assumption 3.1 ("The margin")
- ``linear_models``         max margin, Lemma 3.7, Theorem 3.5 across d/n and class splits, Corollary 3.8
                            ("Linear models")

Every chapter has its own ``claims``, so nothing is re-exported here: a chapter imports its
module, e.g. ``from mixup_nb_utils.experiments import linear_models as ex``.
"""

__all__ = ["mixup_loss", "optimal_classifier", "failure_case", "sufficient_conditions", "midpoints", "margin",
           "linear_models"]
