"""The web app in Debian's Chromium, driven by Playwright (marker `browser`).

`test_real_app` runs `stockelper ui` with the real ChatService over a small fixture SQLite
store; `test_scripted_app` serves the same UI over the scripted service to reach every page.
Screenshots go to artifacts/screenshots/ (relative to the project root).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.ui.browser import (
    ROOT,
    SCREENSHOTS,
    ask,
    free_port,
    launch_chromium,
    served,
    wait_idle,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                       reason="needs Debian's Chromium: apt-get install -y chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="needs playwright for Python"),
]


def _fixture_store(data_dir: Path) -> None:
    from app.db.engine import make_engine, make_session_factory
    from app.db.migrate import upgrade
    from tests.agents.fixture_db import build_fixture_db

    url = f"sqlite:///{(data_dir / 'stockelper.db').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    build_fixture_db(make_session_factory(engine), tickers=("AAPL", "005930.KS", "NVDA"),
                     days=80)
    engine.dispose()


@pytest.mark.skipif(importlib.util.find_spec("app.chat") is None,
                    reason="the real ChatService (app.chat) is not installed yet")
def test_real_app(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    _fixture_store(tmp_path)
    port = free_port()
    stockelper = shutil.which("stockelper", path=str(Path(sys.executable).parent))
    assert stockelper, "the stockelper console script is not installed in this environment"
    env = {"STOCKELPER_DATA_DIR": str(tmp_path), "STOCKELPER_LLM_PROVIDER": "none",
           "STOCKELPER_DATABASE_URL": "", "STOCKELPER_LANGFUSE_PUBLIC_KEY": ""}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with served([stockelper, "ui", "--port", str(port)], env=env, cwd=tmp_path), \
            sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="en-US")
        page.goto(f"http://127.0.0.1:{port}/")
        expect(page.get_by_text("Try one of these")).to_be_visible(timeout=120_000)

        answer = ask(page, "How did Apple do this month?")
        expect(answer.get_by_text(re.compile(r"Apple Inc\. \(AAPL\) went from"))).to_be_visible(
            timeout=120_000)
        expect(answer.locator(".js-plotly-plot")).to_have_count(1, timeout=60_000)
        expect(answer.get_by_text("Data as of 2026-11-20")).to_be_visible()
        wait_idle(page)
        page.screenshot(path=str(SCREENSHOTS / "real_en_price.png"))

        answer = ask(page, "삼성전자 최근 한 달 주가 어때?")
        expect(answer.get_by_text(re.compile(r"삼성전자\(005930\.KS\)"))).to_be_visible(
            timeout=120_000)
        expect(answer.locator(".js-plotly-plot")).to_have_count(1, timeout=60_000)
        wait_idle(page)
        page.screenshot(path=str(SCREENSHOTS / "real_ko_price.png"))
        # the thread is listed under its title; a new chat, then resuming the thread,
        # brings both answers and their charts back from the checkpointer
        sidebar = page.get_by_test_id("stSidebar")
        thread = sidebar.get_by_role("button", name=re.compile("How did Apple do"))
        expect(thread).to_be_visible()
        sidebar.get_by_role("button", name="New chat").click()
        expect(page.get_by_text("Try one of these")).to_be_visible(timeout=60_000)
        thread.click()
        messages = page.get_by_test_id("stChatMessage")
        expect(messages).to_have_count(4, timeout=60_000)
        expect(messages.nth(1).locator(".js-plotly-plot")).to_have_count(1, timeout=60_000)
        expect(messages.nth(3).get_by_text(re.compile(r"삼성전자\(005930\.KS\)"))).to_be_visible()

        page.get_by_test_id("stSidebarNav").get_by_text("Data & status").click()
        expect(page.get_by_text("No collection has run yet.")).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()  # freshness table
        expect(page.get_by_text("NVDA · NVIDIA")).to_be_visible()  # watchlist, named
        wait_idle(page)
        page.screenshot(path=str(SCREENSHOTS / "real_status.png"), full_page=True)
        browser.close()


def test_scripted_app(tmp_path: Path) -> None:
    """Every page in a real browser, over the scripted service (no agents needed)."""
    from playwright.sync_api import expect, sync_playwright

    from app.db.migrate import upgrade

    url = f"sqlite:///{(tmp_path / 'ui.db').as_posix()}"
    upgrade(url)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "tests/ui/fake_app.py"),
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal", "--", url]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    env = {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with served(command, env=env, cwd=ROOT), sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="en-US")
        page.goto(base + "/")
        expect(page.get_by_text("Try one of these")).to_be_visible(timeout=120_000)
        answer = ask(page, "Latest news on Samsung")
        expect(answer.get_by_role("link", name="Apple unveils new chips").first).to_be_visible(
            timeout=60_000)
        answer = ask(page, "Who are NVIDIA's suppliers?")
        expect(answer.locator(".js-plotly-plot")).to_have_count(1, timeout=60_000)
        wait_idle(page)
        page.screenshot(path=str(SCREENSHOTS / "chat_news_graph.png"))

        page.get_by_test_id("stSidebar").get_by_text("한국어").click()
        expect(page.get_by_text("새 대화")).to_be_visible(timeout=60_000)
        answer = ask(page, "애플 5일 예측 보여줘")
        expect(answer.get_by_text("80% 구간: 97.00 – 106.00")).to_be_visible(timeout=60_000)
        wait_idle(page)
        page.screenshot(path=str(SCREENSHOTS / "chat_ko_forecast.png"))

        nav = page.get_by_test_id("stSidebarNav")
        # markers sit at the bottom of each page, so the page is whole when they show
        for name, link, marker in (("graph", "기업 관계도", "연결된 기업"),
                                   ("forecast", "예측 성적표", "기간별 추이"),
                                   ("status", "데이터·상태", "실패만 보기")):
            nav.get_by_text(link).click()  # in-app navigation keeps the session (and language)
            expect(page.get_by_text(marker).first).to_be_visible(timeout=60_000)
            wait_idle(page)
            page.screenshot(path=str(SCREENSHOTS / f"page_{name}_ko.png"), full_page=True)
        browser.close()
