"""Every chapter's settings: one frozen, typed dataclass per chapter (values at the default scale).

``PAPER`` holds the values that differ at the paper's scale. The α lists that several modules share
are named once here: :data:`TABLE_1_ALPHAS` and :data:`FIGURE_2_ALPHAS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .settings import ChapterSettings
from .training import TrainConfig

#: Beta(α, α) of the paper's Table 1 and Figure 1 (the failure case on X_3^2).
TABLE_1_ALPHAS: tuple[float, ...] = (1.0, 32.0, 128.0)
#: Beta(α, α) of the paper's Figures 2 and 9 (images: MNIST, CIFAR-10, CIFAR-100) and of its jobs.
FIGURE_2_ALPHAS: tuple[float, ...] = (1.0, 32.0, 128.0, 1024.0)


@dataclass(frozen=True, repr=False)
class MixupLossSettings(ChapterSettings):
    """The Mixup loss (paper §2.1): the exact loss beside its estimates."""

    CHAPTER = "mixup_loss"
    PAPER = {"mc_samples": 2_000_000, "loss_draws": 200_000, "spread_steps": 200_000,
             "epochs_simulated": 200_000}

    seed: int = 0
    alpha: float = 1.0                  # Beta(α, α) for the loss comparison
    quadrature_nodes: int = 64          # Gauss–Jacobi nodes for the exact λ-integral
    mc_samples: int = 200_000           # single (i, j, λ) draws for the Monte-Carlo estimate
    loss_draws: int = 20_000            # full-dataset Mixup batches averaged with the package's loss
    spread_steps: int = 20_000          # steps used to measure the per-step loss spread
    epoch_sizes: tuple[int, ...] = (3, 10, 100, 1000)
    epochs_simulated: int = 20_000


@dataclass(frozen=True, repr=False)
class OptimalClassifierSettings(ChapterSettings):
    """The Mixup-optimal classifier (paper §2.2, Lemma 2.3, Proposition 2.5)."""

    CHAPTER = "optimal_classifier"
    PAPER = {"grid": 301, "mc_samples": 2_000_000, "moons_grid": 200}

    seed: int = 0
    sympy_classes: int = 3                                  # k in the symbolic derivation of Lemma 2.3
    prop25_eps: tuple[float, ...] = (0.5, 0.2, 0.05)        # radii of the h_ε maps for Proposition 2.5
    prop25_table_eps: tuple[float, ...] = (0.5, 0.1, 0.01, 1e-4, 1e-6)
    grid: int = 121                                         # grid points per axis of the maps (odd: the origin is on it)
    mc_samples: int = 200_000                               # (s, t, λ) draws for the Monte-Carlo check of the ξ terms
    alphas: tuple[float, ...] = (0.2, 1.0, 8.0, 64.0)       # Beta(α, α) for the maps on the small dataset
    asymmetric: tuple[float, float] = (2.0, 0.5)            # one asymmetric Beta(a, b)
    map_eps: float = 0.3                                    # radius of the maps on the small dataset
    eps_sweep: tuple[float, ...] = (0.6, 0.3, 0.1)          # radii compared at α = 1 on the small dataset
    line_eps: tuple[float, ...] = (0.5, 0.1, 0.01)          # radii for h_ε along the alternating line
    limit_check_eps: float = 1e-6                           # h_ε at this ε is compared with the ε → 0 limit
    moons_points: int = 300                                 # two moons at the size of the benchmark
    moons_grid: int = 100
    moons_eps: float = 0.1

    def check_values(self) -> None:
        self._require(self.grid % 2 == 1, "grid", "must be odd (the origin is a grid point)")


@dataclass(frozen=True, repr=False)
class SufficientConditionsSettings(ChapterSettings):
    """When Mixup fits the training data (paper §2.4, Table 2, Figures 2 and 9)."""

    CHAPTER = "sufficient_conditions"
    PAPER = {"datasets": ("MNIST", "CIFAR10", "CIFAR100"), "table2_repeats": 1, "optimal_error_points": 2000,
             "width": 64, "epochs": 50, "runs": 5}

    seed: int = 0
    datasets: tuple[str, ...] = ("digits",)               # scikit-learn's 8×8 digits (shipped, no download)
    test_fraction: float = 0.3                            # digits have no test split: a seeded 70/30 split
    alphas: tuple[float, ...] = FIGURE_2_ALPHAS           # Beta(α, α) of Figures 2 and 9
    # Table 2: the paper's sampled procedure
    table2_fraction: float = 0.2                          # subsample of train and of test
    table2_alpha: float = 1024.0
    table2_batch: int = 128                               # one λ per batch of the sampled epoch
    table2_repeats: int = 20                              # independent sampled epochs (the paper: one)
    # the exact training error of h_ε (Lemma 2.3) on a grid of ε
    eps_grid: tuple[float, ...] = (1.0, 2.0, 2.5, 3.0, 3.25, 3.5, 3.6, 3.75, 4.0)
    # ResNet-18 training (Figures 2 and 9)
    width: int = 16                                       # base width of ResNet-18 (the paper: 64)
    epochs: int = 20                                      # the paper: 50
    runs: int = 3                                         # the paper: 5
    batch_size: int = 128
    lr: float = 1e-3
    protocol: Literal["authors", "independent"] = "authors"
    independent_alphas: tuple[float, ...] = (1024.0,)     # also trained with independent runs (beside ERM)
    fast_fraction: float = 0.01                           # "fits the training data": error at most 1%
    exact_full_max: int = 5000                            # exact distances on all points only up to this many training points
    optimal_error_points: int | None = None               # h_ε's training error on a subsample of this size (None: all)
    data_root: str = "data"                               # torchvision datasets (paper scale)
    results: str = "results"                              # job results of the paper-scale training


@dataclass(frozen=True, repr=False)
class MidpointsSettings(ChapterSettings):
    """Midpoints (paper App. C): self-pairs, Lemma C.2, Claim 2, recovery, training on midpoints alone."""

    CHAPTER = "midpoints"
    PAPER = {"count_epochs": 50_000, "claim2_formula_max_m": 8, "uniqueness_trials": 1_000,
             "timing_ms": (100, 200, 400, 800, 1600), "digits_m": 400, "line_epochs": 5000, "train_digits_m": 100,
             "train_digits_hidden": 512, "train_digits_epochs": 2000, "train_digits_seeds": 10}

    seed: int = 0
    count_m: int = 1000                       # dataset size for the self-pair count
    count_batch: int = 100                    # batch size for pairing inside batches
    count_epochs: int = 5_000                 # simulated epochs per pairing scheme
    lemma_ms: tuple[int, ...] = (3, 4, 5, 6, 7, 8, 9, 10)   # exhaustive Lemma C.2 search
    claim2_exact_max_m: int = 6               # Claim 2 with exact integer ranks up to this m
    claim2_formula_max_m: int = 7             # ... and with the bipartite-component formula up to this m
    uniqueness_ms: tuple[int, ...] = (3, 4, 5, 6, 7, 8, 9, 10)
    uniqueness_trials: int = 200              # random 1-D sets per m: how many share their sums with another set
    recovery_dims: tuple[int, ...] = (1, 2, 8, 64)
    recovery_ms: tuple[int, ...] = (3, 5, 10, 30)
    timing_ms: tuple[int, ...] = (100, 200, 400, 800)
    precision_cases: tuple[tuple[int, Literal["float32", "float64"]], ...] = (
        (1000, "float64"), (300, "float32"), (600, "float32"), (1000, "float32"))
    digits_m: int = 100                       # digits whose C(m, 2) midpoints are shuffled and inverted
    digits_shown: int = 8
    train_seeds: int = 10                     # training on midpoints only: one ensemble member per seed
    line_ms: tuple[int, ...] = (3, 10)        # alternating lines X_m^2
    line_epochs: int = 3000                   # full-batch Adam steps, lr 1e-3, MLP 1-512-2
    train_digits_m: int = 50                  # digits trained on (64-D, 10 classes)
    train_digits_hidden: int = 128
    train_digits_epochs: int = 600
    train_digits_seeds: int = 5


@dataclass(frozen=True, repr=False)
class FailureCaseSettings(ChapterSettings):
    """When Mixup fails (paper §2.3, Figure 1, Table 1, App. D.1).

    The paper's settings are cheap enough to be the default (vectorised ensembles, see
    scripts/bench_training.py): MLP 1-512-k, full-batch Adam lr 1e-3, 5000 steps, 10 runs.
    """

    CHAPTER = "failure_case"
    PAPER = {}

    seed: int = 0
    runs: int = 10
    epochs: int = 5000
    hidden: int = 512
    lr: float = 1e-3
    record_every: int = 50
    alphas_table: tuple[float, ...] = TABLE_1_ALPHAS              # Figure 1 and Table 1
    alphas_sweep: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0)
    alphas_fig8: tuple[float, ...] = (1.0, 32.0)                  # Appendix D.1, Figure 8
    eps_bound_grid: int = 40                                      # ε values for the critical-α plot
    eps_curves: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3, 0.5)    # h_ε curves set against training
    device: str | None = None                                     # None: CUDA when present, else CPU

    def train_config(self, device=None) -> TrainConfig:
        """The trainer's config: MLP 1-``hidden``-k, full-batch Adam (``lr``), ``epochs`` steps, a record
        every ``record_every`` steps, on ``device`` (None: this settings' ``device``)."""
        return TrainConfig(hidden=self.hidden, epochs=self.epochs, lr=self.lr, record_every=self.record_every,
                           device=self.device if device is None else device)


@dataclass(frozen=True, repr=False)
class MarginSettings(ChapterSettings):
    """The margin of Mixup classifiers (paper §3.1, App. F).

    Every trained network of Figures 3 and 10-14: ERM and Mixup at each α, both class separations,
    the corrected loop and the authors' loop (gradients never zeroed), one dataset per seed, all
    seeds × α of a loop trained as one ensemble.
    """

    CHAPTER = "margin"
    PAPER = {"seeds": 10, "epochs": 1500, "check_points": 21}

    seed: int = 0                    # seeds seed .. seed + seeds - 1 (data draw and network initialisation)
    seeds: int = 7                   # the paper averages 10 runs; 7 keep the chapter within 3 minutes on 2 CPUs
    epochs: int = 1000               # full-batch Adam steps (the authors' code: 1000; the paper's text: 1500)
    hidden: int = 500                # MLP 2-500-2
    lr: float = 1e-3
    alphas: tuple[float, ...] = (1.0, 32.0, 64.0, 128.0, 512.0, 1024.0)   # Mixup Beta(α, α): Figures 3 and 10-14
    separations: tuple[float, ...] = (0.5, 0.1)   # class separation γ (Figures 3, 10, 11: 0.5; Figures 12-14: 0.1)
    grid: int = 100                  # grid points per axis over [-extent, extent]² (the authors' maps: 100)
    extent: float = 2.0
    spread_rows: float = 1.5         # the boundary spread uses the grid rows with |x_2| <= this
    eps: float = 0.05                # radius of the closed-form h_ε maps
    closed_form_alphas: tuple[float, ...] = (1.0, 1024.0)   # α of the closed-form maps (seed `seed`, both separations)
    limit_points: int = 3000         # random segment points for the ε -> 0 limit
    check_eps: float = 1e-3          # radius at which Assumption 3.1 and Theorem 3.2 are checked
    check_delta: float = 0.49        # δ of Assumption 3.1 (largest allowed is < 1/2)
    check_points: int = 11           # points per axis of the Assumption 3.1 scan

    def check_values(self) -> None:
        self._require(0 < self.check_delta < 0.5, "check_delta", "must lie in (0, 1/2) (Assumption 3.1)")
        self._require(self.extent > 0 and self.eps > 0 and self.check_eps > 0, "extent", "and the radii must be positive")

    def train_config(self, device=None, accumulate_grads: bool = False) -> TrainConfig:
        """The trainer's config: MLP 2-``hidden``-2, full-batch Adam (``lr``) for ``epochs`` steps, one
        record at the end, on ``device`` (None: CUDA when present); ``accumulate_grads=True`` for the
        authors' loop (gradients never zeroed)."""
        return TrainConfig(hidden=self.hidden, epochs=self.epochs, lr=self.lr, record_every=self.epochs,
                           device=device, accumulate_grads=accumulate_grads)


@dataclass(frozen=True, repr=False)
class LinearModelsSettings(ChapterSettings):
    """Linear models (paper §3.2, Lemma 3.7, Theorem 3.5, Corollary 3.8, App. E)."""

    CHAPTER = "linear_models"
    PAPER = {"lemma37_ns": (4, 8, 16, 32, 64), "lemma37_draws": 10_000, "lemma37_grid": 60, "sweep_draws": 50,
             "gd_steps": 1_000_000, "sgd_steps": 200_000}

    seed: int = 0
    nodes: int = 64                                   # Gauss–Jacobi nodes for every λ-integral
    lemma37_ns: tuple[int, ...] = (4, 8, 16, 32)      # dataset sizes n for Lemma 3.7
    lemma37_grid: int = 40                            # dimensions d per n (geometric, n .. 1.25 × threshold)
    lemma37_draws: int = 2_000                        # Monte-Carlo draws per (n, d)
    scale_alphas: tuple[float, ...] = (0.1, 0.2, 0.5, 1.0, 2.0, 4.0, 16.0, 64.0)   # Beta(α, α) for k(P_f)
    fit_n: int = 10                                   # one interpolating dataset for Part I/II scales
    fit_d: int = 400
    e1_d: int = 50                                    # Lemma E.1: two points in R^e1_d
    e1_alphas: tuple[float, ...] = (0.2, 1.0, 16.0)   # ... Beta(α, α) laws
    e1_norms: tuple[float, ...] = (0.0, 1.0, 5.0, 20.0)   # ... |θ| at which the Hessian is evaluated
    sweep_n: int = 20                                 # points per dataset in the d/n sweep
    sweep_ratios: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0)
    sweep_draws: int = 6                              # datasets per d/n
    unbalanced_n_pos: tuple[int, ...] = (10, 12, 14, 16, 18)   # class +1 sizes out of sweep_n
    unbalanced_d_ratio: float = 50.0                  # d/n of the unequal-class dataset
    gd_d_ratios: tuple[float, ...] = (50.0, 1.5)      # d/n for gradient descent: premise holds, fails
    gd_unbalanced_n_pos: int = 16                     # ... and on the unequal-class dataset, this split
    gd_steps: int = 100_000
    sgd_steps: int = 20_000                           # sampled Mixup training steps (cross-check)


#: Every chapter's settings class by the chapter's name (its .md file, experiments and figures module).
CHAPTERS: dict[str, type[ChapterSettings]] = {
    cls.CHAPTER: cls for cls in (MixupLossSettings, OptimalClassifierSettings, SufficientConditionsSettings,
                                 MidpointsSettings, FailureCaseSettings, MarginSettings, LinearModelsSettings)}
