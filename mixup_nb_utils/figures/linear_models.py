"""Figures of the chapter "Linear models": they draw the result dataclasses of :mod:`mixup_nb_utils.experiments.linear_models`."""

from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np

from .style import label_axes, subplots

FLOOR = 1e-16    # gaps of 1 − cos below round-off are drawn at this floor on log axes


def lemma_3_7_figure(scan) -> plt.Figure:
    """Left: P[max margin interpolates] against d (dashed: each n's threshold). Right: 1 − P on a log scale
    against d / threshold, with the lemma's allowance 2/n (dotted); a grid point where no draw failed is
    drawn as an open triangle at the 95% upper bound 3/draws, since 1 − P = 0 has no place on a log axis."""
    fig, axes = subplots(2, width=5.0, height=3.8)
    for c in scan.curves:
        line, = axes[0].plot(c.dims, c.prob, marker=".", label=f"n = {c.n}")
        color = line.get_color()
        axes[0].axvline(c.threshold, color=color, ls="--", lw=1)
        x, fail = c.dims / c.threshold, c.failure
        seen = fail > 0
        axes[1].plot(x[seen], fail[seen], marker=".", color=color, label=f"n = {c.n}")
        axes[1].plot(x[~seen], np.full((~seen).sum(), c.failure_upper_95), ls="none", marker="v",
                     mfc="none", color=color)
        axes[1].axhline(2 / c.n, color=color, ls=":", lw=1)
    axes[1].plot([], [], ls="none", marker="v", mfc="none", color="0.4", label="no failure: below 3/draws")
    for ax in axes:
        ax.set_xscale("log")
    axes[1].set_yscale("log")
    axes[1].axvline(1.0, color="0.5", ls="--", lw=1)
    draws = scan.curves[0].draws
    label_axes(axes[0], f"$P$[max margin interpolates], {draws} draws per $d$\n"
               r"(dashed: the threshold $10\,n\ln n + n - 1$)", "dimension $d$", "probability")
    label_axes(axes[1], "$1 - P$ against $d$ / threshold\n(dotted: the lemma's allowance $2/n$)",
               r"$d\,/\,(10\,n\ln n + n - 1)$", "$1 - P$")
    return fig


def two_point_loss_figure(curves) -> plt.Figure:
    """E_λ h_λ(k) − log 2 against k for each law of ``curves`` (dotted: its minimiser k(P_f))."""
    fig, axes = subplots(1, width=6.0, height=3.8)
    ax = axes[0]
    for name, values, k in zip(curves.laws, curves.values, curves.k):
        line, = ax.plot(curves.ks, values - np.log(2), label=name)
        ax.axvline(k, color=line.get_color(), ls=":", lw=1)
    label_axes(ax, r"$\mathbb{E}_\lambda h_\lambda(k) - \log 2$ for several $P_f$ (dotted: $k(P_f)$)", "$k$",
               r"$\mathbb{E}_\lambda h_\lambda(k) - \log 2$")
    return fig


def direction_sweep_figure(sweep) -> plt.Figure:
    """Left: the median over datasets of 1 − cos(Mixup minimiser, max margin) per law against d/n (log-log,
    floored at round-off). Right: the fractions of datasets that are separable and whose max margin interpolates."""
    fig, axes = subplots(2, width=5.0, height=3.8)
    ratio = sweep.dims / sweep.n
    for name in sweep.laws:
        axes[0].plot(ratio, np.maximum(sweep.median_gap(name), FLOOR), marker="o", label=name)
    draws = sweep.separable.shape[1]
    label_axes(axes[0], rf"$1 - \cos$(Mixup minimiser, max margin), $n$ = {sweep.n}" "\n"
               f"median of {draws} datasets per $d/n$ (floored at 1e-16; none where not separable)",
               "$d / n$", r"$1 - \cos$")
    axes[0].set_yscale("log")
    axes[1].plot(ratio, sweep.separable.mean(axis=1), marker="o", label="separable")
    axes[1].plot(ratio, sweep.interpolates.mean(axis=1), marker="s", label="max margin interpolates")
    label_axes(axes[1], f"the premise, $n$ = {sweep.n}, {draws} datasets per $d/n$", "$d / n$",
               "fraction of datasets")
    for ax in axes:
        ax.set_xscale("log")
    return fig


def gradient_descent_figure(runs: Sequence) -> plt.Figure:
    """One panel per :class:`~mixup_nb_utils.experiments.linear_models.GDRun`: 1 − cos between the iterate θ_t and
    the max margin (solid) and the Mixup minimiser (dashed), log-log against the step t."""
    fig, axes = subplots(len(runs), width=4.4, height=3.8)
    for ax, r in zip(axes, runs):
        ax.loglog(r.steps, np.maximum(r.gap_max_margin, FLOOR), label=r"$1 - \cos(\theta_t, \tilde\theta)$, max margin")
        ax.loglog(r.steps, np.maximum(r.gap_mixup, FLOOR), ls="--", label=r"$1 - \cos(\theta_t, \theta_{mix})$, Mixup")
        label_axes(ax, f"$n_1/n_2$ = {r.n_pos}/{r.n_neg}, $d$ = {r.d_ratio:g} $n$\n"
                   f"max margin interpolates: {r.interpolates}", "step $t$", r"$1 - \cos$")
    fig.suptitle("ERM gradient descent from $\\theta_0 = 0$", fontsize=11)
    return fig
