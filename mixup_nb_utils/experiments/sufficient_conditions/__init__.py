"""The runs of the chapter "Sufficient conditions" (paper §2.4, Appendix D.2), one module per idea.

Each function takes the chapter's settings (``chapter_settings("sufficient_conditions")``) and
returns a dataclass; :func:`claims` builds the chapter's "Claims checked" rows from them.

- ``data``: the datasets as normalised images, split into train and test (:func:`load_data`);
- ``small``: two small datasets, one breaking Assumption 2.9 and one satisfying it
  (Proposition 2.8, Theorem 2.10), and the counterexample to "h_ε fits while ε is below the
  other-class conflict distance";
- ``distances``: Assumption 2.9 exactly (both halves, all pairs) and Table 2, sampled beside exact;
- ``fit``: the exact training error of h_ε (Lemma 2.3) against ε and its onset over all points;
- ``training``: ResNet-18 with ERM and Mixup (Figures 2 and 9) and how fast each fits (§2.5);
- ``claim_rows``: the chapter's claims rows.
"""

from .claim_rows import claims
from .data import Availability, ImageData, available_data, load_data
from .distances import (PAPER_TABLE_2, ConflictReport, SearchScaling, SubsampleExact, Table2Row, conflicts,
                        search_scaling, table2_markdown, table2_rows)
from .fit import ErrorOnsets, TinyEpsCheck, error_onsets, optimal_error, tiny_eps_check
from .small import (SMALL_X, SMALL_Y, Counterexample, SmallExamples, counterexample, nearest_other_class,
                    safe_radius, small_examples)
from .training import (FitSpeed, fit_speed, paper_results, paper_results_markdown, protocol_markdown,
                       speed_markdown, train_config, training_curves)

__all__ = ["claims", "Availability", "ImageData", "available_data", "load_data", "PAPER_TABLE_2", "ConflictReport",
           "SearchScaling", "search_scaling", "SubsampleExact", "Table2Row", "conflicts", "table2_markdown", "table2_rows", "ErrorOnsets", "TinyEpsCheck",
           "error_onsets", "optimal_error", "tiny_eps_check", "SMALL_X", "SMALL_Y", "Counterexample", "SmallExamples",
           "counterexample", "nearest_other_class", "safe_radius", "small_examples", "FitSpeed", "fit_speed",
           "paper_results", "paper_results_markdown", "protocol_markdown", "speed_markdown", "train_config",
           "training_curves"]
