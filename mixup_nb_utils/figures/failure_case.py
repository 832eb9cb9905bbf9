"""Figures and tables of the chapter "A failure case" (paper §2.3, App. D.1)."""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from ..training.runs import RunsResult
from .style import subplots


def error_band(ax: plt.Axes, steps: np.ndarray, errors: np.ndarray, label: str, color: str,
               linestyle: str = "-") -> None:
    """Mean training error over runs (``errors``: (runs, records)) with a ± one standard deviation band."""
    errors = np.asarray(errors, dtype=float)
    mean, std = errors.mean(0), errors.std(0)
    ax.plot(steps, mean, color=color, label=label, linestyle=linestyle)
    ax.fill_between(steps, np.clip(mean - std, 0, 1), np.clip(mean + std, 0, 1), color=color, alpha=0.2, lw=0)


def figure_error_curves(res: RunsResult, erm: int, mixups: Sequence[int], titles: Sequence[str],
                        suptitle: str, width: float = 4.0) -> plt.Figure:
    """One panel per Mixup experiment (as in the paper's Figures 1 and 8), ERM drawn in every panel;
    two panels per row."""
    fig, axes = subplots(len(mixups), width=width, height=3.3)
    for ax, e, title in zip(axes, mixups, titles):
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


def proof_steps_markdown(steps: Sequence) -> str:
    """The proof of Theorem 2.7 step by step, one row per ε (``steps``: Theorem27Steps objects, at the
    proof's α): the variance as computed and as written, the two probabilities, the margin ξ¹¹ − ξ²²
    against the dropped term 2ξ²¹_λ − 2ξ¹²_λ, and h¹_ε(1) from the proof's formula and exactly."""
    lines = ["| ε | α (proof) | Var Y | as written | P(\\|Y−½\\| ≤ ε) | P(\\|Y−½\\| ≤ ε/2) | ξ¹¹ − ξ²² "
             "| dropped term | h¹ (step 4) | h¹ exact |", "|---|---|---|---|---|---|---|---|---|---|"]
    for s in steps:
        lines.append(f"| {s.eps:g} | {s.alpha:.3f} | {s.var_beta:.4f} | {s.var_proof:.4f} | {s.p_within_eps:.3f} "
                     f"| {s.p_within_half_eps:.3f} | {s.margin:.4f} | {max(s.dropped_term, 0.0):.4f} "
                     f"| {s.h1_proof_formula:.3f} | {s.h1_exact:.3f} |")
    return "\n".join(lines)


def plot_bound_vs_critical(bound) -> plt.Figure:
    """The exact critical α*(ε) against the proof's bound (``bound``: a BoundComparison), log-log, with
    the range of ε where the bound is not sufficient shaded."""
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.loglog(bound.eps, bound.alpha_star, color="k", label=r"exact critical $\alpha^*(\epsilon)$ (closed form)")
    ax.loglog(bound.eps, bound.alpha_paper, color="#d62728", ls="--",
              label=r"proof's bound $\frac{1}{2}(\log 4/\epsilon^2 - 1)$")
    ax.axvspan(bound.eps_cross, bound.eps[-1], color="#d62728", alpha=0.1, label="bound not sufficient")
    ax.set_title(r"$X_3^2$: smallest $\alpha$ at which $h_\epsilon$ misclassifies point 1")
    ax.set_xlabel(r"$\epsilon$")
    ax.set_ylabel(r"$\alpha$")
    ax.legend()
    return fig


def protocol_spread_markdown(values: Mapping[str, np.ndarray], alphas: Sequence[float],
                             paper: Sequence[float]) -> str:
    """Mean ± sd over runs of the class-1 probability at point 1, one row per protocol (``values``: name →
    array (len(alphas), runs)), under a row with the paper's Table 1 means."""
    lines = ["| protocol | " + " | ".join(f"α = {a:g}" for a in alphas) + " |", "|---|" + "---|" * len(alphas),
             "| paper (Table 1, mean only) | " + " | ".join(f"{p:.3f}" for p in paper) + " |"]
    lines += [f"| {name} | " + " | ".join(mean_std(v) for v in vals) + " |" for name, vals in values.items()]
    return "\n".join(lines)


def point1_scatter(values: Mapping[str, np.ndarray], alphas: Sequence[float]) -> plt.Figure:
    """The class-1 probability at point 1 run by run: one colour per protocol (``values``: name → array
    (len(alphas), runs)), one marker per α, both named in the legend."""
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    colors, markers = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"], "osD^v"
    for k, (name, vals) in enumerate(values.items()):
        runs = np.arange(vals.shape[1])
        for i in range(len(alphas)):
            ax.scatter(runs + 0.2 * (k - 1), vals[i], color=colors[k % 4], marker=markers[i % 5], s=18)
    handles = [Line2D([], [], color=colors[k % 4], marker="o", ls="", label=name) for k, name in enumerate(values)]
    handles += [Line2D([], [], color="gray", marker=markers[i % 5], ls="", label=rf"$\alpha = {a:g}$")
                for i, a in enumerate(alphas)]
    ax.axhline(0.5, color="k", lw=0.8)
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    ax.set_title("Class-1 probability at point 1, run by run")
    ax.set_xlabel("run")
    ax.set_ylabel(r"$h^1(1)$")
    fig.tight_layout()
    return fig


def plot_sweep_fit(sweep, runs: int, epochs: int) -> plt.Figure:
    """Trained h¹(1) across α (mean ± sd, ``sweep``: a SweepFit) against the closed-form curves h¹_ε(1)
    for several ε and for the fitted ε."""
    fig, ax = plt.subplots(figsize=(6.8, 4.2))
    for e, c, curve in zip(sweep.curve_eps, plt.cm.viridis(np.linspace(0, 0.9, len(sweep.curve_eps))), sweep.curves):
        ax.semilogx(sweep.curve_alphas, curve, color=c, lw=1, label=rf"$h_\epsilon$, $\epsilon = {e:g}$")
    ax.semilogx(sweep.curve_alphas, sweep.fit_curve, color="k", lw=2, ls="--",
                label=rf"best single $\epsilon = {sweep.fit.eps:.3f}$")
    ax.errorbar(sweep.alphas, sweep.mean, yerr=sweep.sd, fmt="o", color="#d62728", capsize=3,
                label=f"trained (mean ± sd, {runs} runs)")
    ax.axhline(0.5, color="gray", lw=0.8)
    ax.set_title(rf"$X_3^2$, point 1: trained networks ({epochs} epochs) vs closed form")
    ax.set_xlabel(r"$\alpha$ (Beta($\alpha, \alpha$))")
    ax.set_ylabel(r"class-1 probability $h^1(1)$")
    ax.legend()
    return fig


def closed_form_scan_text(scan) -> str:
    """The closed-form training error of h_ε on X_10^k (``scan``: a ClosedFormScan), one line per (k, α),
    one column per ε, to one decimal (the errors are multiples of 1/10)."""
    lines = ["closed-form training error of h_ε on X_10^k, for ε = " + ", ".join(f"{e:g}" for e in scan.eps)]
    for i, k in enumerate(scan.classes):
        for j, a in enumerate(scan.alphas):
            lines.append(f"  X_10^{k}, α = {a:g}: " + "  ".join(f"{v:.1f}" for v in scan.errors[i, j]))
    return "\n".join(lines)


def margins_markdown(scan, k: int, alpha: float) -> str:
    """For one (k, α) of ``scan``: per ε the closed-form error and the smallest and largest margin
    h^y_ε(x) − max_{c≠y} h^c_ε(x) over the interior points (negative: misclassified), to 3 decimals."""
    rng = scan.margin_range(k, alpha)
    err = scan.errors[scan.classes.index(k), scan.alphas.index(alpha)]
    lines = [f"| ε | error of h_ε on X_10^{k} (α = {alpha:g}) | smallest margin | largest margin |",
             "|---|---|---|---|"]
    lines += [f"| {e:g} | {v:.1f} | {lo:+.3f} | {hi:+.3f} |" for e, v, (lo, hi) in zip(scan.eps, err, rng)]
    return "\n".join(lines)
