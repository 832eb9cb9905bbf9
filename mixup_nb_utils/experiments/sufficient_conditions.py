"""The runs of the chapter "Sufficient conditions" (paper §2.4, Appendix D.2).

Each function takes the chapter's settings (``chapter_settings("sufficient_conditions")``) and
returns a dataclass; :func:`claims` builds the chapter's "Claims checked" rows from them.

- :func:`load_data`: a dataset as normalised images, split into train and test (digits: a seeded
  split; MNIST / CIFAR: torchvision's splits, read from ``settings.data_root``);
- :func:`small_examples`: two small datasets, one that breaks Assumption 2.9 and one that
  satisfies it, with the exact training error of h_ε on a grid of ε and α (Proposition 2.8,
  Theorem 2.10);
- :func:`conflicts`: Assumption 2.9 in its quantitative form: exact conflict distances (all pairs,
  midpoint and whole segment) for the training and test points, and the paper's sampled Table 2
  procedure on a subsample, beside the exact values on the same subsample;
- :func:`optimal_error`: the exact training error of h_ε (Lemma 2.3) against ε for every α;
- :func:`training_curves`: ResNet-18 trained with ERM and Mixup (Figures 2 and 9) and how fast
  each fits the training data (§2.5); :func:`paper_results` reads the paper-scale job results.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from ..data.images import IMAGE_DATASETS, digit_images, load_image_dataset
from ..device import make_generators
from ..claims import Check, Claim, decide
from ..theory.conflicts import ConflictDistances, conflict_distances
from ..theory.sampled_conflicts import Table2Estimate, table2_estimate
from ..theory.geometry import collinear_triples
from ..theory.optimal_error import OptimalTrainingError, optimal_training_error
from ..training.images import ErrorCurves, ImageTrainConfig, compare_methods
from ..training.jobs import DatasetResults, JobGrid, read_results

#: The paper's Table 2 (train / test minimum distance, normalised pixel space), quoted as the paper's.
PAPER_TABLE_2: dict[str, tuple[float, float]] = {
    "MNIST": (11.433, 11.897), "CIFAR10": (17.716, 22.133), "CIFAR100": (12.936, 15.076)}


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImageData:
    """A dataset as normalised images (N, C, H, W) with labels, split into train and test."""

    name: str
    X_train: torch.Tensor
    y_train: torch.Tensor
    X_test: torch.Tensor
    y_test: torch.Tensor

    @property
    def num_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_test.max())) + 1

    def flat(self, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
        """The points of ``split`` as float64 rows (N, C·H·W) and their labels, for the geometry."""
        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
        X, y = (self.X_train, self.y_train) if split == "train" else (self.X_test, self.y_test)
        return X.reshape(len(X), -1).double().numpy(), y.numpy()


def load_data(name: str, settings) -> ImageData:
    """``name`` = "digits" (scikit-learn's 8×8 digits, split by ``settings.test_fraction`` with a
    permutation seeded by ``settings.seed``) or a torchvision dataset read from ``settings.data_root``
    (raises FileNotFoundError naming the missing files and the command that fetches them)."""
    if name == "digits":
        X, y = digit_images()
        perm = make_generators(settings.seed).numpy.permutation(len(X))
        n_test = int(round(settings.test_fraction * len(X)))
        te, tr = np.sort(perm[:n_test]), np.sort(perm[n_test:])
        return ImageData(name, X[tr], y[tr], X[te], y[te])
    X_tr, y_tr = load_image_dataset(name, settings.data_root, train=True)
    X_te, y_te = load_image_dataset(name, settings.data_root, train=False)
    return ImageData(name, X_tr, y_tr, X_te, y_te)


@dataclass(frozen=True)
class Availability:
    """Which of the chapter's datasets could be loaded here, and why the others could not."""

    loaded: dict
    missing: dict


def available_data(settings) -> Availability:
    """Load every dataset of ``settings.datasets`` that is present; record the error of the others.
    When none can be loaded, the digits (shipped with scikit-learn) stand in, so the chapter carries on."""
    loaded, missing = {}, {}
    for name in settings.datasets:
        try:
            loaded[name] = load_data(name, settings)
        except FileNotFoundError as exc:
            missing[name] = str(exc)
    if not loaded:
        loaded["digits"] = load_data("digits", settings)
    return Availability(loaded, missing)


# --------------------------------------------------------------------------------------------
# Two small datasets: Assumption 2.9 broken and satisfied
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SmallExamples:
    """Two six-point datasets that differ in one point: ``X_bad`` breaks Assumption 2.9 (point 2 is the
    midpoint of two points of the other class), ``X_good`` does not. ``bad_triples``/``good_triples``:
    the violations found by :func:`~mixup_nb_utils.theory.geometry.collinear_triples`; ``error_bad``
    and ``error_good``: the exact training error of h_ε on ``eps`` × ``alphas``."""

    X_bad: np.ndarray
    X_good: np.ndarray
    y: np.ndarray
    bad_triples: list
    good_triples: list
    error_bad: OptimalTrainingError
    error_good: OptimalTrainingError


SMALL_X = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0], [1.0, 1.5], [2.2, 1.4], [-0.3, 1.2]])
SMALL_Y = np.array([0, 0, 1, 1, 0, 1])


def small_examples(eps, alphas) -> SmallExamples:
    """The datasets of :class:`SmallExamples` (point 2 moved from (1, 0) to (1, 0.35) in ``X_good``)."""
    good = SMALL_X.copy()
    good[2] = [1.0, 0.35]
    return SmallExamples(SMALL_X, good, SMALL_Y, collinear_triples(SMALL_X, SMALL_Y), collinear_triples(good, SMALL_Y),
                         optimal_training_error(SMALL_X, SMALL_Y, eps, alphas),
                         optimal_training_error(good, SMALL_Y, eps, alphas))


# --------------------------------------------------------------------------------------------
# Conflict distances: Assumption 2.9 quantified, and Table 2
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConflictReport:
    """Exact conflict distances of one dataset and the paper's sampled estimate beside them.

    ``train_*``: training points against pairs of training points; ``test_*``: test points against
    pairs of training points (``None`` where the full data are too large for the exact search at
    this scale). ``sampled``: the paper's procedure (``repeats`` independent epochs); ``sub_*``:
    the exact distances on the same train/test subsample as the first sampled epoch.
    """

    dataset: str
    train_midpoint: ConflictDistances | None
    train_segment: ConflictDistances | None
    test_midpoint: ConflictDistances | None
    test_segment: ConflictDistances | None
    sampled: tuple[Table2Estimate, ...]
    sub_train_midpoint: ConflictDistances
    sub_train_segment: ConflictDistances
    sub_test_midpoint: ConflictDistances
    sub_test_segment: ConflictDistances
    seconds_exact: float
    seconds_sampled: float

    def sampled_minimum(self, split: str) -> np.ndarray:
        """The sampled minimum of ``split`` ("train"/"test") for each repeat."""
        return np.array([getattr(t, split).minimum for t in self.sampled])


def conflicts(data: ImageData, settings, full: bool | None = None) -> ConflictReport:
    """Exact and sampled conflict distances of ``data`` (see :class:`ConflictReport`). ``full``:
    also the exact distances of every training and test point (all pairs of the training set);
    default: when the training set has at most ``settings.exact_full_max`` points."""
    full = len(data.X_train) <= settings.exact_full_max if full is None else full
    Xtr, ytr = data.flat("train")
    Xte, yte = data.flat("test")
    k = data.num_classes
    start = time.perf_counter()
    full_res = [None] * 4
    if full:
        full_res = [conflict_distances(Xtr, ytr, queries, labels, lam=mode, num_classes=k)
                    for queries, labels in ((None, None), (Xte, yte)) for mode in ("midpoint", "segment")]
    seconds_exact = time.perf_counter() - start
    start = time.perf_counter()
    sampled = tuple(table2_estimate(Xtr, ytr, Xte, yte, fraction=settings.table2_fraction,
                                    alpha=settings.table2_alpha, batch_size=settings.table2_batch,
                                    seed=settings.seed + r) for r in range(settings.table2_repeats))
    seconds_sampled = time.perf_counter() - start
    first = sampled[0]
    Xs, ys = Xtr[first.train_indices], ytr[first.train_indices]
    Xq, yq = Xte[first.test_indices], yte[first.test_indices]
    sub = [conflict_distances(Xs, ys, queries, labels, lam=mode, num_classes=k)
           for queries, labels in ((None, None), (Xq, yq)) for mode in ("midpoint", "segment")]
    return ConflictReport(data.name, full_res[0], full_res[1], full_res[2], full_res[3], sampled,
                          sub[0], sub[1], sub[2], sub[3], seconds_exact, seconds_sampled)


@dataclass(frozen=True)
class Table2Row:
    """One row of the book's Table 2: a way of measuring and its train and test minimum (mean where asked)."""

    method: str
    train: float
    test: float


def table2_rows(report: ConflictReport) -> list[Table2Row]:
    """Table 2 three ways: sampled (the paper's procedure), exact on the same subsample, exact on all points."""
    rows = [Table2Row(f"sampled, Beta(1024, 1024), first epoch", report.sampled[0].train.minimum,
                      report.sampled[0].test.minimum)]
    if len(report.sampled) > 1:
        tr, te = report.sampled_minimum("train"), report.sampled_minimum("test")
        rows.append(Table2Row(f"sampled, range over {len(report.sampled)} epochs: lowest", tr.min(), te.min()))
        rows.append(Table2Row(f"sampled, range over {len(report.sampled)} epochs: highest", tr.max(), te.max()))
    rows.append(Table2Row("exact on the same subsample, λ = 1/2", report.sub_train_midpoint.minimum,
                          report.sub_test_midpoint.minimum))
    rows.append(Table2Row("exact on the same subsample, any λ", report.sub_train_segment.minimum,
                          report.sub_test_segment.minimum))
    if report.train_midpoint is not None:
        rows.append(Table2Row("exact on all points, λ = 1/2", report.train_midpoint.minimum,
                              report.test_midpoint.minimum))
        rows.append(Table2Row("exact on all points, any λ", report.train_segment.minimum,
                              report.test_segment.minimum))
    return rows


def table2_markdown(report: ConflictReport):
    """The book's Table 2 for one dataset (see :func:`table2_rows`), with the paper's values quoted."""
    from IPython.display import Markdown

    lines = [f"| {report.dataset}: measured how | train minimum | test minimum |", "|---|---|---|"]
    lines += [f"| {r.method} | {r.train:.3f} | {r.test:.3f} |" for r in table2_rows(report)]
    if report.dataset in PAPER_TABLE_2:
        tr, te = PAPER_TABLE_2[report.dataset]
        lines.append(f"| the paper's Table 2 (sampled) | {tr:.3f} | {te:.3f} |")
    quoted = "; ".join(f"{n} {a:.3f} / {b:.3f}" for n, (a, b) in PAPER_TABLE_2.items())
    return Markdown("\n".join(lines) + f"\n\nThe paper's Table 2 (train / test, sampled): {quoted}.")


# --------------------------------------------------------------------------------------------
# The exact training error of h_ε
# --------------------------------------------------------------------------------------------

def optimal_error(data: ImageData, settings) -> OptimalTrainingError:
    """The exact training error of h_ε (Lemma 2.3, uniform P_X on the training points, Beta(α, α))
    at every ε of ``settings.eps_grid`` and every α of ``settings.alphas``."""
    X, y = data.flat("train")
    n = settings.optimal_error_points
    if n is not None and n < len(X):
        keep = np.sort(make_generators(settings.seed).numpy.choice(len(X), size=int(n), replace=False))
        X, y = X[keep], y[keep]
    return optimal_training_error(X, y, settings.eps_grid, settings.alphas, num_classes=data.num_classes)


@dataclass(frozen=True)
class TinyEpsCheck:
    """Proposition 2.8 at a small radius: the training error of h_ε at ``eps`` on each dataset, every α."""

    eps: float
    error_rate: dict

    @property
    def worst(self) -> float:
        return float(max(np.max(v) for v in self.error_rate.values()))


def tiny_eps_check(small: SmallExamples, data: ImageData, settings, eps: float = 1e-4) -> TinyEpsCheck:
    """The exact training error of h_ε at one small ``eps`` (relative to each dataset's smallest distance
    between two points) on the two small datasets and on ``data``, for every α of the chapter."""
    out = {}
    X, y = data.flat("train")
    for name, (Xd, yd) in {"violating": (small.X_bad, small.y), "satisfying": (small.X_good, small.y),
                           data.name: (X, y)}.items():
        res = optimal_training_error(Xd, yd, [eps], settings.alphas)
        out[name] = res.error_rate[:, 0]
    return TinyEpsCheck(float(eps), out)


# --------------------------------------------------------------------------------------------
# Training (Figures 2 and 9) and the rate of fit (§2.5)
# --------------------------------------------------------------------------------------------

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
    (NaN: never within the epochs run), and the final mean error with its sd over runs."""

    labels: tuple[str, ...]
    threshold: float
    first_epoch: np.ndarray
    final_mean: np.ndarray
    final_sd: np.ndarray

    def of(self, label: str) -> tuple[float, float, float]:
        i = self.labels.index(label)
        return float(self.first_epoch[i]), float(self.final_mean[i]), float(self.final_sd[i])


def fit_speed(curves: ErrorCurves, threshold: float) -> FitSpeed:
    """How fast each method of ``curves`` fits the training data (see :class:`FitSpeed`)."""
    below = curves.mean <= threshold
    first = np.where(below.any(1), below.argmax(1) + 1.0, np.nan)
    return FitSpeed(curves.labels, float(threshold), first, curves.mean[:, -1], curves.sd[:, -1])


def speed_markdown(speed: FitSpeed):
    """How fast each method fits: the first epoch with mean error ≤ the threshold, the final error."""
    from IPython.display import Markdown

    lines = [f"| method | first epoch with mean training error ≤ {speed.threshold:g} | final training error "
             "(mean ± sd over runs) |", "|---|---|---|"]
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
    grid = JobGrid(alphas=tuple(settings.alphas))
    return {name: read_results(name, settings.results, grid, settings.data_root) for name in grid.datasets}


# --------------------------------------------------------------------------------------------
# Claims checked
# --------------------------------------------------------------------------------------------

def _fmt(x: float, digits: int = 3) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _se(speed: FitSpeed, a: str, b: str, runs: int) -> float:
    """Standard error of the difference of two methods' final mean errors (sd over runs, independent)."""
    return float(np.hypot(speed.of(a)[2], speed.of(b)[2]) / np.sqrt(max(runs, 1)))


def claims(small: SmallExamples, report: ConflictReport, h_error: OptimalTrainingError,
           speed: FitSpeed, curves: ErrorCurves, tiny: TinyEpsCheck) -> list[Claim]:
    """The chapter's "Claims checked" rows, every verdict computed from the numbers in its row."""
    seg_min = report.train_segment.minimum if report.train_segment is not None else report.sub_train_segment.minimum
    largest = h_error.largest_fitting_eps
    below = np.asarray(h_error.eps) < seg_min
    fits_below = bool(np.all(h_error.error_rate[:, below] == 0)) if below.any() else None
    e_erm, f_erm, sd_erm = speed.of("ERM")
    label_big = max((lab for lab in speed.labels if lab != "ERM"), key=lambda lab: float(lab.split("=")[1]))
    e_big, f_big, sd_big = speed.of(label_big)
    others = [lab for lab in speed.labels if lab not in ("ERM", label_big)]
    gaps = {lab: speed.of(lab)[1] - f_erm for lab in others}
    n_runs = min(curves.runs)
    sampled_tr = report.sampled_minimum("train")
    rows = [
        Claim("Prop. 2.8: as ε → 0, h_ε fits every training point (finite data, any P_f)",
              "h^i = 1 on X_i", f"largest training error of h_ε at ε = {tiny.eps:g} over every α and "
              f"{', '.join(tiny.error_rate)}: {_fmt(tiny.worst)}",
              (Check(f"training error 0 at ε = {tiny.eps:g} for every α and dataset", tiny.worst == 0),),
              "exact (Lemma 2.3)"),
        Claim("Without Assumption 2.9 the fit needs ε → 0: a fixed ε fails for large α",
              "Theorem 2.7 (§2.3)", f"violating set: error {_fmt(small.error_bad.error_rate[-1].max(), 2)} at "
              f"α = {small.error_bad.alphas[-1]:g}; satisfying set: {_fmt(small.error_good.error_rate[:, 0].max(), 2)} "
              f"at ε = {small.error_good.eps[0]:g} for every α",
              (Check("the violating set has an error at some ε of the grid for the largest α",
                     bool(small.error_bad.error_rate[-1].max() > 0)),
               Check("the satisfying set is fitted at the smallest ε for every α",
                     bool(small.error_good.error_rate[:, 0].max() == 0))), "exact (Lemma 2.3)"),
        Claim(f"Assumption 2.9 holds on {report.dataset} (exact, all pairs; the paper: too expensive to verify)",
              "estimated by sampling", f"smallest distance from a training point to a segment of two other-class "
              f"points: {seg_min:.3f}",
              (Check("smallest segment conflict distance > 0", bool(seg_min > 0)),), "–"),
        Claim("Theorem 2.10, quantified (not in the paper): h_ε fits every training point while ε is below the "
              "smallest conflict distance", "–",
              "largest grid ε that fits, per α: " + ", ".join(f"α={a:g}: {_fmt(e, 2)}" for a, e in
                                                             zip(h_error.alphas, largest)),
              (Check(f"zero error at every grid ε < {seg_min:.2f}", fits_below),), "exact (Lemma 2.3)"),
        Claim("Table 2's sampled distance estimates the exact minimum from above",
              f"{min(v[0] for v in PAPER_TABLE_2.values()):.3f}–{max(v[0] for v in PAPER_TABLE_2.values()):.3f} "
              "(train, the paper's datasets)",
              f"sampled {_fmt(sampled_tr.min())}–{_fmt(sampled_tr.max())} over {len(sampled_tr)} epochs; "
              f"exact on the same subsample: λ = 1/2 {_fmt(report.sub_train_midpoint.minimum)}, any λ "
              f"{_fmt(report.sub_train_segment.minimum)}",
              (Check("every sampled minimum ≥ the exact any-λ minimum of its subsample (first epoch)",
                     bool(report.sampled[0].train.minimum >= report.sub_train_segment.minimum - 1e-9)),), "exact"),
        Claim(f"Figure 2: Mixup at the largest α ({label_big}) reaches the training accuracy of ERM (within 1%)", "within 1%",
              f"final error ERM {_fmt(f_erm)} ± {_fmt(sd_erm)}, Mixup {_fmt(f_big)} ± {_fmt(sd_big)} "
              f"({n_runs} runs)",
              (Check("|final error Mixup − ERM| ≤ 0.01", bool(abs(f_big - f_erm) <= 0.01)),), "–"),
        Claim("Figure 9: α = 1, 32, 128 are strictly closer to ERM in training error than α = 1024",
              "strictly closer", ", ".join(f"{lab}: {g:+.4f}" for lab, g in gaps.items())
              + f"; α = 1024: {f_big - f_erm:+.4f} (final error minus ERM's)",
              tuple(decide(abs(f_big - f_erm) - abs(g), _se(speed, lab, label_big, n_runs),
                           f"|α = 1024 − ERM| − |{lab} − ERM| > 0") for lab, g in gaps.items()), "–"),
        Claim(f"§2.5: Mixup at α = 1024 fits the training data at a rate similar to ERM ({report.dataset}, "
              f"{len(curves.epochs)} epochs)",
              "very similar rate", f"first epoch with mean error ≤ {speed.threshold:g}: ERM {_fmt(e_erm, 0)}, "
              f"Mixup α = 1024 {_fmt(e_big, 0)}",
              (Check("both reach the threshold, Mixup within 1.5 × ERM's epochs (+1)",
                     bool(np.isfinite(e_erm) and np.isfinite(e_big) and e_big <= 1.5 * e_erm + 1)),), "–"),
    ]
    return rows
