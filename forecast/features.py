"""Features from stored daily bars, causal by construction (no look-ahead).

Input: long-format bars with columns ticker, date, open, high, low, close, adj_close (may be
NaN or absent), volume. Every feature at (ticker, date) uses bars dated on or before that
date only: trailing rolling windows, no centring, no backward fills. `tests/forecast`
proves it by changing future bars.

Market index per country: SPY for US tickers; for Korean tickers (`.KS` / `.KQ`) a KOSPI
proxy, the equal-weighted mean of the daily log returns of the Korean tickers present in
the bars (with a single Korean ticker, e.g. 005930.KS alone, the proxy is that ticker).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

TRADING_DAYS = 252
VAR_FLOOR = 1e-8  # (0.01% daily)^2; keeps logs finite on zero-range or zero-return days
EWMA_LAMBDA = 0.94
US_INDEX = "SPY"

RETURN_WINDOWS = (1, 5, 20, 60, 120, 252)
VOL_FEATURES = (
    "har_d", "har_w", "har_m", "har_q", "log_gk_w", "log_gk_m", "log_pk_m",
    "mkt_log_rv_w", "mkt_log_rv_m", "neg_ret_5", "neg_ret_20",
)
DIRECTION_FEATURES = (
    "ret_1", "ret_5", "ret_20", "ret_60", "ret_120", "ret_252",
    "z_ret_5", "z_ret_20", "z_ret_60", "har_d", "har_w", "har_m", "har_q",
    "log_gk_w", "vol_ratio", "vol_z_20", "vol_z_60",
    "mkt_ret_1", "mkt_ret_5", "mkt_ret_20", "mkt_log_rv_m", "rel_ret_20", "is_kr",
)
CALENDAR_FEATURES = ("dow", "month")
MARKET_COLUMNS = ("mkt_ret_1", "mkt_ret_5", "mkt_ret_20", "mkt_log_rv_w", "mkt_log_rv_m")


def country_of(ticker: str) -> str:
    """`KR` for Korean listings (.KS / .KQ), `US` otherwise."""
    return "KR" if ticker.upper().endswith((".KS", ".KQ")) else "US"


def market_members(tickers: Sequence[str]) -> dict[str, list[str]]:
    """Tickers that make up each country's market index, given the tickers available."""
    kr = sorted({t for t in tickers if country_of(t) == "KR"})
    return {"US": [US_INDEX], "KR": kr}


def normalise_bars(bars: pd.DataFrame) -> pd.DataFrame:
    """Sorted copy with a `px` column: adj_close where known, else close."""
    frame = bars.copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    if "adj_close" not in frame:
        frame["adj_close"] = np.nan
    frame["px"] = frame["adj_close"].where(frame["adj_close"].notna(), frame["close"])
    frame = frame.drop_duplicates(["ticker", "date"], keep="last")
    return frame.sort_values(["ticker", "date"]).reset_index(drop=True)


def _log_floor(values: pd.Series) -> pd.Series:
    return pd.Series(np.log(values.clip(lower=VAR_FLOOR)), index=values.index)


def _ticker_features(g: pd.DataFrame) -> pd.DataFrame:
    """Features of one ticker's bars (sorted by date)."""
    out = pd.DataFrame(index=g.index)
    r = np.log(g["px"]).diff()
    out["r"] = r
    r2 = r * r
    for w in RETURN_WINDOWS:
        out[f"ret_{w}"] = r.rolling(w, min_periods=w).sum()
    hl = np.log(g["high"] / g["low"])
    co = np.log(g["close"] / g["open"])
    parkinson = hl * hl / (4.0 * np.log(2.0))
    garman_klass = (0.5 * hl * hl - (2.0 * np.log(2.0) - 1.0) * co * co).clip(lower=0.0)
    out["var_hist20"] = r2.rolling(20, min_periods=20).mean()
    # RiskMetrics EWMA; `adjust=True` seeds it with the first squared returns, not zero
    out["var_ewma"] = r2.ewm(alpha=1.0 - EWMA_LAMBDA, adjust=True, ignore_na=True).mean()
    out["har_d"] = _log_floor(garman_klass.fillna(r2))
    out["har_w"] = _log_floor(r2.rolling(5, min_periods=5).mean())
    out["har_m"] = _log_floor(r2.rolling(22, min_periods=22).mean())
    out["har_q"] = _log_floor(r2.rolling(126, min_periods=126).mean())
    out["log_gk_w"] = _log_floor(garman_klass.rolling(5, min_periods=5).mean())
    out["log_gk_m"] = _log_floor(garman_klass.rolling(22, min_periods=22).mean())
    out["log_pk_m"] = _log_floor(parkinson.rolling(22, min_periods=22).mean())
    out["neg_ret_5"] = out["ret_5"].clip(upper=0.0)
    out["neg_ret_20"] = out["ret_20"].clip(upper=0.0)
    sd_m = np.sqrt(np.exp(out["har_m"]))
    for w in (5, 20, 60):
        out[f"z_ret_{w}"] = out[f"ret_{w}"] / (sd_m * np.sqrt(w))
    out["vol_ratio"] = out["har_w"] - out["har_m"]
    log_volume = pd.Series(np.log1p(g["volume"].astype(float).clip(lower=0.0)), index=g.index)
    for w in (20, 60):
        mean = log_volume.rolling(w, min_periods=w).mean()
        std = log_volume.rolling(w, min_periods=w).std()
        out[f"vol_z_{w}"] = (log_volume - mean) / std.where(std > 0)
    return out


def _market_returns(frame: pd.DataFrame, members: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Daily log return of each country's index proxy, long format (country, date, mkt_r)."""
    parts = []
    for country, tickers in members.items():
        sub = frame[frame["ticker"].isin(list(tickers))]
        if sub.empty:
            continue
        daily = sub.groupby("date")["r"].mean().rename("mkt_r").to_frame()
        daily["country"] = country
        parts.append(daily.reset_index())
    if not parts:
        return pd.DataFrame(columns=["date", "mkt_r", "country"])
    return pd.concat(parts, ignore_index=True)


def _market_features(mkt: pd.DataFrame) -> pd.DataFrame:
    """Trailing features of each country's index proxy, by (country, date)."""
    rows = []
    for _, g in mkt.sort_values(["country", "date"]).groupby("country", sort=False):
        r = g["mkt_r"]
        f = g[["country", "date"]].copy()
        f["mkt_ret_1"] = r
        f["mkt_ret_5"] = r.rolling(5, min_periods=5).sum()
        f["mkt_ret_20"] = r.rolling(20, min_periods=20).sum()
        f["mkt_log_rv_w"] = _log_floor((r * r).rolling(5, min_periods=5).mean())
        f["mkt_log_rv_m"] = _log_floor((r * r).rolling(22, min_periods=22).mean())
        rows.append(f)
    if not rows:
        empty = pd.DataFrame(columns=["country", "date", *MARKET_COLUMNS])
        return empty.astype({"date": "datetime64[ns]", **dict.fromkeys(MARKET_COLUMNS, float)})
    return pd.concat(rows, ignore_index=True)


def build_features(
    bars: pd.DataFrame,
    *,
    members: Mapping[str, Sequence[str]] | None = None,
    calendar: bool = False,
) -> pd.DataFrame:
    """One row per (ticker, date): close, px, r and every feature column.

    `members` fixes the tickers of each market index (the model stores the ones it was
    trained with); by default they are taken from the tickers present.
    """
    frame = normalise_bars(bars)
    if members is None:
        members = market_members(frame["ticker"].unique().tolist())
    feats = frame.groupby("ticker", sort=False, group_keys=False)[
        ["px", "high", "low", "open", "close", "volume"]
    ].apply(_ticker_features)
    frame = frame.join(feats)
    frame["country"] = frame["ticker"].map(country_of)
    frame["is_kr"] = (frame["country"] == "KR").astype(float)
    mkt = _market_features(_market_returns(frame, members))
    frame = frame.merge(mkt, on=["country", "date"], how="left")
    frame["rel_ret_20"] = frame["ret_20"] - frame["mkt_ret_20"]
    if calendar:
        frame["dow"] = frame["date"].dt.dayofweek.astype(float)
        frame["month"] = frame["date"].dt.month.astype(float)
    return frame.sort_values(["ticker", "date"]).reset_index(drop=True)


def add_targets(frame: pd.DataFrame, horizons: Sequence[int]) -> pd.DataFrame:
    """Forward targets per horizon h (over the ticker's next h bars), for training and scoring.

    rv_h: mean squared daily log return over t+1..t+h (daily variance units);
    fret_h: log return t -> t+h; end_h: date of bar t+h (when the label is known).
    """
    out = frame.copy()
    g = out.groupby("ticker", sort=False)
    r2 = out["r"] * out["r"]
    log_px = np.log(out["px"])
    for h in horizons:
        # sum of r^2 over t+1..t+h = rolling h-sum ending at t+h, shifted back by h
        fwd_sum = r2.groupby(out["ticker"], sort=False).transform(
            lambda s, h=h: s.rolling(h, min_periods=h).sum().shift(-h)
        )
        out[f"rv_{h}"] = fwd_sum / h
        out[f"fret_{h}"] = g["px"].shift(-h).pipe(np.log) - log_px
        out[f"end_{h}"] = g["date"].shift(-h)
    return out
