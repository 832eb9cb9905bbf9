"""Maps of the Mixup-optimal classifier h_ε over the plane (used by the chapter "The Mixup-optimal classifier").

The query grids they are drawn on come from :mod:`mixup_nb_utils.data.grids`.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

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
    """h_ε as blended class colours (white: no segment within ε), with the data on top; :func:`blend_key`
    draws the colour key."""
    ax.imshow(probability_rgb(h, shape), origin="lower", extent=extent, interpolation="nearest", aspect="equal")
    plot_points(ax, X, y, size=45)
    label_axes(ax, title, "$x_1$", "$x_2$", legend=False)
    ax.grid(False)


def show_class_probability(ax: plt.Axes, p: np.ndarray, shape: tuple, extent: tuple, X, y, title: str, *,
                           cmap: str = "coolwarm_r", point_size: float = 45, boundary: float | None = None,
                           point_width: float = 0.6, undefined: str = "#eeeeee"):
    """One class probability as a heat map (grey: undefined, e.g. outside X_mix at this ε); returns the
    image for a colour bar. ``cmap``: "coolwarm_r" puts class 0's colour at 1 (for p = h^0),
    "coolwarm" class 1's (for p = h^1). ``boundary``: also draw the contour where p crosses this level
    (e.g. 1/2, the decision boundary), black. ``point_size``, ``point_width``: the data's markers;
    ``undefined``: the colour of NaN values (choose one unlike the colour map's middle)."""
    colours = plt.get_cmap(cmap).copy()
    colours.set_bad(undefined)
    img = np.ma.masked_invalid(np.asarray(p, float).reshape(shape))
    im = ax.imshow(img, origin="lower", extent=extent,
                   cmap=colours, vmin=0.0, vmax=1.0, interpolation="nearest", aspect="equal")
    defined = img.compressed()
    if boundary is not None and defined.size and defined.min() < boundary < defined.max():
        xs = np.linspace(extent[0], extent[1], shape[1])
        ys = np.linspace(extent[2], extent[3], shape[0])
        ax.contour(xs, ys, img, levels=[boundary], colors="k", linewidths=1.0)
    plot_points(ax, X, y, size=point_size, edge_width=point_width)
    label_axes(ax, title, "$x_1$", "$x_2$", legend=False)
    ax.grid(False)
    return im


def blend_key(ax: plt.Axes, k: int = 3, resolution: int = 200) -> None:
    """Colour key of :func:`show_blend`: the probability simplex coloured as the maps colour it.

    k = 3: a triangle whose corners are the three classes (a point of the triangle is a probability
    vector h, drawn in the colour a map gives h); k = 2: a bar from class 1 to class 2. A white square
    stands for the points outside X_mix (no segment within ε).
    """
    if k not in (2, 3):
        raise ValueError(f"blend_key draws the simplex for 2 or 3 classes, got k={k}.")
    if k == 3:
        corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])
        gx, gy = np.meshgrid(np.linspace(0, 1, resolution), np.linspace(0, np.sqrt(3) / 2, resolution))
        T = np.column_stack([corners[0] - corners[2], corners[1] - corners[2]])
        lam = np.linalg.solve(T, np.stack([gx.ravel() - corners[2, 0], gy.ravel() - corners[2, 1]]))
        h = np.column_stack([lam[0], lam[1], 1 - lam[0] - lam[1]])
        inside = np.all(h >= -1e-9, axis=1)
        rgba = np.concatenate([blend_colors(np.clip(h, 0, 1)), inside[:, None].astype(float)], axis=1)
        ax.imshow(rgba.reshape(resolution, resolution, 4), origin="lower", extent=(0, 1, 0, np.sqrt(3) / 2),
                  interpolation="bilinear")
        for c, (x, y) in enumerate(corners):
            ax.annotate(f"class {c + 1}", (x, y), xytext=(0, -12 if y == 0 else 6), textcoords="offset points",
                        ha="center", fontsize=8)
        ax.set_xlim(-0.25, 1.25)
        ax.set_ylim(-0.55, np.sqrt(3) / 2 + 0.15)
        box_y = -0.45
    else:
        t = np.linspace(0, 1, resolution)
        ax.imshow(blend_colors(np.column_stack([1 - t, t]))[None], extent=(0, 1, 0, 0.15), aspect="auto")
        ax.annotate("class 1", (0, 0.15), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=8)
        ax.annotate("class 2", (1, 0.15), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=8)
        ax.set_xlim(-0.25, 1.25)
        ax.set_ylim(-0.4, 0.4)
        box_y = -0.3
    ax.add_patch(Rectangle((0.0, box_y), 0.1, 0.1, facecolor="white", edgecolor="black", lw=0.6))
    ax.annotate("outside $X_\\mathrm{mix}$", (0.12, box_y + 0.05), va="center", fontsize=8)
    ax.set_title("colour key: $h_\\epsilon(x)$", fontsize=9)
    ax.set_aspect("equal")
    ax.axis("off")
