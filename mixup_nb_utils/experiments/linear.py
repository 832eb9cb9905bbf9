"""The chapter "Linear models" (paper §3.2, Lemma 3.7, Theorem 3.5): sweeps over dimensions and dataset sizes.

Each function loops over the chapter's settings and calls the solvers of :mod:`mixup_nb_utils.theory.linear`.
"""

from __future__ import annotations

import math

import numpy as np

from ..theory.linear import (cosine, erm_direction, interpolation_probability, lemma_3_7_threshold,
                             max_margin_interpolates, mixup_logistic_minimizer)


def dimension_sweep(n: int, dims, draws: int, mixings: dict, rng: np.random.Generator,
                    n_pos: int | None = None, nodes: int = 64) -> dict:
    """For each d in ``dims`` and each of ``draws`` Gaussian datasets (n points, the first n_pos labelled +1):
    separability, interpolation of the max margin, and the cosine between each Mixup minimiser and
    the max-margin direction (NaN when not separable) and the ERM direction (:func:`erm_direction`).

    ``mixings`` maps a name to ``(mixing spec, pairs)``. Returns arrays of shape (len(dims), draws).
    """
    dims = np.asarray(dims, dtype=int)
    n = int(n)
    n_pos = n // 2 if n_pos is None else int(n_pos)
    y = np.where(np.arange(n) < n_pos, 1.0, -1.0)
    shape = (len(dims), int(draws))
    out = {"dims": dims, "separable": np.zeros(shape, bool), "interpolates": np.zeros(shape, bool),
           "cos_max_margin": {k: np.full(shape, np.nan) for k in mixings},
           "cos_erm": {k: np.full(shape, np.nan) for k in mixings}}
    for a, d in enumerate(dims):
        for r in range(int(draws)):
            X = rng.standard_normal((n, int(d)))
            erm, sep = erm_direction(X, y)
            out["separable"][a, r] = sep
            out["interpolates"][a, r] = sep and max_margin_interpolates(X, y)
            for name, (spec, pairs) in mixings.items():
                theta = mixup_logistic_minimizer(X, y, spec, nodes=nodes, pairs=pairs)
                out["cos_erm"][name][a, r] = cosine(theta, erm)
                if sep:
                    out["cos_max_margin"][name][a, r] = cosine(theta, erm)
    return out


def lemma_3_7_scan(ns, grid: int, draws: int, rng: np.random.Generator, stretch: float = 1.25) -> dict:
    """P[max margin interpolates] on a geometric grid of d in [n, stretch × threshold] for each n.

    Returns, per n: ``dims``, ``prob``, ``threshold`` (10 n ln n + n - 1), ``bound`` (1 - 2/n),
    ``prob_at_threshold`` (P at the first grid d above the threshold), ``d_bound`` and ``d_99`` (the
    smallest grid d from which on every P is at least 1 - 2/n, resp. 0.99).
    """
    out = {}
    for n in ns:
        n = int(n)
        thr = lemma_3_7_threshold(n)
        dims = np.unique(np.geomspace(n, stretch * thr, int(grid)).astype(int))
        dims = np.union1d(dims, [int(math.floor(thr)) + 1])
        prob = np.array([interpolation_probability(n, d, draws, rng) for d in dims])
        bound = 1.0 - 2.0 / n

        def first_from(level: float) -> int:
            below = np.flatnonzero(prob < level)
            return int(dims[below[-1] + 1]) if below.size else int(dims[0])

        out[n] = {"dims": dims, "prob": prob, "threshold": thr, "bound": bound,
                  "prob_at_threshold": float(prob[dims > thr][0]),
                  "d_bound": first_from(bound), "d_99": first_from(0.99)}
    return out
