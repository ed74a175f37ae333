"""Embedded graph store benchmark: build a generated graph, then time the agents' queries.

    .venv/bin/python bench/bench_graph.py            # 5,000 companies, 50,000 edges
    .venv/bin/python bench/bench_graph.py --small    # 500 companies, 5,000 edges (CI)

Edges: 70% curated-style company relations (SUPPLIES, COMPETES_WITH, PARTNERS_WITH,
SUBSIDIARY_OF; targets drawn with a preferential bias so some companies are hubs, like
TSMC), 10% news co-mentions, 20% IN_SECTOR / IN_INDUSTRY from profiles. The build goes
through the real GraphBuilder; timings are wall-clock on the LadybugDB adapter.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.records import CompanyProfile
from app.symbols.types import Company, Resolution
from kg.builder import GraphBuilder
from kg.ladybug_store import LadybugGraphStore
from kg.queries import GraphQueries
from kg.relations import CuratedRelation
from kg.schema import RelType

CURATED: tuple[tuple[RelType, float], ...] = (
    ("SUPPLIES", 0.5), ("COMPETES_WITH", 0.3), ("PARTNERS_WITH", 0.15), ("SUBSIDIARY_OF", 0.05),
)


class BenchDirectory:
    """A dict-backed stand-in for SymbolDirectory over generated companies."""

    def __init__(self, companies: list[Company]) -> None:
        self._by_ticker = {c.ticker: c for c in companies}

    def get(self, ticker: str) -> Company | None:
        return self._by_ticker.get(ticker)

    def resolve(self, text: str) -> Resolution:
        company = self._by_ticker.get(text)
        if company is None:
            return Resolution(query=text, status="not_found")
        return Resolution(query=text, status="found", matches=(company,), method="ticker")

    def companies(self) -> list[Company]:
        return list(self._by_ticker.values())


@dataclass(frozen=True)
class Article:
    key: str
    published_at: datetime
    tickers: tuple[str, ...]


def generate(n_companies: int, n_edges: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    companies = [
        Company(ticker=f"C{i:05d}", name_en=f"Company {i}", name_ko=f"회사 {i}",
                exchange="NASDAQ" if i % 2 else "KOSPI", country="US" if i % 2 else "KR",
                currency="USD", sector=f"Sector {i % 11}")
        for i in range(n_companies)
    ]
    tickers = [c.ticker for c in companies]
    hubs = tickers[: max(10, n_companies // 50)]

    def pick() -> str:
        return rng.choice(hubs) if rng.random() < 0.2 else rng.choice(tickers)

    n_curated, n_news = int(n_edges * 0.7), int(n_edges * 0.1)
    seen: set[tuple[str, str, str]] = set()
    relations: list[CuratedRelation] = []
    while len(relations) < n_curated:
        rel = rng.choices([t for t, _ in CURATED], [w for _, w in CURATED])[0]
        src, dst = pick(), pick()
        key = (min(src, dst), rel, max(src, dst)) if rel != "SUPPLIES" else (src, rel, dst)
        if src == dst or key in seen:
            continue
        seen.add(key)
        relations.append(CuratedRelation(src, rel, dst, f"generated {rel.lower()}", "2025-06-30"))
    pairs: set[tuple[str, str]] = set()
    articles: list[Article] = []
    start = datetime(2025, 1, 1, tzinfo=UTC)
    while len(pairs) < n_news:
        a, b = sorted((pick(), pick()))
        if a != b:
            pairs.add((a, b))
            articles.append(Article(f"a{len(articles)}", start + timedelta(hours=len(articles)),
                                    (a, b)))
    n_profiles = (n_edges - n_curated - n_news) // 2
    profiles = [
        CompanyProfile(ticker=t, sector=f"Sector {i % 11}", industry=f"Industry {i % 97}",
                       source="bench")
        for i, t in enumerate(tickers[:n_profiles])
    ]
    return {"companies": companies, "relations": relations, "articles": articles,
            "profiles": profiles}


def _p50_p95(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.95))]


def timed(samples: list[Any], action: Callable[[Any], object]) -> tuple[float, ...]:
    """Wall-clock p50/p95/max and process CPU p50/p95 in ms. On a shared machine the CPU
    figures (all threads of this process) are the better estimate of uncontended latency."""
    wall, cpu = [], []
    for sample in samples:
        started, started_cpu = time.perf_counter(), time.process_time()
        action(sample)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (*_p50_p95(wall), max(wall), *_p50_p95(cpu))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="500 companies, 5,000 edges")
    parser.add_argument("--samples", type=int, default=None)
    parser.add_argument("--threads", type=int, default=0, help="threads per query (0: all)")
    args = parser.parse_args()
    n_companies, n_edges = (500, 5_000) if args.small else (5_000, 50_000)
    samples_n = args.samples or (50 if args.small else 200)
    data = generate(n_companies, n_edges)
    directory = BenchDirectory(data["companies"])

    with tempfile.TemporaryDirectory(prefix="bench-graph-") as tmp:
        store = LadybugGraphStore(path=Path(tmp) / "graph.lbug", max_threads=args.threads)
        try:
            started = time.perf_counter()
            store.ensure_schema()
            builder = GraphBuilder(store=store, directory=directory, as_of=date(2025, 6, 30))
            builder.add_companies()
            builder.add_profiles(data["profiles"])
            builder.add_relations(data["relations"])
            builder.add_co_mentions(data["articles"])
            build_s = time.perf_counter() - started
            counts = store.counts()
            n_nodes = sum(v for k, v in counts.items() if k[0].isupper() and not k.isupper())
            n_rels = sum(v for k, v in counts.items() if k.isupper())

            queries = GraphQueries(store=store, directory=directory)
            rng = random.Random(11)
            tickers = [c.ticker for c in data["companies"]]
            one = [rng.choice(tickers) for _ in range(samples_n)]
            two = [(rng.choice(tickers), rng.choice(tickers)) for _ in range(samples_n)]
            rows = [
                ("relations (1 hop, all types)", timed(one, lambda t: queries.relations(t))),
                ("second ring (2 hops)", timed(one, lambda t: store.second_ring(t))),
                ("exposure (2 hops, with paths)", timed(one, lambda t: queries.exposure(t))),
                ("path (shortest, <= 4 hops)", timed(two, lambda p: queries.path(*p))),
                ("subgraph (40 nodes)", timed(one, lambda t: queries.subgraph(t))),
            ]
        finally:
            store.close()

    print(f"graph: {n_nodes:,} nodes, {n_rels:,} edges "
          f"({counts.get('Company', 0):,} companies); build {build_s:.1f} s")
    print(f"{'query':<32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   n={samples_n}")
    for name, (p50, p95, worst, _, _) in rows:
        print(f"{name:<32} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")
    print("process CPU per query (all threads; the better estimate of uncontended latency "
          "on a busy machine):")
    for name, (_, _, _, cpu50, cpu95) in rows:
        print(f"  {name:<30} cpu p50 {cpu50:.1f} / p95 {cpu95:.1f} ms")
    print(f"load average: {' '.join(f'{v:.1f}' for v in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs (wall figures include waiting for a CPU)")


if __name__ == "__main__":
    main()
