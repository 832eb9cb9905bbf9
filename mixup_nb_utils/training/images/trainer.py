"""Train ResNet-18 on images with ERM or Mixup, as in the paper's §2.4 (Figures 2 and 9).

The configuration, the random draws of an epoch (order, partners, λ), the initial model of a run and
:class:`ImageTrainer`, which trains one run epoch by epoch on device-resident images (both protocols,
see :mod:`mixup_nb_utils.training.images`).
"""

from __future__ import annotations

import contextlib
import copy
import math
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F

from ...device import get_device, make_generators
from ...mixup.mixing import as_mixing
from ...validation import check_labels, check_positive
from ..resnet import init_resnet_, last_feature_side, resnet18
from ..runs import derived_seed


METHODS: tuple[str, ...] = ("erm", "mixup")
PROTOCOLS: tuple[str, ...] = ("authors", "independent")
_STREAMS = ("order", "partners", "lambdas")


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or int(value) < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    return int(value)


@dataclass(frozen=True)
class ImageTrainConfig:
    """Settings of one method's runs; the defaults are the paper's (§2.4) except ``width`` and ``runs``.

    method: ``"erm"`` or ``"mixup"``; alpha: Beta(α, α) for Mixup (required), None for ERM.
    epochs (paper 50), batch_size (128), lr (Adam, 1e-3), width (ResNet-18 base width, paper 64),
    protocol (``"authors"`` or ``"independent"``, module docstring), runs (paper 5), seed.
    device: None picks CUDA when present (:func:`~mixup_nb_utils.device.get_device`).
    eval_batch_size: batch of the training-error pass. cpu_threads: torch threads on the CPU
    during training (None: leave torch's setting). The default 1 is measured: on a 2-core machine
    shared with other work, 2 threads made a digits epoch about 10 times slower than 1 thread
    (``scripts/bench_images.py``), though up to 1.8 times faster when the cores were less busy;
    raise it on a CPU of your own.
    cuda_fast: channels_last + bf16 autocast on CUDA.
    deterministic: cuDNN picks deterministic kernels (a resumed run then repeats exactly on a GPU).
    """

    method: str = "erm"
    alpha: float | None = None
    epochs: int = 50
    batch_size: int = 128
    lr: float = 1e-3
    width: int = 64
    protocol: str = "authors"
    runs: int = 5
    seed: int = 0
    device: str | None = None
    eval_batch_size: int = 1024
    cpu_threads: int | None = 1
    cuda_fast: bool = True
    deterministic: bool = True

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; choose one of {METHODS}.")
        if self.method == "mixup":
            if self.alpha is None:
                raise ValueError("Mixup needs alpha (λ ~ Beta(alpha, alpha)); pass e.g. alpha=1.0.")
            object.__setattr__(self, "alpha", check_positive(self.alpha, "alpha"))
        elif self.alpha is not None:
            raise ValueError(f"ERM mixes nothing: alpha must be None, got {self.alpha!r}.")
        if self.protocol not in PROTOCOLS:
            raise ValueError(f"unknown protocol {self.protocol!r}; choose one of {PROTOCOLS}.")
        for name in ("epochs", "batch_size", "width", "runs", "eval_batch_size"):
            _positive_int(getattr(self, name), name)
        object.__setattr__(self, "lr", check_positive(self.lr, "lr"))
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}.")
        if self.cpu_threads is not None:
            _positive_int(self.cpu_threads, "cpu_threads")

    @property
    def label(self) -> str:
        """``"ERM"`` or ``"Mixup α=…"``."""
        return "ERM" if self.method == "erm" else f"Mixup α={self.alpha:g}"

    def with_method(self, method: str, alpha: float | None = None) -> "ImageTrainConfig":
        """The same settings for another method (and α)."""
        return replace(self, method=method, alpha=alpha)

    def settings(self) -> dict:
        """The fields that determine the numbers a run produces (not device, threads or eval batch)."""
        d = asdict(self)
        for k in ("device", "eval_batch_size", "cpu_threads", "runs"):
            d.pop(k)
        return d


@dataclass(frozen=True)
class EpochDraws:
    """The random choices of one epoch: ``order`` (N,) the permutation; for Mixup ``partners`` (N,),
    the partner of the point at each position of ``order`` (uniform on 0..N-1), and ``lam``
    (number of batches,), one λ per batch. ERM has ``partners = lam = None``."""

    order: np.ndarray
    partners: np.ndarray | None
    lam: np.ndarray | None
    batch_size: int

    @property
    def batches(self) -> int:
        return -(-len(self.order) // self.batch_size)


def sample_epoch(n: int, config: ImageTrainConfig, streams: dict[str, np.random.Generator]) -> EpochDraws:
    """Draw one epoch: a uniform permutation of 0..n-1 from ``streams["order"]``; for Mixup, n
    partners i.i.d. uniform on 0..n-1 (with replacement, self allowed) from ``streams["partners"]``
    and one λ ~ Beta(α, α) per batch from ``streams["lambdas"]`` (paper §2.1, the authors' code)."""
    n = _positive_int(n, "n")
    order = streams["order"].permutation(n)
    if config.method == "erm":
        return EpochDraws(order, None, None, config.batch_size)
    partners = streams["partners"].integers(0, n, size=n)
    n_batches = -(-n // config.batch_size)
    lam = np.asarray(as_mixing(config.alpha).sample(n_batches, streams["lambdas"]), dtype=np.float64)
    return EpochDraws(order, partners, lam, config.batch_size)


def run_seeds(seed: int, run: int) -> dict[str, int]:
    """Seeds of run ``run``: initial weights, batch order, partners, λs; independent of the method."""
    return {name: derived_seed(seed, run, i) for i, name in enumerate(("init",) + _STREAMS)}


def initial_model(config: ImageTrainConfig, run: int, in_channels: int, num_classes: int) -> torch.nn.Module:
    """The network run ``run`` starts from (on the CPU): :func:`resnet18` with weights drawn from the
    run's init seed. It does not depend on ``config.method`` or ``alpha``."""
    gen = make_generators(run_seeds(config.seed, run)["init"]).torch
    return resnet18(in_channels, num_classes, config.width, generator=gen)


@dataclass
class RunHistory:
    """Per-epoch records of one run: training error (fraction), mean training loss, wall seconds."""

    train_error: list[float] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def check_images(X, y, num_classes: int | None = None) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Images X (N, C, H, W) as float32 and labels y (N,) as int64 after checks; returns (X, y, k)."""
    X = torch.as_tensor(X)
    if X.dim() != 4:
        raise ValueError(f"X must hold images of shape (N, C, H, W), got shape {tuple(X.shape)}; "
                         f"add a channel axis for grey images (X[:, None]).")
    if X.shape[0] == 0:
        raise ValueError("X is empty; give at least one training image.")
    if not X.is_floating_point():
        raise ValueError(f"X must be floating point (normalised pixels), got {X.dtype}; convert with X.float().")
    X = X.float()
    if not torch.isfinite(X).all():
        bad = int((~torch.isfinite(X)).sum())
        raise ValueError(f"X contains {bad} NaN or infinite value(s); clean the images first.")
    labels, k = check_labels(y, X.shape[0], num_classes)
    if k < 2:
        raise ValueError("training a classifier needs at least 2 classes; pass num_classes >= 2.")
    return X, torch.as_tensor(labels, dtype=torch.long), k


@contextlib.contextmanager
def _backend_settings(dev: torch.device, config: ImageTrainConfig) -> Iterator[None]:
    before_threads = torch.get_num_threads()
    before_cudnn = (torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
    if dev.type == "cpu" and config.cpu_threads is not None:
        torch.set_num_threads(config.cpu_threads)
    if dev.type == "cuda" and config.deterministic:
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    try:
        yield
    finally:
        torch.set_num_threads(before_threads)
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = before_cudnn


class ImageTrainer:
    """Trains the runs of one method on one dataset, one epoch at a time.

    ``begin_run(r)`` re-draws the weights for run r (and, under the independent protocol, makes a
    fresh Adam), ``train_epoch()`` trains one epoch and records it. Everything a run depends on —
    weights, Adam, the states of the random streams, the history — is in :meth:`state_dict`, which
    :mod:`mixup_nb_utils.training.jobs` checkpoints after every epoch. ``observer(run, epoch, draws)``, when
    given, sees each epoch's :class:`EpochDraws` before it is trained on (tests record them).
    """

    def __init__(self, X, y, config: ImageTrainConfig, num_classes: int | None = None,
                 observer: Callable[[int, int, EpochDraws], None] | None = None):
        X, y, k = check_images(X, y, num_classes)
        self.config, self.num_classes, self.observer = config, k, observer
        self.device = get_device(config.device)
        self.fast = self.device.type == "cuda" and config.cuda_fast
        n, c, h, w = X.shape
        if n % config.batch_size == 1 and last_feature_side(h) * last_feature_side(w) == 1:
            raise ValueError(f"{n} points in batches of {config.batch_size} leave a last batch of one image, "
                             f"whose 1×1 last feature map BatchNorm cannot normalise in training; "
                             f"drop a point or change batch_size.")
        self.fmt = torch.channels_last if self.fast else torch.contiguous_format
        self.X = X.to(self.device).contiguous(memory_format=self.fmt)
        self.y = y.to(self.device)
        placeholder = torch.Generator().manual_seed(0)            # begin_run draws the run's weights
        self.model = resnet18(c, k, config.width, generator=placeholder).to(self.device, memory_format=self.fmt)
        self.optimizer: torch.optim.Optimizer | None = None
        self.run, self.epoch = -1, 0
        self.streams: dict[str, np.random.Generator] = {}
        self.history: dict[int, RunHistory] = {}

    # -- runs and epochs ------------------------------------------------------------------

    def _new_optimizer(self) -> torch.optim.Optimizer:
        fused = True if self.device.type == "cuda" else None
        return torch.optim.Adam(self.model.parameters(), lr=self.config.lr, fused=fused)

    def begin_run(self, run: int) -> None:
        """Start run ``run``: initial weights of :func:`initial_model`, fresh streams, and Adam (fresh
        for the independent protocol; carried from run - 1 under the authors' protocol)."""
        run = int(run)
        if self.config.protocol == "authors" and run != self.run + 1:
            raise ValueError(f"under the authors' protocol run {run} continues the Adam state of run {run - 1}; "
                             f"this trainer is at run {self.run}. Run the runs in order 0, 1, 2, … "
                             f"(or use protocol='independent').")
        gen = make_generators(run_seeds(self.config.seed, run)["init"]).torch
        init_resnet_(self.model, gen)
        if self.optimizer is None or self.config.protocol == "independent":
            self.optimizer = self._new_optimizer()
        seeds = run_seeds(self.config.seed, run)
        self.streams = {s: make_generators(seeds[s]).numpy for s in _STREAMS}
        self.run, self.epoch = run, 0
        self.history[run] = RunHistory()

    def _autocast(self):
        if self.fast:
            return torch.autocast("cuda", dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def train_pass(self, draws: EpochDraws) -> float:
        """One epoch of steps on ``draws`` (no evaluation); returns the loss averaged over the N points."""
        model, opt, X, y = self.model, self.optimizer, self.X, self.y
        model.train()
        order = torch.as_tensor(draws.order, device=self.device)
        partners = None if draws.partners is None else torch.as_tensor(draws.partners, device=self.device)
        total = torch.zeros((), device=self.device)
        bs = draws.batch_size
        for b in range(draws.batches):
            idx = order[b * bs:(b + 1) * bs]
            x, yi = X[idx], y[idx]
            if partners is not None:
                lam = float(draws.lam[b])
                j = partners[b * bs:(b + 1) * bs]
                x = torch.lerp(X[j], x, lam)                       # λ x_i + (1 - λ) x_j
            x = x.contiguous(memory_format=self.fmt)
            with self._autocast():
                logits = model(x)
            logits = logits.float()
            loss = F.cross_entropy(logits, yi)
            if partners is not None:
                loss = lam * loss + (1 - lam) * F.cross_entropy(logits, y[j])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach() * len(idx)
        return float(total) / len(order)

    @torch.no_grad()
    def training_error(self) -> float:
        """Fraction of the training points the network misclassifies, in eval mode, batched."""
        self.model.eval()
        wrong = torch.zeros((), dtype=torch.long, device=self.device)
        for s in range(0, self.X.shape[0], self.config.eval_batch_size):
            with self._autocast():
                pred = self.model(self.X[s:s + self.config.eval_batch_size]).argmax(1)
            wrong += (pred != self.y[s:s + self.config.eval_batch_size]).sum()
        self.model.train()
        return int(wrong) / self.X.shape[0]

    def train_epoch(self) -> tuple[float, float, float]:
        """Train one epoch of the current run; returns (loss, training error, seconds) and records them."""
        if self.run < 0:
            raise ValueError("call begin_run(run) before train_epoch().")
        if self.epoch >= self.config.epochs:
            raise ValueError(f"run {self.run} has finished its {self.config.epochs} epochs; begin the next run.")
        t0 = time.perf_counter()
        with _backend_settings(self.device, self.config):
            draws = sample_epoch(self.X.shape[0], self.config, self.streams)
            if self.observer is not None:
                self.observer(self.run, self.epoch, draws)
            loss = self.train_pass(draws)
            if not math.isfinite(loss):
                raise ValueError(f"training diverged (loss {loss}) in run {self.run}, epoch {self.epoch + 1}; "
                                 f"lower the learning rate.")
            err = self.training_error()
        secs = time.perf_counter() - t0
        h = self.history[self.run]
        h.loss.append(loss)
        h.train_error.append(err)
        h.seconds.append(secs)
        self.epoch += 1
        return loss, err, secs

    # -- checkpoints ----------------------------------------------------------------------

    def state_dict(self) -> dict:
        """Everything needed to continue exactly: settings, run, epoch, weights, Adam, streams, history
        (a copy: training on does not change it)."""
        return copy.deepcopy({
            "settings": self.config.settings(),
            "run": self.run, "epoch": self.epoch,
            "model": self.model.state_dict(),
            "optimizer": None if self.optimizer is None else self.optimizer.state_dict(),
            "streams": {s: g.bit_generator.state for s, g in self.streams.items()},
            "history": {r: asdict(h) for r, h in self.history.items()},
        })

    def load_state_dict(self, state: dict) -> None:
        """Continue from :meth:`state_dict`; refuses a state made with other settings."""
        if state["settings"] != self.config.settings():
            raise ValueError(f"this state was made with settings {state['settings']}, not "
                             f"{self.config.settings()}; start afresh or use the matching settings.")
        self.model.load_state_dict(state["model"])
        self.optimizer = None
        if state["optimizer"] is not None:
            self.optimizer = self._new_optimizer()
            self.optimizer.load_state_dict(state["optimizer"])
        self.streams = {}
        for s, st in state["streams"].items():
            g = np.random.default_rng()
            g.bit_generator.state = st
            self.streams[s] = g
        self.run, self.epoch = int(state["run"]), int(state["epoch"])
        self.history = {int(r): RunHistory(**h) for r, h in state["history"].items()}
