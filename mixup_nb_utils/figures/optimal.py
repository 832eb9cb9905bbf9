"""Maps of the Mixup-optimal classifier h_ε over the plane (used by the chapter "The Mixup-optimal classifier").

The query grids they are drawn on come from :mod:`mixup_nb_utils.data.grids`.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np

from .style import class_color, label_axes, plot_points


def blend_colors(h: np.ndarray) -> np.ndarray:
    """RGB colours (q, 3): the class colours mixed with weights h (q, k); NaN rows (outside X_mix) are white."""
    h = np.asarray(h, dtype=float)
    rgb = np.array([mcolors.to_rgb(class_color(c)) for c in range(h.shape[1])])
    out = np.nan_to_num(h) @ rgb
    out[np.isnan(h[:, 0])] = 1.0
    return np.clip(out, 0.0, 1.0)


def probability_rgb(h: np.ndarray, shape: tuple) -> np.ndarray:
    """:func:`blend_colors` as an image of the given (rows, columns) shape."""
    return blend_colors(h).reshape(*shape, 3)


def show_blend(ax: plt.Axes, h: np.ndarray, shape: tuple, extent: tuple, X, y, title: str) -> None:
    """h_ε as blended class colours (white: no segment within ε), with the data on top."""
    ax.imshow(probability_rgb(h, shape), origin="lower", extent=extent, interpolation="nearest", aspect="equal")
    plot_points(ax, X, y, size=45)
    label_axes(ax, title, "$x_1$", "$x_2$", legend=False)
    ax.grid(False)


def show_class_probability(ax: plt.Axes, p: np.ndarray, shape: tuple, extent: tuple, X, y, title: str):
    """One class probability as a heat map (grey: outside X_mix at this ε); returns the image for a colour bar."""
    cmap = plt.get_cmap("coolwarm_r").copy()
    cmap.set_bad("#eeeeee")
    im = ax.imshow(np.ma.masked_invalid(np.asarray(p, float).reshape(shape)), origin="lower", extent=extent,
                   cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest", aspect="equal")
    plot_points(ax, X, y, size=45)
    label_axes(ax, title, "$x_1$", "$x_2$", legend=False)
    ax.grid(False)
    return im
