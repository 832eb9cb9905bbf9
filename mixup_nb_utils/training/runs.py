"""Repeated runs of an experiment (paper §2.3, App. D.1): independent, or the authors' protocol.

:func:`train_runs` repeats each experiment over runs, either as independent runs (one vectorised
ensemble) or with the authors' protocol (one optimizer state carried from run to run, weights
re-drawn, the first run of every experiment from the same initial weights).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Sequence

import numpy as np

from .ensemble import EnsembleResult, Member, TrainConfig, resolve_config, train_ensemble
from .samplers import Sampler


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
               protocol: Literal["independent", "authors"] = "independent", config: TrainConfig | None = None,
               **overrides) -> RunsResult:
    """Train each sampler (an "experiment") ``runs`` times.

    ``"independent"``: every (experiment, run) is its own member with fresh weights, fresh optimizer
    state and its own draws; all E × R members train as one vectorised ensemble.
    ``"authors"``: the protocol of the authors' alternating-line script. Each experiment keeps one
    optimizer over its R runs: after a run the weights are re-drawn but the optimizer state (Adam's
    moments and step count) carries on; the first run of every experiment starts from the same
    initial weights. The runs are sequential; the E experiments train together.
    Training settings: ``config`` (a :class:`TrainConfig`) with ``overrides`` (hidden, epochs, lr, …).
    """
    samplers = list(samplers)
    cfg = resolve_config(config, overrides)
    if isinstance(runs, bool) or int(runs) < 1:
        raise ValueError(f"runs must be a positive integer, got {runs!r}.")
    E, R = len(samplers), int(runs)
    if protocol == "independent":
        members = [Member(s, seed=derived_seed(seed, e, r), init_seed=derived_seed(seed, 10_000 + e, r))
                   for e, s in enumerate(samplers) for r in range(R)]
        res = train_ensemble(X, y, members, cfg)
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
        res = train_ensemble(X, y, members, cfg, state=state)   # fresh weights, carried optimizer state
        state = res.state
        results.append(res)
    errors = np.stack([r.errors for r in results], 1)
    probs = np.stack([r.probs for r in results], 1)
    return RunsResult(samplers, protocol, results[0].record_steps, errors, probs, results)
