"""The claims model: rows of the "Claims checked" tables, with verdicts that can only be computed.

Experiments build :class:`Claim` objects; :mod:`mixup_nb_utils.figures.claims` only renders them.

A row is a :class:`Claim`: what the paper says, its number, the book's number, the closed form's,
and one or more :class:`Check` objects. A check names what it compares and with which tolerance,
and carries the boolean its comparison produced (or ``None`` when the evidence cannot decide, for
example when two means are closer than their spread). The verdict is derived from the checks and
cannot be typed in:

- ``confirmed``: every check holds;
- ``refuted``: no check holds;
- ``partly``: some checks hold and some do not (each failing check is named in the table);
- ``undecided``: no check fails, but at least one could not be decided on the evidence.

Seed summaries live here too, written once: :func:`summarise` (mean ± standard error over seeds, with
n - 1 in the sample variance), :func:`paired_difference` (per-seed differences of two methods run on
the same seeds) and :func:`difference_se` (the standard error of a difference of two independent means).

There is no way to pass a verdict string: :class:`Claim` has no such field, and :class:`Check`
refuses anything that is not a boolean (a string such as ``"confirmed"`` raises). The tests also
scan the chapters and the experiment modules for verdict words written as string literals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

VERDICTS: tuple[str, ...] = ("confirmed", "refuted", "partly", "undecided")


@dataclass(frozen=True)
class SeedSummary:
    """Mean, standard deviation (n - 1 in the denominator; NaN for fewer than two values) and count."""

    mean: float
    sd: float
    n: int

    @property
    def se(self) -> float:
        """Standard error of the mean, sd / √n."""
        return self.sd / np.sqrt(self.n) if self.n > 0 else float("nan")

    def __str__(self) -> str:
        return f"{self.mean:.2f} ± {self.sd:.2f}"


def summarise(values) -> SeedSummary:
    """Mean ± sd (ddof = 1) of the finite values in ``values`` (one per seed); ``.se`` is sd / √n."""
    v = np.asarray(values, dtype=float).reshape(-1)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return SeedSummary(float("nan"), float("nan"), 0)
    return SeedSummary(float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else float("nan"), len(v))


def paired_difference(a, b) -> SeedSummary:
    """Per-seed differences a - b (same seeds, same datasets), summarised: mean ± sd, se = sd/√n."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired values need the same shape, got {a.shape} and {b.shape}.")
    return summarise(a - b)


def difference_se(a, b) -> float:
    """Standard error of mean(a) - mean(b) for independent samples: √(se_a² + se_b²), each with ddof = 1."""
    return float(np.hypot(summarise(a).se, summarise(b).se))


@dataclass(frozen=True)
class Check:
    """One computed comparison behind a verdict: ``test`` says what is compared and with which tolerance.

    ``holds`` is the comparison's outcome (a Python or numpy boolean), or ``None`` when the evidence
    cannot decide it (say so in ``test``, e.g. "difference within 2 sd of the seeds").
    """

    test: str
    holds: bool | None

    def __post_init__(self) -> None:
        if not isinstance(self.test, str) or not self.test.strip():
            raise ValueError("a Check needs a non-empty description of what it compares (and its tolerance).")
        value = self.holds
        if value is not None and not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"Check.holds must be the boolean result of a comparison (or None when it cannot "
                             f"be decided), got {value!r} of type {type(value).__name__}; compute it from "
                             f"the numbers of the row.")
        object.__setattr__(self, "holds", None if value is None else bool(value))


def decide(difference: float, spread: float, test: str, *, expect: str = "positive", k: float = 2.0) -> Check:
    """A check on the sign of a noisy difference: holds when it is beyond ``k`` spreads on the expected side.

    ``expect="positive"``: holds if difference > k·spread, fails if difference < -k·spread, and is
    undecided (None) in between; ``expect="negative"`` mirrors it. ``spread`` is a standard error
    (of the difference), so the tolerance is stated in ``test`` as "± k s.e.".
    """
    if expect not in ("positive", "negative"):
        raise ValueError(f"expect must be 'positive' or 'negative', got {expect!r}.")
    d, s = float(difference), float(spread)
    if not np.isfinite(d) or not np.isfinite(s) or s < 0:
        raise ValueError(f"decide needs a finite difference and a finite spread >= 0, got {difference}, {spread}.")
    if expect == "negative":
        d = -d
    holds = True if d > k * s else (False if d < -k * s else None)
    return Check(f"{test} (decided beyond ± {k:g} s.e.)", holds)


@dataclass(frozen=True)
class Claim:
    """One row: the claim, the paper's number, this book's number, the closed form's, and its checks."""

    claim: str
    paper: str
    book: str
    checks: tuple[Check, ...]
    closed_form: str = "–"

    def __post_init__(self) -> None:
        checks = (self.checks,) if isinstance(self.checks, Check) else tuple(self.checks)
        if not checks or not all(isinstance(c, Check) for c in checks):
            raise ValueError(f"claim {self.claim!r} needs at least one Check (the computed comparison behind "
                             f"its verdict), got {self.checks!r}.")
        object.__setattr__(self, "checks", checks)

    @property
    def verdict(self) -> str:
        """Derived from the checks: confirmed, refuted, partly or undecided (see the module docstring)."""
        outcomes = [c.holds for c in self.checks]
        if all(o is True for o in outcomes):
            return "confirmed"
        if any(o is False for o in outcomes):
            return "refuted" if not any(o is True for o in outcomes) else "partly"
        return "undecided"

    def tests_text(self) -> str:
        """The checks as one cell: each test with its outcome."""
        mark = {True: "holds", False: "fails", None: "undecided"}
        return "; ".join(f"{c.test}: {mark[c.holds]}" for c in self.checks)

def paired_k(n: int) -> float:
    """The two-sided 95 % quantile of Student's t with n − 1 degrees of freedom, rounded up to 0.01 (2.45 for 7 seeds).

    A mean of n paired differences divided by its standard error is t-distributed with n − 1 degrees of
    freedom; the normal "2 s.e." (1.96) decides too often with a handful of seeds.
    """
    if int(n) < 2:
        raise ValueError(f"a paired comparison needs at least 2 seeds to have a standard error, got {n}.")
    return float(np.ceil(stats.t.ppf(0.975, int(n) - 1) * 100) / 100)
