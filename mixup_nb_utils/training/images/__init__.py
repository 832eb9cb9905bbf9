"""Train ResNet-18 on images with ERM or Mixup, as in the paper's §2.4 (Figures 2 and 9).

One step of Mixup on a batch B of b points (paper §2.1, the Mixup loss with P_f = Beta(α, α)):

    λ ~ Beta(α, α), once for the batch;   j(i) ~ Uniform{0, …, N-1} for each i in B, with replacement
                                           (over the WHOLE training set, i itself included);
    loss = (1/b) Σ_{i in B} [λ CE(g(x̃_i), y_i) + (1 - λ) CE(g(x̃_i), y_{j(i)})],
    x̃_i  = λ x_i + (1 - λ) x_{j(i)},

and ERM is the same with λ = 1. An epoch visits the points in a fresh random order, in batches of
``batch_size`` consecutive points of that order (the last batch holds the remainder). Adam
(lr 1e-3) takes one step per batch. After every epoch the training error — the fraction of the
N original training points misclassified, in eval mode (BatchNorm's running statistics) — is
measured in batches of ``eval_batch_size``.

The data stay on the device as two tensors; batches are gathered by index (no DataLoader). On CUDA
the network and its inputs use the channels_last layout and the forward pass runs under bfloat16
autocast (the loss and Adam in float32); on the CPU everything is float32.

Runs and protocols (``ImageTrainConfig.protocol``):

- ``"authors"``: the authors' protocol. One Adam optimizer per method is carried across its runs:
  before run r the weights (BatchNorm's included) are re-drawn, Adam's moments and step count are
  kept. Run r therefore depends on runs 0..r-1 and the runs are sequential.
- ``"independent"``: every run has fresh weights and a fresh Adam.

Randomness (common random numbers). Run r of every method and every α draws from four streams made
by :func:`mixup_nb_utils.device.make_generators` from seeds derived from (seed, r): the initial
weights, the batch order, the partners and the λs. So for a given r, ERM and every Mixup α start
from the same initial weights (the authors' "first Mixup run starts from a copy of the ERM
model"), see the same batch order in every epoch, and all Mixup α use the same partners; only λ
(and, after the first step, the weights) differ. All four are seeded generators, their states are
part of :meth:`ImageTrainer.state_dict`, so a checkpointed run resumes bit for bit.

The package: ``trainer`` (the config, an epoch's draws, :class:`ImageTrainer`), ``curves`` (whole runs
and their error curves: :func:`train_images`, :func:`compare_methods`).
"""

from .trainer import (METHODS, PROTOCOLS, ImageTrainConfig, EpochDraws, sample_epoch, run_seeds,
                      initial_model, RunHistory, check_images, ImageTrainer)
from .curves import ImageTrainResult, Progress, train_images, ErrorCurves, compare_methods

__all__ = ["METHODS", "PROTOCOLS", "ImageTrainConfig", "EpochDraws", "sample_epoch", "run_seeds",
           "initial_model", "RunHistory", "check_images", "ImageTrainer", "ImageTrainResult", "Progress",
           "train_images", "ErrorCurves", "compare_methods"]
