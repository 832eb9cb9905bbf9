"""ResNet-18 trained with ERM and Mixup on the chapter's images (paper Figures 2 and 9, §2.5's rate).

Small datasets (the digits) are trained here; MNIST and CIFAR at the paper's scale come from the
resumable jobs of :mod:`mixup_nb_utils.training.jobs`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data.images import IMAGE_DATASETS
from ...training.images import ErrorCurves, ImageTrainConfig, compare_methods
from ...training.jobs import DatasetResults, JobGrid, read_results
from .data import ImageData


def train_config(settings, protocol: str | None = None) -> ImageTrainConfig:
    """The image trainer's settings of this chapter (``protocol`` overrides ``settings.protocol``)."""
    return ImageTrainConfig(epochs=settings.epochs, batch_size=settings.batch_size, lr=settings.lr,
                            width=settings.width, protocol=protocol or settings.protocol, runs=settings.runs,
                            seed=settings.seed, cpu_threads=1)


def training_curves(data: ImageData, settings, protocol: str | None = None, alphas=None) -> ErrorCurves:
    """ERM and Mixup (each α of ``alphas``, default ``settings.alphas``) on ``data``'s training set: the
    training error after every epoch, mean ± sd over ``settings.runs`` runs (Figures 2 and 9).

    Small datasets (the digits) are trained here; MNIST and CIFAR at the paper's scale are far too long for a notebook,
    so their curves are read from the job results (:func:`paper_results`; methods without results
    have no runs and NaN curves)."""
    alphas = settings.alphas if alphas is None else alphas
    if data.name in IMAGE_DATASETS:
        grid = JobGrid(datasets=(data.name,), alphas=tuple(alphas), protocol=protocol or settings.protocol,
                       runs=settings.runs, epochs=settings.epochs, width=settings.width)
        return read_results(data.name, settings.results, grid, settings.data_root).curves
    return compare_methods(data.X_train, data.y_train, train_config(settings, protocol), alphas,
                           num_classes=data.num_classes)


@dataclass(frozen=True)
class FitSpeed:
    """For each method: the first epoch at which the mean training error is at most ``threshold``
    (NaN: never within the epochs run), and the final mean error with its sd over runs (ddof = 1)."""

    labels: tuple[str, ...]
    threshold: float
    first_epoch: np.ndarray
    final_mean: np.ndarray
    final_sd: np.ndarray

    def of(self, label: str) -> tuple[float, float, float]:
        i = self.labels.index(label)
        return float(self.first_epoch[i]), float(self.final_mean[i]), float(self.final_sd[i])


def fit_speed(curves: ErrorCurves, threshold: float) -> FitSpeed:
    """How fast each method of ``curves`` fits the training data (see :class:`FitSpeed`); the final
    sd is the sample standard deviation over runs (ddof = 1; NaN with one run)."""
    below = curves.mean <= threshold
    first = np.where(below.any(1), below.argmax(1) + 1.0, np.nan)
    sd = np.array([a[:, -1].std(ddof=1) if len(a) > 1 else np.nan for a in curves.train_error])
    return FitSpeed(curves.labels, float(threshold), first, curves.mean[:, -1], sd)


def speed_markdown(speed: FitSpeed):
    """How fast each method fits: the first epoch with mean error ≤ the threshold, the final error."""
    from IPython.display import Markdown

    lines = [f"| method | first epoch with mean training error ≤ {speed.threshold:g} | final training error "
             "(mean ± sd over runs, ddof = 1) |", "|---|---|---|"]
    for lab, e, f, sd in zip(speed.labels, speed.first_epoch, speed.final_mean, speed.final_sd):
        lines.append(f"| {lab} | {'not reached' if not np.isfinite(e) else int(e)} | {f:.4f} ± {sd:.4f} |")
    return Markdown("\n".join(lines))


def protocol_markdown(authors: ErrorCurves, independent: ErrorCurves):
    """Final training error (mean ± sd over runs) of the methods trained under both protocols."""
    from IPython.display import Markdown

    lines = ["| method | authors' protocol | independent runs |", "|---|---|---|"]
    for lab in independent.labels:
        a, i = authors.labels.index(lab), independent.labels.index(lab)
        lines.append(f"| {lab} | {authors.mean[a, -1]:.4f} ± {authors.sd[a, -1]:.4f} | "
                     f"{independent.mean[i, -1]:.4f} ± {independent.sd[i, -1]:.4f} |")
    return Markdown("\n".join(lines))


def paper_results_markdown(results: dict[str, DatasetResults], limit: int = 3):
    """Which paper-scale runs exist, per dataset, and the commands that make the missing ones."""
    from IPython.display import Markdown

    lines = []
    for name, res in results.items():
        done = sum(res.curves.runs)
        total = done + sum(len(m.runs) for m in res.missing)
        lines.append(f"- **{name}**: {done} of {total} runs found under the results folder.")
        for job in res.missing[:limit]:
            lines.append(f"  - missing `{job.name}` (runs {', '.join(map(str, job.runs))}): `{job.command}`")
        if len(res.missing) > limit:
            lines.append(f"  - … and {len(res.missing) - limit} more jobs: "
                         "`python -m mixup_nb_utils.training.jobs --list` shows them all.")
    return Markdown("\n".join(lines))


def paper_results(settings) -> dict[str, DatasetResults]:
    """Whatever paper-scale job results exist under ``settings.results``, per dataset of the paper."""
    grid = JobGrid(alphas=settings.alphas)
    return {name: read_results(name, settings.results, grid, settings.data_root) for name in grid.datasets}
