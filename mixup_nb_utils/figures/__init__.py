"""The book's figures and tables: they draw what they are given and compute nothing of substance.

- ``style``    the plot style, class colours, axes helpers
- ``pictures`` pictures of the paper's definitions and assumptions (Figures 4 to 7)
- ``optimal_classifier`` maps of h_ε over the plane
- ``margin``   the chapter "The margin": decision maps, closed-form maps, spreads and margins (imported as a module)
- ``failure_case`` the failure case: error curves, Table 1, the proof's steps, α* against the bound, the α sweep
- ``claims``   the "Claims checked" tables, rendered from :mod:`mixup_nb_utils.claims` (the model lives there)
- ``sufficient_conditions`` figures of the chapter "Sufficient conditions" (imported as a module)
- ``tables``   printed tables as rendered Markdown tables that fit the column
- ``settings`` a chapter's settings, compactly (what differs from the paper's scale)
- ``linear_models`` the chapter "Linear models": Lemma 3.7, E h_λ(k), the d/n sweep, gradient descent
- ``midpoints`` the chapter "Midpoints": the m = 4 reflection, recovery times, digits recovered

Every public name of these modules is re-exported here.
"""

from .style import (CLASS_COLORS, CLASS_MARKERS, use_book_style, class_color, plot_points, label_axes,
                    subplots)
from .pictures import (draw_segments, draw_ball_hits, draw_interval_bars, draw_collinearity,
                       draw_assumption_3_1)
from .optimal_classifier import blend_colors, blend_key, probability_rgb, show_blend, show_class_probability
from .failure_case import (error_band, figure_error_curves, mean_std, table_1_markdown, proof_steps_markdown,
                      plot_bound_vs_critical, protocol_spread_markdown, point1_scatter, plot_sweep_fit,
                      closed_form_scan_text, margins_markdown)
from .settings import settings_markdown, settings_table
from .linear_models import (lemma_3_7_figure, two_point_loss_figure, direction_sweep_figure,
                     gradient_descent_figure)
from .midpoints import reflection_figure, recovery_time_figure, digits_figure
from .claims import claims_markdown, claims_table

__all__ = [
    "CLASS_COLORS", "CLASS_MARKERS", "use_book_style", "class_color", "plot_points", "label_axes", "subplots",
    "draw_segments", "draw_ball_hits", "draw_interval_bars", "draw_collinearity", "draw_assumption_3_1",
    "blend_colors", "blend_key", "probability_rgb", "show_blend", "show_class_probability", "error_band",
    "figure_error_curves", "mean_std", "table_1_markdown", "proof_steps_markdown", "plot_bound_vs_critical",
    "protocol_spread_markdown", "point1_scatter", "plot_sweep_fit", "closed_form_scan_text", "margins_markdown",
    "claims_markdown", "claims_table", "settings_markdown", "settings_table",
    "lemma_3_7_figure", "two_point_loss_figure", "direction_sweep_figure", "gradient_descent_figure",
    "reflection_figure", "recovery_time_figure", "digits_figure",
]
