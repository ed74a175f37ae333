"""Plotly figures for chart artifacts. Pure functions of plain data, so they test headless.

price_chart:      {"ticker", "currency", "rows": [{"date","open","high","low","close","volume"}]}
comparison_chart: {"series": [{"ticker", "points": [{"date", "value"}]}], "base"?}
                  or long rows {"rows": [{"date", "ticker", "value"}]} (lines),
                  or {"rows": [{"label"|"ticker", "value"}]} (bars, no dates)
forecast_fan:     {"ticker", "as_of", "horizon", "last_close", "low", "high", "level", "p_up"?}
                  (a fan from the last close to the interval at the horizon), or explicit
                  {"history": [{"date","close"}], "forecast": [{"date","median","low","high"}]}
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.i18n import t
from ui.text import parse_when

KR_UP, KR_DOWN = "#d62728", "#1f77b4"  # Korean convention: red rises, blue falls
US_UP, US_DOWN = "#2ca02c", "#d62728"
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6")
_LAYOUT: dict[str, Any] = {
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "hovermode": "x unified",
    "legend": {"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
    "height": 420,
}

_METRIC_LAYOUT: dict[str, Any] = {
    "height": 340, "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    "legend": {"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
}


def _rows(data: dict[str, Any], key: str = "rows") -> list[dict[str, Any]]:
    rows = data.get(key) or []
    return [r for r in rows if isinstance(r, dict)]


def price_figure(data: dict[str, Any], lang: str) -> go.Figure:
    rows = sorted(_rows(data), key=lambda r: str(r.get("date")))
    dates = [r.get("date") for r in rows]
    korean = str(data.get("ticker") or "").upper().endswith((".KS", ".KQ"))
    up, down = (KR_UP, KR_DOWN) if korean else (US_UP, US_DOWN)
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.75, 0.25], vertical_spacing=0.03
    )
    fig.add_trace(
        go.Candlestick(
            x=dates, open=[r.get("open") for r in rows], high=[r.get("high") for r in rows],
            low=[r.get("low") for r in rows], close=[r.get("close") for r in rows],
            name=str(data.get("ticker") or t("price", lang)),
            increasing_line_color=up, decreasing_line_color=down,
        ),
        row=1, col=1,
    )
    colours = [
        up if (r.get("close") or 0) >= (r.get("open") or 0) else down for r in rows
    ]
    fig.add_trace(
        go.Bar(x=dates, y=[r.get("volume") for r in rows], name=t("volume", lang),
               marker_color=colours, opacity=0.6),
        row=2, col=1,
    )
    currency = str(data.get("currency") or "")
    fig.update_layout(**_LAYOUT, xaxis_rangeslider_visible=False, showlegend=False)
    fig.update_yaxes(title_text=f"{t('price', lang)} {currency}".strip(), row=1, col=1)
    fig.update_yaxes(title_text=t("volume", lang), row=2, col=1)
    fig.update_xaxes(rangebreaks=[{"bounds": ["sat", "mon"]}])
    return fig


def comparison_figure(data: dict[str, Any], lang: str) -> go.Figure:
    rows = _rows(data)
    for line in _rows(data, "series"):  # one entry per ticker -> long rows
        name = line.get("label") or line.get("name") or line.get("ticker")
        rows += [{**point, "ticker": name} for point in line.get("points") or []
                 if isinstance(point, dict)]
    fig = go.Figure()
    if rows and "date" in rows[0]:
        series: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            series[str(r.get("label") or r.get("ticker") or "")].append(r)
        for i, (name, points) in enumerate(series.items()):
            points.sort(key=lambda r: str(r.get("date")))
            fig.add_trace(go.Scatter(
                x=[p.get("date") for p in points], y=[p.get("value") for p in points],
                mode="lines", name=name, line={"color": PALETTE[i % len(PALETTE)], "width": 2},
            ))
    else:
        labels = [str(r.get("label") or r.get("ticker") or "") for r in rows]
        fig.add_trace(go.Bar(
            x=labels, y=[r.get("value") for r in rows],
            marker_color=[PALETTE[i % len(PALETTE)] for i in range(len(rows))],
        ))
    unit = str(data.get("unit") or "")
    if data.get("base") is not None:
        fig.add_hline(y=float(data["base"]), line_dash="dot", line_color="#888")
    fig.update_layout(**_LAYOUT, yaxis_title=unit or t("value", lang))
    return fig


def fan_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """An interval at the horizon drawn as a fan: it opens with the square root of time
    from the last close (a random-walk spread) and reaches [low, high] at the horizon."""
    start = parse_when(data.get("as_of"))
    try:
        last, low, high = (float(data[k]) for k in ("last_close", "low", "high"))
        horizon = max(int(data.get("horizon") or 1), 1)
    except (KeyError, TypeError, ValueError):
        return []
    if start is None:
        return []
    day = start if not isinstance(start, datetime) else start.date()
    rows = [{"date": day.isoformat(), "median": last, "low": last, "high": last}]
    step = 0
    while step < horizon:
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        step += 1
        share = math.sqrt(step / horizon)
        rows.append({"date": day.isoformat(), "median": last,
                     "low": last + (low - last) * share, "high": last + (high - last) * share})
    return rows


def forecast_figure(data: dict[str, Any], lang: str) -> go.Figure:
    history = sorted(_rows(data, "history"), key=lambda r: str(r.get("date")))
    forecast = sorted(_rows(data, "forecast") or fan_rows(data), key=lambda r: str(r.get("date")))
    level = float(data.get("level") or 0.8)
    pct = round(level * 100) if level <= 1 else round(level)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[r.get("date") for r in history], y=[r.get("close") for r in history],
        mode="lines", name=t("history", lang), line={"color": "#444", "width": 2},
    ))
    if forecast:
        xs = [r.get("date") for r in forecast]
        fig.add_trace(go.Scatter(
            x=xs + xs[::-1],
            y=[r.get("high") for r in forecast] + [r.get("low") for r in forecast][::-1],
            fill="toself", fillcolor="rgba(76,120,168,0.25)", line={"width": 0}, mode="lines",
            name=t("forecast_interval", lang, level=pct), hoverinfo="skip",
        ))
        fig.add_trace(go.Scatter(
            x=xs, y=[r.get("median") for r in forecast], mode="lines+markers",
            name=t("forecast_median", lang), line={"color": PALETTE[0], "dash": "dash"},
        ))
    fig.update_layout(**_LAYOUT)
    return fig


def metric_bars(rows: list[dict[str, Any]], metric: str, *, target: float | None) -> go.Figure:
    """Walk-forward metric per horizon (x) and model (colour), with an optional target line."""
    fig = go.Figure()
    models = sorted({str(r["model"]) for r in rows})
    for i, model in enumerate(models):
        mine = sorted((r for r in rows if r["model"] == model), key=lambda r: int(r["horizon"]))
        fig.add_trace(go.Bar(
            x=[f"{int(r['horizon'])}d" for r in mine], y=[r["value"] for r in mine], name=model,
            marker_color=PALETTE[i % len(PALETTE)],
        ))
    if target is not None:
        fig.add_hline(y=target, line_dash="dot", line_color="#888")
    fig.update_layout(**{**_LAYOUT, **_METRIC_LAYOUT, "hovermode": "closest"},
                      title=metric, barmode="group")
    return fig


def metric_lines(rows: list[dict[str, Any]], metric: str, *, target: float | None) -> go.Figure:
    fig = go.Figure()
    keys = sorted({(str(r["model"]), int(r["horizon"])) for r in rows})
    for i, (model, horizon) in enumerate(keys):
        mine = sorted(
            (r for r in rows if r["model"] == model and int(r["horizon"]) == horizon),
            key=lambda r: str(r["date"]),
        )
        fig.add_trace(go.Scatter(
            x=[r["date"] for r in mine], y=[r["value"] for r in mine], mode="lines",
            name=f"{model} · {horizon}d", line={"color": PALETTE[i % len(PALETTE)]},
        ))
    if target is not None:
        fig.add_hline(y=target, line_dash="dot", line_color="#888")
    fig.update_layout(**{**_LAYOUT, **_METRIC_LAYOUT}, title=metric)
    return fig
