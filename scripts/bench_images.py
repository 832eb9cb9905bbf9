"""Time the image trainer (paper §2.4) against a DataLoader pipeline built like the authors'.

Part 1, one epoch of training (no evaluation), ERM and Mixup (α = 1), the same ResNet-18, the same
synthetic CIFAR-shaped data (N × 3 × 32 × 32, 10 classes), the same batch size 128 and Adam:

- trainer:    ``ImageTrainer.train_pass``: the data are two tensors on the device, a batch is
              gathered by index, the partners are indices into the same tensors;
- dataloader: the authors' design: a torch ``Dataset`` whose ``__getitem__`` returns the point and
              a random partner (uniform over the whole set), a shuffled ``DataLoader`` with batch
              128 that collates them, λ ~ Beta(α, α) per batch and the mixing in the loop, each batch
              copied to the device. (The authors' ``__getitem__`` also converts a PIL image with
              ``ToTensor``/``Normalize`` per item; here the items are already tensors, which only
              makes the baseline faster.)

Part 2, what the book's default scale costs: one epoch (training + the training-error pass) of
ResNet-18 on scikit-learn's 1797 8×8 digits, for a few widths and CPU thread counts.

    PYTHONPATH=$PWD python scripts/bench_images.py                                 # CPU, about a minute
    PYTHONPATH=$PWD python scripts/bench_images.py --device cuda --n 50000 --width 64 --bf16
    PYTHONPATH=$PWD python scripts/bench_images.py --skip-pipeline --digit-widths 8 16 32
    PYTHONPATH=$PWD python scripts/bench_images.py --skip-pipeline --skip-digits --curves 16 15 3 --threads 1

Part 3 (``--curves WIDTH EPOCHS RUNS``, minutes): the default-scale chapter workload itself, ERM
and Mixup α = 1, 32, 128, 1024 on the digits, its total time and its training-error curves.

Timings on a shared CPU move with the other processes' load: run it twice and read both.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mixup_nb_utils.data.images import digit_images  # noqa: E402
from mixup_nb_utils.training.images import ImageTrainConfig, ImageTrainer, sample_epoch  # noqa: E402
from mixup_nb_utils.training.resnet import init_resnet_  # noqa: E402


class PairDataset(Dataset):
    """The authors' design: item i is (x_i, y_i, x_j, y_j) with j uniform over the whole set."""

    def __init__(self, X: torch.Tensor, y: torch.Tensor, seed: int, mixup: bool):
        self.X, self.y, self.mixup = X, y, mixup
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return len(self.X)

    def __getitem__(self, i: int):
        if not self.mixup:
            return self.X[i], self.y[i]
        j = int(self.rng.integers(len(self.X)))
        return self.X[i], self.y[i], self.X[j], self.y[j]


def _sync(dev: torch.device) -> None:
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def dataloader_epoch(trainer: ImageTrainer, X_cpu, y_cpu, mixup: bool, alpha: float, seed: int) -> float:
    """One epoch of the DataLoader pipeline on ``trainer``'s model and Adam; returns seconds."""
    dev, model, opt = trainer.device, trainer.model, trainer.optimizer
    loader = DataLoader(PairDataset(X_cpu, y_cpu, seed, mixup), batch_size=128, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    lam_rng = np.random.default_rng(seed + 1)
    model.train()
    _sync(dev)
    t0 = time.perf_counter()
    for batch in loader:
        batch = [t.to(dev, non_blocking=True) for t in batch]
        if mixup:
            xi, yi, xj, yj = batch
            lam = float(lam_rng.beta(alpha, alpha))
            x = lam * xi + (1 - lam) * xj
        else:
            x, yi = batch
        x = x.contiguous(memory_format=trainer.fmt)
        with trainer._autocast():
            logits = model(x)
        logits = logits.float()
        loss = F.cross_entropy(logits, yi)
        if mixup:
            loss = lam * loss + (1 - lam) * F.cross_entropy(logits, yj)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    _sync(dev)
    return time.perf_counter() - t0


def trainer_epoch(trainer: ImageTrainer) -> float:
    """One epoch of ``ImageTrainer.train_pass``; returns seconds."""
    draws = sample_epoch(trainer.X.shape[0], trainer.config, trainer.streams)
    _sync(trainer.device)
    t0 = time.perf_counter()
    trainer.train_pass(draws)
    _sync(trainer.device)
    return time.perf_counter() - t0


def pipeline_comparison(args, dev: torch.device) -> None:
    g = torch.Generator().manual_seed(0)
    X = torch.randn(args.n, 3, 32, 32, generator=g)
    y = torch.randint(0, 10, (args.n,), generator=g)
    print(f"\n1. one training epoch: {args.n} synthetic 3×32×32 images, ResNet-18 width {args.width}, batch 128, "
          f"{'bf16 autocast + channels_last' if args.bf16 and dev.type == 'cuda' else 'float32'}"
          f"{f', {torch.get_num_threads()} CPU thread(s)' if dev.type == 'cpu' else ''}")
    for method, alpha in (("erm", None), ("mixup", 1.0)):
        cfg = ImageTrainConfig(method=method, alpha=alpha, width=args.width, device=str(dev),
                               cuda_fast=args.bf16, deterministic=False)
        trainer = ImageTrainer(X, y, cfg, num_classes=10)
        trainer.begin_run(0)
        times = {"trainer": [], "dataloader": []}
        for rep in range(args.repeats + 1):                    # the first of each is a warm-up when repeats > 0
            init_resnet_(trainer.model, torch.Generator().manual_seed(rep))
            times["trainer"].append(trainer_epoch(trainer))
            init_resnet_(trainer.model, torch.Generator().manual_seed(rep))
            times["dataloader"].append(dataloader_epoch(trainer, X, y, method == "mixup", alpha or 1.0, rep))
        rates = {}
        for k, ts in times.items():
            used = ts[1:] if len(ts) > 1 else ts              # the fastest epoch: the least disturbed by other load
            rates[k] = args.n / float(np.min(used))
            print(f"   {cfg.label:12s} {k:10s}: {rates[k]:9.0f} images/s  (epochs: "
                  f"{', '.join(f'{t:.2f}' for t in ts)} s{'; first = warm-up' if len(ts) > 1 else ''})")
        print(f"   {cfg.label:12s} trainer / dataloader = {rates['trainer'] / rates['dataloader']:.2f}")


def digits_epochs(args) -> None:
    X, y = digit_images()
    print(f"\n2. one epoch (training + training-error pass) on the 1797 8×8 digits, batch 128, CPU, Mixup α=1")
    for threads in args.threads:
        for width in args.digit_widths:
            cfg = ImageTrainConfig(method="mixup", alpha=1.0, width=width, device="cpu", cpu_threads=threads)
            trainer = ImageTrainer(X, y, cfg)
            trainer.begin_run(0)
            ts = [trainer.train_epoch()[2] for _ in range(args.digit_epochs)]
            print(f"   width {width:3d}, {threads} thread(s): {np.min(ts):6.2f} s/epoch (fastest) "
                  f"(epochs: {', '.join(f'{t:.2f}' for t in ts)})")


def digits_curves(args) -> None:
    """Part 3: the chapter's whole workload at one setting, with its curves (minutes)."""
    from mixup_nb_utils.training.images import compare_methods

    width, epochs, runs = args.curves
    X, y = digit_images()
    cfg = ImageTrainConfig(width=width, epochs=epochs, runs=runs, device="cpu", cpu_threads=args.threads[0])
    t0 = time.perf_counter()
    curves = compare_methods(X, y, cfg)   # the α of Figure 2: config.FIGURE_2_ALPHAS
    total = time.perf_counter() - t0
    print(f"\n3. digits, ERM + Mixup α = 1, 32, 128, 1024: width {width}, {epochs} epochs, {runs} run(s), "
          f"{args.threads[0]} thread(s): {total:.0f} s in all ({total / (5 * epochs * runs):.2f} s/epoch)")
    print("   training error (%), mean over runs, after epochs " + " ".join(f"{e:5d}" for e in curves.epochs))
    for label, mean, sd in zip(curves.labels, curves.mean, curves.sd):
        print(f"   {label:14s} " + " ".join(f"{100 * v:5.1f}" for v in mean)
              + f"   (sd at the end {100 * sd[-1]:.1f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--n", type=int, default=2000, help="synthetic images for part 1")
    ap.add_argument("--width", type=int, default=8, help="ResNet-18 width for part 1")
    ap.add_argument("--bf16", action="store_true", help="on CUDA: bf16 autocast and channels_last (both pipelines)")
    ap.add_argument("--repeats", type=int, default=2, help="timed epochs after one warm-up (0: no warm-up)")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="CPU threads for part 2")
    ap.add_argument("--pipeline-threads", type=int, default=1, help="CPU threads for part 1 (CPU only)")
    ap.add_argument("--digit-widths", type=int, nargs="+", default=[8, 16, 32])
    ap.add_argument("--digit-epochs", type=int, default=3)
    ap.add_argument("--skip-pipeline", action="store_true")
    ap.add_argument("--skip-digits", action="store_true")
    ap.add_argument("--curves", type=int, nargs=3, metavar=("WIDTH", "EPOCHS", "RUNS"),
                    help="part 3: train the chapter's workload on digits at these settings and print its curves")
    args = ap.parse_args(argv)
    dev = torch.device(args.device)
    print(f"device {dev} ({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs visible, "
          f"torch threads {torch.get_num_threads()}, torch {torch.__version__}); load average "
          f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    if not args.skip_pipeline:
        before = torch.get_num_threads()
        if dev.type == "cpu":
            torch.set_num_threads(args.pipeline_threads)
        pipeline_comparison(args, dev)
        torch.set_num_threads(before)
    if not args.skip_digits:
        digits_epochs(args)
    if args.curves:
        digits_curves(args)
    print(f"\nload average at the end: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
