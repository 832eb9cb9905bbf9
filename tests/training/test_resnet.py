"""ResNet-18 (CIFAR form): parameter counts, shapes, the pool, the seeded initialisation."""

import pytest
import torch
import torch.nn.functional as F
import torchvision

from mixup_nb_utils.training.resnet import init_resnet_, last_feature_side, resnet18




def _count(model):
    return sum(p.numel() for p in model.parameters())


def _formula_count(c: int, k: int, w: int) -> int:
    """Parameters of the CIFAR ResNet-18 by hand: convolutions without bias, BN = 2 per channel."""
    total = 9 * c * w + 2 * w                              # stem conv3x3 + BN
    p_in = w
    for mult, stride in zip((1, 2, 4, 8), (1, 2, 2, 2)):
        p = w * mult
        for b in range(2):
            total += 9 * p_in * p + 2 * p + 9 * p * p + 2 * p
            if b == 0 and (stride != 1 or p_in != p):
                total += p_in * p + 2 * p                  # conv1x1 shortcut + BN
            p_in = p
    return total + 8 * w * k + k                           # linear head with bias


def test_parameter_count_matches_the_standard_cifar_resnet18():
    model = resnet18(3, 10, 64)
    assert _count(model) == _formula_count(3, 10, 64)
    # torchvision's ImageNet ResNet-18 differs only in its 7x7 stem (no bias): 49 vs 9 weights per (in, out)
    imagenet = torchvision.models.resnet18(num_classes=10)
    assert _count(model) == _count(imagenet) - (49 - 9) * 3 * 64
    assert _count(model) == 11_173_962                     # the count usually quoted for CIFAR ResNet-18
    for c, k, w in ((1, 10, 4), (3, 100, 8), (1, 7, 16)):
        assert _count(resnet18(c, k, w)) == _formula_count(c, k, w)


@pytest.mark.parametrize("channels,side", [(1, 8), (1, 28), (3, 32), (3, 8)])
def test_output_shapes(channels, side):
    model = resnet18(channels, 7, width=4).eval()
    x = torch.randn(5, channels, side, side, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert model(x).shape == (5, 7)
        feats = model.features(x)
    assert feats.shape == (5, 32, last_feature_side(side), last_feature_side(side))
    assert last_feature_side(28) == last_feature_side(32) == 4 and last_feature_side(8) == 1


@pytest.mark.parametrize("channels,side", [(1, 28), (3, 32)])
def test_global_pool_equals_avg_pool2d_4_for_28_and_32_pixels(channels, side):
    model = resnet18(channels, 10, width=4, generator=torch.Generator().manual_seed(1)).eval()
    x = torch.randn(3, channels, side, side, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        feats = model.features(x)
        cifar_head = model.fc(F.avg_pool2d(feats, 4).flatten(1))      # the CIFAR form's head
        # the same average; the two kernels may sum the 16 values in another order (float rounding)
        torch.testing.assert_close(F.avg_pool2d(feats, 4).flatten(1), model.pool(feats), rtol=1e-6, atol=1e-8)
        torch.testing.assert_close(model(x), cifar_head, rtol=1e-6, atol=1e-7)
        assert not torch.allclose(feats[..., 0, 0], model.pool(feats), atol=1e-4)   # the map is not constant


def test_seeded_initialisation_is_reproducible_and_default_like():
    torch.manual_seed(123)
    a = resnet18(3, 10, 4, generator=torch.Generator().manual_seed(5))
    after = torch.rand(3)
    torch.manual_seed(123)
    assert torch.equal(after, torch.rand(3))            # torch's global random state was not used
    b = resnet18(3, 10, 4, generator=torch.Generator().manual_seed(5))
    c = resnet18(3, 10, 4, generator=torch.Generator().manual_seed(6))
    sa, sb, sc = a.state_dict(), b.state_dict(), c.state_dict()
    assert all(torch.equal(sa[n], sb[n]) for n in sa)
    assert not torch.equal(sa["fc.weight"], sc["fc.weight"])
    conv = a.stages[3][0].conv1                                          # fan_in = 16 · 9
    bound = 1 / (16 * 9) ** 0.5
    assert conv.weight.abs().max() <= bound and conv.weight.abs().max() > 0.9 * bound
    assert torch.equal(a.stem[1].weight, torch.ones(4)) and torch.equal(a.stem[1].bias, torch.zeros(4))
    # re-initialising a trained-looking model restores the running statistics too
    a.stem[1].running_mean.fill_(3.0)
    init_resnet_(a, torch.Generator().manual_seed(5))
    assert torch.equal(a.stem[1].running_mean, torch.zeros(4))
    assert all(torch.equal(a.state_dict()[n], sb[n]) for n in sb)


def test_bad_arguments():
    with pytest.raises(ValueError, match="in_channels"):
        resnet18(0)
    with pytest.raises(ValueError, match="width"):
        resnet18(3, 10, 2.5)
    with pytest.raises(ValueError, match="num_classes"):
        resnet18(3, True)
