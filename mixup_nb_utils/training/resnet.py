"""ResNet-18 in the CIFAR form, the network of the paper's image experiments (§2.4, Figures 2 and 9).

He et al. (2016) designed ResNet-18 for 224-pixel ImageNet images: a 7×7 stride-2 stem and a
max-pool shrink the input by 4 before the first block. For 32-pixel images the common CIFAR form
(the one the paper trains, "the popular implementation of Kuang Liu") drops that shrinking:

    stem      conv3×3(C → w, stride 1) → BatchNorm → ReLU             (no max-pool)
    stage 1   2 BasicBlocks, w channels,  stride 1
    stage 2   2 BasicBlocks, 2w channels, stride 2
    stage 3   2 BasicBlocks, 4w channels, stride 2
    stage 4   2 BasicBlocks, 8w channels, stride 2
    head      average pool over the last feature map → Linear(8w → k)

with w = 64 in the paper. A BasicBlock is ReLU(BN(conv3×3(ReLU(BN(conv3×3(x))))) + s(x)), where the
shortcut s is the identity, or conv1×1(stride) → BN when the stride or the width changes. The
blocks and convolutions are torchvision's own (``torchvision.models.resnet.BasicBlock``,
``conv1x1``, ``conv3x3``); only the stem and the head differ from torchvision's ``resnet18``.

The head's pool. The CIFAR form pools with ``avg_pool2d(4)``. A 3×3 convolution with padding 1 and
stride 2 maps a side of h pixels to ⌈h/2⌉, so the last feature map has side ⌈⌈⌈h/2⌉/2⌉/2⌉: 4 for
h = 28 (MNIST: 28 → 14 → 7 → 4) and h = 32 (CIFAR: 32 → 16 → 8 → 4), 1 for h = 8 (scikit-learn's
digits). Here the head averages over the whole last map (:meth:`CifarResNet.pool`). On a 4×4 map
``avg_pool2d(4)`` has a single 4×4 window, i.e. it *is* the global average, so for 28- and
32-pixel inputs this network computes the CIFAR form's function (``tests/training/test_resnet.py`` checks the
equality, up to the order in which the two kernels sum 16 floats); for 8×8 digits it is what makes
the network defined at all (``avg_pool2d(4)`` of a 1×1 map is an error).

Initialisation: PyTorch's default for every layer (as in the CIFAR form, which sets none of its
own): convolution and linear weights and biases U(-1/√fan_in, 1/√fan_in), BatchNorm weight 1 and
bias 0, running mean 0 and variance 1. :func:`init_resnet_` redraws all of them from an explicit
generator on the CPU, so the initial weights depend on the seed alone, not on the device or on
torch's global random state.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torchvision.models.resnet import BasicBlock, conv1x1, conv3x3

STAGE_BLOCKS: tuple[int, ...] = (2, 2, 2, 2)      # ResNet-18: two BasicBlocks per stage
STAGE_STRIDES: tuple[int, ...] = (1, 2, 2, 2)
STAGE_WIDTHS: tuple[int, ...] = (1, 2, 4, 8)      # multiples of the base width w


class CifarResNet(nn.Module):
    """ResNet-18, CIFAR form (see the module docstring); built by :func:`resnet18`."""

    def __init__(self, in_channels: int, num_classes: int, width: int):
        super().__init__()
        self.in_channels, self.num_classes, self.width = in_channels, num_classes, width
        self.stem = nn.Sequential(conv3x3(in_channels, width), nn.BatchNorm2d(width), nn.ReLU(inplace=True))
        stages, planes_in = [], width
        for blocks, stride, mult in zip(STAGE_BLOCKS, STAGE_STRIDES, STAGE_WIDTHS):
            planes = width * mult
            layer = []
            for b in range(blocks):
                s = stride if b == 0 else 1
                down = None
                if s != 1 or planes_in != planes:
                    down = nn.Sequential(conv1x1(planes_in, planes, s), nn.BatchNorm2d(planes))
                layer.append(BasicBlock(planes_in, planes, stride=s, downsample=down))
                planes_in = planes
            stages.append(nn.Sequential(*layer))
        self.stages = nn.Sequential(*stages)
        self.fc = nn.Linear(planes_in, num_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The last feature map, of shape (N, 8w, h', w') with h' = ⌈⌈⌈h/2⌉/2⌉/2⌉."""
        return self.stages(self.stem(x))

    @staticmethod
    def pool(features: torch.Tensor) -> torch.Tensor:
        """Global average over the last feature map: (N, C, h, w) → (N, C). Written as a mean, whose
        gradient is a plain broadcast (CUDA's adaptive-pool backward adds with atomics, in no fixed order)."""
        return features.mean(dim=(2, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits (N, k): Linear(global average of :meth:`features`)."""
        return self.fc(self.pool(self.features(x)))


def resnet18(in_channels: int = 3, num_classes: int = 10, width: int = 64,
             generator: torch.Generator | None = None) -> CifarResNet:
    """ResNet-18 in the CIFAR form (paper §2.4): 3×3 stride-1 stem, no max-pool, [2, 2, 2, 2]
    torchvision BasicBlocks of widths w·(1, 2, 4, 8) with strides (1, 2, 2, 2), a global average
    pool (equal to ``avg_pool2d(4)`` on 28- and 32-pixel inputs) and one linear layer.

    ``in_channels``: 1 (MNIST, digits) or 3 (CIFAR); ``width`` w scales all four stages (64 is the
    paper's; 11,173,962 parameters for 3 channels and 10 classes). ``generator``: when given, the
    weights are drawn from it by :func:`init_resnet_` (reproducible) and torch's global random
    state is left untouched; otherwise the global state draws them, as ``nn.Module`` constructors do.
    """
    for name, v in (("in_channels", in_channels), ("num_classes", num_classes), ("width", width)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}.")
    if generator is None:
        return CifarResNet(in_channels, num_classes, width)
    with torch.random.fork_rng(devices=[]):       # the layers' own default draws leave torch's global state as it was
        model = CifarResNet(in_channels, num_classes, width)
    return init_resnet_(model, generator)


def last_feature_side(side: int) -> int:
    """Side of the last feature map for a ``side``-pixel input: three stride-2 3×3 convolutions
    with padding 1, each mapping h to ⌈h/2⌉ (28 → 4, 32 → 4, 8 → 1)."""
    for _ in range(3):
        side = -(-int(side) // 2)
    return side


@torch.no_grad()
def init_resnet_(model: nn.Module, generator: torch.Generator) -> nn.Module:
    """Redraw every parameter of ``model`` with PyTorch's default initialisation, from ``generator``.

    Conv2d and Linear: weight and bias ~ U(-b, b), b = 1/√fan_in (fan_in = input channels × kernel
    area); this is what ``kaiming_uniform_(a=√5)`` (gain √(2/(1+5)), bound gain·√(3/fan_in)) and the
    default bias draw give. BatchNorm: weight 1, bias 0, running mean 0, running variance 1, batch
    counter 0. The draws are made on the CPU in float32 in module order and then copied to the
    parameters' device, so a seed gives the same network everywhere. Returns ``model``.
    """
    if generator.device.type != "cpu":
        raise ValueError("init_resnet_ needs a CPU torch.Generator (the draws are made on the CPU).")
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            fan_in = module.weight[0].numel()
            bound = 1.0 / math.sqrt(fan_in)
            for p in (module.weight, module.bias):
                if p is not None:
                    draw = torch.rand(p.shape, generator=generator, dtype=torch.float32) * (2 * bound) - bound
                    p.copy_(draw)
        elif isinstance(module, nn.BatchNorm2d):
            module.reset_parameters()        # weight 1, bias 0, running stats reset (no randomness)
    return model
