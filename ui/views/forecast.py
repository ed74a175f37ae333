"""Forecast track record: the walk-forward report as charts, or a clear "not yet" state."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui.backend import backend, lang
from ui.charts import metric_bars, metric_lines
from ui.i18n import t
from ui.render import synthetic_banner
from ui.text import md_escape, short_error


def _target(metric: str, level: float) -> float | None:
    """The line a good model should reach: nominal coverage, or a coin flip for hit rates."""
    name = metric.lower()
    if "coverage" in name:
        return level
    if "hit" in name or "accuracy" in name:
        return 0.5
    return None


def _label(prefix: str, key: str, ln: str) -> str:
    text = t(f"{prefix}_{key}", ln)
    return key if text == f"{prefix}_{key}" else text


def _display(rows: list[dict[str, Any]], ln: str) -> list[dict[str, Any]]:
    return [{**r, "model": _label("model", str(r["model"]), ln)} for r in rows]


def render() -> None:
    ln = lang()
    st.title(t("page_forecast", ln))
    st.caption(t("forecast_intro", ln))
    port = backend().forecasts
    try:
        report = port.track_record() if port is not None else None
    except Exception as exc:
        st.error(t("forecast_failed", ln, detail=md_escape(short_error(exc))))
        return
    if report is None or not report.metrics:
        st.info(t("no_forecast_eval", ln), icon="📭")
        return
    if report.synthetic:
        synthetic_banner()
    facts = []
    if report.as_of:
        facts.append(t("as_of", ln, date=report.as_of.isoformat()))
    if report.tickers:
        facts.append(t("tickers_covered", ln, n=len(report.tickers)))
    facts.append(t("nominal", ln, level=round(report.level * 100)))
    st.caption(" · ".join(facts))
    metrics = sorted({str(r["metric"]) for r in report.metrics})
    cols = st.columns(2)
    for i, metric in enumerate(metrics):
        rows = _display([r for r in report.metrics if r["metric"] == metric], ln)
        cols[i % 2].plotly_chart(
            metric_bars(rows, _label("metric", metric, ln),
                        target=_target(metric, report.level)),
            key=f"fc-bars-{metric}", config={"displaylogo": False},
        )
    if report.series:
        st.subheader(t("over_time", ln))
        for metric in sorted({str(r["metric"]) for r in report.series}):
            rows = _display([r for r in report.series if r["metric"] == metric], ln)
            st.plotly_chart(metric_lines(rows, _label("metric", metric, ln),
                                         target=_target(metric, report.level)),
                            key=f"fc-lines-{metric}", config={"displaylogo": False})
    with st.expander(t("details", ln)):
        frame = pd.DataFrame(report.metrics)
        table = frame.pivot_table(index=["metric", "horizon"], columns="model", values="value")
        st.dataframe(table.round(4))
    if report.notes:
        st.caption(md_escape(report.notes))
