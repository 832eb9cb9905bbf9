"""Fitting models: the vectorised MLP ensemble and its pieces, repeated runs.

- ``samplers``   what a member trains on: ERM, Mixup, fixed mixtures (batches of indices and weights)
- ``mlp``        the stacked MLP: initialisation, forward pass, one member as nn.Sequential
- ``optim``      Adam and SGD on the flat parameter buffer of an ensemble
- ``ensemble``   the vectorised ensemble trainer (closed-form gradients)
- ``plain``      the same training for one member the plain way (the reference)
- ``runs``       repeated runs: independent, or the authors' protocol
- ``methods``    what a two-moons network trains with: ERM or Mixup(α), the corrected or the authors' loop
- ``models``     small frozen models that illustrate losses
- ``linear_sgd`` Mixup training of the linear model by sampled batches (a cross-check)
- ``resnet``     ResNet-18 in the CIFAR form (torchvision's BasicBlocks), any width, 1 or 3 channels
- ``images``     the image trainer: ERM and Mixup on device-resident images, both protocols (§2.4)
                 (a package: ``trainer``, ``curves``)
- ``jobs``       resumable paper-scale jobs and their command line (``python -m mixup_nb_utils.training.jobs``)
                 (a package: ``grid``, ``running``, ``results``, ``cli``)

``TrainConfig``, the MLP trainers' config, lives on the ground floor (:mod:`mixup_nb_utils.config.training`,
so that a chapter's settings can hand it over) and is re-exported here.

Every public name of these modules is re-exported here, except those of ``resnet``, ``images`` and
``jobs`` (import from the modules).
"""

from .samplers import Batches, Sampler, ERM, Mixup, FixedMixtures
from .mlp import init_mlp, stacked_forward, to_sequential
from .optim import StackedOptimizer
from .ensemble import OptimizerName, Member, EnsembleResult, TrainConfig, train_ensemble
from .plain import train_single_plain
from .runs import RunsResult, derived_seed, train_runs
from .methods import AUTHORS, CORRECTED, LOOP_NAMES, LOOPS, Method, trained_methods
from .models import fixed_mlp, numpy_log_prob
from .linear_sgd import mixup_sgd

__all__ = [
    "Batches", "Sampler", "ERM", "Mixup", "FixedMixtures", "init_mlp", "stacked_forward", "to_sequential",
    "StackedOptimizer", "OptimizerName", "Member", "EnsembleResult", "TrainConfig", "train_ensemble", "train_single_plain",
    "RunsResult", "derived_seed", "train_runs", "AUTHORS", "CORRECTED", "LOOP_NAMES", "LOOPS", "Method",
    "trained_methods", "fixed_mlp", "numpy_log_prob", "mixup_sgd",
]
