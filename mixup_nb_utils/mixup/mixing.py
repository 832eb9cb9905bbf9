"""Mixing distributions P_f on [0, 1] (paper §2.1: P_f has a density f supported on [0, 1]).

:class:`BetaMixing` is the canonical Beta(a, b) (Mixup uses Beta(α, α)); it has closed forms for
the mass and the first moment of an interval, through the regularised incomplete Beta function
I_x(a, b):

    P_f([l, h])            = I_h(a, b) - I_l(a, b)
    ∫_l^h λ f(λ) dλ        = a / (a + b) · (I_h(a + 1, b) - I_l(a + 1, b))
                           = a / (a + b) · P_f([l, h]) - (g(h) - g(l)) / (a + b),  g(x) = x^a (1-x)^b / B(a, b)

and exact Gauss–Jacobi quadrature nodes for expectations E_λ[φ(λ)].
:class:`ScipyMixing` wraps any frozen ``scipy.stats`` distribution supported in [0, 1].
"""

from __future__ import annotations

from typing import Any, Union

import numpy as np
from scipy import special, stats

from ..validation import check_positive


class MixingDistribution:
    """A law on [0, 1] for the mixing weight λ. Subclasses implement the methods below."""

    name: str = "P_f"

    def sample(self, size: int | tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """Draw i.i.d. λ values of the given shape."""
        raise NotImplementedError

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """P_f([0, x])."""
        raise NotImplementedError

    def mass(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """P_f([lo, hi]) for arrays of interval ends (0 where hi <= lo)."""
        lo, hi = _clip_interval(lo, hi)
        return np.where(hi > lo, self.cdf(hi) - self.cdf(lo), 0.0)

    def first_moment(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """∫_lo^hi λ dP_f(λ) (0 where hi <= lo)."""
        raise NotImplementedError

    def quadrature(self, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """Nodes λ_k in [0, 1] and weights w_k (summing to 1) with E[φ(λ)] ≈ Σ_k w_k φ(λ_k)."""
        raise NotImplementedError

    @property
    def mean(self) -> float:
        return float(self.first_moment(np.array(0.0), np.array(1.0)))


class BetaMixing(MixingDistribution):
    """Beta(a, b) on [0, 1]; Beta(1, 1) is uniform and Beta(α, α) is Mixup's usual choice."""

    def __init__(self, a: float, b: float | None = None):
        self.a = check_positive(a, "alpha (the Beta parameter a)")
        self.b = self.a if b is None else check_positive(b, "beta (the Beta parameter b)")
        self.name = f"Beta({self.a:g}, {self.b:g})"

    def __repr__(self) -> str:
        return f"BetaMixing(a={self.a:g}, b={self.b:g})"

    @property
    def symmetric(self) -> bool:
        return self.a == self.b

    def sample(self, size, rng):
        return rng.beta(self.a, self.b, size=size)

    def cdf(self, x):
        return special.betainc(self.a, self.b, np.clip(x, 0.0, 1.0))

    def pdf(self, x: np.ndarray) -> np.ndarray:
        return stats.beta.pdf(x, self.a, self.b)

    def first_moment(self, lo, hi):
        return self.mass_and_moment(lo, hi)[1]

    def mass_and_moment(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """P_f([lo, hi]) and ∫_lo^hi λ dP_f together, with one incomplete Beta per interval end.

        From I_x(a + 1, b) = I_x(a, b) - g(x) / a with g(x) = x^a (1 - x)^b / B(a, b):
        ∫_lo^hi λ dP_f = a/(a + b) · P_f([lo, hi]) - (g(hi) - g(lo)) / (a + b).
        """
        lo, hi = _clip_interval(lo, hi)
        nonempty = hi > lo
        mass = np.where(nonempty, self.cdf(hi) - self.cdf(lo), 0.0)

        def g(u):
            return np.exp(special.xlogy(self.a, u) + special.xlog1py(self.b, -u) - special.betaln(self.a, self.b))

        moment = self.a / (self.a + self.b) * mass - (g(hi) - g(lo)) / (self.a + self.b)
        return mass, np.where(nonempty, np.clip(moment, lo * mass, hi * mass), 0.0)

    def quadrature(self, n=64):
        # Gauss–Jacobi on [-1, 1] with weight (1-t)^(b-1) (1+t)^(a-1), mapped by λ = (1 + t) / 2.
        t, w = special.roots_jacobi(int(n), self.b - 1.0, self.a - 1.0)
        return (1.0 + t) / 2.0, w / w.sum()


class ScipyMixing(MixingDistribution):
    """Any frozen ``scipy.stats`` continuous distribution whose support lies in [0, 1]."""

    def __init__(self, dist: Any, name: str | None = None):
        lo, hi = dist.support()
        if lo < 0 or hi > 1:
            raise ValueError(f"a mixing distribution must live on [0, 1], this one has support [{lo}, {hi}]; "
                             f"rescale it (for example scipy.stats.truncnorm or a Beta).")
        self.dist = dist
        self.name = name or f"{dist.dist.name}{dist.args}"

    def __repr__(self) -> str:
        return f"ScipyMixing({self.name})"

    def sample(self, size, rng):
        return np.asarray(self.dist.rvs(size=size, random_state=rng), dtype=float)

    def cdf(self, x):
        return self.dist.cdf(np.clip(x, 0.0, 1.0))

    def first_moment(self, lo, hi):
        lo, hi = _clip_interval(lo, hi)
        out = np.zeros(np.broadcast(lo, hi).shape)
        for idx in np.ndindex(out.shape):
            l, h = np.broadcast_to(lo, out.shape)[idx], np.broadcast_to(hi, out.shape)[idx]
            if h > l:
                out[idx] = self.dist.expect(lambda u: u, lb=l, ub=h, conditional=False)
        return out

    def quadrature(self, n=64):
        # Gauss–Legendre on [0, 1] weighted by the density: accurate for smooth densities only.
        t, w = np.polynomial.legendre.leggauss(int(n))
        lam = (1.0 + t) / 2.0
        w = w * self.dist.pdf(lam)
        return lam, w / w.sum()


MixingSpec = Union[float, int, tuple, MixingDistribution, Any]


def as_mixing(spec: MixingSpec) -> MixingDistribution:
    """Turn α into Beta(α, α), (a, b) into Beta(a, b), and a frozen scipy law into :class:`ScipyMixing`."""
    if isinstance(spec, MixingDistribution):
        return spec
    if isinstance(spec, (int, float, np.integer, np.floating)) and not isinstance(spec, bool):
        return BetaMixing(spec)
    if isinstance(spec, tuple) and len(spec) == 2:
        return BetaMixing(*spec)
    if hasattr(spec, "support") and hasattr(spec, "rvs"):
        return ScipyMixing(spec)
    raise ValueError(f"cannot read {spec!r} as a mixing distribution; pass α (for Beta(α, α)), "
                     f"a pair (a, b), a MixingDistribution, or a frozen scipy.stats distribution on [0, 1].")


def _clip_interval(lo, hi):
    return np.clip(np.asarray(lo, dtype=float), 0.0, 1.0), np.clip(np.asarray(hi, dtype=float), 0.0, 1.0)
