"""Training runs end to end and their error curves: :func:`train_images`, :func:`compare_methods`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ...config import FIGURE_2_ALPHAS
from ...notebook import progress_bar
from .trainer import EpochDraws, ImageTrainConfig, ImageTrainer


# --------------------------------------------------------------------------------------------
# The Python API: a method's runs, several methods, curves.
# --------------------------------------------------------------------------------------------

@dataclass
class ImageTrainResult:
    """Runs of one method: ``train_error``, ``loss`` and ``seconds`` of shape (runs, epochs);
    ``final_states``: each run's final ``state_dict`` (on the CPU) when asked for, else None."""

    config: ImageTrainConfig
    train_error: np.ndarray
    loss: np.ndarray
    seconds: np.ndarray
    final_states: list[dict] | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return self.config.label


class Progress:
    """Progress of a sequence of epochs on stderr: one line per epoch, or one line rewritten in place
    (carriage return) when stderr is a terminal. Silent when ``verbose`` is False."""

    def __init__(self, total_epochs: int, verbose: bool, stream=None):
        self.total, self.verbose, self.done, self.spent = int(total_epochs), bool(verbose), 0, 0.0
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def update(self, label: str, run: int, runs: int, epoch: int, epochs: int,
               loss: float, err: float, secs: float) -> None:
        """Report epoch ``epoch`` (1-based) of run ``run`` (0-based) and the time left at this pace."""
        self.done += 1
        self.spent += secs
        if not self.verbose:
            return
        left = self.spent / self.done * max(self.total - self.done, 0)
        line = (f"{label}  run {run + 1}/{runs}  epoch {epoch}/{epochs}  loss {loss:.4f}  "
                f"train error {100 * err:.2f}%  {secs:.1f} s/epoch  ~{_duration(left)} left")
        if self.tty:
            end = "\n" if epoch == epochs else ""
            self.stream.write("\r" + line.ljust(110) + end)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    return f"{s // 60} min {s % 60:02d} s" if s >= 60 else f"{s} s"


def train_images(X, y, config: ImageTrainConfig, num_classes: int | None = None, verbose: bool = False,
                 keep_states: bool = False,
                 observer: Callable[[int, int, EpochDraws], None] | None = None) -> ImageTrainResult:
    """Train ``config.runs`` runs of ResNet-18 with ``config.method`` on images X (N, C, H, W) and
    labels y (N,) (the Mixup step and both protocols in the module docstring; paper §2.4).

    Returns the per-run, per-epoch training error (eval mode, the whole training set), the mean
    training loss and the seconds per epoch. ``keep_states``: also return each run's final weights.
    ``verbose``: progress on stderr (quiet by default, for notebooks).
    """
    trainer = ImageTrainer(X, y, config, num_classes, observer)
    progress = Progress(config.runs * config.epochs, verbose)
    R, E = config.runs, config.epochs
    errors, losses, secs = np.zeros((R, E)), np.zeros((R, E)), np.zeros((R, E))
    states = [] if keep_states else None
    bar = progress_bar(R * E, desc=f"{config.label}, epochs", enabled=not verbose)  # verbose: lines instead
    for r in range(R):
        trainer.begin_run(r)
        for e in range(E):
            losses[r, e], errors[r, e], secs[r, e] = trainer.train_epoch()
            progress.update(config.label, r, R, e + 1, E, losses[r, e], errors[r, e], secs[r, e])
            bar.update(1)
        if keep_states:
            states.append({n: t.detach().cpu().clone() for n, t in trainer.model.state_dict().items()})
    bar.close()
    return ImageTrainResult(config, errors, losses, secs, states)


@dataclass(frozen=True)
class ErrorCurves:
    """Training-error curves of several methods (Figures 2 and 9): for method m, ``train_error[m]``
    (runs_m, epochs) and its mean and standard deviation over runs (ddof 0, NaN where a method has
    no run yet); ``epochs`` = 1..E; ``title`` states the settings."""

    labels: tuple[str, ...]
    epochs: np.ndarray
    train_error: tuple[np.ndarray, ...]
    mean: np.ndarray
    sd: np.ndarray
    runs: tuple[int, ...]
    title: str = ""

    @classmethod
    def from_runs(cls, labels: Sequence[str], runs_errors: Sequence[np.ndarray], epochs: int,
                  title: str = "") -> "ErrorCurves":
        """Curves from each method's (runs, epochs) array of training errors (zero rows allowed)."""
        arrs = tuple(np.asarray(a, dtype=float).reshape(-1, int(epochs)) for a in runs_errors)
        mean = np.full((len(arrs), int(epochs)), np.nan)
        sd = np.full_like(mean, np.nan)
        for m, a in enumerate(arrs):
            if len(a):
                mean[m], sd[m] = a.mean(0), a.std(0)
        return cls(tuple(labels), np.arange(1, int(epochs) + 1), arrs, mean, sd, tuple(len(a) for a in arrs), title)

    def curve(self, label: str) -> tuple[np.ndarray, np.ndarray]:
        """(mean, sd) of the method called ``label`` (e.g. ``"ERM"``, ``"Mixup α=1024"``)."""
        if label not in self.labels:
            raise ValueError(f"no curve {label!r}; the curves are {self.labels}.")
        m = self.labels.index(label)
        return self.mean[m], self.sd[m]


def compare_methods(X, y, config: ImageTrainConfig, alphas: Sequence[float] = FIGURE_2_ALPHAS,
                    num_classes: int | None = None, verbose: bool = False) -> ErrorCurves:
    """ERM and Mixup for each α in ``alphas``, each ``config.runs`` runs with ``config``'s other
    settings (Figures 2 and 9: mean ± one standard deviation of the training error over runs)."""
    configs = [config.with_method("erm")] + [config.with_method("mixup", float(a)) for a in alphas]
    results = [train_images(X, y, c, num_classes, verbose) for c in configs]
    title = (f"ResNet-18 (width {config.width}), batch {config.batch_size}, Adam lr {config.lr:g}, "
             f"{config.epochs} epochs, {config.runs} runs, {config.protocol} protocol")
    return ErrorCurves.from_runs([c.label for c in configs], [r.train_error for r in results], config.epochs, title)
