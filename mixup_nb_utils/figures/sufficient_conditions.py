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
    fig, axes = subplots(2, 2, width=3.6, height=3.0)
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
    """Histograms of the exact distances of training and test points: the other-class half of
    Assumption 2.9 (any λ, Table 2's half) and the assumption's whole set (both halves)."""
    fig, axes = subplots(2, width=3.6, height=3.0)
    for ax, (what, tr, te) in zip(axes, (("other-class half", report.train_segment, report.test_segment),
                                         ("whole set", report.train_whole, report.test_whole))):
        bins = np.linspace(0, max(tr.distance.max(), te.distance.max()), 40)
        ax.hist(tr.distance, bins=bins, alpha=0.6, label="training points", color=CLASS_COLORS[0])
        ax.hist(te.distance, bins=bins, alpha=0.6, label="test points", color=CLASS_COLORS[1])
        ax.axvline(tr.minimum, color="black", lw=1, ls="--", label=f"training minimum {tr.minimum:.2f}")
        label_axes(ax, f"{report.dataset}: {what}", "distance (normalised pixels)", "points")
    return fig


def _image(ax: plt.Axes, x: np.ndarray, title: str) -> None:
    side = int(round(np.sqrt(x.size)))
    ax.imshow(x.reshape(side, side), cmap="gray_r")
    ax.set_xticks([]), ax.set_yticks([]), ax.grid(False)
    ax.set_title(title, fontsize=9)


def nearest_configuration(whole, X_train, y_train, queries, query_labels) -> plt.Figure:
    """The query closest to Assumption 2.9's forbidden set: x, the mixed point λu + (1 - λ)v nearest
    to it, and u and v (``whole``: an ``Assumption29Distances`` of those queries), 2 × 2 images."""
    i = whole.nearest
    u, v, lam, half = whole.configuration()
    z = lam * X_train[u] + (1 - lam) * X_train[v]
    fig, axes = subplots(2, 2, width=2.2, height=2.2)
    _image(axes[0], queries[i], f"x (class {query_labels[i]})")
    _image(axes[1], z, f"λu + (1−λ)v, λ = {lam:.2f}\ndistance {whole.minimum:.2f}")
    _image(axes[2], X_train[u], f"u (class {y_train[u]}, {half} class)")
    _image(axes[3], X_train[v], f"v (class {y_train[v]})")
    return fig


def counterexample(counter) -> plt.Figure:
    """The counterexample: the points (x_0 at the origin) and x_0's h_ε-probabilities' verdict, i.e.
    the exact training error of h_ε against ε for each α, with x_0's other-class distance marked."""
    fig, axes = subplots(2, width=3.6, height=3.0)
    ax = axes[0]
    for c in np.unique(counter.y):
        pts = counter.X[counter.y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=18, color=CLASS_COLORS[c], label=f"class {c}")
    ax.annotate("$x_0$", counter.X[0], xytext=(-12, -14), textcoords="offset points")
    label_axes(ax, "counterexample: 20 class-0 points far left", "$x_1$", "$x_2$")
    ax = axes[1]
    err = counter.error
    for i, (a, row) in enumerate(zip(err.alphas, err.error_rate)):
        ax.plot(err.eps, row, marker="o", ms=3, color=CLASS_COLORS[i % len(CLASS_COLORS)], label=f"α = {a:g}")
    ax.axvline(counter.distances.other.distance[0], color="black", ls="--", lw=1,
               label="$x_0$'s other-class distance")
    label_axes(ax, r"training error of $h_\epsilon$ (exact)", r"$\epsilon$", "fraction misclassified")
    return fig


def onset_digits(onsets, X_train, y_train) -> plt.Figure:
    """The first training digits that h_ε misclassifies, for each α (up to four images, two per row)."""
    shown = [(a, int(i)) for a, mis in zip(onsets.alphas, onsets.misclassified) for i in mis[:1]]
    fig, axes = subplots(2, max(1, (len(shown) + 1) // 2), width=2.2, height=2.2)
    for ax, (a, i) in zip(axes, shown):
        _image(ax, X_train[i], f"α = {a:g}: digit {i}, class {y_train[i]}")
    for ax in axes[len(shown):]:
        ax.axis("off")
    return fig


def onset_curves(onsets, whole_minimum: float) -> plt.Figure:
    """The exact training error of h_ε against ε on the last refinement grid of each α's onset."""
    fig, (ax,) = subplots(1, width=5.6, height=3.4)
    for i, (a, curve) in enumerate(zip(onsets.alphas, onsets.curve)):
        if curve is not None:
            ax.step(curve[0], curve[1], where="post", color=CLASS_COLORS[i % len(CLASS_COLORS)], label=f"α = {a:g}")
    ax.set_xlabel(r"$\epsilon$ (normalised pixels)")
    label_axes(ax, rf"training error of $h_\epsilon$ near its onset (whole-set distance {whole_minimum:.2f})",
               r"$\epsilon$ (normalised pixels)", "fraction misclassified")
    return fig


def optimal_error_curves(h_error, report) -> plt.Figure:
    """Exact training error of h_ε against ε, one curve per α, with the smallest conflict distances marked."""
    fig, (ax,) = subplots(1, width=5.6, height=3.6)
    for i, (a, row) in enumerate(zip(h_error.alphas, h_error.error_rate)):
        ax.plot(h_error.eps, row, marker="o", ms=4, color=CLASS_COLORS[i % len(CLASS_COLORS)], label=f"α = {a:g}")
    ax.axvline(report.train_segment.minimum, color="black", ls="--", lw=1, label="other-class half, minimum")
    ax.axvline(report.train_whole.minimum, color="0.5", ls=":", lw=1, label="whole set (Assumption 2.9), minimum")
    label_axes(ax, rf"{report.dataset}: training error of the Mixup-optimal $h_\epsilon$ (exact)",
               r"$\epsilon$ (normalised pixels)", "fraction of training points misclassified")
    return fig


def error_curves(curves, dataset: str) -> plt.Figure:
    """Figures 2 and 9: one panel per Mixup α, the training error per epoch (mean ± sd over runs) beside ERM."""
    mix = [lab for lab in curves.labels if lab != "ERM"]
    fig, axes = subplots(2, (len(mix) + 1) // 2, width=3.6, height=3.0)
    erm = curves.train_error[curves.labels.index("ERM")]
    for ax, lab in zip(axes, mix):
        error_band(ax, curves.epochs, curves.train_error[curves.labels.index(lab)], lab, "#d62728")
        error_band(ax, curves.epochs, erm, "ERM", "#1f77b4", "--")
        ax.set_yscale("symlog", linthresh=1e-2)
        label_axes(ax, f"{dataset}, {lab}", "epoch", "training error")
    fig.suptitle(curves.title, fontsize=9)
    return fig
