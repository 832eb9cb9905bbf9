"""Time the training behind the paper's Table 1 and Figure 1: ensemble trainer vs a plain loop.

The workload: X_3^2, MLP 1 → 512 → 2, full-batch Adam (lr 1e-3), 5000 steps, ERM and Mixup with
α = 1, 32, 128, 10 runs each (40 networks). Both ways run in this process, on the same machine:

- ensemble: ``train_runs(..., protocol="independent")``, the 40 networks as one vectorised ensemble;
- plain:    ``train_single_plain`` for each network in turn (nn.Sequential, autograd, torch.optim.Adam),
            with the same seeds, so the two must give the same networks (checked, to float32 noise).

    PYTHONPATH=$PWD python scripts/bench_training.py              # the full workload
    PYTHONPATH=$PWD python scripts/bench_training.py --epochs 500 # a quick look (plain time scales linearly)
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mixup_nb_utils.config import TABLE_1_ALPHAS  # noqa: E402
from mixup_nb_utils.data import alternating_line  # noqa: E402
from mixup_nb_utils.device import get_device  # noqa: E402
from mixup_nb_utils.training import ERM, Member, Mixup, derived_seed, train_runs, train_single_plain  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--alphas", type=float, nargs="+", default=list(TABLE_1_ALPHAS))
    ap.add_argument("--device", default=None, help="cpu or cuda (default: CUDA when present)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--authors", action="store_true", help="also time the authors' sequential-run protocol")
    args = ap.parse_args(argv)

    X, y = alternating_line(3)
    samplers = [ERM()] + [Mixup(a) for a in args.alphas]
    dev = get_device(args.device)
    kw = dict(hidden=512, epochs=args.epochs, lr=1e-3, record_every=50, device=dev)
    n_nets = len(samplers) * args.runs
    print(f"device: {dev} ({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs visible, "
          f"torch {torch.__version__})")
    print(f"workload: {n_nets} networks (ERM + Mixup α={args.alphas}, {args.runs} runs), "
          f"MLP 1-512-2, full-batch Adam, {args.epochs} steps each")

    t0 = time.perf_counter()
    ens = train_runs(X, y, samplers, runs=args.runs, seed=args.seed, protocol="independent", **kw)
    t_ens = time.perf_counter() - t0
    print(f"ensemble trainer : {t_ens:8.2f} s")

    t0 = time.perf_counter()
    plain = np.zeros_like(ens.probs)
    for e, s in enumerate(samplers):
        for r in range(args.runs):
            mem = Member(s, seed=derived_seed(args.seed, e, r), init_seed=derived_seed(args.seed, 10_000 + e, r))
            plain[e, r] = train_single_plain(X, y, mem, **kw).probs[0]
    t_plain = time.perf_counter() - t0
    print(f"plain loop       : {t_plain:8.2f} s")
    print(f"speed-up         : {t_plain / t_ens:8.1f} x")
    print(f"max |Δ softmax| between the two: {np.abs(plain - ens.probs).max():.2e} (float32)")
    print("class-1 probability at points 0, 1, 2, mean over runs (ensemble):")
    for s, p in zip(samplers, ens.probs[..., 0].mean(1)):
        print(f"  {s.label:>22}: {np.array2string(p, precision=3)}")

    if args.authors:
        t0 = time.perf_counter()
        train_runs(X, y, samplers, runs=args.runs, seed=args.seed, protocol="authors", **kw)
        print(f"authors' protocol (sequential runs, {len(samplers)} experiments together): "
              f"{time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
