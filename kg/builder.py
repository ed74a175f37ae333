"""Turns the symbol directory, company profiles, curated relations and news co-mentions into
nodes and typed, dated, evidenced edges. Every company goes through the directory first, so
"Samsung", "삼성전자" and "005930.KS" end up as one node. All writes are MERGE: running the
builder twice leaves the graph unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import Any, Protocol

from app.records import CompanyProfile
from app.symbols.types import Company, Resolution
from kg.relations import CuratedRelation
from kg.schema import SYMMETRIC_TYPES, NodeLabel, RelType
from kg.store import GraphStore

#: How many article keys a CO_MENTIONED edge keeps as evidence (the most recent ones).
MAX_EVIDENCE_ARTICLES = 50


class CompanyDirectory(Protocol):
    """What the builder and the queries need from app.symbols.SymbolDirectory."""

    def get(self, ticker: str) -> Company | None: ...

    def resolve(self, text: str) -> Resolution: ...

    def companies(self) -> list[Company]: ...


class Mention(Protocol):
    """One article naming several companies (app.db.repositories.NewsMention fits)."""

    @property
    def key(self) -> str: ...

    @property
    def published_at(self) -> datetime: ...

    @property
    def tickers(self) -> Sequence[str]: ...


@dataclass(slots=True)
class BuildCounts:
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, kind: dict[str, int], name: str, n: int) -> None:
        kind[name] = kind.get(name, 0) + n


def _company_row(company: Company) -> dict[str, Any]:
    return {
        "ticker": company.ticker,
        "name_en": company.name_en,
        "name_ko": company.name_ko,
        "exchange": company.exchange,
        "country": company.country,
    }


def _profile_rows(
    ticker: str, profile: CompanyProfile, default_as_of: str
) -> Iterator[tuple[NodeLabel, dict[str, Any], RelType, dict[str, Any]]]:
    """(node label, node row, edge type, edge row) for each fact of one profile."""
    as_of = profile.as_of.isoformat() if profile.as_of else default_as_of
    base = {"source": profile.source, "as_of": as_of}
    if profile.sector:
        yield "Sector", {"name": profile.sector}, "IN_SECTOR", {
            **base, "src": ticker, "dst": profile.sector}
    if profile.industry:
        yield "Industry", {"name": profile.industry, "sector": profile.sector}, "IN_INDUSTRY", {
            **base, "src": ticker, "dst": profile.industry}
    for holder in profile.holders:
        name = holder.name.strip()
        if name:
            held = holder.as_of.isoformat() if holder.as_of else as_of
            yield "Institution", {"name": name}, "HOLDS", {
                **base, "as_of": held, "src": name, "dst": ticker, "percent": holder.percent}
    for officer in profile.officers:
        name = officer.name.strip()
        if name:
            yield "Person", {"name": name}, "OFFICER_OF", {
                **base, "src": name, "dst": ticker, "title": officer.title}


class GraphBuilder:
    """Writes into `store`; `counts` accumulates what each step wrote."""

    def __init__(
        self, *, store: GraphStore, directory: CompanyDirectory, as_of: date | None = None
    ) -> None:
        self.store = store
        self.directory = directory
        self.as_of = (as_of or date.today()).isoformat()
        self.counts = BuildCounts()
        self._known: set[str] = set()

    # --- resolution ----------------------------------------------------------------
    def resolve(self, ticker_or_name: str) -> Company | None:
        company = self.directory.get(ticker_or_name)
        if company is None:
            company = self.directory.resolve(ticker_or_name).company
        return company

    def _ensure_companies(self, companies: Iterable[Company]) -> None:
        rows = [_company_row(c) for c in companies if c.ticker not in self._known]
        if rows:
            self.store.upsert_nodes("Company", rows)
            self._known.update(r["ticker"] for r in rows)
            self.counts.add(self.counts.nodes, "Company", len(rows))

    def _edges(self, rel: RelType, rows: list[dict[str, Any]]) -> int:
        if rows:
            self.store.upsert_edges(rel, rows)
            self.counts.add(self.counts.edges, rel, len(rows))
        return len(rows)

    # --- steps ---------------------------------------------------------------------
    def add_companies(self, companies: Iterable[Company] | None = None) -> int:
        """Company nodes with English and Korean names (default: the whole directory)."""
        items = list(self.directory.companies() if companies is None else companies)
        self._ensure_companies(items)
        return len(items)

    def add_profiles(self, profiles: Iterable[CompanyProfile]) -> int:
        """Sector, industry, holder and officer nodes and edges; returns profiles used."""
        nodes: dict[NodeLabel, dict[str, dict[str, Any]]] = {}
        edges: dict[RelType, list[dict[str, Any]]] = {}
        used = 0
        for profile in profiles:
            company = self.resolve(profile.ticker)
            if company is None:
                self.counts.skipped.append(f"profile {profile.ticker}: not in the directory")
                continue
            self._ensure_companies([company])
            for label, row, rel, edge in _profile_rows(company.ticker, profile, self.as_of):
                nodes.setdefault(label, {})[row["name"]] = row
                edges.setdefault(rel, []).append(edge)
            used += 1
        for label, rows in nodes.items():
            self.store.upsert_nodes(label, list(rows.values()))
            self.counts.add(self.counts.nodes, label, len(rows))
        for rel, edge_rows in edges.items():
            self._edges(rel, edge_rows)
        return used

    def add_relations(
        self, relations: Iterable[CuratedRelation], *, source: str = "curated"
    ) -> int:
        """Curated SUPPLIES / COMPETES_WITH / SUBSIDIARY_OF / PARTNERS_WITH edges."""
        by_type: dict[RelType, list[dict[str, Any]]] = {}
        for rel in relations:
            src, dst = self.resolve(rel.src), self.resolve(rel.dst)
            if src is None or dst is None:
                missing = rel.src if src is None else rel.dst
                self.counts.skipped.append(f"relation {rel.key}: {missing} not in the directory")
                continue
            self._ensure_companies([src, dst])
            a, b = src.ticker, dst.ticker
            if rel.type in SYMMETRIC_TYPES and b < a:
                a, b = b, a
            by_type.setdefault(rel.type, []).append(
                {"src": a, "dst": b, "source": source, "as_of": rel.as_of,
                 "evidence": rel.evidence, "evidence_ko": rel.evidence_ko or None}
            )
        return sum(self._edges(rel_type, rows) for rel_type, rows in by_type.items())

    def add_co_mentions(self, mentions: Iterable[Mention], *, source: str = "news") -> int:
        """CO_MENTIONED edges between every pair of companies one article names. Weights
        count distinct articles; re-reading an article already kept as evidence is a no-op."""
        pairs: dict[tuple[str, str], dict[str, Any]] = {}
        for mention in mentions:
            companies = {c.ticker: c for c in map(self.resolve, mention.tickers) if c}
            self._ensure_companies(companies.values())
            seen = mention.published_at.date().isoformat()
            for a, b in combinations(sorted(companies), 2):
                agg = pairs.setdefault((a, b), {"articles": {}, "first": seen, "last": seen})
                agg["articles"][mention.key] = seen
                agg["first"], agg["last"] = min(agg["first"], seen), max(agg["last"], seen)
        if not pairs:
            return 0
        stored = {(r["src"], r["dst"]): r for r in self.store.co_mentions(list(pairs))}
        rows = [self._merge_pair(p, agg, stored.get(p), source) for p, agg in pairs.items()]
        return self._edges("CO_MENTIONED", [r for r in rows if r is not None])

    def _merge_pair(
        self,
        pair: tuple[str, str],
        agg: dict[str, Any],
        old: dict[str, Any] | None,
        source: str,
    ) -> dict[str, Any] | None:
        old_articles: list[str] = list(old["articles"]) if old else []
        new = {k: d for k, d in agg["articles"].items() if k not in set(old_articles)}
        if old and not new:
            return None
        recent = sorted(new, key=lambda k: (new[k], k))
        articles = (old_articles + recent)[-MAX_EVIDENCE_ARTICLES:]
        first = min(agg["first"], old["first_seen"]) if old else agg["first"]
        last = max(agg["last"], old["last_seen"]) if old else agg["last"]
        return {
            "src": pair[0], "dst": pair[1], "source": source, "as_of": last,
            "weight": int(old["weight"] if old else 0) + len(new),
            "first_seen": first, "last_seen": last, "articles": articles,
        }
