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
    "failure_case": {
        # The paper's settings are cheap enough to be the default (vectorised ensembles, see
        # scripts/bench_training.py): MLP 1-512-k, full-batch Adam lr 1e-3, 5000 steps, 10 runs.
        "default": {
            "seed": 0,
            "runs": 10,
            "epochs": 5000,
            "hidden": 512,
            "lr": 1e-3,
            "record_every": 50,
            "alphas_table": (1.0, 32.0, 128.0),          # Figure 1 and Table 1
            "alphas_sweep": (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0),
            "alphas_fig8": (1.0, 32.0),                   # Appendix D.1, Figure 8
            "eps_bound_grid": 40,                         # ε values for the critical-α plot
            "eps_curves": (0.05, 0.1, 0.2, 0.3, 0.5),     # h_ε curves set against training
            "device": None,                               # None: CUDA when present, else CPU
        },
        "paper": {},
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
