"""A scripted ChatServicePort for the web app tests (and the UI demo screenshots).

The question picks the script: price (default), news/뉴스, supplier/공급 (graph),
forecast/예측, compare/비교, and "store down" / "llm down" for the two error events.
Korean questions (any Hangul) get Korean answers. Every call is recorded.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.chat_types import (
    Answer,
    Artifact,
    ArtifactEvent,
    ChatEvent,
    Citation,
    CitationsEvent,
    ErrorEvent,
    FinalEvent,
    StatusEvent,
    ThreadInfo,
    TokenEvent,
    Turn,
)

AS_OF = date(2026, 11, 20)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def price_rows(ticker: str, n: int = 30, start: float = 100.0) -> list[dict[str, Any]]:
    rows, close, day = [], start, AS_OF - timedelta(days=n * 7 // 5 + 2)
    while len(rows) < n:
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        open_ = close
        close = round(open_ * (1 + 0.012 * ((len(rows) * 7) % 5 - 2) / 2), 2)
        rows.append({
            "date": day.isoformat(), "open": open_, "high": max(open_, close) * 1.01,
            "low": min(open_, close) * 0.99, "close": close, "volume": 1_000_000 + len(rows),
        })
    return rows


NEWS = [
    Citation("Apple unveils new chips", "https://news.example.com/apple-chips", "Example Wire",
             datetime(2026, 11, 19, 14, 30, tzinfo=UTC)),
    Citation("삼성전자, 반도체 투자 확대", "https://news.example.kr/samsung", "예시일보",
             datetime(2026, 11, 20, 1, 0, tzinfo=UTC)),
]
GRAPH = {  # the graph agent's artifact shape: `label` is the node label
    "center": "NVDA",
    "nodes": [
        {"id": "NVDA", "label": "Company", "name_en": "NVIDIA", "name_ko": "엔비디아"},
        {"id": "TSM", "label": "Company", "name_en": "TSMC", "name_ko": "TSMC"},
        {"id": "AMD", "label": "Company", "name_en": "AMD", "name_ko": "AMD"},
        {"id": "Semiconductors", "label": "Industry", "name_en": "Semiconductors",
         "name_ko": "반도체"},
    ],
    "edges": [
        {"source": "TSM", "target": "NVDA", "type": "SUPPLIES", "evidence": "10-K",
         "label_en": "supplies", "label_ko": "공급"},
        {"source": "AMD", "target": "NVDA", "type": "COMPETES_WITH"},
        {"source": "NVDA", "target": "Semiconductors", "type": "IN_INDUSTRY"},
    ],
}


def _script(text: str, ko: bool) -> tuple[list[str], str, list[Artifact], list[Citation]]:
    q = text.lower()
    if "news" in q or "뉴스" in q:
        items = [{"title": c.title, "url": c.url, "publisher": c.publisher,
                  "published_at": c.published_at.isoformat() if c.published_at else None}
                 for c in NEWS]
        body = ("삼성전자 관련 최신 뉴스 2건입니다 [1][2]." if ko
                else "Two recent stories mention the company [1][2].")
        return ["news"], body, [Artifact("news_cards", "News", {"items": items})], NEWS
    if "supplier" in q or "공급" in q:
        body = ("엔비디아의 공급사는 TSMC이고 경쟁사는 AMD입니다." if ko
                else "NVIDIA is supplied by TSMC and competes with AMD.")
        return ["graph"], body, [Artifact("graph", "NVIDIA relations", GRAPH)], []
    if "forecast" in q or "예측" in q:
        body = ("5거래일 뒤 80% 구간은 97–106달러입니다." if ko
                else "The 80% interval for 5 trading days ahead is $97 to $106.")
        data = {"ticker": "AAPL", "as_of": AS_OF.isoformat(), "horizon": 5,
                "last_close": 101.0, "low": 97.0, "high": 106.0, "level": 0.8, "p_up": 0.54}
        return ["prediction"], body, [Artifact("forecast_fan", "AAPL +5d", data)], []
    if "compare" in q or "비교" in q:
        series = [{"ticker": tk, "points": [{"date": r["date"], "value": r["close"] * k}
                                            for r in price_rows(tk)]}
                  for tk, k in (("TSLA", 1.0), ("005380.KS", 0.9))]
        body = "테슬라가 현대차보다 더 올랐습니다." if ko else "Tesla rose more than Hyundai."
        return ["market"], body, [Artifact("comparison_chart", "Relative performance",
                                           {"base": 100, "period": "1y", "series": series})], []
    ticker = "005930.KS" if ko else "AAPL"
    body = ("삼성전자는 최근 한 달 동안 **4.2%** 상승했고, 최근 종가는 71,500원입니다."
            if ko else "Apple rose **4.2%** over the last month, closing at $231.50.")
    data = {"ticker": ticker, "currency": "KRW" if ko else "USD", "rows": price_rows(ticker)}
    return ["market"], body, [Artifact("price_chart", f"{ticker} daily", data)], []


@dataclass
class FakeChatService:
    synthetic: bool = False
    status_error: Exception | None = None
    status_extra: dict[str, Any] = field(default_factory=dict)
    threads: dict[str, list[Turn]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    asked: list[tuple[str, str, str]] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def stream(self, thread_id: str, user_id: str, text: str) -> Iterator[ChatEvent]:
        self.asked.append((thread_id, user_id, text))
        ko = bool(HANGUL.search(text))
        q = text.lower()
        if "store down" in q or "저장소 장애" in q:
            yield StatusEvent("market", "started")
            yield ErrorEvent("store", "OperationalError: unable to open database file")
            return
        if "llm down" in q:
            yield StatusEvent("router", "started")
            yield ErrorEvent("llm", "APIConnectionError: connection refused")
            return
        agents, body, artifacts, citations = _script(text, ko)
        for agent in agents:
            yield StatusEvent(agent, "started")
        for agent in agents:
            yield StatusEvent(agent, "done", "1 result")
        for word in body.split(" "):
            yield TokenEvent(word + " ")
        for artifact in artifacts:
            yield ArtifactEvent(artifact)
        yield CitationsEvent(citations)
        answer = Answer(
            answer=body, language="ko" if ko else "en", agents=agents,
            tickers=[], citations=citations, as_of=AS_OF, llm=None, trace_id="trace-123",
            thread_id=thread_id, message_id=uuid.uuid4().hex, artifacts=artifacts,
            synthetic=self.synthetic,
        )
        self.threads.setdefault(thread_id, []).extend(
            [Turn("user", text), Turn("assistant", body, answer)])
        self.titles.setdefault(thread_id, text[:40])
        yield FinalEvent(answer)

    def ask(self, thread_id: str, user_id: str, text: str) -> Answer:
        for event in self.stream(thread_id, user_id, text):
            if isinstance(event, FinalEvent):
                return event.answer
        raise RuntimeError("no answer")

    def list_threads(self, user_id: str) -> list[ThreadInfo]:
        now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
        return [ThreadInfo(tid, self.titles.get(tid, ""), now - timedelta(minutes=i))
                for i, tid in enumerate(self.threads)]

    def history(self, thread_id: str) -> list[Turn]:
        return list(self.threads.get(thread_id, []))

    def delete_thread(self, thread_id: str) -> None:
        self.deleted.append(thread_id)
        self.threads.pop(thread_id, None)
        self.titles.pop(thread_id, None)

    def record_feedback(
        self, *, thread_id: str, message_id: str, trace_id: str | None, value: int,
        comment: str | None = None,
    ) -> None:
        self.feedback.append({"thread_id": thread_id, "message_id": message_id,
                              "trace_id": trace_id, "value": value, "comment": comment})

    def status(self) -> dict[str, Any]:
        if self.status_error is not None:
            raise self.status_error
        return {"sql_store": "sqlite", "graph_store": "embedded", "llm": None,
                "langfuse_host": None, "synthetic": self.synthetic, **self.status_extra}
