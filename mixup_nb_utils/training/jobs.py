"""Resumable paper-scale jobs for the image experiments (paper §2.4, Figures 2 and 9).

The grid at the paper's scale: datasets MNIST, CIFAR10, CIFAR100; ERM and Mixup with
α ∈ {1, 32, 128, 1024}; 5 runs of 50 epochs; ResNet-18 of width 64; batch 128; Adam lr 1e-3.

Jobs. What a job is depends on the protocol (see :mod:`mixup_nb_utils.training.images`):

- ``--protocol authors`` (the default, the authors' protocol): run r continues run r-1's Adam
  state, so the runs of one (dataset, method, α) form a chain. One job = one chain
  (``CIFAR10-authors-mixup-a1024``): 3 datasets × 5 methods = 15 jobs of 5 runs each. The chain
  checkpoints after every epoch, so it is as resumable as a single run, and it needs no job
  dependency in a scheduler. Its last checkpoint is kept after it finishes: it holds the Adam
  state a later run would continue (``--runs 10`` then extends the chain from run 5). A chain
  whose checkpoint is lost while runs are missing is refused with a message, never restarted
  from another state.
- ``--protocol independent``: fresh weights and fresh Adam every run, so one job = one run
  (``CIFAR10-independent-mixup-a1024-run3``): 75 jobs. The checkpoint is deleted when it ends.

Files (under ``--results DIR``, default ``results``):

- ``DIR/<dataset>/<protocol>/<erm | mixup-a<α>>/run<r>.json``: one small result per run, with the
  per-epoch training error (fraction of the training set misclassified, eval mode), the mean
  training loss, the seconds per epoch, the settings and the versions of Python, torch,
  torchvision and numpy;
- ``DIR/checkpoints/<dataset>/<protocol>/<job>.pt``: the checkpoint, rewritten after every epoch
  (weights, Adam, the states of all random streams, the history) by write-then-rename, so a
  kill leaves either the previous or the new checkpoint, never half of one.

A killed job started again continues from its last checkpoint and ends with exactly the numbers
of an uninterrupted one (``tests/test_jobs.py`` kills one with SIGKILL and compares; only the
seconds differ). On a GPU this holds with cuDNN's deterministic kernels, which the trainer asks
for (``ImageTrainConfig.deterministic``), on the same machine and software.

Usage (``python -m mixup_nb_utils.training.jobs --help`` lists every option)::

    python -m mixup_nb_utils.training.jobs --download --data data     # fetch MNIST, CIFAR-10, CIFAR-100 (network)
    python -m mixup_nb_utils.training.jobs --list                     # the grid, and which jobs are done
    python -m mixup_nb_utils.training.jobs --job CIFAR10-authors-mixup-a1024
    python -m mixup_nb_utils.training.jobs --dataset CIFAR10 --method mixup --alpha 1024
    python -m mixup_nb_utils.training.jobs --shard 3/8                # jobs 3, 11, 19, … of the grid's list
    python -m mixup_nb_utils.training.jobs --all
    # a small trial of the whole pipeline on a CPU (scikit-learn digits, nothing to download):
    python -m mixup_nb_utils.training.jobs --all --datasets digits --width 8 --epochs 3 --runs 2 --results results/tmp

Grid options (--datasets, --alphas, --runs, --epochs, --width, --batch-size, --lr, --protocol,
--seed, --limit) change the grid; every command that reads or runs it must name the same ones.
Progress goes to stderr (one line per epoch; one line rewritten in place on a terminal);
``--quiet`` silences it. The Python API is quiet unless ``verbose=True``.

On a SLURM cluster, one array task per job (the 15 jobs of the authors' grid), requeued
tasks resuming from their checkpoints::

    #!/bin/bash
    #SBATCH --job-name=mixup-images
    #SBATCH --array=0-14
    #SBATCH --gres=gpu:1
    #SBATCH --cpus-per-task=4
    #SBATCH --time=24:00:00
    #SBATCH --requeue
    #SBATCH --output=logs/%A_%a.out
    python -m mixup_nb_utils.training.jobs --shards 15 --results results --data data

(``--shards n`` reads the task's index k from ``$SLURM_ARRAY_TASK_ID``, 0 ≤ k < n, and runs the
jobs k, k + n, …; with ``--protocol independent`` use ``--array=0-74`` and ``--shards 75``, or
fewer shards, each running several jobs in turn.)

On one machine with n GPUs, one shard per GPU::

    n=8; for k in $(seq 0 $((n - 1))); do
      CUDA_VISIBLE_DEVICES=$k python -m mixup_nb_utils.training.jobs --shard $k/$n --quiet > shard$k.log 2>&1 &
    done; wait

Every job of the grid belongs to exactly one shard; a shard skips the jobs already done.
:func:`read_results` collects whatever result files exist for a dataset into curves, and lists
the missing jobs with the command that makes each.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..data.images import IMAGE_DATASETS, NUM_CLASSES, dataset_key, digit_images, download_datasets, load_image_dataset
from ..config import FIGURE_2_ALPHAS
from .images import PROTOCOLS, ErrorCurves, ImageTrainConfig, ImageTrainer, Progress

DATASETS: tuple[str, ...] = IMAGE_DATASETS + ("digits",)
RESULT_FORMAT = 1


def canonical_dataset(name: str) -> str:
    """``"digits"`` or the canonical torchvision name (MNIST, CIFAR10, CIFAR100) of ``name``."""
    if str(name).lower() == "digits":
        return "digits"
    try:
        return dataset_key(name)
    except ValueError:
        raise ValueError(f"unknown dataset {name!r}; choose from {DATASETS}.") from None


@dataclass(frozen=True)
class JobGrid:
    """The grid of jobs; the defaults are the paper's scale (§2.4). ``limit``: train on the first
    ``limit`` training points only (a trial; None: all). See the module docstring for what a job is."""

    datasets: tuple[str, ...] = IMAGE_DATASETS
    alphas: tuple[float, ...] = FIGURE_2_ALPHAS
    runs: int = 5
    epochs: int = 50
    width: int = 64
    batch_size: int = 128
    lr: float = 1e-3
    protocol: str = "authors"
    seed: int = 0
    limit: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "datasets", tuple(canonical_dataset(d) for d in self.datasets))
        object.__setattr__(self, "alphas", tuple(float(a) for a in self.alphas))
        if not self.datasets:
            raise ValueError("the grid needs at least one dataset.")
        if self.protocol not in PROTOCOLS:
            raise ValueError(f"unknown protocol {self.protocol!r}; choose one of {PROTOCOLS}.")
        if self.limit is not None and (isinstance(self.limit, bool) or int(self.limit) < 2):
            raise ValueError(f"limit must be an integer >= 2 or None, got {self.limit!r}.")
        for method, alpha in self.methods():
            self.config(method, alpha)                 # validates alphas, epochs, width, lr, ...

    def methods(self) -> list[tuple[str, float | None]]:
        """(method, α) pairs: ERM, then Mixup for each α."""
        return [("erm", None)] + [("mixup", a) for a in self.alphas]

    def config(self, method: str, alpha: float | None, device: str | None = None,
               cpu_threads: int | None = 1) -> ImageTrainConfig:
        """The trainer's settings for one method of this grid."""
        return ImageTrainConfig(method=method, alpha=alpha, epochs=self.epochs, batch_size=self.batch_size,
                                lr=self.lr, width=self.width, protocol=self.protocol, runs=self.runs,
                                seed=self.seed, device=device, cpu_threads=cpu_threads)

    def settings(self, dataset: str, method: str, alpha: float | None) -> dict:
        """What a result file must have been made with to count for this grid (``runs`` excluded:
        run r does not depend on how many runs follow it)."""
        return {"dataset": canonical_dataset(dataset), "limit": self.limit, **self.config(method, alpha).settings()}

    def jobs(self) -> list["Job"]:
        """Every job, in a fixed order: datasets, then methods, then (independent protocol) runs."""
        out = []
        for d in self.datasets:
            for method, alpha in self.methods():
                if self.protocol == "authors":
                    out.append(Job(d, method, alpha, tuple(range(self.runs)), self))
                else:
                    out.extend(Job(d, method, alpha, (r,), self) for r in range(self.runs))
        return out

    def job(self, name: str) -> "Job":
        """The job called ``name``."""
        for j in self.jobs():
            if j.name == name:
                return j
        names = [j.name for j in self.jobs()]
        raise ValueError(f"no job {name!r} in this grid ({len(names)} jobs, e.g. {names[0]!r}); "
                         f"see --list, and pass the same grid options (--datasets, --protocol, …) as before.")

    def cli_args(self) -> list[str]:
        """Command-line options that rebuild this grid (only those that differ from the defaults)."""
        default, args = JobGrid(), []
        flags = {"datasets": "--datasets", "alphas": "--alphas", "runs": "--runs", "epochs": "--epochs",
                 "width": "--width", "batch_size": "--batch-size", "lr": "--lr", "protocol": "--protocol",
                 "seed": "--seed", "limit": "--limit"}
        for field_name, flag in flags.items():
            v = getattr(self, field_name)
            if v != getattr(default, field_name):
                args += [flag, *([f"{x:g}" if isinstance(x, float) else str(x) for x in v]
                                 if isinstance(v, tuple) else [f"{v:g}" if isinstance(v, float) else str(v)])]
        return args


@dataclass(frozen=True)
class Job:
    """One job: the runs ``runs`` of (dataset, method, α) in ``grid``."""

    dataset: str
    method: str
    alpha: float | None
    runs: tuple[int, ...]
    grid: JobGrid

    @property
    def tag(self) -> str:
        return "erm" if self.method == "erm" else f"mixup-a{self.alpha:g}"

    @property
    def name(self) -> str:
        base = f"{self.dataset}-{self.grid.protocol}-{self.tag}"
        return base if self.grid.protocol == "authors" else f"{base}-run{self.runs[0]}"

    def result_path(self, results: str | os.PathLike, run: int) -> Path:
        return Path(results) / self.dataset / self.grid.protocol / self.tag / f"run{run}.json"

    def checkpoint_path(self, results: str | os.PathLike) -> Path:
        return Path(results) / "checkpoints" / self.dataset / self.grid.protocol / f"{self.name}.pt"

    def settings(self) -> dict:
        return self.grid.settings(self.dataset, self.method, self.alpha)

    def status(self, results: str | os.PathLike) -> dict[int, str]:
        """For each run: ``"done"``, ``"missing"`` or ``"conflict"`` (a file made with other settings)."""
        out = {}
        for r in self.runs:
            rec = _read_json(self.result_path(results, r))
            out[r] = "missing" if rec is None else ("done" if rec.get("settings") == self.settings() else "conflict")
        return out

    def is_done(self, results: str | os.PathLike) -> bool:
        return all(s == "done" for s in self.status(results).values())


def select_shard(jobs: Sequence[Job], shard: int, shards: int) -> list[Job]:
    """Shard ``shard`` of ``shards`` (0 ≤ shard < shards): jobs shard, shard + shards, …; the
    shards partition the list (every job in exactly one)."""
    if isinstance(shards, bool) or int(shards) < 1 or not 0 <= int(shard) < int(shards):
        raise ValueError(f"shard {shard} of {shards} does not exist; use 0 <= shard < shards (e.g. --shard 0/4).")
    return list(jobs)[int(shard)::int(shards)]


def parse_shard(text: str) -> tuple[int, int]:
    """``"k/n"`` → (k, n)."""
    try:
        k, n = (int(p) for p in str(text).split("/"))
    except ValueError:
        raise ValueError(f"--shard takes k/n with integers 0 <= k < n (e.g. 2/8), got {text!r}.") from None
    select_shard([], k, n)
    return k, n


# --------------------------------------------------------------------------------------------
# Running a job.
# --------------------------------------------------------------------------------------------

def _atomic_write(path: Path, write) -> None:
    """Write with ``write(file)`` into a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def versions() -> dict[str, str]:
    """Versions of the software a result was made with."""
    import torchvision

    from .. import __version__

    return {"python": platform.python_version(), "torch": torch.__version__, "torchvision": torchvision.__version__,
            "numpy": np.__version__, "mixup_nb_utils": __version__}


def load_training_set(dataset: str, data: str | os.PathLike = "data", download: bool = False,
                      limit: int | None = None) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Training images, labels and number of classes of ``dataset`` (digits need no files); the
    first ``limit`` points when a limit is given."""
    name = canonical_dataset(dataset)
    if name == "digits":
        X, y = digit_images()
    else:
        X, y = load_image_dataset(name, data, train=True, download=download)
    if limit is not None:
        X, y = X[:int(limit)], y[:int(limit)]
    return X, y, NUM_CLASSES[name]


@dataclass(frozen=True)
class JobReport:
    """What :func:`run_job` did: runs it wrote, the (run, epoch) it resumed after (None: started
    afresh), whether it was already done."""

    name: str
    written: tuple[int, ...]
    resumed_after: tuple[int, int] | None
    skipped: bool


def _result_record(job: Job, trainer: ImageTrainer, run: int) -> dict:
    h = trainer.history[run]
    return {"format": RESULT_FORMAT, "job": job.name, "dataset": job.dataset, "protocol": job.grid.protocol,
            "method": job.method, "alpha": job.alpha, "run": run, "settings": job.settings(),
            "train_error": h.train_error, "loss": h.loss, "seconds": h.seconds,
            "device": str(trainer.device), "versions": versions()}


def _save_checkpoint(job: Job, trainer: ImageTrainer, path: Path) -> None:
    state = {"format": RESULT_FORMAT, "job": job.name, "trainer": trainer.state_dict()}
    _atomic_write(path, lambda f: torch.save(state, f))


def _start(job: Job, trainer: ImageTrainer, results: Path) -> tuple[int, int] | None:
    """Resume from the checkpoint, or begin the job's first run; returns where it resumed."""
    ckpt = job.checkpoint_path(results)
    if ckpt.is_file():
        state = torch.load(ckpt, map_location=trainer.device, weights_only=True)
        if state.get("job") != job.name:
            raise ValueError(f"{ckpt} belongs to job {state.get('job')!r}, not {job.name!r}; move it away.")
        try:
            trainer.load_state_dict(state["trainer"])
        except ValueError as exc:
            raise ValueError(f"{ckpt} was made with other settings ({exc}); delete it to start {job.name} "
                             f"afresh, or run with the grid options it was made with.") from None
        return trainer.run, trainer.epoch
    status = job.status(results)
    if job.grid.protocol == "authors" and status[job.runs[0]] == "done":
        first_missing = next(r for r in job.runs if status[r] != "done")
        raise ValueError(f"{job.name}: runs before {first_missing} are done but the checkpoint {ckpt} holding "
                         f"run {first_missing - 1}'s final Adam state is missing, and under the authors' protocol "
                         f"run {first_missing} continues that state. Restore the checkpoint, or delete "
                         f"{job.result_path(results, 0).parent} to rerun the chain from run 0.")
    trainer.begin_run(job.runs[0])
    return None


def run_job(job: Job, results: str | os.PathLike = "results", data: str | os.PathLike = "data",
            device: str | None = None, verbose: bool = False, download: bool = False,
            cpu_threads: int | None = 1) -> JobReport:
    """Run ``job`` to the end, resuming from its checkpoint when there is one; a checkpoint after
    every epoch, a result file after every run (see the module docstring). Quiet unless ``verbose``."""
    results = Path(results)
    status = job.status(results)
    conflicts = [job.result_path(results, r) for r, s in status.items() if s == "conflict"]
    if conflicts:
        raise ValueError(f"{conflicts[0]} was made with other settings than {job.settings()}; use another "
                         f"--results folder for this grid, or delete the file.")
    if all(s == "done" for s in status.values()):
        return JobReport(job.name, (), None, True)
    X, y, k = load_training_set(job.dataset, data, download, job.grid.limit)
    config = job.grid.config(job.method, job.alpha, device, cpu_threads)
    trainer = ImageTrainer(X, y, config, num_classes=k)
    resumed = _start(job, trainer, results)
    ckpt = job.checkpoint_path(results)
    E = config.epochs
    left = sum(E for r in job.runs if r > trainer.run) + (E - trainer.epoch)
    progress = Progress(left, verbose)
    written = []
    while True:
        run = trainer.run
        while trainer.epoch < E:
            loss, err, secs = trainer.train_epoch()
            _save_checkpoint(job, trainer, ckpt)
            progress.update(f"{job.dataset} {config.label}", run, job.grid.runs, trainer.epoch, E, loss, err, secs)
        if status.get(run) != "done":          # a run finished before a kill is not written twice
            record = _result_record(job, trainer, run)
            _atomic_write(job.result_path(results, run), lambda f: f.write(json.dumps(record, indent=1).encode()))
            written.append(run)
        later = [r for r in job.runs if r > run]
        if not later:
            break
        trainer.begin_run(later[0])
    if job.grid.protocol == "independent":
        ckpt.unlink(missing_ok=True)
    return JobReport(job.name, tuple(written), resumed, False)


# --------------------------------------------------------------------------------------------
# Reading results.
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MissingJob:
    """A job whose results are (partly) missing: its name, the missing runs, the command that makes them."""

    name: str
    runs: tuple[int, ...]
    command: str


@dataclass(frozen=True)
class DatasetResults:
    """The curves of one dataset from the result files that exist (``curves.runs`` says how many
    runs each method has), the jobs still missing, and files made with other settings."""

    dataset: str
    curves: ErrorCurves
    missing: tuple[MissingJob, ...]
    conflicts: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def job_command(job: Job, results: str | os.PathLike = "results", data: str | os.PathLike = "data") -> str:
    """The shell command that runs ``job``."""
    return " ".join(["python -m mixup_nb_utils.training.jobs --job", job.name, "--results", str(results),
                     "--data", str(data), *job.grid.cli_args()])


def read_results(dataset: str, results: str | os.PathLike = "results", grid: JobGrid | None = None,
                 data: str | os.PathLike = "data") -> DatasetResults:
    """Collect the result files of ``dataset`` for ``grid`` (default: the paper's grid with this
    dataset): the training-error curves, mean ± sd over the runs found (Figures 2 and 9), the missing
    jobs with their commands, and the files that were made with other settings (ignored)."""
    name = canonical_dataset(dataset)
    grid = grid or JobGrid(datasets=(name,))
    if name not in grid.datasets:
        raise ValueError(f"{name} is not in the grid's datasets {grid.datasets}.")
    jobs = [j for j in grid.jobs() if j.dataset == name]
    per_method: dict[tuple, list] = {m: [] for m in grid.methods()}
    missing, conflicts = [], []
    for job in jobs:
        status = job.status(results)
        for r, s in status.items():
            if s == "done":
                per_method[(job.method, job.alpha)].append((r, _read_json(job.result_path(results, r))["train_error"]))
            elif s == "conflict":
                conflicts.append(str(job.result_path(results, r)))
        todo = tuple(r for r, s in status.items() if s != "done")
        if todo:
            missing.append(MissingJob(job.name, todo, job_command(job, results, data)))
    labels = [grid.config(m, a).label for m, a in grid.methods()]
    arrays = [np.array([e for _, e in sorted(per_method[m])], dtype=float).reshape(-1, grid.epochs)
              for m in grid.methods()]
    scale = "the paper's settings" if grid == JobGrid(datasets=grid.datasets) else "reduced settings"
    title = (f"{name}: ResNet-18 (width {grid.width}), batch {grid.batch_size}, Adam lr {grid.lr:g}, "
             f"{grid.epochs} epochs, up to {grid.runs} runs, {grid.protocol} protocol ({scale})")
    curves = ErrorCurves.from_runs(labels, arrays, grid.epochs, title)
    return DatasetResults(name, curves, tuple(missing), tuple(conflicts))


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


if __name__ == "__main__":
    sys.exit(main())
