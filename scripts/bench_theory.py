"""Benchmark of the exact h_ε engine (mixup_nb_utils.theory) against a straightforward per-pair loop.

Both are computed in the same run, on the same machine: h_ε on a 100×100 grid for two moons with
300 points (make_moons(300, noise=0.1, random_state=0)), ε = 0.1, P_f = Beta(1, 1).

The per-pair loop goes over all m² ordered pairs (s, t) and, for each, evaluates
geometry.segment_ball_interval, BetaMixing.mass and BetaMixing.first_moment on every grid point.
Its cost is the same for every pair, so by default it runs on an evenly spaced sample of the pairs
and its full time is extrapolated linearly (said so in the output); ``--full`` runs every pair and
also compares the two results entry by entry.

    PYTHONPATH=$PWD python scripts/bench_theory.py [--eps 0.1] [--alpha 1] [--pairs 3000] [--full]
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import torch
from sklearn.datasets import make_moons

from mixup_nb_utils.mixup import BetaMixing
from mixup_nb_utils.theory import lemma_2_3, segment_ball_interval, xi_matrices, xi_terms


def per_pair_loop(X, y, Q, eps, dist, k, pairs):
    """ξ, ξ_λ (q, k, k) summed over the given ordered pairs, one pair at a time (vectorised over queries)."""
    m = len(X)
    xi = np.zeros((len(Q), k, k))
    xi_lam = np.zeros((len(Q), k, k))
    for a, b in pairs:
        lo, hi = segment_ball_interval(X[a], X[b], Q, eps)
        xi[:, y[a], y[b]] += dist.mass(lo, hi) / m**2
        xi_lam[:, y[a], y[b]] += dist.first_moment(lo, hi) / m**2
    return xi, xi_lam


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eps", type=float, default=0.1)
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--grid", type=int, default=100)
    parser.add_argument("--points", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=3000, help="pairs timed in the loop (extrapolated)")
    parser.add_argument("--full", action="store_true", help="run the loop over every pair")
    args = parser.parse_args()

    X, y = make_moons(args.points, noise=0.1, random_state=0)
    g1 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, args.grid)
    g2 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, args.grid)
    Q = np.stack(np.meshgrid(g1, g2), axis=-1).reshape(-1, 2)
    m, k, dist = len(X), 2, BetaMixing(args.alpha)
    print(f"machine: {platform.processor() or platform.machine()}, torch threads {torch.get_num_threads()}, "
          f"CUDA {'yes: ' + torch.cuda.get_device_name() if torch.cuda.is_available() else 'no'}")
    print(f"task: h_eps on a {args.grid}x{args.grid} grid ({len(Q)} queries), {m} points ({m * m} ordered pairs), "
          f"eps = {args.eps}, Beta({args.alpha:g}, {args.alpha:g})")

    xi_matrices(X[:20], y[:20], Q[:50], args.eps, dist)          # warm-up (imports, allocations)
    start = time.perf_counter()
    xi, xi_lam = xi_matrices(X, y, Q, args.eps, dist, device="cpu")
    t_engine = time.perf_counter() - start
    h = lemma_2_3(xi, xi_lam)
    print(f"engine (CPU): {t_engine:.2f} s; {np.isfinite(h[:, 0]).sum()} of {len(Q)} queries in X_mix at this eps")
    if torch.cuda.is_available():
        xi_matrices(X, y, Q, args.eps, dist, device="cuda")
        start = time.perf_counter()
        g_xi, g_lam = xi_matrices(X, y, Q, args.eps, dist, device="cuda")
        t_gpu = time.perf_counter() - start
        same = np.array_equal(g_xi, xi) and np.array_equal(g_lam, xi_lam)
        print(f"engine (hit search on CUDA, Beta masses on CPU): {t_gpu:.2f} s; identical to CPU: {same}")

    rng = np.random.default_rng(0)
    check = rng.choice(len(Q), 100, replace=False)
    err = max(np.abs(np.stack(xi_terms(X, y, Q[i], args.eps, dist, num_classes=k)) -
                     np.stack([xi[i], xi_lam[i]])).max() for i in check)
    print(f"engine vs geometry.xi_terms on 100 random grid points: max |difference| = {err:.1e}")

    all_pairs = [(a, b) for a in range(m) for b in range(m)]
    if args.full:
        pairs = all_pairs
    else:
        step = max(1, len(all_pairs) // args.pairs)
        pairs = all_pairs[::step]
    start = time.perf_counter()
    loop_xi, loop_lam = per_pair_loop(X, y, Q, args.eps, dist, k, pairs)
    t_loop = time.perf_counter() - start
    t_loop_full = t_loop * len(all_pairs) / len(pairs)
    if args.full:
        diff = max(np.abs(loop_xi - xi).max(), np.abs(loop_lam - xi_lam).max())
        print(f"per-pair loop: {t_loop:.1f} s over all {len(pairs)} pairs; max |difference| to the engine = {diff:.1e}")
    else:
        print(f"per-pair loop: {t_loop:.1f} s for {len(pairs)} of {len(all_pairs)} pairs "
              f"-> {t_loop_full:.0f} s for all pairs (extrapolated linearly; --full runs them all)")
    print(f"ratio (loop / engine): {t_loop_full / t_engine:.0f}x")


if __name__ == "__main__":
    main()
