"""Train many small MLPs at once, as one vectorised ensemble (paper §2.3, App. D.1).

Every member is an MLP n → h_1 → … → k with ReLU activations, initialised like PyTorch's
``nn.Linear`` (weights and biases U(-1/√fan_in, 1/√fan_in)) from its own seed. The weights of
layer l are stacked into one tensor of shape (M, fan_out, fan_in), so a forward pass of all M
members is one batched matrix product per layer. Each member minimises its own mean loss

    L_r(θ_r) = Σ_b w_b [λ_b CE(g_θr(x̃_b), y_{a_b}) + (1 - λ_b) CE(g_θr(x̃_b), y_{c_b})] / Σ_b w_b,
    x̃_b = λ_b x_{a_b} + (1 - λ_b) x_{c_b},

on batches (a, c, λ, w) drawn by its own :class:`Sampler` from its own seed. The ensemble
minimises Σ_r L_r: the members share no parameter, so the gradient of member r is the gradient
of L_r alone, and Adam and SGD (elementwise updates) act on the stacked tensors exactly as they
would on M separate models. Hence a member trained in an ensemble equals the same member trained
alone (``tests/test_training.py`` checks this against a plain ``nn.Sequential`` loop). The
gradients are written in closed form (no autograd graph) and all parameters live in one flat
buffer updated by one optimizer kernel: for these tiny networks the per-operation overhead, not
the arithmetic, is what costs time.

Samplers (the data interface; a later chapter can add its own by subclassing :class:`Sampler`):

- :class:`ERM`            a = c = the points of the batch, λ = 1;
- :class:`Mixup`          partners by a pairing ``scheme`` of :mod:`mixup_nb_utils.mixup`
                           (``"iid"``: uniform with replacement, the paper's definition),
                           λ ~ P_f once per batch (the authors' code) or once per pair;
- :class:`FixedMixtures`  the same given mixtures (a, c, λ) every epoch, e.g. only the λ = 1/2
                           midpoints of distinct pairs.

:func:`train_runs` repeats an experiment over runs, either as independent runs (one vectorised
ensemble) or with the authors' protocol (one optimizer state carried from run to run, weights
re-drawn, the first run of every experiment from the same initial weights).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .device import get_device, limited_cpu_threads
from .mixing import MixingSpec, as_mixing
from .mixup import SCHEMES, sample_lambdas, sample_partners
from .validation import check_finite, check_labels, check_points, check_positive

OptimizerName = Literal["adam", "sgd"]


# --------------------------------------------------------------------------------------------
# Samplers: what each member trains on.
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Batches:
    """Training batches for a number of steps: index arrays a, c, weights λ and w, each (steps, n)."""

    first: np.ndarray
    second: np.ndarray
    lam: np.ndarray
    weight: np.ndarray

    @property
    def steps(self) -> int:
        return int(self.first.shape[0])


class Sampler:
    """Draws the batches of a number of epochs for a dataset of m points from ``rng``.

    Subclasses implement :meth:`epoch` (one epoch: a list of batches, each a tuple of index arrays
    ``first``, ``second`` and weights ``lam``, ``weight``), :meth:`width` (the padded width of a
    batch) and, for minibatches, :meth:`steps_per_epoch`. Every batch is one optimisation step.
    """

    label: str = "sampler"

    def epoch(self, m: int, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        raise NotImplementedError

    def width(self, m: int) -> int:
        raise NotImplementedError

    def steps_per_epoch(self, m: int) -> int:
        return 1

    def sample(self, m: int, epochs: int, rng: np.random.Generator) -> Batches:
        """The batches of ``epochs`` epochs, padded to a common width with weight 0."""
        width = self.width(m)
        rows = [b for _ in range(int(epochs)) for b in self.epoch(m, rng)]
        out = [np.zeros((len(rows), width), dtype=dt) for dt in (np.int64, np.int64, float, float)]
        for r, batch in enumerate(rows):
            n = len(batch[0])
            for arr, part in zip(out, batch):
                arr[r, :n] = part
        return Batches(*out)


def _batches_of(m: int, batch_size: int | None, rng: np.random.Generator) -> list[np.ndarray]:
    if batch_size is None or int(batch_size) >= m:
        return [np.arange(m)]
    order = rng.permutation(m)
    return [order[s:s + int(batch_size)] for s in range(0, m, int(batch_size))]


def _check_batch_size(batch_size: int | None) -> None:
    if batch_size is not None and (isinstance(batch_size, bool) or int(batch_size) < 1):
        raise ValueError(f"batch_size must be a positive integer or None (full batch), got {batch_size!r}.")


@dataclass(frozen=True)
class ERM(Sampler):
    """Plain empirical risk: each batch is its points, unmixed (λ = 1). ``batch_size=None``: full batch."""

    batch_size: int | None = None
    label: str = "ERM"

    def __post_init__(self) -> None:
        _check_batch_size(self.batch_size)

    def width(self, m):
        return m if self.batch_size is None else min(int(self.batch_size), m)

    def steps_per_epoch(self, m):
        return -(-m // self.width(m))

    def epoch(self, m, rng):
        return [(b, b, np.ones(len(b)), np.ones(len(b))) for b in _batches_of(m, self.batch_size, rng)]

    def sample(self, m, epochs, rng):
        if self.batch_size is not None and int(self.batch_size) < m:
            return super().sample(m, epochs, rng)
        idx = np.tile(np.arange(m), (int(epochs), 1))
        ones = np.ones((int(epochs), m))
        return Batches(idx, idx, ones, ones)


@dataclass(frozen=True)
class Mixup(Sampler):
    """Mixup batches: every point of a batch is mixed with a partner from the same batch.

    ``scheme``: pairing of :func:`mixup_nb_utils.mixup.sample_partners` (``"iid"`` = uniform with
    replacement, self included: the paper's definition and the authors' code). ``lam_per``:
    ``"batch"`` draws one λ ~ P_f per batch (the authors' code), ``"sample"`` one per pair (the
    expectation J_mix, estimated with less variance). ``batch_size=None``: full batch.
    """

    mixing: MixingSpec = 1.0
    scheme: str = "iid"
    lam_per: str = "batch"
    batch_size: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        dist = as_mixing(self.mixing)
        if self.scheme not in SCHEMES:
            raise ValueError(f"unknown pairing scheme {self.scheme!r}; choose one of {SCHEMES}.")
        if self.lam_per not in ("batch", "sample"):
            raise ValueError(f"lam_per must be 'batch' or 'sample', got {self.lam_per!r}.")
        _check_batch_size(self.batch_size)
        if not self.label:
            object.__setattr__(self, "label", f"Mixup {dist.name}")

    def width(self, m):
        return m if self.batch_size is None else min(int(self.batch_size), m)

    def steps_per_epoch(self, m):
        return -(-m // self.width(m))

    def epoch(self, m, rng):
        out = []
        dist = as_mixing(self.mixing)
        for b in _batches_of(m, self.batch_size, rng):
            scheme = self.scheme if (self.scheme != "roll" or len(b) > 1) else "iid"
            partners = b[sample_partners(len(b), rng, scheme)]
            lam = sample_lambdas(dist, len(b), rng, self.lam_per)
            out.append((b, partners, lam, np.ones(len(b))))
        return out

    def sample(self, m, epochs, rng):
        """Full batch with ``scheme="iid"``: all partners of the chunk, then all λ, in one draw each."""
        if self.scheme != "iid" or (self.batch_size is not None and int(self.batch_size) < m):
            return super().sample(m, epochs, rng)
        E = int(epochs)
        dist = as_mixing(self.mixing)
        partners = rng.integers(0, m, size=(E, m))
        if self.lam_per == "batch":
            lam = np.repeat(np.asarray(dist.sample(E, rng), dtype=float)[:, None], m, axis=1)
        else:
            lam = np.asarray(dist.sample((E, m), rng), dtype=float)
        return Batches(np.tile(np.arange(m), (E, 1)), partners, lam, np.ones((E, m)))


@dataclass(frozen=True)
class FixedMixtures(Sampler):
    """The same mixtures every epoch (one full batch): x̃_b = λ_b x_{first_b} + (1 - λ_b) x_{second_b}.

    Example: ``FixedMixtures.midpoints(m)`` trains on the λ = 1/2 midpoints of all distinct pairs.
    """

    first: tuple = ()
    second: tuple = ()
    lam: tuple = ()
    weight: tuple | None = None
    label: str = "fixed mixtures"

    def __post_init__(self) -> None:
        n = len(self.first)
        if n == 0 or len(self.second) != n or len(self.lam) != n or (self.weight is not None and len(self.weight) != n):
            raise ValueError("first, second and lam (and weight, if given) must be non-empty and of equal length.")
        lam = np.asarray(self.lam, dtype=float)
        if not np.all(np.isfinite(lam)) or lam.min() < 0 or lam.max() > 1:
            raise ValueError("every λ of FixedMixtures must lie in [0, 1].")
        if self.weight is not None and (np.min(self.weight) < 0 or not np.isfinite(self.weight).all()):
            raise ValueError("the weights of FixedMixtures must be finite and >= 0.")

    @classmethod
    def midpoints(cls, m: int, include_self: bool = False) -> "FixedMixtures":
        """λ = 1/2 midpoints of all unordered pairs i < j (with i = j too when ``include_self``)."""
        i, j = np.triu_indices(int(m), k=0 if include_self else 1)
        return cls(tuple(i.tolist()), tuple(j.tolist()), (0.5,) * len(i), label="midpoints")

    def width(self, m):
        idx = np.concatenate([np.asarray(self.first), np.asarray(self.second)])
        if idx.min() < 0 or idx.max() >= m:
            raise ValueError(f"FixedMixtures indexes points outside 0..{m - 1}.")
        return len(self.first)

    def epoch(self, m, rng):
        w = np.ones(len(self.first)) if self.weight is None else np.asarray(self.weight, dtype=float)
        return [(np.asarray(self.first), np.asarray(self.second), np.asarray(self.lam, dtype=float), w)]


@dataclass(frozen=True)
class Member:
    """One member of an ensemble: its sampler, the seed of its draws and the seed of its initial weights."""

    sampler: Sampler
    seed: int = 0
    init_seed: int | None = None

    @property
    def weights_seed(self) -> int:
        return self.seed if self.init_seed is None else self.init_seed


# --------------------------------------------------------------------------------------------
# The stacked MLP.
# --------------------------------------------------------------------------------------------

def _layer_sizes(n_in: int, hidden: int | Sequence[int], n_out: int) -> list[int]:
    hidden = [int(hidden)] if np.ndim(hidden) == 0 else [int(h) for h in hidden]
    if any(h < 1 for h in hidden):
        raise ValueError(f"hidden widths must be >= 1, got {hidden}.")
    return [int(n_in), *hidden, int(n_out)]


def init_mlp(sizes: Sequence[int], seed: int, dtype: torch.dtype = torch.float32) -> list[torch.Tensor]:
    """PyTorch's default ``nn.Linear`` initialisation from ``seed``: for each layer, W (fan_out, fan_in)
    (``nn.Linear``'s layout) and b (1, fan_out), both U(-1/√fan_in, 1/√fan_in), drawn on the CPU in
    float64 (device-independent) and then cast to ``dtype``."""
    if isinstance(seed, bool) or int(seed) < 0:
        raise ValueError(f"init seed must be a non-negative integer, got {seed!r}.")
    gen = torch.Generator().manual_seed(int(seed))
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / fan_in ** 0.5
        w = (torch.rand(fan_out, fan_in, generator=gen, dtype=torch.float64) * 2 - 1) * bound
        b = (torch.rand(1, fan_out, generator=gen, dtype=torch.float64) * 2 - 1) * bound
        params += [w.to(dtype), b.to(dtype)]
    return params


#: Layers with at most this many inputs are computed as broadcast products (one per input) rather
#: than batched GEMMs, which are several times slower for such a thin inner dimension on CPUs.
SMALL_FAN_IN = 4


def _affine(w: torch.Tensor, b: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """b + h Wᵀ for stacked W (M, out, in), b (M, 1, out), h (M, n, in)."""
    if h.shape[2] <= SMALL_FAN_IN:   # few input coordinates: Σ_j h_j W_jᵀ as broadcasts beats a batched GEMM
        wt = w.transpose(1, 2)
        out = torch.addcmul(b, h[..., :1], wt[:, :1])
        for j in range(1, h.shape[2]):
            out.addcmul_(h[..., j:j + 1], wt[:, j:j + 1])
        return out
    return torch.baddbmm(b, h, w.transpose(1, 2))


def stacked_forward(params: Sequence[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Logits of every member: ``x`` (M, n, d) and params [W_1 (M, h, d), b_1 (M, 1, h), …] → (M, n, k)."""
    h = x
    n_layers = len(params) // 2
    for l in range(n_layers):
        h = _affine(params[2 * l], params[2 * l + 1], h)
        if l < n_layers - 1:
            h = torch.relu(h)
    return h


def to_sequential(params: Sequence[torch.Tensor], member: int) -> nn.Sequential:
    """Member ``member`` of stacked params as a plain ``nn.Sequential`` of Linear and ReLU layers."""
    layers: list[nn.Module] = []
    n_layers = len(params) // 2
    for l in range(n_layers):
        w, b = params[2 * l][member], params[2 * l + 1][member]
        lin = nn.Linear(w.shape[1], w.shape[0]).to(dtype=w.dtype, device=w.device)
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(b[0])
        layers.append(lin)
        if l < n_layers - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


# --------------------------------------------------------------------------------------------
# Training.
# --------------------------------------------------------------------------------------------

class StackedOptimizer:
    """Adam or SGD (with momentum) on the stacked parameters of an ensemble, all held in one flat buffer.

    The update is elementwise, so it is the update each member would get from its own optimizer:
    Adam (Kingma & Ba 2015, with PyTorch's placement of ε):
        m ← β1 m + (1 - β1) g,   v ← β2 v + (1 - β2) g²,
        θ ← θ - lr/(1 - β1^t) · m / (√v / √(1 - β2^t) + ε);
    SGD: b ← μ b + g (b = g at the first step), θ ← θ - lr b.
    Adam runs PyTorch's fused kernel (one pass over the buffer, the kernel behind
    ``torch.optim.Adam(fused=True)``) when this torch has it, else the five tensor operations above
    (``fused=False`` forces them). The state (moments, step count) lives here, so it can be carried
    from one run to the next.
    """

    def __init__(self, flat: torch.Tensor, name: str = "adam", lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, momentum: float = 0.0,
                 fused: bool | None = None):
        if name not in ("adam", "sgd"):
            raise ValueError(f"optimizer must be 'adam' or 'sgd', got {name!r}.")
        self.name, self.lr, self.eps, self.momentum = name, check_positive(lr, "lr"), float(eps), float(momentum)
        self.betas = (float(betas[0]), float(betas[1]))
        if not (0 <= self.betas[0] < 1 and 0 <= self.betas[1] < 1) or not 0 <= self.momentum < 1:
            raise ValueError(f"betas must lie in [0, 1) and momentum in [0, 1), got {betas} and {momentum}.")
        self.flat = flat
        self.t = 0
        self.m = torch.zeros_like(flat)
        self.v = torch.zeros_like(flat) if name == "adam" else None
        self.fused = hasattr(torch, "_fused_adam_") if fused is None else bool(fused)
        self._t_tensor = torch.zeros((), dtype=torch.float32, device=flat.device)
        self._denom = torch.empty_like(flat) if name == "adam" else None
        self._tiny = float(torch.finfo(flat.dtype).tiny)

    def step(self, grad: torch.Tensor) -> None:
        self.t += 1
        if self.name == "sgd":
            if self.momentum > 0:
                if self.t == 1:
                    self.m.copy_(grad)
                else:
                    self.m.mul_(self.momentum).add_(grad)
                grad = self.m
            self.flat.add_(grad, alpha=-self.lr)
            return
        b1, b2 = self.betas
        if self.fused:
            self._t_tensor.fill_(self.t)
            torch._fused_adam_([self.flat], [grad], [self.m], [self.v], [], [self._t_tensor], lr=self.lr,
                               beta1=b1, beta2=b2, weight_decay=0.0, eps=self.eps, amsgrad=False, maximize=False)
            return
        self.m.lerp_(grad, 1 - b1)
        self.v.mul_(b2).addcmul_(grad, grad, value=1 - b2)
        # √(v + tiny), tiny = the smallest normal float: √0 and √subnormal take a slow path on CPUs,
        # and tiny moves the denominator by < 1e-11 of ε.
        denom = torch.add(self.v, self._tiny, out=self._denom).sqrt_().div_((1 - b2 ** self.t) ** 0.5).add_(self.eps)
        self.flat.addcdiv_(self.m, denom, value=-self.lr / (1 - b1 ** self.t))


def _flat_views(flat: torch.Tensor, shapes: Sequence[tuple[int, ...]]) -> list[torch.Tensor]:
    views, start = [], 0
    for shape in shapes:
        n = int(np.prod(shape))
        views.append(flat[start:start + n].view(shape))
        start += n
    return views


def _loss_grad(params: Sequence[torch.Tensor], grads: Sequence[torch.Tensor], x: torch.Tensor,
               target: torch.Tensor, w: torch.Tensor) -> None:
    """Gradient of Σ_r Σ_b w_rb CE(g_r(x_rb), target_rb) (soft targets) written into ``grads``.

    Weights in ``nn.Linear``'s layout W_l (M, out, in). Forward: h_0 = x, a_l = h_{l-1} W_lᵀ + b_l,
    h_l = ReLU(a_l); logits z = a_L. Backward: δ_L = ∂/∂z = w (softmax(z) - target) (the targets
    sum to 1), ∂W_l = δ_lᵀ h_{l-1}, ∂b_l = Σ_b δ_l, δ_{l-1} = δ_l W_l ⊙ 1[a_{l-1} > 0].
    """
    n_layers = len(params) // 2
    hs, pres = [x], []
    h = x
    for l in range(n_layers):
        a = _affine(params[2 * l], params[2 * l + 1], h)
        if l < n_layers - 1:
            pres.append(a)
            h = a.clamp_min(0)
            hs.append(h)
        else:
            h = a
    delta = torch.softmax(h, -1).sub_(target).mul_(w[..., None])
    for l in range(n_layers - 1, -1, -1):
        if hs[l].shape[2] == 1:      # one input coordinate: a broadcast product beats a batched GEMM
            torch.sum(delta * hs[l], 1, out=grads[2 * l][..., 0])
        elif hs[l].shape[2] <= SMALL_FAN_IN:   # thin input: (h_lᵀ δ)ᵀ, the fast GEMM layout, then transposed
            grads[2 * l].copy_(torch.bmm(hs[l].transpose(1, 2), delta).transpose(1, 2))
        else:
            torch.bmm(delta.transpose(1, 2), hs[l], out=grads[2 * l])
        torch.sum(delta, 1, keepdim=True, out=grads[2 * l + 1])
        if l > 0:
            wl = params[2 * l]
            if wl.shape[1] <= SMALL_FAN_IN:   # few outputs (e.g. the logits): δ W = Σ_j δ_j W_j as broadcasts
                back = torch.mul(delta[..., :1], wl[:, :1])
                for j in range(1, wl.shape[1]):
                    back.addcmul_(delta[..., j:j + 1], wl[:, j:j + 1])
            else:
                back = torch.bmm(delta, wl)
            delta = torch.ops.aten.threshold_backward(back, pres[l - 1], 0)


@dataclass
class EnsembleResult:
    """What :func:`train_ensemble` returns (numpy arrays on the CPU, except ``params``).

    ``errors``: (M, R) training error (fraction of the original points misclassified) after each
    step in ``record_steps``; ``probs``: (M, m, k) softmax on the training points after training;
    ``params``: the trained stacked parameters [W_1 (M, h, d), b_1 (M, 1, h), …];
    ``state``: the optimizer (its moments and step count, to carry on training).
    """

    members: list[Member]
    record_steps: np.ndarray
    errors: np.ndarray
    probs: np.ndarray
    params: list[torch.Tensor]
    state: object = field(default=None, repr=False)

    def predict_proba(self, queries) -> np.ndarray:
        """Softmax of every member at ``queries`` (q, d) or (q,): shape (M, q, k)."""
        Q = check_points(queries, "queries")
        p0 = self.params[0]
        if Q.shape[1] != p0.shape[2]:
            raise ValueError(f"queries have {Q.shape[1]} coordinates but the networks take {p0.shape[2]}.")
        with torch.no_grad():
            q = torch.as_tensor(Q, dtype=p0.dtype, device=p0.device).expand(p0.shape[0], -1, -1)
            return torch.softmax(stacked_forward(self.params, q), dim=-1).cpu().numpy()


def _check_data(X, y, num_classes):
    X = check_points(X)
    y, k = check_labels(y, len(X), num_classes)
    if k < 2:
        raise ValueError("training a classifier needs at least 2 classes; pass num_classes >= 2.")
    return X, y, k


def _check_member_data(X, y, num_classes, n_members: int):
    """One dataset for all members ((m, d) or (m,), labels (m,)), or one per member ((M, m, d), labels (M, m))."""
    if np.ndim(X) != 3:
        return _check_data(X, y, num_classes)
    Xs = check_finite(X, "X")
    if Xs.shape[0] != n_members or Xs.shape[1] < 1:
        raise ValueError(f"X of shape {Xs.shape} reads as one dataset per member, (members, m, d), but there are "
                         f"{n_members} members; stack exactly one dataset per member, or pass one (m, d) dataset.")
    ys = np.asarray(y)
    if ys.shape != Xs.shape[:2]:
        raise ValueError(f"with one dataset per member, y must have shape (members, m) = {Xs.shape[:2]}, "
                         f"got {ys.shape}.")
    flat, k = check_labels(ys.reshape(-1), ys.size, num_classes)
    if k < 2:
        raise ValueError("training a classifier needs at least 2 classes; pass num_classes >= 2.")
    return Xs, flat.reshape(ys.shape), k


def _check_steps(epochs: int, record_every: int) -> None:
    for name, v in (("epochs", epochs), ("record_every", record_every)):
        if isinstance(v, bool) or int(v) != v or int(v) < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}.")


def _device(device) -> torch.device:
    return device if isinstance(device, torch.device) else get_device(device)


def train_ensemble(X, y, members: Sequence[Member], *, hidden: int | Sequence[int] = 512, epochs: int = 5000,
                   optimizer: OptimizerName = "adam", lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                   momentum: float = 0.0, record_every: int = 50, num_classes: int | None = None,
                   device: torch.device | str | None = None, dtype: torch.dtype = torch.float32,
                   init_params: Sequence[torch.Tensor] | None = None, state: StackedOptimizer | None = None,
                   chunk_epochs: int = 500, cpu_threads: int | None = 1,
                   accumulate_grads: bool = False) -> EnsembleResult:
    """Train every member of ``members`` on (X, y) at once; see the module docstring for the loss.

    ``X`` (m, d) with labels ``y`` (m,) is shared by all members; ``X`` (M, m, d) with ``y`` (M, m)
    gives member r its own dataset X[r] (all of the same size m, e.g. one dataset per seed), and
    ``errors`` and ``probs`` then refer to each member's own points.

    All members take the same number of steps (``epochs`` × steps per epoch, equal for all) and
    their batches must have the same padded width. Gradients are computed in closed form (no
    autograd) and the update is :class:`StackedOptimizer`. ``init_params`` and ``state`` continue
    from given stacked weights and optimizer state (the authors' protocol in :func:`train_runs`);
    otherwise each member starts from :func:`init_mlp` with its ``weights_seed``. ``cpu_threads``:
    torch threads while training on the CPU (None: leave torch's setting). ``accumulate_grads=True``
    (opt-in) reproduces a loop that never zeroes the gradients: step t uses the sum of the gradients of
    steps 1..t (the authors' Mixup loop in the two moons experiments, paper §3.1).
    """
    dev = _device(device)
    # Adam's second moments of tiny gradients reach the subnormal range, where CPU arithmetic is
    # many times slower; flushing subnormals to zero changes no digit that matters here.
    with limited_cpu_threads(dev, cpu_threads, flush_denormal=True):
        return _train_ensemble(X, y, members, hidden, int(epochs), optimizer, lr, betas, momentum,
                               record_every, num_classes, dev, dtype, init_params, state, int(chunk_epochs),
                               bool(accumulate_grads))


def _train_ensemble(X, y, members, hidden, epochs, optimizer, lr, betas, momentum, record_every, num_classes,
                    dev, dtype, init_params, state, chunk_epochs, accumulate_grads=False) -> EnsembleResult:
    members = list(members)
    if not members:
        raise ValueError("members is empty; give at least one Member.")
    X, y, k = _check_member_data(X, y, num_classes, len(members))
    _check_steps(epochs, record_every)
    per_member = X.ndim == 3                # one dataset per member, stacked along the first axis
    m, M = X.shape[-2], len(members)
    for mem in members:
        if not isinstance(mem, Member) or not isinstance(mem.sampler, Sampler):
            raise ValueError(f"each member must be a Member(sampler=ERM()/Mixup(...)/..., seed=...), got {mem!r}.")
    widths = {mem.sampler.width(m) for mem in members}
    spe = {mem.sampler.steps_per_epoch(m) for mem in members}
    if len(widths) != 1 or len(spe) != 1:
        raise ValueError(f"members draw batches of different widths {sorted(widths)} or steps per epoch "
                         f"{sorted(spe)}; train such members in separate ensembles.")
    sizes = _layer_sizes(X.shape[-1], hidden, k)
    shapes = [s for a, b in zip(sizes[:-1], sizes[1:]) for s in ((M, b, a), (M, 1, b))]

    if init_params is None:
        per = [init_mlp(sizes, mem.weights_seed, dtype) for mem in members]
        flat = torch.cat([torch.stack([p[i] for p in per]).reshape(-1) for i in range(len(shapes))]).to(dev)
    else:
        if [tuple(p.shape) for p in init_params] != shapes:
            raise ValueError(f"init_params have shapes {[tuple(p.shape) for p in init_params]}, expected {shapes}.")
        flat = torch.cat([p.detach().reshape(-1) for p in init_params]).to(device=dev, dtype=dtype)
    params = _flat_views(flat, shapes)
    if state is None:
        state = StackedOptimizer(flat, optimizer, lr, betas, momentum=momentum)
    else:
        if state.flat.shape != flat.shape:
            raise ValueError("the optimizer state belongs to an ensemble of another size; start a fresh one.")
        state.flat = flat
    grad_flat = torch.zeros_like(flat)
    grads = _flat_views(grad_flat, shapes)
    grad_sum = torch.zeros_like(flat) if accumulate_grads else None

    Xt = torch.as_tensor(X, dtype=dtype, device=dev)                     # (m, d), or (M, m, d) per member
    onehot = F.one_hot(torch.as_tensor(y, device=dev), k).to(dtype)
    Xall = Xt if per_member else Xt.expand(M, -1, -1)
    y_dev = torch.as_tensor(y, device=dev)
    own = torch.arange(M, device=dev)[:, None] if per_member else None

    def take(table: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        """Rows idx (T, M, n) of the shared table, or of each member's own table."""
        return table[idx] if own is None else table[own, idx]
    rngs = [np.random.default_rng(np.random.SeedSequence(int(mem.seed))) for mem in members]

    steps_total = epochs * spe.pop()
    record_steps = np.arange(int(record_every), steps_total + 1, int(record_every))
    errors = torch.zeros(M, len(record_steps), dtype=dtype, device=dev)
    rec = step = 0
    for start in range(0, epochs, chunk_epochs):
        n_ep = min(chunk_epochs, epochs - start)
        draws = [mem.sampler.sample(m, n_ep, rng) for mem, rng in zip(members, rngs)]
        a = torch.as_tensor(np.stack([d.first for d in draws], 1), device=dev)        # (T, M, n)
        c = torch.as_tensor(np.stack([d.second for d in draws], 1), device=dev)
        lam = torch.as_tensor(np.stack([d.lam for d in draws], 1), dtype=dtype, device=dev)[..., None]
        w = torch.as_tensor(np.stack([d.weight for d in draws], 1), dtype=dtype, device=dev)
        x_mix = lam * take(Xt, a) + (1 - lam) * take(Xt, c)                         # (T, M, n, d)
        target = lam * take(onehot, a) + (1 - lam) * take(onehot, c)                # (T, M, n, k)
        w = w / w.sum(-1, keepdim=True).clamp_min(torch.finfo(dtype).tiny)
        for t in range(a.shape[0]):
            _loss_grad(params, grads, x_mix[t], target[t], w[t])
            if grad_sum is None:
                state.step(grad_flat)
            else:
                grad_sum += grad_flat
                state.step(grad_sum)
            step += 1
            if rec < len(record_steps) and step == record_steps[rec]:
                pred = stacked_forward(params, Xall).argmax(-1)
                errors[:, rec] = (pred != y_dev).to(dtype).mean(-1)
                rec += 1
    probs = torch.softmax(stacked_forward(params, Xall), -1)
    if not torch.isfinite(probs).all():
        raise ValueError("training diverged (NaN in the outputs); lower the learning rate.")
    return EnsembleResult(members=members, record_steps=record_steps, errors=errors.cpu().numpy(),
                          probs=probs.cpu().numpy(), params=params, state=state)


def train_single_plain(X, y, member: Member, *, hidden: int | Sequence[int] = 512, epochs: int = 5000,
                       optimizer: OptimizerName = "adam", lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                       momentum: float = 0.0, record_every: int = 50, num_classes: int | None = None,
                       device: torch.device | str | None = None, dtype: torch.dtype = torch.float32,
                       chunk_epochs: int = 500, cpu_threads: int | None = 1,
                       accumulate_grads: bool = False) -> EnsembleResult:
    """The same training as :func:`train_ensemble` for one member, written the plain way: an
    ``nn.Sequential`` model, autograd, ``torch.optim.Adam``/``SGD`` and one mixed batch built per
    step. It is the independent reference of the tests and the baseline of
    ``scripts/bench_training.py``."""
    dev = _device(device)
    # Adam's second moments of tiny gradients reach the subnormal range, where CPU arithmetic is
    # many times slower; flushing subnormals to zero changes no digit that matters here.
    with limited_cpu_threads(dev, cpu_threads, flush_denormal=True):
        X, y, k = _check_data(X, y, num_classes)
        _check_steps(epochs, record_every)
        sizes = _layer_sizes(X.shape[1], hidden, k)
        model = to_sequential([p[None] for p in init_mlp(sizes, member.weights_seed, dtype)], 0).to(dev)
        lr = check_positive(lr, "lr")
        if optimizer == "adam":
            opt = torch.optim.Adam(model.parameters(), lr=lr, betas=betas)
        elif optimizer == "sgd":
            opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
        else:
            raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}.")
        Xt = torch.as_tensor(X, dtype=dtype, device=dev)
        yt = torch.as_tensor(y, device=dev)
        m = len(X)
        rng = np.random.default_rng(np.random.SeedSequence(int(member.seed)))
        steps_total = int(epochs) * member.sampler.steps_per_epoch(m)
        record_steps = np.arange(int(record_every), steps_total + 1, int(record_every))
        errors, step = [], 0
        for start in range(0, int(epochs), int(chunk_epochs)):
            draws = member.sampler.sample(m, min(int(chunk_epochs), int(epochs) - start), rng)
            for t in range(draws.steps):
                keep = draws.weight[t] > 0
                ia = torch.as_tensor(draws.first[t][keep], device=dev)
                ic = torch.as_tensor(draws.second[t][keep], device=dev)
                lam = torch.as_tensor(draws.lam[t][keep], dtype=dtype, device=dev)
                wt = torch.as_tensor(draws.weight[t][keep], dtype=dtype, device=dev)
                x = lam[:, None] * Xt[ia] + (1 - lam[:, None]) * Xt[ic]
                if not accumulate_grads:
                    opt.zero_grad()
                logp = torch.log_softmax(model(x), dim=1)
                per_point = -(lam * logp.gather(1, yt[ia][:, None])[:, 0]
                              + (1 - lam) * logp.gather(1, yt[ic][:, None])[:, 0])
                loss = (wt * per_point).sum() / wt.sum()
                loss.backward()
                opt.step()
                step += 1
                if step in record_steps:
                    with torch.no_grad():
                        errors.append(float((model(Xt).argmax(1) != yt).to(dtype).mean()))
        with torch.no_grad():
            probs = torch.softmax(model(Xt), dim=1).cpu().numpy()[None]
        params = []
        for layer in model:
            if isinstance(layer, nn.Linear):
                params += [layer.weight.detach()[None].clone(), layer.bias.detach()[None, None].clone()]
        return EnsembleResult(members=[member], record_steps=record_steps, errors=np.array([errors]),
                              probs=probs, params=params, state=opt)


# --------------------------------------------------------------------------------------------
# Repeated runs: independent, or the authors' protocol.
# --------------------------------------------------------------------------------------------

@dataclass
class RunsResult:
    """Results of E experiments × R runs: ``errors`` (E, R, records), ``probs`` (E, R, m, k)."""

    samplers: list[Sampler]
    protocol: str
    record_steps: np.ndarray
    errors: np.ndarray
    probs: np.ndarray
    results: list[EnsembleResult] = field(repr=False, default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.samplers]


def derived_seed(*keys: int) -> int:
    """A 31-bit seed derived from integer keys with ``numpy.random.SeedSequence`` (independent streams)."""
    return int(np.random.SeedSequence([int(k) for k in keys]).generate_state(1)[0] >> 1)


def train_runs(X, y, samplers: Sequence[Sampler], runs: int = 10, seed: int = 0,
               protocol: Literal["independent", "authors"] = "independent", **kwargs) -> RunsResult:
    """Train each sampler (an "experiment") ``runs`` times.

    ``"independent"``: every (experiment, run) is its own member with fresh weights, fresh optimizer
    state and its own draws; all E × R members train as one vectorised ensemble.
    ``"authors"``: the protocol of the authors' alternating-line script. Each experiment keeps one
    optimizer over its R runs: after a run the weights are re-drawn but the optimizer state (Adam's
    moments and step count) carries on; the first run of every experiment starts from the same
    initial weights. The runs are sequential; the E experiments train together.
    ``kwargs`` go to :func:`train_ensemble` (hidden, epochs, lr, record_every, device, …).
    """
    samplers = list(samplers)
    if isinstance(runs, bool) or int(runs) < 1:
        raise ValueError(f"runs must be a positive integer, got {runs!r}.")
    E, R = len(samplers), int(runs)
    if protocol == "independent":
        members = [Member(s, seed=derived_seed(seed, e, r), init_seed=derived_seed(seed, 10_000 + e, r))
                   for e, s in enumerate(samplers) for r in range(R)]
        res = train_ensemble(X, y, members, **kwargs)
        errors = res.errors.reshape(E, R, -1)
        probs = res.probs.reshape(E, R, *res.probs.shape[1:])
        return RunsResult(samplers, protocol, res.record_steps, errors, probs, [res])
    if protocol != "authors":
        raise ValueError(f"protocol must be 'independent' or 'authors', got {protocol!r}.")
    results: list[EnsembleResult] = []
    state = None
    for r in range(R):
        members = [Member(s, seed=derived_seed(seed, e, r),
                          init_seed=derived_seed(seed, 20_000, 0) if r == 0 else derived_seed(seed, 10_000 + e, r))
                   for e, s in enumerate(samplers)]
        res = train_ensemble(X, y, members, state=state, **kwargs)   # fresh weights, carried optimizer state
        state = res.state
        results.append(res)
    errors = np.stack([r.errors for r in results], 1)
    probs = np.stack([r.probs for r in results], 1)
    return RunsResult(samplers, protocol, results[0].record_steps, errors, probs, results)
