"""Every benchmark, one table (`make bench`).

    .venv/bin/python bench/run_all.py            # full sizes; writes docs/benchmarks.md
    .venv/bin/python bench/run_all.py --quick    # small sizes for CI; prints only
    .venv/bin/python bench/run_all.py --only chat --only graph

Runs each bench/bench_*.py in its own process (with its small mode under --quick), parses
its printed figures, and measures each process's wall time and peak RSS. The app process
figure is the peak RSS of `stockelper eval --suite routing` (the real ChatService answering
labelled questions offline). A missing script is reported as "not available", a failing
one as "failed"; neither stops the others. The summary section of docs/benchmarks.md is
replaced in place; sections other scripts wrote there are kept.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Summary (bench/run_all.py)"
Row = tuple[str, str, str]  # area, metric, value


@dataclass
class Result:
    name: str
    status: str = "ok"  # ok | not available | failed | timed out
    seconds: float = 0.0
    peak_mb: float = 0.0
    output: str = ""
    rows: list[Row] = field(default_factory=list)
    note: str = ""


def parse_ingest(out: str) -> list[Row]:
    rows = [("ingest", f"{m[1]} {m[2].strip()}", f"{m[3]} rows/s") for m in re.finditer(
        r"^(sqlite|postgresql)\s+(.+?)\s{2,}([\d,]+)\s*$", out, re.M)]
    if "postgresql   skipped" in out:
        rows.append(("ingest", "postgresql", "skipped: no PostgreSQL URL"))
    for m in re.finditer(r"^import-prices (\S+): wall ([\d.]+) s, peak RSS (\d+) MiB", out, re.M):
        rows.append(("ingest", f"stockelper import-prices {m[1]}",
                     f"{m[2]} s wall, peak RSS {m[3]} MiB"))
    if "import-prices skipped" in out:
        rows.append(("ingest", "stockelper import-prices", "skipped: reference data not found"))
    return rows


def _section(out: str, start: str) -> str:
    i = out.find(start)
    if i < 0:
        return ""
    block = out[i:].split("\n\n", 1)[0]
    return block


def parse_chat(out: str) -> list[Row]:
    block = _section(out, "Offline answer latency")
    return [("answer latency", f"route {m[1].strip()} (n={m[2]})", f"p50 {m[3]} / p95 {m[4]} ms")
            for m in re.finditer(r"^(\S[^\n]*?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+[\d.]+\s*$",
                                 block, re.M)]


def parse_graph(out: str) -> list[Row]:
    rows = [("graph query", m[1].strip(), f"p50 {m[2]} / p95 {m[3]} ms") for m in re.finditer(
        r"^([a-z][^\n]*?\))\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", out, re.M)]
    head = re.search(r"^graph: (.+)$", out, re.M)
    return ([("graph query", "graph size", head[1])] if head else []) + rows


def parse_forecast(out: str) -> list[Row]:
    if out.startswith("SKIP") or "\nSKIP" in out:
        return [("forecast", "walk-forward evaluation", "skipped: reference data not found")]
    rows = [("forecast", f"evaluation: {m[1]}", f"{m[2]} s wall, {m[3]} s CPU")
            for m in re.finditer(r"^\| (walk-forward[^|]*|total) \| ([\d.]+) \| ([\d.]+) \|$",
                                 out, re.M)]
    size = re.search(r"^([\d,]+ bars, \d+ tickers)", out, re.M)
    return ([("forecast", "data", size[1])] if size else []) + rows


def parse_collect(out: str) -> list[Row]:
    rows: list[Row] = []
    header: list[str] = []
    for line in out.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line)[1:-1]]
        if "rows/s" in cells:
            header = cells
        elif header and cells and cells[0] in ("backfill", "nightly"):
            cell = dict(zip(header, cells, strict=False))
            rows.append(("collect", f"prices job {cells[0]}",
                         f"{cell.get('rows/s', '?')} rows/s, job overhead "
                         f"{cell.get('job overhead ms/ticker', '?')} ms/ticker"))
    return rows


def parse_symbols(out: str) -> list[Row]:
    return [("symbols", m[1], " ".join(m[2].split())) for m in re.finditer(
        r"^(resolve|find_mentions)\s+(p50.+)$", out, re.M)][:2]


def parse_eval(out: str) -> list[Row]:
    m = re.search(r"routing (\d+)/(\d+)", out)
    return [("app process", "questions answered (offline ChatService)", m[2])] if m else []


@dataclass(frozen=True)
class Bench:
    name: str
    script: str | None  # bench/<script>; None: the stockelper CLI
    full: list[str]
    quick: list[str]
    parse: Callable[[str], list[Row]]


def benches(tmp: Path) -> list[Bench]:
    report = ["--report", str(tmp / "eval.md"), "--min-routing", "0", "--min-grounded", "0"]
    return [
        Bench("ingest", "bench_ingest.py", [], ["--rows", "50000", "--skip-import"],
              parse_ingest),
        Bench("symbols", "bench_symbols.py", [], [], parse_symbols),
        Bench("collect", "bench_collect.py", [], ["--small"], parse_collect),
        Bench("graph", "bench_graph.py", [], ["--small"], parse_graph),
        Bench("forecast", "bench_forecast.py", [],
              ["--tickers", "AAPL,MSFT,NVDA,005930.KS", "--no-garch", "--no-docs"],
              parse_forecast),
        Bench("chat", "bench_chat.py", [], ["--small", "--rounds", "5"], parse_chat),
        Bench("app", None, ["eval", "--suite", "routing", *report],
              ["eval", "--suite", "routing", "--limit", "40", *report], parse_eval),
    ]


def run(bench: Bench, *, quick: bool, timeout_s: float) -> Result:
    result = Result(bench.name)
    args = bench.quick if quick else bench.full
    if bench.script is None:
        cmd = [sys.executable, "-m", "app.cli", *args]
    else:
        path = ROOT / "bench" / bench.script
        if not path.exists():
            return Result(bench.name, status="not available", note=f"bench/{bench.script} "
                          "does not exist yet")
        cmd = [sys.executable, str(path), *args]
    with tempfile.TemporaryFile(mode="w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONPATH": str(ROOT),
                                        "COLUMNS": "170"})
        deadline = started + timeout_s
        while True:  # os.wait4 gives this child's own peak RSS
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                result.status = "timed out"
                break
            time.sleep(0.2)
        process.returncode = os.waitstatus_to_exitcode(status)
        result.seconds = time.perf_counter() - started
        result.peak_mb = usage.ru_maxrss / 1024
        out.seek(0)
        result.output = out.read()
    if result.status == "ok" and process.returncode != 0:
        result.status = "failed"
        result.note = f"exit {process.returncode}: " + (result.output.strip().splitlines()
                                                        or ["no output"])[-1][:200]
    if result.status == "ok":
        result.rows = bench.parse(result.output)
    if bench.name == "app" and result.status == "ok":
        result.rows.append(("app process", "peak RSS of the ChatService process",
                            f"{result.peak_mb:.0f} MiB"))
    return result


def machine() -> str:
    ram = "?"
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, {ram} RAM, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}{load}")


def table(results: list[Result]) -> list[str]:
    lines = ["| area | metric | value |", "|---|---|---|"]
    for r in results:
        if r.status != "ok":
            lines.append(f"| {r.name} | {r.status} | {r.note} |")
        lines += [f"| {a} | {m} | {v} |" for a, m, v in r.rows]
    lines += ["", "| script | status | wall s | peak RSS MiB |", "|---|---|---|---|"]
    lines += [f"| {r.name} | {r.status} | {r.seconds:.1f} | {r.peak_mb:.0f} |" for r in results]
    return lines


def write_doc(text: str) -> None:
    """Replace our section (or add it after the title); keep every other section."""
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start = old.find(SECTION + "\n")
    if start >= 0:
        end = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text.rstrip("\n") + ("\n" + old[end:] if end >= 0 else "")
    else:
        title_end = old.find("\n", old.find("# ")) + 1 if old.startswith("# ") else 0
        rest = old[title_end:].lstrip("\n")
        new = old[:title_end] + "\n" + text + ("\n\n" + rest if rest else "")
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    parser.add_argument("--only", action="append", default=[], help="run only these")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per script")
    parser.add_argument("--write-docs", action=argparse.BooleanOptionalAction, default=None,
                        help="update docs/benchmarks.md (default: yes, except with --quick)")
    args = parser.parse_args()
    timeout = args.timeout or (900.0 if args.quick else 7200.0)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="stockelper-bench-") as tmp:
        for bench in benches(Path(tmp)):
            if args.only and bench.name not in args.only:
                results.append(Result(bench.name, status="not run", note="not in --only"))
                continue
            print(f"running {bench.name} ...", flush=True)
            result = run(bench, quick=args.quick, timeout_s=timeout)
            print(f"  {result.status} in {result.seconds:.1f} s", flush=True)
            results.append(result)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = table(results)
    print("\n" + "\n".join(lines))
    if args.write_docs if args.write_docs is not None else not args.quick:
        mode = "quick (CI sizes)" if args.quick else "full sizes"
        write_doc("\n".join([
            SECTION, "",
            f"`python bench/run_all.py{' --quick' if args.quick else ''}` ({mode}), {stamp}.",
            f"Machine: {machine()}. Wall-clock figures on a machine shared with other jobs; "
            "peak RSS is each script's own process (os.wait4).", "", *lines, ""]))
        print(f"\nwrote the summary section of {DOC.relative_to(ROOT)}")
    return 1 if any(r.status in ("failed", "timed out") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
