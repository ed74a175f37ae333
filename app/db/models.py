"""SQLAlchemy 2 typed models. Schema changes go through Alembic (app/db/migrations)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class CompanyRow(Base):
    """A listed company known to the symbol directory (seed or refreshed listing)."""

    __tablename__ = "companies"

    ticker: Mapped[str] = mapped_column(String(24), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ko: Mapped[str] = mapped_column(String(200))
    exchange: Mapped[str] = mapped_column(String(24))
    country: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    sector: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(8), default="stock")
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(24), default="seed")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CompanyProfileRow(Base):
    __tablename__ = "company_profiles"

    ticker: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(80))
    industry: Mapped[str | None] = mapped_column(String(120))
    market_cap: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    summary: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    officers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    holders: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(24))
    as_of: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DailyPriceRow(Base):
    __tablename__ = "daily_prices"

    ticker: Mapped[str] = mapped_column(String(24), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    open: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    low: Mapped[float] = mapped_column(Float)
    close: Mapped[float] = mapped_column(Float)
    adj_close: Mapped[float | None] = mapped_column(Float)
    volume: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(24))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # No secondary index on date: every read names its tickers (the primary key serves it),
    # and a second B-tree halved bulk-upsert throughput (bench/bench_ingest.py).


class NewsArticleRow(Base):
    __tablename__ = "news_articles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256(canonical url)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    language: Mapped[str] = mapped_column(String(2))
    source: Mapped[str] = mapped_column(String(24))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_news_articles_published_at", "published_at"),)


class NewsTickerRow(Base):
    __tablename__ = "news_tickers"

    news_key: Mapped[str] = mapped_column(
        String(64), ForeignKey("news_articles.key", ondelete="CASCADE"), primary_key=True
    )
    ticker: Mapped[str] = mapped_column(String(24), primary_key=True)

    __table_args__ = (Index("ix_news_tickers_ticker", "ticker"),)


class CollectionRunRow(Base):
    """The run ledger: one row per collection job run."""

    __tablename__ = "collection_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="running")
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trace_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_collection_runs_job_started", "job", "started_at"),)


class WatermarkRow(Base):
    """Where the last successful collection of one item (usually a ticker) got to."""

    __tablename__ = "watermarks"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    item: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(40))  # ISO date or datetime
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WatchlistRow(Base):
    __tablename__ = "watchlist"

    ticker: Mapped[str] = mapped_column(String(24), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatThreadRow(Base):
    """Titles and owners of chat threads; the conversation itself lives in the checkpointer."""

    __tablename__ = "chat_threads"

    thread_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), default="local")
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_chat_threads_user_updated", "user_id", "updated_at"),)


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str] = mapped_column(String(64))
    trace_id: Mapped[str | None] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(Integer)  # +1 thumbs up, -1 thumbs down
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
