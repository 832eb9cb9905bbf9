"""Reading the jobs' result files back: what is done, what is missing, and the command that would run it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..images import ErrorCurves
from .grid import Job, JobGrid, canonical_dataset, read_json


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
                per_method[(job.method, job.alpha)].append((r, read_json(job.result_path(results, r))["train_error"]))
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
