"""The scale switch, read in one place.

``MIXUP_SCALE`` selects the settings of every chapter:

- ``default`` (or unset): each chapter executes in minutes on a 2-core CPU;
- ``paper``: the paper's exact settings (meant for a GPU).

A chapter's parameters cell is one line: ``settings = chapter_settings("<chapter>")``.
"""

from __future__ import annotations

import dataclasses
import os
from types import MappingProxyType
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
    "optimal_classifier": {
        "default": {
            "seed": 0,
            "sympy_classes": 3,                 # k in the symbolic derivation of Lemma 2.3
            "prop25_eps": (0.5, 0.2, 0.05),     # radii of the h_ε maps for Proposition 2.5
            "prop25_table_eps": (0.5, 0.1, 0.01, 1e-4, 1e-6),
            "grid": 121,                        # grid points per axis of the maps (odd: the origin is on it)
            "mc_samples": 200_000,              # (s, t, λ) draws for the Monte-Carlo check of the ξ terms
            "alphas": (0.2, 1.0, 8.0, 64.0),    # Beta(α, α) for the maps on the small dataset
            "asymmetric": (2.0, 0.5),           # one asymmetric Beta(a, b)
            "map_eps": 0.3,                     # radius of the maps on the small dataset
            "eps_sweep": (0.6, 0.3, 0.1),       # radii compared at α = 1 on the small dataset
            "line_eps": (0.5, 0.1, 0.01),       # radii for h_ε along the alternating line
            "limit_check_eps": 1e-6,            # h_ε at this ε is compared with the ε → 0 limit
            "moons_points": 300,                # two moons at the size of the benchmark
            "moons_grid": 100,
            "moons_eps": 0.1,
        },
        "paper": {
            "grid": 301,
            "mc_samples": 2_000_000,
            "moons_grid": 200,
        },
    },
    "sufficient_conditions": {
        "default": {
            "seed": 0,
            "datasets": ("digits",),          # scikit-learn's 8×8 digits (shipped, no download)
            "test_fraction": 0.3,             # digits have no test split: a seeded 70/30 split
            "alphas": (1.0, 32.0, 128.0, 1024.0),   # Beta(α, α) of Figures 2 and 9
            # Table 2: the paper's sampled procedure
            "table2_fraction": 0.2,           # subsample of train and of test
            "table2_alpha": 1024.0,
            "table2_batch": 128,              # one λ per batch of the sampled epoch
            "table2_repeats": 20,             # independent sampled epochs (the paper: one)
            # the exact training error of h_ε (Lemma 2.3) on a grid of ε
            "eps_grid": (1.0, 2.0, 2.5, 3.0, 3.5, 3.75, 4.0, 4.25, 4.5, 5.0),
            # ResNet-18 training (Figures 2 and 9)
            "width": 16,                      # base width of ResNet-18 (the paper: 64)
            "epochs": 20,                     # the paper: 50
            "runs": 3,                        # the paper: 5
            "batch_size": 128,
            "lr": 1e-3,
            "protocol": "authors",            # "authors" or "independent"
            "independent_alphas": (1024.0,),  # also trained with independent runs (beside ERM)
            "fast_fraction": 0.01,            # "fits the training data": error at most 1%
            "exact_full_max": 5000,           # exact distances on all points only up to this many training points
            "optimal_error_points": None,     # h_ε's training error on a subsample of this size (None: all)
            "data_root": "data",              # torchvision datasets (paper scale)
            "results": "results",             # job results of the paper-scale training
        },
        "paper": {
            "datasets": ("MNIST", "CIFAR10", "CIFAR100"),
            "table2_repeats": 1,
            "optimal_error_points": 2000,
            "width": 64,
            "epochs": 50,
            "runs": 5,
        },
    },
    "midpoints": {
        "default": {
            "seed": 0,
            "count_m": 1000,               # dataset size for the self-pair count
            "count_batch": 100,            # batch size for pairing inside batches
            "count_epochs": 5_000,         # simulated epochs per pairing scheme
            "lemma_ms": (3, 4, 5, 6, 7, 8, 9, 10),   # exhaustive Lemma C.2 search
            "claim2_exact_max_m": 6,       # Claim 2 with exact integer ranks up to this m
            "claim2_formula_max_m": 7,     # ... and with the bipartite-component formula up to this m
            "uniqueness_ms": (3, 4, 5, 6, 7, 8, 9, 10),
            "uniqueness_trials": 200,      # random 1-D sets per m: how many share their sums with another set
            "recovery_dims": (1, 2, 8, 64),
            "recovery_ms": (3, 5, 10, 30),
            "timing_ms": (100, 200, 400, 800),
            "precision_cases": ((1000, "float64"), (300, "float32"), (600, "float32"), (1000, "float32")),
            "digits_m": 100,               # digits whose C(m, 2) midpoints are shuffled and inverted
            "digits_shown": 8,
            "train_seeds": 10,             # training on midpoints only: one ensemble member per seed
            "line_ms": (3, 10),            # alternating lines X_m^2
            "line_epochs": 3000,           # full-batch Adam steps, lr 1e-3, MLP 1-512-2
            "train_digits_m": 50,          # digits trained on (64-D, 10 classes)
            "train_digits_hidden": 128,
            "train_digits_epochs": 600,
            "train_digits_seeds": 5,
        },
        "paper": {
            "count_epochs": 50_000,
            "claim2_formula_max_m": 8,
            "uniqueness_trials": 1_000,
            "timing_ms": (100, 200, 400, 800, 1600),
            "digits_m": 400,
            "line_epochs": 5000,
            "train_digits_m": 100,
            "train_digits_hidden": 512,
            "train_digits_epochs": 2000,
            "train_digits_seeds": 10,
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
    "margin": {
        # Every trained network of Figures 3 and 10-14: ERM and Mixup at each α, both class
        # separations, the corrected loop and the authors' loop (gradients never zeroed), one
        # dataset per seed, all seeds × α of a loop trained as one ensemble.
        "default": {
            "seed": 0,                   # seeds seed .. seed + seeds - 1 (data draw and network initialisation)
            "seeds": 7,                  # the paper averages 10 runs; 7 keep the chapter within 3 minutes on 2 CPUs
            "epochs": 1000,              # full-batch Adam steps (the authors' code: 1000; the paper's text: 1500)
            "hidden": 500,               # MLP 2-500-2
            "lr": 1e-3,
            "alphas": (1.0, 32.0, 64.0, 128.0, 512.0, 1024.0),   # Mixup Beta(α, α): Figures 3 and 10-14
            "separations": (0.5, 0.1),   # class separation γ (Figures 3, 10, 11: 0.5; Figures 12-14: 0.1)
            "grid": 100,                 # grid points per axis over [-extent, extent]² (the authors' maps: 100)
            "extent": 2.0,
            "spread_rows": 1.5,          # the boundary spread uses the grid rows with |x_2| <= this
            "eps": 0.05,                 # radius of the closed-form h_ε maps
            "closed_form_alphas": (1.0, 1024.0),   # α of the closed-form maps (seed `seed`, both separations)
            "limit_points": 3000,        # random segment points for the ε -> 0 limit
            "check_eps": 1e-3,           # radius at which Assumption 3.1 and Theorem 3.2 are checked
            "check_delta": 0.49,         # δ of Assumption 3.1 (largest allowed is < 1/2)
            "check_points": 11,          # points per axis of the Assumption 3.1 scan
        },
        "paper": {
            "seeds": 10,
            "epochs": 1500,
            "check_points": 21,
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
            "e1_d": 50,                                # Lemma E.1: two points in R^e1_d
            "e1_alphas": (0.2, 1.0, 16.0),             # ... Beta(α, α) laws
            "e1_norms": (0.0, 1.0, 5.0, 20.0),         # ... |θ| at which the Hessian is evaluated
            "sweep_n": 20,                             # points per dataset in the d/n sweep
            "sweep_ratios": (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0),
            "sweep_draws": 6,                          # datasets per d/n
            "unbalanced_n_pos": (10, 12, 14, 16, 18),  # class +1 sizes out of sweep_n
            "unbalanced_d_ratio": 50.0,                # d/n of the unequal-class dataset
            "gd_d_ratios": (50.0, 1.5),                # d/n for gradient descent: premise holds, fails
            "gd_unbalanced_n_pos": 16,                 # ... and on the unequal-class dataset, this split
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


def _settings_class(chapter: str) -> type:
    names = ["scale", *_CHAPTERS[chapter]["default"]]
    return dataclasses.make_dataclass(f"{chapter.title().replace('_', '')}Settings",
                                      [(n, Any) for n in names], frozen=True, repr=False,
                                      namespace={"__repr__": _settings_repr})


def _settings_repr(self) -> str:
    return f"{type(self).__name__}(scale={self.scale!r}, {len(dataclasses.fields(self)) - 1} settings)"


def chapter_settings(chapter: str, scale: str | None = None):
    """The settings of ``chapter`` at ``scale`` (default: :func:`current_scale`), frozen, with ``.scale`` set.

    The result is a frozen dataclass: ``settings.epochs`` reads a value, assigning one raises
    ``dataclasses.FrozenInstanceError`` (change a setting in this module, or with
    ``dataclasses.replace(settings, epochs=...)`` for a one-off experiment).
    """
    if chapter not in _CHAPTERS:
        raise ValueError(f"no settings for chapter {chapter!r}; known chapters: {sorted(_CHAPTERS)}.")
    scale = current_scale() if scale is None else scale
    if scale not in SCALES:
        raise ValueError(f"scale {scale!r} is not one of {SCALES}.")
    values = dict(_CHAPTERS[chapter]["default"])
    if scale != "default":
        values.update(_CHAPTERS[chapter].get(scale, {}))
    return _settings_class(chapter)(scale=scale, **values)


@dataclasses.dataclass(frozen=True)
class SettingRow:
    """One setting of a chapter: its value in this run and at the paper's scale."""

    name: str
    value: Any
    paper_value: Any

    @property
    def differs(self) -> bool:
        return self.value != self.paper_value


def settings_rows(settings) -> list[SettingRow]:
    """Every setting of ``settings`` (from :func:`chapter_settings`) beside its value at the paper's scale."""
    if not dataclasses.is_dataclass(settings) or not hasattr(settings, "scale"):
        raise ValueError("settings_rows needs the object returned by chapter_settings(...).")
    chapter = next((c for c in _CHAPTERS if type(settings).__name__ == _settings_class(c).__name__), None)
    if chapter is None:
        raise ValueError(f"{type(settings).__name__} is not the settings of a known chapter.")
    paper = chapter_settings(chapter, "paper")
    return [SettingRow(f.name, getattr(settings, f.name), getattr(paper, f.name))
            for f in dataclasses.fields(settings) if f.name != "scale"]


def chapters() -> MappingProxyType:
    """Read-only view of every chapter's settings table (for documentation)."""
    return MappingProxyType(_CHAPTERS)
