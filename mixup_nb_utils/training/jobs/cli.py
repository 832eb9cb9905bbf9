"""The command line of the jobs: ``python -m mixup_nb_utils.training.jobs --help`` lists every option.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from ...config import FIGURE_2_ALPHAS
from ...data.images import IMAGE_DATASETS, download_datasets
from ..images import PROTOCOLS
from .grid import DATASETS, Job, JobGrid, canonical_dataset, parse_shard, select_shard
from .running import run_job


# --------------------------------------------------------------------------------------------
# The command line.
# --------------------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m mixup_nb_utils.training.jobs",
                                 description="Resumable ResNet-18 ERM/Mixup jobs of the paper's §2.4 "
                                             "(Figures 2 and 9). Module docstring: SLURM and multi-GPU use.")
    sel = ap.add_argument_group("which jobs")
    sel.add_argument("--job", action="append", metavar="NAME", help="a job by name (repeatable); see --list")
    sel.add_argument("--dataset", help="jobs of this dataset (with --method, --alpha, --run to narrow)")
    sel.add_argument("--method", choices=("erm", "mixup"))
    sel.add_argument("--alpha", type=float)
    sel.add_argument("--run", type=int, help="(independent protocol) this run")
    sel.add_argument("--shard", metavar="K/N", help="shard K of N (0 <= K < N): jobs K, K+N, ...")
    sel.add_argument("--shards", type=int, metavar="N", help="shard $SLURM_ARRAY_TASK_ID of N")
    sel.add_argument("--all", action="store_true", help="every job of the grid")
    sel.add_argument("--list", action="store_true",
                     help="print the jobs (of the selection, else the grid) and their state")
    sel.add_argument("--download", action="store_true", help="fetch the grid's datasets into --data first")
    g = ap.add_argument_group("the grid (defaults: the paper's)")
    g.add_argument("--datasets", nargs="+", default=list(IMAGE_DATASETS), help=f"from {DATASETS}")
    g.add_argument("--alphas", nargs="+", type=float, default=list(FIGURE_2_ALPHAS))
    g.add_argument("--runs", type=int, default=5)
    g.add_argument("--epochs", type=int, default=50)
    g.add_argument("--width", type=int, default=64)
    g.add_argument("--batch-size", type=int, default=128)
    g.add_argument("--lr", type=float, default=1e-3)
    g.add_argument("--protocol", choices=PROTOCOLS, default="authors")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--limit", type=int, default=None, help="train on the first LIMIT points (a trial)")
    w = ap.add_argument_group("where and how")
    w.add_argument("--results", default="results", help="results folder (default: results)")
    w.add_argument("--data", default="data", help="datasets folder (default: data)")
    w.add_argument("--device", default=None, help="cpu or cuda[:k] (default: CUDA when present)")
    w.add_argument("--threads", type=int, default=1, help="torch CPU threads while training (default 1)")
    w.add_argument("--quiet", action="store_true", help="no progress lines")
    return ap


def _selection(args, grid: JobGrid) -> list[Job] | None:
    jobs = grid.jobs()
    chosen = [bool(args.job), args.dataset is not None, args.shard is not None, args.shards is not None, args.all]
    if sum(chosen) > 1:
        raise ValueError("choose the jobs one way: --job, --dataset (with --method/--alpha/--run), --shard, "
                         "--shards or --all.")
    if args.job:
        return [grid.job(n) for n in args.job]
    if args.dataset is not None:
        ds = canonical_dataset(args.dataset)
        out = [j for j in jobs if j.dataset == ds and (args.method is None or j.method == args.method)
               and (args.alpha is None or j.alpha == args.alpha) and (args.run is None or args.run in j.runs)]
        if not out:
            raise ValueError(f"no job of the grid matches --dataset {args.dataset} --method {args.method} "
                             f"--alpha {args.alpha} --run {args.run}; see --list.")
        return out
    if args.shard is not None:
        return select_shard(jobs, *parse_shard(args.shard))
    if args.shards is not None:
        task = os.environ.get("SLURM_ARRAY_TASK_ID")
        if task is None:
            raise ValueError("--shards N reads the shard from $SLURM_ARRAY_TASK_ID, which is not set; "
                             "use --shard K/N outside a SLURM array.")
        return select_shard(jobs, int(task), args.shards)
    if args.all:
        return jobs
    return None


def _list(jobs: Sequence[Job], results: str, out) -> None:
    done = 0
    for job in jobs:
        status = job.status(results)
        n_done = sum(s == "done" for s in status.values())
        conflict = any(s == "conflict" for s in status.values())
        ckpt = job.checkpoint_path(results).is_file()
        state = ("conflict" if conflict else "done" if n_done == len(status)
                 else f"{n_done}/{len(status)} runs" if n_done else "todo")
        done += state == "done"
        extra = "  (checkpoint)" if ckpt and state != "done" else ""
        out.write(f"{state:>10}  {job.name}{extra}\n")
    out.write(f"{done} of {len(jobs)} jobs done; results under {results}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (module docstring); returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        grid = JobGrid(datasets=tuple(args.datasets), alphas=tuple(args.alphas), runs=args.runs, epochs=args.epochs,
                       width=args.width, batch_size=args.batch_size, lr=args.lr, protocol=args.protocol,
                       seed=args.seed, limit=args.limit)
        selection = _selection(args, grid)
        if args.download:
            download_datasets(sorted({j.dataset for j in (selection or grid.jobs())} - {"digits"}), args.data)
        if args.list:
            _list(selection if selection is not None else grid.jobs(), args.results, sys.stdout)
            return 0
        if selection is None:
            if args.download:
                return 0
            raise ValueError("nothing to do: give --list, --job, --dataset, --shard, --shards, --all or --download.")
        for job in selection:
            report = run_job(job, args.results, args.data, args.device, verbose=not args.quiet,
                             download=False, cpu_threads=args.threads)
            if not args.quiet:
                what = "already done" if report.skipped else (
                    f"done (resumed after run {report.resumed_after[0]} epoch {report.resumed_after[1]})"
                    if report.resumed_after else "done")
                print(f"{job.name}: {what}", file=sys.stderr)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
