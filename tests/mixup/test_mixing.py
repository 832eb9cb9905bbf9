import numpy as np
import pytest
from scipy import integrate, special, stats

from mixup_nb_utils.mixup.mixing import as_mixing, BetaMixing, ScipyMixing


@pytest.mark.parametrize("a,b", [(1.0, 1.0), (0.5, 0.5), (2.0, 5.0), (32.0, 32.0), (0.3, 4.0)])
def test_beta_mass_and_first_moment_match_numerical_integrals(a, b):
    dist = BetaMixing(a, b)
    for lo, hi in [(0.0, 1.0), (0.1, 0.4), (0.45, 0.55), (0.9, 1.0)]:
        mass = integrate.quad(lambda u: stats.beta.pdf(u, a, b), lo, hi, limit=200)[0]
        mom = integrate.quad(lambda u: u * stats.beta.pdf(u, a, b), lo, hi, limit=200)[0]
        assert dist.mass(lo, hi) == pytest.approx(mass, abs=1e-9)
        assert dist.first_moment(lo, hi) == pytest.approx(mom, abs=1e-9)
    assert dist.mean == pytest.approx(a / (a + b))


def test_empty_and_reversed_intervals_have_zero_mass():
    dist = BetaMixing(2.0)
    assert dist.mass(0.5, 0.5) == 0.0
    assert dist.mass(0.7, 0.2) == 0.0
    assert dist.first_moment(0.7, 0.2) == 0.0


@pytest.mark.parametrize("a,b", [(1.0, 1.0), (0.5, 0.5), (3.0, 1.5), (1024.0, 1024.0)])
def test_gauss_jacobi_quadrature_is_exact_for_moments(a, b):
    nodes, weights = BetaMixing(a, b).quadrature(16)
    assert np.all((nodes > 0) & (nodes < 1))
    assert weights.sum() == pytest.approx(1.0)
    for p in range(1, 8):
        assert (weights * nodes**p).sum() == pytest.approx(stats.beta(a, b).moment(p), rel=1e-8)


def test_beta_sampling_matches_distribution():
    rng = np.random.default_rng(1)
    draws = BetaMixing(2.0, 3.0).sample(50_000, rng)
    assert stats.kstest(draws, stats.beta(2.0, 3.0).cdf).pvalue > 1e-3
    assert abs(draws.mean() - 0.4) < 4 * draws.std() / np.sqrt(len(draws))


def test_scipy_mixing_wraps_laws_on_unit_interval():
    dist = ScipyMixing(stats.uniform(0.2, 0.6))
    assert dist.mass(0.0, 0.5) == pytest.approx(0.5)
    assert dist.first_moment(0.2, 0.8) == pytest.approx(0.5)
    nodes, w = dist.quadrature(64)
    assert (w * nodes).sum() == pytest.approx(0.5, abs=1e-3)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        ScipyMixing(stats.norm())


def test_as_mixing_reads_specs_and_rejects_bad_ones():
    assert isinstance(as_mixing(2.0), BetaMixing) and as_mixing(2.0).b == 2.0
    d = as_mixing((2.0, 5.0))
    assert (d.a, d.b) == (2.0, 5.0)
    assert isinstance(as_mixing(stats.beta(2, 2)), ScipyMixing)
    for bad in (0.0, -1.0, float("nan"), float("inf"), (1.0, 0.0)):
        with pytest.raises(ValueError, match="positive|> 0"):
            as_mixing(bad)
    with pytest.raises(ValueError, match="cannot read"):
        as_mixing("uniform")


@pytest.mark.parametrize("a,b", [(1.0, 1.0), (0.4, 0.4), (2.0, 5.0), (0.3, 3.0), (64.0, 64.0)])
def test_mass_and_moment_match_incomplete_beta_of_a_plus_one(a, b):
    rng = np.random.default_rng(2)
    lo, hi = np.sort(rng.uniform(size=(2, 500)), axis=0)
    lo[:20], hi[20:40] = 0.0, 1.0
    dist = BetaMixing(a, b)
    mass, mom = dist.mass_and_moment(lo, hi)
    assert mass == pytest.approx(special.betainc(a, b, hi) - special.betainc(a, b, lo), abs=1e-13)
    expect = a / (a + b) * (special.betainc(a + 1, b, hi) - special.betainc(a + 1, b, lo))
    assert mom == pytest.approx(expect, abs=1e-13)
    assert np.all(dist.mass_and_moment(hi, lo)[0] == 0)
