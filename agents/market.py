"""The market agent: quotes, history, returns, comparisons, indicators, volume, watchlist
screens. Reads bars through the MarketData port; returns facts and charts, never prose."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from agents import market_ops as ops
from agents.indicators import PERIOD_SESSIONS, Bars, split_bars
from agents.ports import MarketData, SymbolLookup
from agents.router_scope import assumed_direction
from agents.state import Agent, AgentResult, AgentTask
from app.chat_types import Artifact

DEFAULT_PERIOD = {"quote": "3m", "history": "1m", "compare": "1m", "technical": "6m",
                  "volume": "1m", "screen": "1w", "peers": "1d"}
MIN_SESSIONS = {"technical": 230, "quote": 260}
WIDE = 4


def _calendar_days(period: str, action: str) -> int:
    sessions = max(PERIOD_SESSIONS.get(period, 252), MIN_SESSIONS.get(action, 0))
    if action == "volume":  # every session in the period needs the 20 before it
        sessions += 21
    return int(sessions * 7 / 5) + 14


def build_market_agent(*, market: MarketData, symbols: SymbolLookup) -> Agent:
    def names(ticker: str) -> dict[str, Any]:
        company = symbols.get(ticker)
        return {
            "ticker": ticker,
            "name_en": company.name_en if company else ticker,
            "name_ko": company.name_ko if company else ticker,
            "currency": company.currency if company else "",
        }

    def load(tickers: list[str], period: str, action: str) -> dict[str, Bars]:
        if len(tickers) > WIDE:  # screens: one cheap newest date instead of one per ticker
            newest_any = market.newest_date()
            latest = {t: newest_any for t in tickers} if newest_any else {}
        else:
            latest = market.latest_dates(tickers=tickers)
        if not latest:
            return {}
        newest = max(latest.values())
        if period == "ytd":
            start = date(min(latest.values()).year - 1, 12, 1)
            start = min(start, newest - timedelta(days=_calendar_days("1y", action)))
        else:
            start = min(latest.values()) - timedelta(days=_calendar_days(period, action))
        frame = market.bars(tickers=list(latest), start=start, end=newest)
        return split_bars(frame)

    def run(task: AgentTask) -> AgentResult:
        action = task.action if task.action in DEFAULT_PERIOD else "quote"
        period = str(task.params.get("period") or DEFAULT_PERIOD[action])
        tickers = list(task.tickers)
        if action == "screen" or (action == "compare" and not tickers):
            watch = market.watchlist()
            tickers = watch if action == "screen" or not tickers else tickers
        # "which of my stocks had volume spikes / are overbought?": screen on that measure
        measure = screen_measure(task.question) if action == "screen" else None
        if measure:
            period = str(task.params.get("period") or DEFAULT_PERIOD[measure])
        frames = load(tickers, period, measure or action)
        present = [t for t in tickers if t in frames and len(frames[t]) > 0]
        missing = [t for t in tickers if t not in present]
        if not present:
            return AgentResult(agent="market", action=action, tickers=tuple(tickers),
                               data={"missing": missing}, error="no_data")
        items = [_item(measure or action, frames[t], period) | names(t) for t in present]
        synthetic = any(frames[t].synthetic for t in present)
        as_of = max(date.fromisoformat(str(i.get("date") or i.get("end_date"))) for i in items)
        data: dict[str, Any] = {"period": period, "items": items, "missing": missing}
        if action == "peers":
            data |= _peer_summary(items)
        if measure:
            return _measure_screen(measure, items, data, as_of, synthetic)
        if action in ("compare", "screen"):
            ranked = sorted(items, key=lambda i: i["change_pct"], reverse=True)
            data["ranked"] = [i["ticker"] for i in ranked]
            data["count"] = len(ranked)
            if action == "screen" and assumed_direction(task.question) < 0:
                data["lead"] = "fallers"  # "which of my stocks fell most?": the worst first
            if action == "compare" and len(ranked) > 1:
                data["gap_pct"] = round(ranked[0]["change_pct"] - ranked[-1]["change_pct"], 2)
        return AgentResult(
            agent="market", action=action, tickers=tuple(present), data=data,
            artifacts=tuple(_artifacts(action, present, frames, items, period, task.language)),
            as_of=as_of, synthetic=synthetic,
        )

    return Agent(id="market", run=run)


def screen_measure(question: str) -> str | None:
    """The measure a watchlist screen asks for besides returns ("volume" / "technical")."""
    if _VOLUME_WORDS.search(question):
        return "volume"
    return "technical" if _TECHNICAL_WORDS.search(question) else None


_VOLUME_WORDS = re.compile(r"volume|spike|거래량|거래대금", re.IGNORECASE)
_TECHNICAL_WORDS = re.compile(r"\brsi(?![a-z])|overbought|oversold|moving average|과매수|과매도|"
                              r"이동\s?평균|이평", re.IGNORECASE)


def _measure_screen(measure: str, items: list[dict[str, Any]], data: dict[str, Any],
                    as_of: date, synthetic: bool) -> AgentResult:
    key = "volume_ratio" if measure == "volume" else "rsi14"
    ranked = sorted((i for i in items if i.get(key) is not None), key=lambda i: -i[key])
    counts = {"with_spikes": sum(1 for i in items if i.get("spikes")),
              "overbought": sum(1 for i in items if i.get("rsi_state") == "overbought"),
              "oversold": sum(1 for i in items if i.get("rsi_state") == "oversold")}
    data |= {"measure": measure, "ranked": [i["ticker"] for i in ranked], "count": len(items),
             "counts": counts}
    rows = [[i["ticker"], i["name_en"], i[key], len(i.get("spikes", []))] for i in ranked]
    table = Artifact(kind="table", title="Watchlist screen", data={
        "columns": ["ticker", "name", key, "spikes"], "rows": rows, "counts": counts})
    return AgentResult(agent="market", action="screen", tickers=tuple(i["ticker"] for i in items),
                       data=data, artifacts=(table,), as_of=as_of, synthetic=synthetic)


def _peer_summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    """How the related companies moved against the first (subject) ticker."""
    subject, peers = items[0], items[1:]
    sign = 1 if subject["change_pct"] > 0 else -1 if subject["change_pct"] < 0 else 0
    same = [p for p in peers if sign and (p["change_pct"] > 0) == (sign > 0)
            and p["change_pct"] != 0]
    mean = sum(p["change_pct"] for p in peers) / len(peers) if peers else 0.0
    return {"subject": subject["ticker"], "peer_count": len(peers),
            "same_direction": len(same), "peer_mean_pct": round(mean, 2)}


def _item(action: str, frame: Bars, period: str) -> dict[str, Any]:
    if action == "quote":
        return ops.quote(frame)
    if action in ("history", "compare", "screen", "peers"):
        return ops.history(frame, period)
    if action == "technical":
        return ops.technical(frame)
    return ops.volume(frame, period)


def _artifacts(
    action: str, tickers: list[str], frames: dict[str, Bars],
    items: list[dict[str, Any]], period: str, language: str,
) -> list[Artifact]:
    ko = language == "ko"
    if action == "peers":
        return []
    if action in ("compare", "screen"):
        ranked = sorted(items, key=lambda i: i["change_pct"], reverse=True)
        table = Artifact(
            kind="table", title="수익률 비교" if ko else "Returns",
            data={"columns": ["ticker", "name", "close", "change_pct", "start_date", "end_date"],
                  "rows": [[i["ticker"], i["name_ko"] if ko else i["name_en"], i["end_close"],
                            i["change_pct"], i["start_date"], i["end_date"]] for i in ranked]},
        )
        if action == "screen":
            return [table]
        series = [{"ticker": t, "points": ops.rebased(frames[t], period)} for t in tickers]
        chart = Artifact(kind="comparison_chart", title="수익률 비교 (기준=100)" if ko
                         else "Relative performance (start = 100)",
                         data={"base": 100, "period": period, "series": series})
        return [chart, table]
    out: list[Artifact] = []
    for item in items:
        t = item["ticker"]
        sessions = ops.CHART_SESSIONS.get(action) or max(
            PERIOD_SESSIONS.get(period, 21) + 1, 22)
        rows = ops.chart_rows(frames[t].tail(sessions))
        name = item["name_ko"] if ko else item["name_en"]
        interval = "1wk" if sessions > ops.MAX_DAILY_ROWS else "1d"
        out.append(Artifact(kind="price_chart", title=f"{name} ({t})",
                            data={"ticker": t, "currency": item["currency"], "rows": rows,
                                  "interval": interval}))
    if action == "volume":
        spikes = [[i["ticker"], s["date"], s["volume"], s["ratio"], s["change_pct"]]
                  for i in items for s in i["spikes"]]
        if spikes:
            out.append(Artifact(kind="table", title="거래량 급증" if ko else "Volume spikes",
                                data={"columns": ["ticker", "date", "volume", "ratio",
                                                  "change_pct"], "rows": spikes}))
    return out
