"""Tests of the chapter helpers in mixup_nb_utils.figures.failure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from mixup_nb_utils.figures.failure import error_band, figure_error_curves, mean_std, table_1_markdown  # noqa: E402
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
