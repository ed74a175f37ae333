"""Chat latency per route (offline) and LLM calls per question (LLM mode, scripted model).

    .venv/bin/python bench/bench_chat.py            # 100 tickers x 10 years (generated)
    .venv/bin/python bench/bench_chat.py --small    # 20 tickers x 2 years, for CI

Targets: offline p50 < 150 ms and p95 < 500 ms per route; at most 2 LLM calls for
single-agent questions. Prints a table; the database is generated under --data-dir."""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from langchain_core.messages import AIMessage, BaseMessage  # noqa: E402
from langgraph.checkpoint.sqlite import SqliteSaver  # noqa: E402

from agents.compose import LLMComposer, OfflineComposer  # noqa: E402
from agents.graph import Composer, build_chat_graph  # noqa: E402
from agents.graph_agent import build_graph_agent  # noqa: E402
from agents.market import build_market_agent  # noqa: E402
from agents.news import build_news_agent  # noqa: E402
from agents.router_llm import LLMRouter, OfflineRouter, Router  # noqa: E402
from agents.router_offline import route_offline  # noqa: E402
from agents.sql_sources import SqlMarketData, SqlNewsData  # noqa: E402
from app.chat import ChatService  # noqa: E402
from app.db.engine import make_engine, make_session_factory  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.symbols import SymbolDirectory  # noqa: E402
from app.tracing_port import NoTracing  # noqa: E402
from tests.agents.fixture_db import build_fixture_db  # noqa: E402
from tests.fakes.chat_model import ScriptedChatModel, structured  # noqa: E402

ROUTES: dict[str, list[str]] = {
    "quote": ["{n} price", "{k} 주가 얼마야?"],
    "history": ["How did {n} perform over the past year?", "{k} 5년 수익률"],
    "compare": ["Compare {t} and {t2} this year", "{k}와 {k2} 비교"],
    "technical": ["{n} RSI and moving averages", "{k} 200일 이동평균"],
    "volume": ["{n} volume spikes this month", "{k} 거래량"],
    "screen": ["Which of my stocks rose most this week?", "내 관심종목 한 달 수익률 순위"],
    "news": ["Latest news on {n}", "{k} 뉴스"],
    "graph": ["Who are {n}'s competitors?", "{k} 공급사"],
    "why (3 agents)": ["Why did {t} fall today?", "{k} 왜 올랐어?"],
    "follow-up": ["and its news?", "그럼 경쟁사는?"],
    "out of scope": ["What's the weather in Seoul?", "애플 10주 매수해줘"],
}


def build_db(directory: Path, tickers: list[str], days: int) -> str:
    db = directory / "stockelper.db"
    url = f"sqlite:///{db.as_posix()}"
    if not db.exists():
        directory.mkdir(parents=True, exist_ok=True)
        upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        build_fixture_db(make_session_factory(engine), tickers=tickers, days=days)
        engine.dispose()
        print(f"generated {len(tickers)} tickers x {days} days in "
              f"{time.perf_counter() - started:.1f}s")
    return url


def build_graph(directory: Path, symbols: SymbolDirectory) -> Any:
    from kg.builder import GraphBuilder
    from kg.ladybug_store import LadybugGraphStore
    from kg.queries import GraphQueries
    from kg.relations import load_relations

    fresh = not (directory / "graph.lbug").exists()
    store = LadybugGraphStore(path=directory / "graph.lbug")
    if fresh:
        store.ensure_schema()
        builder = GraphBuilder(store=store, directory=symbols)
        builder.add_companies()
        builder.add_relations(load_relations())
    return GraphQueries(store=store, directory=symbols)


def make_service(url: str, directory: Path, symbols: SymbolDirectory, queries: Any,
                 model: ScriptedChatModel | None, name: str) -> ChatService:
    engine, read_engine = make_engine(url), make_engine(url, read_only=True)
    sessions, reads = make_session_factory(engine), make_session_factory(read_engine)
    agents = [build_market_agent(market=SqlMarketData(session_factory=reads), symbols=symbols),
              build_news_agent(news=SqlNewsData(session_factory=reads), symbols=symbols),
              build_graph_agent(graph=queries)]
    router: Router = LLMRouter(model=model) if model else OfflineRouter()
    composer: Composer = (LLMComposer(model=model, symbols=symbols) if model
                          else OfflineComposer(symbols=symbols))
    path = directory / f"checkpoints-{name}.sqlite"
    path.unlink(missing_ok=True)
    saver = SqliteSaver(sqlite3.connect(str(path), check_same_thread=False))
    saver.setup()
    graph = build_chat_graph(symbols=symbols, agents=agents, router=router,
                             composer=composer).compile(checkpointer=saver)
    return ChatService(graph=graph, tracing=NoTracing(), session_factory=sessions,
                       read_session_factory=reads, llm="fake:scripted" if model else None)


def questions(tickers: list[str], symbols: SymbolDirectory, rounds: int) -> list[tuple[str, str]]:
    out = []
    for i in range(rounds):
        t, t2 = tickers[(i * 7) % len(tickers)], tickers[(i * 7 + 3) % len(tickers)]
        c, c2 = symbols.get(t), symbols.get(t2)
        assert c is not None and c2 is not None
        for route, templates in ROUTES.items():
            template = templates[i % 2]
            out.append((route, template.format(t=t, t2=t2, n=c.name_en.split(",")[0],
                                               k=c.name_ko, k2=c2.name_ko)))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_offline(service: ChatService, qs: list[tuple[str, str]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for i, (route, q) in enumerate(qs):
        thread = f"bench-{i // len(ROUTES)}"
        started = time.perf_counter()
        service.ask(thread, "bench", q)
        times.setdefault(route, []).append((time.perf_counter() - started) * 1000)
    return times


def llm_model(available: list[str]) -> ScriptedChatModel:
    """Routes like the offline rules would (through a structured-output tool call) and
    answers with a reply naming no numbers, so each question costs its real calls."""
    def route(messages: list[BaseMessage]) -> AIMessage:
        text = str(messages[-1].content).split("<question>\n")[1].split("\n</question>")[0]
        plan = route_offline(text=text, tickers=["AAPL"], available=available)  # type: ignore[arg-type]
        return structured(plan)

    def reply(messages: list[BaseMessage]) -> AIMessage:
        if "Available now" in str(messages[0].content) or "route only" in str(messages[0].content):
            return route(messages)
        return AIMessage(content="Apple Inc.: see the figures below.")

    return ScriptedChatModel(default=reply)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/stockelper-bench-chat"))
    parser.add_argument("--fresh", action="store_true", help="regenerate the database")
    args = parser.parse_args()
    n_tickers, days = (20, 504) if args.small else (100, 2520)
    directory = args.data_dir / ("small" if args.small else "full")
    if args.fresh:
        shutil.rmtree(directory, ignore_errors=True)
    symbols = SymbolDirectory.from_seed()
    tickers = [c.ticker for c in symbols.companies() if c.kind == "stock"][:n_tickers]
    url = build_db(directory, tickers, days)
    queries = build_graph(directory, symbols)
    offline = make_service(url, directory, symbols, queries, None, "offline")
    run_offline(offline, questions(tickers, symbols, 2))  # warm-up
    times = run_offline(offline, questions(tickers, symbols, args.rounds))
    print(f"\nOffline answer latency, {n_tickers} tickers x {days} sessions "
          f"({args.rounds} questions per route, ms)")
    print(f"{'route':<16}{'n':>4}{'p50':>9}{'p95':>9}{'max':>9}")
    for route, values in times.items():
        print(f"{route:<16}{len(values):>4}{statistics.median(values):>9.1f}"
              f"{percentile(values, 0.95):>9.1f}{max(values):>9.1f}")
    every = [v for values in times.values() for v in values]
    print(f"{'all':<16}{len(every):>4}{statistics.median(every):>9.1f}"
          f"{percentile(every, 0.95):>9.1f}{max(every):>9.1f}")
    model = llm_model(["market", "news", "graph"])
    llm = make_service(url, directory, symbols, queries, model, "llm")
    calls: dict[str, list[int]] = {}
    for route, q in questions(tickers, symbols, 4):
        answer = llm.ask(f"llm-{route}", "bench", q)
        kind = ("out of scope" if not answer.agents else
                "single-agent" if len(answer.agents) == 1 else "multi-agent")
        calls.setdefault(kind, []).append(answer.llm_calls)
    print("\nLLM mode (scripted model): LLM calls per question")
    print(f"{'questions':<16}{'n':>4}{'mean':>9}{'max':>9}")
    for kind, values in calls.items():
        print(f"{kind:<16}{len(values):>4}{statistics.mean(values):>9.2f}{max(values):>9}")


if __name__ == "__main__":
    main()
