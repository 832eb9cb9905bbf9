"""Beta(α, α) masses M0 = P_f([l, h]) and first moments M1 = ∫_l^h λ dP_f of λ-intervals, fast and
accurate, for the exact training error of h_ε (paper Lemma 2.3; :mod:`theory.optimal_error`).

α = 1 in closed form; for α ≥ 2, F(x) = I_x(α, α) is read from a table of quintic Hermite pieces
on a uniform grid of [0, 1] (values, first and second derivatives from scipy's incomplete Beta
function and the density), checked at build time against scipy between the nodes (absolute error
below TABLE_TOLERANCE, else the grid is refined), and M1 = ½[M0 - (g(h) - g(l))] with
g(x) = x^α(1-x)^α/(α B(α, α)); ends where F is within 2^-70 of 0 or 1 (a sub-Gaussian tail bound)
skip the table. Other α use scipy directly. :func:`exact_mass_and_moment` is the tail-accurate
reference (scipy's betaincc above 1/2).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from scipy import special

#: Largest absolute error of the tabulated F and G accepted at build time (else the grid is refined).
TABLE_TOLERANCE = 1e-13


def _beta_cdf_derivatives(a: float, x: np.ndarray):
    """F = I_x(a, a), f and f' of Beta(a, a) at x."""
    lb = special.betaln(a, a)
    F = special.betainc(a, a, x)
    f = np.exp(special.xlogy(a - 1.0, x) + special.xlog1py(a - 1.0, -x) - lb)
    fp = (a - 1.0) * (1.0 - 2.0 * x) * np.exp(special.xlogy(a - 2.0, x) + special.xlog1py(a - 2.0, -x) - lb)
    return F, f, fp


def _quintic_coefficients(p, dp, d2p, step: float) -> np.ndarray:
    """Monomial coefficients (6, N) in t ∈ [0, 1] of the quintic Hermite piece on each grid cell."""
    p0, p1 = p[:-1], p[1:]
    d0, d1 = step * dp[:-1], step * dp[1:]
    s0, s1 = step**2 * d2p[:-1], step**2 * d2p[1:]
    dv = p1 - p0
    return np.stack([p0, d0, s0 / 2.0,
                     10 * dv - 6 * d0 - 4 * d1 - 1.5 * s0 + 0.5 * s1,
                     -15 * dv + 8 * d0 + 7 * d1 + 1.5 * s0 - s1,
                     6 * dv - 3 * d0 - 3 * d1 - 0.5 * s0 + 0.5 * s1])


def _horner(coef, x):
    """Evaluate the piecewise quintic ``coef`` (6, N) (numpy or torch) at points x in [0, 1]."""
    n = coef.shape[1]
    scaled = x * n
    if isinstance(x, torch.Tensor):
        j = scaled.floor().clamp_(0, n - 1)
        t = scaled - j
        j = j.long()
        out = torch.take(coef[5], j)                  # take: several times faster than index_select
        for k in (4, 3, 2, 1, 0):
            out.mul_(t).add_(torch.take(coef[k], j))
        return out
    j = np.clip(np.floor(scaled), 0, n - 1).astype(np.int64)
    t = scaled - j
    out = np.take(coef[5], j)
    for k in (4, 3, 2, 1, 0):
        out *= t
        out += np.take(coef[k], j)
    return out


#: F(x) of Beta(α, α) is taken as exactly 0 (1) below (above) ½ ∓ r_α, where the sub-Gaussian tail
#: bound exp(-2(2α+1)(x - ½)²) (Beta(α, α) is 1/(4(2α+1))-sub-Gaussian) is 2^-70; the density
#: and the moment term there are below 1e-19 as well.
WINDOW_LOG_BOUND = 70.0 * math.log(2.0)


class BetaIntervalTable:
    """M0 = P_f([l, h]) and M1 = ∫_l^h λ dP_f for P_f = Beta(α, α), several α at once (module doc).

    α = 1: M0 = h - l, M1 = (h² - l²)/2. α ≥ 2: F from a quintic Hermite table (checked against
    scipy at build time: ``max_error``), M1 = ½[M0 - (g(h) - g(l))] with
    g(x) = x^α (1 - x)^α / (α B(α, α)) (from I_x(α+1, α) = I_x(α, α) - x^α(1-x)^α/(α B(α, α))),
    ends outside the window ½ ± r_α read as F = 0 or 1, g = 0 (WINDOW_LOG_BOUND). Other α: scipy.
    """

    def __init__(self, alphas: np.ndarray, dev: torch.device):
        self.alphas = np.asarray(alphas, dtype=float)
        self.dev = dev
        self.coef: dict[int, torch.Tensor] = {}
        self.coef_np: dict[int, np.ndarray] = {}
        self.window: dict[int, tuple[float, float]] = {}
        self.max_error = 0.0
        for i, a in enumerate(self.alphas):
            if a < 2.0:
                continue
            coef, err, n = None, np.inf, 1 << max(10, math.ceil(math.log2(256.0 * math.sqrt(2.0 * a + 1.0))))
            while err > TABLE_TOLERANCE and n <= 1 << 20:
                coef, err = self._build(a, n)
                n *= 2
            if err > TABLE_TOLERANCE:
                raise ValueError(f"could not tabulate Beta({a:g}, {a:g}) to {TABLE_TOLERANCE:g} (error {err:.1e}).")
            self.coef[i] = torch.as_tensor(coef, dtype=torch.float64, device=dev)
            self.coef_np[i] = np.ascontiguousarray(coef)
            r = math.sqrt(WINDOW_LOG_BOUND / (2.0 * (2.0 * a + 1.0)))
            self.window[i] = (max(0.0, 0.5 - r), min(1.0, 0.5 + r))
            self.max_error = max(self.max_error, err)

    @staticmethod
    def _build(a: float, n: int):
        x = np.linspace(0.0, 1.0, n + 1)
        coef = _quintic_coefficients(*_beta_cdf_derivatives(a, x), 1.0 / n)
        probe = (np.arange(n) + np.random.default_rng(0).uniform(0, 1, n)) / n
        return coef, float(np.abs(_horner(coef, probe) - special.betainc(a, a, probe)).max())

    def relevant(self, i: int, lo: torch.Tensor, hi: torch.Tensor) -> torch.Tensor:
        """Boolean mask of the intervals [lo, hi] that meet α_i's window (the others have mass < 2^-70)."""
        if i not in self.window:
            return torch.ones_like(lo, dtype=torch.bool)
        w0, w1 = self.window[i]
        return (lo < w1) & (hi > w0)

    def mass_and_moment(self, i: int, lo: torch.Tensor, hi: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(M0, M1) for Beta(α_i, α_i) and intervals [lo, hi] ⊂ [0, 1] (1-D tensors).

        On the CPU the table is read with numpy (zero-copy views; np.take gathers several times
        faster than torch's indexing there), on a GPU with torch.
        """
        a = float(self.alphas[i])
        if a == 1.0:
            return hi - lo, (hi - lo) * (hi + lo) / 2.0
        if i not in self.coef:
            m0, m1 = exact_mass_and_moment(a, lo.cpu().numpy(), hi.cpu().numpy())
            return torch.as_tensor(m0, device=lo.device), torch.as_tensor(m1, device=lo.device)
        if lo.device.type == "cpu":
            M0, M1 = _table_mass_numpy(self.coef_np[i], self.window[i], a, lo.numpy(), hi.numpy())
            return torch.from_numpy(M0), torch.from_numpy(M1)
        return _table_mass_torch(self.coef[i], self.window[i], a, lo, hi)


def _table_mass_numpy(coef: np.ndarray, window: tuple[float, float], a: float, lo: np.ndarray, hi: np.ndarray):
    """(M0, M1) from the F table and g, numpy version (the CPU path); ends outside ``window`` skip the table."""
    w0, w1 = window
    n = len(lo)
    x = np.concatenate([lo, hi])
    F = (x >= w1).astype(np.float64)                   # outside the window: F is 0 or 1 to 2^-70
    g = np.zeros_like(x)
    act = np.flatnonzero((x > w0) & (x < w1))
    xa = np.take(x, act)
    F[act] = _horner(coef, xa)
    with np.errstate(divide="ignore"):
        ga = np.log(xa * (1.0 - xa))
    ga *= a
    ga -= math.log(a) + special.betaln(a, a)
    g[act] = np.exp(ga)
    M0 = F[n:] - F[:n]
    return M0, 0.5 * (M0 - (g[n:] - g[:n]))


def _table_mass_torch(coef: torch.Tensor, window: tuple[float, float], a: float, lo: torch.Tensor, hi: torch.Tensor):
    """(M0, M1) as :func:`_table_mass_numpy`, with torch on the tensors' device (the GPU path): ends
    are clamped into the window instead (F and g there are within 2^-70 of their values outside)."""
    n = len(lo)
    x = torch.cat([lo, hi]).clamp_(*window)
    F = _horner(coef, x)
    g = torch.log(x * (1.0 - x)).mul_(a).sub_(math.log(a) + special.betaln(a, a)).exp_()
    M0 = F[n:] - F[:n]
    return M0, 0.5 * (M0 - (g[n:] - g[:n]))


def _tail_mass(a: float, b: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """P([lo, hi]) for Beta(a, b) with relative accuracy in both tails (betaincc above 1/2)."""
    low = hi <= 0.5
    high = lo >= 0.5
    out = np.where(low, special.betainc(a, b, hi) - special.betainc(a, b, lo),
                   np.where(high, special.betaincc(a, b, lo) - special.betaincc(a, b, hi),
                            1.0 - special.betainc(a, b, lo) - special.betaincc(a, b, hi)))
    return np.where(hi > lo, np.maximum(out, 0.0), 0.0)


def exact_mass_and_moment(alpha: float, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """M0 = P([lo, hi]) and M1 = ∫ λ dP for Beta(α, α) from scipy, accurate in the tails.

    ∫_l^h λ dP = ½ P_{Beta(α+1, α)}([l, h]) and ∫_l^h (1 - λ) dP = ½ P_{Beta(α, α+1)}([l, h]).
    """
    m0 = _tail_mass(alpha, alpha, lo, hi)
    return m0, 0.5 * _tail_mass(alpha + 1.0, alpha, lo, hi)
