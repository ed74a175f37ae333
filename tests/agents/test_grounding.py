"""The number-grounding check and the guard's language detection, as units."""

from __future__ import annotations

import pytest

from agents.grounding import pool_of, unverified_numbers
from agents.guard import detect_language
from agents.state import AgentResult

RESULT = AgentResult(
    agent="market", action="quote", tickers=("005930.KS",),
    data={"items": [{"close": 71500.0, "change_pct": -2.3456, "volume": 12345678,
                     "date": "2026-11-20", "market_cap": 1.234e12, "price": 181.234}],
          "title": "Chip stocks rise 3% on HBM demand"},
)
POOL = pool_of([RESULT])


@pytest.mark.parametrize("text", [
    "closed at ₩71,500 on 2026-11-20, down 2.35%",
    "종가 71,500원, 2.3% 하락", "about 181", "$181.23", "volume 12,345,678 shares",
    "market cap 1.2조 원", "market cap $1.23 trillion", "12,340억", "rose 3% on HBM demand",
    "삼성전자(005930.KS)", "see https://x.example.com/2024/99 for details",
])
def test_grounded_numbers_pass(text: str) -> None:
    assert unverified_numbers(text, POOL) == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("down 2.4%", ["2.4%"]),  # 2.3456 rounds to 2.3 at one decimal
    ("closed at ₩72,000", ["72,000"]),
    ("as of 2026-11-21", ["2026-11-21"]),
    ("target price $250", ["250"]),
    ("1조 5,000억", ["1조 5,000억"]),
])
def test_ungrounded_numbers_are_flagged(text: str, flagged: list[str]) -> None:
    assert unverified_numbers(text, POOL) == flagged


@pytest.mark.parametrize(("text", "language"), [
    ("삼성전자 주가", "ko"), ("NVDA 주가 알려줘", "ko"), ("How is AAPL doing?", "en"),
    ("AAPL", "en"), ("애플 RSI and MACD comparison chart please", "en"),
])
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language
