"""Running one job resumably: atomic result files, a checkpoint after every epoch, a clean restart.

A killed job started again continues from its last checkpoint and ends with exactly the numbers of an
uninterrupted one (only the seconds differ).
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ...data.images import NUM_CLASSES, digit_images, load_image_dataset
from ..images import ImageTrainer, Progress
from .grid import RESULT_FORMAT, Job, atomic_write, canonical_dataset, read_json


# --------------------------------------------------------------------------------------------
# Running a job.
# --------------------------------------------------------------------------------------------

def versions() -> dict[str, str]:
    """Versions of the software a result was made with."""
    import torchvision

    from ... import __version__

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
    atomic_write(path, lambda f: torch.save(state, f))


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
            atomic_write(job.result_path(results, run), lambda f: f.write(json.dumps(record, indent=1).encode()))
            written.append(run)
        later = [r for r in job.runs if r > run]
        if not later:
            break
        trainer.begin_run(later[0])
    if job.grid.protocol == "independent":
        ckpt.unlink(missing_ok=True)
    return JobReport(job.name, tuple(written), resumed, False)
