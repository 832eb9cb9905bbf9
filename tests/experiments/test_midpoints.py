"""Tests of mixup_nb_utils.experiments.midpoints: training on midpoints alone."""

import numpy as np
import pytest

from mixup_nb_utils.data.synthetic import alternating_line
from mixup_nb_utils.experiments.midpoints import train_on_midpoints


# ---------------------------------------------------------------- exact side


def test_training_on_midpoints_fails_on_the_alternating_line():
    X, y = alternating_line(3)
    run = train_on_midpoints(X, y, seeds=[0, 1], epochs=1500)
    assert np.all(run.erm_errors == 0)
    # the midpoint of 0 and 2 is point 1 with class 1's label: point 1 goes to class 1
    assert np.all(run.midpoint_probs[:, 1, 0] > 0.9) and np.all(run.midpoint_errors > 0.3)
    with pytest.raises(ValueError, match="at least 2"):
        train_on_midpoints(X[:1], y[:1], seeds=[0], epochs=10)


# ---------------------------------------------------------------- the chapter's runs on tiny settings

import dataclasses
from math import comb

from mixup_nb_utils.config import chapter_settings
from mixup_nb_utils.experiments import midpoints as ex
from mixup_nb_utils.theory.midpoints import midpoints_of, pairwise_sums
from mixup_nb_utils.theory.recovery import match_points, recover_points


@pytest.fixture(scope="module")
def tiny():
    return dataclasses.replace(
        chapter_settings("midpoints", "default"), count_m=50, count_batch=10, count_epochs=400, lemma_ms=(3, 4, 5, 6),
        claim2_exact_max_m=5, claim2_formula_max_m=7, uniqueness_ms=(4, 5, 6), uniqueness_trials=20,
        recovery_dims=(1, 3), recovery_ms=(3, 7), timing_ms=(20, 30, 40),
        precision_cases=((40, "float64"), (20, "float32"), (400, "float32")), digits_m=12, train_seeds=2,
        line_ms=(3, 10), line_epochs=400, train_digits_m=12, train_digits_hidden=16, train_digits_epochs=50,
        train_digits_seeds=2)


def test_self_pair_counts_match_their_closed_forms(tiny):
    counts = ex.self_pair_counts(tiny)
    assert [c.name for c in counts] == ["iid", "permutation", "roll", "iid, batches of 10"]
    for c in counts:
        assert c.counts.shape == (400,) and c.m == 50
        assert abs(c.counts.mean() - c.mean) <= 5 * c.mean_se + 1e-12
        assert abs(np.mean(c.counts == 0) - c.p_none) <= 5 * c.p_none_se + 1e-12
    assert counts[0].p_none == pytest.approx((1 - 1 / 50) ** 50) and np.all(counts[2].counts == 0)
    assert counts[3].mean == 5.0 and counts[3].variance == pytest.approx(5 * 0.9)


def test_searches_sweeps_and_ambiguity(tiny):
    searches = ex.lemma_c2_searches(tiny)
    assert [s.m for s in searches.searches] == [3, 4, 5, 6] and searches.failing == [4]
    assert searches.holds_for_all(4) and not searches.holds_for_all(3) and searches.seconds >= 0
    sweeps = ex.claim2_sweeps(tiny)
    assert [s.m for s in sweeps] == [3, 4, 5, 6, 7] and [s.exact for s in sweeps] == [True] * 3 + [False] * 2
    assert [s.m for s in sweeps if s.deficient] == [4, 5]
    amb = ex.ambiguity_counts(tiny)
    assert amb.ambiguous == (20, 0, 0) and amb.of(4) == 20 and amb.others == 0


def test_shared_sums_finds_the_third_8_set():
    sums = ex.shared_sums()
    assert sums.y4 == [7, 5, 3, -1] and sums.same_4 and sums.same_8 and sums.all_exact
    assert len(sums.solutions) == 3 and len(sums.extra) == 1
    extra = sums.extra[0]
    assert pairwise_sums(extra.tolist()) == pairwise_sums([float(v) for v in sums.a8])
    assert not np.array_equal(extra, np.sort(sums.a8)) and not np.array_equal(extra, np.sort(sums.b8))
    other = ex.shared_sums([0, 1, 3, 7], shift=50)      # a different 4-set: the doubling still works
    assert other.same_8 and other.all_exact and len(other.solutions) >= 2


def test_recoveries_and_precision(tiny):
    rand = ex.random_recoveries(tiny)
    assert [(n, m) for n, m, _ in rand.cases] == [(1, 3), (1, 7), (3, 3), (3, 7)]
    assert rand.worst < 1e-10 and len(rand.m4_solutions) == 2 and rand.m4_reflection_found
    times = ex.recovery_times(tiny)
    assert times.seconds.shape == (3,) and np.all(times.seconds > 0) and np.all(times.errors < 1e-10)
    prec = ex.precision_limits(tiny)
    assert [(c.m, c.dtype) for c in prec] == [(40, "float64"), (20, "float32"), (400, "float32")]
    assert prec[0].recovered and prec[0].error < 1e-10 and prec[1].recovered and prec[1].error < 1e-5
    assert all(c.message == "" for c in prec if c.recovered)
    dig = ex.digits_recovery(tiny)
    assert dig.originals.shape == (12, 8, 8) and dig.shuffled.shape == (comb(12, 2), 8, 8)
    assert dig.max_error < 1e-12 and np.abs(dig.recovered - dig.originals).max() == dig.max_error


def test_shuffled_midpoints_are_a_permutation():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 2))
    Y = ex.shuffled_midpoints(X, np.random.default_rng(1))
    assert sorted(map(tuple, Y)) == sorted(map(tuple, midpoints_of(X)))
    assert match_points(recover_points(Y), X)[1] < 1e-12


def test_midpoint_training_and_claims(tiny):
    training = ex.midpoint_training(tiny)
    assert training.line_ms == (3, 10) and training.line(3).erm_errors.shape == (2,)
    assert training.digits.midpoint_probs.shape == (2, 12, 10)
    counts, sweeps = ex.self_pair_counts(tiny), ex.claim2_sweeps(tiny)
    kwargs = dict(counts=counts, ranks={m: m for m in range(3, 8)}, searches=ex.lemma_c2_searches(tiny),
                  sweeps=sweeps, ambiguity=ex.ambiguity_counts(tiny), sums=ex.shared_sums(),
                  random=ex.random_recoveries(tiny), times=ex.recovery_times(tiny),
                  precision=ex.precision_limits(tiny), digit_rec=ex.digits_recovery(tiny), training=training)
    rows = {c.claim: c for c in ex.claims(**kwargs)}
    assert all(c.verdict in ("confirmed", "refuted", "partly", "undecided") for c in rows.values())
    eight = next(c for name, c in rows.items() if name.startswith("an 8-set"))
    assert eight.verdict == "confirmed"
    # a rank table that misses m, or a Claim 2 sweep without m > 6, change the verdicts they feed
    rows2 = {c.claim: c for c in ex.claims(**{**kwargs, "ranks": {3: 3, 4: 3}})}
    assert next(c for n, c in rows2.items() if n.startswith("rank A")).verdict == "refuted"
    rows3 = {c.claim: c for c in ex.claims(**{**kwargs, "sweeps": sweeps[:4]})}
    assert next(c for n, c in rows3.items() if n.startswith("Claim 2: rank")).verdict == "undecided"
