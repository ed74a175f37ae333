"""Answers whose numbers match the database: recomputed here straight from the stored bars."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import load_bars
from tests.agents.conftest import ServiceFactory
from tests.agents.fixture_db import TICKERS


def _bars(sessions: sessionmaker[Session], ticker: str) -> pd.DataFrame:
    with sessions() as session:
        return load_bars(session=session, tickers=[ticker])


@pytest.mark.parametrize("ticker", ["AAPL", "NVDA", "005930.KS", "035420.KS"])
def test_quote_numbers_come_from_the_store(
    make_service: ServiceFactory, read_sessions: sessionmaker[Session], ticker: str
) -> None:
    bars = _bars(read_sessions, ticker)
    last, prev = bars.iloc[-1], bars.iloc[-2]
    change = (last["close"] / prev["close"] - 1) * 100
    answer = make_service().ask("n", "u", f"{ticker} price")
    krw = ticker.endswith(".KS")
    close = f"₩{last['close']:,.0f}" if krw else f"${last['close']:,.2f}"
    assert close in answer.answer
    assert f"{abs(change):.2f}%" in answer.answer
    assert ("down" if change < 0 else "up") in answer.answer
    assert last["date"].isoformat() in answer.answer
    assert answer.as_of == last["date"]
    chart = next(a for a in answer.artifacts if a.kind == "price_chart")
    assert chart.data["rows"][-1]["close"] == pytest.approx(last["close"])
    assert chart.data["rows"][-1]["volume"] == last["volume"]


def test_history_return_high_and_low(
    make_service: ServiceFactory, read_sessions: sessionmaker[Session]
) -> None:
    bars = _bars(read_sessions, "TSLA").iloc[-64:]  # 63 sessions and the close before them
    body = bars.iloc[1:]
    change = (bars["close"].iloc[-1] / bars["close"].iloc[0] - 1) * 100
    answer = make_service().ask("n", "u", "How did Tesla perform over the past 3 months?")
    assert f"{abs(change):.2f}%" in answer.answer
    assert f"${body['high'].max():,.2f}" in answer.answer
    assert f"${body['low'].min():,.2f}" in answer.answer
    assert "63 sessions" in answer.answer


def test_watchlist_screen_ranks_by_weekly_return(
    make_service: ServiceFactory, read_sessions: sessionmaker[Session]
) -> None:
    returns = {}
    for ticker in TICKERS:
        closes = _bars(read_sessions, ticker)["close"]
        returns[ticker] = (closes.iloc[-1] / closes.iloc[-6] - 1) * 100
    best = max(returns, key=returns.__getitem__)
    worst = min(returns, key=returns.__getitem__)
    answer = make_service().ask("n", "u", "Which of my stocks rose most this week?")
    table = next(a for a in answer.artifacts if a.kind == "table")
    assert [row[0] for row in table.data["rows"]][0] == best
    assert table.data["rows"][-1][0] == worst
    assert f"{returns[best]:+.2f}%" in answer.answer
    assert f"Of the {len(TICKERS)} stocks" in answer.answer


def test_korean_quote_uses_won_and_korean_wording(
    make_service: ServiceFactory, read_sessions: sessionmaker[Session]
) -> None:
    last = _bars(read_sessions, "005930.KS").iloc[-1]
    answer = make_service().ask("n", "u", "삼성전자 주가 알려줘")
    assert answer.language == "ko"
    assert f"{last['close']:,.0f}원" in answer.answer
    assert "종가" in answer.answer and "가격 기준일" in answer.answer


def test_why_questions_show_how_related_companies_moved(
    make_service: ServiceFactory, read_sessions: sessionmaker[Session]
) -> None:
    answer = make_service().ask("n", "u", "Why did NVDA fall today?")
    assert answer.agents == ["market", "news", "graph"] and answer.unverified_numbers == []
    assert "Related companies over the same window" in answer.answer
    for ticker in ("AMD", "INTC"):  # curated competitors with prices in the fixture
        closes = _bars(read_sessions, ticker)["close"]
        change = (closes.iloc[-1] / closes.iloc[-2] - 1) * 100
        assert f"({ticker}): {change:+.2f}%" in answer.answer
    assert "moved the same way" in answer.answer


@pytest.mark.parametrize("question", ["How much NVDA traded today?", "NVDA 이번 주 거래량"])
def test_volume_is_compared_with_the_previous_twenty_sessions(
    make_service: ServiceFactory, read_sessions: sessionmaker[Session], question: str,
) -> None:
    volume = _bars(read_sessions, "NVDA")["volume"]
    average = int(volume.iloc[-21:-1].mean())
    answer = make_service().ask("n", "u", question)
    assert answer.agents == ["market"]
    assert f"{average:,}" in answer.answer
    assert f"{volume.iloc[-1] / volume.iloc[-21:-1].mean():.2f}" in answer.answer
