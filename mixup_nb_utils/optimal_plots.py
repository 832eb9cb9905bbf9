"""Maps of the Mixup-optimal classifier h_ε over the plane (used by the chapter "The Mixup-optimal classifier")."""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np

from .plotting import class_color, label_axes, plot_points


def grid_points(xlim: tuple[float, float], ylim: tuple[float, float], size: int) -> tuple[np.ndarray, tuple, tuple]:
    """A size×size grid over xlim × ylim: the points (size², 2), the image shape, the imshow extent."""
    if int(size) < 2:
        raise ValueError(f"a grid needs at least 2 points per axis, got size={size}.")
    gx = np.linspace(xlim[0], xlim[1], int(size))
    gy = np.linspace(ylim[0], ylim[1], int(size))
    Q = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
    return Q, (int(size), int(size)), (xlim[0], xlim[1], ylim[0], ylim[1])


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


def segment_samples(X, per_segment: int = 101) -> np.ndarray:
    """Points spread evenly along every segment between two data points (X_mix of a finite dataset)."""
    X = np.asarray(X, dtype=float)
    a, b = np.triu_indices(len(X), 1)
    lam = np.linspace(0.0, 1.0, int(per_segment))[None, :, None]
    return (lam * X[a][:, None, :] + (1.0 - lam) * X[b][:, None, :]).reshape(-1, X.shape[1])


def show_blend(ax: plt.Axes, h: np.ndarray, shape: tuple, extent: tuple, X, y, title: str) -> None:
    """h_ε as blended class colours (white: no segment within ε), with the data on top."""
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
    cmap = plt.get_cmap(cmap).copy()
    cmap.set_bad(undefined)
    img = np.ma.masked_invalid(np.asarray(p, float).reshape(shape))
    im = ax.imshow(img, origin="lower", extent=extent,
                   cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest", aspect="equal")
    defined = img.compressed()
    if boundary is not None and defined.size and defined.min() < boundary < defined.max():
        xs = np.linspace(extent[0], extent[1], shape[1])
        ys = np.linspace(extent[2], extent[3], shape[0])
        ax.contour(xs, ys, img, levels=[boundary], colors="k", linewidths=1.0)
    plot_points(ax, X, y, size=point_size, edge_width=point_width)
    label_axes(ax, title, "$x_1$", "$x_2$", legend=False)
    ax.grid(False)
    return im
