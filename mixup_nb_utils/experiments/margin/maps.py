"""The chapter "The margin of Mixup classifiers" (paper §3.1, App. F): the trained networks' decision maps.

ERM and Mixup(α) networks on the separated two moons at every class separation γ, one dataset per
seed, trained with the corrected loop (gradients zeroed at every step) and with the authors' loop
(never zeroed); their predicted class on a grid; and which of the paper's figures the run covers.
Seed s draws its own dataset ``two_moons(s, γ)`` and is the seed of its networks' initial weights and
Mixup draws, so ERM and every Mixup network of a seed share data and initialisation.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ...config import MarginSettings
from ...data.grids import grid_points
from ...data.synthetic import two_moons
from ...device import get_device
from ...training import EnsembleResult, Member, train_ensemble
from ...training.methods import AUTHORS, LOOPS, Method, trained_methods


#: Members per ensemble on a CPU: larger ensembles overflow the caches and run up to 3x slower per
#: member (measured on a 2-core EPYC: 0.57 ms per member and step at 8, 1.9 ms at 64). On a GPU all
#: members of a loop train as one ensemble.
CPU_ENSEMBLE_SIZE = 8
#: Grid points evaluated at once when predicting (bounds the (members, points, hidden) activations).
PREDICT_CHUNK = 500


# --------------------------------------------------------------------------------------------
# What is trained, and where it is drawn
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grid:
    """A square grid over [-extent, extent]²: its points (G, 2), image ``shape`` and imshow ``extent``."""

    points: np.ndarray
    shape: tuple[int, int]
    extent: tuple[float, float, float, float]

    @property
    def spacing(self) -> float:
        """Distance between neighbouring grid points along x_1."""
        return (self.extent[1] - self.extent[0]) / (self.shape[1] - 1)


def map_grid(settings: MarginSettings) -> Grid:
    """The maps' grid: ``settings.grid`` points per axis over [-settings.extent, settings.extent]²."""
    e = settings.extent
    Q, shape, extent = grid_points((-e, e), (-e, e), settings.grid)
    return Grid(Q, shape, extent)


def moons(separations: Sequence[float], seeds: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The datasets ``two_moons(seed, γ)``: points (separations, seeds, m, 2) and labels (separations, seeds, m)."""
    data = [[two_moons(int(s), float(g)) for s in seeds] for g in separations]
    return (np.array([[d[0] for d in row] for row in data]), np.array([[d[1] for d in row] for row in data]))


def seed_list(settings: MarginSettings) -> tuple[int, ...]:
    """Seeds ``settings.seed`` .. ``settings.seed + settings.seeds - 1`` (the settings check seeds >= 1)."""
    return tuple(range(settings.seed, settings.seed + settings.seeds))


# --------------------------------------------------------------------------------------------
# Trained networks
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionMaps:
    """Predicted classes of every trained network on the grid.

    ``labels[i, j, s]``: the class (0/1) predicted at each grid point by the network of method
    ``methods[j]`` trained on seed ``seeds[s]``'s dataset at separation ``separations[i]``;
    ``train_error`` (separations, methods, seeds): its final error on its own training points;
    ``X``, ``y``: the datasets (separations, seeds, m, 2) and (separations, seeds, m).
    """

    separations: tuple[float, ...]
    methods: tuple[Method, ...]
    seeds: tuple[int, ...]
    grid: Grid
    X: np.ndarray
    y: np.ndarray
    labels: np.ndarray
    train_error: np.ndarray
    epochs: int
    hidden: int
    lr: float
    seconds: float

    def where(self, separation: float, method: Method) -> tuple[int, int]:
        """Indices (separation, method) into the arrays."""
        return index_of(self.separations, separation, "separation"), index_of(self.methods, method, "method")

    def fraction(self, separation: float, method: Method) -> np.ndarray:
        """Fraction of the seeds whose network predicts class 1 at each grid point (G,): the drawn map."""
        i, j = self.where(separation, method)
        return self.labels[i, j].mean(0)


def index_of(options: Sequence, value, what: str) -> int:
    for k, v in enumerate(options):
        if v == value:
            return k
    raise ValueError(f"{what} {value!r} was not computed; computed: {list(options)}.")


def grid_predictions(result: EnsembleResult, points: np.ndarray, chunk: int = PREDICT_CHUNK) -> np.ndarray:
    """argmax of every member's softmax at ``points`` (members, G), evaluated ``chunk`` points at a time."""
    out = [result.predict_proba(points[k:k + chunk]).argmax(-1) for k in range(0, len(points), int(chunk))]
    return np.concatenate(out, axis=1).astype(np.int8)


def train_decision_maps(settings: MarginSettings, device=None) -> DecisionMaps:
    """Train every network of Figures 3 and 10-14 and predict on the grid (paper §3.1, App. F).

    For each loop, the (separation, method, seed) networks train as ensembles (one on a GPU, groups of
    :data:`CPU_ENSEMBLE_SIZE` on a CPU), each member on its own dataset: an MLP 2-``settings.hidden``-2,
    full-batch Adam (lr ``settings.lr``) for ``settings.epochs`` steps, Mixup with one λ ~ Beta(α, α)
    per step; the authors' loop adds the gradients of all past steps
    (``train_ensemble(..., accumulate_grads=True)``), all from ``settings.train_config``. ``device``:
    None picks CUDA when present.
    """
    seeds, seps = seed_list(settings), settings.separations
    methods, grid = trained_methods(settings.alphas), map_grid(settings)
    X, y = moons(seps, seeds)
    labels = np.zeros((len(seps), len(methods), len(seeds), len(grid.points)), dtype=np.int8)
    error = np.zeros((len(seps), len(methods), len(seeds)))
    device = get_device(device)
    start = time.perf_counter()
    for loop in LOOPS:
        cells = [(i, j, s) for i in range(len(seps)) for j, m in enumerate(methods) if m.loop == loop
                 for s in range(len(seeds))]
        size = len(cells) if device.type == "cuda" else CPU_ENSEMBLE_SIZE
        for group in (cells[k:k + size] for k in range(0, len(cells), size)):
            members = [Member(methods[j].sampler(), seed=seeds[s]) for i, j, s in group]
            res = train_ensemble(np.stack([X[i, s] for i, _, s in group]), np.stack([y[i, s] for i, _, s in group]),
                                 members, settings.train_config(device, accumulate_grads=loop == AUTHORS))
            pred = grid_predictions(res, grid.points)
            for r, (i, j, s) in enumerate(group):
                labels[i, j, s], error[i, j, s] = pred[r], res.errors[r, -1]
    return DecisionMaps(seps, methods, seeds, grid, X, y, labels, error, settings.epochs, settings.hidden,
                        settings.lr, time.perf_counter() - start)


# --------------------------------------------------------------------------------------------
# The paper's figures
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaperFigure:
    """A figure of the paper: its name, class separation γ, the Mixup α it shows and whether ERM is shown."""

    name: str
    separation: float
    alphas: tuple[float, ...]
    with_erm: bool


#: Figure 3 (§3.1) and Figures 10-14 (Appendix F), as listed in the paper's captions.
PAPER_FIGURES: tuple[PaperFigure, ...] = (
    PaperFigure("Figure 3", 0.5, (1.0, 1024.0), True),
    PaperFigure("Figure 10", 0.5, (32.0, 64.0), False),
    PaperFigure("Figure 11", 0.5, (128.0, 512.0), False),
    PaperFigure("Figure 12", 0.1, (1.0, 1024.0), True),
    PaperFigure("Figure 13", 0.1, (32.0, 64.0), False),
    PaperFigure("Figure 14", 0.1, (128.0, 512.0), False),
)


def paper_figures(maps: DecisionMaps) -> list[PaperFigure]:
    """The paper's figures whose separation and α were all trained (every one at the chapter's settings)."""
    trained = {m.alpha for m in maps.methods}
    return [f for f in PAPER_FIGURES if f.separation in maps.separations and set(f.alphas) <= trained]
