"""The paper-scale job grid (paper §2.4, Figures 2 and 9): datasets × methods × runs, and its jobs.

What a job is depends on the protocol: a chain of runs (the authors' protocol) or one run (independent).
See :mod:`mixup_nb_utils.training.jobs` for the files and the command line.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ...config import FIGURE_2_ALPHAS
from ...data.images import IMAGE_DATASETS, dataset_key
from ..images import PROTOCOLS, ImageTrainConfig


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
            rec = read_json(self.result_path(results, r))
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


def atomic_write(path: Path, write) -> None:
    """Write with ``write(file)`` into a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
