from __future__ import annotations

import math

import numpy as np
import pytest

from forecast.metrics import (
    accuracy,
    auc,
    block_bootstrap,
    block_bootstrap_sums,
    brier,
    coverage,
    improvement_pct,
    qlike,
    qlike_terms,
    rmse_vol,
)


def test_qlike_by_hand() -> None:
    # y/f - log(y/f) - 1: perfect -> 0; y=2,f=1 -> 1 - log 2; y=1,f=2 -> 0.5 + log 2 - 1
    terms = qlike_terms(np.array([1.0, 2.0, 1.0]), np.array([1.0, 1.0, 2.0]))
    assert terms == pytest.approx([0.0, 1 - math.log(2), math.log(2) - 0.5])
    assert qlike(np.array([2.0, 1.0]), np.array([1.0, 2.0])) == pytest.approx(0.5 * (0.5))


def test_qlike_leaves_out_zero_realised_variance() -> None:
    terms = qlike_terms(np.array([0.0, 1.0]), np.array([1.0, 1.0]))
    assert math.isnan(terms[0]) and terms[1] == 0.0
    assert qlike(np.array([0.0, 2.0]), np.array([1.0, 1.0])) == pytest.approx(1 - math.log(2))


def test_rmse_of_annualised_vol() -> None:
    daily = 0.01**2  # 1% daily vol = 15.87% annualised
    value = rmse_vol(np.array([daily, daily]), np.array([4 * daily, daily]))
    assert value == pytest.approx(math.sqrt(252) * 0.01 / math.sqrt(2))


def test_direction_metrics_by_hand() -> None:
    y = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.8, 0.4, 0.3, 0.6])
    assert brier(y, p) == pytest.approx((0.04 + 0.16 + 0.49 + 0.36) / 4)
    assert accuracy(y, p) == 0.5
    # pairs (pos, neg): (0.8,0.4) (0.8,0.6) (0.3,0.4)x (0.3,0.6)x -> 2 of 4
    assert auc(y, p) == 0.5
    assert math.isnan(auc(np.ones(3), np.array([0.1, 0.2, 0.3])))


def test_coverage_and_improvement() -> None:
    actual = np.array([1.0, 2.0, 3.0, 4.0])
    assert coverage(actual, np.full(4, 1.5), np.full(4, 3.0)) == 0.5
    assert improvement_pct(0.9, 1.0) == pytest.approx(10.0)
    assert improvement_pct(1.1, 1.0) == pytest.approx(-10.0)
    assert math.isnan(improvement_pct(1.0, 0.0))


def test_block_bootstrap_sums_ci_brackets_the_mean() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(1.0, 1.0, 2000)
    groups = np.arange(2000) // 2  # two rows per day
    ones = np.ones_like(x)
    iv = block_bootstrap_sums(np.column_stack([x, ones]), groups, lambda s: s[0] / s[1],
                              block=10, n_boot=300)
    assert iv.value == pytest.approx(x.mean())
    assert iv.low < x.mean() < iv.high
    assert 0.04 < iv.high - iv.low < 0.2  # about 2 * 1.96 / sqrt(2000) = 0.088
    const = block_bootstrap_sums(np.column_stack([ones, ones]), groups, lambda s: s[0] / s[1])
    assert (const.low, const.high) == (1.0, 1.0)


def test_row_bootstrap_matches_sum_bootstrap_for_a_mean() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(0.0, 1.0, 600)
    groups = np.repeat(np.arange(300), 2)
    rows = block_bootstrap(lambda idx: float(x[idx].mean()), groups, block=5, n_boot=200)
    sums = block_bootstrap_sums(np.column_stack([x, np.ones(600)]), groups,
                                lambda s: s[0] / s[1], block=5, n_boot=200)
    assert rows.value == pytest.approx(sums.value)
    assert rows.high - rows.low == pytest.approx(sums.high - sums.low, rel=0.35)
