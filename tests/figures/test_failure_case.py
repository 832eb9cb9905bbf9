"""Tests of the chapter helpers in mixup_nb_utils.figures.failure_case."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from mixup_nb_utils.figures.failure_case import error_band, figure_error_curves, mean_std, table_1_markdown  # noqa: E402
from mixup_nb_utils.training.runs import RunsResult  # noqa: E402
from mixup_nb_utils.training.samplers import ERM, Mixup  # noqa: E402


def test_mean_std_and_table():
    assert mean_std(np.array([1.0, 3.0])) == "2.000 ± 1.000"
    md = table_1_markdown({"Mixup α=1": np.array([[1.0, 0.2, 0.9], [1.0, 0.4, 0.9]])}, {"Mixup α=1": (0.995, 0.156, 0.979)})
    lines = md.splitlines()
    assert lines[2] == "| Mixup α=1 | 1.000 ± 0.000 | 0.300 ± 0.100 | 0.900 ± 0.000 | 0.995, 0.156, 0.979 |"
    assert table_1_markdown({"x": np.zeros((2, 3))}).count("|") == 3 * 5


def test_error_band_and_figure():
    import matplotlib.pyplot as plt

    steps = np.array([50, 100])
    errors = np.array([[[0.0, 0.0], [0.0, 0.0]], [[1 / 3, 1 / 3], [1 / 3, 0.0]]])   # (E=2, R=2, records=2)
    res = RunsResult([ERM(), Mixup(1.0)], "independent", steps, errors, np.zeros((2, 2, 3, 2)))
    fig = figure_error_curves(res, erm=0, mixups=[1], titles=["α = 1"], suptitle="test")
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1 / 3, 1 / 6])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Mixup", "ERM"]
    fig2, ax2 = plt.subplots()
    error_band(ax2, steps, errors[1], "m", "red")
    assert len(ax2.collections) == 1
    plt.close("all")


def test_new_tables_and_figures():
    import matplotlib.pyplot as plt

    from mixup_nb_utils.experiments import failure_case as fc
    from mixup_nb_utils.figures.failure_case import (closed_form_scan_text, margins_markdown, plot_bound_vs_critical,
                                                point1_scatter, proof_steps_markdown, protocol_spread_markdown)

    md = proof_steps_markdown(fc.proof_steps((0.1, 0.7)))
    rows = md.splitlines()
    assert len(rows) == 4 and rows[2].startswith("| 0.1 | 68.815 |") and rows[3].endswith("| 0.541 | 0.448 |")
    spread = protocol_spread_markdown({"a": np.array([[0.1, 0.3], [0.5, 0.7]])}, [1.0, 32.0], [0.156, 0.603])
    assert spread.splitlines()[-1] == "| a | 0.200 ± 0.100 | 0.600 ± 0.100 |"
    scan = fc.closed_form_scan((0.4, 0.6), (32.0,), classes=(10,))
    assert closed_form_scan_text(scan).splitlines()[1] == "  X_10^10, α = 32: 0.8  0.0"
    assert margins_markdown(scan, 10, 32.0).splitlines()[2].startswith("| 0.4 | 0.8 | -0.072 | -0.039 |")
    fig = point1_scatter({"p": np.array([[0.1, 0.2], [0.6, 0.7]]), "q": np.zeros((2, 2))}, [1.0, 32.0])
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["p", "q", r"$\alpha = 1$", r"$\alpha = 32$"]
    bound = fc.bound_vs_critical(6)
    ax = plot_bound_vs_critical(bound).axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), bound.alpha_star)
    plt.close("all")
