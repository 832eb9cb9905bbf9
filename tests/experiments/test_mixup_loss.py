"""Tests of mixup_nb_utils.experiments.mixup_loss on tiny settings (seconds)."""

import dataclasses

import numpy as np
import pytest

from mixup_nb_utils.config import chapter_settings
from mixup_nb_utils.device import make_generators
from mixup_nb_utils.experiments import mixup_loss as ml
from mixup_nb_utils.theory.exact_loss import pair_loss_matrix, pair_probabilities


@pytest.fixture(scope="module")
def tiny():
    s = chapter_settings("mixup_loss", "default")
    return dataclasses.replace(s, mc_samples=20_000, loss_draws=2_000, spread_steps=2_000,
                               epoch_sizes=(3, 50), epochs_simulated=2_000)


@pytest.fixture(scope="module")
def run(tiny):
    rng = make_generators(tiny.seed).numpy
    problem = ml.toy_problem(tiny, rng)
    routes = ml.loss_routes(problem, tiny, rng)
    pairing = ml.pairing_comparison(problem, tiny, rng)
    counts = ml.self_pair_counts(tiny, rng, batched_m=200, batch_size=20)
    tv = ml.torchvision_mixup(8, 1.0, seeds=range(3))
    sand = ml.sandwich((1.0, 32.0), 0.1)
    return problem, routes, pairing, counts, tv, sand


def test_soft_label_identity():
    soft = ml.soft_label_identity(0, rows=50, classes=3)
    assert soft.rows == 50 and 0 <= soft.max_gap < 1e-12


def test_loss_routes_agree(run):
    problem, routes, *_ = run
    assert problem.m == 6 and problem.k == 3 and problem.hidden == 16
    assert routes.mc_z < 4 and routes.package_z < 4 and routes.quadrature_change < 1e-6
    # the plain risk is the self-pair part of J_mix: the diagonal of the pair-loss matrix
    L = pair_loss_matrix(problem.log_prob, problem.X, problem.y, problem.mixing, nodes=8)
    assert routes.plain == pytest.approx(np.trace(L) / problem.m, rel=1e-12)


def test_enumeration_is_an_independent_route():
    rng = np.random.default_rng(0)
    L = rng.normal(size=(4, 4))
    e = ml.enumerate_pairings(L)
    assert e.permutation == pytest.approx((pair_probabilities(4, "permutation") * L).sum(), abs=1e-12)
    assert e.roll == pytest.approx((pair_probabilities(4, "roll") * L).sum(), abs=1e-12)
    assert e.roll == pytest.approx(e.roll_formula, abs=1e-12)
    # a wrong closed form is caught: the roll pairing is not the permutation one unless the diagonal is average
    assert abs(e.roll - e.permutation) > 1e-3
    with pytest.raises(ValueError, match="2 <= m <= 8"):
        ml.enumerate_pairings(np.zeros((9, 9)))


def test_pairing_rows(run):
    _, routes, pairing, *_ = run
    assert [(r.scheme, r.per) for r in pairing.rows][:2] == [("iid", "batch"), ("iid", "sample")]
    assert pairing.row("iid", "batch").expected == pytest.approx(routes.exact, rel=1e-6)
    assert all(abs(r.mean - r.expected) < 4.5 * r.se for r in pairing.rows)
    ratio, se = pairing.sd_ratio(("permutation", "batch"), ("permutation", "sample"))
    assert 0 < ratio < 1 and 0 < se < 0.1
    with pytest.raises(ValueError, match="no row"):
        pairing.row("shuffle", "batch")


def test_sd_with_se_matches_the_spread_of_the_spread():
    rng = np.random.default_rng(1)
    sds = [ml.sd_with_se(rng.normal(size=400)) for _ in range(300)]
    s = np.array([a for a, _ in sds])
    assert np.mean([b for _, b in sds]) == pytest.approx(s.std(), rel=0.15)   # normal: 1/√(2n) ≈ 0.035
    with pytest.raises(ValueError, match="at least 3"):
        ml.sd_with_se(np.ones(2))


def test_torchvision_mixup(run):
    tv = run[4]
    assert tv.partners.shape == (3, 8) and tv.neighbour and tv.self_pairs == 0
    assert tv.one_lambda_per_batch and tv.distinct_lambdas == 3
    # the properties can fail: a batch with a self-pair and a second λ
    bad = ml.TorchvisionMixup((0,), np.arange(8)[None, :], np.linspace(0.1, 0.9, 8)[None, :])
    assert not bad.neighbour and bad.self_pairs == 8 and not bad.one_lambda_per_batch


def test_self_pair_counts(run):
    counts = run[3]
    iid, roll = counts.find(50, "iid"), counts.find(50, "roll")
    assert roll.mean == 0 and roll.var == 0
    assert abs(iid.mean - 1) < 5 * iid.mean_se and iid.formula_var == pytest.approx(1 - 1 / 50)
    batched = counts.find(200, "permutation", 20)
    assert batched.formula_mean == 10 and abs(batched.mean - 10) < 5 * batched.mean_se
    with pytest.raises(ValueError, match="no simulated count"):
        counts.find(7, "iid")


def test_sandwich_and_claims(run):
    problem, routes, pairing, counts, tv, sand = run
    assert sand.xi_22 == pytest.approx([1 / 9, 1 / 9])           # point 1 with itself: weight 1/9, mass 1
    assert sand.h1_at_1[0] == pytest.approx(0.1375, abs=1e-4) and sand.h1_at_1[1] > 0.5
    assert np.all(sand.plain_risk > 0)
    rows = ml.claims(ml.soft_label_identity(0, rows=20), routes, pairing, tv, counts, sand)
    assert len(rows) == 8 and all(c.verdict == "confirmed" for c in rows)
    # a changed result changes a verdict: a λ that is not shared refutes that part of the torchvision row
    lam = tv.lam.copy()
    lam[0, 1] += 0.1
    rows = ml.claims(ml.soft_label_identity(0, rows=20), routes, pairing,
                     dataclasses.replace(tv, lam=lam), counts, sand)
    assert rows[4].verdict == "partly"


def test_roll_self_pair_check_is_labelled_a_definition_and_still_compares(run):
    problem, routes, pairing, counts, tv, sand = run
    rows = ml.claims(ml.soft_label_identity(0, rows=20), routes, pairing, tv, counts, sand)
    roll_check = rows[3].checks[0]
    assert "by construction" in roll_check.test and "not a test" in roll_check.test and roll_check.holds
    # the comparison is still computed: a roll count with a self-pair would fail it
    big = max(r.m for r in counts.rows if r.batch_size is None)
    bad = tuple(dataclasses.replace(r, mean=0.01) if (r.m, r.scheme, r.batch_size) == (big, "roll", None) else r
                for r in counts.rows)
    rows = ml.claims(ml.soft_label_identity(0, rows=20), routes, pairing, tv, dataclasses.replace(counts, rows=bad),
                     sand)
    assert rows[3].checks[0].holds is False and rows[3].verdict == "partly"
