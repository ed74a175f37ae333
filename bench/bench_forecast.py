"""Walk-forward evaluation of the forecast models on real daily bars, against every baseline.

    python bench/bench_forecast.py [--tickers AAPL,SPY,...] [--no-garch] [--report PATH]
                                   [--no-docs]

Uses ../shared/data/prices/daily_2015_2024.csv.gz (evaluation only; skips cleanly when it is
absent). Prints runtime (wall and CPU) and the metrics table, checks the targets of issue 6,
and writes the "Forecast" section of docs/benchmarks.md unless --no-docs.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from forecast.evaluation import ForecastConfig, walk_forward  # noqa: E402
from forecast.report import metrics_table, write_report  # noqa: E402
from forecast.scoring import POOLED, MetricRow, score  # noqa: E402
from forecast.training import fit_final  # noqa: E402

SHARED_PRICES = ROOT.parent / "shared" / "data" / "prices" / "daily_2015_2024.csv.gz"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Forecast"


def load(path: Path, tickers: list[str]) -> pd.DataFrame:
    bars = pd.read_csv(path)
    bars.columns = [c.lower() for c in bars.columns]
    if tickers:
        bars = bars[bars["ticker"].isin(tickers)]
    return bars


def targets(rows: list[MetricRow]) -> list[tuple[str, bool, str]]:
    by = {(r.horizon, r.model, r.metric): r for r in rows if r.scope == POOLED}
    out = []
    gain_hist = by[(5, "har", "gain_vs_hist20")]
    gain_ewma = by[(5, "har", "gain_vs_ewma")]
    out.append(("5-day vol QLIKE >= 10% better than 20-day historical vol",
                gain_hist.value >= 10.0,
                f"{gain_hist.value:.1f}% [{gain_hist.ci_low:.1f}, {gain_hist.ci_high:.1f}]"))
    out.append(("5-day vol QLIKE no worse than EWMA", gain_ewma.value >= 0.0,
                f"{gain_ewma.value:.1f}% [{gain_ewma.ci_low:.1f}, {gain_ewma.ci_high:.1f}]"))
    for h in sorted({r.horizon for r in rows}):
        m, b = by[(h, "model", "brier")], by[(h, "base_rate", "brier")]
        gain = by[(h, "model", "gain_vs_base_rate")]
        edge = "edge" if (gain.ci_low or 0) > 0 else "no measurable edge"
        out.append((f"{h}-day direction Brier no worse than base rate", m.value <= b.value,
                    f"{m.value:.4f} vs {b.value:.4f}, gain {gain.value:.2f}% "
                    f"[{gain.ci_low:.2f}, {gain.ci_high:.2f}] ({edge})"))
    return out


def write_doc(text: str) -> None:
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start = old.find(SECTION + "\n")
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + ("" if end < 0 else old[end:])
    DOC.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", type=Path, default=SHARED_PRICES)
    parser.add_argument("--tickers", default="", help="comma-separated subset")
    parser.add_argument("--no-garch", action="store_true")
    parser.add_argument("--report", type=Path, default=None, help="Markdown report with plots")
    parser.add_argument("--no-docs", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args()
    if not args.csv.exists():
        print(f"SKIP: {args.csv} not found (reference data lives outside the repo)")
        return 0
    bars = load(args.csv, [t for t in args.tickers.split(",") if t])
    config = ForecastConfig(garch=not args.no_garch)
    n_tickers = bars["ticker"].nunique()
    print(f"{len(bars):,} bars, {n_tickers} tickers, horizons {config.horizons}, "
          f"min_train {config.min_train}, refit every {config.refit_every}, "
          f"garch={config.garch}, threads={config.threads}")

    w0, c0 = time.perf_counter(), time.process_time()
    predictions = walk_forward(bars, config=config)
    w1, c1 = time.perf_counter(), time.process_time()
    rows = score(predictions, level=config.level)
    w2, c2 = time.perf_counter(), time.process_time()
    fit_final(bars, config=config)
    w3, c3 = time.perf_counter(), time.process_time()
    folds = predictions["fold"].nunique()
    timing = [
        ("walk-forward (features, refits, forecasts)", w1 - w0, c1 - c0),
        ("scoring (metrics + block bootstrap CIs)", w2 - w1, c2 - c1),
        ("final fit on all history", w3 - w2, c3 - c2),
        ("total", w3 - w0, c3 - c0),
    ]
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    timing_md = ["| step | wall s | CPU s |", "|---|---|---|"] + [
        f"| {name} | {wall:.1f} | {cpu:.1f} |" for name, wall, cpu in timing
    ]
    table = metrics_table(rows)
    checks = targets(rows)
    checks_md = ["| target | met | measured |", "|---|---|---|"] + [
        f"| {name} | {'yes' if ok else 'NO'} | {detail} |" for name, ok, detail in checks
    ]
    print("\n".join(timing_md))
    print(f"(load average at the end: {load_avg:.1f} on {os.cpu_count()} cores; "
          f"{folds} folds; {len(predictions):,} forecasts)")
    print(table)
    print("\n".join(checks_md))

    if args.report is not None:
        write_report(path=args.report, predictions=predictions, evaluation=rows,
                     title="Forecast walk-forward evaluation (shared daily data)")
        print(f"report: {args.report}")
    if not args.no_docs:
        text = "\n".join([
            SECTION, "",
            "`python bench/bench_forecast.py` on ../shared/data/prices/daily_2015_2024.csv.gz "
            f"({len(bars):,} bars, {n_tickers} tickers, 2015-2024). Walk-forward: expanding "
            f"window, first test fold after {config.min_train} trading days, refit every "
            f"{config.refit_every} days ({folds} folds), labels purged by the horizon; every "
            "forecast below is out of sample. 95% CIs: moving-block bootstrap over dates.",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, shared with other jobs "
            f"(load average {load_avg:.1f} at the end), BLAS/OpenMP threads={config.threads}.",
            "", *timing_md, "", table, "", "Targets (issue 6):", "", *checks_md, "",
        ])
        write_doc(text)
        print(f"wrote the {SECTION!r} section of {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
