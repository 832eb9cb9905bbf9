"""Figures of the chapter "Midpoints": they draw what :mod:`mixup_nb_utils.experiments.midpoints` computed."""

from __future__ import annotations

from itertools import combinations

import matplotlib.pyplot as plt
import numpy as np

from .style import label_axes, subplots


def reflection_figure(x, y) -> plt.Figure:
    """Two sets of four numbers, ``x`` (top row) and its reflection ``y`` (bottom row), and their midpoints
    (middle row): rings for the midpoints of x, dots for those of y, drawn over the rings so that both
    show where they coincide; thin lines join each pair to its midpoint."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    fig, axes = subplots(1, 1, width=7.5, height=3.0)
    ax = axes[0]
    for pts, level, color, name in ((x, 1.0, "C0", "x"), (y, 0.0, "C3", "y")):
        for i, j in combinations(range(len(pts)), 2):
            mid = (pts[i] + pts[j]) / 2
            ax.plot([pts[i], mid, pts[j]], [level, 0.5, level], color=color, lw=0.6, alpha=0.35, zorder=1)
    ax.scatter(x, np.ones(len(x)), s=60, color="C0", zorder=4, label="points x")
    ax.scatter(y, np.zeros(len(y)), s=60, color="C3", marker="s", zorder=4, label="reflected points y = Σx/2 − x")
    mx = [(x[i] + x[j]) / 2 for i, j in combinations(range(len(x)), 2)]
    my = [(y[i] + y[j]) / 2 for i, j in combinations(range(len(y)), 2)]
    ax.scatter(mx, np.full(len(mx), 0.5), s=170, facecolors="white", edgecolors="C0", linewidths=1.8, zorder=5,
               label="midpoints of x (rings)")
    ax.scatter(my, np.full(len(my), 0.5), s=28, color="C3", zorder=6, label="midpoints of y (dots)")
    ax.set_yticks([0, 0.5, 1], ["y (reflected)", "midpoints", "x (original)"])
    ax.set_ylim(-0.35, 1.3)
    label_axes(ax, "$m = 4$: two different sets, the same six midpoints", "position", "", legend=False)
    ax.legend(ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    return fig


def recovery_time_figure(times) -> plt.Figure:
    """Seconds of one recovery against m, log-log, beside a line ∝ m² through the largest m."""
    fig, axes = subplots(1, 1, width=5.0, height=3.4)
    ms = times.ms.astype(float)
    axes[0].loglog(ms, times.seconds, "o-", label=f"measured (slope {times.slope:.2f})")
    axes[0].loglog(ms, times.seconds[-1] * (ms / ms[-1]) ** 2, "--", color="0.5", label="∝ $m^2$")
    label_axes(axes[0], r"recover_points on $m$ points in $\mathbb{R}^2$", "$m$ (points)", "seconds")
    return fig


def digits_figure(rec, shown: int) -> plt.Figure:
    """Rows: the first ``shown`` original digits, shuffled midpoints (what the algorithm sees), recovered digits."""
    rows = [("original", rec.originals[:shown]), ("a shuffled midpoint", rec.shuffled[:shown]),
            ("recovered", rec.recovered[:shown])]
    fig, axes = plt.subplots(3, shown, figsize=(1.1 * shown, 3.9), constrained_layout=True, squeeze=False)
    for r, (name, imgs) in enumerate(rows):
        for c in range(shown):
            axes[r, c].imshow(imgs[c], cmap="gray_r", vmin=0, vmax=1)
            axes[r, c].set_xticks([]), axes[r, c].set_yticks([])
        axes[r, 0].set_ylabel(name, fontsize=8)
    fig.suptitle(f"Digits recovered from their {len(rec.shuffled)} shuffled midpoints (m = {len(rec.originals)}; "
                 f"max pixel error {rec.max_error:.1e})", fontsize=10)
    return fig
