"""Pictures of the paper's definitions and assumptions (its Figures 4 to 7), drawn from computed geometry.

Every shaded or highlighted piece comes from :mod:`mixup_nb_utils.theory.geometry`: the exact λ-intervals
where a segment meets a ball, the collinear triples that break Assumption 2.9, and the
conditions of Assumption 3.1.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle

from ..mixup.mixing import MixingSpec, as_mixing
from ..theory.geometry import collinear_triples, pair_intervals
from .style import class_color, plot_points


def draw_segments(ax: plt.Axes, X: np.ndarray, color: str = "0.75", lw: float = 0.8) -> None:
    """Every segment between two data points: for a Beta mixing law their union is X_mix."""
    m = len(X)
    for a in range(m):
        for b in range(a + 1, m):
            ax.plot(*np.stack([X[a], X[b]]).T, color=color, lw=lw, zorder=1)


def draw_ball_hits(ax: plt.Axes, X: np.ndarray, y: np.ndarray, x: np.ndarray, eps: float) -> list[tuple[int, int, float, float]]:
    """Draw B_ε(x) and the part of every segment inside it; return the hitting pairs (a, b, λ_lo, λ_hi).

    Pair (a, b) means s = X[a], t = X[b] and z = λ s + (1 - λ) t; only a < b is drawn (the
    reversed pair covers the same points with λ ↦ 1 - λ); a = b is a data point inside the ball.
    """
    lo, hi = pair_intervals(X, x, eps)
    ax.add_patch(Circle(tuple(x), eps, fill=False, ls="--", lw=1.2, color="black", zorder=3))
    hits = []
    for a in range(len(X)):
        for b in range(a, len(X)):
            if hi[a, b] > lo[a, b] or (a == b and hi[a, a] > 0):
                hits.append((a, b, float(lo[a, b]), float(hi[a, b])))
                if a != b:
                    lam = np.array([lo[a, b], hi[a, b]])
                    seg = lam[:, None] * X[a] + (1 - lam[:, None]) * X[b]
                    style = "-" if y[a] == y[b] else (0, (2, 1))
                    ax.plot(*seg.T, color=class_color(y[a]) if y[a] == y[b] else "purple", lw=3.5,
                            ls=style, zorder=4, solid_capstyle="butt")
    return hits


def draw_interval_bars(ax: plt.Axes, X: np.ndarray, y: np.ndarray, x: np.ndarray, eps: float,
                       mixing: MixingSpec) -> np.ndarray:
    """The sets A^{i,j}_{x,ε} drawn in λ: one bar per ordered pair (s, t) that meets B_ε(x), with its P_f-mass."""
    dist = as_mixing(mixing)
    lo, hi = pair_intervals(X, x, eps)
    mass = dist.mass(lo, hi)
    pairs = [(a, b) for a in range(len(X)) for b in range(len(X)) if mass[a, b] > 0]
    grid = np.linspace(0.001, 0.999, 400)
    for row, (a, b) in enumerate(pairs):
        color = class_color(y[a]) if y[a] == y[b] else "purple"
        ax.plot([lo[a, b], hi[a, b]], [row, row], lw=6, color=color, solid_capstyle="butt")
        ax.text(1.02, row, f"{mass[a, b]:.3f}", va="center", fontsize=8)
    dens = dist.cdf(grid[1:]) - dist.cdf(grid[:-1])
    dens = dens / dens.max() * (len(pairs) - 0.5) if pairs else dens
    ax.fill_between(grid[1:], -0.5, dens - 0.5, color="0.9", zorder=0)
    ax.set_yticks(range(len(pairs)), [f"$s = x_{a}$, $t = x_{b}$  (classes {y[a] + 1}, {y[b] + 1})" for a, b in pairs])
    ax.set_xlim(0, 1.15)
    return mass


def draw_collinearity(ax: plt.Axes, X: np.ndarray, y: np.ndarray, tol: float = 1e-9) -> list:
    """Data, all segments, and every violation of Assumption 2.9 (x_a on the open segment x_b–x_c, y_c ≠ y_a)."""
    draw_segments(ax, X)
    bad = collinear_triples(X, y, tol)
    for a, b, c, _ in bad:
        ax.plot(*np.stack([X[b], X[c]]).T, color="black", lw=2.0, zorder=2)
        ax.scatter(*X[a], s=260, facecolor="none", edgecolor="black", lw=1.5, zorder=6)
    plot_points(ax, X, y, annotate=True)
    return bad


def draw_assumption_3_1(ax: plt.Axes, X: np.ndarray, y: np.ndarray, x: np.ndarray, cls: int,
                        eps: float, delta: float) -> list[tuple[int, int, float, float]]:
    """Segments from class ``cls`` through B_ε(x), with the δ-zone λ ∈ [1 - δ, 1] next to the class-``cls`` end.

    Returns the pairs (a, b, λ_lo, λ_hi) with s = X[a] in class ``cls`` and t = X[b] elsewhere that meet the ball.
    """
    draw_segments(ax, X)
    lo, hi = pair_intervals(X, x, eps)
    out = []
    for a in np.flatnonzero(y == cls):
        for b in np.flatnonzero(y != cls):
            zone = np.array([1 - delta, 1.0])
            seg = zone[:, None] * X[a] + (1 - zone[:, None]) * X[b]
            ax.plot(*seg.T, color=class_color(cls), lw=6, alpha=0.35, zorder=2, solid_capstyle="butt")
            if hi[a, b] > lo[a, b]:
                out.append((int(a), int(b), float(lo[a, b]), float(hi[a, b])))
                ax.plot(*np.stack([X[a], X[b]]).T, color="black", lw=1.2, zorder=2)
    ax.add_patch(Circle(tuple(x), eps, fill=False, ls="--", lw=1.2, color="black", zorder=3))
    ax.scatter(*x, marker="x", color="black", s=50, zorder=7, label="$x$")
    plot_points(ax, X, y)
    return out
