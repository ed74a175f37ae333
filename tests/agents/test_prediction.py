"""The prediction agent on a real ForecastService (a small model trained here), and its
absence from routing when no forecast service is given."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy.orm import Session, sessionmaker

from agents.compose import OfflineComposer
from agents.graph import build_chat_graph
from agents.market import build_market_agent
from agents.news import build_news_agent
from agents.prediction import build_prediction_agent
from agents.router_llm import OfflineRouter
from agents.sql_sources import SqlMarketData, SqlNewsData
from app.chat import ChatService
from app.db.engine import make_engine, make_session_factory
from app.db.migrate import upgrade
from app.symbols import SymbolDirectory
from app.tracing_port import NoTracing
from forecast.bars import SqlBarsLoader
from forecast.evaluation import ForecastConfig
from forecast.registry import SqlModelRegistry
from forecast.service import ForecastService
from forecast.training import train_and_evaluate
from tests.agents.conftest import ServiceFactory
from tests.agents.fixture_db import build_fixture_db

TICKERS = ("SPY", "NVDA", "AAPL", "005930.KS", "000660.KS")


@pytest.fixture(scope="module")
def forecast_setup(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[sessionmaker[Session], ForecastService]]:
    directory: Path = tmp_path_factory.mktemp("forecast")
    url = f"sqlite:///{(directory / 'db.sqlite').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    build_fixture_db(sessions, tickers=TICKERS, days=420)
    loader = SqlBarsLoader(session_factory=sessions)
    trained = train_and_evaluate(
        loader(tickers=list(TICKERS), start=None), n_boot=30, per_ticker=False,
        config=ForecastConfig(horizons=(5,), min_train=250, refit_every=63, garch=False,
                              max_iter=20))
    registry = SqlModelRegistry(session_factory=sessions, models_dir=directory / "models")
    registry.save(version=trained.version, models=trained.models,
                  evaluation=trained.evaluation)
    yield sessions, ForecastService(load_bars=loader, registry=registry, horizons=(5,))
    engine.dispose()


def test_forecast_question_is_answered_from_the_forecast_service(
    forecast_setup: tuple[sessionmaker[Session], ForecastService], symbols: SymbolDirectory,
) -> None:
    sessions, forecasts = forecast_setup
    agents = [build_market_agent(market=SqlMarketData(session_factory=sessions), symbols=symbols),
              build_news_agent(news=SqlNewsData(session_factory=sessions), symbols=symbols),
              build_prediction_agent(forecaster=forecasts, symbols=symbols)]
    graph = build_chat_graph(symbols=symbols, agents=agents, router=OfflineRouter(),
                             composer=OfflineComposer(symbols=symbols))
    service = ChatService(graph=graph.compile(checkpointer=InMemorySaver()),
                          tracing=NoTracing(), session_factory=sessions,
                          read_session_factory=sessions)
    expected = forecasts.forecast("NVDA", 5)
    answer = service.ask("p", "u", "What is the forecast for NVDA next week?")
    assert answer.agents == ["prediction"] and answer.tickers == ["NVDA"]
    assert f"${expected.interval_low:,.2f} to ${expected.interval_high:,.2f}" in answer.answer
    assert f"{round(expected.p_up * 100)}%" in answer.answer
    assert "not investment advice" in answer.answer and answer.unverified_numbers == []
    assert answer.as_of == expected.as_of
    fan = next(a for a in answer.artifacts if a.kind == "forecast_fan")
    assert fan.data["low"] == round(expected.interval_low, 2)
    korean = service.ask("p2", "u", "삼성전자 다음 주 전망은?")
    assert korean.agents == ["prediction"] and "상승 확률" in korean.answer
    assert korean.unverified_numbers == []


def test_without_a_forecast_service_prediction_is_never_routed(
    make_service: ServiceFactory,
) -> None:
    answer = make_service().ask("np", "u", "What is the forecast for NVDA next week?")
    assert answer.agents == [] and "not set up" in answer.answer
    mixed = make_service().ask("np2", "u", "NVDA news and outlook")
    assert mixed.agents == ["news"]
