"""bench/run_all.py: parsing each script's printed figures, missing scripts, doc merging."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "bench" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_all"] = module
    spec.loader.exec_module(module)
    return module


INGEST = """Bulk price upsert, 50,000 rows
store        case                               rows/s
sqlite       empty table                        25,242
sqlite       all conflicting, unchanged         42,047
postgresql   empty table                       180,500
"""
CHAT = """generated 20 tickers x 504 days in 3.1 s

Offline answer latency, 20 tickers x 504 sessions (5 questions per route, ms)
route              n      p50      p95      max
quote              5    100.0    168.7    170.0
why (3 agents)     5    117.8    272.2    280.0
all               10     61.8    172.0    280.0

LLM mode (scripted model): LLM calls per question
questions          n     mean      max
single-agent       4     2.00        2
"""
GRAPH = """graph: 608 nodes, 5,000 edges (500 companies); build 2.7 s
query                              p50 ms   p95 ms   max ms   n=50
relations (1 hop, all types)         12.0     39.9     50.0
path (shortest, <= 4 hops)           34.0     70.5     90.1
"""
FORECAST = """10,003 bars, 4 tickers, horizons (1, 5, 20), level 0.8
| step | wall s | CPU s |
|---|---|---|
| walk-forward (features, refits, forecasts) | 95.5 | 15.7 |
| scoring (metrics + block bootstrap CIs) | 10.0 | 2.0 |
| total | 116.8 | 19.5 |
"""
COLLECT = """         prices job: 50 tickers x 2 years, SQLite
┃ run      ┃   rows ┃ inserted ┃ total s ┃ rows/s ┃ job overhead ms/ticker ┃
│ backfill │ 25,000 │   25,000 │    1.50 │ 17,060 │                   4.86 │
│ nightly  │    400 │       50 │    0.20 │  2,191 │                   2.98 │
"""


def test_parsers(run_all: ModuleType) -> None:
    assert run_all.parse_ingest(INGEST) == [
        ("ingest", "sqlite empty table", "25,242 rows/s"),
        ("ingest", "sqlite all conflicting, unchanged", "42,047 rows/s"),
        ("ingest", "postgresql empty table", "180,500 rows/s")]
    chat = run_all.parse_chat(CHAT)
    assert chat[0] == ("answer latency", "route quote (n=5)", "p50 100.0 / p95 168.7 ms")
    assert chat[1][1] == "route why (3 agents) (n=5)" and len(chat) == 3
    graph = run_all.parse_graph(GRAPH)
    assert graph[0] == ("graph query", "graph size",
                        "608 nodes, 5,000 edges (500 companies); build 2.7 s")
    assert graph[2] == ("graph query", "path (shortest, <= 4 hops)", "p50 34.0 / p95 70.5 ms")
    forecast = run_all.parse_forecast(FORECAST)
    assert ("forecast", "evaluation: total", "116.8 s wall, 19.5 s CPU") in forecast
    assert run_all.parse_forecast("SKIP: x.csv not found")[0][2].startswith("skipped")
    collect = run_all.parse_collect(COLLECT)
    assert collect[0] == ("collect", "prices job backfill",
                          "17,060 rows/s, job overhead 4.86 ms/ticker")


def test_missing_script_is_not_available(run_all: ModuleType) -> None:
    bench = run_all.Bench("ghost", "bench_ghost.py", [], [], run_all.parse_ingest)
    result = run_all.run(bench, quick=True, timeout_s=5)
    assert result.status == "not available" and "bench_ghost.py" in result.note


def test_failing_script_is_reported(run_all: ModuleType, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "bench_boom.py").write_text(
        "import sys\nprint('about to fail')\nsys.exit(3)\n", encoding="utf-8")
    monkeypatch.setattr(run_all, "ROOT", tmp_path)
    result = run_all.run(run_all.Bench("boom", "bench_boom.py", [], [], run_all.parse_ingest),
                         quick=False, timeout_s=60)
    assert result.status == "failed" and result.note.startswith("exit 3: about to fail")
    assert result.peak_mb > 0


def test_doc_merge_keeps_other_sections(run_all: ModuleType, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "benchmarks.md"
    monkeypatch.setattr(run_all, "DOC", doc)
    doc.write_text("# Benchmarks\n\n## Forecast\n\nforecast table\n", encoding="utf-8")
    run_all.write_doc(f"{run_all.SECTION}\n\nfirst")
    text = doc.read_text(encoding="utf-8")
    assert text.index(run_all.SECTION) < text.index("## Forecast")
    run_all.write_doc(f"{run_all.SECTION}\n\nsecond")
    text = doc.read_text(encoding="utf-8")
    assert "first" not in text and "second" in text and "forecast table" in text
    assert text.count(run_all.SECTION) == 1


def test_import_line_is_parsed(run_all: ModuleType) -> None:
    out = INGEST + "import-prices daily_2015_2024.csv.gz: wall 41.2 s, peak RSS 310 MiB (whole)\n"
    assert run_all.parse_ingest(out)[-1] == (
        "ingest", "stockelper import-prices daily_2015_2024.csv.gz",
        "41.2 s wall, peak RSS 310 MiB")
