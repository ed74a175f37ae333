"""Bench the symbol directory: build time, resolve and find_mentions latency (p50/p95).

Run: .venv/bin/python bench/bench_symbols.py
The second half merges 12,000 synthetic listings (about the size of NASDAQ Trader's files) to
show the cost of a refreshed directory, where fuzzy matching scans many more names.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from app.symbols import Company, SymbolDirectory

RESOLVE_INPUTS = [
    "AAPL", "aapl", "apple", "Apple Inc.", "애플", "삼성전자", "삼전", "Samsung Electronics",
    "Samsung", "005930", "005930.KS", "엔비디아", "SK하이닉스", "SK 하이닉스", "하이닉스",
    "nvidai", "microsft", "samsng electronics", "테슬러", "Alphabet", "구글", "LG", "weather",
    "", "x" * 10_000, "삼성전자는", "Broadcomm", "asdfghjkl", "LG엔솔", "BRK.B",
]
MENTION_INPUTS = [
    "Why did NVDA fall today?", "삼성전자와 SK하이닉스 비교해줘", "Apple and Microsoft earnings",
    "compare it with AMD", "테슬라 주가 어때?", "Samsung Electronics supplies memory to Apple",
    "Analysts raised the price target on pineapple metadata", "$TSLA and $ON rally",
    "엔비디아, 하이닉스에 HBM3E 추가 발주… 삼성전자는 퀄 테스트 통과 여부 주목",
    "Nvidia, Microsoft and Alphabet lead gains as Fed signals rate cut; Tesla slips 3%",
]


def _percentiles(fn: Callable[[str], object], inputs: list[str], rounds: int) -> str:
    samples = []
    for _ in range(rounds):
        for text in inputs:
            start = time.perf_counter()
            fn(text)
            samples.append((time.perf_counter() - start) * 1e6)
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {cuts[49]:7.1f} us   p95 {cuts[94]:7.1f} us   max {max(samples):8.1f} us"


def _synthetic_listings(count: int) -> list[Company]:
    rng = random.Random(7)
    syllables = ["tri", "gen", "vox", "ara", "mer", "lin", "cor", "tek", "sol", "dyn", "qua"]
    words = ["Holdings", "Therapeutics", "Bancorp", "Energy", "Systems", "Capital", "Inc."]
    out = []
    for n in range(count):
        stem = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()
        name = f"{stem} {rng.choice(words)} {rng.choice(words)}"
        out.append(Company(ticker=f"Z{n:04d}", name_en=name, name_ko=name, exchange="NASDAQ",
                           country="US", currency="USD", sector=""))
    return out


def main() -> None:
    start = time.perf_counter()
    directory = SymbolDirectory.from_seed()
    cold = (time.perf_counter() - start) * 1e3
    start = time.perf_counter()
    SymbolDirectory.from_seed()
    warm = (time.perf_counter() - start) * 1e3
    start = time.perf_counter()
    directory.find_mentions("warm up")
    directory.resolve("zzzzzz")
    lazy = (time.perf_counter() - start) * 1e3
    print(f"seed: {len(directory)} companies; from_seed cold {cold:.1f} ms (parses the CSVs), "
          f"warm {warm:.1f} ms (parsed seed cached); mention + fuzzy indexes (built on first "
          f"use) {lazy:.1f} ms")
    print(f"resolve        {_percentiles(directory.resolve, RESOLVE_INPUTS, 50)}")
    print(f"find_mentions  {_percentiles(directory.find_mentions, MENTION_INPUTS, 50)}")

    listings = _synthetic_listings(12_000)
    start = time.perf_counter()
    big = directory.with_companies(listings)
    merge = (time.perf_counter() - start) * 1e3
    start = time.perf_counter()
    big.find_mentions("warm up")
    big.resolve("zzzzzz")
    lazy = (time.perf_counter() - start) * 1e3
    print(f"\nwith 12,000 listings: {len(big)} companies; with_companies {merge:.1f} ms; "
          f"mention + fuzzy indexes {lazy:.1f} ms")
    print(f"resolve        {_percentiles(big.resolve, RESOLVE_INPUTS, 10)}")
    print(f"find_mentions  {_percentiles(big.find_mentions, MENTION_INPUTS, 10)}")


if __name__ == "__main__":
    main()
