"""Initial schema: companies, profiles, prices, news, run ledger, watermarks, watchlist,
chat threads, feedback.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from app.db.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("ticker", sa.String(24), primary_key=True),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("name_ko", sa.String(200), nullable=False),
        sa.Column("exchange", sa.String(24), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("sector", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "company_profiles",
        sa.Column("ticker", sa.String(24), primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("sector", sa.String(80)),
        sa.Column("industry", sa.String(120)),
        sa.Column("market_cap", sa.Float()),
        sa.Column("currency", sa.String(3)),
        sa.Column("summary", sa.Text()),
        sa.Column("website", sa.String(300)),
        sa.Column("officers", sa.JSON(), nullable=False),
        sa.Column("holders", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("as_of", sa.Date()),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "daily_prices",
        sa.Column("ticker", sa.String(24), primary_key=True),
        sa.Column("date", sa.Date(), primary_key=True),
        sa.Column("open", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("close", sa.Float(), nullable=False),
        sa.Column("adj_close", sa.Float()),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("ingested_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "news_articles",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text()),
        sa.Column("publisher", sa.String(200)),
        sa.Column("published_at", UTCDateTime(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("ingested_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_news_articles_published_at", "news_articles", ["published_at"])
    op.create_table(
        "news_tickers",
        sa.Column(
            "news_key",
            sa.String(64),
            sa.ForeignKey("news_articles.key", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("ticker", sa.String(24), primary_key=True),
    )
    op.create_index("ix_news_tickers_ticker", "news_tickers", ["ticker"])
    op.create_table(
        "collection_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("job", sa.String(40), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("trace_id", sa.String(64)),
    )
    op.create_index("ix_collection_runs_job_started", "collection_runs", ["job", "started_at"])
    op.create_table(
        "watermarks",
        sa.Column("job", sa.String(40), primary_key=True),
        sa.Column("item", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(40), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "watchlist",
        sa.Column("ticker", sa.String(24), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "chat_threads",
        sa.Column("thread_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_chat_threads_user_updated", "chat_threads", ["user_id", "updated_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.Column("trace_id", sa.String(64)),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "feedback",
        "chat_threads",
        "watchlist",
        "watermarks",
        "collection_runs",
        "news_tickers",
        "news_articles",
        "daily_prices",
        "company_profiles",
        "companies",
    ):
        op.drop_table(table)
