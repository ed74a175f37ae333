"""Pure parts of the web app: safe text, figures, network layout, i18n, the CLI command."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.cli.ui import streamlit_command
from tests.ui.fake_service import GRAPH, price_rows
from ui.charts import comparison_figure, fan_rows, forecast_figure, price_figure
from ui.i18n import TEXT, pick_language, t
from ui.network import layout, neighbour_rows, network_figure, normalise
from ui.text import (
    answer_markdown,
    fmt_when,
    md_escape,
    md_link,
    safe_url,
    short_error,
    zone,
)


def test_links_only_for_http_urls() -> None:
    assert safe_url("https://a.example/x y)") == "https://a.example/x%20y%29"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//no-scheme", "", None, 3):
        assert safe_url(bad) is None
    assert md_link("Hi [there]", "javascript:alert(1)") == "Hi \\[there\\]"
    assert md_link("*bold* news", "https://n.example/1") == "[\\*bold\\* news](https://n.example/1)"


def test_escapes_keep_text_literal() -> None:
    assert md_escape("<b>$5</b> :red[x]") == "\\<b\\>\\$5\\</b\\> \\:red\\[x\\]"
    assert answer_markdown("from $120 to \\$150, **up**") == "from \\$120 to \\$150, **up**"


def test_database_errors_read_as_one_line() -> None:
    from sqlalchemy.exc import OperationalError

    exc = OperationalError("SELECT * FROM daily_prices", {}, Exception("no such table: x"))
    assert short_error(exc) == "no such table: x"
    assert short_error(ValueError("a" * 300)).endswith("…")
    assert short_error(RuntimeError()) == "RuntimeError"


def test_times_in_the_viewer_zone() -> None:
    seoul = zone("Asia/Seoul")
    assert fmt_when(datetime(2026, 11, 19, 14, 30, tzinfo=UTC), seoul) == "2026-11-19 23:30"
    assert fmt_when("2026-11-19T14:30:00Z", seoul) == "2026-11-19 23:30"
    assert fmt_when(date(2026, 11, 20), seoul) == "2026-11-20"
    assert fmt_when(None, seoul) == "—"
    assert zone("Not/AZone").key == "UTC"


def test_every_text_exists_in_both_languages() -> None:
    for key, (en, ko) in TEXT.items():
        assert en.strip() and ko.strip(), key
        assert sorted(_fields(en)) == sorted(_fields(ko)), key
    assert t("no-such-key", "ko") == "no-such-key"


def _fields(text: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(text) if f]


@pytest.mark.parametrize(("setting", "chosen", "browser", "expected"), [
    ("auto", None, "ko-KR", "ko"), ("auto", None, "en-US", "en"), ("auto", None, None, "en"),
    ("ko", None, "en-US", "ko"), ("en", None, "ko", "en"), ("en", "ko", "en-US", "ko"),
])
def test_language_choice_setting_and_browser(
    setting: str, chosen: str | None, browser: str | None, expected: str
) -> None:
    assert pick_language(setting=setting, chosen=chosen, browser_locale=browser) == expected


def test_price_figure_has_candles_and_volume_without_weekends() -> None:
    fig = price_figure({"ticker": "AAPL", "currency": "USD", "rows": price_rows("AAPL", 10)},
                       "en")
    kinds = [trace.type for trace in fig.data]
    assert kinds == ["candlestick", "bar"]
    assert len(fig.data[0].x) == 10
    assert fig.layout.xaxis.rangebreaks[0].bounds == ("sat", "mon")


def test_fan_opens_from_last_close_to_the_interval() -> None:
    rows = fan_rows({"as_of": "2026-11-20", "horizon": 5, "last_close": 100.0, "low": 90.0,
                     "high": 112.0, "level": 0.8})
    assert [r["date"] for r in rows] == ["2026-11-20", "2026-11-23", "2026-11-24",
                                         "2026-11-25", "2026-11-26", "2026-11-27"]
    assert rows[0]["low"] == rows[0]["high"] == 100.0
    assert (rows[-1]["low"], rows[-1]["high"]) == (90.0, 112.0)
    assert math.isclose(rows[1]["high"], 100 + 12 * math.sqrt(1 / 5))
    fig = forecast_figure({"as_of": "2026-11-20", "horizon": 5, "last_close": 100.0,
                           "low": 90.0, "high": 112.0, "level": 0.8}, "ko")
    assert [trace.name for trace in fig.data] == ["과거", "80% 구간", "중앙 예측"]
    assert fan_rows({"horizon": 5}) == []


def test_comparison_series_and_bars() -> None:
    fig = comparison_figure({"base": 100, "series": [
        {"ticker": "A", "points": [{"date": "2026-01-02", "value": 100}]},
        {"ticker": "B", "points": [{"date": "2026-01-02", "value": 100}]}]}, "en")
    assert [trace.name for trace in fig.data] == ["A", "B"]
    bars = comparison_figure({"rows": [{"label": "A", "value": 3}, {"label": "B", "value": 1}]},
                             "en")
    assert bars.data[0].type == "bar" and list(bars.data[0].x) == ["A", "B"]


def test_network_rings_labels_and_neighbours() -> None:
    center, nodes, edges = normalise(GRAPH)
    assert center == "NVDA" and nodes["Semiconductors"]["kind"] == "Industry"
    pos = layout(center, nodes, edges)
    assert pos["NVDA"] == (0.0, 0.0)
    assert all(math.isclose(math.hypot(*pos[n]), 1.0) for n in ("TSM", "AMD", "Semiconductors"))
    fig = network_figure(GRAPH, "ko")
    labels = {text for trace in fig.data for text in (trace.text or [])}
    assert {"엔비디아", "반도체", "공급", "경쟁"} <= labels  # node names and edge labels
    assert len(fig.layout.annotations) == 2  # arrows only on directed relations
    rows = neighbour_rows(GRAPH, "en")
    assert {(r["name"], r["relation"], r["direction"]) for r in rows} == {
        ("TSMC", "supplies", "←"), ("AMD", "competes with", "←"),
        ("Semiconductors", "in industry", "→")}


def test_network_accepts_src_dst_and_unknown_nodes() -> None:
    center, nodes, edges = normalise({"edges": [{"src": "A", "dst": "B", "type": "NEW_KIND"}]})
    assert center == "A" and set(nodes) == {"A", "B"}
    fig = network_figure({"center": "A", "edges": [{"src": "A", "dst": "B", "type": "X_Y"}]},
                         "en")
    assert any(trace.name == "x y" for trace in fig.data)


def test_ui_command_serves_on_localhost_only(monkeypatch: pytest.MonkeyPatch) -> None:
    command = streamlit_command(port=8765)
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4].endswith("ui/app.py")
    joined = " ".join(command)
    assert "--server.address 127.0.0.1" in joined and "--server.port 8765" in joined
    assert "--server.headless true" in joined
    seen: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda exe, argv: seen.append(list(argv)))
    result = CliRunner().invoke(cli_app, ["ui", "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8765" in result.output and seen == [command]
