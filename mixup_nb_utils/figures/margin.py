"""Figures and printed tables of the chapter "The margin of Mixup classifiers" (paper §3.1, App. F).

They draw what :mod:`mixup_nb_utils.experiments.margin` computed and compute nothing of substance.
Classes are named by their labels, 0 (left, blue) and 1 (right, red), in legends, colour bars and text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from ..claims import summarise
from ..training.methods import AUTHORS, CORRECTED, LOOP_NAMES, Method

if TYPE_CHECKING:  # the result types, for the hints only: figures draw results and never run experiments
    from ..experiments.margin import (AssumptionScan, ClosedFormMaps, DecisionMaps, LimitCheck, MarginTable,
                                      PaperFigure)
from .optimal_classifier import show_class_probability
from .style import label_axes, plot_points

PANEL = 3.3          # inches per map panel
POINT_SIZE = 5       # marker size of the 300 training points on a map


def datasets_figure(X: np.ndarray, y: np.ndarray, separations, seed: int) -> plt.Figure:
    """Seed ``seed``'s two moons at each class separation γ (X (separations, m, 2), y (separations, m))."""
    fig, axes = plt.subplots(1, len(separations), figsize=(4.2 * len(separations), 4.0), squeeze=False,
                             constrained_layout=True)
    for ax, Xs, ys, sep in zip(axes[0], X, y, separations):
        plot_points(ax, Xs, ys, size=12, label_base=0)
        ax.set_xlim(-2, 2); ax.set_ylim(-2, 2); ax.set_aspect("equal")
        label_axes(ax, f"two moons, seed {seed}, class separation γ = {sep:g}", "$x_1$", "$x_2$")
    return fig


def _map_panel(ax, maps: DecisionMaps, sep: float, method: Method, title: str):
    i, _ = maps.where(sep, method)
    return show_class_probability(ax, maps.fraction(sep, method), maps.grid.shape, maps.grid.extent,
                                  maps.X[i, 0], maps.y[i, 0], title, cmap="coolwarm", point_size=POINT_SIZE,
                                  boundary=0.5, point_width=0.2)


def decision_figure(maps: DecisionMaps, figure: PaperFigure) -> plt.Figure:
    """One of the paper's figures: one row per model, left the corrected loop, right the authors' loop.

    Colour: the fraction of seeds whose network predicts class 1; black line: where half the seeds do
    (the seed-averaged boundary); points: the first seed's data. ERM (when the figure shows it) has one
    loop, drawn in both columns.
    """
    rows = ([Method(None)] if figure.with_erm else []) + [Method(a) for a in figure.alphas]
    fig, axes = plt.subplots(len(rows), 2, figsize=(2 * PANEL + 1.2, PANEL * len(rows) + 0.9), squeeze=False,
                             constrained_layout=True)
    im = None
    for r, m in enumerate(rows):
        for ax, loop in zip(axes[r], (CORRECTED, AUTHORS)):
            method = m if m.alpha is None else Method(m.alpha, loop)
            title = method.name + ("" if m.alpha is None else f"\n{LOOP_NAMES[loop]}")
            im = _map_panel(ax, maps, figure.separation, method, title + (" (one loop)" if m.alpha is None else ""))
    fig.colorbar(im, ax=axes, shrink=0.6, label="fraction of seeds predicting class 1")
    fig.suptitle(f"{figure.name}: class separation γ = {figure.separation:g}, {len(maps.seeds)} seeds,\n"
                 f"{maps.epochs} epochs of full-batch Adam, MLP 2-{maps.hidden}-2")
    return fig


def summary_figure(table: MarginTable) -> plt.Figure:
    """Boundary spread and the smaller class median of m/r against α, mean ± sd over the seeds."""
    seps = table.separations
    alphas = sorted({m.alpha for m in table.methods if m.alpha is not None})
    fig, axes = plt.subplots(2, len(seps), figsize=(4.6 * len(seps), 6.4), squeeze=False, constrained_layout=True)
    for c, sep in enumerate(seps):
        for r, (what, get) in enumerate((("boundary spread", table.spreads),
                                         ("smaller class median of m/r", table.worst_class_median))):
            ax = axes[r, c]
            erm = summarise(get(sep, Method(None)))
            ax.axhspan(erm.mean - erm.sd, erm.mean + erm.sd, color="0.85", label="ERM (mean ± sd)")
            ax.axhline(erm.mean, color="0.4", lw=1)
            for k, loop in enumerate((CORRECTED, AUTHORS)):
                stats_ = [summarise(get(sep, Method(a, loop))) for a in alphas]
                ax.errorbar(np.array(alphas) * (1.08 if k else 1 / 1.08), [s.mean for s in stats_],
                            yerr=[s.sd for s in stats_], marker="os"[k], capsize=3, label=f"Mixup, {LOOP_NAMES[loop]}")
            ax.set_xscale("log", base=2)
            label_axes(ax, f"γ = {sep:g}: {what}", "α", what, legend=False)
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
    fig.suptitle(f"Mean ± sd over {len(table.seeds)} seeds ({table.epochs} epochs)")
    return fig


def closed_form_figure(closed: ClosedFormMaps) -> plt.Figure:
    """h_ε^1 on the grid for each separation (rows) and α (columns); white: no segment within ε (undefined)."""
    fig, axes = plt.subplots(len(closed.separations), len(closed.alphas),
                             figsize=(PANEL * len(closed.alphas) + 1.2, PANEL * len(closed.separations) + 0.6),
                             squeeze=False, constrained_layout=True)
    im = None
    for i, sep in enumerate(closed.separations):
        for a, alpha in enumerate(closed.alphas):
            im = show_class_probability(axes[i, a], closed.prob1[i, a], closed.grid.shape, closed.grid.extent,
                                        closed.X[i], closed.y[i], f"h_ε, α = {alpha:g}, γ = {sep:g}", cmap="coolwarm",
                                        point_size=POINT_SIZE, boundary=0.5, point_width=0.2, undefined="white")
    fig.colorbar(im, ax=axes, shrink=0.6, label="$h_\\epsilon^1$ (class 1 probability)")
    fig.suptitle(f"Closed form of Lemma 2.3 at ε = {closed.eps:g}, seed {closed.seed} (white: undefined)")
    return fig


def limit_figure(limit: LimitCheck, X: np.ndarray, y: np.ndarray) -> plt.Figure:
    """The ε → 0 limit h^1 at the random segment points (white where the density underflows)."""
    fig, axes = plt.subplots(1, len(limit.alphas), figsize=(PANEL * len(limit.alphas) + 1.2, PANEL + 0.5),
                             squeeze=False, constrained_layout=True)
    sc = None
    for ax, alpha, p0 in zip(axes[0], limit.alphas, limit.prob0):
        ok = np.isfinite(p0)
        sc = ax.scatter(limit.points[ok, 0], limit.points[ok, 1], c=1 - p0[ok], cmap="coolwarm", vmin=0, vmax=1, s=3)
        plot_points(ax, X, y, size=POINT_SIZE, edge_width=0.2)
        ax.set_xlim(-2, 2); ax.set_ylim(-2, 2); ax.set_aspect("equal")
        label_axes(ax, f"ε → 0 limit, α = {alpha:g}\n{int((~ok).sum())} of {len(p0)} points undefined",
                   "$x_1$", "$x_2$", legend=False)
    fig.colorbar(sc, ax=axes, shrink=0.8, label="$h^1$ (class 1 probability)")
    fig.suptitle(f"Random segment points, γ = {limit.separation:g}, seed {limit.seed}")
    return fig


def assumption_figure(scan: AssumptionScan, X: np.ndarray, y: np.ndarray) -> plt.Figure:
    """Where Assumption 3.1 holds (circles) and fails (crosses) in the band between the classes."""
    fig, ax = plt.subplots(figsize=(6.8, 4.6), constrained_layout=True)
    plot_points(ax, X, y, size=8, label_base=0, edge_width=0.3)
    ok, bad = scan.holds & scan.in_mix, ~scan.holds & scan.in_mix
    ax.scatter(scan.points[ok, 0], scan.points[ok, 1], marker="o", facecolors="none", edgecolors="g", s=40,
               label="Assumption 3.1 holds")
    ax.scatter(scan.points[bad, 0], scan.points[bad, 1], marker="x", c="k", s=25, label="fails")
    ax.set_xlim(-2, 2); ax.set_ylim(-2, 2); ax.set_aspect("equal")
    label_axes(ax, f"Assumption 3.1 at ε = {scan.eps:g}, δ = {scan.delta:g}, α = 1\n"
               f"two moons, γ = {scan.separation:g}, seed {scan.seed}", "$x_1$", "$x_2$", legend=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    return fig


def margin_lines(table: MarginTable) -> str:
    """Per method: median m/r per class and the fraction below 1/2, mean ± sd over the seeds."""
    head = (f"{'γ':>4}  {'classifier':<32} {'median m/r class 0':>19} {'class 1':>12} "
            f"{'frac < 1/2 class 0':>19} {'class 1':>12}")
    lines = [head]
    for i, sep in enumerate(table.separations):
        for j, m in enumerate(table.methods):
            med, low = table.ratio_median[i, j], table.ratio_below_half[i, j]
            cells = [str(summarise(med[:, c])) for c in (0, 1)] + [str(summarise(low[:, c])) for c in (0, 1)]
            lines.append(f"{sep:>4g}  {m.label:<32} {cells[0]:>19} {cells[1]:>12} {cells[2]:>19} {cells[3]:>12}")
    return "\n".join(lines)


def spread_lines(table: MarginTable) -> str:
    """Per method: the boundary spread per seed (mean ± sd) and of the seed-averaged map."""
    lines = [f"{'γ':>4}  {'classifier':<32} {'spread per seed':>16} {'of the averaged map':>20}"]
    for i, sep in enumerate(table.separations):
        for j, m in enumerate(table.methods):
            lines.append(f"{sep:>4g}  {m.label:<32} {str(summarise(table.spread[i, j])):>16} "
                         f"{table.spread_of_mean[i, j]:>20.2f}")
    return "\n".join(lines)


def closed_form_lines(closed: ClosedFormMaps) -> str:
    """The closed form's measures (one dataset, exact): spread, crossing rows, median m/r per class."""
    lines = [f"{'γ':>4}  {'α':>6}  {'spread':>6}  {'rows crossing':>13}  {'median m/r class 0':>18}  {'class 1':>7}"]
    for i, sep in enumerate(closed.separations):
        for a, alpha in enumerate(closed.alphas):
            lines.append(f"{sep:>4g}  {alpha:>6g}  {closed.spread[i, a]:>6.2f}  {closed.crossing_rows[i, a]:>13d}  "
                         f"{closed.ratio_median[i, a, 0]:>18.2f}  {closed.ratio_median[i, a, 1]:>7.2f}")
    return "\n".join(lines)
