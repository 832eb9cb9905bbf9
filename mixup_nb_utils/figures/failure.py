"""Figures and tables of the chapter "A failure case" (paper §2.3, App. D.1)."""

from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..training.runs import RunsResult


def error_band(ax: plt.Axes, steps: np.ndarray, errors: np.ndarray, label: str, color: str,
               linestyle: str = "-") -> None:
    """Mean training error over runs (``errors``: (runs, records)) with a ± one standard deviation band."""
    errors = np.asarray(errors, dtype=float)
    mean, std = errors.mean(0), errors.std(0)
    ax.plot(steps, mean, color=color, label=label, linestyle=linestyle)
    ax.fill_between(steps, np.clip(mean - std, 0, 1), np.clip(mean + std, 0, 1), color=color, alpha=0.2, lw=0)


def figure_error_curves(res: RunsResult, erm: int, mixups: Sequence[int], titles: Sequence[str],
                        suptitle: str, width: float = 4.0) -> plt.Figure:
    """One panel per Mixup experiment (as in the paper's Figures 1 and 8), ERM drawn in every panel."""
    fig, axes = plt.subplots(1, len(mixups), figsize=(width * len(mixups), 3.3), constrained_layout=True,
                             squeeze=False)
    for ax, e, title in zip(axes[0], mixups, titles):
        error_band(ax, res.record_steps, res.errors[e], "Mixup", "#d62728")
        error_band(ax, res.record_steps, res.errors[erm], "ERM", "#1f77b4", "--")
        ax.set_title(title)
        ax.set_xlabel("epoch (one full-batch step each)")
        ax.set_ylabel("training error")
        ax.set_ylim(-0.02, max(0.7, float(res.errors[[e, erm]].max()) + 0.05))
        ax.legend()
    fig.suptitle(suptitle)
    return fig


def mean_std(values: np.ndarray, digits: int = 3) -> str:
    """'mean ± std' over the first axis of a 1-D array of runs."""
    values = np.asarray(values, dtype=float)
    return f"{values.mean():.{digits}f} ± {values.std():.{digits}f}"


def table_1_markdown(rows: dict[str, np.ndarray], paper: dict[str, Sequence[float]] | None = None) -> str:
    """Class-1 probabilities at the points of X_3^2: for each row label, (runs, 3) values shown as
    mean ± std over runs, next to the paper's Table 1 where given."""
    head = "| model | h(0) | h(1) | h(2) |" + (" paper h(0), h(1), h(2) |" if paper else "")
    sep = "|---|---|---|---|" + ("---|" if paper else "")
    lines = [head, sep]
    for name, vals in rows.items():
        vals = np.asarray(vals, dtype=float)
        cells = [mean_std(vals[:, j]) for j in range(vals.shape[1])]
        extra = ""
        if paper:
            p = paper.get(name)
            extra = " " + (", ".join(f"{v:.3f}" for v in p) if p is not None else "–") + " |"
        lines.append(f"| {name} | " + " | ".join(cells) + " |" + extra)
    return "\n".join(lines)
