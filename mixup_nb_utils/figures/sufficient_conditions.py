"""Figures of the chapter "Sufficient conditions" (paper §2.4, App. D.2): they draw given results."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .failure_case import error_band
from .pictures import draw_collinearity
from .style import CLASS_COLORS, label_axes, subplots


def small_examples(small) -> plt.Figure:
    """The two six-point datasets (violations of Assumption 2.9 circled) and, under each, the exact
    training error of h_ε over the (ε, α) grid (``small``: a ``SmallExamples`` result)."""
    fig, axes = subplots(2, 2, width=4.6, height=3.4)
    for col, (X, err, name) in enumerate(((small.X_bad, small.error_bad, "breaks Assumption 2.9"),
                                          (small.X_good, small.error_good, "satisfies Assumption 2.9"))):
        bad = draw_collinearity(axes[col], X, small.y)
        label_axes(axes[col], f"{name} ({len(bad)} violating triples)", "$x_1$", "$x_2$")
        ax = axes[2 + col]
        im = ax.pcolormesh(np.arange(len(err.eps) + 1), np.arange(len(err.alphas) + 1), err.error_rate,
                           vmin=0, vmax=0.5, cmap="Reds", shading="flat")
        ax.set_xticks(np.arange(len(err.eps)) + 0.5, [f"{e:.2g}" for e in err.eps], rotation=60, fontsize=7)
        ax.set_yticks(np.arange(len(err.alphas)) + 0.5, [f"{a:g}" for a in err.alphas])
        ax.grid(False)
        label_axes(ax, r"training error of $h_\epsilon$ (exact)", r"$\epsilon$", r"$\alpha$ of Beta($\alpha, \alpha$)")
        fig.colorbar(im, ax=ax, label="fraction misclassified")
    return fig


def conflict_histograms(report) -> plt.Figure:
    """Histograms of the exact conflict distances of training and test points, λ = 1/2 and any λ."""
    fig, axes = subplots(2, width=4.8, height=3.3)
    for ax, (mode, tr, te) in zip(axes, (("λ = 1/2 (midpoints)", report.train_midpoint, report.test_midpoint),
                                         ("any λ (segments)", report.train_segment, report.test_segment))):
        bins = np.linspace(0, max(tr.distance.max(), te.distance.max()), 40)
        ax.hist(tr.distance, bins=bins, alpha=0.6, label="training points", color=CLASS_COLORS[0])
        ax.hist(te.distance, bins=bins, alpha=0.6, label="test points", color=CLASS_COLORS[1])
        ax.axvline(tr.minimum, color="black", lw=1, ls="--", label=f"training minimum {tr.minimum:.2f}")
        label_axes(ax, f"{report.dataset}: exact conflict distance, {mode}", "distance (normalised pixels)",
                   "points")
    return fig


def optimal_error_curves(h_error, report) -> plt.Figure:
    """Exact training error of h_ε against ε, one curve per α, with the smallest conflict distances marked."""
    fig, (ax,) = subplots(1, width=6.4, height=3.8)
    for i, (a, row) in enumerate(zip(h_error.alphas, h_error.error_rate)):
        ax.plot(h_error.eps, row, marker="o", ms=4, color=CLASS_COLORS[i % len(CLASS_COLORS)], label=f"α = {a:g}")
    ax.axvline(report.train_segment.minimum, color="black", ls="--", lw=1, label="smallest conflict distance, any λ")
    ax.axvline(report.train_midpoint.minimum, color="0.5", ls=":", lw=1, label="smallest conflict distance, λ = 1/2")
    label_axes(ax, rf"{report.dataset}: training error of the Mixup-optimal $h_\epsilon$ (exact)",
               r"$\epsilon$ (normalised pixels)", "fraction of training points misclassified")
    return fig


def error_curves(curves, dataset: str) -> plt.Figure:
    """Figures 2 and 9: one panel per Mixup α, the training error per epoch (mean ± sd over runs) beside ERM."""
    mix = [lab for lab in curves.labels if lab != "ERM"]
    fig, axes = subplots(len(mix), width=3.6, height=3.1)
    erm = curves.train_error[curves.labels.index("ERM")]
    for ax, lab in zip(axes, mix):
        error_band(ax, curves.epochs, curves.train_error[curves.labels.index(lab)], lab, "#d62728")
        error_band(ax, curves.epochs, erm, "ERM", "#1f77b4", "--")
        ax.set_yscale("symlog", linthresh=1e-2)
        label_axes(ax, f"{dataset}, {lab}", "epoch", "training error")
    fig.suptitle(curves.title, fontsize=9)
    return fig
