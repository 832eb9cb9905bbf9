"""Benchmark of the conflict-distance code (mixup_nb_utils.conflicts, .optimal_error) against straightforward versions.

All in one run, on one machine (the numbers are only comparable within a run):

(a) exact conflict distances on all 1797 scikit-learn digits (scaled to [0, 1]) against all their
    pairs, midpoint and segment mode, against a per-query numpy loop (for each query: the squared
    distances R to its admissible points and the pairs' L, then the closed forms over all pairs);
    the segment loop runs on ``--loop-queries`` queries and is extrapolated unless ``--full``;
(b) the paper's sampled Table 2 statistic (one epoch of Mixup points, λ ~ Beta(1024, 1024) per batch
    of 128) "the authors' way" -- a loop over the points with scipy's cdist to the admissible Mixup
    points -- against mixup_point_distances, on the digits and on a synthetic MNIST-shaped set;
(a') the own-class half of Assumption 2.9 (u in the point's class, u ≠ x; v outside it) on the
    training digits of the chapter (70 % of the 1797, the chapter's split and normalisation), against
    a per-query numpy loop over all its ordered pairs (closed-form segment distances, float64);
(c) optimal_training_error on a 10-value ε grid × α = 1, 32, 128, 1024 on the digits.

    PYTHONPATH=$PWD python scripts/bench_conflicts.py [--device cuda] [--synthetic 12000 784]
        [--full] [--skip-optimal] [--skip-loops]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import torch
from scipy.spatial.distance import cdist

from mixup_nb_utils.config import FIGURE_2_ALPHAS, chapter_settings
from mixup_nb_utils.experiments.sufficient_conditions import load_data
from mixup_nb_utils.theory.assumption_2_9 import own_class_conflict_distances
from mixup_nb_utils.theory.conflicts import conflict_distances
from mixup_nb_utils.theory.sampled_conflicts import mixup_point_distances, sample_mixup_epoch
from mixup_nb_utils.data import digits
from mixup_nb_utils.device import make_generators
from mixup_nb_utils.theory.optimal_error import optimal_training_error

DIGITS_EPS = np.round(np.linspace(0.85, 1.45, 10), 4)
ALPHAS = FIGURE_2_ALPHAS


def timed(f):
    t0, c0 = time.perf_counter(), time.process_time()
    out = f()
    return out, time.perf_counter() - t0, time.process_time() - c0


def loop_exact(X, y, queries, mode):
    """Per-query numpy: closed forms over all admissible pairs (float64, direct squared distances)."""
    Lc = {}
    out = np.empty(len(queries))
    for n, i in enumerate(queries):
        c = y[i]
        A = X[y != c]
        if c not in Lc:
            Lc[c] = ((A[:, None, :] - A[None, :, :]) ** 2).sum(-1)
        L = Lc[c]
        R = ((A - X[i]) ** 2).sum(1)
        if mode == "midpoint":
            V = (R[:, None] + R[None, :]) / 2 - L / 4
        else:
            N = R[None, :] + L - R[:, None]                      # rows u, columns v: λ weights u
            with np.errstate(divide="ignore", invalid="ignore"):
                lam = np.clip(np.where(L > 0, N / (2 * L), 0.0), 0, 1)
            V = R[None, :] - lam * N + lam * lam * L
        out[n] = np.sqrt(max(V.min(), 0.0))
    return out


def loop_own(X, y, queries):
    """Per-query numpy: the closed-form segment distance over every (u own class, u ≠ x; v other class)."""
    out = np.empty(len(queries))
    for n, i in enumerate(queries):
        U = X[(y == y[i]) & np.any(X != X[i], axis=1)]
        V = X[y != y[i]]
        d = U[:, None, :] - V[None, :, :]                                    # u - v
        L = (d * d).sum(-1)
        lam = np.clip(((X[i] - V)[None, :, :] * d).sum(-1) / np.where(L > 0, L, 1.0), 0, 1)
        diff = X[i] - (lam[..., None] * U[:, None, :] + (1 - lam[..., None]) * V[None, :, :])
        out[n] = np.sqrt((diff * diff).sum(-1).min())
    return out


def part_own(args, rows):
    Xt, yt = load_data("digits", chapter_settings("sufficient_conditions")).flat("train")
    res, wall, cpu = timed(lambda: own_class_conflict_distances(Xt, yt, device=args.device))
    print(f"  exact own-class half, {len(Xt)} training digits: {wall:.2f} s (cpu {cpu:.2f} s), "
          f"{res.candidates} float64 rechecks; min {res.minimum:.4f}")
    if args.skip_loops:
        rows.append(("exact own-class half, training digits", wall, None, None))
        return
    q = np.arange(len(Xt)) if args.full else np.linspace(0, len(Xt) - 1, args.loop_queries).astype(int)
    ref, lw, _ = timed(lambda: loop_own(Xt, yt, q))
    full = lw * len(Xt) / len(q)
    note = "" if len(q) == len(Xt) else f" ({len(q)} queries, extrapolated)"
    print(f"  loop own-class half: {full:7.2f} s{note}; max |difference| {np.abs(ref - res.distance[q]).max():.1e}")
    rows.append(("exact own-class half, training digits", wall, full, note))


def authors_way(X, y, epoch, Q, qy):
    """The sampled statistic with a loop over the points and scipy's cdist (as a reader would write it)."""
    Z = epoch.lam[:, None] * X[epoch.first] + (1 - epoch.lam[:, None]) * X[epoch.second]
    ya, yb = y[epoch.first], y[epoch.second]
    out = np.empty(len(Q))
    for i in range(len(Q)):
        ok = (ya != qy[i]) & (yb != qy[i])
        out[i] = cdist(Q[i:i + 1], Z[ok]).min()
    return out


def synthetic(n, d, seed=0):
    """n points in d dimensions in 10 Gaussian clusters (MNIST-shaped, normalised-pixel-like scale)."""
    rng = make_generators(seed).numpy
    centres = rng.normal(size=(10, d)) * 0.6
    y = rng.integers(0, 10, n)
    return centres[y] + rng.normal(size=(n, d)), y


def part_a(X, y, args, rows):
    for mode in ("midpoint", "segment"):
        res, wall, cpu = timed(lambda: conflict_distances(X, y, lam=mode, device=args.device))
        print(f"  exact {mode:8s}: {wall:7.2f} s (cpu {cpu:6.2f} s), {res.candidates} float64 rechecks; "
              f"min {res.minimum:.4f}, mean {res.mean:.4f}, median {res.median:.4f}")
        if args.skip_loops:
            rows.append((f"exact {mode}, digits", wall, None, None))
            continue
        q = np.arange(len(X)) if (mode == "midpoint" or args.full) else \
            np.linspace(0, len(X) - 1, args.loop_queries).astype(int)
        ref, lw, _ = timed(lambda: loop_exact(X, y, q, mode))
        full = lw * len(X) / len(q)
        note = "" if len(q) == len(X) else f" ({len(q)} queries, extrapolated)"
        print(f"  loop  {mode:8s}: {full:7.2f} s{note}; max |difference| {np.abs(ref - res.distance[q]).max():.1e}")
        rows.append((f"exact {mode}, digits", wall, full, note))


def part_b(X, y, name, args, rows):
    rng = make_generators(1).numpy
    epoch = sample_mixup_epoch(len(X), 1024.0, 128, rng)
    res, wall, cpu = timed(lambda: mixup_point_distances(X, y, epoch, X, y, device=args.device))
    print(f"  sampled {name}: {wall:7.2f} s (cpu {cpu:6.2f} s); min {res.minimum:.4f}, mean {res.mean:.4f}")
    if args.skip_loops:
        rows.append((f"sampled, {name}", wall, None, None))
        return
    ref, lw, _ = timed(lambda: authors_way(X, y, epoch, X, y))
    print(f"  authors' way {name}: {lw:7.2f} s; max |difference| {np.abs(ref - res.distance).max():.1e}")
    rows.append((f"sampled, {name}", wall, lw, ""))


def part_c(X, y, args):
    res, wall, cpu = timed(lambda: optimal_training_error(X, y, DIGITS_EPS, ALPHAS, device=args.device))
    print(f"  optimal_training_error, {len(DIGITS_EPS)} eps x {len(ALPHAS)} alpha on {len(X)} digits: "
          f"{wall:.1f} s (cpu {cpu:.1f} s), {res.hits} (pair, point) hits, {res.exact_decisions} exact re-decisions")
    print("  misclassified digits (ties count as errors):")
    print("    eps    " + "".join(f"a={a:<7g}" for a in ALPHAS))
    for e, eps in enumerate(res.eps):
        counts = [int(round(res.error_rate[a, e] * len(X))) for a in range(len(ALPHAS))]
        print(f"    {eps:.4f} " + "".join(f"{c:<9d}" for c in counts))
    for a, alpha in enumerate(ALPHAS):
        line = (f"    alpha={alpha:g}: largest fitting grid eps {res.largest_fitting_eps[a]}, "
                f"first error at {res.first_error_eps[a]}")
        print(line)
    return wall


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--device", default="cpu")
    p.add_argument("--synthetic", nargs=2, type=int, default=(2000, 784), metavar=("N", "D"))
    p.add_argument("--loop-queries", type=int, default=100)
    p.add_argument("--full", action="store_true", help="run the per-query segment loop on every digit")
    p.add_argument("--skip-optimal", action="store_true")
    p.add_argument("--skip-loops", action="store_true", help="only the package's code (for big --synthetic runs)")
    args = p.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}, torch threads {torch.get_num_threads()}, device {args.device}"
          + (f" ({torch.cuda.get_device_name()})" if args.device.startswith("cuda") else ""))
    X, y = digits()
    rows = []
    print("(a) exact conflict distances, all digits")
    part_a(X, y, args, rows)
    print("(a') the own-class half of Assumption 2.9, the chapter's training digits")
    part_own(args, rows)
    print("(b) sampled Table 2 statistic, one epoch, Beta(1024, 1024), batches of 128")
    part_b(X, y, "digits", args, rows)
    n, d = args.synthetic
    Xs, ys = synthetic(n, d)
    part_b(Xs, ys, f"synthetic {n}x{d}", args, rows)
    if args.skip_loops:
        for mode in ("midpoint", "segment"):
            res, wall, _ = timed(lambda: conflict_distances(Xs, ys, lam=mode, device=args.device))
            print(f"  exact {mode} synthetic {n}x{d}: {wall:.1f} s, min {res.minimum:.4f}, mean {res.mean:.4f}")
            rows.append((f"exact {mode}, synthetic {n}x{d}", wall, None, None))
    if not args.skip_optimal:
        print("(c) exact training error of h_eps on the digits")
        rows.append(("optimal_training_error 10x4, digits", part_c(X, y, args), None, None))
    print("\nsummary (wall seconds; the CPU is shared, so timings are noisy)")
    print(f"  {'task':42s} {'package':>9s} {'straightforward':>16s} {'ratio':>7s}")
    for task, ours, ref, note in rows:
        ref_s = "" if ref is None else f"{ref:.2f}"
        ratio = "" if ref is None else f"{ref / ours:.1f}x"
        print(f"  {task:42s} {ours:9.2f} {ref_s:>16s} {ratio:>7s}{'  ' + note.strip() if note else ''}")


if __name__ == "__main__":
    main()
