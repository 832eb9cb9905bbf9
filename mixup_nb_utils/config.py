"""The scale switch, read in one place.

``MIXUP_SCALE`` selects the settings of every chapter:

- ``default`` (or unset): each chapter executes in minutes on a 2-core CPU;
- ``paper``: the paper's exact settings (meant for a GPU).

A chapter's parameters cell is one line: ``settings = chapter_settings("<chapter>")``.
"""

from __future__ import annotations

import os
from types import MappingProxyType, SimpleNamespace
from typing import Any

SCALES: tuple[str, ...] = ("default", "paper")

# Each chapter: the settings at each scale. "paper" entries override "default" entries.
_CHAPTERS: dict[str, dict[str, dict[str, Any]]] = {
    "mixup_loss": {
        "default": {
            "seed": 0,
            "alpha": 1.0,               # Beta(α, α) for the loss comparison
            "quadrature_nodes": 64,     # Gauss–Jacobi nodes for the exact λ-integral
            "mc_samples": 200_000,      # single (i, j, λ) draws for the Monte-Carlo estimate
            "loss_draws": 20_000,       # full-dataset Mixup batches averaged with the package's loss
            "spread_steps": 20_000,     # steps used to measure the per-step loss spread
            "epoch_sizes": (3, 10, 100, 1000),
            "epochs_simulated": 20_000,
        },
        "paper": {
            "mc_samples": 2_000_000,
            "loss_draws": 200_000,
            "spread_steps": 200_000,
            "epochs_simulated": 200_000,
        },
    },
    "linear_models": {
        "default": {
            "seed": 0,
            "nodes": 64,                               # Gauss–Jacobi nodes for every λ-integral
            "lemma37_ns": (4, 8, 16, 32),              # dataset sizes n for Lemma 3.7
            "lemma37_grid": 40,                        # dimensions d per n (geometric, n .. 1.25 × threshold)
            "lemma37_draws": 2_000,                    # Monte-Carlo draws per (n, d)
            "scale_alphas": (0.1, 0.2, 0.5, 1.0, 2.0, 4.0, 16.0, 64.0),   # Beta(α, α) for k(P_f)
            "fit_n": 10, "fit_d": 400,                 # one interpolating dataset for Part I/II scales
            "sweep_n": 20,                             # points per dataset in the d/n sweep
            "sweep_ratios": (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0),
            "sweep_draws": 6,                          # datasets per d/n
            "unbalanced_n_pos": (10, 12, 14, 16, 18),  # class +1 sizes out of sweep_n
            "gd_d_ratios": (50.0, 1.5),                # d/n for gradient descent: premise holds, fails
            "gd_steps": 100_000,
            "sgd_steps": 20_000,                       # sampled Mixup training steps (cross-check)
        },
        "paper": {
            "lemma37_ns": (4, 8, 16, 32, 64),
            "lemma37_draws": 10_000,
            "lemma37_grid": 60,
            "sweep_draws": 50,
            "gd_steps": 1_000_000,
            "sgd_steps": 200_000,
        },
    },
}


def current_scale() -> str:
    """The scale named by ``$MIXUP_SCALE`` (``default`` when unset)."""
    scale = os.environ.get("MIXUP_SCALE", "default").strip().lower() or "default"
    if scale not in SCALES:
        raise ValueError(f"MIXUP_SCALE={scale!r} is not a known scale; use one of {SCALES}.")
    return scale


def chapter_settings(chapter: str, scale: str | None = None) -> SimpleNamespace:
    """The settings of ``chapter`` at ``scale`` (default: :func:`current_scale`), with ``.scale`` set."""
    if chapter not in _CHAPTERS:
        raise ValueError(f"no settings for chapter {chapter!r}; known chapters: {sorted(_CHAPTERS)}.")
    scale = current_scale() if scale is None else scale
    if scale not in SCALES:
        raise ValueError(f"scale {scale!r} is not one of {SCALES}.")
    values = dict(_CHAPTERS[chapter]["default"])
    if scale != "default":
        values.update(_CHAPTERS[chapter].get(scale, {}))
    return SimpleNamespace(scale=scale, **values)


def chapters() -> MappingProxyType:
    """Read-only view of every chapter's settings table (for documentation)."""
    return MappingProxyType(_CHAPTERS)
