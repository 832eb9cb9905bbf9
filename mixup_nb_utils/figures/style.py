"""The book's plot style: one palette for classes, readable defaults, labelled axes."""

from __future__ import annotations

from typing import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

CLASS_COLORS: tuple[str, ...] = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
CLASS_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")


# At most two panels side by side: the book's column is about 720 px wide.
MAX_COLUMNS = 2


def use_book_style() -> None:
    """Set matplotlib defaults shared by every chapter."""
    mpl.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "figure.figsize": (6.4, 4.0),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "legend.frameon": False,
    })


def class_color(c: int) -> str:
    """Colour of class ``c`` (0-based) in every figure."""
    return CLASS_COLORS[int(c) % len(CLASS_COLORS)]


def plot_points(ax: plt.Axes, X: np.ndarray, y: np.ndarray, size: float = 60, zorder: int = 5,
                label_prefix: str = "class", annotate: bool = False, label_base: int = 1,
                edge_width: float = 0.6) -> None:
    """Scatter 1-D or 2-D labelled points, one colour and marker per class (black edges ``edge_width`` wide).

    Legend entries number the classes from ``label_base``: 1 (default) shows label c as "class c+1",
    0 shows the labels as they are.
    """
    X = np.asarray(X, dtype=float)
    X2 = np.column_stack([X[:, 0], np.zeros(len(X))]) if X.ndim == 1 or X.shape[1] == 1 else X
    for c in np.unique(y):
        sel = np.asarray(y) == c
        ax.scatter(X2[sel, 0], X2[sel, 1], s=size, color=class_color(c), marker=CLASS_MARKERS[int(c) % 10],
                   edgecolor="black", linewidth=edge_width, zorder=zorder,
                   label=f"{label_prefix} {int(c) + int(label_base)}")
    if annotate:
        for i, (px, py) in enumerate(X2):
            ax.annotate(str(i), (px, py), textcoords="offset points", xytext=(5, 5), fontsize=8, zorder=zorder + 1)


def label_axes(ax: plt.Axes, title: str, xlabel: str, ylabel: str, legend: bool = True) -> None:
    """Title, axis labels and (where there are labelled artists) a legend."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend and ax.get_legend_handles_labels()[0]:
        ax.legend()


def subplots(ncols: int = 1, nrows: int = 1, width: float = 4.2, height: float = 3.6,
             **kwargs) -> tuple[plt.Figure, Sequence[plt.Axes]]:
    """A figure with ``nrows × ncols`` panels of the given size, axes returned as a flat array.

    A single row of more than :data:`MAX_COLUMNS` panels wraps into rows of two, so that no panel
    shrinks below half the book's column (the unused last panel is hidden; only the ``ncols``
    panels asked for are returned).
    """
    count = ncols * nrows
    if nrows == 1 and ncols > MAX_COLUMNS and "gridspec_kw" not in kwargs:
        ncols, nrows = MAX_COLUMNS, -(-count // MAX_COLUMNS)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False,
                             constrained_layout=True, **kwargs)
    axes = axes.ravel()
    for ax in axes[count:]:
        ax.set_visible(False)
    return fig, axes[:count]

