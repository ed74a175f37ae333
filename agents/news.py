"""The news agent: latest news per ticker, keyword/topic search, a short digest.

Every item keeps its publisher, time and link; titles and summaries are untrusted text
that the composer only ever quotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from agents.ports import NewsData, SymbolLookup
from agents.state import Agent, AgentResult, AgentTask
from app.chat_types import Artifact, Citation
from app.db.repositories import StoredNews

PERIOD_DAYS = {"1d": 1, "1w": 7, "1m": 31, "3m": 92, "6m": 183, "ytd": 366, "1y": 366}
SUMMARY_CHARS = 280


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build_news_agent(
    *, news: NewsData, symbols: SymbolLookup, clock: Callable[[], datetime] = _utcnow,
    limit: int = 6,
) -> Agent:
    def run(task: AgentTask) -> AgentResult:
        action = task.action if task.action in ("latest", "search", "digest") else "latest"
        query = (task.params.get("query") or "").strip() or None
        period = task.params.get("period")
        since = clock() - timedelta(days=PERIOD_DAYS[period]) if period in PERIOD_DAYS else None
        tickers = list(task.tickers) or None
        size = limit * 2 if action == "digest" else limit
        rows = news.news(tickers=tickers, query=query, since=since, limit=size)
        relaxed = False
        if not rows and query and tickers:
            rows = news.news(tickers=tickers, since=since, limit=size)
            relaxed = True
        if not rows and since is not None:  # nothing that recent: show the latest we have
            rows = news.news(tickers=tickers, query=None if relaxed else query, limit=size)
            period = None
        items = [_item(r, symbols) for r in rows]
        data: dict[str, Any] = {
            "items": items, "count": len(items), "query": query, "period": period,
            "query_relaxed": relaxed,
            "publishers": dict(Counter(i["publisher"] or "?" for i in items).most_common(5)),
        }
        if not items:
            return AgentResult(agent="news", action=action, tickers=tuple(task.tickers),
                               data=data, error="no_data")
        citations = tuple(
            Citation(title=r.title, url=r.url, publisher=r.publisher,
                     published_at=r.published_at) for r in rows
        )
        cards = Artifact(
            kind="news_cards", title="관련 뉴스" if task.language == "ko" else "News",
            data={"items": [{k: i[k] for k in ("title", "publisher", "published_at", "url",
                                                 "tickers")} for i in items]},
        )
        return AgentResult(
            agent="news", action=action, tickers=tuple(task.tickers), data=data,
            citations=citations, artifacts=(cards,),
            as_of=max(r.published_at for r in rows).date(),
            synthetic=any(r.source == "demo" for r in rows),
        )

    return Agent(id="news", run=run)


def _item(row: StoredNews, symbols: SymbolLookup) -> dict[str, Any]:
    summary = (row.summary or "").strip()
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
    return {
        "title": row.title, "publisher": row.publisher, "url": row.url,
        "published_at": row.published_at.isoformat(), "date": row.published_at.date().isoformat(),
        "tickers": list(row.tickers), "summary": summary, "language": row.language,
    }
