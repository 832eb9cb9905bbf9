"""The method (paper §2.1): mixing distributions, pairing and λ sampling, the Mixup loss.

- ``mixing``    mixing distributions P_f: Beta(a, b) with closed-form interval masses, any scipy law on [0,
                1]
- ``pairing``   pairing schemes (i.i.d., permutation, roll) and λ sampling, per batch or per pair; one Mixup
                batch
- ``loss``      the Mixup cross-entropy, soft labels
- ``estimates`` Monte-Carlo estimates of J_mix (single draws, whole training steps)
- ``libraries`` what common libraries do instead (torchvision's MixUp, measured)

Every public name of these modules is re-exported here.
"""

from .mixing import MixingDistribution, BetaMixing, ScipyMixing, MixingSpec, as_mixing
from .pairing import (Scheme, LambdaMode, SCHEMES, sample_partners, epoch_partners, sample_lambdas,
                      MixupDraw, mixup_batch)
from .loss import LogProbFn, mixup_cross_entropy, soft_cross_entropy, mixed_soft_labels
from .estimates import mc_mixup_loss, step_losses
from .libraries import torchvision_pairing

__all__ = [
    "MixingDistribution", "BetaMixing", "ScipyMixing", "MixingSpec", "as_mixing", "Scheme", "LambdaMode",
    "SCHEMES", "sample_partners", "epoch_partners", "sample_lambdas", "MixupDraw", "mixup_batch", "LogProbFn",
    "mixup_cross_entropy", "soft_cross_entropy", "mixed_soft_labels", "mc_mixup_loss", "step_losses",
    "torchvision_pairing",
]
