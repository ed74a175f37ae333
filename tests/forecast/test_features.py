from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecast.features import (
    DIRECTION_FEATURES,
    VOL_FEATURES,
    add_targets,
    build_features,
    country_of,
    market_members,
)
from tests.forecast.conftest import make_bars

FEATURES = sorted({*VOL_FEATURES, *DIRECTION_FEATURES, "var_hist20", "var_ewma", "r"})


def _perturb_after(bars: pd.DataFrame, cutoff: pd.Timestamp, factor: float,
                   only: str | None) -> pd.DataFrame:
    changed = bars.copy()
    future = pd.to_datetime(changed["date"]) > cutoff
    if only is not None:
        future &= changed["ticker"] == only
    for col in ("open", "high", "low", "close"):
        changed.loc[future, col] = changed.loc[future, col] * factor
    changed.loc[future, "volume"] = (changed.loc[future, "volume"] * 3).astype("int64")
    return changed


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=5, max_value=410),
    factor=st.floats(min_value=0.5, max_value=2.0).filter(lambda f: abs(f - 1) > 0.01),
    only=st.sampled_from([None, "SPY", "005930.KS", "AAA"]),
)
def test_changing_future_bars_leaves_past_features_unchanged(
    bars: pd.DataFrame, cut: int, factor: float, only: str | None
) -> None:
    dates = sorted(pd.to_datetime(bars["date"]).unique())
    cutoff = pd.Timestamp(dates[cut])
    before = build_features(bars)
    after = build_features(_perturb_after(bars, cutoff, factor, only))
    past_b = before[before["date"] <= cutoff].set_index(["ticker", "date"])[FEATURES]
    past_a = after[after["date"] <= cutoff].set_index(["ticker", "date"])[FEATURES]
    pd.testing.assert_frame_equal(past_b, past_a)
    # and the perturbation did reach the future rows (the test can fail)
    fut_b = before[before["date"] > cutoff].set_index(["ticker", "date"])["var_ewma"]
    fut_a = after[after["date"] > cutoff].set_index(["ticker", "date"])["var_ewma"]
    assert not np.allclose(fut_b.to_numpy(), fut_a.to_numpy(), equal_nan=True)


def test_targets_look_forward_exactly_h_bars() -> None:
    closes = [100.0, 110.0, 99.0, 99.0, 120.0]
    bars = pd.DataFrame({
        "ticker": "AAA", "date": pd.bdate_range("2024-01-01", periods=5).date,
        "open": closes, "high": closes, "low": closes, "close": closes, "volume": 1000,
    })
    frame = add_targets(build_features(bars), (1, 2))
    r = np.log(np.array(closes[1:]) / np.array(closes[:-1]))
    assert frame["fret_1"].iloc[0] == pytest.approx(math.log(1.1))
    assert frame["fret_2"].iloc[1] == pytest.approx(math.log(99 / 110))
    assert frame["rv_2"].iloc[0] == pytest.approx((r[0] ** 2 + r[1] ** 2) / 2)
    assert frame["rv_1"].iloc[2] == 0.0  # flat day: realised variance zero
    assert frame["end_2"].iloc[0] == pd.Timestamp("2024-01-03")
    assert frame["fret_2"].iloc[3:].isna().all() and frame["end_1"].iloc[4] is pd.NaT


def test_range_estimators_by_hand() -> None:
    bars = make_bars(("AAA",), n_days=30)
    bars.loc[29, ["open", "high", "low", "close"]] = [100.0, 110.0, 95.0, 105.0]
    row = build_features(bars).iloc[29]
    hl, co = math.log(110 / 95), math.log(105 / 100)
    garman_klass = 0.5 * hl**2 - (2 * math.log(2) - 1) * co**2
    assert row["har_d"] == pytest.approx(math.log(garman_klass))


def test_market_index_per_country(bars: pd.DataFrame) -> None:
    assert country_of("005930.KS") == "KR" and country_of("TSLA") == "US"
    assert market_members(["AAA", "005930.KS"]) == {"US": ["SPY"], "KR": ["005930.KS"]}
    frame = build_features(bars)
    kr = frame[frame["country"] == "KR"].pivot(index="date", columns="ticker", values="r")
    proxy = frame[frame["ticker"] == "000660.KS"].set_index("date")["mkt_ret_1"]
    expected = kr.mean(axis=1).reindex(proxy.index)
    pd.testing.assert_series_equal(proxy, expected, check_names=False)
    us = frame[frame["ticker"] == "AAA"].set_index("date")
    spy = frame[frame["ticker"] == "SPY"].set_index("date")["r"]
    pd.testing.assert_series_equal(us["mkt_ret_1"], spy.reindex(us.index), check_names=False)


def test_single_korean_ticker_is_its_own_proxy() -> None:
    frame = build_features(make_bars(("005930.KS",), n_days=60))
    pd.testing.assert_series_equal(frame["mkt_ret_1"], frame["r"], check_names=False)
