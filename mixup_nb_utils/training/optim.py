"""Adam and SGD on the flat parameter buffer of an ensemble (the update each member would get alone)."""

from __future__ import annotations

import torch

from ..validation import check_positive


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
