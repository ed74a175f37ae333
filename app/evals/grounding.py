"""The groundedness grader: every figure in an answer must be traced to the question, to
the structured results the answer carries, or to the stores (a direct SQL read).

An answer is fully grounded when every figure is traced and the product's own check
reported no unverified numbers (`Answer.unverified_numbers`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

import pandas as pd
from sqlalchemy import Engine, bindparam, text
from sqlalchemy.exc import SQLAlchemyError

from app.chat_types import Answer, ChatEvent
from app.evals.facts import Facts, derive_bars, pair_gaps, result_facts, tickers_in, walk
from app.evals.numbers import Number, extract_numbers

Source = Literal["question", "results", "store", "derived"]

BARS_SQL = text(
    "SELECT ticker, date, open, high, low, close, adj_close, volume FROM daily_prices "
    "WHERE ticker IN :tickers ORDER BY ticker, date"
).bindparams(bindparam("tickers", expanding=True))
NEWS_SQL = text(
    "SELECT a.title, a.summary, a.published_at FROM news_articles a "
    "JOIN news_tickers t ON t.news_key = a.key WHERE t.ticker IN :tickers"
).bindparams(bindparam("tickers", expanding=True))

FORECAST_SQL = text(
    "SELECT e.value, e.ci_low, e.ci_high, e.n FROM forecast_evaluations e "
    "JOIN forecast_models m ON m.id = e.model_id WHERE e.scope IN :scopes AND m.created_at = "
    "(SELECT max(m2.created_at) FROM forecast_models m2 WHERE m2.horizon = m.horizon)"
).bindparams(bindparam("scopes", expanding=True))


class StoreFacts(Protocol):
    def facts(self, tickers: Sequence[str]) -> Facts: ...


class SqlStoreFacts:
    """Facts read straight from the SQL store (no repository code in between), cached per
    ticker set for the life of one evaluation."""

    def __init__(self, *, engine: Engine) -> None:
        self._engine = engine
        self._cache: dict[tuple[str, ...], Facts] = {}

    def facts(self, tickers: Sequence[str]) -> Facts:
        key = tuple(sorted(set(tickers)))
        if key not in self._cache:
            self._cache[key] = self._read(key)
        return self._cache[key]

    def _read(self, tickers: tuple[str, ...]) -> Facts:
        facts = Facts()
        if not tickers:
            return facts
        with self._engine.connect() as conn:
            bars = pd.DataFrame(conn.execute(BARS_SQL, {"tickers": list(tickers)}).all(),
                                columns=["ticker", "date", "open", "high", "low", "close",
                                         "adj_close", "volume"])
            news = conn.execute(NEWS_SQL, {"tickers": list(tickers)}).all()
        changes = []
        if not bars.empty:
            bars["date"] = [d if isinstance(d, date) else date.fromisoformat(str(d)[:10])
                            for d in bars["date"]]
            for _, frame in bars.groupby("ticker", sort=False):
                derived, change = derive_bars(frame.reset_index(drop=True))
                facts.merge(derived)
                changes.append(change)
        facts.merge(pair_gaps(changes))
        for title, summary, published in news:
            walk([str(title), str(summary or "")], facts)
            facts.add_day(str(published)[:10])
        self._forecast_track_records(tickers, facts)
        return facts

    def _forecast_track_records(self, tickers: tuple[str, ...], facts: Facts) -> None:
        """The stored walk-forward evaluation of the latest model per horizon (pooled and
        per ticker): metric values as written (fractions also as percentages), and counts."""
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(FORECAST_SQL, {"scopes": [*tickers, "pooled"]}).all()
        except SQLAlchemyError:  # a store without the forecast registry
            return
        for value, ci_low, ci_high, n in rows:
            for v in (value, ci_low, ci_high):
                if v is not None:
                    facts.add(v, "level")
                    facts.add(v * 100.0, "percent")
            facts.add(n, "level")


class RelationReader(Protocol):
    """What the grader reads from the graph store (kg.queries.GraphQueries satisfies it)."""

    def relations(self, company: str, *, limit: int = 100) -> Sequence[Any]: ...


class GraphStoreFacts:
    """Facts on the edges around each ticker in the relations graph (dates the relations
    were checked, weights, evidence notes), read through the graph store's queries."""

    def __init__(self, *, graph: RelationReader, limit: int = 300) -> None:
        self._graph = graph
        self._limit = limit
        self._cache: dict[str, Facts] = {}

    def facts(self, tickers: Sequence[str]) -> Facts:
        out = Facts()
        for ticker in tickers:
            if ticker not in self._cache:
                self._cache[ticker] = self._read(ticker)
            out.merge(self._cache[ticker])
        return out

    def _read(self, ticker: str) -> Facts:
        facts = Facts()
        try:
            relations = self._graph.relations(ticker, limit=self._limit)
        except LookupError:  # not in the graph
            return facts
        for relation in relations:
            fact = getattr(relation, "fact", relation)
            walk([getattr(fact, "as_of", None) or "", getattr(fact, "evidence", None) or "",
                  dict(getattr(fact, "props", {}) or {})], facts)
        return facts


class AllStores:
    """Several stores read as one."""

    def __init__(self, *stores: StoreFacts) -> None:
        self._stores = stores

    def facts(self, tickers: Sequence[str]) -> Facts:
        out = Facts()
        for store in self._stores:
            out.merge(store.facts(tickers))
        return out


@dataclass(frozen=True, slots=True)
class TracedNumber:
    text: str
    kind: str
    source: Source | None  # None: not traced anywhere


@dataclass(frozen=True, slots=True)
class GroundingGrade:
    numbers: tuple[TracedNumber, ...]
    unverified: tuple[str, ...] = ()  # what the product's own check flagged

    @property
    def untraced(self) -> list[str]:
        return [n.text for n in self.numbers if n.source is None]

    @property
    def grounded(self) -> bool:
        return not self.untraced and not self.unverified

    def count(self, source: Source) -> int:
        return sum(1 for n in self.numbers if n.source == source)


def grade_answer(
    *, answer: Answer, question: str, events: Sequence[ChatEvent] = (),
    store: StoreFacts | None = None,
) -> GroundingGrade:
    """Trace every figure in `answer.answer` (question first, then results, then store)."""
    tickers = tickers_in(answer)
    asked = Facts()
    for n in extract_numbers(question):
        if n.kind == "date" and n.day:
            asked.add_day(n.day)
        elif n.kind != "month_day":
            asked.add(n.value)
    results = result_facts(answer, events)
    stored = store.facts(tickers) if store is not None else None
    numbers = extract_numbers(answer.answer, mask_tickers=tuple(tickers))
    sources: list[Source | None] = []
    for n in numbers:
        source: Source | None = None
        if asked.has(n):
            source = "question"
        elif results.has(n):
            source = "results"
        elif stored is not None and stored.has(n):
            source = "store"
        sources.append(source)
    _trace_averages(answer.answer, numbers, sources)
    traced = [TracedNumber(text=n.text, kind=n.kind, source=s)
              for n, s in zip(numbers, sources, strict=True)]
    return GroundingGrade(numbers=tuple(traced), unverified=tuple(answer.unverified_numbers))


def _trace_averages(text: str, numbers: list[Number], sources: list[Source | None]) -> None:
    """A signed figure that is the mean of the traced signed figures of its kind listed as
    bullets in the same paragraph ("average -0.27%" under four peers' moves) is derived."""
    block_of, bullet = [], []
    for n in numbers:
        head = text[:n.start]
        block_of.append(head.count("\n\n"))
        line = head[head.rfind("\n") + 1:].lstrip()
        bullet.append(line.startswith(("-", "•", "*")))
    for i, n in enumerate(numbers):
        if sources[i] is not None or n.signed is None:
            continue
        items = [m.signed for j, m in enumerate(numbers)
                 if j != i and bullet[j] and block_of[j] == block_of[i] and m.kind == n.kind
                 and sources[j] is not None and m.signed is not None]
        if len(items) >= 2:
            mean = sum(items) / len(items)
            if n.matches(mean) and (mean >= 0) == (n.signed >= 0):
                sources[i] = "derived"
