"""The margin chapter's experiments on tiny settings (seconds): shapes, pairing, measures, claims."""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from mixup_nb_utils.experiments import margin as E
from mixup_nb_utils.claims import Claim, paired_k
from mixup_nb_utils.experiments.margin import claim_rows as R
from mixup_nb_utils.config import chapter_settings
from mixup_nb_utils.data import two_moons
from mixup_nb_utils.mixup.mixing import BetaMixing
from mixup_nb_utils.theory.margins import boundary_crossings, boundary_spread
from mixup_nb_utils.training import Member, train_ensemble

TINY = dataclasses.replace(chapter_settings("margin", "default"), seeds=2, epochs=40, hidden=16, grid=24,
                           alphas=(1.0, 1024.0), check_points=4, limit_points=300)


@pytest.fixture(scope="module")
def maps():
    return E.train_decision_maps(TINY)


def test_every_network_of_every_loop_separation_and_seed_is_trained_on_its_own_data(maps):
    methods = E.trained_methods(TINY.alphas)
    assert maps.methods == methods and [m.label for m in methods] == [
        "ERM", "Mixup α = 1", "Mixup α = 1024", "Mixup α = 1, authors' loop", "Mixup α = 1024, authors' loop"]
    assert maps.labels.shape == (2, 5, 2, 24 * 24) and set(np.unique(maps.labels)) <= {0, 1}
    np.testing.assert_array_equal(maps.X[1, 1], two_moons(1, 0.1)[0])
    # one member, trained alone on its dataset, predicts the same grid (float32: allow a few boundary cells)
    for loop in E.LOOPS:
        m = E.Method(1024.0, loop)
        X, y = two_moons(1, 0.1)
        alone = train_ensemble(X, y, [Member(m.sampler(), seed=1)], hidden=16, epochs=40, record_every=40,
                               accumulate_grads=loop == E.AUTHORS)
        pred = E.grid_predictions(alone, maps.grid.points)[0]
        i, j = maps.where(0.1, m)
        assert np.mean(pred != maps.labels[i, j, 1]) < 0.01
    # the two loops give different networks
    assert np.any(maps.labels[:, 2] != maps.labels[:, 4])


def test_margin_table_matches_the_measures_and_pairs_by_seed(maps):
    table = E.margin_table(maps, TINY)
    i, j = maps.where(0.5, E.Method(1.0))
    ratios = E.margin_ratios(maps.X[i, 1], maps.y[i, 1], maps.grid, maps.labels[i, j, 1])
    assert table.ratio_median[i, j, 1, 0] == np.median(ratios[maps.y[i, 1] == 0])
    assert table.ratio_below_half[i, j, 1, 1] == np.mean(ratios[maps.y[i, 1] == 1] < 0.5)
    assert table.spread[i, j, 1] == boundary_spread(maps.labels[i, j, 1], maps.grid.shape, maps.grid.extent, 1.5)
    np.testing.assert_array_equal(table.worst_class_median(0.5, E.Method(1.0)), table.ratio_median[i, j].min(-1))


def test_closed_form_masks_what_is_undefined_and_limit_is_lambda():
    closed = E.closed_form_maps(TINY)
    assert closed.prob1.shape == (2, 2, 24 * 24) and np.isnan(closed.prob1).any()
    i, a = closed.where(0.5, 1024.0)
    assert closed.spread[i, a] == boundary_spread(closed.prob1[i, a], closed.grid.shape, closed.grid.extent, 1.5)
    pos = boundary_crossings(closed.prob1[i, a], closed.grid.shape, closed.grid.extent, 1.5)
    assert closed.crossing_rows[i, a] == np.isfinite(pos).sum() > 0
    limit = E.limit_check(TINY)
    assert limit.cross.sum() > 20 and np.all(limit.max_deviation < E.LIMIT_TOLERANCE)
    assert limit.undefined[0] == limit.subnormal[0] == 0 and limit.undefined[1] > 0   # α = 1024 underflows
    dens = BetaMixing(1024.0).pdf(limit.lam[limit.cross])
    assert limit.undefined[1] == np.sum(dens == 0) and np.all(np.isnan(limit.prob0[1, limit.cross][dens == 0]))
    assert E.log10_beta_density(1.0, 0.9) == pytest.approx(0.0, abs=1e-12)
    assert E.log10_beta_density(2.0, 0.25) == pytest.approx(np.log10(6 * 0.25 * 0.75))


def test_assumption_scan_and_claims_are_computed(maps):
    scan = E.assumption_scan(TINY)
    assert scan.n_hold > 0 and scan.n_agree_where_holds == scan.n_hold
    rows = E.claims(maps, E.margin_table(maps, TINY), E.closed_form_maps(TINY), E.limit_check(TINY), scan)
    assert all(isinstance(r, Claim) for r in rows) and rows[0].verdict == "confirmed"
    spread_rows = [r for r in rows if "boundary spread" in r.claim]
    assert len(spread_rows) == 4 and all(len(r.checks) == 2 for r in spread_rows)
    assert all("s.e." in c.test for r in spread_rows for c in r.checks)
    assert [f.name for f in E.paper_figures(maps)] == ["Figure 3", "Figure 12"]


def test_bad_input_raises():
    with pytest.raises(ValueError, match="loop"):
        E.Method(1.0, "mine")
    with pytest.raises(ValueError, match="ERM"):
        E.Method(None, E.AUTHORS)
    with pytest.raises(ValueError, match="α > 0"):
        E.Method(-1.0)
    with pytest.raises(ValueError, match="margin.seeds"):
        dataclasses.replace(TINY, seeds=0)


def test_limit_row_says_it_is_a_definition_and_still_compares():
    limit = E.limit_check(TINY)
    scan = SimpleNamespace(eps=1e-3, n_hold=1, n_agree_where_holds=1)
    row = R._theory_claims(limit, scan)[1]
    assert row.verdict == "confirmed" and all("by its construction" in c.test for c in row.checks)
    bad = dataclasses.replace(limit, max_deviation=limit.max_deviation + 1.0)
    assert R._theory_claims(bad, scan)[1].verdict == "refuted"


def test_paired_checks_use_students_t_for_the_seeds():
    assert paired_k(7) == 2.45 and paired_k(30) < paired_k(7)
    with pytest.raises(ValueError, match="2 seeds"):
        paired_k(1)
    # seven paired differences at 2.2 standard errors: beyond the normal 2, within t(6)'s 2.45: undecided
    base = np.array([0.10, 0.12, 0.08, 0.11, 0.09, 0.10, 0.10])
    noise = np.array([-1.0, 0.5, 1.2, -0.8, 0.3, -0.9, 0.7])
    centred = noise - noise.mean()
    diffs = centred / centred.std(ddof=1) * np.sqrt(7) + 2.2   # sd √7, so s.e. 1 and mean 2.2
    values = {E.Method(None): base, E.Method(1.0): base + diffs}
    _, (check,) = R._paired_checks(lambda sep, m: values[m], 0.5, [E.Method(1.0)], "median m/r")
    assert check.holds is None and "2.45 s.e." in check.test
    values[E.Method(1.0)] = base + diffs + 0.5                # 2.7 s.e.: decided
    _, (check,) = R._paired_checks(lambda sep, m: values[m], 0.5, [E.Method(1.0)], "median m/r")
    assert check.holds is True
