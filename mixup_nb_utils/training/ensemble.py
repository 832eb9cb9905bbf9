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
alone (``tests/training/test_ensemble.py`` checks this against the plain ``nn.Sequential`` loop
of :func:`mixup_nb_utils.training.plain.train_single_plain`). The
gradients are written in closed form (no autograd graph) and all parameters live in one flat
buffer updated by one optimizer kernel: for these tiny networks the per-operation overhead, not
the arithmetic, is what costs time.

The pieces: the samplers (:mod:`~mixup_nb_utils.training.samplers`), the stacked MLP
(:mod:`~mixup_nb_utils.training.mlp`), the optimizer (:mod:`~mixup_nb_utils.training.optim`);
repeated runs are :func:`mixup_nb_utils.training.runs.train_runs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from ..config.training import OptimizerName, TrainConfig, resolve_config  # noqa: F401 (re-exported)
from ..device import get_device, limited_cpu_threads
from ..notebook import progress_bar
from ..validation import check_finite, check_labels, check_points
from .mlp import SMALL_FAN_IN, _affine, _layer_sizes, init_mlp, stacked_forward
from .optim import StackedOptimizer
from .samplers import Sampler



@dataclass(frozen=True)
class Member:
    """One member of an ensemble: its sampler, the seed of its draws and the seed of its initial weights."""

    sampler: Sampler
    seed: int = 0
    init_seed: int | None = None

    @property
    def weights_seed(self) -> int:
        return self.seed if self.init_seed is None else self.init_seed


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


def _device(device) -> torch.device:
    return device if isinstance(device, torch.device) else get_device(device)


def train_ensemble(X, y, members: Sequence[Member], config: TrainConfig | None = None, *,
                   init_params: Sequence[torch.Tensor] | None = None, state: StackedOptimizer | None = None,
                   **overrides) -> EnsembleResult:
    """Train every member of ``members`` on (X, y) at once; see the module docstring for the loss.

    ``X`` (m, d) with labels ``y`` (m,) is shared by all members; ``X`` (M, m, d) with ``y`` (M, m)
    gives member r its own dataset X[r] (all of the same size m, e.g. one dataset per seed), and
    ``errors`` and ``probs`` then refer to each member's own points.

    All members take the same number of steps (``epochs`` × steps per epoch, equal for all) and
    their batches must have the same padded width. Gradients are computed in closed form (no
    autograd) and the update is :class:`StackedOptimizer`. ``init_params`` and ``state`` continue
    from given stacked weights and optimizer state (the authors' protocol in
    :func:`~mixup_nb_utils.training.runs.train_runs`); otherwise each member starts from
    :func:`init_mlp` with its ``weights_seed``. The training settings are ``config`` (a
    :class:`TrainConfig`) with ``overrides`` applied, e.g. ``train_ensemble(X, y, members, epochs=100)``.
    ``accumulate_grads=True`` (opt-in) reproduces a loop that never zeroes the gradients: step t uses
    the sum of the gradients of steps 1..t (the authors' Mixup loop in the two moons experiments, paper §3.1).
    """
    cfg = resolve_config(config, overrides)
    dev = _device(cfg.device)
    # Adam's second moments of tiny gradients reach the subnormal range, where CPU arithmetic is
    # many times slower; flushing subnormals to zero changes no digit that matters here.
    with limited_cpu_threads(dev, cfg.cpu_threads, flush_denormal=True):
        return _train_ensemble(X, y, members, cfg, dev, init_params, state)


#: at most this many elements in one chunk's mixed inputs (T, M, n, d) or targets (T, M, n, k): about
#: 130 MB in float64, so that a chapter's kernel stays well under Binder's memory limit
CHUNK_ELEMENTS = 1 << 24


def _chunk_epochs(chunk_epochs: int, steps_per_epoch: int, M: int, width: int, features: int) -> int:
    """Epochs drawn at once: ``chunk_epochs``, fewer when one chunk's mixed inputs would pass CHUNK_ELEMENTS.

    Deterministic batches (ERM, FixedMixtures) stay the same, the weights then differ by float rounding at
    most; a sampler that draws a chunk at once (Mixup) draws other λ.
    """
    return max(1, min(int(chunk_epochs), CHUNK_ELEMENTS // (steps_per_epoch * M * width * features)))


def _steps_per_epoch(members: list, m: int) -> tuple[int, int]:
    """The members' common steps per epoch and batch width: every member must draw batches of one width
    and step count."""
    for mem in members:
        if not isinstance(mem, Member) or not isinstance(mem.sampler, Sampler):
            raise ValueError(f"each member must be a Member(sampler=ERM()/Mixup(...)/..., seed=...), got {mem!r}.")
    widths = {mem.sampler.width(m) for mem in members}
    spe = {mem.sampler.steps_per_epoch(m) for mem in members}
    if len(widths) != 1 or len(spe) != 1:
        raise ValueError(f"members draw batches of different widths {sorted(widths)} or steps per epoch "
                         f"{sorted(spe)}; train such members in separate ensembles.")
    return spe.pop(), widths.pop()


def _start(sizes: list[int], members: list, cfg: TrainConfig, dev: torch.device, init_params, state):
    """The flat parameter buffer (from each member's seed, or ``init_params``), its stacked views and shapes,
    and the optimizer (fresh, or ``state`` continued on the new buffer)."""
    M = len(members)
    shapes = [s for a, b in zip(sizes[:-1], sizes[1:]) for s in ((M, b, a), (M, 1, b))]
    if init_params is None:
        per = [init_mlp(sizes, mem.weights_seed, cfg.dtype) for mem in members]
        flat = torch.cat([torch.stack([p[i] for p in per]).reshape(-1) for i in range(len(shapes))]).to(dev)
    else:
        if [tuple(p.shape) for p in init_params] != shapes:
            raise ValueError(f"init_params have shapes {[tuple(p.shape) for p in init_params]}, expected {shapes}.")
        flat = torch.cat([p.detach().reshape(-1) for p in init_params]).to(device=dev, dtype=cfg.dtype)
    if state is None:
        state = StackedOptimizer(flat, cfg.optimizer, cfg.lr, cfg.betas, momentum=cfg.momentum)
    else:
        if state.flat.shape != flat.shape:
            raise ValueError("the optimizer state belongs to an ensemble of another size; start a fresh one.")
        state.flat = flat
    return flat, _flat_views(flat, shapes), shapes, state


def _take(table: torch.Tensor, idx: torch.Tensor, own: torch.Tensor | None) -> torch.Tensor:
    """Rows idx (T, M, n) of the shared table, or of each member's own table (``own``: member indices)."""
    return table[idx] if own is None else table[own, idx]


def _train_ensemble(X, y, members, cfg: TrainConfig, dev: torch.device, init_params, state) -> EnsembleResult:
    epochs, record_every, chunk_epochs, dtype = cfg.epochs, cfg.record_every, int(cfg.chunk_epochs), cfg.dtype
    members = list(members)
    if not members:
        raise ValueError("members is empty; give at least one Member.")
    X, y, k = _check_member_data(X, y, cfg.num_classes, len(members))
    per_member = X.ndim == 3                # one dataset per member, stacked along the first axis
    m, M = X.shape[-2], len(members)
    steps_per_epoch, width = _steps_per_epoch(members, m)
    chunk_epochs = _chunk_epochs(chunk_epochs, steps_per_epoch, M, width, max(X.shape[-1], k))
    flat, params, shapes, state = _start(_layer_sizes(X.shape[-1], cfg.hidden, k), members, cfg, dev,
                                         init_params, state)
    grad_flat = torch.zeros_like(flat)
    grads = _flat_views(grad_flat, shapes)
    grad_sum = torch.zeros_like(flat) if cfg.accumulate_grads else None

    Xt = torch.as_tensor(X, dtype=dtype, device=dev)                     # (m, d), or (M, m, d) per member
    onehot = F.one_hot(torch.as_tensor(y, device=dev), k).to(dtype)
    Xall = Xt if per_member else Xt.expand(M, -1, -1)
    y_dev = torch.as_tensor(y, device=dev)
    own = torch.arange(M, device=dev)[:, None] if per_member else None
    rngs = [np.random.default_rng(np.random.SeedSequence(int(mem.seed))) for mem in members]

    record_steps = np.arange(int(record_every), epochs * steps_per_epoch + 1, int(record_every))
    errors = torch.zeros(M, len(record_steps), dtype=dtype, device=dev)
    rec = step = 0
    bar = progress_bar(epochs * steps_per_epoch, desc=f"training {M} model{'s' if M > 1 else ''}")
    for start in range(0, epochs, chunk_epochs):
        draws = [mem.sampler.sample(m, min(chunk_epochs, epochs - start), rng) for mem, rng in zip(members, rngs)]
        a = torch.as_tensor(np.stack([d.first for d in draws], 1), device=dev)        # (T, M, n)
        c = torch.as_tensor(np.stack([d.second for d in draws], 1), device=dev)
        lam = torch.as_tensor(np.stack([d.lam for d in draws], 1), dtype=dtype, device=dev)[..., None]
        w = torch.as_tensor(np.stack([d.weight for d in draws], 1), dtype=dtype, device=dev)
        x_mix = lam * _take(Xt, a, own) + (1 - lam) * _take(Xt, c, own)              # (T, M, n, d)
        target = lam * _take(onehot, a, own) + (1 - lam) * _take(onehot, c, own)     # (T, M, n, k)
        w = w / w.sum(-1, keepdim=True).clamp_min(torch.finfo(dtype).tiny)
        for t in range(a.shape[0]):
            _loss_grad(params, grads, x_mix[t], target[t], w[t])
            if grad_sum is None:
                state.step(grad_flat)
            else:
                grad_sum += grad_flat
                state.step(grad_sum)
            step += 1
            bar.update(1)
            if rec < len(record_steps) and step == record_steps[rec]:
                errors[:, rec] = (stacked_forward(params, Xall).argmax(-1) != y_dev).to(dtype).mean(-1)
                rec += 1
    bar.close()
    probs = torch.softmax(stacked_forward(params, Xall), -1)
    if not torch.isfinite(probs).all():
        raise ValueError("training diverged (NaN in the outputs); lower the learning rate.")
    return EnsembleResult(members=members, record_steps=record_steps, errors=errors.cpu().numpy(),
                          probs=probs.cpu().numpy(), params=params, state=state)
