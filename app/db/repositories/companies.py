"""Companies known to the directory, and the company profiles collected from sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.db.models import CompanyProfileRow, CompanyRow
from app.db.types import utcnow
from app.records import CompanyProfile, Holder, Officer
from app.symbols.types import Company


def _upsert(session: Session, model: type[CompanyRow] | type[CompanyProfileRow],
            rows: list[dict[str, object]]) -> int:
    if not rows:
        return 0
    ins = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = ins(model)
    updates = {c: stmt.excluded[c] for c in rows[0] if c != "ticker"}
    session.execute(stmt.on_conflict_do_update(index_elements=["ticker"], set_=updates), rows)
    return len(rows)


def upsert_companies(*, session: Session, companies: Iterable[Company], source: str) -> int:
    now = utcnow()
    rows: list[dict[str, object]] = [
        {
            "ticker": c.ticker, "name_en": c.name_en, "name_ko": c.name_ko,
            "exchange": c.exchange, "country": c.country, "currency": c.currency,
            "sector": c.sector, "kind": c.kind, "aliases": list(c.aliases),
            "source": source, "updated_at": now,
        }
        for c in companies
    ]
    return _upsert(session, CompanyRow, rows)


def list_companies(*, session: Session, source: str | None = None) -> list[Company]:
    stmt = select(CompanyRow).order_by(CompanyRow.ticker)
    if source is not None:
        stmt = stmt.where(CompanyRow.source == source)
    return [
        Company(
            ticker=r.ticker, name_en=r.name_en, name_ko=r.name_ko, exchange=r.exchange,
            country=r.country, currency=r.currency, sector=r.sector,  # type: ignore[arg-type]
            kind=r.kind, aliases=tuple(r.aliases),  # type: ignore[arg-type]
        )
        for r in session.scalars(stmt)
    ]


def upsert_profiles(*, session: Session, profiles: Iterable[CompanyProfile]) -> int:
    now = utcnow()
    rows: list[dict[str, object]] = [
        {
            "ticker": p.ticker, "name": p.name, "sector": p.sector, "industry": p.industry,
            "market_cap": p.market_cap, "currency": p.currency, "summary": p.summary,
            "website": p.website,
            "officers": [asdict(o) for o in p.officers],
            "holders": [
                {**asdict(h), "as_of": h.as_of.isoformat() if h.as_of else None}
                for h in p.holders
            ],
            "source": p.source, "as_of": p.as_of, "updated_at": now,
        }
        for p in profiles
    ]
    return _upsert(session, CompanyProfileRow, rows)


def _to_profile(row: CompanyProfileRow) -> CompanyProfile:
    from datetime import date

    return CompanyProfile(
        ticker=row.ticker, name=row.name, sector=row.sector, industry=row.industry,
        market_cap=row.market_cap, currency=row.currency, summary=row.summary,
        website=row.website,
        officers=tuple(Officer(**o) for o in row.officers),
        holders=tuple(
            Holder(
                name=h["name"], percent=h.get("percent"),
                as_of=date.fromisoformat(h["as_of"]) if h.get("as_of") else None,
            )
            for h in row.holders
        ),
        source=row.source, as_of=row.as_of,
    )


def list_profiles(
    *, session: Session, tickers: Sequence[str] | None = None
) -> list[CompanyProfile]:
    stmt = select(CompanyProfileRow).order_by(CompanyProfileRow.ticker)
    if tickers is not None:
        stmt = stmt.where(CompanyProfileRow.ticker.in_(list(tickers)))
    return [_to_profile(r) for r in session.scalars(stmt)]


def get_profile(*, session: Session, ticker: str) -> CompanyProfile | None:
    row = session.get(CompanyProfileRow, ticker)
    return _to_profile(row) if row is not None else None


def profile_summary(*, session: Session) -> dict[str, object]:
    row = session.execute(
        select(func.count(), func.max(CompanyProfileRow.updated_at))
    ).one()
    return {"rows": row[0], "last": row[1]}
