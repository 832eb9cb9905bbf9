"""The reference trainer: one member trained the plain way (``nn.Sequential``, autograd, ``torch.optim``).

It is the independent check of the vectorised trainer of :mod:`mixup_nb_utils.training.ensemble`
(tests/training/test_ensemble.py) and the baseline of ``scripts/bench_training.py``.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..device import limited_cpu_threads
from ..validation import check_positive
from .ensemble import EnsembleResult, Member, TrainConfig, _check_data, _device, resolve_config
from .mlp import _layer_sizes, init_mlp, to_sequential


def train_single_plain(X, y, member: Member, config: TrainConfig | None = None, **overrides) -> EnsembleResult:
    """The same training as :func:`~mixup_nb_utils.training.ensemble.train_ensemble` for one member,
    written the plain way: an ``nn.Sequential`` model, autograd, ``torch.optim.Adam``/``SGD`` and one
    mixed batch built per step. It is the independent reference of the tests and the baseline of
    ``scripts/bench_training.py``. Settings: ``config`` with ``overrides``, as in ``train_ensemble``."""
    cfg = resolve_config(config, overrides)
    hidden, epochs, optimizer, lr, betas = cfg.hidden, cfg.epochs, cfg.optimizer, cfg.lr, cfg.betas
    momentum, record_every, dtype, chunk_epochs = cfg.momentum, cfg.record_every, cfg.dtype, cfg.chunk_epochs
    accumulate_grads = cfg.accumulate_grads
    dev = _device(cfg.device)
    # Adam's second moments of tiny gradients reach the subnormal range, where CPU arithmetic is
    # many times slower; flushing subnormals to zero changes no digit that matters here.
    with limited_cpu_threads(dev, cfg.cpu_threads, flush_denormal=True):
        X, y, k = _check_data(X, y, cfg.num_classes)
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
