"""Status, graph explorer and forecast pages driven headless over real SQLite + fakes."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import app_for
from tests.ui.fake_ports import FakeForecasts, FakeGraph
from tests.ui.test_chat_page import texts
from ui.ports import Backend, ProgressFn
from ui.readmodel import SqlReadModel


def page(at: AppTest, name: str) -> AppTest:
    at.run()
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, at.exception
    return at


def test_status_page_freshness_and_run_ledger(make_app: Callable[..., AppTest]) -> None:
    at = page(make_app(), "status")
    freshness = at.dataframe[0].value
    prices = freshness[freshness["Dataset"] == "Daily prices"].iloc[0]
    assert prices["Rows"] == 6 and prices["Newest"] == "2026-11-20"
    assert prices["Last successful run"] != "—"  # the "prices" run succeeded
    news = freshness[freshness["Dataset"] == "News"].iloc[0]
    assert news["Last successful run"] == "—"  # its only run failed
    ledger = at.dataframe[1].value
    assert set(ledger["Job"]) == {"prices", "news"}
    assert "❌ failed" in set(ledger["Status"])
    at.toggle(key="ledger-failures").set_value(True).run()
    assert list(at.dataframe[1].value["Job"]) == ["news"]
    assert at.expander[0].label.startswith("❌ news")
    assert "timeout after 30s" in at.dataframe[2].value.to_string()


def test_collect_now_absent_then_with_progress(backend: Backend) -> None:
    at = page(app_for(lambda: backend), "status")
    assert "Collecting from the web app is not available" in texts(at)
    calls: list[int] = []

    def collect(progress: ProgressFn) -> Mapping[str, Any]:
        for i in (1, 2):
            progress(i, 2, f"ticker {i}")
            calls.append(i)
        return {"bars": 6, "news": 2}

    at = page(app_for(lambda: replace(backend, collect=collect)), "status")
    at.button(key="collect-now").click().run()
    assert calls == [1, 2]
    assert "Collection finished: bars: 6, news: 2" in texts(at)


def test_collect_failure_is_reported(backend: Backend) -> None:
    def collect(progress: ProgressFn) -> Mapping[str, Any]:
        raise TimeoutError("yahoo did not answer")

    at = page(app_for(lambda: replace(backend, collect=collect)), "status")
    at.button(key="collect-now").click().run()
    assert "Collection failed: yahoo did not answer" in texts(at)


def add(at: AppTest, query: str) -> AppTest:
    at.text_input(key="watchlist-query").set_value(query)
    at.button[[b.label for b in at.button].index("Add")].click().run()
    assert not at.exception
    return at


def test_watchlist_add_by_korean_name_ambiguous_and_remove(
    make_app: Callable[..., AppTest], read_model: SqlReadModel
) -> None:
    at = page(make_app(), "status")
    assert at.pills(key="watchlist-remove").options == ["AAPL · Apple", "MSFT"]
    at = add(at, "삼성전자")
    assert "Added 005930.KS (Samsung Electronics)." in texts(at)
    assert read_model.watchlist() == ["AAPL", "MSFT", "005930.KS"]
    at = add(at, "apple")
    assert "AAPL is already on the watchlist." in texts(at)
    at = add(at, "현대")
    assert at.radio(key="watchlist-choice").options[1].startswith("012330.KS")
    at.radio(key="watchlist-choice").set_value(at.radio(key="watchlist-choice").options[1])
    at.button(key="watchlist-add-choice").click().run()
    assert read_model.watchlist()[-1] == "012330.KS"
    at = add(at, "no such company")
    assert "No company found for “no such company”." in texts(at)
    at.pills(key="watchlist-remove").set_value(["MSFT"]).run()
    at.button(key="watchlist-remove-button").click().run()
    assert "MSFT" not in read_model.watchlist()
    assert "Removed MSFT." in texts(at)


def test_status_page_when_store_is_down(backend: Backend) -> None:
    class DownOps:
        def __getattr__(self, name: str) -> Any:
            def fail(*args: Any, **kwargs: Any) -> Any:
                raise ConnectionError("could not connect to server")

            return fail

    at = page(app_for(lambda: replace(backend, ops=DownOps())), "status")
    page_text = texts(at)
    assert ("The data store is not reachable or not set up yet (could not connect to server). "
            "Run `stockelper init` to create it.") in page_text
    assert page_text.count("could not connect") == 1  # one message, not one per section


def test_graph_explorer_neighbourhood_and_click_through(backend: Backend) -> None:
    graph = FakeGraph()
    at = app_for(lambda: replace(backend, graph=graph))
    at.session_state["graph-ticker"] = "NVDA"
    at = page(at, "graph")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {text for trace in spec["data"] for text in trace.get("text", []) or []}
    assert {"NVIDIA", "TSMC", "AMD", "Semiconductors", "supplies"} <= names
    neighbours = [b.label for b in at.button if b.key and b.key.startswith("go-")]
    assert "← supplies · TSMC" in neighbours
    assert "→ in industry · Semiconductors" in texts(at)  # not a company: no button
    at.button(key=next(b.key for b in at.button if b.label == "← supplies · TSMC")).click()
    at.run()
    assert graph.asked[-1] == "TSM" and at.selectbox(key="graph-ticker").value == "TSM"


def test_graph_page_without_a_graph(backend: Backend) -> None:
    at = page(app_for(lambda: replace(backend, graph=None)), "graph")
    assert "The company graph is not available yet" in texts(at)


def test_forecast_track_record_charts_and_empty_state(backend: Backend) -> None:
    at = page(app_for(lambda: backend), "forecast")
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert titles == ["Direction: Brier score (lower is better)",
                      "Interval coverage (target: the nominal level)",
                      "Interval coverage (target: the nominal level)"]
    legend = {t["name"] for c in at.get("plotly_chart")
              for t in json.loads(c.proto.spec)["data"]}
    assert {"our model", "base rate", "forecast interval"} <= legend
    assert "Nominal 80%" in texts(at) and "Tickers evaluated: 2" in texts(at)
    at = page(app_for(lambda: replace(backend, forecasts=FakeForecasts(None))), "forecast")
    assert "No forecast evaluation yet" in texts(at)
    assert not at.get("plotly_chart")


def test_pages_in_korean(make_app: Callable[..., AppTest]) -> None:
    at = page(make_app(locale="ko"), "status")
    assert "데이터 최신성" in texts(at) and "관심 종목" in texts(at)
    at.switch_page("pages/forecast.py").run()
    assert "예측 성적표" in texts(at)
