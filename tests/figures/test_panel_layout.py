"""At most two panels side by side: a row of more panels wraps into rows of two."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from mixup_nb_utils.figures.style import MAX_COLUMNS, subplots  # noqa: E402


def _columns(fig) -> int:
    return len({round(ax.get_position().x0, 3) for ax in fig.axes if ax.get_visible()})


def test_a_row_of_five_panels_wraps_into_rows_of_two():
    fig, axes = subplots(5, width=3.0, height=2.0)
    assert len(axes) == 5 and MAX_COLUMNS == 2
    assert _columns(fig) == 2 and sum(ax.get_visible() for ax in fig.axes) == 5
    assert tuple(fig.get_size_inches()) == (6.0, 6.0)
    plt.close(fig)


def test_two_panels_and_explicit_grids_are_left_alone():
    fig, axes = subplots(2, width=3.0, height=2.0)
    assert len(axes) == 2 and tuple(fig.get_size_inches()) == (6.0, 2.0)
    fig2, axes2 = subplots(2, 2)
    assert len(axes2) == 4
    plt.close(fig), plt.close(fig2)
